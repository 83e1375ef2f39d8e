import { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { KmsKey } from "../constructs/aws/kms-key";
import { StateBucket } from "../constructs/aws/state-bucket";
import { awsStateBucketName } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../constructs/shared/retention-tier";

export interface StateBackendAwsProps {
  readonly organization: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly adminRoleArn: string;
  readonly keyRotationDays: number;
}

/**
 * Server access logs of the state bucket: who read or replaced state, including refused
 * requests. A year, like the audit preset: CloudTrail data events in the state account keep the
 * long record.
 */
export const STATE_ACCESS_LOG_TIER = RETENTION_TIER_PRESETS["audit-1y"];

/** Bucket receiving the state bucket's server access logs (same account and region, as S3 requires). */
export function awsStateAccessLogBucketName(organization: string, accountId: string, region: string): string {
  return `${organization}-tfstate-access-${accountId}-${region}`;
}

/** Alias of the state key; the s3 backend of every AWS stack names it. */
export function awsStateKeyAlias(organization: string): string {
  return `${organization}-tfstate`;
}

/**
 * The remote-state bucket of every AWS stack, its key and the bucket of its server access logs.
 * Always `strict`: losing state means losing track of every resource the blueprint created.
 */
export class StateBackendAws extends Construct {
  public readonly key: KmsKey;
  public readonly bucket: StateBucket;
  public readonly accessLogBucket: AccessLogBucket;

  constructor(scope: Construct, id: string, props: StateBackendAwsProps) {
    super(scope, id);
    this.key = new KmsKey(this, "key", {
      purpose: "state",
      aliasName: awsStateKeyAlias(props.organization),
      accountId: props.accountId,
      partition: props.partition,
      adminRoleArn: props.adminRoleArn,
      rotationPeriodDays: props.keyRotationDays,
      deletionWindowDays: PROTECTION.strict.keyDeletionWindowDays,
      preventDestroy: PROTECTION.strict.preventDestroy,
    });
    this.bucket = new StateBucket(this, "bucket", {
      bucketName: awsStateBucketName(props.organization, props.accountId, props.region),
      kmsKey: this.key,
      preventDestroy: PROTECTION.strict.preventDestroy,
    });
    this.accessLogBucket = new AccessLogBucket(this, "access-log-bucket", {
      bucketName: awsStateAccessLogBucketName(props.organization, props.accountId, props.region),
      accountId: props.accountId,
      retentionTier: STATE_ACCESS_LOG_TIER,
      preventDestroy: PROTECTION.strict.preventDestroy,
    });
    this.accessLogBucket.logsFrom("state-bucket", this.bucket);
  }
}
