import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { RetentionTier, assertValidRetentionTier } from "../shared/retention-tier";
import { PropValidator } from "../shared/validation-error";
import { GCS_BUCKET_BASELINE, GCS_BUCKET_NAME, GCS_BUCKET_NAME_ACCEPTED, grantStorageAgentKeyAccess } from "./bucket-baseline";
import { IKmsKey } from "./kms-key";
import { gcsLifecycleRules } from "./lifecycle-rules";

const SECONDS_PER_DAY = 86_400;

/**
 * The group Cloud Storage writes usage and storage logs as; it needs object-create on the
 * target bucket (cloud.google.com/storage/docs/access-logs, "Set up log delivery").
 */
export const USAGE_LOG_WRITER = "group:cloud-storage-analytics@google.com";
/** Create objects, nothing else: the log writer can neither read, overwrite nor delete. */
export const USAGE_LOG_WRITER_ROLE = "roles/storage.objectCreator";

/** A bucket other buckets deliver their usage logs into. */
export interface IUsageLogBucket {
  /** The bucket resource's `name` attribute. */
  readonly bucketName: string;
}

export interface UsageLogBucketProps {
  /** Bucket name, 3-63 lowercase letters, digits, `-`, `_` and `.`; globally unique. */
  readonly bucketName: string;
  readonly projectId: string;
  /** Bucket location; must be the key's location. */
  readonly location: string;
  /** Key that encrypts every log object (CMEK). */
  readonly kmsKey: IKmsKey;
  /** Lifecycle and write-once period; `immutabilityDays` becomes the retention policy. */
  readonly retentionTier: RetentionTier;
  /**
   * Lock the retention policy. IRREVERSIBLE: once locked, the period can only be increased and
   * the bucket cannot be deleted until every object has aged out.
   * @default true
   */
  readonly lockRetentionPolicy?: boolean;
  /** Refuse any plan that destroys the bucket. @default true */
  readonly preventDestroy?: boolean;
}

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
export class UsageLogBucket extends Construct implements IUsageLogBucket {
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: UsageLogBucketProps) {
    new PropValidator(scope, id)
      .require(Token.isUnresolved(props.bucketName) || GCS_BUCKET_NAME.test(props.bucketName), "GCS_BUCKET_NAME_INVALID", "bucketName", props.bucketName, GCS_BUCKET_NAME_ACCEPTED)
      .integerInRange("retentionTier.immutabilityDays", props.retentionTier.immutabilityDays, 1, 36_500, "GCS_RETENTION_OUT_OF_RANGE")
      .throwIfInvalid();
    assertValidRetentionTier(props.retentionTier, ["gcp"]);
    super(scope, id);

    const { ready: keyAccess } = grantStorageAgentKeyAccess(this, props.projectId, props.kmsKey);
    const bucket = new StorageBucket(this, "Resource", {
      name: props.bucketName,
      project: props.projectId,
      location: props.location,
      ...GCS_BUCKET_BASELINE,
      versioning: { enabled: false },
      retentionPolicy: { retentionPeriod: props.retentionTier.immutabilityDays * SECONDS_PER_DAY, isLocked: props.lockRetentionPolicy ?? true },
      encryption: { defaultKmsKeyName: props.kmsKey.keyId },
      lifecycleRule: gcsLifecycleRules(props.retentionTier),
      labels: { purpose: "usage-logs" },
      dependsOn: [keyAccess],
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    new StorageBucketIamMember(this, "LogWriter", { bucket: bucket.name, role: USAGE_LOG_WRITER_ROLE, member: USAGE_LOG_WRITER });
    this.bucketName = bucket.name;
  }
}
