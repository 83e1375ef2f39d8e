import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { RetentionTier, assertValidRetentionTier } from "../shared/retention-tier";
import { PropValidator } from "../shared/validation-error";
import { IKmsKey } from "./kms-key";
import { gcsLifecycleRules } from "./lifecycle-rules";
import { GCS_BUCKET_BASELINE, GCS_BUCKET_NAME, GCS_BUCKET_NAME_ACCEPTED, grantStorageAgentKeyAccess } from "./bucket-baseline";

const SECONDS_PER_DAY = 86_400;

/** A write-once log bucket sinks deliver into. */
export interface ILogBucket {
  /** The bucket resource's `name` attribute: wiring through it gives Terraform the edge to the bucket. */
  readonly bucketName: string;
  readonly projectId: string;
  /** `serviceAccount:` member of the Cloud Storage service agent that encrypts its objects. */
  readonly storageAgentMember: string;
}

/** What every write-once GCS bucket of the blueprint is built from. */
export interface WriteOnceBucketProps {
  /** Bucket name, 3-63 lowercase letters, digits, `-`, `_` and `.`; globally unique. */
  readonly bucketName: string;
  readonly projectId: string;
  /** Bucket location; must be the key's location. */
  readonly location: string;
  /** Key that encrypts every object (CMEK). */
  readonly kmsKey: IKmsKey;
  /** Lifecycle and write-once period; `immutabilityDays` becomes the retention policy. */
  readonly retentionTier: RetentionTier;
  /**
   * Lock the retention policy. IRREVERSIBLE: once locked, the period can only be increased and
   * the bucket cannot be deleted until every object has aged out. Short-lived environments turn
   * it off explicitly.
   * @default true
   */
  readonly lockRetention?: boolean;
  /** Refuse any plan that destroys the bucket. @default true */
  readonly preventDestroy?: boolean;
}

export type ImmutableLogBucketProps = WriteOnceBucketProps;

/** Validates `props` for a write-once bucket created as `id` in `scope`; throws every problem at once. */
export function validateWriteOnceBucket(scope: Construct, id: string, props: WriteOnceBucketProps): void {
  new PropValidator(scope, id)
    .require(Token.isUnresolved(props.bucketName) || GCS_BUCKET_NAME.test(props.bucketName), "GCS_BUCKET_NAME_INVALID", "bucketName", props.bucketName, GCS_BUCKET_NAME_ACCEPTED)
    .integerInRange("retentionTier.immutabilityDays", props.retentionTier.immutabilityDays, 1, 36_500, "GCS_RETENTION_OUT_OF_RANGE")
    .throwIfInvalid();
  assertValidRetentionTier(props.retentionTier, ["gcp"]);
}

/**
 * The write-once bucket itself, created in `scope` as `Resource` (plus the storage agent's key
 * grant and its propagation wait): retention policy and lifecycle from the tier, CMEK, the
 * shared baseline, versioning off (GCS refuses it with a retention policy), labelled `purpose`.
 * Expects props that passed `validateWriteOnceBucket`.
 */
export function writeOnceBucket(scope: Construct, props: WriteOnceBucketProps, purpose: string): { bucket: StorageBucket; agentMember: string } {
  const { ready: keyAccess, member: agentMember } = grantStorageAgentKeyAccess(scope, props.projectId, props.kmsKey);
  const bucket = new StorageBucket(scope, "Resource", {
    name: props.bucketName,
    project: props.projectId,
    location: props.location,
    ...GCS_BUCKET_BASELINE,
    versioning: { enabled: false },
    retentionPolicy: { retentionPeriod: props.retentionTier.immutabilityDays * SECONDS_PER_DAY, isLocked: props.lockRetention ?? true },
    encryption: { defaultKmsKeyName: props.kmsKey.keyId },
    lifecycleRule: gcsLifecycleRules(props.retentionTier),
    labels: { purpose },
    dependsOn: [keyAccess],
    lifecycle: { preventDestroy: props.preventDestroy ?? true },
  });
  return { bucket, agentMember };
}

/**
 * GCS bucket for audit evidence: a retention policy from the tier (lockable), uniform
 * bucket-level access, public access prevention enforced, CMEK with the logs key (and the
 * Cloud Storage service agent granted exactly that key), lifecycle from the tier, never
 * force-destroyed. Object versioning stays off: GCS refuses it together with a retention policy.
 *
 * @example
 * new ImmutableLogBucket(this, "logs", {
 *   bucketName: "acme-ai-prod-logs-acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1",
 *   kmsKey: logsKey, retentionTier: RETENTION_TIER_PRESETS["compliance-7y"],
 * });
 */
export class ImmutableLogBucket extends Construct implements ILogBucket {
  public readonly bucketName: string;
  public readonly projectId: string;
  public readonly retentionLocked: boolean;
  public readonly storageAgentMember: string;

  constructor(scope: Construct, id: string, props: ImmutableLogBucketProps) {
    validateWriteOnceBucket(scope, id, props);
    super(scope, id);
    const { bucket, agentMember } = writeOnceBucket(this, props, "logs");
    this.bucketName = bucket.name;
    this.projectId = props.projectId;
    this.retentionLocked = props.lockRetention ?? true;
    this.storageAgentMember = agentMember;
  }
}
