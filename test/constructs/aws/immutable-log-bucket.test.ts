import { AuditTrail } from "../../../constructs/aws/audit-trail";
import { ImmutableLogBucket, ImmutableLogBucketProps } from "../../../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { TerraformVariable } from "cdktf";
import { RetentionTier } from "../../../constructs/shared/retention-tier";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { validationErrorOf } from "../../helpers/errors";
import { resolved } from "../../helpers/resolve";
import { awsBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { awsKeyAdminsCannotUseKeys } from "../../checkers/least-privilege";
import { awsBucketsBlockPublicAccess } from "../../checkers/public-access";
import { awsBucketsAreTlsOnly } from "../../checkers/tls-only";
import { awsLogBucketsAreWriteOnce } from "../../checkers/write-once";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

interface Statement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

function synthLogs(props: Partial<Omit<ImmutableLogBucketProps, "kmsKey">> = {}, withTrail = false): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", {
      purpose: "logs",
      aliasName: "acme-ai-prod-logs",
      accountId: "222222222222",
      adminRoleArn: "arn:aws:iam::222222222222:role/admin",
    });
    const logBucket = new ImmutableLogBucket(scope, "logs", {
      bucketName: "acme-ai-prod-logs-222222222222",
      kmsKey,
      retentionTier: RETENTION_TIER_PRESETS["compliance-7y"],
      ...props,
    });
    if (withTrail) {
      new AuditTrail(scope, "trail", {
        trailName: "acme-ai-prod-audit",
        accountId: "222222222222",
        partition: "aws",
        region: "eu-west-1",
        logBucket,
        dataEventBucketArns: ["arn:aws:s3:::acme-ai-prod-models"],
      });
    }
  });
}

const statements = (stack: Json, type: string): Statement[] =>
  (JSON.parse(onlyResource(stack, type)["policy"] as string) as { Statement: Statement[] }).Statement;

