import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { AWS_ACCOUNT_ID, AWS_PARTITION, IAM_ROLE_ARN } from "../shared/limits/aws";
import { APPROVED_RETENTION_DAYS, INCOMING_EXPIRY_DAYS, LINEAGE_TAG_KEY, LINEAGE_TAGS, REGISTRY_NAME, REGISTRY_PRINCIPALS } from "../shared/limits/registry";
import { satisfies } from "../shared/limits/text-rule";
import { MODEL_NAME_PATTERN, ModelRegistrySpec, registryPrefix } from "../shared/model-registry-spec";
import { awsRegistryBucketName, awsServiceHost, pascalCase, stableSuffix } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { AccessLogBucket } from "./access-log-bucket";
import { denyInsecureRequests, s3BucketBaseline } from "./bucket-baseline";
import { IKmsKey } from "./kms-key";
import { ABORT_INCOMPLETE_UPLOAD_DAYS, NONCURRENT_VERSION_EXPIRATION_DAYS } from "./lifecycle-rules";
import { ConditionBlock, PolicyDocument, PolicyStatement } from "./policy-document";

/** The `purpose` tag of a registry bucket: how the policy rules recognise one. */
export const MODEL_REGISTRY_PURPOSE = "model-registry";

/**
 * What a publisher may do on its objects under `incoming/`. `s3:PutObjectTagging` because an
 * upload that carries `x-amz-tagging` (the lineage tags) needs it beside s3:PutObject (Amazon
 * S3 User Guide, "Categorizing your objects using tags"; boto/boto3#2675 grants both);
 * `s3:AbortMultipartUpload` so a failed upload can be cleaned up by its publisher.
 * CreateMultipartUpload, UploadPart and CompleteMultipartUpload are all s3:PutObject (Amazon S3
 * User Guide, "Multipart upload and permissions").
 */
export const REGISTRY_PUBLISH_ACTIONS = ["s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload"] as const;

/** What a reader may do on objects under `approved/`: read a version and its lineage tags. */
export const REGISTRY_READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging"] as const;

/**
 * Key use a publisher needs: kms:GenerateDataKey for PutObject and CreateMultipartUpload, and
 * kms:Decrypt for UploadPart and CompleteMultipartUpload, which read the parts already encrypted
 * (Amazon S3 User Guide, "Multipart upload and permissions"; AWS Knowledge Center,
 * "s3-large-file-encryption-kms-key").
 */
export const REGISTRY_PUBLISH_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;

/** Key use a reader needs: decrypt the object's data key. */
export const REGISTRY_READ_KEY_ACTIONS = ["kms:Decrypt"] as const;

/**
 * Every change under `approved/` but reading: writes (PutObject covers CopyObject and the
 * multipart calls), deletes, tag, ACL, retention and legal-hold changes and the governance
 * bypass. Only the gate identity may do them.
 */
export const REGISTRY_APPROVED_PROTECTED_ACTIONS = [
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:PutObjectTagging",
  "s3:PutObjectVersionTagging",
  "s3:DeleteObjectTagging",
  "s3:DeleteObjectVersionTagging",
  "s3:PutObjectAcl",
  "s3:PutObjectVersionAcl",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:BypassGovernanceRetention",
] as const;

/** An IAM identity-policy statement: a PolicyStatement without `Principal`. */
export type IdentityPolicyStatement = Omit<PolicyStatement, "Principal">;

/**
 * A principal that receives grants in its own identity policy (a function's role, later): the
 * registry then adds nothing to the bucket or key policy, so the role need not exist before
 * either policy is applied. Same-account key use through IAM works because the key policy
 * delegates to the account (constructs/aws/kms-key.ts, AccountRootDelegatesToIam).
 */
export interface IRegistryGrantee {
  /** The role's ARN, `arn:<partition>:iam::<account>:role/<name>`. */
  readonly roleArn: string;
  /** Adds a statement to the role's identity policy. */
  addToPrincipalPolicy(statement: IdentityPolicyStatement): void;
}

