import { AccessLogBucket, AccessLogBucketProps } from "../../../constructs/aws/access-log-bucket";
import { ImmutableLogBucket } from "../../../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { Lazy } from "cdktf";
import { RetentionTier } from "../../../constructs/shared/retention-tier";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { awsBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { awsBucketsBlockPublicAccess } from "../../checkers/public-access";
import { awsBucketsAreTlsOnly } from "../../checkers/tls-only";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

interface Statement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** An access-log bucket receiving the server access logs of an immutable log bucket. */
function synthAccessLogs(props: Partial<AccessLogBucketProps> = {}): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "logs", aliasName: "acme-ai-prod-logs", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
    const logs = new ImmutableLogBucket(scope, "logs", { bucketName: "acme-ai-prod-logs-222222222222", kmsKey, retentionTier: RETENTION_TIER_PRESETS["compliance-7y"] });
    const access = new AccessLogBucket(scope, "access", {
      bucketName: "acme-ai-prod-access-logs-222222222222",
      accountId: "222222222222",
      retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
      ...props,
    });
    access.logsFrom("log-bucket", logs);
  });
}

/** The one resource of `type` that belongs to the access-log bucket (logical id `access_...`). */
function accessResource(stack: Json, type: string): Json {
  const found = Object.entries(resourcesOf(stack, type)).filter(([id]) => id.startsWith("access_"));
  if (found.length !== 1) throw new Error(`expected one ${type} of the access-log bucket, found ${found.length}`);
  return found[0]![1];
}

