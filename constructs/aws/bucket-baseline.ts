import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { PolicyStatement } from "./policy-document";

/** What the baseline created that other children must wait for. */
export interface BucketBaseline {
  readonly versioning: S3BucketVersioningA;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
}

/**
 * The S3 baseline every bucket of the blueprint shares: versioning, SSE-KMS with the given key
 * and a bucket key (fewer KMS calls, lower cost), all four public-access blocks, and ACLs
 * disabled (BucketOwnerEnforced). Children are created in `scope` as `Versioning`,
 * `Encryption`, `PublicAccessBlock` and `OwnershipControls`.
 */
export function s3BucketBaseline(scope: Construct, bucketId: string, keyArn: string): BucketBaseline {
  const versioning = new S3BucketVersioningA(scope, "Versioning", {
    bucket: bucketId,
    versioningConfiguration: { status: "Enabled" },
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, "Encryption", {
    bucket: bucketId,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, "PublicAccessBlock", {
    bucket: bucketId,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, "OwnershipControls", {
    bucket: bucketId,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  return { versioning, publicAccessBlock };
}

/**
 * Deny plaintext transport, and deny uploads that ask for an encryption other than SSE-KMS.
 * Uploads that name none get the bucket default key.
 */
export function denyInsecureRequests(bucketArn: string): PolicyStatement[] {
  const objects = `${bucketArn}/*`;
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, objects],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyNonKmsEncryption",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
        Null: { "s3:x-amz-server-side-encryption": "false" },
      },
    },
  ];
}
