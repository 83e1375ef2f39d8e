import { TerraformStack, Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { CostAllocationStack } from "../../stacks/cost-allocation-stack";
import { StateBackendStack } from "../../stacks/state-backend-stack";
import { SupplyChainStack } from "../../stacks/supply-chain-stack";
import { Json, ResourceMap, defaultConfig, onlyResource, resourcesOf } from "../helpers/synth";

/*
 * The AWS stacks of a configuration, synthesized without the other clouds: what `strict` and
 * `standard` each guarantee about the evidence, as an auditor reads it in the JSON.
 */
function awsStacks(config: BlueprintConfig = defaultConfig()): Record<string, Json> {
  const app = Testing.app();
  const stacks: TerraformStack[] = [
    new StateBackendStack(app, { config, cloud: "aws" }),
    new SupplyChainStack(app, { config, cloud: "aws", environment: "dev" }),
    new SupplyChainStack(app, { config, cloud: "aws", environment: "prod" }),
    new CostAllocationStack(app, config),
  ];
  return Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s)) as Json]));
}

interface Statement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

const stacks = awsStacks();
const byIdPrefix = (map: ResourceMap, prefix: string): Array<[string, Json]> => Object.entries(map).filter(([id]) => id.startsWith(prefix));
const one = (stack: Json, type: string, prefix: string): [string, Json] => {
  const found = byIdPrefix(resourcesOf(stack, type), prefix);
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return found[0]!;
};
/** A resource body without cdktf's `//` metadata. */
const bare = (body: Json): Json => Object.fromEntries(Object.entries(body).filter(([k]) => k !== "//"));
const policyOf = (body: Json): Statement[] => (JSON.parse(body["policy"] as string) as { Statement: Statement[] }).Statement;

const LOGS_KEY = "supply-chain_keys_logs_";
const LOG_BUCKET = "supply-chain_log-bucket_";

describe.each([
  ["dev", "standard", "111111111111"],
  ["prod", "strict", "222222222222"],
] as const)("aws-%s (%s)", (env, level, account) => {
  const stack = stacks[`aws-${env}`]!;
  const strict = level === "strict";
  const [logsKeyId, logsKey] = one(stack, "aws_kms_key", LOGS_KEY);
  const [, logBucket] = one(stack, "aws_s3_bucket", LOG_BUCKET);

  test(`#5 ${level}: the log bucket depends on the logs key, so destroy deletes the bucket first and skips the key while the bucket survives`, () => {
    expect(logBucket["depends_on"]).toEqual([`aws_kms_key.${logsKeyId}`]);
    expect(logBucket["force_destroy"]).toBe(false);
  });

  test(`${strict ? "#12 " : ""}${level}: the logs key ${strict ? "denies" : "does not deny"} tampering, and bypasses the lockout check only then`, () => {
    const denies = policyOf(logsKey).filter((s) => s.Effect === "Deny");
    expect(denies.map((s) => s.Sid)).toEqual(strict ? ["KeyDenyTampering"] : []);
    expect(logsKey["bypass_policy_lockout_safety_check"]).toBe(strict);
  });

  test(`${level}: only the logs key is guarded; the registry and functions keys stay manageable`, () => {
    for (const purpose of ["registry", "functions"]) {
      const [, key] = one(stack, "aws_kms_key", `supply-chain_keys_${purpose}_`);
      expect(policyOf(key).filter((s) => s.Effect === "Deny")).toEqual([]);
      expect(key["bypass_policy_lockout_safety_check"]).toBe(false);
    }
  });

  test(`${strict ? "#12 " : ""}${level}: the log bucket policy ${strict ? "denies" : "does not deny"} unlocking and re-policying`, () => {
    const [, policy] = one(stack, "aws_s3_bucket_policy", LOG_BUCKET);
    expect(policyOf(policy).filter((s) => s.Sid.startsWith("BucketDeny")).map((s) => s.Sid)).toEqual(strict ? ["BucketDenyTampering"] : []);
  });

  test(`#16 ${level}: the server access logs of the log bucket, of both model registries and of the gate's function-code bucket go to the environment's access-log bucket, each under its own prefix`, () => {
    const [accessId, access] = one(stack, "aws_s3_bucket", "supply-chain_access-log-bucket_");
    expect(access["bucket"]).toBe(`acme-ai-${env}-access-logs-${account}`);
    expect(access["lifecycle"]).toEqual({ prevent_destroy: strict });
    const [logBucketId] = one(stack, "aws_s3_bucket", LOG_BUCKET);
    const [fraudId] = one(stack, "aws_s3_bucket", "supply-chain_registries_fraud-scoring_");
    const [adaptersId] = one(stack, "aws_s3_bucket", "supply-chain_registries_llm-adapters_");
    // The bucket the signed promotion-gate packages are deployed from: who read or replaced a package is evidence too.
    const [codeId, code] = one(stack, "aws_s3_bucket", "supply-chain_promotion-gates_code-signing_");
    expect(code["bucket"]).toBe(`acme-ai-${env}-fn-code-${account}`);
    const [accessPolicyId] = one(stack, "aws_s3_bucket_policy", "supply-chain_access-log-bucket_");
    // Each delivery waits for the access-log bucket's policy, the grant that lets the logging service write.
    const delivery = (bucketId: string, prefix: string): Json => ({
      bucket: `\${aws_s3_bucket.${bucketId}.id}`,
      target_bucket: `\${aws_s3_bucket.${accessId}.id}`,
      target_prefix: prefix,
      depends_on: [`aws_s3_bucket_policy.${accessPolicyId}`],
    });
    expect(Object.values(resourcesOf(stack, "aws_s3_bucket_logging")).map(bare)).toEqual([
      delivery(codeId, "function-code/"),
      delivery(logBucketId, "log-bucket/"),
      delivery(fraudId, "registry-fraud-scoring/"),
      delivery(adaptersId, "registry-llm-adapters/"),
    ]);
  });

  test(`#1 ${level}: the trail names the log bucket by attribute`, () => {
    const [logBucketId] = one(stack, "aws_s3_bucket", LOG_BUCKET);
    expect(onlyResource(stack, "aws_cloudtrail")["s3_bucket_name"]).toBe(`\${aws_s3_bucket.${logBucketId}.bucket}`);
  });
});