export interface ModelRegistryProps {
  /** The registry from config: name, publishers, readers, lineage tags, expiry and retention days. */
  readonly spec: ModelRegistrySpec;
  /** Organisation slug, the first part of the bucket name. */
  readonly organization: string;
  /** Environment name, the second part of the bucket name. */
  readonly environment: string;
  /** The environment's account (12 digits): the bucket name's suffix. */
  readonly accountId: string;
  /** The bucket's region: part of the `kms:ViaService` the grants' key use is bound to. */
  readonly region: string;
  /** Partition of `region` (`aws`, `aws-cn`, `aws-us-gov`). @default "aws" */
  readonly partition?: string;
  /** The environment's `registry` key: default encryption, and the only key uploads may name. */
  readonly kmsKey: IKmsKey;
  /** Target of the bucket's server access logs (same account and region). */
  readonly accessLogBucket: AccessLogBucket;
  /**
   * The promotion gate's role, the only principal that may write, delete, retag or lock objects
   * under `approved/`.
   * @default - none: nobody may change anything under `approved/` (the Deny has no exception)
   */
  readonly gateRoleArn?: string;
  /** Refuse any plan that destroys the bucket. @default true */
  readonly preventDestroy?: boolean;
  /**
   * Grant every `spec.publishers` role publishing and every `spec.readers` role reading on the
   * whole registry, through the bucket and key policies.
   * @default true
   */
  readonly grantConfiguredPrincipals?: boolean;
}

/**
 * One model registry's artifact bucket. Layout: publishers upload under `incoming/<model>/
 * <version>/` with the lineage tags; only the promotion gate writes `approved/<model>/
 * <version>/`, where it sets per-object Object Lock retention; readers read only `approved/`.
 *
 * The bucket: Object Lock enabled at creation (it needs versioning) with no default
 * retention, so `incoming/` uploads stay deletable by lifecycle;
 * SSE-KMS under the environment's registry key with a bucket key; all public access blocked;
 * ACLs disabled; server access logs to the environment's access-log bucket; lifecycle that
 * expires unprocessed uploads and never touches `approved/`; a bucket policy that denies
 * plaintext, other encryption and other keys, uploads under `incoming/` without lineage tags,
 * copies into `incoming/`, every change under `approved/` but the gate's, and every deletion of
 * an object version.
 *
 * Apply order: every role this construct names in the bucket policy or in the key policy
 * (publishers, readers, the gate) must exist before the policy is applied. S3 refuses a bucket
 * policy naming an unknown principal ("Invalid principal in policy", MalformedPolicy) and KMS a
 * key policy naming one (MalformedPolicyDocumentException). Roles created in the same stack
 * should receive their grants as an `IRegistryGrantee` (identity policy) instead.
 *
 * @example
 * const registry = new ModelRegistry(this, "fraud-scoring", {
 *   spec, organization: "acme-ai", environment: "prod", accountId: "222222222222",
 *   region: "eu-west-1", kmsKey: keys.registry, accessLogBucket,
 * });
 * registry.grantRead("arn:aws:iam::222222222222:role/serving", "fraud-model");
 */
export class ModelRegistry extends Construct {
  /** The registry's name, e.g. `fraud-scoring`. */
  public readonly registryName: string;
  /** The bucket's name, as the resource's `bucket` attribute. */
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** Terraform id of the bucket (its name). */
  public readonly bucketId: string;
  public readonly resource: S3Bucket;
  public readonly kmsKey: IKmsKey;
  /** Where readers (MLflow, serving) read: `s3://<bucket>/approved/`. */
  public readonly approvedUri: string;
  /** The tags every upload under `incoming/` must carry. */
  public readonly lineageTags: readonly string[];
  private readonly policy: PolicyDocument;
  private readonly viaService: string;
  private readonly granted = new Map<string, string[]>();

