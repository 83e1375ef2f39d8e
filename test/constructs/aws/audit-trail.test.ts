import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { TerraformOutput } from "cdktf";
import { AuditTrail } from "../../../constructs/aws/audit-trail";
import { ImmutableLogBucket } from "../../../constructs/aws/immutable-log-bucket";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * #15 (issue 6): a trail delivers either into a write-once bucket of its own stack (and adds
 * what it needs to that bucket's and key's policies) or into one of another account (the
 * evidence account), whose policies that account's stack already wrote.
 */

const base = { trailName: "acme-ai-prod-audit", accountId: "222222222222", partition: "aws", region: "eu-west-1" };
const REMOTE = {
  bucketName: "acme-ai-prod-logs-444444444444",
  bucketArn: "arn:aws:s3:::acme-ai-prod-logs-444444444444",
  kmsKeyArn: "arn:aws:kms:eu-west-1:444444444444:key/00000000-0000-4000-8000-000000000000",
};

function localBucket(scope: Parameters<Parameters<typeof synthConstruct>[0]>[0]): ImmutableLogBucket {
  const kmsKey = new KmsKey(scope, "key", { purpose: "logs", aliasName: "acme-ai-prod-logs", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
  return new ImmutableLogBucket(scope, "logs", { bucketName: "acme-ai-prod-logs-222222222222", kmsKey, retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
}


test("#15 AWS_TRAIL_DESTINATION_INVALID: neither a local nor a remote bucket", () => {
  const e = validationErrorOf(() => synthConstruct((scope) => new AuditTrail(scope, "trail", base)));
  expect(e.problems).toEqual([
    { code: "AWS_TRAIL_DESTINATION_INVALID", constructPath: "test/trail", prop: "logBucket/remoteLogBucket", value: '"neither"', accepted: "exactly one of logBucket and remoteLogBucket" },
  ]);
});

test("#15 AWS_TRAIL_DESTINATION_INVALID: both a local and a remote bucket", () => {
  const e = validationErrorOf(() => synthConstruct((scope) => new AuditTrail(scope, "trail", { ...base, logBucket: localBucket(scope), remoteLogBucket: REMOTE })));
  expect(e.problems).toEqual([
    { code: "AWS_TRAIL_DESTINATION_INVALID", constructPath: "test/trail", prop: "logBucket/remoteLogBucket", value: '"both"', accepted: "exactly one of logBucket and remoteLogBucket" },
  ]);
});

describe("#15 a remote (evidence account) bucket", () => {
  const stack = synthConstruct((scope) => new AuditTrail(scope, "trail", { ...base, remoteLogBucket: REMOTE }));
  const trail = (): Json => onlyResource(stack, "aws_cloudtrail");

  test("#15 the trail names the remote bucket and the key ARN, waits for nothing, and is the only resource", () => {
    const logObjects = { field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-prod-logs-444444444444/"] };
    expect(trail()).toEqual({
      name: "acme-ai-prod-audit",
      s3_bucket_name: "acme-ai-prod-logs-444444444444",
      s3_key_prefix: "cloudtrail",
      kms_key_id: "arn:aws:kms:eu-west-1:444444444444:key/00000000-0000-4000-8000-000000000000",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      advanced_event_selector: [
        { name: "management-events", field_selector: [{ field: "eventCategory", equals: ["Management"] }] },
        {
          name: "log-bucket-reads",
          field_selector: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "readOnly", equals: ["true"] },
            logObjects,
          ],
        },
        {
          name: "log-bucket-tampering",
          field_selector: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "eventName", equals: ["DeleteObject", "DeleteObjects", "PutObjectRetention", "PutObjectLegalHold"] },
            logObjects,
          ],
        },
      ],
      depends_on: [],
    });
    expect(Object.keys(stack["resource"] as Json)).toEqual(["aws_cloudtrail"]);
  });

  test("#15 reads and tampering writes on the remote bucket are still recorded from this account", () => {
    const selectors = trail()["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>;
    expect(selectors.filter((s) => s.name.startsWith("log-bucket-")).map((s) => [s.name, s.field_selector.find((f) => f["field"] === "resources.ARN")])).toEqual([
      ["log-bucket-reads", { field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-prod-logs-444444444444/"] }],
      ["log-bucket-tampering", { field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-prod-logs-444444444444/"] }],
    ]);
  });
});

test("#15 remoteLogBucket.deliveryDependencies: the trail waits for them", () => {
  const stack = synthConstruct((scope) => {
    const caller = new DataAwsCallerIdentity(scope, "caller");
    new AuditTrail(scope, "trail", { ...base, remoteLogBucket: { ...REMOTE, deliveryDependencies: [caller] } });
  });
  expect(onlyResource(stack, "aws_cloudtrail")["depends_on"]).toEqual(["data.aws_caller_identity.caller"]);
});

test("#15 dataEventBucketArns: every object read and write of those buckets, after the log bucket's own selectors", () => {
  const stack = synthConstruct((scope) => {
    new AuditTrail(scope, "trail", { ...base, logBucket: localBucket(scope), dataEventBucketArns: ["arn:aws:s3:::acme-ai-prod-models", "arn:aws:s3:::acme-ai-prod-data"] });
  });
  const trail = onlyResource(stack, "aws_cloudtrail");
  const selectors = trail["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>;
  expect(selectors.map((s) => s.name)).toEqual(["management-events", "log-bucket-reads", "log-bucket-tampering", "bucket-object-reads-and-writes"]);
  expect(selectors[3]).toEqual({
    name: "bucket-object-reads-and-writes",
    field_selector: [
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      { field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-prod-models/", "arn:aws:s3:::acme-ai-prod-data/"] },
    ],
  });
  // A local bucket: the trail waits for the bucket policy that lets it deliver.
  const [policyId] = Object.keys(resourcesOf(stack, "aws_s3_bucket_policy"));
  expect(trail["depends_on"]).toEqual([`aws_s3_bucket_policy.${policyId}`]);
});

test("#15 evidenceBucketArns: more write-once buckets recorded like the log bucket", () => {
  const stack = synthConstruct((scope) => new AuditTrail(scope, "trail", { ...base, logBucket: localBucket(scope), evidenceBucketArns: ["arn:aws:s3:::acme-ai-dev-logs-444444444444"] }));
  const [bucketId] = Object.keys(resourcesOf(stack, "aws_s3_bucket"));
  const selectors = onlyResource(stack, "aws_cloudtrail")["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>;
  const expected = { field: "resources.ARN", starts_with: [`\${aws_s3_bucket.${bucketId}.arn}/`, "arn:aws:s3:::acme-ai-dev-logs-444444444444/"] };
  expect(selectors.filter((s) => s.name.startsWith("log-bucket-")).map((s) => s.field_selector.find((f) => f["field"] === "resources.ARN"))).toEqual([expected, expected]);
});

test("an account id known only at apply (DataAwsCallerIdentity) passes; the trail ARN in the policies carries it", () => {
  const stack = synthConstruct((scope) => {
    const caller = new DataAwsCallerIdentity(scope, "caller");
    new AuditTrail(scope, "trail", { ...base, accountId: caller.accountId, logBucket: localBucket(scope) });
  });
  const policy = JSON.parse(onlyResource(stack, "aws_s3_bucket_policy")["policy"] as string) as { Statement: Array<{ Sid: string; Condition?: Json }> };
  expect(policy.Statement.find((s) => s.Sid === "CloudTrailChecksBucketAcl")!.Condition).toEqual({
    StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:${data.aws_caller_identity.caller.account_id}:trail/acme-ai-prod-audit" },
  });
});

test.each([
  ["accountId", { accountId: "2222" }, "AWS_ACCOUNT_ID_INVALID"],
  ["partition", { partition: "aws-mars" }, "AWS_PARTITION_INVALID"],
])("%s is checked (%s)", (prop, props, code) => {
  const e = validationErrorOf(() => synthConstruct((scope) => new AuditTrail(scope, "trail", { ...base, ...props, remoteLogBucket: REMOTE })));
  expect(e.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([[code, prop, "test/trail"]]);
});

test.each(["ab", "-starts-with-a-hyphen", "has space", "a".repeat(129)])("AWS_TRAIL_NAME_INVALID: %j", (trailName) => {
  const e = validationErrorOf(() => synthConstruct((scope) => new AuditTrail(scope, "trail", { ...base, trailName, remoteLogBucket: REMOTE })));
  expect(e.problems).toEqual([
    { code: "AWS_TRAIL_NAME_INVALID", constructPath: "test/trail", prop: "trailName", value: JSON.stringify(trailName), accepted: "3-128 letters, digits, . _ -, starting with a letter or digit" },
  ]);
});

/*
 * Issue 13: the trail also delivers to an encrypted CloudWatch Logs group (what TrailAlarms'
 * metric filters read), and records writes under approved/ of the registry buckets.
 */

const CWL = { retentionDays: 365, logGroupName: "/aws/cloudtrail/acme-ai-prod" };

function keyStatements(stack: Json): Array<{ Sid: string }> {
  return (JSON.parse(onlyResource(stack, "aws_kms_key")["policy"] as string) as { Statement: Array<{ Sid: string }> }).Statement;
}

describe("cloudWatchLogs: the trail delivers to an encrypted log group through a role only it can assume", () => {
  const stack = synthConstruct((scope) => {
    const bucket = localBucket(scope);
    const trail = new AuditTrail(scope, "trail", { ...base, logBucket: bucket, cloudWatchLogs: { ...CWL, kmsKey: bucket.kmsKey } });
    new TerraformOutput(scope, "group-name", { value: trail.logGroupName });
    new TerraformOutput(scope, "group-arn", { value: trail.logGroupArn });
  });
  const ids = (type: string): string => Object.keys(resourcesOf(stack, type))[0]!;

  test("the log group: its name, a year's retention, the logs key, the Standard class metric filters need", () => {
    expect(onlyResource(stack, "aws_cloudwatch_log_group")).toEqual({
      name: "/aws/cloudtrail/acme-ai-prod",
      retention_in_days: 365,
      kms_key_id: `\${aws_kms_key.${ids("aws_kms_key")}.arn}`,
      log_group_class: "STANDARD",
      tags: { purpose: "audit-trail-logs" },
      depends_on: [`aws_kms_key.${ids("aws_kms_key")}`],
    });
  });

  test("the key policy lets CloudWatch Logs of the region use the key for this log group only", () => {
    expect(keyStatements(stack).find((s) => s.Sid.startsWith("LogsEncryptTrail"))).toEqual({
      Sid: "LogsEncryptTrailAcmeAiProdAudit4b70",
      Effect: "Allow",
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:222222222222:log-group:/aws/cloudtrail/acme-ai-prod" },
        StringEqualsIfExists: { "aws:SourceAccount": "222222222222" },
      },
    });
  });

  test("the role trusts CloudTrail without source conditions, which CloudTrail does not send for this role", () => {
    const role = onlyResource(stack, "aws_iam_role");
    expect(role["name"]).toBe("acme-ai-prod-audit-cloudwatch-logs");
    expect(JSON.parse(role["assume_role_policy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CloudTrailAssumesForThisTrail",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
  });

  test("the role may create streams and put events in this group's CloudTrail streams, nothing else", () => {
    const policy = onlyResource(stack, "aws_iam_role_policy");
    expect(policy["role"]).toBe(`\${aws_iam_role.${ids("aws_iam_role")}.id}`);
    expect(JSON.parse(policy["policy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DeliverTrailEvents",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `\${aws_cloudwatch_log_group.${ids("aws_cloudwatch_log_group")}.arn}:log-stream:222222222222_CloudTrail_*`,
        },
      ],
    });
  });

  test("the trail names the group with the :* suffix and the role, and waits for the role's policy", () => {
    const trail = onlyResource(stack, "aws_cloudtrail");
    expect(trail["cloud_watch_logs_group_arn"]).toBe(`\${aws_cloudwatch_log_group.${ids("aws_cloudwatch_log_group")}.arn}:*`);
    expect(trail["cloud_watch_logs_role_arn"]).toBe(`\${aws_iam_role.${ids("aws_iam_role")}.arn}`);
    expect(trail["depends_on"]).toEqual([`aws_s3_bucket_policy.${ids("aws_s3_bucket_policy")}`, `aws_iam_role_policy.${ids("aws_iam_role_policy")}`]);
  });

  test("logGroupName and logGroupArn are references to the group", () => {
    const outputs = stack["output"] as Record<string, { value: string }>;
    expect([outputs["group-name"]!.value, outputs["group-arn"]!.value]).toEqual([
      `\${aws_cloudwatch_log_group.${ids("aws_cloudwatch_log_group")}.name}`,
      `\${aws_cloudwatch_log_group.${ids("aws_cloudwatch_log_group")}.arn}`,
    ]);
  });
});

test("without cloudWatchLogs: no log group, no role, no CloudWatch Logs arguments on the trail", () => {
  const stack = synthConstruct((scope) => new AuditTrail(scope, "trail", { ...base, remoteLogBucket: REMOTE }));
  expect(Object.keys(stack["resource"] as Json)).toEqual(["aws_cloudtrail"]);
  expect(Object.keys(onlyResource(stack, "aws_cloudtrail")).filter((k) => k.startsWith("cloud_watch_logs"))).toEqual([]);
});

test("a trail name too long for a role name gets a shortened, stable role name", () => {
  const trailName = `acme-ai-production-${"x".repeat(40)}`;
  const name = (): string =>
    onlyResource(
      synthConstruct((scope) => {
        const bucket = localBucket(scope);
        new AuditTrail(scope, "trail", { ...base, trailName, logBucket: bucket, cloudWatchLogs: { ...CWL, kmsKey: bucket.kmsKey } });
      }),
      "aws_iam_role",
    )["name"] as string;
  expect(name().length).toBeLessThanOrEqual(64);
  expect(name()).toMatch(/^acme-ai-production-x{20}-[0-9a-f]{8}-cloudwatch-logs$/);
});

test("registryBucketArns: writes under approved/ and bulk deletes of each registry bucket, after the other selectors", () => {
  const stack = synthConstruct((scope) => {
    new AuditTrail(scope, "trail", { ...base, remoteLogBucket: REMOTE, registryBucketArns: ["arn:aws:s3:::acme-ai-prod-fraud-scoring", "arn:aws:s3:::acme-ai-prod-churn"] });
  });
  const selectors = onlyResource(stack, "aws_cloudtrail")["advanced_event_selector"] as Array<{ name: string }>;
  expect(selectors.map((s) => s.name)).toEqual(["management-events", "log-bucket-reads", "log-bucket-tampering", "registry-approved-writes", "registry-bulk-deletes"]);
  expect(selectors.slice(3)).toEqual([
    {
      name: "registry-approved-writes",
      field_selector: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "readOnly", equals: ["false"] },
        { field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-prod-fraud-scoring/approved/", "arn:aws:s3:::acme-ai-prod-churn/approved/"] },
      ],
    },
    {
      name: "registry-bulk-deletes",
      field_selector: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "eventName", equals: ["DeleteObjects"] },
        { field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-prod-fraud-scoring/", "arn:aws:s3:::acme-ai-prod-churn/"] },
      ],
    },
  ]);
});

test("AWS_TRAIL_SELECTOR_VALUES_EXCEEDED: more than 500 values across the advanced event selectors", () => {
  // 1 + 4 + 7 fixed values, plus 2 (reads, tampering) per evidence bucket and 2 per registry bucket: 12 + 2 × 245 = 502.
  const arns = Array.from({ length: 245 }, (_, i) => `arn:aws:s3:::acme-ai-evidence-${i}`);
  const e = validationErrorOf(() => synthConstruct((scope) => new AuditTrail(scope, "trail", { ...base, remoteLogBucket: REMOTE, evidenceBucketArns: arns })));
  expect(e.problems).toEqual([
    {
      code: "AWS_TRAIL_SELECTOR_VALUES_EXCEEDED",
      constructPath: "test/trail",
      prop: "dataEventBucketArns/evidenceBucketArns/registryBucketArns",
      value: '"502 values"',
      accepted: "at most 500 values across all advanced event selectors",
    },
  ]);
});

test("500 values exactly are accepted", () => {
  // 12 + 2 × 242 evidence buckets + 4 for the data-event selector of two buckets = 500.
  const arns = Array.from({ length: 242 }, (_, i) => `arn:aws:s3:::acme-ai-evidence-${i}`);
  const stack = synthConstruct((scope) => new AuditTrail(scope, "trail", { ...base, remoteLogBucket: REMOTE, evidenceBucketArns: arns, dataEventBucketArns: ["arn:aws:s3:::a", "arn:aws:s3:::b"] }));
  const selectors = onlyResource(stack, "aws_cloudtrail")["advanced_event_selector"] as Array<{ field_selector: Array<{ equals?: string[]; starts_with?: string[] }> }>;
  expect(selectors.flatMap((s) => s.field_selector).reduce((n, f) => n + (f.equals?.length ?? 0) + (f.starts_with?.length ?? 0), 0)).toBe(500);
});

test.each([
  ["cloudWatchLogs.retentionDays", { retentionDays: 100 }, "AWS_TRAIL_LOG_RETENTION_INVALID"],
  ["cloudWatchLogs.logGroupName", { logGroupName: "cloudtrail logs" }, "AWS_TRAIL_LOG_GROUP_NAME_INVALID"],
  ["cloudWatchLogs.logGroupName", { logGroupName: "" }, "AWS_TRAIL_LOG_GROUP_NAME_INVALID"],
  ["cloudWatchLogs.logGroupName", { logGroupName: "/".repeat(513) }, "AWS_TRAIL_LOG_GROUP_NAME_INVALID"],
])("%s is checked (%j)", (prop, override, code) => {
  const e = validationErrorOf(() =>
    synthConstruct((scope) => {
      const bucket = localBucket(scope);
      new AuditTrail(scope, "trail", { ...base, logBucket: bucket, cloudWatchLogs: { ...CWL, ...override, kmsKey: bucket.kmsKey } });
    }),
  );
  expect(e.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([[code, prop, "test/trail"]]);
});
