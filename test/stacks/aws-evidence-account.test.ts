import { TerraformStack, Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { RETENTION_TIER_PRESETS } from "../../constructs/shared/retention-presets";
import { AwsEvidenceEnvironment, EvidenceAws, archiveSettings } from "../../modules/evidence-aws";
import { buildBlueprint } from "../../stacks/blueprint";
import { wireEvidenceAws } from "../../stacks/evidence-aws";
import { EvidenceStack } from "../../stacks/evidence-stack";
import { validationErrorOf } from "../helpers/errors";
import { LiteralReference, literalReferences } from "../helpers/literal-references";
import { Json, ResourceMap, defaultConfig, resourcesOf, synthApp } from "../helpers/synth";

/*
 * #15 (issue 6), AWS: the log-archive layout. With clouds.aws.evidence set, evidence-aws holds
 * every environment's logs key and write-once log bucket in the evidence account, and each
 * environment's trail delivers there across the account boundary. Every expectation below is a
 * literal, as an auditor reads it in the synthesized JSON.
 */

const EVIDENCE = { accountId: "444444444444", region: "eu-west-1" };

function evidenceConfig(evidence = EVIDENCE, extra: Partial<NonNullable<BlueprintConfig["clouds"]["aws"]>> = {}): BlueprintConfig {
  const config = defaultConfig();
  return { ...config, clouds: { ...config.clouds, aws: { ...config.clouds.aws!, ...extra, evidence } } };
}

function synthAws(config: BlueprintConfig): Record<string, Json> {
  const app = Testing.app();
  const stacks = buildBlueprint(app, config).filter((s) => s.node.id.includes("aws"));
  return Object.fromEntries(stacks.map((s: TerraformStack) => [s.node.id, JSON.parse(Testing.synth(s)) as Json]));
}

interface Statement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const policyOf = (body: Json): Statement[] => (JSON.parse(body["policy"] as string) as { Statement: Statement[] }).Statement;
const one = (stack: Json, type: string, id: string): [string, Json] => {
  const found = Object.entries(resourcesOf(stack, type) as ResourceMap).filter(([k]) => k.startsWith(id));
  if (found.length !== 1) throw new Error(`expected one ${type} ${id}*, found ${found.length}`);
  return found[0]!;
};
const sid = (statements: Statement[], name: string): Statement => {
  const found = statements.filter((s) => s.Sid === name);
  if (found.length !== 1) throw new Error(`expected one statement ${name}, found ${found.length}`);
  return found[0]!;
};

const out = synthAws(evidenceConfig());
const evidence = out["evidence-aws"]!;

test("#15 evidence-aws is a stack of its own, after the state backend and before the environments", () => {
  expect(Object.keys(out)).toEqual(["state-backend-aws", "evidence-aws", "ci-aws-dev", "ci-aws-prod", "aws-dev", "aws-prod", "cost-allocation-aws"]);
});

test("#15 evidence-aws deploys into the evidence account only, tagged environment=evidence", () => {
  const provider = (evidence["provider"] as Record<string, Json[]>)["aws"]![0]!;
  expect(provider["allowed_account_ids"]).toEqual(["444444444444"]);
  expect(provider["region"]).toBe("eu-west-1");
  expect(((provider["default_tags"] as Json[])[0]!["tags"] as Json)["environment"]).toBe("evidence");
});

describe.each([
  ["dev", "111111111111", "standard"],
  ["prod", "222222222222", "strict"],
] as const)("#15 evidence of aws-%s (account %s, %s)", (env, account, level) => {
  const strict = level === "strict";
  const trailArn = `arn:aws:cloudtrail:eu-west-1:${account}:trail/acme-ai-${env}-audit`;
  const [keyId, key] = one(evidence, "aws_kms_key", `evidence_${env}_logs-key_`);
  const [bucketId, bucket] = one(evidence, "aws_s3_bucket", `evidence_${env}_log-bucket_`);
  const [, bucketPolicy] = one(evidence, "aws_s3_bucket_policy", `evidence_${env}_log-bucket_`);

  test(`#15 ${env}: the key and bucket live in the evidence account under the names the environment stack uses`, () => {
    expect(bucket["bucket"]).toBe(`acme-ai-${env}-logs-444444444444`);
    expect(one(evidence, "aws_kms_alias", `evidence_${env}_logs-key_`)[1]["name"]).toBe(`alias/acme-ai-${env}-logs`);
    expect(bucket["depends_on"]).toEqual([`aws_kms_key.${keyId}`]);
    expect(bucket["lifecycle"]).toEqual({ prevent_destroy: strict });
    expect(key["lifecycle"]).toEqual({ prevent_destroy: strict });
    expect(key["deletion_window_in_days"]).toBe(strict ? 30 : 7);
  });

  test(`#15 ${env}: the environment's tier and lock mode`, () => {
    const [, lock] = one(evidence, "aws_s3_bucket_object_lock_configuration", `evidence_${env}_log-bucket_`);
    expect(lock["rule"]).toEqual({ default_retention: strict ? { days: 2557, mode: "COMPLIANCE" } : { days: 90, mode: "GOVERNANCE" } });
  });

  test(`#15 ${env}: the bucket policy lets exactly that environment's trail deliver, under its own account's prefix`, () => {
    const statements = policyOf(bucketPolicy);
    expect(sid(statements, "CloudTrailChecksBucketAcl")).toEqual({
      Sid: "CloudTrailChecksBucketAcl",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: `\${aws_s3_bucket.${bucketId}.arn}`,
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    });
    expect(sid(statements, "CloudTrailWritesLogs")).toEqual({
      Sid: "CloudTrailWritesLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `\${aws_s3_bucket.${bucketId}.arn}/cloudtrail/AWSLogs/${account}/*`,
      Condition: { StringEquals: { "aws:SourceArn": trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });
    // Besides the trail only the environment's promotion gates, each under its own registry's
    // records: the environment's other principals get no access to their evidence.
    expect(statements.filter((s) => s.Effect === "Allow").map((s) => s.Sid)).toEqual([
      "CloudTrailChecksBucketAcl", "CloudTrailWritesLogs", "GateRecordsFraudScoring", "GateRecordsLlmAdapters", "GatesListRecords",
    ]);
  });

  test(`#15 ${env}: each gate role of the environment writes and reads only its registry's records, named by aws:PrincipalArn (the role does not exist yet)`, () => {
    const statements = policyOf(bucketPolicy);
    const root = { AWS: `arn:aws:iam::${account}:root` };
    expect(sid(statements, "GateRecordsFraudScoring")).toEqual({
      Sid: "GateRecordsFraudScoring",
      Effect: "Allow",
      Principal: root,
      Action: ["s3:PutObject", "s3:GetObject"],
      Resource: `\${aws_s3_bucket.${bucketId}.arn}/provenance/fraud-scoring/*`,
      Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${account}:role/acme-ai-${env}-gate-fraud-scoring-exec` } },
    });
    expect(sid(statements, "GateRecordsLlmAdapters")).toEqual({
      Sid: "GateRecordsLlmAdapters",
      Effect: "Allow",
      Principal: root,
      Action: ["s3:PutObject", "s3:GetObject"],
      Resource: `\${aws_s3_bucket.${bucketId}.arn}/provenance/llm-adapters/*`,
      Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${account}:role/acme-ai-${env}-gate-llm-adapters-exec` } },
    });
    expect(sid(statements, "GatesListRecords")).toEqual({
      Sid: "GatesListRecords",
      Effect: "Allow",
      Principal: root,
      Action: "s3:ListBucket",
      Resource: `\${aws_s3_bucket.${bucketId}.arn}`,
      Condition: { ArnEquals: { "aws:PrincipalArn": [`arn:aws:iam::${account}:role/acme-ai-${env}-gate-fraud-scoring-exec`, `arn:aws:iam::${account}:role/acme-ai-${env}-gate-llm-adapters-exec`] } },
    });
    const keyStatement = sid(policyOf(key), "GatesEncryptRecordsThroughS3");
    expect(keyStatement).toEqual({
      Sid: "GatesEncryptRecordsThroughS3",
      Effect: "Allow",
      Principal: root,
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        ArnEquals: { "aws:PrincipalArn": [`arn:aws:iam::${account}:role/acme-ai-${env}-gate-fraud-scoring-exec`, `arn:aws:iam::${account}:role/acme-ai-${env}-gate-llm-adapters-exec`] },
        StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": `\${aws_s3_bucket.${bucketId}.arn}` },
      },
    });
  });

  test(`#15 ${env}: the key policy lets that trail encrypt (encryption context of its account) and that account only describe the key`, () => {
    const statements = policyOf(key);
    expect(sid(statements, "CloudTrailEncryptsLogs")).toEqual({
      Sid: "CloudTrailEncryptsLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceArn": trailArn },
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${account}:trail/*` },
      },
    });
    expect(sid(statements, "CloudTrailDecryptsWithBucketKey")).toEqual({
      Sid: "CloudTrailDecryptsWithBucketKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": trailArn } },
    });
    expect(sid(statements, "EnvironmentAccountDescribesKey")).toEqual({
      Sid: "EnvironmentAccountDescribesKey",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: "kms:DescribeKey",
      Resource: "*",
    });
    // Administration stays with the evidence account; no statement names the environment's
    // account otherwise, but the gates' use of the key for their records through S3.
    expect(statements.filter((s) => JSON.stringify(s.Principal).includes(account)).map((s) => s.Sid)).toEqual(["EnvironmentAccountDescribesKey", "GatesEncryptRecordsThroughS3"]);
    expect(sid(statements, "AdminRoleManagesKey").Principal).toEqual({ AWS: "arn:aws:iam::444444444444:role/blueprint-key-admin" });
  });

  test(`#15 ${env}: ${strict ? "strict guards the key and bucket in the evidence account" : "standard leaves them manageable"}`, () => {
    expect(policyOf(key).filter((s) => s.Effect === "Deny").map((s) => s.Sid)).toEqual(strict ? ["KeyDenyTampering"] : []);
    expect(key["bypass_policy_lockout_safety_check"]).toBe(strict);
    expect(policyOf(bucketPolicy).filter((s) => s.Sid.startsWith("BucketDeny")).map((s) => s.Sid)).toEqual(strict ? ["BucketDenyTampering"] : []);
  });

  test(`#16 ${env}: the log bucket's server access logs go to an access-log bucket of the evidence account`, () => {
    const [accessId, access] = one(evidence, "aws_s3_bucket", `evidence_${env}_access-log-bucket_`);
    expect(access["bucket"]).toBe(`acme-ai-${env}-access-logs-444444444444`);
    const [, logging] = one(evidence, "aws_s3_bucket_logging", `evidence_${env}_access-log-bucket_`);
    expect(logging).toEqual(expect.objectContaining({ bucket: `\${aws_s3_bucket.${bucketId}.id}`, target_bucket: `\${aws_s3_bucket.${accessId}.id}`, target_prefix: "log-bucket/" }));
  });
});

describe("#15 the evidence account's own trail", () => {
  const [, trail] = one(evidence, "aws_cloudtrail", "evidence_audit-trail_");
  const selectors = trail["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>;
  const arnsOf = (name: string): unknown =>
    selectors.filter((s) => s.name === name).flatMap((s) => s.field_selector.filter((f) => f["field"] === "resources.ARN").map((f) => f["starts_with"]));
  const bucketArn = (scope: string): string => `\${aws_s3_bucket.${one(evidence, "aws_s3_bucket", `evidence_${scope}_log-bucket_`)[0]}.arn}/`;

  test("#15 records management events and every read and tampering write on every evidence bucket", () => {
    expect(trail["name"]).toBe("acme-ai-log-archive-audit");
    expect(selectors.map((s) => s.name)).toEqual(["management-events", "log-bucket-reads", "log-bucket-tampering"]);
    const all = [[bucketArn("log-archive"), bucketArn("dev"), bucketArn("prod")]];
    expect(arnsOf("log-bucket-reads")).toEqual(all);
    expect(arnsOf("log-bucket-tampering")).toEqual(all);
    const tampering = selectors.find((s) => s.name === "log-bucket-tampering")!.field_selector.find((f) => f["field"] === "eventName");
    expect(tampering).toEqual({ field: "eventName", equals: ["DeleteObject", "DeleteObjects", "PutObjectRetention", "PutObjectLegalHold"] });
  });

  test("#15 delivers into a bucket of the evidence account kept and locked like the longest-kept evidence (prod: compliance-7y, strict)", () => {
    const [bucketId, bucket] = one(evidence, "aws_s3_bucket", "evidence_log-archive_log-bucket_");
    expect(bucket["bucket"]).toBe("acme-ai-log-archive-logs-444444444444");
    expect(trail["s3_bucket_name"]).toBe(`\${aws_s3_bucket.${bucketId}.bucket}`);
    expect(trail["kms_key_id"]).toBe(`\${aws_kms_key.${one(evidence, "aws_kms_key", "evidence_log-archive_logs-key_")[0]}.arn}`);
    expect(one(evidence, "aws_s3_bucket_object_lock_configuration", "evidence_log-archive_log-bucket_")[1]["rule"]).toEqual({ default_retention: { days: 2557, mode: "COMPLIANCE" } });
    expect(bucket["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(policyOf(one(evidence, "aws_kms_key", "evidence_log-archive_logs-key_")[1]).filter((s) => s.Effect === "Deny").map((s) => s.Sid)).toEqual(["KeyDenyTampering"]);
  });
});

describe.each([
  ["dev", "111111111111"],
  ["prod", "222222222222"],
] as const)("#15 aws-%s in the evidence layout", (env, account) => {
  const stack = out[`aws-${env}`]!;

  test(`#15 ${env}: no logs key and no log bucket of its own; the registry, functions and signing keys stay`, () => {
    expect(Object.values(resourcesOf(stack, "aws_kms_alias")).map((a) => a["name"]).sort()).toEqual([
      `alias/acme-ai-${env}-functions`,
      `alias/acme-ai-${env}-gate-attestation`,
      `alias/acme-ai-${env}-monitoring`,
      `alias/acme-ai-${env}-registry`,
      `alias/acme-ai-${env}-signing`,
    ]);
    // The gate's attestation key signs decision records in the environment's account, like the signing key.
    expect(Object.values(resourcesOf(stack, "aws_kms_key")).map((k) => [(k["tags"] as Json)["purpose"], k["key_usage"]])).toEqual([
      ["gate-attestation", "SIGN_VERIFY"],
      ["functions", "ENCRYPT_DECRYPT"],
      ["monitoring", "ENCRYPT_DECRYPT"],
      ["registry", "ENCRYPT_DECRYPT"],
      ["signing", "SIGN_VERIFY"],
    ]);
    // The registries enable Object Lock at creation with no default retention (the gate locks each
    // approved copy), so no bucket of the environment has a default retention rule.
    expect(Object.keys(resourcesOf(stack, "aws_s3_bucket_object_lock_configuration"))).toEqual([]);
    const buckets = Object.values(resourcesOf(stack, "aws_s3_bucket"));
    expect(buckets.filter((b) => (b["tags"] as Json)["purpose"] !== "model-registry").map((b) => b["bucket"])).toEqual([
      `acme-ai-${env}-access-logs-${account}`,
      // The signed packages of the promotion-gate functions, deployed in the environment's account.
      `acme-ai-${env}-fn-code-${account}`,
    ]);
    // The model registries stay in the environment's account: only the logs key and the log bucket move.
    expect(buckets.filter((b) => (b["tags"] as Json)["purpose"] === "model-registry").map((b) => [b["bucket"], b["object_lock_enabled"]])).toEqual([
      [`acme-ai-${env}-models-fraud-scoring-${account}`, true],
      [`acme-ai-${env}-models-llm-adapters-${account}`, true],
    ]);
  });

  test(`#15 ${env}: the trail delivers to the evidence bucket, encrypted with the evidence key's ARN looked up by alias ARN in the evidence region`, () => {
    const [dataId, data] = Object.entries((stack["data"] as Record<string, ResourceMap>)["aws_kms_key"]!)[0]!;
    expect(data).toEqual({ key_id: `arn:aws:kms:eu-west-1:444444444444:alias/acme-ai-${env}-logs`, region: "eu-west-1" });
    const [, trail] = one(stack, "aws_cloudtrail", "supply-chain_audit-trail_");
    expect(trail["name"]).toBe(`acme-ai-${env}-audit`);
    expect(trail["s3_bucket_name"]).toBe(`acme-ai-${env}-logs-444444444444`);
    expect(trail["s3_key_prefix"]).toBe("cloudtrail");
    // The key ARN, never the alias: CloudTrail returns the key ARN on read (Trail.KmsKeyId), so an alias would never converge.
    expect(trail["kms_key_id"]).toBe(`\${data.aws_kms_key.${dataId}.arn}`);
    expect((stack["output"] as Record<string, Json>)["logs-key"]!["value"]).toBe(`\${data.aws_kms_key.${dataId}.arn}`);
  });

  test(`#15 ${env}: the trail still records reads and tampering on its evidence bucket made from its own account`, () => {
    const [, trail] = one(stack, "aws_cloudtrail", "supply-chain_audit-trail_");
    const reads = (trail["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>).find((s) => s.name === "log-bucket-reads")!;
    expect(reads.field_selector.find((f) => f["field"] === "resources.ARN")).toEqual({ field: "resources.ARN", starts_with: [`arn:aws:s3:::acme-ai-${env}-logs-444444444444/`] });
  });

  test(`#15 ${env}: the names the environment uses are the ones the evidence stack creates`, () => {
    const [, trail] = one(stack, "aws_cloudtrail", "supply-chain_audit-trail_");
    const [, bucket] = one(evidence, "aws_s3_bucket", `evidence_${env}_log-bucket_`);
    expect(trail["s3_bucket_name"]).toBe(bucket["bucket"]);
    const region = ((stack["provider"] as Record<string, Json[]>)["aws"]![0]!["region"]) as string;
    const trailArn = `arn:aws:cloudtrail:${region}:${account}:trail/${trail["name"] as string}`;
    const [, policy] = one(evidence, "aws_s3_bucket_policy", `evidence_${env}_log-bucket_`);
    expect(sid(policyOf(policy), "CloudTrailWritesLogs").Condition!["StringEquals"]!["aws:SourceArn"]).toBe(trailArn);
  });
});

/** The cycles attribute-references.test.ts documents: a trail's ARN in the policies it needs at creation. */
const isCycle = (r: LiteralReference): boolean => r.producer.type === "aws_cloudtrail" && ["aws_s3_bucket_policy", "aws_kms_key"].includes(r.consumer.type);

test.each(["evidence-aws", "aws-dev", "aws-prod"])("#1 #15 %s: no literal names another resource of its stack, except the documented trail cycle", (name) => {
  expect(literalReferences(out[name]!).filter((r) => !isCycle(r)).map((r) => r.describe())).toEqual([]);
});

test("#1 #15 the one literal of evidence-aws is its own trail's ARN in its own key and bucket policies", () => {
  expect(literalReferences(evidence).map((r) => `${r.producer.type} -> ${r.consumer.type}`)).toEqual(["aws_cloudtrail -> aws_kms_key", "aws_cloudtrail -> aws_s3_bucket_policy"]);
});

test("#15 the whole app synthesizes the evidence layout, twice byte-identical", () => {
  const first = synthApp("aws-evidence-account-1", evidenceConfig());
  const second = synthApp("aws-evidence-account-2", evidenceConfig());
  expect([...first.keys()]).toContain("evidence-aws");
  expect(first.get("evidence-aws")).toBe(second.get("evidence-aws"));
  expect(first.get("evidence-aws")).not.toMatch(/\/work\/|\d{4}-\d{2}-\d{2}T/);
});

test("#15 with clouds.aws.breakGlassRoleName the exception is the evidence account's role, with MFA", () => {
  const withRole = synthAws(evidenceConfig(EVIDENCE, { breakGlassRoleName: "evidence-break-glass" }))["evidence-aws"]!;
  const role = "arn:aws:iam::444444444444:role/evidence-break-glass";
  for (const scope of ["prod", "log-archive"]) {
    const statements = policyOf(one(withRole, "aws_kms_key", `evidence_${scope}_logs-key_`)[1]);
    expect(statements.filter((s) => s.Effect === "Deny").map((s) => [s.Sid, s.Condition])).toEqual([
      ["KeyDenyTamperingExceptBreakGlass", { ArnNotEquals: { "aws:PrincipalArn": role } }],
      ["KeyDenyTamperingWithoutMfa", { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }],
    ]);
  }
  expect(policyOf(one(withRole, "aws_kms_key", "evidence_dev_logs-key_")[1]).filter((s) => s.Effect === "Deny")).toEqual([]);
});

test("#15 an evidence region other than the environments': buckets and keys there, trail ARNs keep the environments' home region", () => {
  const other = synthAws(evidenceConfig({ accountId: "444444444444", region: "us-east-1" }));
  expect((other["evidence-aws"]!["provider"] as Record<string, Json[]>)["aws"]![0]!["region"]).toBe("us-east-1");
  const data = Object.values((other["aws-prod"]!["data"] as Record<string, ResourceMap>)["aws_kms_key"]!)[0]!;
  expect(data).toEqual({ key_id: "arn:aws:kms:us-east-1:444444444444:alias/acme-ai-prod-logs", region: "us-east-1" });
  const [, policy] = one(other["evidence-aws"]!, "aws_s3_bucket_policy", "evidence_prod_log-bucket_");
  expect(sid(policyOf(policy), "CloudTrailWritesLogs").Condition!["StringEquals"]!["aws:SourceArn"]).toBe("arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-ai-prod-audit");
});

describe("EvidenceAws props", () => {
  const logs = { retentionTier: RETENTION_TIER_PRESETS["audit-1y"], lockRetention: false };
  const env = (name: string, accountId: string, over: Partial<AwsEvidenceEnvironment> = {}): AwsEvidenceEnvironment => ({
    environment: name,
    accountId,
    region: "eu-west-1",
    protectionLevel: "standard",
    keyRotationDays: 180,
    logs,
    ...over,
  });
  const build = (environments: AwsEvidenceEnvironment[]) => () =>
    new EvidenceAws(new TerraformStack(Testing.app(), "t"), "evidence", {
      organization: "acme-ai",
      accountId: "444444444444",
      region: "eu-west-1",
      partition: "aws",
      adminRoleArn: "arn:aws:iam::444444444444:role/admin",
      environments,
    });

  test("AWS_EVIDENCE_NO_ENVIRONMENT: an archive of nothing is refused", () => {
    expect(validationErrorOf(build([])).problems.map((p) => p.code)).toEqual(["AWS_EVIDENCE_NO_ENVIRONMENT"]);
  });

  test("AWS_EVIDENCE_ACCOUNT_SHARED: an environment in the evidence account is refused", () => {
    const e = validationErrorOf(build([env("dev", "111111111111"), env("prod", "444444444444")]));
    expect(e.problems.map((p) => [p.code, p.value])).toEqual([["AWS_EVIDENCE_ACCOUNT_SHARED", '"prod"']]);
  });

  test("#15 the own trail's settings follow the longest-kept, strictest evidence", () => {
    expect(
      archiveSettings([
        env("dev", "111111111111"),
        env("prod", "222222222222", { protectionLevel: "strict", keyRotationDays: 90, logs: { retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], lockRetention: true } }),
      ]),
    ).toEqual({ protectionLevel: "strict", keyRotationDays: 90, retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], lockRetention: true });
    expect(archiveSettings([env("dev", "111111111111")])).toEqual({ protectionLevel: "standard", keyRotationDays: 180, retentionTier: RETENTION_TIER_PRESETS["audit-1y"], lockRetention: false });
  });
});

describe("AWS_EVIDENCE_NOT_CONFIGURED: evidence-aws wired from a config without the evidence account", () => {
  const problemsOf = (config: BlueprintConfig) =>
    validationErrorOf(() => new EvidenceStack(Testing.app(), { config, cloud: "aws" }, wireEvidenceAws)).problems.map((p) => [p.code, p.constructPath, p.prop, p.value]);

  test("no clouds.aws.evidence", () => {
    expect(problemsOf(defaultConfig())).toEqual([["AWS_EVIDENCE_NOT_CONFIGURED", "evidence-aws", "clouds.aws.evidence", "missing"]]);
  });

  test("no clouds.aws at all", () => {
    const config = defaultConfig();
    expect(problemsOf({ ...config, clouds: { ...config.clouds, aws: undefined } })).toEqual([["AWS_EVIDENCE_NOT_CONFIGURED", "evidence-aws", "clouds.aws", "missing"]]);
  });
});

describe("#15 the promotion gates under the log-archive layout, evidence in another region", () => {
  const far = synthAws(evidenceConfig({ accountId: "444444444444", region: "eu-central-1" }));
  const prod = far["aws-prod"]!;
  const [, fn] = one(prod, "aws_lambda_function", "supply-chain_promotion-gates_fraud-scoring_C");
  const [, grants] = one(prod, "aws_iam_role_policy", "supply-chain_promotion-gates_fraud-scoring_Policy_");
  const statements = policyOf(grants);

  test("#15 the gate writes its records to the evidence bucket, through a client of the evidence region", () => {
    const variables = (fn["environment"] as { variables: Record<string, string> }).variables;
    expect(variables["GATE_AWS_LOG_BUCKET"]).toBe("acme-ai-prod-logs-444444444444");
    expect(variables["GATE_AWS_LOG_REGION"]).toBe("eu-central-1");
  });

  test("#15 its own policy allows the records under its registry's prefix and the logs key only through S3 of the evidence region", () => {
    expect(sid(statements, "WriteDecisionRecords").Resource).toBe("arn:aws:s3:::acme-ai-prod-logs-444444444444/provenance/fraud-scoring/*");
    expect(sid(statements, "LogsKey").Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::acme-ai-prod-logs-444444444444" },
    });
    // The registry stays in the environment's region.
    expect((sid(statements, "RegistryKey").Condition as Record<string, Record<string, string>>)["StringEquals"]!["kms:ViaService"]).toBe("s3.eu-west-1.amazonaws.com");
  });

  test("#15 the evidence key admits the gates only through S3 of its own region", () => {
    const [, key] = one(far["evidence-aws"]!, "aws_kms_key", "evidence_prod_logs-key_");
    const condition = sid(policyOf(key), "GatesEncryptRecordsThroughS3").Condition!;
    expect(condition["StringEquals"]!["kms:ViaService"]).toBe("s3.eu-central-1.amazonaws.com");
  });
});