  constructor(scope: Construct, id: string, props: ModelRegistryProps) {
    const spec = props.spec;
    const validator = new PropValidator(scope, id)
      .matches("spec.name", spec.name, REGISTRY_NAME, "AWS_REGISTRY_NAME_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID")
      .matches("gateRoleArn", props.gateRoleArn, IAM_ROLE_ARN, "AWS_REGISTRY_GATE_ROLE_INVALID")
      .integerInRange("spec.incomingExpiryDays", spec.incomingExpiryDays, INCOMING_EXPIRY_DAYS.min, INCOMING_EXPIRY_DAYS.max, "AWS_REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE")
      .integerInRange("spec.approvedRetentionDays", spec.approvedRetentionDays, APPROVED_RETENTION_DAYS.min, APPROVED_RETENTION_DAYS.max, "AWS_REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE")
      .require(
        spec.lineageTags.length >= LINEAGE_TAGS.min && spec.lineageTags.length <= LINEAGE_TAGS.max,
        "AWS_REGISTRY_LINEAGE_TAG_COUNT",
        "spec.lineageTags",
        spec.lineageTags.length,
        `${LINEAGE_TAGS.min} to ${LINEAGE_TAGS.max} tags (S3 allows 10 per object, one is the gate's)`,
      )
      .require(new Set(spec.lineageTags).size === spec.lineageTags.length, "AWS_REGISTRY_LINEAGE_TAG_DUPLICATE", "spec.lineageTags", spec.lineageTags.join(","), "each tag once");
    // Not `matches`: a tag key becomes a condition key and a Sid, so a token is refused too.
    spec.lineageTags.forEach((tag, i) => validator.require(satisfies(LINEAGE_TAG_KEY, tag), "AWS_REGISTRY_LINEAGE_TAG_INVALID", `spec.lineageTags[${i}]`, tag, LINEAGE_TAG_KEY.accepted));
    for (const [prop, list] of [["spec.publishers", spec.publishers], ["spec.readers", spec.readers]] as const) {
      validator.require(list.length <= REGISTRY_PRINCIPALS.max, "AWS_REGISTRY_TOO_MANY_PRINCIPALS", prop, list.length, `at most ${REGISTRY_PRINCIPALS.max}`);
      validator.require(new Set(list).size === list.length, "AWS_REGISTRY_PRINCIPAL_DUPLICATE", prop, list.join(","), "each role once");
      list.forEach((arn, i) => validator.matches(`${prop}[${i}]`, arn, IAM_ROLE_ARN, "AWS_REGISTRY_PRINCIPAL_INVALID"));
    }
    validator.throwIfInvalid();
    super(scope, id);

    const partition = props.partition ?? "aws";
    // kms:ViaService names the S3 endpoint of the bucket's region (AWS KMS Developer Guide,
    // "kms:ViaService"); the China partition's endpoints end in amazonaws.com.cn.
    this.viaService = awsServiceHost("s3", partition, props.region);
    const bucket = new S3Bucket(this, "Resource", {
      bucket: awsRegistryBucketName(props.organization, props.environment, spec.name, props.accountId),
      // Enabled at creation (aws_s3_bucket object_lock_enabled, still there in 6.25, "Forces
      // new resource"). S3 now also lets a versioned bucket turn it on later
      // (aws_s3_bucket_object_lock_configuration: the token "is deprecated and no longer needed
      // to enable Object Lock ... for an existing bucket"), but at creation the bucket never
      // exists unlockable. No aws_s3_bucket_object_lock_configuration on purpose: a default
      // retention would lock unprocessed uploads too; the gate sets retention per object on
      // its approved/ copies.
      objectLockEnabled: true,
      forceDestroy: false,
      tags: { purpose: MODEL_REGISTRY_PURPOSE, registry: spec.name },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
      // The key must outlive every object it encrypts: destroy deletes the bucket first, and
      // skips the key while the bucket refuses deletion (see ImmutableLogBucket).
      dependsOn: [props.kmsKey.resource],
    });
    const baseline = s3BucketBaseline(this, bucket.id, { kmsKeyArn: props.kmsKey.keyArn });
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucket.id,
      rule: registryLifecycleRules(spec.incomingExpiryDays),
      dependsOn: [baseline.versioning],
    });
    this.policy = new PolicyDocument(registryPolicy(bucket.arn, props.kmsKey.keyArn, spec.lineageTags, props.gateRoleArn));
    new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      policy: this.policy.render(),
      // A policy put before the public access block could be judged public and rejected.
      dependsOn: [baseline.publicAccessBlock],
    });

    this.registryName = spec.name;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketId = bucket.id;
    this.resource = bucket;
    this.kmsKey = props.kmsKey;
    this.lineageTags = [...spec.lineageTags];
    this.approvedUri = `s3://${bucket.bucket}/${registryPrefix("approved")}`;
    props.accessLogBucket.logsFrom(`registry-${spec.name}`, this);

    if (props.grantConfiguredPrincipals ?? true) {
      spec.publishers.forEach((arn) => this.grantPublish(arn));
      spec.readers.forEach((arn) => this.grantRead(arn));
    }
  }

  /**
   * Lets `grantee` upload under `incoming/<model>/` (or all of `incoming/` without `model`) and
   * list that prefix, with the key use SSE-KMS uploads need, bound to this bucket through S3.
   * A role ARN is granted in the bucket and key policies (the role must exist first); an
   * `IRegistryGrantee` receives the statements in its identity policy. Returns the
   * identity-policy form either way.
   */
  public grantPublish(grantee: string | IRegistryGrantee, model?: string): IdentityPolicyStatement[] {
    return this.grant("Publish", grantee, model, "incoming", REGISTRY_PUBLISH_ACTIONS, REGISTRY_PUBLISH_KEY_ACTIONS);
  }

  /**
   * Lets `grantee` read under `approved/<model>/` (or all of `approved/` without `model`) and
   * list that prefix, with kms:Decrypt bound to this bucket through S3. Grantee as in
   * `grantPublish`.
   */
  public grantRead(grantee: string | IRegistryGrantee, model?: string): IdentityPolicyStatement[] {
    return this.grant("Read", grantee, model, "approved", REGISTRY_READ_ACTIONS, REGISTRY_READ_KEY_ACTIONS);
  }

  /** Adds a statement to the bucket policy (for permissions the grants do not cover). */
  public addToResourcePolicy(statement: PolicyStatement): void {
    this.policy.add(statement);
  }

  private grant(
    kind: "Publish" | "Read",
    grantee: string | IRegistryGrantee,
    model: string | undefined,
    area: "incoming" | "approved",
    objectActions: readonly string[],
    keyActions: readonly string[],
  ): IdentityPolicyStatement[] {
    const roleArn = typeof grantee === "string" ? grantee : grantee.roleArn;
    new PropValidator(this, `grant-${kind.toLowerCase()}`)
      .matches("grantee", roleArn, IAM_ROLE_ARN, "AWS_REGISTRY_PRINCIPAL_INVALID")
      // A model name becomes part of an object ARN: `*`, `?` or `/` would reach other models.
      .require(model === undefined || MODEL_NAME_PATTERN.test(model), "AWS_REGISTRY_MODEL_NAME_INVALID", "model", model, "1-63 lowercase letters, digits, '.', '_' and '-', starting with a letter or digit")
      .throwIfInvalid();
    const prefix = registryPrefix(area, model);
    // Sids are [A-Za-z0-9] only: the model's Pascal form plus a hash of its prefix, since
    // `fraud.model` and `fraud-model` read the same in Pascal case.
    const sid = `${kind}${pascalCase(area)}${model === undefined ? "" : `${pascalCase(model)}${stableSuffix(6, prefix)}`}`;
    const keySid = `${kind}Models${pascalCase(this.registryName)}${stableSuffix(4, this.registryName)}Key`;
    const identity: IdentityPolicyStatement[] = [
      { Sid: `${sid}Objects`, Effect: "Allow", Action: [...objectActions], Resource: `${this.bucketArn}/${prefix}*` },
      { Sid: `${sid}List`, Effect: "Allow", Action: "s3:ListBucket", Resource: this.bucketArn, Condition: { StringLike: { "s3:prefix": [prefix, `${prefix}*`] } } },
      { Sid: keySid, Effect: "Allow", Action: [...keyActions], Resource: this.kmsKey.keyArn, Condition: this.keyCondition() },
    ];
    if (typeof grantee === "string") {
      // One statement per prefix (and one key statement per kind), naming every role granted
      // it: a statement per role would outgrow S3's 20 KB bucket-policy and KMS's 32 KB
      // key-policy limits long before REGISTRY_PRINCIPALS does.
      this.principalsOf(`bucket:${sid}`, (principals) => {
        this.policy.add(withPrincipal(identity[0]!, principals));
        this.policy.add(withPrincipal(identity[1]!, principals));
      }).add(roleArn);
      // In a key policy `*` is the key itself.
      this.principalsOf(`key:${keySid}`, (principals) => this.kmsKey.addToKeyPolicy({ ...withPrincipal(identity[2]!, principals), Resource: "*" })).add(roleArn);
    } else {
      identity.forEach((s) => grantee.addToPrincipalPolicy(s));
    }
    return identity;
  }

  /**
   * The roles of one shared grant statement; `create` adds the statement the first time with
   * the list itself. The policies render at synth, so a role added later is in the statement.
   */
  private principalsOf(key: string, create: (principals: readonly string[]) => void): { add(roleArn: string): void } {
    let roles = this.granted.get(key);
    if (!roles) {
      roles = [];
      create(roles);
      this.granted.set(key, roles);
    }
    const list = roles;
    return { add: (roleArn: string) => void (list.includes(roleArn) ? undefined : list.push(roleArn)) };
  }

  /**
   * Key use only through S3 and only for this bucket. With a bucket key the encryption context
   * S3 passes to KMS is the bucket ARN, not the object ARN (Amazon S3 User Guide, "Reducing the
   * cost of SSE-KMS with Amazon S3 Bucket Keys", "Encryption context").
   */
  private keyCondition(): ConditionBlock {
    return { StringEquals: { "kms:ViaService": this.viaService, "kms:EncryptionContext:aws:s3:arn": this.bucketArn } };
  }
}

