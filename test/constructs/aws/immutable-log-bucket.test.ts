import { AuditTrail } from "../../../constructs/aws/audit-trail";
import { ImmutableLogBucket, ImmutableLogBucketProps } from "../../../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { RETENTION_TIER_PRESETS, RetentionTier } from "../../../constructs/shared/retention-tier";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

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
  const bucket = onlyResource(stack, "aws_s3_bucket");

  test("Object Lock is enabled at creation, the bucket is never force-destroyed and refuses destroy plans", () => {
    expect(bucket["object_lock_enabled"]).toBe(true);
    expect(bucket["force_destroy"]).toBe(false);
    expect(bucket["lifecycle"]).toEqual({ prevent_destroy: true });
  });

  test("default retention is COMPLIANCE for the tier's immutability period", () => {
    expect(onlyResource(stack, "aws_s3_bucket_object_lock_configuration")["rule"]).toEqual({ default_retention: { mode: "COMPLIANCE", days: 2557 } });
  });

  test("GOVERNANCE only through the explicit prop", () => {
    const governance = synthLogs({ objectLockMode: "GOVERNANCE" });
    expect(onlyResource(governance, "aws_s3_bucket_object_lock_configuration")["rule"]).toEqual({ default_retention: { mode: "GOVERNANCE", days: 2557 } });
  });

  test("versioning is enabled", () => {
    expect(onlyResource(stack, "aws_s3_bucket_versioning")["versioning_configuration"]).toEqual({ status: "Enabled" });
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

  test("bucket policy denies non-TLS requests, non-KMS uploads and uploads naming another key", () => {
    const byId = Object.fromEntries(statements(stack, "aws_s3_bucket_policy").map((s) => [s.Sid, s]));
    expect(Object.keys(byId)).toEqual(["DenyInsecureTransport", "DenyNonKmsEncryption", "DenyOtherKmsKeys"]);
    expect(byId["DenyInsecureTransport"]).toMatchObject({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(byId["DenyNonKmsEncryption"]).toMatchObject({ Effect: "Deny", Action: "s3:PutObject", Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } } });
    expect(byId["DenyOtherKmsKeys"]!.Condition!["StringNotEquals"]).toEqual({
      "s3:x-amz-server-side-encryption-aws-kms-key-id": expect.stringMatching(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.arn\}$/),
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

  test("an invalid tier or name is rejected before anything is created", () => {
    const early: RetentionTier = { name: "too-early", warmAfterDays: 10, expireAfterDays: 400, immutabilityDays: 365 };
    const tierError = validationErrorOf(() => synthLogs({ retentionTier: early }));
    expect(tierError.problems.map((p) => [p.constructPath, p.prop])).toContainEqual(["retention-tier/too-early (aws)", "warmAfterDays"]);
    const nameError = validationErrorOf(() => synthLogs({ bucketName: "Logs_Bucket" }));
    expect(nameError.problems[0]).toMatchObject({ constructPath: "test/logs", prop: "bucketName", code: "S3_BUCKET_NAME_INVALID" });
  });
});

describe("aws AuditTrail", () => {
  const stack = synthLogs({}, true);
  const trail = onlyResource(stack, "aws_cloudtrail");
  const trailArn = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-ai-prod-audit";

  test("multi-region, global service events, log file validation, logging on", () => {
    expect(trail).toMatchObject({
      name: "acme-ai-prod-audit",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      s3_key_prefix: "cloudtrail",
    });
  });

  test("delivers to the log bucket encrypted with the logs key, after the bucket policy exists", () => {
    expect(trail["s3_bucket_name"]).toBe("acme-ai-prod-logs-222222222222");
    expect(trail["kms_key_id"]).toMatch(/^\$\{aws_kms_key\.key_[A-Z0-9]+\.arn\}$/);
    expect(trail["depends_on"]).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./)]);
  });

  test("records management events, reads of the log bucket and S3 data events of the blueprint's buckets", () => {
    const selectors = trail["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>;
    expect(selectors.map((s) => s.name)).toEqual(["management-events", "log-bucket-reads", "blueprint-bucket-objects"]);
    expect(selectors[1]!.field_selector).toContainEqual({ field: "readOnly", equals: ["true"] });
    expect(selectors[2]!.field_selector).toContainEqual({ field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-prod-models/"] });
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
    expect(keyPolicy.map((s) => s.Sid)).toEqual(["AccountRootDelegatesToIam", "AdminRoleManagesKey", "CloudTrailEncryptsLogs", "CloudTrailDescribesKey"]);
  });
});
