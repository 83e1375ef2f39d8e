import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { IAM_ROLE_ARN, S3_BUCKET_NAME } from "../shared/limits/aws";
import { RetentionTier, validateRetentionTier } from "../shared/retention-tier";
import { PropValidator } from "../shared/validation-error";
import { denyInsecureRequests, s3BucketBaseline } from "./bucket-baseline";
import { TrailIdentity, cloudTrailBucketStatements, cloudTrailKeyStatements } from "./cloudtrail-delivery";
import { EvidenceGuard, S3_EVIDENCE_PROTECTED_ACTIONS, evidenceGuardStatements } from "./evidence-guard";
import { IKmsKey } from "./kms-key";
import { s3LifecycleRules } from "./lifecycle-rules";
import { PolicyDocument, PolicyStatement } from "./policy-document";

/** A write-once log bucket other constructs deliver evidence into. */
export interface ILogBucket {
  /** The bucket's name, as the resource's `bucket` attribute (a reference, never a literal). */
  readonly bucketName: string;
  /** The bucket's ARN, as the resource's `arn` attribute. */
  readonly bucketArn: string;
  /** The key every object is encrypted with; a delivery service is granted its use by `grantDelivery`. */
  readonly kmsKey: IKmsKey;
  /** Resources a log delivery service must wait for (the bucket policy that lets it write). */
  readonly deliveryDependencies: readonly ITerraformDependable[];
  /**
   * Lets exactly one trail deliver: adds to the bucket policy the statements that let it check
   * the ACL and write under `cloudtrail/AWSLogs/<its account>/`, and to the key policy the
   * statements that let it encrypt, all scoped to that trail by `aws:SourceArn`.
   */
  grantDelivery(trail: TrailIdentity): void;
  /** Adds a statement to the bucket policy (for permissions `grantDelivery` does not cover). */
  addToResourcePolicy(statement: PolicyStatement): void;
}

export interface ImmutableLogBucketProps {
  /** Bucket name: 3-63 lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit. */
  readonly bucketName: string;
  /** Key every object is encrypted with; uploads naming another key are denied. */
  readonly kmsKey: IKmsKey;
  /** Lifecycle and write-once period; its `immutabilityDays` becomes the Object Lock default retention. */
  readonly retentionTier: RetentionTier;
  /**
   * Lock the retention: Object Lock in COMPLIANCE mode, which nobody, the account root
   * included, can shorten or bypass. `false` loosens to GOVERNANCE mode, which lets principals
   * with `s3:BypassGovernanceRetention` delete locked versions (for short-lived environments).
   * @default true
   */
  readonly lockRetention?: boolean;
  /** Refuse any plan that destroys the bucket. @default true */
  readonly preventDestroy?: boolean;
  /**
   * Deny changing the Object Lock configuration, bypassing governance retention, changing
   * lifecycle or default encryption and replacing the bucket policy, to everyone but an optional
   * break-glass role with MFA (the evidence bucket of `strict`). Later Terraform changes to
   * those settings then need the break-glass role.
   * @default - no guard: the account's administrators may change those settings
   */
  readonly evidenceGuard?: EvidenceGuard;
}

