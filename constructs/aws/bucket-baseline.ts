import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { PolicyStatement } from "./policy-document";

/** What the baseline created that other children must wait for. */
export interface BucketBaseline {
  /** Versioning (child `Versioning`): Object Lock and lifecycle rules on versions need it first. */
  readonly versioning: S3BucketVersioningA;
  /** Default encryption (child `Encryption`). */
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  /** The four public-access blocks (child `PublicAccessBlock`): a bucket policy goes after them. */
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** ACLs disabled, BucketOwnerEnforced (child `OwnershipControls`). */
  readonly ownershipControls: S3BucketOwnershipControls;
}

/**
 * Default encryption of a bucket: SSE-KMS with a key ARN, or `"SSE-S3"` (AES256 with S3-managed
 * keys) for the one case S3 requires it, a server access log target.
 */
export type BucketEncryption = { readonly kmsKeyArn: string } | "SSE-S3";

/**
 * The S3 baseline every bucket of the blueprint shares: versioning, default encryption (SSE-KMS
 * with the given key and a bucket key, fewer KMS calls and lower cost; or SSE-S3), all four
 * public-access blocks, and ACLs disabled (BucketOwnerEnforced). Children are created in
 * `scope` as `Versioning`, `Encryption`, `PublicAccessBlock` and `OwnershipControls`.
 */
export function s3BucketBaseline(scope: Construct, bucketId: string, encryption: BucketEncryption): BucketBaseline {
  const versioning = new S3BucketVersioningA(scope, "Versioning", {
    bucket: bucketId,
    versioningConfiguration: { status: "Enabled" },
  });
  const sse = new S3BucketServerSideEncryptionConfigurationA(scope, "Encryption", {
    bucket: bucketId,
    rule: [
      encryption === "SSE-S3"
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: encryption.kmsKeyArn }, bucketKeyEnabled: true },
    ],
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, "PublicAccessBlock", {
    bucket: bucketId,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  const ownershipControls = new S3BucketOwnershipControls(scope, "OwnershipControls", {
    bucket: bucketId,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  return { versioning, encryption: sse, publicAccessBlock, ownershipControls };
}

/** Deny every request made over plaintext HTTP, on the bucket and its objects. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * Deny plaintext transport, and deny uploads that ask for an encryption other than SSE-KMS.
 * Uploads that name none get the bucket default key.
 */
export function denyInsecureRequests(bucketArn: string): PolicyStatement[] {
  const objects = `${bucketArn}/*`;
  return [
    denyInsecureTransport(bucketArn),
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
