import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { gatePackageFor, GateArtifact } from "../functions/bundle/gate-package";
import { DEFAULT_GATE_SETTINGS, GateSettings } from "../functions/promotion-gate/gate/policy";
import { gateEnvironmentVariables, gatePolicyUri, gateVerifierId } from "../functions/promotion-gate/handlers/gate-environment";
import { GCP_GATE_ENTRY_POINT, GCP_GATE_ENV } from "../functions/promotion-gate/handlers/gcp/environment";
import { PROVENANCE_PREFIX } from "../functions/promotion-gate/record/record-key";
import { GCP_GATE_PACKAGE } from "../functions/promotion-gate/handlers/gcp/package";
import { grantPrefixCreateAndReadOn } from "../constructs/gcp/immutable-log-bucket";
import { grantFunctionAgentsKeyAccess, grantStorageAgentEventPublishing } from "../constructs/gcp/function-service-agents";
import { LockedDownFunction } from "../constructs/gcp/locked-down-function";
import { ObjectRetentionRole } from "../constructs/gcp/object-retention-role";
import { PropagationDelay } from "../constructs/shared/propagation-delay";
import { AuditTrail } from "../constructs/gcp/audit-trail";
import { AuditLogAlerts } from "../constructs/gcp/audit-log-alerts";
import { FunctionAlerts } from "../constructs/gcp/function-alerts";
import { NotificationChannels } from "../constructs/gcp/notification-channels";
import { grantStorageAgentKeyAccess } from "../constructs/gcp/bucket-baseline";
import { Budget } from "../constructs/gcp/budget";
import { ContainerRegistry } from "../constructs/gcp/container-registry";
import { ImmutableLogBucket } from "../constructs/gcp/immutable-log-bucket";
import { KeyRing } from "../constructs/gcp/key-ring";
import { KmsKey } from "../constructs/gcp/kms-key";
import { ModelRegistry } from "../constructs/gcp/model-registry";
import { GcpApi, ProjectServices } from "../constructs/gcp/project-services";
import { UsageLogBucket } from "../constructs/gcp/usage-log-bucket";
import { SigningKey } from "../constructs/gcp/signing-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { gcpBudgetName, gcpImageRepositoryName, gcpKeyRingName, gcpLogBucketName, gcpSinkName } from "../constructs/shared/naming";
import { gcpRegistryBucketName, gcpRegistryUsageLogBucketName, resourceName } from "../constructs/shared/naming";
import { GCP_GATE_RETENTION_ROLE_ID, gcpGateAccountIdPrefix, gcpGateFunctionName, gcpGateSourceBucketName } from "../constructs/shared/naming";
import { PropValidator } from "../constructs/shared/validation-error";
import { EnvironmentInputs, ModuleOutput } from "./environment-inputs";
import { ModelRegistrySpec } from "../constructs/shared/model-registry-spec";

/** A registry as config gives it: the spec and what its promotion gate checks. */
export interface GcpRegistrySpec extends ModelRegistrySpec {
  /** The registry's `gate` settings. @default DEFAULT_GATE_SETTINGS */
  readonly gate?: GateSettings;
}

export interface AiSupplyChainGcpProps extends EnvironmentInputs {
  /**
   * The environment's model registries (`clouds.gcp.environments.<env>.registries`), principals
   * in this cloud's form. @default [] (no registry)
   */
  readonly registries?: readonly GcpRegistrySpec[];
  /**
   * The promotion gate's package (GCP_GATE_PACKAGE built by `buildGatePackage`).
   * @default - built at synth (cached under node_modules/.cache/promotion-gate/)
   */
  readonly gatePackage?: GateArtifact;
  /** The environment's own project (`clouds.gcp.environments.<env>.projectId`): every resource of the stack lives there. */
  readonly projectId: string;
  /** Region of the key ring, the keys and the log bucket (`clouds.gcp.environments.<env>.region`). */
  readonly region: string;
  /**
   * Billing account the budget watches (`clouds.gcp.billingAccountId`); required with a budget.
   * @default - none: a `budget` without it is refused (GCP_BUDGET_BILLING_ACCOUNT_MISSING)
   */
  readonly billingAccountId?: string;
  /** Labels the budget filters on (the provider's default labels, `toGcpLabels` of the standard tags). */
  readonly labels: Readonly<Record<string, string>>;
  /** Members granted `roles/cloudkms.admin` on the environment's key ring (no key use), `clouds.gcp.keyAdminMembers`. */
  readonly keyAdminMembers: readonly string[];
  /**
   * The stack also bootstraps an existing GKE cluster of this project into GitOps
   * (stacks/gitops.ts): the Kubernetes Engine API is enabled with the others.
   * @default false
   */
  readonly gitopsCluster?: boolean;
  /**
   * The CI plan service account of a CI environment (README, "Release automation"), as an IAM
   * member: it may read the gates' code zips, which every plan refreshes. @default none
   */
  readonly ciPlanMember?: string;
  /**
   * The dedicated evidence project (`clouds.gcp.evidence`): the logs key and the write-once log
   * bucket live there, in the evidence-gcp stack, and the sink delivers into that bucket.
   * @default - none: the environment has its own logs key and log bucket
   */
  readonly evidence?: {
    /** The evidence project's id (`clouds.gcp.evidence.projectId`). */
    readonly projectId: string;
  };
}

