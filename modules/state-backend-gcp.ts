import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { KeyRing } from "../constructs/gcp/key-ring";
import { KmsKey } from "../constructs/gcp/kms-key";
import { ProjectServices } from "../constructs/gcp/project-services";
import { ILogBucket } from "../constructs/gcp/immutable-log-bucket";
import { StateBucket } from "../constructs/gcp/state-bucket";
import { UsageLogBucket } from "../constructs/gcp/usage-log-bucket";
import { RETENTION_TIER_PRESETS } from "../constructs/shared/retention-presets";
import { gcpStateBucketName, gcpStateKeyRingName, gcpStateUsageLogBucketName } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";

export interface StateBackendGcpProps {
  /** Organization slug (`organization.name`), the first part of every name. */
  readonly organization: string;
  /** Project of the state backend (`clouds.gcp.stateBackend.projectId`); it may also hold an environment. */
  readonly projectId: string;
  /** Region of the state key ring, key and buckets (`clouds.gcp.stateBackend.region`). */
  readonly region: string;
  /** Days between rotations of the state key. */
  readonly keyRotationDays: number;
  /** Members granted `roles/cloudkms.admin` on the state key ring (no key use). */
  readonly keyAdminMembers: readonly string[];
}

/** Tier of the state bucket's usage logs: a year write-once, then deleted. */
export const GCP_STATE_USAGE_LOG_TIER = RETENTION_TIER_PRESETS["audit-1y"];

/**
 * The remote-state bucket of every GCP stack, its key ring and key, and the bucket its usage
 * logs go to. Always `strict`.
 */
export class StateBackendGcp extends Construct {
  /** The state key. */
  public readonly key: KmsKey;
  /** The state bucket. */
  public readonly bucket: StateBucket;
  /** The write-once bucket the state bucket's usage logs go to. */
  public readonly usageLogs: UsageLogBucket;

  constructor(scope: Construct, id: string, props: StateBackendGcpProps) {
    super(scope, id);
    const strict = PROTECTION.strict;
    // Storage and Cloud KMS only, and nothing project-wide beyond enabling them (no audit
    // config, no project IAM): the state project may also host an environment, whose stack owns
    // the project's authoritative settings.
    new ProjectServices(this, "apis", { projectId: props.projectId, services: ["cloudkms.googleapis.com", "storage.googleapis.com"] });
    const ring = new KeyRing(this, "key-ring", {
      name: gcpStateKeyRingName(props.organization),
      projectId: props.projectId,
      location: props.region,
      preventDestroy: strict.preventDestroy,
      adminMembers: props.keyAdminMembers,
    });
    this.key = new KmsKey(this, "key", {
      purpose: "state",
      keyRing: ring,
      rotationPeriodDays: props.keyRotationDays,
      deletionWindowDays: strict.keyDeletionWindowDays,
      preventDestroy: strict.preventDestroy,
    });
    // The state bucket comes first so the storage agent's grant on the state key keeps the
    // logical id it had before usage logging existed: a grant moved to another id would be
    // created and the old one destroyed in the same apply, and that destroy removes the binding
    // both share, cutting the state bucket off its key. Its usage-log target is therefore named
    // lazily, still by the target bucket's `name` attribute.
    const usageLogTarget: Pick<ILogBucket, "bucketName"> = { bucketName: Lazy.stringValue({ produce: () => this.usageLogs.bucketName }) };
    this.bucket = new StateBucket(this, "bucket", {
      bucketName: gcpStateBucketName(props.organization, props.projectId),
      projectId: props.projectId,
      location: props.region,
      kmsKey: this.key,
      usageLogs: usageLogTarget,
      preventDestroy: strict.preventDestroy,
    });
    // Encrypted with the state key: the storage agent's grant on it serves both buckets.
    this.usageLogs = new UsageLogBucket(this, "usage-logs", {
      bucketName: gcpStateUsageLogBucketName(props.organization, props.projectId),
      projectId: props.projectId,
      location: props.region,
      kmsKey: this.key,
      retentionTier: GCP_STATE_USAGE_LOG_TIER,
      lockRetention: strict.lockRetention,
      preventDestroy: strict.preventDestroy,
    });
  }
}
