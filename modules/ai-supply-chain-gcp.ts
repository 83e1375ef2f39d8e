import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { Construct } from "constructs";
import { AuditTrail } from "../constructs/gcp/audit-trail";
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
import { gcpRegistryBucketName, gcpRegistryUsageLogBucketName } from "../constructs/shared/naming";
import { PropValidator } from "../constructs/shared/validation-error";
import { EnvironmentInputs, ModuleOutput } from "./environment-inputs";
import { ModelRegistrySpec } from "../constructs/shared/model-registry-spec";

export interface AiSupplyChainGcpProps extends EnvironmentInputs {
  /**
   * The environment's model registries (`clouds.gcp.environments.<env>.registries`), principals
   * in this cloud's form. @default [] (no registry)
   */
  readonly registries?: readonly ModelRegistrySpec[];
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
 */
export function gcpEnvironmentApis(withBudget: boolean): GcpApi[] {
  return [
    "cloudkms.googleapis.com",
    "storage.googleapis.com",
    "logging.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "artifactregistry.googleapis.com",
    "containerscanning.googleapis.com",
    ...(withBudget ? (["monitoring.googleapis.com", "billingbudgets.googleapis.com"] as const) : []),
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
    new ProjectServices(this, "apis", { projectId: props.projectId, services: gcpEnvironmentApis(props.budget !== undefined) });
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
}