describe("aws ImmutableLogBucket", () => {
  const stack = synthLogs();
  // Read inside each test, so that the test runs the construct code it checks.
  const bucket = (): Json => onlyResource(stack, "aws_s3_bucket");

  test("Object Lock is enabled at creation, the bucket is never force-destroyed and refuses destroy plans", () => {
    expect(bucket()["object_lock_enabled"]).toBe(true);
    expect(bucket()["force_destroy"]).toBe(false);
    expect(bucket()["lifecycle"]).toEqual({ prevent_destroy: true });
  });

  test("default retention is COMPLIANCE for the tier's immutability period", () => {
    expect(onlyResource(stack, "aws_s3_bucket_object_lock_configuration")["rule"]).toEqual({ default_retention: { mode: "COMPLIANCE", days: 2557 } });
  });

  test("GOVERNANCE only through the explicit prop", () => {
    const governance = synthLogs({ lockRetention: false });
    expect(onlyResource(governance, "aws_s3_bucket_object_lock_configuration")["rule"]).toEqual({ default_retention: { mode: "GOVERNANCE", days: 2557 } });
  });

  test("versioning is enabled", () => {
    expect(onlyResource(stack, "aws_s3_bucket_versioning")["versioning_configuration"]).toEqual({ status: "Enabled" });
  });

  test("Object Lock and the lifecycle wait for versioning (S3 requires it for both)", () => {
    const [versioningId] = Object.keys(resourcesOf(stack, "aws_s3_bucket_versioning"));
    expect(onlyResource(stack, "aws_s3_bucket_object_lock_configuration")["depends_on"]).toEqual([`aws_s3_bucket_versioning.${versioningId}`]);
    expect(onlyResource(stack, "aws_s3_bucket_lifecycle_configuration")["depends_on"]).toEqual([`aws_s3_bucket_versioning.${versioningId}`]);
  });

  test("SSE-KMS with the logs key and a bucket key", () => {
    const rule = (onlyResource(stack, "aws_s3_bucket_server_side_encryption_configuration")["rule"] as Json[])[0]!;
    expect(rule).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.arn\}$/) },
      bucket_key_enabled: true,
    });
  });

  test("all four public access blocks and BucketOwnerEnforced", () => {
    expect(onlyResource(stack, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(stack, "aws_s3_bucket_ownership_controls")["rule"]).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  test("#1 bucket policy: the TLS deny, the SSE-KMS deny and the other-key deny, each for everyone, whole", () => {
    const id = Object.keys(resourcesOf(stack, "aws_s3_bucket"))[0]!;
    const keyId = Object.keys(resourcesOf(stack, "aws_kms_key"))[0]!;
    expect(JSON.parse(onlyResource(stack, "aws_s3_bucket_policy")["policy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`\${aws_s3_bucket.${id}.arn}`, `\${aws_s3_bucket.${id}.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "DenyNonKmsEncryption",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `\${aws_s3_bucket.${id}.arn}/*`,
          Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" }, Null: { "s3:x-amz-server-side-encryption": "false" } },
        },
        {
          Sid: "DenyOtherKmsKeys",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `\${aws_s3_bucket.${id}.arn}/*`,
          Condition: {
            StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": `\${aws_kms_key.${keyId}.arn}` },
            Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
          },
        },
      ],
    });
  });

  test("lifecycle comes from the tier; noncurrent versions go the day after they may (Object Lock decides when)", () => {
    const rules = onlyResource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"] as Json[];
    const retention = rules.find((r) => r["id"] === "retention-compliance-7y")!;
    expect(retention["expiration"]).toEqual([{ days: 2557 }]);
    expect((retention["transition"] as Json[]).map((t) => [t["days"], t["storage_class"]])).toEqual([
      [30, "STANDARD_IA"],
      [90, "GLACIER_IR"],
      [180, "DEEP_ARCHIVE"],
    ]);
    expect(retention["noncurrent_version_expiration"]).toEqual([{ noncurrent_days: 1 }]);
    expect(retention["noncurrent_version_transition"]).toBeUndefined();
  });

  test("#1 exposes the bucket's name as the resource attribute, not the props literal", () => {
    const names: unknown[] = [];
    synthConstruct((scope) => {
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", aliasName: "acme-ai-prod-logs", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
      const logs = new ImmutableLogBucket(scope, "logs", { bucketName: "acme-ai-prod-logs-222222222222", kmsKey, retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
      names.push(resolved(scope, logs.bucketName), resolved(scope, logs.bucketArn), resolved(scope, logs.bucketId));
    });
    expect(names).toEqual([
      expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.bucket\}$/),
      expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.arn\}$/),
      expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.id\}$/),
    ]);
  });

  test("#5 the bucket depends on its key, so a destroy that cannot delete the bucket never schedules the key's deletion", () => {
    expect(bucket()["depends_on"]).toEqual([expect.stringMatching(/^aws_kms_key\.key_[A-Z0-9]+$/)]);
  });

  test("#12 the bucket policy is created after every companion the guard protects, so the first apply is never denied", () => {
    const deps = onlyResource(stack, "aws_s3_bucket_policy")["depends_on"] as string[];
    expect(deps.map((d) => d.split(".")[0]).sort()).toEqual([
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_object_lock_configuration",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_server_side_encryption_configuration",
    ]);
  });

  test("without a guard the bucket policy has no tampering deny (standard environments)", () => {
    expect(statements(stack, "aws_s3_bucket_policy").map((s) => s.Sid)).not.toContain("BucketDenyTampering");
  });

  test("#12 guarded without a break-glass role: lock, governance bypass, lifecycle, encryption and policy changes are denied to everyone", () => {
    const guarded = synthLogs({ evidenceGuard: {} });
    const deny = statements(guarded, "aws_s3_bucket_policy").filter((s) => s.Sid.startsWith("BucketDeny"));
    expect(deny).toEqual([
      {
        Sid: "BucketDenyTampering",
        Effect: "Deny",
        Principal: "*",
        Action: [
          "s3:PutBucketObjectLockConfiguration",
          "s3:BypassGovernanceRetention",
          "s3:PutLifecycleConfiguration",
          "s3:PutEncryptionConfiguration",
          "s3:PutBucketPolicy",
          "s3:DeleteBucketPolicy",
        ],
        Resource: [expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.arn\}$/), expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.arn\}\/\*$/)],
      },
    ]);
  });

  test("#12 guarded with a break-glass role: everyone else is denied, and the role too without MFA", () => {
    const guarded = synthLogs({ evidenceGuard: { breakGlassRoleArn: "arn:aws:iam::222222222222:role/evidence-break-glass" } });
    const deny = statements(guarded, "aws_s3_bucket_policy").filter((s) => s.Sid.startsWith("BucketDeny"));
    expect(deny.map((s) => [s.Sid, s.Condition])).toEqual([
      ["BucketDenyTamperingExceptBreakGlass", { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::222222222222:role/evidence-break-glass" } }],
      ["BucketDenyTamperingWithoutMfa", { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }],
    ]);
    expect(deny.map((s) => s.Action)).toEqual([
      ["s3:PutBucketObjectLockConfiguration", "s3:BypassGovernanceRetention", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
      ["s3:PutBucketObjectLockConfiguration", "s3:BypassGovernanceRetention", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
    ]);
    expect(deny.map((s) => s.Principal)).toEqual(["*", "*"]);
  });

  test("an invalid tier or name is rejected before anything is created", () => {
    const early: RetentionTier = { name: "too-early", warmAfterDays: 10, expireAfterDays: 400, immutabilityDays: 365 };
    const tierError = validationErrorOf(() => synthLogs({ retentionTier: early }));
    expect(tierError.problems.map((p) => [p.constructPath, p.prop])).toContainEqual(["retention-tier/too-early (aws)", "warmAfterDays"]);
    const nameError = validationErrorOf(() => synthLogs({ bucketName: "Logs_Bucket" }));
    expect(nameError.problems[0]).toMatchObject({ constructPath: "test/logs", prop: "bucketName", code: "AWS_S3_BUCKET_NAME_INVALID" });
  });

  test("#12 a break-glass role that is not an IAM role ARN is rejected (AWS_S3_BREAK_GLASS_ROLE_INVALID)", () => {
    const error = validationErrorOf(() => synthLogs({ evidenceGuard: { breakGlassRoleArn: "arn:aws:iam::222222222222:user/alice" } }));
    expect(error.problems).toEqual([expect.objectContaining({ constructPath: "test/logs", prop: "evidenceGuard.breakGlassRoleArn", code: "AWS_S3_BREAK_GLASS_ROLE_INVALID" })]);
  });
});

describe("aws AuditTrail", () => {
  const stack = synthLogs({}, true);
  const trail = (): Json => onlyResource(stack, "aws_cloudtrail");
  const trailArn = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-ai-prod-audit";

  test("multi-region, global service events, log file validation, logging on", () => {
    expect(trail()).toMatchObject({
      name: "acme-ai-prod-audit",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      s3_key_prefix: "cloudtrail",
    });
  });

  test("#1 delivers to the log bucket by its bucket attribute, encrypted with the logs key, after the bucket policy exists", () => {
    expect(trail()["s3_bucket_name"]).toMatch(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.bucket\}$/);
    expect(trail()["kms_key_id"]).toMatch(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.arn\}$/);
    expect(trail()["depends_on"]).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./)]);
  });

  test("records management events, reads of the log bucket and S3 data events of the blueprint's buckets", () => {
    const selectors = trail()["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>;
    expect(selectors.map((s) => s.name)).toEqual(["management-events", "log-bucket-reads", "log-bucket-tampering", "bucket-object-reads-and-writes"]);
    expect(selectors[1]!.field_selector).toContainEqual({ field: "readOnly", equals: ["true"] });
    expect(selectors[3]!.field_selector).toContainEqual({ field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-prod-models/"] });
  });

  test("#12 records the log bucket's deletes, retention and legal-hold changes as data events, never its PutObject", () => {
    const selectors = trail()["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>;
    const tampering = selectors.find((s) => s.name === "log-bucket-tampering")!;
    expect(tampering.field_selector).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      { field: "eventName", equals: ["DeleteObject", "DeleteObjects", "PutObjectRetention", "PutObjectLegalHold"] },
      { field: "resources.ARN", starts_with: [expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.arn\}\/$/)] },
    ]);
    // No selector records every write of the log bucket: the trail would log its own deliveries.
    const logBucketSelectors = selectors.filter((s) => JSON.stringify(s.field_selector).includes("aws_s3_bucket.logs_"));
    expect(logBucketSelectors.map((s) => s.name)).toEqual(["log-bucket-reads", "log-bucket-tampering"]);
    expect(JSON.stringify(logBucketSelectors)).not.toContain("PutObject\"");
  });

  test("#7 trail may decrypt with the logs key for the S3 bucket key, scoped by aws:SourceArn", () => {
    const decrypt = statements(stack, "aws_kms_key").find((s) => s.Sid === "CloudTrailDecryptsWithBucketKey");
    expect(decrypt).toEqual({
      Sid: "CloudTrailDecryptsWithBucketKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-ai-prod-audit" } },
    });
    // The bucket key that makes the grant necessary is on.
    const rule = (onlyResource(stack, "aws_s3_bucket_server_side_encryption_configuration")["rule"] as Json[])[0]!;
    expect(rule["bucket_key_enabled"]).toBe(true);
  });

  test("the bucket policy lets exactly this trail check the ACL and write under its prefix", () => {
    const policy = statements(stack, "aws_s3_bucket_policy");
    const write = policy.find((s) => s.Sid === "CloudTrailWritesLogs")!;
    expect(write.Principal).toEqual({ Service: "cloudtrail.amazonaws.com" });
    expect(write.Resource).toMatch(/\/cloudtrail\/AWSLogs\/222222222222\/\*$/);
    expect(write.Condition).toEqual({ StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } });
    expect(policy.find((s) => s.Sid === "CloudTrailChecksBucketAcl")!.Condition).toEqual({ StringEquals: { "aws:SourceArn": trailArn } });
  });

  test("the key policy lets exactly this trail generate data keys", () => {
    const keyPolicy = statements(stack, "aws_kms_key");
    const encrypt = keyPolicy.find((s) => s.Sid === "CloudTrailEncryptsLogs")!;
    expect(encrypt.Action).toBe("kms:GenerateDataKey*");
    expect(encrypt.Condition!["StringEquals"]).toEqual({ "aws:SourceArn": trailArn });
    expect(keyPolicy.map((s) => s.Sid)).toEqual(["AccountRootDelegatesToIam", "AdminRoleManagesKey", "CloudTrailEncryptsLogs", "CloudTrailDecryptsWithBucketKey", "CloudTrailDescribesKey"]);
  });
});

