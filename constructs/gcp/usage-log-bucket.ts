import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct } from "constructs";
import { ILogBucket, WriteOnceBucketProps, grantObjectCreateOn, validateWriteOnceBucket, writeOnceBucket } from "./immutable-log-bucket";

/**
 * The group Cloud Storage writes usage and storage logs as; it needs object-create on the
 * target bucket (cloud.google.com/storage/docs/access-logs, "Set up log delivery").
 */
export const USAGE_LOG_WRITER = "group:cloud-storage-analytics@google.com";

export type UsageLogBucketProps = WriteOnceBucketProps;

/**
 * Target of GCS usage logging (`logging.log_bucket` of other buckets): a retention policy from
 * the tier, lifecycle from the tier, CMEK, uniform bucket-level access, public access prevention
 * enforced, never force-destroyed, `cloud-storage-analytics@google.com` allowed to create
 * objects only. It has no `logging` block of its own: a bucket logging into itself would write a
 * log object about every log object. Versioning stays off (GCS refuses it with a retention
 * policy); usage-log objects are never overwritten (each name carries its hour and a unique id).
 *
 * @example
 * const usageLogs = new UsageLogBucket(this, "usage-logs", {
 *   bucketName: "acme-ai-tfstate-usage-acme-ai-prod", projectId, location, kmsKey: stateKey,
 *   retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
 * });
 */
export class UsageLogBucket extends Construct implements ILogBucket {
  public readonly bucketName: string;
  public readonly projectId: string;
  /** Whether the retention policy is locked (`lockRetention`). */
  public readonly retentionLocked: boolean;
  public readonly storageAgentMember: string;

  constructor(scope: Construct, id: string, props: UsageLogBucketProps) {
    validateWriteOnceBucket(scope, id, props);
    super(scope, id);
    const { bucket, agentMember } = writeOnceBucket(this, props, "usage-logs");
    this.bucketName = bucket.name;
    this.projectId = props.projectId;
    this.retentionLocked = props.lockRetention ?? true;
    this.storageAgentMember = agentMember;
    this.grantObjectCreate(USAGE_LOG_WRITER, this, "LogWriter");
  }

  public grantObjectCreate(member: string, scope: Construct, id: string): StorageBucketIamMember {
    return grantObjectCreateOn(this.bucketName, member, scope, id);
  }
}
