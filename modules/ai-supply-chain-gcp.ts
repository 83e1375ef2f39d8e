import { Construct } from "constructs";
import { AuditTrail } from "../constructs/gcp/audit-trail";
import { Budget } from "../constructs/gcp/budget";
import { ImmutableLogBucket } from "../constructs/gcp/immutable-log-bucket";
import { KeyRing } from "../constructs/gcp/key-ring";
import { KmsKey } from "../constructs/gcp/kms-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { resourceName } from "../constructs/shared/naming";
import { EnvironmentInputs } from "./environment-inputs";

export interface AiSupplyChainGcpProps extends EnvironmentInputs {
  readonly projectId: string;
  readonly region: string;
  /** Billing account the budget watches; required with a budget. */
  readonly billingAccountId?: string;
  /** Labels the budget filters on (the provider's default labels). */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The AI supply chain of one GCP environment: the key ring with one HSM key per purpose, the
 * write-once audit-log bucket, the audit-log sink and data-access audit logs, and the budget.
 */
export class AiSupplyChainGcp extends Construct {
  public readonly keyRing: KeyRing;
  public readonly keys: Readonly<Record<EnvironmentKeyPurpose, KmsKey>>;
  public readonly logBucket: ImmutableLogBucket;

  constructor(scope: Construct, id: string, props: AiSupplyChainGcpProps) {
    super(scope, id);
    this.keyRing = new KeyRing(this, "key-ring", {
      name: `${props.organization}-${props.environment}`,
      projectId: props.projectId,
      location: props.region,
      preventDestroy: props.protection.preventDestroy,
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
    this.keys = Object.fromEntries(ENVIRONMENT_KEY_PURPOSES.map((p) => [p, make(p)])) as Record<EnvironmentKeyPurpose, KmsKey>;

    this.logBucket = new ImmutableLogBucket(this, "log-bucket", {
      bucketName: `${props.organization}-logs-${props.projectId}`,
      projectId: props.projectId,
      location: props.region,
      kmsKey: this.keys.logs,
      retentionTier: props.logs.retentionTier,
      lockRetentionPolicy: props.logs.lockRetention,
      preventDestroy: props.protection.preventDestroy,
    });
    new AuditTrail(this, "audit-trail", {
      sinkName: resourceName(props.organization, props.environment, "audit"),
      projectId: props.projectId,
      logBucket: this.logBucket,
    });
    if (props.budget) {
      if (!props.billingAccountId) {
        throw new Error("a GCP budget needs clouds.gcp.billingAccountId");
      }
      new Budget(this, "budget", {
        name: resourceName(props.organization, props.environment, "monthly"),
        billingAccountId: props.billingAccountId,
        projectId: props.projectId,
        monthlyLimitUsd: props.budget.monthlyLimitUsd,
        recipients: props.budget.recipients,
        alerts: props.budget.alerts,
        labels: props.labels,
      });
    }
  }
}
