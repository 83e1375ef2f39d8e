import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { IKmsKey } from "./kms-key";
import { GCS_BUCKET_BASELINE, GCS_BUCKET_NAME, GCS_BUCKET_NAME_ACCEPTED, grantStorageAgentKeyAccess } from "./bucket-baseline";

export const STATE_NONCURRENT_VERSION_DAYS = { min: 30, max: 3650 } as const;

export interface StateBucketProps {
  /** Bucket name, 3-63 lowercase letters, digits, `-`, `_` and `.`; globally unique. */
  readonly bucketName: string;
  readonly projectId: string;
  /** Bucket location; must be the key's location. */
  readonly location: string;
  /** Key that encrypts every state object (CMEK). */
  readonly kmsKey: IKmsKey;
  /** Days a superseded state version is kept, 30-3650. @default 365 */
  readonly noncurrentVersionDays?: number;
  /** Refuse any plan that destroys the bucket. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * GCS bucket for Terraform remote state: versioned, CMEK-encrypted with the state key (the
 * project's Cloud Storage service agent is granted use of exactly that key), uniform
 * bucket-level access, public access prevention enforced, never force-destroyed. Cloud Storage
 * serves its API over TLS only, so no transport policy is needed.
 *
 * @example
 * new StateBucket(this, "state", { bucketName: "acme-ai-prod-acme-ai-tfstate", projectId, location, kmsKey });
 */
export class StateBucket extends Construct {
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    const noncurrentDays = props.noncurrentVersionDays ?? 365;
    new PropValidator(scope, id)
      .require(GCS_BUCKET_NAME.test(props.bucketName), "GCS_BUCKET_NAME_INVALID", "bucketName", props.bucketName, GCS_BUCKET_NAME_ACCEPTED)
      .integerInRange("noncurrentVersionDays", noncurrentDays, STATE_NONCURRENT_VERSION_DAYS.min, STATE_NONCURRENT_VERSION_DAYS.max, "STATE_RETENTION_OUT_OF_RANGE")
      .throwIfInvalid();
    super(scope, id);

    const { grant: keyAccess } = grantStorageAgentKeyAccess(this, props.projectId, props.kmsKey);
    new StorageBucket(this, "Resource", {
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
      // The bucket cannot write a single object until the service agent may use the key.
      dependsOn: [keyAccess],
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.bucketName = props.bucketName;
  }
}
