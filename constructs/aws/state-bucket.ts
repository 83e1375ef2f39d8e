import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { AWS_STATE_NONCURRENT_VERSION_DAYS, S3_BUCKET_NAME } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";
import { denyInsecureRequests, s3BucketBaseline } from "./bucket-baseline";
import { IKmsKey } from "./kms-key";

export interface StateBucketProps {
  /** Bucket name: 3-63 lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit. */
  readonly bucketName: string;
  /** Key that encrypts every state object. */
  readonly kmsKey: IKmsKey;
  /** Days a superseded state version is kept, 30-3650. @default 365 */
  readonly noncurrentVersionDays?: number;
  /** Refuse any plan that destroys the bucket. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * S3 bucket for Terraform remote state: versioned (every apply can be rolled back), SSE-KMS
 * with the state key and a bucket key, all four public-access blocks, ACLs disabled, TLS-only,
 * never force-destroyed. Locking uses S3 lock files (`use_lockfile`), so no DynamoDB table.
 * The bucket depends on its key, so a destroy never schedules the key's deletion while the
 * bucket (and the state it encrypts) still exists.
 *
 * @example
 * new StateBucket(this, "state", { bucketName: "acme-ai-tfstate-222222222222-eu-west-1", kmsKey: stateKey });
 */
export class StateBucket extends Construct {
  /** The bucket's name, as the resource's `bucket` attribute (a reference, never a literal). */
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** Terraform id of the bucket (its name), for companion resources such as access logging. */
  public readonly bucketId: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    const noncurrentDays = props.noncurrentVersionDays ?? 365;
    new PropValidator(scope, id)
      .matches("bucketName", props.bucketName, S3_BUCKET_NAME, "AWS_S3_BUCKET_NAME_INVALID")
      .integerInRange("noncurrentVersionDays", noncurrentDays, AWS_STATE_NONCURRENT_VERSION_DAYS.min, AWS_STATE_NONCURRENT_VERSION_DAYS.max, "AWS_STATE_RETENTION_OUT_OF_RANGE")
      .throwIfInvalid();
    super(scope, id);

    const bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: false,
      tags: { purpose: "state" },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      // Destroyed before its key (reverse dependency order): a failed bucket delete leaves the
      // key in place, so surviving state versions stay readable.
      dependsOn: [props.kmsKey.resource],
    });
    s3BucketBaseline(this, bucket.id, { kmsKeyArn: props.kmsKey.keyArn });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-superseded-state",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      // State holds secrets and resource ids: never over plaintext, never under another encryption.
      policy: JSON.stringify({ Version: "2012-10-17", Statement: denyInsecureRequests(bucket.arn) }),
    });

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketId = bucket.id;
  }
}
