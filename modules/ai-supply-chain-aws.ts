import { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { AuditTrail } from "../constructs/aws/audit-trail";
import { Budget } from "../constructs/aws/budget";
import { EvidenceGuard } from "../constructs/aws/evidence-guard";
import { ImmutableLogBucket } from "../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../constructs/aws/kms-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { resourceName } from "../constructs/shared/naming";
import { EnvironmentInputs } from "./environment-inputs";

export interface AiSupplyChainAwsProps extends EnvironmentInputs {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** IAM role that administers the environment's keys. */
  readonly adminRoleArn: string;
  /** Buckets in this account whose object reads and writes the trail records (e.g. Terraform state). */
  readonly dataEventBucketArns?: readonly string[];
  /**
   * Guard the evidence (logs key and log bucket) against deletion, disabling, re-policying and
   * unlocking: what `strict` promises. Standard environments leave it off, so they stay
   * destroyable.
   * @default - no guard
   */
  readonly evidenceGuard?: EvidenceGuard;
}

/**
 * The AI supply chain of one AWS environment: one customer-managed key per purpose, the
 * write-once audit-log bucket, its server access logs in a bucket of their own, a multi-region
 * CloudTrail into the log bucket, and the environment's budget.
 */
export class AiSupplyChainAws extends Construct {
  public readonly keys: Readonly<Record<EnvironmentKeyPurpose, KmsKey>>;
  public readonly logBucket: ImmutableLogBucket;
  public readonly accessLogBucket: AccessLogBucket;
  public readonly trail: AuditTrail;

  constructor(scope: Construct, id: string, props: AiSupplyChainAwsProps) {
    super(scope, id);
    const keys = new Construct(this, "keys");
    const guard = props.evidenceGuard;
    const make = (purpose: EnvironmentKeyPurpose): KmsKey =>
      new KmsKey(keys, purpose, {
        purpose,
        aliasName: resourceName(props.organization, props.environment, purpose),
        accountId: props.accountId,
        partition: props.partition,
        adminRoleArn: props.adminRoleArn,
        rotationPeriodDays: props.keyRotationDays,
        deletionWindowDays: props.protection.keyDeletionWindowDays,
        preventDestroy: props.protection.preventDestroy,
        // Only the key that protects evidence is frozen; the others stay manageable.
        ...(guard && purpose === "logs" ? { evidenceGuard: guard } : {}),
      });
    this.keys = Object.fromEntries(ENVIRONMENT_KEY_PURPOSES.map((p) => [p, make(p)])) as Record<EnvironmentKeyPurpose, KmsKey>;

    this.logBucket = new ImmutableLogBucket(this, "log-bucket", {
      bucketName: `${resourceName(props.organization, props.environment, "logs")}-${props.accountId}`,
      kmsKey: this.keys.logs,
      retentionTier: props.logs.retentionTier,
      objectLockMode: props.logs.objectLockMode,
      preventDestroy: props.protection.preventDestroy,
      ...(guard ? { evidenceGuard: guard } : {}),
    });
    this.accessLogBucket = new AccessLogBucket(this, "access-log-bucket", {
      bucketName: `${resourceName(props.organization, props.environment, "access-logs")}-${props.accountId}`,
      accountId: props.accountId,
      retentionTier: props.logs.retentionTier,
      preventDestroy: props.protection.preventDestroy,
    });
    this.accessLogBucket.logsFrom("log-bucket", this.logBucket);
    this.trail = new AuditTrail(this, "audit-trail", {
      trailName: resourceName(props.organization, props.environment, "audit"),
      accountId: props.accountId,
      partition: props.partition,
      region: props.region,
      logBucket: this.logBucket,
      dataEventBucketArns: props.dataEventBucketArns ?? [],
    });
    if (props.budget) {
      new Budget(this, "budget", {
        name: resourceName(props.organization, props.environment, "monthly"),
        monthlyLimitUsd: props.budget.monthlyLimitUsd,
        recipients: props.budget.recipients,
        alerts: props.budget.alerts,
        costFilterTags: { environment: props.environment },
      });
    }
  }
}