/**
 * S3 bucket for audit evidence: Object Lock (enabled at creation, default retention in
 * COMPLIANCE mode) with versioning, SSE-KMS with the environment's logs key and a bucket key,
 * all four public-access blocks, ACLs disabled, a policy denying non-TLS requests and uploads
 * that ask for another encryption or another key, lifecycle from a retention tier (current and
 * noncurrent versions), never force-destroyed. The bucket depends on its key, so a destroy
 * deletes the bucket before it may schedule the key's deletion: while any locked object keeps
 * the bucket from being deleted, Terraform skips the key and the evidence stays readable.
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
  /** Terraform id of the bucket (its name), for companion resources such as access logging. */
  public readonly bucketId: string;
  public readonly resource: S3Bucket;
  public readonly kmsKey: IKmsKey;
  /** Object Lock default retention mode: COMPLIANCE when the retention is locked, else GOVERNANCE. */
  public readonly objectLockMode: "COMPLIANCE" | "GOVERNANCE";
  /** Whether the retention is locked (COMPLIANCE mode). */
  public readonly retentionLocked: boolean;
  public readonly retentionTier: RetentionTier;
  public readonly deliveryDependencies: readonly ITerraformDependable[];
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: ImmutableLogBucketProps) {
    const locked = props.lockRetention ?? true;
    const mode = locked ? "COMPLIANCE" : "GOVERNANCE";
    // The Object Lock bounds of immutabilityDays are the tier's (RETENTION_DAYS_INVALID,
    // AWS_S3_OBJECT_LOCK_OUT_OF_RANGE): reported once, with this bucket's own problems.
    new PropValidator(scope, id)
      .matches("bucketName", props.bucketName, S3_BUCKET_NAME, "AWS_S3_BUCKET_NAME_INVALID")
      .matches("evidenceGuard.breakGlassRoleArn", props.evidenceGuard?.breakGlassRoleArn, IAM_ROLE_ARN, "AWS_S3_BREAK_GLASS_ROLE_INVALID")
      .include(validateRetentionTier(props.retentionTier, ["aws"]))
      .throwIfInvalid();
    super(scope, id);

    const bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      // Object Lock can only be switched on when the bucket is created.
      objectLockEnabled: true,
      forceDestroy: false,
      tags: { purpose: "logs" },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      // Destroy runs in reverse dependency order, and Terraform skips a resource whose
      // dependents failed to destroy (terraform docs/destroying.md, internal/dag/walk.go). The
      // bucket refuses deletion while it holds a version (force_destroy false), so the key,
      // which must outlive every object it encrypts, is then never scheduled for deletion.
      dependsOn: [props.kmsKey.resource],
    });
    const baseline = s3BucketBaseline(this, bucket.id, { kmsKeyArn: props.kmsKey.keyArn });
    const { versioning } = baseline;
    const objectLock = new S3BucketObjectLockConfigurationA(this, "ObjectLock", {
      bucket: bucket.id,
      rule: { defaultRetention: { mode, days: props.retentionTier.immutabilityDays } },
      dependsOn: [versioning],
    });
    const lifecycle = new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucket.id,
      rule: s3LifecycleRules(props.retentionTier),
      dependsOn: [versioning],
    });

    this.policy = new PolicyDocument([
      ...baselinePolicy(bucket.arn, props.kmsKey.keyArn),
      ...(props.evidenceGuard ? evidenceGuardStatements("Bucket", S3_EVIDENCE_PROTECTED_ACTIONS, [bucket.arn, `${bucket.arn}/*`], props.evidenceGuard) : []),
    ]);
    const bucketPolicy = new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      policy: this.policy.render(),
      // A policy put before the public access block could be judged public and rejected; and
      // the guard denies the calls that create the other companions, so they go first: the
      // first apply is never refused, only later changes need the break-glass role.
      dependsOn: [baseline.publicAccessBlock, baseline.encryption, baseline.ownershipControls, objectLock, lifecycle],
    });

    this.bucketName = bucket.bucket;
    this.bucketId = bucket.id;
    this.resource = bucket;
    this.bucketArn = bucket.arn;
    this.kmsKey = props.kmsKey;
    this.objectLockMode = mode;
    this.retentionLocked = locked;
    this.retentionTier = props.retentionTier;
    this.deliveryDependencies = [bucketPolicy];
  }

  public grantDelivery(trail: TrailIdentity): void {
    cloudTrailBucketStatements(this.bucketArn, trail).forEach((s) => this.policy.add(s));
    cloudTrailKeyStatements(trail).forEach((s) => this.kmsKey.addToKeyPolicy(s));
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
