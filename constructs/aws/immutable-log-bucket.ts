import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { RetentionTier, assertValidRetentionTier } from "../shared/retention-tier";
import { PropValidator } from "../shared/validation-error";
import { denyInsecureRequests, s3BucketBaseline } from "./bucket-baseline";
import { IKmsKey } from "./kms-key";
import { s3LifecycleRules } from "./lifecycle-rules";
import { PolicyDocument, PolicyStatement } from "./policy-document";

/** S3 limit on Object Lock default retention. */
export const OBJECT_LOCK_MAX_DAYS = 36_500;

/** A write-once log bucket other constructs deliver evidence into. */
export interface ILogBucket {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly kmsKey: IKmsKey;
  /** Resources a log delivery service must wait for (the bucket policy that lets it write). */
  readonly deliveryDependencies: readonly ITerraformDependable[];
  /** Adds a statement to the bucket policy (a log delivery service's write permission). */
  addToResourcePolicy(statement: PolicyStatement): void;
}

export interface ImmutableLogBucketProps {
  /** Bucket name, 3-63 lowercase letters, digits, `-` and `.`. */
  readonly bucketName: string;
  /** Key every object is encrypted with; uploads naming another key are denied. */
  readonly kmsKey: IKmsKey;
  /** Lifecycle and write-once period; its `immutabilityDays` becomes the Object Lock default retention. */
  readonly retentionTier: RetentionTier;
  /**
   * Object Lock mode. GOVERNANCE lets principals with `s3:BypassGovernanceRetention` delete
   * locked versions: an explicit loosening for short-lived environments.
   * @default "COMPLIANCE"
   */
  readonly objectLockMode?: "COMPLIANCE" | "GOVERNANCE";
  /** Refuse any plan that destroys the bucket. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * S3 bucket for audit evidence: Object Lock (enabled at creation, default retention in
 * COMPLIANCE mode) with versioning, SSE-KMS with the environment's logs key and a bucket key,
 * all four public-access blocks, ACLs disabled, a policy denying non-TLS requests and uploads
 * that ask for another encryption or another key, lifecycle from a retention tier (current and
 * noncurrent versions), never force-destroyed.
 *
 * @example
 * const logs = new ImmutableLogBucket(this, "logs", {
 *   bucketName: "acme-ai-prod-logs-222222222222",
 *   kmsKey: logsKey,
 *   retentionTier: RETENTION_TIER_PRESETS["compliance-7y"],
 * });
 */
export class ImmutableLogBucket extends Construct implements ILogBucket {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly kmsKey: IKmsKey;
  public readonly objectLockMode: "COMPLIANCE" | "GOVERNANCE";
  public readonly retentionTier: RetentionTier;
  public readonly deliveryDependencies: readonly ITerraformDependable[];
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: ImmutableLogBucketProps) {
    const mode = props.objectLockMode ?? "COMPLIANCE";
    new PropValidator(scope, id)
      .require(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName), "S3_BUCKET_NAME_INVALID", "bucketName", props.bucketName, "3-63 lowercase letters, digits, - and .")
      .integerInRange("retentionTier.immutabilityDays", props.retentionTier.immutabilityDays, 1, OBJECT_LOCK_MAX_DAYS, "OBJECT_LOCK_RETENTION_OUT_OF_RANGE")
      .require(mode === "COMPLIANCE" || mode === "GOVERNANCE", "OBJECT_LOCK_MODE_INVALID", "objectLockMode", mode, "COMPLIANCE or GOVERNANCE")
      .throwIfInvalid();
    assertValidRetentionTier(props.retentionTier, ["aws"]);
    super(scope, id);

    const bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      // Object Lock can only be switched on when the bucket is created.
      objectLockEnabled: true,
      forceDestroy: false,
      tags: { purpose: "logs" },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    const { versioning, publicAccessBlock } = s3BucketBaseline(this, bucket.id, props.kmsKey.keyArn);
    new S3BucketObjectLockConfigurationA(this, "ObjectLock", {
      bucket: bucket.id,
      rule: { defaultRetention: { mode, days: props.retentionTier.immutabilityDays } },
      dependsOn: [versioning],
    });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucket.id,
      rule: s3LifecycleRules(props.retentionTier),
      dependsOn: [versioning],
    });

    this.policy = new PolicyDocument(baselinePolicy(bucket.arn, props.kmsKey.keyArn));
    const bucketPolicy = new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      policy: this.policy.render(),
      // A policy put before the public access block could be judged public and rejected.
      dependsOn: [publicAccessBlock],
    });

    this.bucketName = props.bucketName;
    this.bucketArn = bucket.arn;
    this.kmsKey = props.kmsKey;
    this.objectLockMode = mode;
    this.retentionTier = props.retentionTier;
    this.deliveryDependencies = [bucketPolicy];
  }

  public addToResourcePolicy(statement: PolicyStatement): void {
    this.policy.add(statement);
  }
}

/**
 * Deny plaintext transport; deny uploads that ask for an encryption other than SSE-KMS or for
 * a key other than the logs key. Uploads that name neither get the bucket default (the logs
 * key), which is how CloudTrail and log delivery services write.
 */
function baselinePolicy(bucketArn: string, keyArn: string): PolicyStatement[] {
  return [
    ...denyInsecureRequests(bucketArn),
    {
      Sid: "DenyOtherKmsKeys",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: `${bucketArn}/*`,
      Condition: {
        StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
      },
    },
  ];
}