test("#12 strict with clouds.aws.breakGlassRoleName: the role of the environment's account is the only exception, with MFA", () => {
  const config = defaultConfig();
  const withRole = { ...config, clouds: { ...config.clouds, aws: { ...config.clouds.aws!, breakGlassRoleName: "evidence-break-glass" } } };
  const out = awsStacks(withRole);
  const prod = out["aws-prod"]!;
  const [, key] = one(prod, "aws_kms_key", LOGS_KEY);
  const [, policy] = one(prod, "aws_s3_bucket_policy", LOG_BUCKET);
  const role = "arn:aws:iam::222222222222:role/evidence-break-glass";
  for (const [statements, prefix] of [[policyOf(key), "Key"], [policyOf(policy), "Bucket"]] as const) {
    expect(statements.filter((s) => s.Effect === "Deny" && s.Sid.startsWith(prefix)).map((s) => [s.Sid, s.Condition])).toEqual([
      [`${prefix}DenyTamperingExceptBreakGlass`, { ArnNotEquals: { "aws:PrincipalArn": role } }],
      [`${prefix}DenyTamperingWithoutMfa`, { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }],
    ]);
  }
  // standard environments stay destroyable: no guard even with a break-glass role configured.
  const [, devKey] = one(out["aws-dev"]!, "aws_kms_key", LOGS_KEY);
  expect(policyOf(devKey).filter((s) => s.Effect === "Deny")).toEqual([]);
});

describe("state-backend-aws", () => {
  const stack = stacks["state-backend-aws"]!;

  test("#5 the state bucket depends on the state key", () => {
    const [keyId] = one(stack, "aws_kms_key", "state_key_");
    expect(one(stack, "aws_s3_bucket", "state_bucket_")[1]["depends_on"]).toEqual([`aws_kms_key.${keyId}`]);
  });

  test("#16 the state bucket's server access logs go to a bucket of their own, kept a year", () => {
    const [accessId, access] = one(stack, "aws_s3_bucket", "state_access-log-bucket_");
    const [stateId] = one(stack, "aws_s3_bucket", "state_bucket_");
    expect(access["bucket"]).toBe("acme-ai-tfstate-access-222222222222-eu-west-1");
    expect(access["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(Object.values(resourcesOf(stack, "aws_s3_bucket_logging"))).toEqual([
      expect.objectContaining({ bucket: `\${aws_s3_bucket.${stateId}.id}`, target_bucket: `\${aws_s3_bucket.${accessId}.id}`, target_prefix: "state-bucket/" }),
    ]);
    const [, lifecycle] = one(stack, "aws_s3_bucket_lifecycle_configuration", "state_access-log-bucket_");
    expect((lifecycle["rule"] as Json[])[0]!["expiration"]).toEqual([{ days: 365 }]);
  });

  test("#1 the bucket output is the bucket's attribute", () => {
    const [stateId] = one(stack, "aws_s3_bucket", "state_bucket_");
    expect((stack["output"] as Record<string, Json>)["bucket"]!["value"]).toBe(`\${aws_s3_bucket.${stateId}.bucket}`);
  });
});

test("#11 cost-allocation-aws deploys into the management account, not the state account", () => {
  const provider = ((stacks["cost-allocation-aws"]!["provider"] as Record<string, Json[]>)["aws"]!)[0]!;
  expect(provider["allowed_account_ids"]).toEqual(["333333333333"]);
  expect(provider["region"]).toBe("us-east-1");
});
