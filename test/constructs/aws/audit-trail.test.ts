import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
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
