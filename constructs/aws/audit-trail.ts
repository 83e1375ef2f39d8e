import { Cloudtrail, CloudtrailAdvancedEventSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";
import { ILogBucket } from "./immutable-log-bucket";
import { PolicyStatement } from "./policy-document";

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

/**
 * ARN of a trail, computed rather than read from the trail: the bucket and key policies that
 * let a trail deliver must exist before CloudTrail accepts the trail (it checks them at
 * CreateTrail), so they cannot refer to the trail's `arn` attribute; and the evidence account's
 * policies name trails of other accounts, which are in other stacks.
 */
export function cloudTrailArn(partition: string, region: string, accountId: string, trailName: string): string {
  return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

/** Who delivers: one trail, in one account (the account whose `AWSLogs/<account>/` it writes). */
export interface TrailIdentity {
  readonly partition: string;
  readonly accountId: string;
  readonly trailArn: string;
}

/**
 * Bucket policy statements that let exactly one trail deliver: read the bucket ACL (CloudTrail
 * checks it) and write under `cloudtrail/AWSLogs/<trail account>/`, both only for that trail
 * (`aws:SourceArn`). The same statements serve a trail of another account (CloudTrail user
 * guide, "Setting bucket policy for multiple accounts"); `sidSuffix` keeps Sids unique when one
 * policy serves several trails.
 */
export function cloudTrailBucketStatements(bucketArn: string, trail: TrailIdentity, sidSuffix = ""): PolicyStatement[] {
  return [
    {
      Sid: `CloudTrailChecksBucketAcl${sidSuffix}`,
      Effect: "Allow",
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": trail.trailArn } },
    },
    {
      Sid: `CloudTrailWritesLogs${sidSuffix}`,
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
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${trail.partition}:cloudtrail:*:${trail.accountId}:trail/*` },
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

/**
 * A write-once bucket in another account (the dedicated evidence account), whose bucket and key
 * policies that account's stack wrote with `cloudTrailBucketStatements` and
 * `cloudTrailKeyStatements` for this trail: nothing is added here, the trail only delivers.
 */
export interface RemoteLogBucket {
  /** Bucket name: a literal from the naming function both stacks use. */
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Key ARN (not an alias: CloudTrail returns the key ARN on read, an alias would never converge). */
  readonly kmsKeyArn: string;
  /** What the trail waits for in this stack (the lookup of the key). @default - nothing */
  readonly deliveryDependencies?: readonly ITerraformDependable[];
}

export interface AuditTrailProps {
  /** Trail name, 3-128 letters, digits, `.`, `_` and `-`. */
  readonly trailName: string;
  readonly accountId: string;
  readonly partition: string;
  /** Home region of the trail (a multi-region trail still has one). */
  readonly region: string;
  /**
   * Write-once bucket of this stack the trail delivers to, encrypted with its key; the trail
   * adds to both policies what it needs. Exactly one of `logBucket` and `remoteLogBucket`.
   * @default - none: `remoteLogBucket` is given
   */
  readonly logBucket?: ILogBucket;
  /**
   * Write-once bucket in another account that already lets this trail deliver (the dedicated
   * evidence account). Exactly one of `logBucket` and `remoteLogBucket`.
   * @default - none: `logBucket` is given
   */
  readonly remoteLogBucket?: RemoteLogBucket;
  /**
   * Buckets whose object-level reads and writes are recorded as data events. The log bucket
   * itself is always recorded for reads and for the writes that remove or unlock evidence
   * (`LOG_BUCKET_TAMPER_EVENTS`), never for `PutObject`: that would log the trail's own
   * deliveries, forever.
   * @default - only the log bucket's reads and tampering writes
   */
  readonly dataEventBucketArns?: readonly string[];
  /**
   * Further write-once buckets whose object reads and tampering writes are recorded like the
   * log bucket's (the evidence account records who touches every environment's evidence).
   * @default - none
   */
  readonly evidenceBucketArns?: readonly string[];
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
      .require(
        (props.logBucket === undefined) !== (props.remoteLogBucket === undefined),
        "TRAIL_DESTINATION_INVALID",
        "logBucket/remoteLogBucket",
        props.logBucket && props.remoteLogBucket ? "both" : "neither",
        "exactly one of logBucket and remoteLogBucket",
      )
      .throwIfInvalid();
    super(scope, id);

    // Computed, not `trail.arn`: CloudTrail checks at creation that the bucket and key policies
    // already let it write, so the trail depends on them and they cannot refer back to it (a
    // real dependency cycle; the one literal name in these policies).
    const identity: TrailIdentity = {
      partition: props.partition,
      accountId: props.accountId,
      trailArn: cloudTrailArn(props.partition, props.region, props.accountId, props.trailName),
    };
    const local = props.logBucket;
    const destination = local
      ? { bucketName: local.bucketName, bucketArn: local.bucketArn, kmsKeyArn: local.kmsKey.keyArn, deliveryDependencies: local.deliveryDependencies }
      : props.remoteLogBucket!;
    if (local) {
      cloudTrailBucketStatements(local.bucketArn, identity).forEach((s) => local.addToResourcePolicy(s));
      cloudTrailKeyStatements(identity).forEach((s) => local.kmsKey.addToKeyPolicy(s));
    }

    const trail = new Cloudtrail(this, "Resource", {
      name: props.trailName,
      s3BucketName: destination.bucketName,
      s3KeyPrefix: CLOUDTRAIL_PREFIX,
      kmsKeyId: destination.kmsKeyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      advancedEventSelector: eventSelectors([destination.bucketArn, ...(props.evidenceBucketArns ?? [])], props.dataEventBucketArns ?? []),
      // CloudTrail checks at creation that it may write to the bucket.
      dependsOn: [...(destination.deliveryDependencies ?? [])],
    });
    this.trailArn = trail.arn;
  }
}

function eventSelectors(evidenceBucketArns: readonly string[], dataEventBucketArns: readonly string[]): CloudtrailAdvancedEventSelector[] {
  const evidenceObjects = evidenceBucketArns.map((arn) => `${arn}/`);
  const selectors: CloudtrailAdvancedEventSelector[] = [
    { name: "management-events", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
    {
      name: "log-bucket-reads",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "readOnly", equalTo: ["true"] },
        { field: "resources.ARN", startsWith: evidenceObjects },
      ],
    },
    {
      name: "log-bucket-tampering",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "eventName", equalTo: [...LOG_BUCKET_TAMPER_EVENTS] },
        { field: "resources.ARN", startsWith: evidenceObjects },
      ],
    },
  ];
  if (dataEventBucketArns.length > 0) {
    selectors.push({
      // Every object read and write (no readOnly field) of the buckets in dataEventBucketArns.
      name: "bucket-object-reads-and-writes",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWith: dataEventBucketArns.map((arn) => `${arn}/`) },
      ],
    });
  }
  return selectors;
}
