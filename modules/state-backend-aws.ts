import { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/aws/access-log-bucket";
import { KmsKey } from "../constructs/aws/kms-key";
import { StateBucket } from "../constructs/aws/state-bucket";
import { awsStateAccessLogBucketName, awsStateBucketName, awsStateKeyAlias } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../constructs/shared/retention-presets";

export interface StateBackendAwsProps {
  /** Organisation slug (`organization.name`), the first part of every name. */
  readonly organization: string;
  /** The state account, 12 digits (`clouds.aws.stateBackend.accountId`). */
  readonly accountId: string;
  /** The state region (`clouds.aws.stateBackend.region`): the bucket, its key and its access logs live there. */
  readonly region: string;
  /** Partition of `region` (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** Role that administers (not uses) the state key, `arn:<partition>:iam::<account>:role/<name>`. */
  readonly adminRoleArn: string;
  /** Days between rotations of the state key, 90-2560. */
  readonly keyRotationDays: number;
}

/**
 * Server access logs of the state bucket: who read or replaced state, including refused
 * requests. A year, like the audit preset: CloudTrail data events in the state account keep the
 * long record.
 */
export const STATE_ACCESS_LOG_TIER = RETENTION_TIER_PRESETS["audit-1y"];

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
