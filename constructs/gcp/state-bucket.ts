import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { Construct } from "constructs";
import { GCP_STATE_NONCURRENT_VERSION_DAYS, GCS_BUCKET_NAME } from "../shared/limits/gcp";
import { PropValidator } from "../shared/validation-error";
import { ILogBucket } from "./immutable-log-bucket";
import { IKmsKey } from "./kms-key";
import { GCS_BUCKET_BASELINE, grantStorageAgentKeyAccess } from "./bucket-baseline";

/** Prefix of the state bucket's usage-log objects in the usage-log bucket. */
export const STATE_USAGE_LOG_PREFIX = "tfstate/";

export interface StateBucketProps {
  /** Bucket name, 3-63 lowercase letters, digits, `-`, `_` and `.` (`GCS_BUCKET_NAME`); globally unique. */
  readonly bucketName: string;
  /** Project that holds the bucket; its Cloud Storage service agent is granted use of `kmsKey`. */
  readonly projectId: string;
  /** Bucket location, e.g. `europe-west1`; must be the key's location. */
  readonly location: string;
  /** Key that encrypts every state object (CMEK). */
  readonly kmsKey: IKmsKey;
  /**
   * Where Cloud Storage delivers the bucket's usage logs (every request, hourly CSV objects):
   * a record of who read or replaced state that does not depend on data-access audit logs.
   * Only its name is read (the log bucket grants Cloud Storage's log writer itself).
   */
  readonly usageLogs: Pick<ILogBucket, "bucketName">;
  /**
   * Days a superseded state version is kept, 30-3650.
   * @default 365
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Refuse any plan that destroys the bucket.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * GCS bucket for Terraform remote state: versioned, CMEK-encrypted with the state key (the
 * project's Cloud Storage service agent is granted use of exactly that key), uniform
 * bucket-level access, public access prevention enforced, never force-destroyed. Cloud Storage
 * serves its API over TLS only, so no transport policy is needed.
 *
 * @example
 * new StateBucket(this, "state", { bucketName: "acme-ai-tfstate-acme-ai-prod", projectId, location, kmsKey, usageLogs });
 */
export class StateBucket extends Construct {
  /** The bucket resource's `name` attribute. */
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    const noncurrentDays = props.noncurrentVersionDays ?? 365;
    new PropValidator(scope, id)
      .matches("bucketName", props.bucketName, GCS_BUCKET_NAME, "GCP_GCS_BUCKET_NAME_INVALID")
      .integerInRange("noncurrentVersionDays", noncurrentDays, GCP_STATE_NONCURRENT_VERSION_DAYS.min, GCP_STATE_NONCURRENT_VERSION_DAYS.max, "GCP_STATE_RETENTION_OUT_OF_RANGE")
      .throwIfInvalid();
    super(scope, id);

    const { ready: keyAccess } = grantStorageAgentKeyAccess(this, props.projectId, props.kmsKey);
    const bucket = new StorageBucket(this, "Resource", {
      name: props.bucketName,
      project: props.projectId,
      location: props.location,
      ...GCS_BUCKET_BASELINE,
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: props.kmsKey.keyId },
      lifecycleRule: [
        {
          action: { type: "Delete" },
          condition: { daysSinceNoncurrentTime: noncurrentDays, withState: "ARCHIVED" },
        },
      ],
      labels: { purpose: "state" },
      logging: { logBucket: props.usageLogs.bucketName, logObjectPrefix: STATE_USAGE_LOG_PREFIX },
      // The bucket cannot write a single object until the service agent's key grant is honoured.
      dependsOn: [keyAccess],
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.bucketName = bucket.name;
  }
}