/** The resource-policy form of an identity statement: the same statement, naming the roles. */
function withPrincipal(statement: IdentityPolicyStatement, principals: readonly string[]): PolicyStatement {
  const { Sid, Effect, ...rest } = statement;
  return { Sid, Effect, Principal: { AWS: principals }, ...rest };
}


/**
 * - `incoming-expiry`: an upload the gate never promoted is deleted after `incomingExpiryDays`
 *   (a delete marker on a versioned bucket), its data NONCURRENT_VERSION_EXPIRATION_DAYS later:
 *   a rejected or poisoned upload does not linger as a candidate.
 * - `incoming-delete-markers`: drops the markers once no version is left behind them (S3
 *   refuses `expired_object_delete_marker` beside `days` in one expiration block).
 * - `abort-incomplete-uploads`: parts of an upload never completed are billed but invisible.
 * - Nothing for `approved/`: its versions never expire. A superseded or withdrawn approved
 *   version is the record of what was served; once its Object Lock retention ends, removing it
 *   is a deliberate decision (DeleteObjectVersion is denied to everyone, so it takes a policy
 *   change), never a timer.
 * Filters use `filter { prefix }`, the form provider 6.25 documents for
 * aws_s3_bucket_lifecycle_configuration (a rule-level `prefix` is deprecated).
 */
