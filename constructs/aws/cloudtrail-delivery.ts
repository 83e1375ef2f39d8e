import { awsTrailArn } from "../shared/naming";
import { PolicyStatement } from "./policy-document";

/** Prefix of trail objects in the log bucket. */
export const CLOUDTRAIL_PREFIX = "cloudtrail";
/** The CloudTrail service principal. */
export const CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";

/** Who delivers: one trail, in one account (the account whose `AWSLogs/<account>/` it writes). */
export interface TrailIdentity {
  /** Partition of the trail's account (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** The trail's account, 12 digits: the `AWSLogs/<account>/` prefix it writes under. */
  readonly accountId: string;
  /**
   * ARN of the trail (`awsTrailArn` in constructs/shared/naming.ts), computed rather than read
   * from the trail: CloudTrail checks at CreateTrail that the bucket and key policies already let
   * it write, so those policies cannot refer to the trail's `arn` attribute.
   */
  readonly trailArn: string;
}

/**
 * Bucket policy statements that let exactly one trail deliver: read the bucket ACL (CloudTrail
 * checks it) and write under `cloudtrail/AWSLogs/<trail account>/`, both only for that trail
 * (`aws:SourceArn`). The same statements serve a trail of another account (CloudTrail user
 * guide, "Setting bucket policy for multiple accounts"). Used by `ILogBucket.grantDelivery`.
 */
export function cloudTrailBucketStatements(bucketArn: string, trail: TrailIdentity): PolicyStatement[] {
  return [
    {
      Sid: "CloudTrailChecksBucketAcl",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": trail.trailArn } },
    },
    {
      Sid: "CloudTrailWritesLogs",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/${CLOUDTRAIL_PREFIX}/AWSLogs/${trail.accountId}/*`,
      Condition: { StringEquals: { "aws:SourceArn": trail.trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ];
}

/**
 * Key policy statements that let exactly one trail encrypt with the key: generate data keys
 * for that trail's log files (encryption context: trails of its account), decrypt (the bucket
 * uses an S3 Bucket Key) and describe the key. Valid for a trail of another account too
 * (CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail", multiple accounts).
 * Used by `ILogBucket.grantDelivery`.
 */
export function cloudTrailKeyStatements(trail: TrailIdentity): PolicyStatement[] {
  return [
    {
      Sid: "CloudTrailEncryptsLogs",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": trail.trailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": awsTrailArn(trail.partition, "*", trail.accountId, "*") },
      },
    },
    // The log bucket uses an S3 Bucket Key: S3 then decrypts the bucket-level data key on the
    // trail's behalf, so CloudTrail needs kms:Decrypt to create or update a trail with SSE-KMS
    // (CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail"). The bucket key
    // stays on: it cuts KMS requests, and the grant is limited to this trail by aws:SourceArn.
    {
      Sid: "CloudTrailDecryptsWithBucketKey",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": trail.trailArn } },
    },
    {
      Sid: "CloudTrailDescribesKey",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": trail.trailArn } },
    },
  ];
}
