import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { IKmsKey } from "./kms-key";

/** Days superseded state versions are kept: long enough to roll back a bad apply found late. */
export const STATE_NONCURRENT_VERSION_DAYS = { min: 30, max: 3650 } as const;

export interface StateBucketProps {
  /** Bucket name, 3-63 lowercase letters, digits, `-` and `.`. */
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
 *
 * @example
 * new StateBucket(this, "state", { bucketName: "acme-ai-tfstate-222222222222-eu-west-1", kmsKey: stateKey });
 */
export class StateBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    const noncurrentDays = props.noncurrentVersionDays ?? 365;
    new PropValidator(scope, id)
      .require(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName), "S3_BUCKET_NAME_INVALID", "bucketName", props.bucketName, "3-63 lowercase letters, digits, - and .")
      .integerInRange("noncurrentVersionDays", noncurrentDays, STATE_NONCURRENT_VERSION_DAYS.min, STATE_NONCURRENT_VERSION_DAYS.max, "STATE_RETENTION_OUT_OF_RANGE")
      .throwIfInvalid();
    super(scope, id);

    const bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: false,
      tags: { purpose: "state" },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    new S3BucketVersioningA(this, "Versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKey.keyArn },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
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
      policy: JSON.stringify(stateBucketPolicy(bucket.arn)),
    });

    this.bucketName = props.bucketName;
    this.bucketArn = bucket.arn;
  }
}

/**
 * Deny plaintext transport (state holds secrets and resource ids) and any upload that asks for
 * an encryption other than SSE-KMS; uploads that name none get the bucket default, the state key.
 */
function stateBucketPolicy(bucketArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyNonKmsEncryption",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: `${bucketArn}/*`,
        Condition: {
          StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
          Null: { "s3:x-amz-server-side-encryption": "false" },
        },
      },
    ],
  };
}