function registryLifecycleRules(incomingExpiryDays: number) {
  const incoming = [{ prefix: registryPrefix("incoming") }];
  return [
    {
      id: "incoming-expiry",
      status: "Enabled",
      filter: incoming,
      expiration: [{ days: incomingExpiryDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_EXPIRATION_DAYS }],
    },
    { id: "incoming-delete-markers", status: "Enabled", filter: incoming, expiration: [{ expiredObjectDeleteMarker: true }] },
    { id: "abort-incomplete-uploads", status: "Enabled", filter: [{ prefix: "" }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }] },
  ];
}

/**
 * The registry's bucket policy, all Deny statements (grants add the Allows).
 *
 * Lineage at upload. `s3:RequestObjectTag/<key>` is present only when the request carries
 * tags (`x-amz-tagging` on PutObject and CreateMultipartUpload, the body of PutObjectTagging;
 * Amazon S3 User Guide, "Tagging and access control policies"). UploadPart and
 * CompleteMultipartUpload take no tags (Amazon S3 API Reference, request syntax of both) yet are
 * authorised as s3:PutObject (S3 User Guide, "Multipart upload and permissions"), so a bare
 * `Null: { "s3:RequestObjectTag/<key>": "true" }` Deny refuses every part and every completion
 * and breaks multipart uploads (boto/boto3#2675). `s3:ObjectCreationOperation` does not tell
 * them apart either: it is false for CreateMultipartUpload and UploadPart alike (S3 User Guide,
 * "Enforce conditional writes on Amazon S3 buckets"). What does: only PutObject and
 * CreateMultipartUpload accept `x-amz-server-side-encryption` (S3 API Reference; UploadPart and
 * CompleteMultipartUpload take only SSE-C headers). So each lineage Deny also requires that
 * header to be present (`Null ... "false"`): an upload that declares SSE-KMS, single or
 * multipart, is refused without every tag, and parts and completions pass. The publish flow
 * always declares SSE-KMS with the registry key (`--sse aws:kms --sse-kms-key-id`). An upload
 * that declares no encryption cannot be told from a part by any condition key, so the gate,
 * which reads the tags before promoting, refuses an untagged upload too.
 *
 * One Deny per tag: keys of one Null block are ANDed, so a single statement would deny only
 * when every tag is absent.
 */
