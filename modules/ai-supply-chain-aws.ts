import { Construct } from "constructs";
import { AuditTrail } from "../constructs/aws/audit-trail";
import { Budget } from "../constructs/aws/budget";
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
}

/**
 * The AI supply chain of one AWS environment: one customer-managed key per purpose, the
 * write-once audit-log bucket, a multi-region CloudTrail into it, and the environment's budget.
 */
export class AiSupplyChainAws extends Construct {
  public readonly keys: Readonly<Record<EnvironmentKeyPurpose, KmsKey>>;
  public readonly logBucket: ImmutableLogBucket;
  public readonly trail: AuditTrail;

  constructor(scope: Construct, id: string, props: AiSupplyChainAwsProps) {
    super(scope, id);
    const keys = new Construct(this, "keys");
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
      });
    this.keys = Object.fromEntries(ENVIRONMENT_KEY_PURPOSES.map((p) => [p, make(p)])) as Record<EnvironmentKeyPurpose, KmsKey>;

    this.logBucket = new ImmutableLogBucket(this, "log-bucket", {
      bucketName: `${resourceName(props.organization, props.environment, "logs")}-${props.accountId}`,
      kmsKey: this.keys.logs,
      retentionTier: props.logs.retentionTier,
      objectLockMode: props.logs.objectLockMode,
      preventDestroy: props.protection.preventDestroy,
    });
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