describe("aws ImmutableLogBucket controls (test/checkers)", () => {
  const bucket = [expect.stringMatching(/^aws_s3_bucket\.logs_[A-Z0-9]+$/)];

  test.each([
    ["standard", {}],
    ["guarded", { evidenceGuard: {} }],
    ["guarded with break-glass", { evidenceGuard: { breakGlassRoleArn: "arn:aws:iam::222222222222:role/evidence-break-glass" } }],
  ])("%s: write-once, TLS only, SSE-KMS with the logs key, public access blocked", (_name, props) => {
    const stack = synthLogs(props);
    expect(awsLogBucketsAreWriteOnce(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(awsBucketsAreTlsOnly(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(awsBucketsUseCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(awsBucketsBlockPublicAccess(stack)).toEqual({ status: "compliant", checked: bucket });
  });

  test("GOVERNANCE mode is the named loosening the write-once checker reports", () => {
    expect(awsLogBucketsAreWriteOnce(synthLogs({ lockRetention: false }))).toEqual({
      status: "noncompliant",
      problems: [expect.stringMatching(/^aws_s3_bucket\.logs_[A-Z0-9]+: Object Lock mode is "GOVERNANCE", not COMPLIANCE$/)],
    });
  });

  test("with a trail, the logs key still lets only CloudTrail use it, under its source ARN", () => {
    expect(awsKeyAdminsCannotUseKeys(synthLogs({}, true))).toEqual({ status: "compliant", checked: [expect.stringMatching(/^aws_kms_key\.key_[A-Z0-9]+$/)] });
  });
});

describe("aws ImmutableLogBucket Object Lock validation", () => {
  // The tier rules bound the Object Lock retention; the bucket adds no check of its own, so each
  // mistake is reported once, under the tier's path.
  test.each([
    ["0 days", 0, "RETENTION_DAYS_INVALID", "retention-tier/odd"],
    ["36,501 days, past the S3 maximum", 36_501, "AWS_S3_OBJECT_LOCK_OUT_OF_RANGE", "retention-tier/odd (aws)"],
    ["a fraction", 1.5, "RETENTION_DAYS_INVALID", "retention-tier/odd"],
  ])("%s is reported once, by the tier", (_name, immutabilityDays, code, constructPath) => {
    const error = validationErrorOf(() => synthLogs({ retentionTier: { name: "odd", expireAfterDays: 36_600, immutabilityDays } }));
    expect(error.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([[code, "immutabilityDays", constructPath]]);
  });

  test("36,500 days, the S3 maximum, is accepted", () => {
    const lock = onlyResource(synthLogs({ retentionTier: { name: "century", expireAfterDays: 36_600, immutabilityDays: 36_500 } }), "aws_s3_bucket_object_lock_configuration");
    expect(lock["rule"]).toEqual({ default_retention: { mode: "COMPLIANCE", days: 36_500 } });
  });

  test("a bad name and a bad tier give one error carrying both codes", () => {
    const early: RetentionTier = { name: "too-early", warmAfterDays: 10, expireAfterDays: 400, immutabilityDays: 365 };
    const error = validationErrorOf(() => synthLogs({ bucketName: "Logs_Bucket", retentionTier: early }));
    expect(error.problems.map((p) => [p.code, p.constructPath])).toEqual([
      ["AWS_S3_BUCKET_NAME_INVALID", "test/logs"],
      ["AWS_S3_STANDARD_IA_TOO_EARLY", "retention-tier/too-early (aws)"],
    ]);
  });

  test("a break-glass role ARN known only at apply (a variable) passes", () => {
    const stack = synthConstruct((scope) => {
      const role = new TerraformVariable(scope, "break_glass_role_arn", { type: "string" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", aliasName: "acme-ai-prod-logs", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
      new ImmutableLogBucket(scope, "logs", {
        bucketName: "acme-ai-prod-logs-222222222222",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["compliance-7y"],
        evidenceGuard: { breakGlassRoleArn: role.stringValue },
      });
    });
    const deny = statements(stack, "aws_s3_bucket_policy").find((s) => s.Sid === "BucketDenyTamperingExceptBreakGlass")!;
    expect(deny.Condition).toEqual({ ArnNotEquals: { "aws:PrincipalArn": "${var.break_glass_role_arn}" } });
  });
});

describe("aws ImmutableLogBucket.grantDelivery", () => {
  const trail = { partition: "aws", accountId: "111111111111", trailArn: "arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-ai-dev-audit" };
  const stack = synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "logs", aliasName: "acme-ai-dev-logs", accountId: "444444444444", adminRoleArn: "arn:aws:iam::444444444444:role/admin" });
    const logBucket = new ImmutableLogBucket(scope, "logs", { bucketName: "acme-ai-dev-logs-444444444444", kmsKey, retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
    logBucket.grantDelivery(trail);
  });

  test("the bucket policy lets exactly that trail check the ACL and write under its account's prefix", () => {
    const bucketArn = expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.arn\}$/);
    const written = statements(stack, "aws_s3_bucket_policy").filter((s) => s.Sid.startsWith("CloudTrail"));
    expect(written).toEqual([
      {
        Sid: "CloudTrailChecksBucketAcl",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: bucketArn,
        Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-ai-dev-audit" } },
      },
      {
        Sid: "CloudTrailWritesLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.arn\}\/cloudtrail\/AWSLogs\/111111111111\/\*$/),
        Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-ai-dev-audit", "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
    ]);
  });

  test("the key policy lets exactly that trail encrypt, decrypt for the bucket key and describe the key", () => {
    const written = statements(stack, "aws_kms_key").filter((s) => s.Sid.startsWith("CloudTrail"));
    const only = { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-ai-dev-audit" };
    expect(written).toEqual([
      {
        Sid: "CloudTrailEncryptsLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: { StringEquals: only, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111111111111:trail/*" } },
      },
      { Sid: "CloudTrailDecryptsWithBucketKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: only } },
      { Sid: "CloudTrailDescribesKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: only } },
    ]);
  });
});