function registryPolicy(bucketArn: string, keyArn: string, lineageTags: readonly string[], gateRoleArn: string | undefined): PolicyStatement[] {
  const objects = `${bucketArn}/*`;
  const incoming = `${bucketArn}/${registryPrefix("incoming")}*`;
  const approved = `${bucketArn}/${registryPrefix("approved")}*`;
  const statements: PolicyStatement[] = [
    ...denyInsecureRequests(bucketArn),
    {
      Sid: "DenyOtherKmsKeys",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
      },
    },
  ];
  for (const tag of lineageTags) {
    statements.push({
      Sid: `DenyIncomingUploadWithout${pascalCase(tag)}`,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: incoming,
      Condition: { Null: { [`s3:RequestObjectTag/${tag}`]: "true", "s3:x-amz-server-side-encryption": "false" } },
    });
    // PutObjectTagging replaces the whole tag set: a new set must keep every lineage key.
    statements.push({
      Sid: `DenyIncomingRetagWithout${pascalCase(tag)}`,
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
      Resource: incoming,
      Condition: { Null: { [`s3:RequestObjectTag/${tag}`]: "true" } },
    });
  }
  statements.push(
    {
      // Lineage is fixed at upload: removing the tags would let an upload pass as untraced.
      Sid: "DenyIncomingTagDeletion",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"],
      Resource: incoming,
    },
    {
      // CopyObject and UploadPartCopy are s3:PutObject on the target and carry
      // x-amz-copy-source; a copy keeps the source's tags by default (no x-amz-tagging), so it
      // could launder any object into incoming/. Publishers upload bytes; the gate copies out
      // of incoming/, never into it.
      Sid: "DenyCopyIntoIncoming",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: incoming,
      Condition: { Null: { "s3:x-amz-copy-source": "false" } },
    },
    {
      Sid: "DenyApprovedChangesButGate",
      Effect: "Deny",
      Principal: "*",
      Action: [...REGISTRY_APPROVED_PROTECTED_ACTIONS],
      Resource: approved,
      ...(gateRoleArn ? { Condition: { ArnNotEquals: { "aws:PrincipalArn": gateRoleArn } } } : {}),
    },
    {
      // Versions are the registry's history: nobody deletes one. Lifecycle expiration of
      // incoming/ still runs, because bucket policies do not apply to S3 Lifecycle (Amazon S3
      // User Guide, "Bucket policies for Amazon S3": a policy cannot prevent deletions or
      // transitions by a lifecycle rule).
      Sid: "DenyObjectVersionDeletion",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:DeleteObjectVersion",
      Resource: objects,
    },
    {
      // The bucket has Object Lock without a default retention on purpose; adding one would
      // lock unprocessed uploads against lifecycle. This stack never calls
      // PutObjectLockConfiguration (no aws_s3_bucket_object_lock_configuration; CreateBucket
      // enables the lock, and the bucket exists before its policy), so the Deny costs nothing
      // at apply. Changing the configuration then needs a bucket-policy change first, which
      // CloudTrail records.
      Sid: "DenyObjectLockConfigurationChanges",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutBucketObjectLockConfiguration",
      Resource: bucketArn,
    },
  );
  return statements;
}