/** The environment's keys; `logs` only where the environment keeps its own log bucket. */
export type GcpEnvironmentKeys = Readonly<Record<Exclude<EnvironmentKeyPurpose, "logs">, KmsKey>> & { readonly logs?: KmsKey };

/**
 * APIs an environment stack calls; billingbudgets only with a budget. Artifact Registry holds the
 * model-serving images; Container Scanning scans each push (without it, INHERITED scanning is off).
 * Monitoring holds the alert policies and notification channels (and the budget's channels).
 */
export function gcpEnvironmentApis(withBudget: boolean, withGate = false, withGitops = false, withMonitoring = false): GcpApi[] {
  return [
    "cloudkms.googleapis.com",
    "storage.googleapis.com",
    "logging.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "artifactregistry.googleapis.com",
    "containerscanning.googleapis.com",
    // The promotion gate: a Cloud Function (built by Cloud Build, run on Cloud Run, triggered
    // through Eventarc over Pub/Sub) with its own service accounts.
    ...(withGate ? (["iam.googleapis.com", "cloudfunctions.googleapis.com", "cloudbuild.googleapis.com", "run.googleapis.com", "eventarc.googleapis.com", "pubsub.googleapis.com"] as const) : []),
    ...(withBudget || withMonitoring ? (["monitoring.googleapis.com"] as const) : []),
    ...(withBudget ? (["billingbudgets.googleapis.com"] as const) : []),
    // The GitOps bootstrap looks its GKE cluster up (container.googleapis.com/v1 projects.locations.clusters.get).
    ...(withGitops ? (["container.googleapis.com"] as const) : []),
  ];
}

/**
 * The AI supply chain of one GCP environment: the APIs it calls, the key ring (administered by
 * `keyAdminMembers`) with one HSM key per purpose, the write-once audit-log bucket, the
 * audit-log sink and data-access audit logs, and the budget. One project per environment: the
 * audit configs are authoritative per service and project. With `evidence`, the logs key and
 * the log bucket are the evidence stack's, and the sink delivers into the evidence project.
 */
export class AiSupplyChainGcp extends Construct {
  /** Outputs the stack emits for this environment (registries, signing key, image registry). */
  public readonly outputs: ModuleOutput[] = [];
  /** The environment's key ring. */
  public readonly keyRing: KeyRing;
  /** One key per purpose; `logs` only where the environment keeps its own log bucket. */
  public readonly keys: GcpEnvironmentKeys;
  /** The environment's own log bucket; none with `evidence`. */
  public readonly logBucket?: ImmutableLogBucket;
  /** The sink that routes the project's audit logs into the log bucket. */
  public readonly trail: AuditTrail;
  /** One ModelRegistry per configured registry, in config order. */
  public readonly registries!: readonly ModelRegistry[];
  /** Where the registries' usage logs go; none without registries. */
  public readonly registryUsageLogs?: UsageLogBucket;
  /** The environment's model-signing key (the registries' publishers sign); none without registries. */
  public readonly signingKey?: SigningKey;
  /** The Artifact Registry repository for model-serving images; none without registries. */
  public readonly containerRegistry?: ContainerRegistry;
  /** One promotion gate per registry, in config order; none without registries. */
  public readonly gates: readonly LockedDownFunction[] = [];
  /** The gates' attestation key (decision records); none without registries. */
  public readonly attestationKey?: SigningKey;
  /** Where the environment's alerts go (monitoring.emails, monitoring.webhookUrl). */
  public readonly notificationChannels!: NotificationChannels;
  /** Alerts on key, sink, audit-config, ownership, custom-role and bucket changes. */
  public readonly auditLogAlerts!: AuditLogAlerts;
  /** Error, latency and rejection alerts of each gate, in config order; none without registries. */
  public readonly gateAlerts: readonly FunctionAlerts[] = [];

