import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct } from "constructs";
import { GCS_BUCKET_NAME } from "../shared/limits/gcp";
import { RetentionTier, validateRetentionTier } from "../shared/retention-tier";
import { PropValidator } from "../shared/validation-error";
import { IKmsKey } from "./kms-key";
import { gcsLifecycleRules } from "./lifecycle-rules";
import { GCS_BUCKET_BASELINE, OBJECT_CREATOR_ROLE, grantStorageAgentKeyAccess } from "./bucket-baseline";

const SECONDS_PER_DAY = 86_400;

/**
 * A write-once log bucket of this stack that writers deliver into: the audit-log bucket
 * (`ImmutableLogBucket`) or the usage-log bucket (`UsageLogBucket`).
 */
export interface ILogBucket {
  /** The bucket resource's `name` attribute: wiring through it gives Terraform the edge to the bucket. */
  readonly bucketName: string;
  /** Project that holds the bucket. */
  readonly projectId: string;
  /** `serviceAccount:` member of the Cloud Storage service agent that encrypts its objects. */
  readonly storageAgentMember: string;
  /**
   * Lets `member` create objects in the bucket and do nothing else (`roles/storage.objectCreator`:
   * no read, no overwrite, no delete). The `google_storage_bucket_iam_member` is created in
   * `scope` as `id`: beside the identity it is for (a sink grants its own writer), so the grant
   * goes when that identity goes.
   */
  grantObjectCreate(member: string, scope: Construct, id: string): StorageBucketIamMember;
}

/** What every write-once GCS bucket of the blueprint is built from. */
export interface WriteOnceBucketProps {
  /** Bucket name, 3-63 lowercase letters, digits, `-`, `_` and `.` (`GCS_BUCKET_NAME`); globally unique. */
  readonly bucketName: string;
  /** Project that holds the bucket; its Cloud Storage service agent is granted use of `kmsKey`. */
  readonly projectId: string;
  /** Bucket location, e.g. `europe-west1`; must be the key's location. */
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
  /**
   * Refuse any plan that destroys the bucket.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

export type ImmutableLogBucketProps = WriteOnceBucketProps;

/**
 * Validates `props` for a write-once bucket created as `id` in `scope`: the bucket name and the
 * tier (GCS's retention bound among the tier's rules), every problem in one error.
 */
export function validateWriteOnceBucket(scope: Construct, id: string, props: WriteOnceBucketProps): void {
  new PropValidator(scope, id)
    .matches("bucketName", props.bucketName, GCS_BUCKET_NAME, "GCP_GCS_BUCKET_NAME_INVALID")
    .include(validateRetentionTier(props.retentionTier, ["gcp"]))
    .throwIfInvalid();
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

/** Object-create on `bucketName` for `member`, created in `scope` as `id` (see `ILogBucket.grantObjectCreate`). */
export function grantObjectCreateOn(bucketName: string, member: string, scope: Construct, id: string): StorageBucketIamMember {
  return new StorageBucketIamMember(scope, id, { bucket: bucketName, role: OBJECT_CREATOR_ROLE, member });
}

/**
 * GCS bucket for audit evidence: a retention policy from the tier (lockable), uniform
 * bucket-level access, public access prevention enforced, CMEK with the logs key (and the
 * Cloud Storage service agent granted exactly that key), lifecycle from the tier, never
 * force-destroyed. Object versioning stays off: GCS refuses it together with a retention policy.
 * Writers get object-create only, through `grantObjectCreate`.
 *
 * @example
 * const logs = new ImmutableLogBucket(this, "logs", {
 *   bucketName: "acme-ai-prod-logs-acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1",
 *   kmsKey: logsKey, retentionTier: RETENTION_TIER_PRESETS["compliance-7y"],
 * });
 * logs.grantObjectCreate(sink.writerIdentity, this, "SinkWriter");
 */
export class ImmutableLogBucket extends Construct implements ILogBucket {
  public readonly bucketName: string;
  public readonly projectId: string;
  /** Whether the retention policy is locked (`lockRetention`). */
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

  public grantObjectCreate(member: string, scope: Construct, id: string): StorageBucketIamMember {
    return grantObjectCreateOn(this.bucketName, member, scope, id);
  }

  /**
   * Create and read objects under `prefix` only (the promotion gate's decision records under
   * `provenance/`): roles/storage.objectCreator and roles/storage.objectViewer, each with an IAM
   * condition on the object name, created in `scope` as `<id>-Create` and `<id>-Read`. Read is
   * `storage.objects.get` by name (a prefix-conditioned binding cannot list the bucket): the gate
   * reads back the record at a key it computes, to replay a redelivered event. The retention
   * policy keeps every object for the tier's period whatever the grant.
   */
  public grantPrefixCreateAndRead(member: string, prefix: string, scope: Construct, id: string): StorageBucketIamMember[] {
    return grantPrefixCreateAndReadOn(this.bucketName, member, prefix, scope, id);
  }
}

/** `ImmutableLogBucket.grantPrefixCreateAndRead` on a bucket by name. */
export function grantPrefixCreateAndReadOn(bucketName: string, member: string, prefix: string, scope: Construct, id: string): StorageBucketIamMember[] {
  const condition = (title: string) => ({
    title,
    description: `Only objects under ${prefix}`,
    expression: `resource.name.startsWith("projects/_/buckets/${bucketName}/objects/${prefix}")`,
  });
  const slug = prefix.replace(/[^a-z0-9]+/g, "-").replace(/-+$/, "");
  return [
    new StorageBucketIamMember(scope, `${id}-Create`, { bucket: bucketName, role: OBJECT_CREATOR_ROLE, member, condition: condition(`create-${slug}`) }),
    new StorageBucketIamMember(scope, `${id}-Read`, { bucket: bucketName, role: "roles/storage.objectViewer", member, condition: condition(`read-${slug}`) }),
  ];
}
