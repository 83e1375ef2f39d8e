import { Cloudtrail, CloudtrailAdvancedEventSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_TRAIL_NAME } from "../shared/limits/aws";
import { awsTrailArn } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { CLOUDTRAIL_PREFIX, TrailIdentity } from "./cloudtrail-delivery";
import { ILogBucket } from "./immutable-log-bucket";

/**
 * Object-level writes on the log bucket that delete evidence or change its lock, recorded as
 * data events (field `eventName`, CloudTrail user guide "Filtering data events by using
 * advanced event selectors"). Deleting or unlocking must be visible even when Object Lock
 * refuses it: CloudTrail records denied calls with their error code.
 */
export const LOG_BUCKET_TAMPER_EVENTS = ["DeleteObject", "DeleteObjects", "PutObjectRetention", "PutObjectLegalHold"] as const;

/**
 * A write-once bucket in another account (the dedicated evidence account), whose bucket and key
 * policies that account's stack wrote with `ILogBucket.grantDelivery` for this trail: nothing
 * is added here, the trail only delivers.
 */
export interface RemoteLogBucket {
  /** Bucket name: a literal from the naming function both stacks use (`awsLogBucketName`). */
  readonly bucketName: string;
  /** Bucket ARN, `arn:<partition>:s3:::<bucketName>` (`awsS3BucketArn`). */
  readonly bucketArn: string;
  /** Key ARN (not an alias: CloudTrail returns the key ARN on read, an alias would never converge). */
  readonly kmsKeyArn: string;
  /** What the trail waits for in this stack (the lookup of the key). @default - nothing */
  readonly deliveryDependencies?: readonly ITerraformDependable[];
}

export interface AuditTrailProps {
  /** Trail name, 3-128 letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
  readonly trailName: string;
  /** The trail's account, 12 digits: part of the trail ARN the bucket and key policies name. */
  readonly accountId: string;
  /** Partition of the trail's account (`aws`, `aws-cn`, `aws-us-gov`). */
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
      .matches("trailName", props.trailName, AWS_TRAIL_NAME, "AWS_TRAIL_NAME_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID")
      .require(
        (props.logBucket === undefined) !== (props.remoteLogBucket === undefined),
        "AWS_TRAIL_DESTINATION_INVALID",
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
      trailArn: awsTrailArn(props.partition, props.region, props.accountId, props.trailName),
    };
    const local = props.logBucket;
    const destination = local
      ? { bucketName: local.bucketName, bucketArn: local.bucketArn, kmsKeyArn: local.kmsKey.keyArn, deliveryDependencies: local.deliveryDependencies }
      : props.remoteLogBucket!;
    local?.grantDelivery(identity);

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