  constructor(scope: Construct, id: string, props: AiSupplyChainGcpProps) {
    // Config's cross-checks refuse this first; the module keeps the rule for callers that skip config.
    new PropValidator(scope, id)
      .require(
        props.budget === undefined || Boolean(props.billingAccountId),
        "GCP_BUDGET_BILLING_ACCOUNT_MISSING",
        "billingAccountId",
        props.billingAccountId,
        "a billing account id (clouds.gcp.billingAccountId) whenever the environment has a budget",
      )
      .throwIfInvalid();
    super(scope, id);
    // A fresh project needs its APIs on before anything else; every google resource below
    // depends on the API it calls (ProjectServices adds the edges).
    new ProjectServices(this, "apis", { projectId: props.projectId, services: gcpEnvironmentApis(props.budget !== undefined, (props.registries ?? []).length > 0, props.gitopsCluster === true, true) });
    this.keyRing = new KeyRing(this, "key-ring", {
      name: gcpKeyRingName(props.organization, props.environment),
      projectId: props.projectId,
      location: props.region,
      preventDestroy: props.protection.preventDestroy,
      // Environments without destroy protection are torn down and rebuilt: GCP keeps a
      // destroyed ring's name forever, so theirs carries its creation time.
      rebuildable: props.protection.rebuildableKeyRings,
      adminMembers: props.keyAdminMembers,
    });
    const keys = new Construct(this, "keys");
    const make = (purpose: EnvironmentKeyPurpose): KmsKey =>
      new KmsKey(keys, purpose, {
        purpose,
        keyRing: this.keyRing,
        rotationPeriodDays: props.keyRotationDays,
        deletionWindowDays: props.protection.keyDeletionWindowDays,
        preventDestroy: props.protection.preventDestroy,
      });
    // With an evidence project the logs key is the evidence stack's: the environment's own
    // administrators hold no key that encrypts its evidence.
    const purposes = ENVIRONMENT_KEY_PURPOSES.filter((p) => props.evidence === undefined || p !== "logs");
    this.keys = Object.fromEntries(purposes.map((p) => [p, make(p)])) as unknown as GcpEnvironmentKeys;

    const sinkName = gcpSinkName(props.organization, props.environment);
    if (props.evidence) {
      this.trail = new AuditTrail(this, "audit-trail", {
        sinkName,
        projectId: props.projectId,
        evidenceBucket: { bucketName: gcpLogBucketName(props.organization, props.environment, props.evidence.projectId), projectId: props.evidence.projectId },
      });
    } else {
      this.logBucket = new ImmutableLogBucket(this, "log-bucket", {
        bucketName: gcpLogBucketName(props.organization, props.environment, props.projectId),
        projectId: props.projectId,
        location: props.region,
        kmsKey: this.keys.logs!,
        retentionTier: props.logs.retentionTier,
        lockRetention: props.logs.lockRetention,
        preventDestroy: props.protection.preventDestroy,
      });
      this.trail = new AuditTrail(this, "audit-trail", { sinkName, projectId: props.projectId, logBucket: this.logBucket });
    }
    this.addRegistries(props);
    this.addSigningKeyAndImages(props);
    this.addGates(props);
    this.addMonitoring(props);
    if (props.budget) {
      new Budget(this, "budget", {
        name: gcpBudgetName(props.organization, props.environment),
        billingAccountId: props.billingAccountId!,
        projectId: props.projectId,
        monthlyLimitUsd: props.budget.monthlyLimitUsd,
        recipients: props.budget.recipients,
        alerts: props.budget.alerts,
        labels: props.labels,
      });
    }
  }

