import { Cloudtrail, CloudtrailAdvancedEventSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { ILogBucket } from "./immutable-log-bucket";

/** Prefix of trail objects in the log bucket. */
export const CLOUDTRAIL_PREFIX = "cloudtrail";
/**
 * Object-level writes on the log bucket that delete evidence or change its lock, recorded as
 * data events (field `eventName`, CloudTrail user guide "Filtering data events by using
 * advanced event selectors"). Deleting or unlocking must be visible even when Object Lock
 * refuses it: CloudTrail records denied calls with their error code.
 */
export const LOG_BUCKET_TAMPER_EVENTS = ["DeleteObject", "DeleteObjects", "PutObjectRetention", "PutObjectLegalHold"] as const;
const CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";

export interface AuditTrailProps {
  /** Trail name, 3-128 letters, digits, `.`, `_` and `-`. */
  readonly trailName: string;
  readonly accountId: string;
  readonly partition: string;
  /** Home region of the trail (a multi-region trail still has one). */
  readonly region: string;
  /** Write-once bucket the trail delivers to, encrypted with its key. */
  readonly logBucket: ILogBucket;
  /**
   * Buckets whose object-level reads and writes are recorded as data events. The log bucket
   * itself is always recorded for reads and for the writes that remove or unlock evidence
   * (`LOG_BUCKET_TAMPER_EVENTS`), never for `PutObject`: that would log the trail's own
   * deliveries, forever.
   * @default - only the log bucket's reads and tampering writes
   */
  readonly dataEventBucketArns?: readonly string[];
}

/**
 * Multi-region CloudTrail with log file validation (tampering with a delivered file is
 * detectable), SSE-KMS with the logs key, management events, and S3 data events for the
 * blueprint's buckets. Adds to the log bucket's policy and the key's policy exactly what the
 * CloudTrail service needs, scoped to this trail by `aws:SourceArn`.
 *
 * @example
 * new AuditTrail(this, "trail", { trailName: "acme-ai-prod", accountId, partition: "aws", region, logBucket });
 */
export class AuditTrail extends Construct {
  public readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    new PropValidator(scope, id)
      .require(/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(props.trailName), "TRAIL_NAME_INVALID", "trailName", props.trailName, "3-128 letters, digits, . _ -, starting with a letter or digit")
      .throwIfInvalid();
    super(scope, id);

    // Computed, not `trail.arn`: CloudTrail checks at creation that the bucket and key policies
    // already let it write, so the trail depends on them and they cannot refer back to it (a
    // real dependency cycle; the one literal name in these policies).
    const trailArn = `arn:${props.partition}:cloudtrail:${props.region}:${props.accountId}:trail/${props.trailName}`;
    const bucket = props.logBucket;
    bucket.addToResourcePolicy({
      Sid: "CloudTrailChecksBucketAcl",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "s3:GetBucketAcl",
      Resource: bucket.bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    });
    bucket.addToResourcePolicy({
      Sid: "CloudTrailWritesLogs",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "s3:PutObject",
      Resource: `${bucket.bucketArn}/${CLOUDTRAIL_PREFIX}/AWSLogs/${props.accountId}/*`,
      Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });
    bucket.kmsKey.addToKeyPolicy({
      Sid: "CloudTrailEncryptsLogs",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": trailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${props.partition}:cloudtrail:*:${props.accountId}:trail/*` },
      },
    });
    // The log bucket uses an S3 Bucket Key: S3 then decrypts the bucket-level data key on the
    // trail's behalf, so CloudTrail needs kms:Decrypt to create or update a trail with SSE-KMS
    // (CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail"). The bucket key
    // stays on: it cuts KMS requests, and the grant is limited to this trail by aws:SourceArn.
    bucket.kmsKey.addToKeyPolicy({
      Sid: "CloudTrailDecryptsWithBucketKey",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    });
    bucket.kmsKey.addToKeyPolicy({
      Sid: "CloudTrailDescribesKey",
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    });

    const trail = new Cloudtrail(this, "Resource", {
      name: props.trailName,
      s3BucketName: bucket.bucketName,
      s3KeyPrefix: CLOUDTRAIL_PREFIX,
      kmsKeyId: bucket.kmsKey.keyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      advancedEventSelector: eventSelectors(bucket.bucketArn, props.dataEventBucketArns ?? []),
      // CloudTrail checks at creation that it may write to the bucket.
      dependsOn: [...bucket.deliveryDependencies],
    });
    this.trailArn = trail.arn;
  }
}

function eventSelectors(logBucketArn: string, dataEventBucketArns: readonly string[]): CloudtrailAdvancedEventSelector[] {
  const selectors: CloudtrailAdvancedEventSelector[] = [
    { name: "management-events", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
    {
      name: "log-bucket-reads",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "readOnly", equalTo: ["true"] },
        { field: "resources.ARN", startsWith: [`${logBucketArn}/`] },
      ],
    },
    {
      name: "log-bucket-tampering",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "eventName", equalTo: [...LOG_BUCKET_TAMPER_EVENTS] },
        { field: "resources.ARN", startsWith: [`${logBucketArn}/`] },
      ],
    },
  ];
  if (dataEventBucketArns.length > 0) {
    selectors.push({
      name: "blueprint-bucket-objects",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWith: dataEventBucketArns.map((arn) => `${arn}/`) },
      ],
    });
  }
  return selectors;
}
