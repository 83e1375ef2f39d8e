import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { ACCESS_LOG_SOURCE_ID, AWS_ACCOUNT_ID, S3_BUCKET_NAME } from "../shared/limits/aws";
import { pascalCase } from "../shared/naming";
import { satisfies } from "../shared/limits/text-rule";
import { RetentionTier, validateRetentionTier } from "../shared/retention-tier";
import { PropValidator } from "../shared/validation-error";
import { denyInsecureTransport, s3BucketBaseline } from "./bucket-baseline";
import { s3LifecycleRules } from "./lifecycle-rules";
import { PolicyDocument } from "./policy-document";

/** The S3 service principal that delivers server access logs. */
const S3_LOGGING_SERVICE = "logging.s3.amazonaws.com";

/** A bucket whose server access logs can be delivered: referenced by attribute, never by name. */
export interface IAccessLogSource {
  /** Terraform id of the source bucket (its name). */
  readonly bucketId: string;
  /** ARN of the source bucket: the `aws:SourceArn` the delivery grant is scoped to. */
  readonly bucketArn: string;
}

export interface AccessLogBucketProps {
  /** Bucket name: 3-63 lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit. */
  readonly bucketName: string;
  /** Account of the bucket and of every source bucket, 12 digits (S3 delivers within one account only). */
  readonly accountId: string;
  /** Lifecycle of the access logs: the tier's transitions and expiry (no Object Lock, see below). */
  readonly retentionTier: RetentionTier;
  /** Refuse any plan that destroys the bucket. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * Target bucket for S3 server access logs, which record every request to a bucket, including
 * the ones refused (CloudTrail data events do not cover authentication failures). S3 restricts
 * the target (Amazon S3 User Guide, "Enabling Amazon S3 server access logging"): same account
 * and region as the source, no Object Lock, and default encryption SSE-S3 only (SSE-KMS is
 * not supported), so this bucket cannot be the write-once log bucket. Otherwise the blueprint
 * baseline: versioned, all four public-access blocks, ACLs disabled (BucketOwnerEnforced, so
 * delivery is granted by bucket policy to `logging.s3.amazonaws.com`, scoped per source by
 * `aws:SourceArn` and `aws:SourceAccount`), TLS only, lifecycle from a retention tier, never
 * force-destroyed, and never logging into itself (that would log its own deliveries forever).
 *
 * @example
 * const accessLogs = new AccessLogBucket(this, "access-logs", {
 *   bucketName: "acme-ai-prod-access-logs-222222222222",
 *   accountId: "222222222222",
 *   retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
 * });
 * accessLogs.logsFrom("log-bucket", logBucket);
 */
export class AccessLogBucket extends Construct {
  /** The bucket's name, as the resource's `bucket` attribute. */
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly bucketId: string;
  public readonly resource: S3Bucket;
  private readonly accountId: string;
  private readonly policy: PolicyDocument;
  private readonly bucketPolicy: S3BucketPolicy;
  private readonly sources = new Set<string>();

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    new PropValidator(scope, id)
      .matches("bucketName", props.bucketName, S3_BUCKET_NAME, "AWS_S3_BUCKET_NAME_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .include(validateRetentionTier(props.retentionTier, ["aws"]))
      .throwIfInvalid();
    super(scope, id);

    const bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      forceDestroy: false,
      tags: { purpose: "access-logs" },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const baseline = s3BucketBaseline(this, bucket.id, "SSE-S3");
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucket.id,
      rule: s3LifecycleRules(props.retentionTier),
      dependsOn: [baseline.versioning],
    });
    this.policy = new PolicyDocument([denyInsecureTransport(bucket.arn)]);
    this.bucketPolicy = new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      policy: this.policy.render(),
      // A policy put before the public access block could be judged public and rejected.
      dependsOn: [baseline.publicAccessBlock],
    });

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketId = bucket.id;
    this.resource = bucket;
    this.accountId = props.accountId;
  }

  /**
   * Turns on server access logging of `source` into this bucket under `<sourceId>/`, and lets
   * S3 deliver there for that source only. `sourceId` names the child resource and the policy
   * statement: kebab-case, unique per bucket.
   */
  public logsFrom(sourceId: string, source: IAccessLogSource): S3BucketLoggingA {
    new PropValidator(this, `logs-from-${sourceId}`)
      // Not `matches`: the id names a child construct, so a token (known only at apply) is refused too.
      .require(satisfies(ACCESS_LOG_SOURCE_ID, sourceId), "AWS_ACCESS_LOG_SOURCE_ID_INVALID", "sourceId", sourceId, ACCESS_LOG_SOURCE_ID.accepted)
      .require(!this.sources.has(sourceId), "AWS_ACCESS_LOG_SOURCE_DUPLICATE", "sourceId", sourceId, "each source once")
      .require(source.bucketArn !== this.bucketArn, "AWS_ACCESS_LOG_SELF_TARGET", "source", source.bucketArn, "another bucket: logging into itself logs its own deliveries forever")
      .throwIfInvalid();
    this.sources.add(sourceId);
    const prefix = `${sourceId}/`;
    this.policy.add({
      Sid: `S3ServerAccessLogsFrom${pascalCase(sourceId)}`,
      Effect: "Allow",
      Principal: { Service: S3_LOGGING_SERVICE },
      Action: "s3:PutObject",
      Resource: `${this.bucketArn}/${prefix}*`,
      Condition: {
        ArnLike: { "aws:SourceArn": source.bucketArn },
        StringEquals: { "aws:SourceAccount": this.accountId },
      },
    });
    return new S3BucketLoggingA(this, `logging-${sourceId}`, {
      bucket: source.bucketId,
      targetBucket: this.bucketId,
      targetPrefix: prefix,
      // Delivery is authorised by the policy statement above, so it must exist first.
      dependsOn: [this.bucketPolicy],
    });
  }
}