  /**
   * One ModelRegistry per configured registry: its bucket under the registry key, usage logs,
   * the publishers' and readers' prefix-conditioned bindings, and the registry's outputs.
   */
  private addRegistries(props: AiSupplyChainGcpProps): void {
    const specs = props.registries ?? [];
    const registries: ModelRegistry[] = [];
    // Assigned once, here: the constructor calls this method exactly once.
    (this as { registries: readonly ModelRegistry[] }).registries = registries;
    if (specs.length === 0) return;
    // Usage logs record every request on a registry (who uploaded, who read a model) in this
    // project, beside the data-access audit logs the AuditTrail turns on for Cloud Storage. The
    // logs key where the environment has one; with an evidence project the environment holds
    // no logs key, and the registry key (used by service agents only, never by people) serves.
    const usageLogs = new UsageLogBucket(this, "registry-usage-logs", {
      bucketName: gcpRegistryUsageLogBucketName(props.organization, props.environment, props.projectId),
      projectId: props.projectId,
      location: props.region,
      kmsKey: this.keys.logs ?? this.keys.registry,
      retentionTier: props.logs.retentionTier,
      lockRetention: props.logs.lockRetention,
      preventDestroy: props.protection.preventDestroy,
    });
    (this as { registryUsageLogs?: UsageLogBucket }).registryUsageLogs = usageLogs;
    const scope = new Construct(this, "registries");
    // One key grant for every registry, owned by the group: created inside the first registry,
    // it would move (and be replaced) whenever that registry left the config.
    grantStorageAgentKeyAccess(scope, props.projectId, this.keys.registry);
    for (const spec of specs) {
      // The registry stays in the environment's project with or without an evidence project:
      // models are workload data, not evidence.
      const registry = new ModelRegistry(scope, spec.name, {
        spec,
        bucketName: gcpRegistryBucketName(props.organization, props.environment, spec.name, props.projectId),
        projectId: props.projectId,
        location: props.region,
        kmsKey: this.keys.registry,
        usageLogs,
        // A month of undo where destroys are refused; short-lived environments keep the 7-day minimum.
        softDeleteRetentionDays: props.protection.preventDestroy ? 30 : 7,
        preventDestroy: props.protection.preventDestroy,
      });
      spec.publishers.forEach((member) => registry.grantPublish(member));
      spec.readers.forEach((member) => registry.grantRead(member));
      registries.push(registry);
      this.outputs.push(
        { id: `registry-${spec.name}-bucket`, value: registry.bucketName, description: `Cloud Storage bucket of the ${spec.name} model registry: publishers upload under incoming/<model>/<version>/` },
        { id: `registry-${spec.name}-uri`, value: registry.approvedUri, description: `Approved models of the ${spec.name} registry (gs:// URI): readers and MLflow read here; only the promotion gate writes` },
      );
    }
  }