describe("#16 aws AccessLogBucket", () => {
  const stack = synthAccessLogs();
  // Read inside each test, so that the test runs the construct code it checks.
  const bucket = (): Json => accessResource(stack, "aws_s3_bucket");
  const policy = (): Statement[] => (JSON.parse(accessResource(stack, "aws_s3_bucket_policy")["policy"] as string) as { Statement: Statement[] }).Statement;

  test("#16 is never force-destroyed, refuses destroy plans by default, and has no Object Lock (S3 refuses a locked target)", () => {
    expect(bucket()["bucket"]).toBe("acme-ai-prod-access-logs-222222222222");
    expect(bucket()["force_destroy"]).toBe(false);
    expect(bucket()["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(bucket()["object_lock_enabled"]).toBeUndefined();
    expect(Object.keys(resourcesOf(stack, "aws_s3_bucket_object_lock_configuration")).filter((id) => id.startsWith("access_"))).toEqual([]);
  });

  test("#16 is versioned, blocks all public access and disables ACLs", () => {
    expect(accessResource(stack, "aws_s3_bucket_versioning")["versioning_configuration"]).toEqual({ status: "Enabled" });
    expect(accessResource(stack, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(accessResource(stack, "aws_s3_bucket_ownership_controls")["rule"]).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  test("#16 default encryption is SSE-S3, the only one S3 accepts on a server access log target", () => {
    expect(accessResource(stack, "aws_s3_bucket_server_side_encryption_configuration")["rule"]).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  test("#16 denies plaintext transport", () => {
    expect(policy().find((s) => s.Sid === "DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [expect.stringMatching(/^\$\{aws_s3_bucket\.access_[A-Z0-9]+\.arn\}$/), expect.stringMatching(/^\$\{aws_s3_bucket\.access_[A-Z0-9]+\.arn\}\/\*$/)],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("#16 lets the S3 logging service write under the source's prefix, for that source bucket and account only", () => {
    expect(policy().find((s) => s.Sid === "S3ServerAccessLogsFromLogBucket")).toEqual({
      Sid: "S3ServerAccessLogsFromLogBucket",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.access_[A-Z0-9]+\.arn\}\/log-bucket\/\*$/),
      Condition: {
        ArnLike: { "aws:SourceArn": expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.arn\}$/) },
        StringEquals: { "aws:SourceAccount": "222222222222" },
      },
    });
    expect(policy().map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogsFromLogBucket"]);
  });

  test("#16 the source bucket logs into it by attribute, after the grant exists; it never logs into itself", () => {
    const logging = Object.values(resourcesOf(stack, "aws_s3_bucket_logging"));
    expect(logging).toHaveLength(1);
    expect(logging[0]).toMatchObject({
      bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.logs_[A-Z0-9]+\.id\}$/),
      target_bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.access_[A-Z0-9]+\.id\}$/),
      target_prefix: "log-bucket/",
      depends_on: [expect.stringMatching(/^aws_s3_bucket_policy\.access_/)],
    });
    expect(logging.filter((l) => l["bucket"] === l["target_bucket"])).toEqual([]);
  });

  test("#16 the lifecycle waits for versioning, the policy for the public access block", () => {
    const versioning = Object.keys(resourcesOf(stack, "aws_s3_bucket_versioning")).filter((id) => id.startsWith("access_"));
    const publicAccessBlock = Object.keys(resourcesOf(stack, "aws_s3_bucket_public_access_block")).filter((id) => id.startsWith("access_"));
    expect(versioning).toHaveLength(1);
    expect(publicAccessBlock).toHaveLength(1);
    expect(accessResource(stack, "aws_s3_bucket_lifecycle_configuration")["depends_on"]).toEqual([`aws_s3_bucket_versioning.${versioning[0]}`]);
    expect(accessResource(stack, "aws_s3_bucket_policy")["depends_on"]).toEqual([`aws_s3_bucket_public_access_block.${publicAccessBlock[0]}`]);
  });

  test("#16 lifecycle comes from the retention tier", () => {
    const rules = accessResource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"] as Json[];
    expect(rules.map((r) => r["id"])).toEqual(["retention-audit-1y", "remove-expired-delete-markers"]);
    expect(rules[0]!["expiration"]).toEqual([{ days: 365 }]);
    expect(rules[0]!["noncurrent_version_expiration"]).toEqual([{ noncurrent_days: 1 }]);
  });

  test("#16 loosening is explicit: preventDestroy false", () => {
    expect(accessResource(synthAccessLogs({ preventDestroy: false }), "aws_s3_bucket")["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  describe("validation", () => {
    test("#16 an invalid name, account id or tier is rejected", () => {
      const nameError = validationErrorOf(() => synthAccessLogs({ bucketName: "Access_Logs", accountId: "1234" }));
      expect(nameError.problems.map((p) => [p.constructPath, p.prop, p.code])).toEqual([
        ["test/access", "bucketName", "AWS_S3_BUCKET_NAME_INVALID"],
        ["test/access", "accountId", "AWS_ACCOUNT_ID_INVALID"],
      ]);
      const early: RetentionTier = { name: "too-early", warmAfterDays: 10, expireAfterDays: 400, immutabilityDays: 365 };
      const tierError = validationErrorOf(() => synthAccessLogs({ retentionTier: early }));
      expect(tierError.problems.map((p) => p.prop)).toContain("warmAfterDays");
    });

    test("#16 a bad name and a bad tier give one error carrying both codes", () => {
      const early: RetentionTier = { name: "too-early", warmAfterDays: 10, expireAfterDays: 400, immutabilityDays: 365 };
      const error = validationErrorOf(() => synthAccessLogs({ bucketName: "Access_Logs", retentionTier: early }));
      expect(error.problems.map((p) => [p.code, p.constructPath])).toEqual([
        ["AWS_S3_BUCKET_NAME_INVALID", "test/access"],
        ["AWS_S3_STANDARD_IA_TOO_EARLY", "retention-tier/too-early (aws)"],
      ]);
    });

    test("#16 an account id known only at apply (DataAwsCallerIdentity) passes and scopes the delivery grant", () => {
      const stack = synthConstruct((scope) => {
        const caller = new DataAwsCallerIdentity(scope, "caller");
        const access = new AccessLogBucket(scope, "access", { bucketName: "acme-ai-prod-access-logs-222222222222", accountId: caller.accountId, retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
        access.logsFrom("state", { bucketId: "source-bucket", bucketArn: "arn:aws:s3:::source-bucket" });
      });
      const policy = JSON.parse(accessResource(stack, "aws_s3_bucket_policy")["policy"] as string) as { Statement: Statement[] };
      expect(policy.Statement.find((s) => s.Sid === "S3ServerAccessLogsFromState")!.Condition).toEqual({
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::source-bucket" },
        StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.caller.account_id}" },
      });
    });

    test("#16 a source id known only at apply is refused: it names a child resource", () => {
      const error = validationErrorOf(() =>
        synthConstruct((scope) => {
          const access = new AccessLogBucket(scope, "access", { bucketName: "acme-ai-prod-access-logs-222222222222", accountId: "222222222222", retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
          access.logsFrom(Lazy.stringValue({ produce: () => "state" }), { bucketId: "source-bucket", bucketArn: "arn:aws:s3:::source-bucket" });
        }),
      );
      expect(error.problems.map((p) => [p.code, p.prop])).toEqual([["AWS_ACCESS_LOG_SOURCE_ID_INVALID", "sourceId"]]);
    });

    test("#16 a bucket cannot log into itself (AWS_ACCESS_LOG_SELF_TARGET)", () => {
      const error = validationErrorOf(() =>
        synthConstruct((scope) => {
          const access = new AccessLogBucket(scope, "access", { bucketName: "acme-ai-prod-access-logs-222222222222", accountId: "222222222222", retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
          access.logsFrom("itself", access);
        }),
      );
      expect(error.problems).toEqual([
        {
          code: "AWS_ACCESS_LOG_SELF_TARGET",
          constructPath: "test/access/logs-from-itself",
          prop: "source",
          value: expect.stringMatching(/^"\$\{TfToken\[TOKEN\.\d+\]\}"$/),
          accepted: "another bucket: logging into itself logs its own deliveries forever",
        },
      ]);
    });

    test("#16 a source id is kebab-case (AWS_ACCESS_LOG_SOURCE_ID_INVALID) and used once (AWS_ACCESS_LOG_SOURCE_DUPLICATE)", () => {
      const build = (ids: string[]) => () =>
        synthConstruct((scope) => {
          const access = new AccessLogBucket(scope, "access", { bucketName: "acme-ai-prod-access-logs-222222222222", accountId: "222222222222", retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
          const source = { bucketId: "source-bucket", bucketArn: "arn:aws:s3:::source-bucket" };
          ids.forEach((id) => access.logsFrom(id, source));
        });
      expect(validationErrorOf(build(["Log_Bucket"])).problems.map((p) => p.code)).toEqual(["AWS_ACCESS_LOG_SOURCE_ID_INVALID"]);
      expect(validationErrorOf(build(["state", "state"])).problems).toEqual([
        { code: "AWS_ACCESS_LOG_SOURCE_DUPLICATE", constructPath: "test/access/logs-from-state", prop: "sourceId", value: '"state"', accepted: "each source once" },
      ]);
    });
  });
});

describe("#16 aws AccessLogBucket controls (test/checkers)", () => {
  const stack = synthAccessLogs();
  const buckets = [expect.stringMatching(/^aws_s3_bucket\.access_[A-Z0-9]+$/), expect.stringMatching(/^aws_s3_bucket\.logs_[A-Z0-9]+$/)];

  test("TLS only and public access blocked, like every bucket", () => {
    expect(awsBucketsAreTlsOnly(stack)).toEqual({ status: "compliant", checked: expect.arrayContaining(buckets) });
    expect(awsBucketsBlockPublicAccess(stack)).toEqual({ status: "compliant", checked: expect.arrayContaining(buckets) });
  });

  test("the CMK checker exempts the access-log target (SSE-S3 by necessity) and still checks the log bucket", () => {
    expect(awsBucketsUseCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: [expect.stringMatching(/^aws_s3_bucket\.logs_[A-Z0-9]+$/)] });
  });
});