  /**
   * The environment's model-signing key (publishers sign, the gate verifies) and the Artifact
   * Registry repository for model-serving images.
   */
  private addSigningKeyAndImages(props: AiSupplyChainGcpProps): void {
    const registries = props.registries ?? [];
    // Without registries nobody could sign or push: no key to bill, no repository to guard.
    if (registries.length === 0) return;
    const union = (pick: (r: ModelRegistrySpec) => readonly string[]): string[] => [...new Set(registries.flatMap(pick))];
    const publishers = union((r) => r.publishers);
    const signingKey = new SigningKey(this, "signing-key", {
      keyRing: this.keyRing,
      publisherMembers: publishers,
      deletionWindowDays: props.protection.keyDeletionWindowDays,
      preventDestroy: props.protection.preventDestroy,
    });
    const containerRegistry = new ContainerRegistry(this, "container-registry", {
      repositoryId: gcpImageRepositoryName(props.organization, props.environment),
      projectId: props.projectId,
      location: props.region,
      kmsKey: this.keys.registry,
      readerMembers: union((r) => r.readers),
      publisherMembers: publishers,
      preventDestroy: props.protection.preventDestroy,
    });
    // Who pulled or pushed which image: Artifact Registry's data-access logs are off by default
    // (cloud.google.com/artifact-registry/docs/audit-logging); the sink routes them to the
    // write-once bucket. Authoritative per service and project, so the module, which owns the
    // project, sets it once.
    new ProjectIamAuditConfig(this, "images-data-access", {
      project: props.projectId,
      service: "artifactregistry.googleapis.com",
      auditLogConfig: [{ logType: "ADMIN_READ" }, { logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
    });
    // Assigned once, here: the constructor calls this method exactly once.
    (this as { signingKey: SigningKey }).signingKey = signingKey;
    (this as { containerRegistry: ContainerRegistry }).containerRegistry = containerRegistry;
    this.outputs.push(
      { id: "signing-key", value: signingKey.keyId, description: "Cloud KMS key (ASYMMETRIC_SIGN, EC_SIGN_P256_SHA256) publishers sign model bundles with" },
      {
        id: "signing-public-key",
        value: signingKey.publicKeyPem,
        description: "PEM public key of the signing key's version 1: verifiers check model.sig against it; its sha256 is the bundle's publicKey.hint",
      },
      { id: "image-registry", value: containerRegistry.registryUrl, description: "Artifact Registry Docker repository for model-serving images (<region>-docker.pkg.dev/<project>/<repository>)" },
    );
  }

  /**
   * One promotion gate per registry (LockedDownFunction, its own identities), each granted
   * exactly: read `incoming/`, create and lock under `approved/`, list its registry bucket
   * (ModelRegistry.grantGate), create and read decision records under the log bucket's
   * `provenance/`, and sign with the environment's attestation key (signer and public-key
   * viewer on that key, whose version 1 it names). Nothing on the model-signing key: the gate
   * verifies against the public key in its environment (GATE_SIGNING_PUBLIC_KEY), outside
   * Cloud KMS. The attestation key's public key is for the registries' readers, who verify
   * decision records.
   */
  private addGates(props: AiSupplyChainGcpProps): void {
    const specs = props.registries ?? [];
    if (specs.length === 0) return;
    const artifact = props.gatePackage ?? gatePackageFor(this.node.root, GCP_GATE_PACKAGE);
    const scope = new Construct(this, "gates");
    // Shared by every gate and owned by the group: created inside the first gate, they would
    // move (and be replaced) whenever that registry left the config.
    grantFunctionAgentsKeyAccess(scope, props.projectId, this.keys.functions);
    grantStorageAgentEventPublishing(scope, props.projectId);
    const retentionRole = new ObjectRetentionRole(scope, "retention-role", { projectId: props.projectId, roleId: GCP_GATE_RETENTION_ROLE_ID });
    // Known once the attestation key below exists (it needs the gates' identities first).
    const attestation: { version?: string } = {};
    const logBucket = this.logBucket?.bucketName;
    const gates: LockedDownFunction[] = [];
    specs.forEach((spec, i) => {
      const registry = this.registries[i]!;
      const environment = {
        ...gateEnvironmentVariables({
          registry: spec.name,
          lineageTags: spec.lineageTags,
          gate: spec.gate ?? DEFAULT_GATE_SETTINGS,
          signingPublicKeyPem: this.signingKey!.publicKeyPem,
          verifierId: gateVerifierId("gcp", props.organization, props.environment, spec.name),
          packageSha256: artifact.sha256,
          policyUri: gatePolicyUri("gcp", props.organization, props.environment, spec.name),
          approvedRetentionDays: spec.approvedRetentionDays,
        }),
        [GCP_GATE_ENV.registryBucket]: registry.bucketName,
        [GCP_GATE_ENV.logBucket]: logBucket ?? gcpLogBucketName(props.organization, props.environment, props.evidence!.projectId),
        [GCP_GATE_ENV.attestationKeyVersion]: Lazy.stringValue({ produce: () => attestation.version }),
      };
      const gate = new LockedDownFunction(scope, spec.name, {
        name: gcpGateFunctionName(props.organization, props.environment, spec.name),
        projectId: props.projectId,
        location: props.region,
        accountIdPrefix: gcpGateAccountIdPrefix(props.organization, props.environment, spec.name),
        sourceBucketName: gcpGateSourceBucketName(props.organization, props.environment, spec.name, props.projectId),
        kmsKey: this.keys.functions,
        usageLogs: this.registryUsageLogs!,
        code: artifact,
        entryPoint: GCP_GATE_ENTRY_POINT,
        trigger: { bucketName: registry.bucketName },
        environment,
        maxInstances: props.protection.functionConcurrency,
        preventDestroy: props.protection.preventDestroy,
        ...(props.ciPlanMember ? { sourceReaderMembers: [props.ciPlanMember] } : {}),
      });
      const grants = [...registry.grantGate(gate.member, retentionRole)];
      // Records of this registry only: `provenance/<registry>/` (functions/promotion-gate/record/record-key.ts).
      // With an evidence project the log bucket is the evidence project's and this stack's deployer
      // holds no IAM on it: evidence-gates-gcp grants the same prefix there, once this stack has
      // created the gate's account (modules/evidence-gates-gcp.ts).
      if (logBucket !== undefined) grants.push(...grantPrefixCreateAndReadOn(logBucket, gate.member, `${PROVENANCE_PREFIX}${spec.name}/`, gate, "GateRecords"));
      const wait = new PropagationDelay(gate, "GrantPropagation", {
        kind: "gcp-iam",
        grants,
        reason: "the gate's grants on its registry bucket and the log bucket, before its first event",
      });
      gate.addDependency(wait.resource);
      gates.push(gate);
    });
    const union = (pick: (r: ModelRegistrySpec) => readonly string[]): string[] => [...new Set(specs.flatMap(pick))];
    const attestationKey = new SigningKey(this, "gate-attestation-key", {
      keyRing: this.keyRing,
      name: "gate-attestation",
      publisherMembers: gates.map((g) => g.member),
      // The gates' members are references to the accounts this stack creates: name them stably.
      memberIds: new Map(gates.map((g, i) => [g.member, `gate:${specs[i]!.name}`])),
      verifierMembers: union((r) => r.readers),
      deletionWindowDays: props.protection.keyDeletionWindowDays,
      preventDestroy: props.protection.preventDestroy,
    });
    attestation.version = attestationKey.firstVersionName;
    gates.forEach((g) => g.addDependency(attestationKey.ready));
    (this as { gates: readonly LockedDownFunction[] }).gates = gates;
    (this as { attestationKey: SigningKey }).attestationKey = attestationKey;
    this.outputs.push({
      id: "gate-attestation-public-key",
      value: attestationKey.publicKeyPem,
      description: "PEM public key of the gate attestation key's version 1: decision records under provenance/ verify against it",
    });
    gates.forEach((g, i) => this.outputs.push({ id: `gate-${specs[i]!.name}-function`, value: g.functionName, description: `Cloud Function running the promotion gate of the ${specs[i]!.name} registry` }));
  }
  /**
   * The environment's alerting, under one `monitoring` scope: the notification channels, the
   * audit-log alerts on this project, and each gate's error, latency and rejection alerts. With
   * no email and no webhook configured the alerts are still created, with no channels: Cloud
   * Monitoring opens incidents in the console, and adding a recipient later needs no other change.
   */
  private addMonitoring(props: AiSupplyChainGcpProps): void {
    const scope = new Construct(this, "monitoring");
    const channels = new NotificationChannels(scope, "channels", {
      projectId: props.projectId,
      namePrefix: resourceName(props.organization, props.environment, "alerts"),
      emails: props.monitoring.emails,
      webhookUrl: props.monitoring.webhookUrl,
    });
    (this as { notificationChannels: NotificationChannels }).notificationChannels = channels;
    // Buckets whose Admin Activity entries this project's log holds: the log bucket when the
    // environment keeps its own (with an evidence project, that project's log records changes to
    // it) and every registry bucket.
    const bucketNames = [...(this.logBucket ? [this.logBucket.bucketName] : []), ...this.registries.map((r) => r.bucketName)];
    (this as { auditLogAlerts: AuditLogAlerts }).auditLogAlerts = new AuditLogAlerts(scope, "audit", {
      projectId: props.projectId,
      namePrefix: resourceName(props.organization, props.environment, "audit"),
      notificationChannels: channels.channelNames,
      bucketNames,
    });
    const specs = props.registries ?? [];
    (this as { gateAlerts: readonly FunctionAlerts[] }).gateAlerts = this.gates.map(
      (gate, i) =>
        new FunctionAlerts(scope, `gate-${specs[i]!.name}`, {
          projectId: props.projectId,
          namePrefix: resourceName(props.organization, props.environment, `gate-${specs[i]!.name}`),
          function: gate,
          notificationChannels: channels.channelNames,
          rejectionsPerHour: props.monitoring.gateRejectionsPerHour,
        }),
    );
  }
}
