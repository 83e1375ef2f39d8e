import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Construct } from "constructs";
import { AccessLogBucket } from "../../../constructs/aws/access-log-bucket";
import { FunctionCodeSigning, FunctionCodeSigningProps } from "../../../constructs/aws/function-code-signing";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { LockedDownFunction, LockedDownFunctionProps } from "../../../constructs/aws/locked-down-function";
import { ObjectCreatedTrigger, ObjectCreatedTriggerProps } from "../../../constructs/aws/object-created-trigger";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { rule as cmkEncryption } from "../../../policies/rules/aws/data-is-encrypted-with-customer-managed-keys";
import { rule as notPublic } from "../../../policies/rules/aws/functions-are-not-public";
import { rule as traced } from "../../../policies/rules/aws/functions-are-traced";
import { rule as deadLetter } from "../../../policies/rules/aws/functions-have-a-dead-letter-queue";
import { rule as concurrency } from "../../../policies/rules/aws/functions-have-reserved-concurrency";
import { rule as signedCode } from "../../../policies/rules/aws/functions-run-signed-code";
import { rule as logRetention } from "../../../policies/rules/aws/log-groups-are-retained";
import { rule as namesActions } from "../../../policies/rules/aws/policies-name-actions";
import { rule as namesResources } from "../../../policies/rules/aws/policies-name-resources";
import { rule as trustBound } from "../../../policies/rules/aws/trust-policies-bind-their-source";
import { awsKeyAdminsCannotUseKeys } from "../../checkers/least-privilege";
import { awsBucketsBlockPublicAccess } from "../../checkers/public-access";
import { awsBucketsAreTlsOnly } from "../../checkers/tls-only";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";
import { runCase } from "../../policies/rule-cases";

const ADMIN = "arn:aws:iam::222222222222:role/blueprint-key-admin";
const ZIP_BYTES = Buffer.from("PK\u0005\u0006 a stand-in package for the construct tests");
const ZIP_SHA = createHash("sha256").update(ZIP_BYTES).digest("hex");
const ZIP_PATH = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ldf-")), "fn.zip");
fs.writeFileSync(ZIP_PATH, ZIP_BYTES);

interface Parts {
  readonly key: KmsKey;
  readonly signing: FunctionCodeSigning;
}

function parts(scope: Construct, signingProps: Partial<FunctionCodeSigningProps> = {}): Parts {
  const key = new KmsKey(scope, "functions", { purpose: "functions", aliasName: "acme-ai-prod-functions", accountId: "222222222222", adminRoleArn: ADMIN });
  const access = new AccessLogBucket(scope, "access", { bucketName: "acme-ai-prod-access-logs-222222222222", accountId: "222222222222", retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
  const signing = new FunctionCodeSigning(scope, "code", {
    bucketName: "acme-ai-prod-fn-code-222222222222",
    kmsKey: key,
    accessLogBucket: access,
    signingProfileName: "acme_ai_prod_functions",
    ...signingProps,
  });
  return { key, signing };
}

function props(p: Parts, overrides: Partial<LockedDownFunctionProps> = {}): LockedDownFunctionProps {
  return {
    functionName: "acme-ai-prod-gate-fraud-scoring",
    description: "Promotion gate",
    accountId: "222222222222",
    region: "eu-west-1",
    package: { zipPath: ZIP_PATH, sha256: ZIP_SHA },
    handler: "index.handler",
    environment: { GATE_REGISTRY: "fraud-scoring" },
    functionsKey: p.key,
    codeSigning: p.signing,
    reservedConcurrency: 10,
    logRetentionDays: 365,
    ...overrides,
  };
}

function synthFunction(overrides: Partial<LockedDownFunctionProps> = {}, extra?: (fn: LockedDownFunction, scope: Construct) => void): Json {
  return synthConstruct((scope) => {
    const fn = new LockedDownFunction(scope, "gate", props(parts(scope), overrides));
    extra?.(fn, scope);
  });
}

function policyOf(resource: Json, attribute = "policy"): Array<Record<string, unknown>> {
  return (JSON.parse(resource[attribute] as string) as { Statement: Array<Record<string, unknown>> }).Statement;
}

/** The one resource of `type` whose logical id starts with `prefix` (construct path, `_`-joined). */
function byId(stack: Json, type: string, prefix: string): Json {
  const found = Object.entries(resourcesOf(stack, type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return found[0]![1];
}

describe("aws LockedDownFunction", () => {
  const stack = synthFunction();

  test("its own role, trusted only by Lambda for this account and this function", () => {
    const role = onlyResource(stack, "aws_iam_role");
    expect(role["name"]).toBe("acme-ai-prod-gate-fraud-scoring-exec");
    expect(JSON.parse(role["assume_role_policy"] as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LambdaAssumesForThisFunction",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
        },
      ],
    });
    expect(role["permissions_boundary"]).toBeUndefined();
    expect(role["max_session_duration"]).toBe(3600);
    expect(resourcesOf(stack, "aws_iam_role_policy_attachment")).toEqual({});
  });

  test("the permissions boundary from config is the role's boundary", () => {
    const bounded = synthFunction({ permissionsBoundaryArn: "arn:aws:iam::222222222222:policy/blueprint-function-boundary" });
    expect(onlyResource(bounded, "aws_iam_role")["permissions_boundary"]).toBe("arn:aws:iam::222222222222:policy/blueprint-function-boundary");
  });

  test("the inline policy holds only the function's own needs before any grant: its log group, traces, its dead-letter queue", () => {
    const policy = onlyResource(stack, "aws_iam_role_policy");
    expect(policy["name"]).toBe("grants");
    expect(policyOf(policy)).toEqual([
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/acme-ai-prod-gate-fraud-scoring:*" },
      { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: expect.stringMatching(/^\$\{aws_sqs_queue\.gate_DeadLetterQueue_[A-Z0-9]+\.arn\}$/) },
      {
        Sid: "DeadLetterKey",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: expect.stringMatching(/^\$\{aws_kms_key\.functions_[A-Z0-9]+\.arn\}$/),
        Condition: { StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } },
      },
    ]);
  });

  test("code signing chain: versioned upload of the asset → Signer job on that version → function from the signed object, Enforce config", () => {
    const object = onlyResource(stack, "aws_s3_object");
    expect(object["source"]).toBe(`assets/function-package-${ZIP_SHA.slice(0, 16)}/${ZIP_SHA}/fn.zip`);
    expect(object["source_hash"]).toBe(ZIP_SHA);
    expect(object["key"]).toBe(`unsigned/acme-ai-prod-gate-fraud-scoring/${ZIP_SHA}.zip`);
    expect(object["bucket"]).toMatch(/^\$\{aws_s3_bucket\.code_[A-Z0-9]+\.id\}$/);
    expect(object["server_side_encryption"]).toBe("aws:kms");
    const job = onlyResource(stack, "aws_signer_signing_job");
    const objectId = Object.keys(resourcesOf(stack, "aws_s3_object"))[0]!;
    expect(job["source"]).toEqual({ s3: { bucket: object["bucket"], key: `\${aws_s3_object.${objectId}.key}`, version: `\${aws_s3_object.${objectId}.version_id}` } });
    expect(job["destination"]).toEqual({ s3: { bucket: object["bucket"], prefix: "signed/acme-ai-prod-gate-fraud-scoring/" } });
    expect(job["ignore_signing_job_failure"]).toBe(false);
    const profileId = Object.keys(resourcesOf(stack, "aws_signer_signing_profile"))[0]!;
    expect(job["profile_name"]).toBe(`\${aws_signer_signing_profile.${profileId}.name}`);
    const profile = onlyResource(stack, "aws_signer_signing_profile");
    expect(profile["platform_id"]).toBe("AWSLambda-SHA384-ECDSA");
    expect(profile["signature_validity_period"]).toEqual({ value: 12, type: "MONTHS" });
    const config = onlyResource(stack, "aws_lambda_code_signing_config");
    expect(config["allowed_publishers"]).toEqual({ signing_profile_version_arns: [`\${aws_signer_signing_profile.${profileId}.version_arn}`] });
    expect(config["policies"]).toEqual({ untrusted_artifact_on_deployment: "Enforce" });
    const fn = onlyResource(stack, "aws_lambda_function");
    const jobId = Object.keys(resourcesOf(stack, "aws_signer_signing_job"))[0]!;
    expect(fn["s3_bucket"]).toBe(`\${aws_signer_signing_job.${jobId}.signed_object[0].s3[0].bucket}`);
    expect(fn["s3_key"]).toBe(`\${aws_signer_signing_job.${jobId}.signed_object[0].s3[0].key}`);
    expect(fn["code_signing_config_arn"]).toBe(`\${aws_lambda_code_signing_config.${Object.keys(resourcesOf(stack, "aws_lambda_code_signing_config"))[0]!}.arn}`);
    expect(fn["filename"]).toBeUndefined();
    expect(fn["package_type"]).toBe("Zip");
  });

  test("runtime controls: nodejs22.x on arm64, settings under the functions key, active tracing, reserved concurrency, DLQ, JSON logs into its group, digest tag", () => {
    const fn = onlyResource(stack, "aws_lambda_function");
    const keyId = Object.keys(resourcesOf(stack, "aws_kms_key"))[0]!;
    expect(fn["function_name"]).toBe("acme-ai-prod-gate-fraud-scoring");
    expect(fn["runtime"]).toBe("nodejs22.x");
    expect(fn["architectures"]).toEqual(["arm64"]);
    expect(fn["handler"]).toBe("index.handler");
    expect(fn["kms_key_arn"]).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(fn["environment"]).toEqual({ variables: { GATE_REGISTRY: "fraud-scoring" } });
    expect(fn["tracing_config"]).toEqual({ mode: "Active" });
    expect(fn["reserved_concurrent_executions"]).toBe(10);
    expect(fn["dead_letter_config"]).toEqual({ target_arn: expect.stringMatching(/^\$\{aws_sqs_queue\.gate_DeadLetterQueue_[A-Z0-9]+\.arn\}$/) });
    expect(fn["logging_config"]).toEqual({ log_format: "JSON", log_group: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.gate_LogGroup_[A-Z0-9]+\.name\}$/), application_log_level: "INFO", system_log_level: "WARN" });
    expect(fn["tags"]).toEqual({ purpose: "function", "package-sha256": ZIP_SHA });
    expect(fn["vpc_config"]).toBeUndefined();
    expect(fn["timeout"]).toBe(300);
    expect(fn["memory_size"]).toBe(512);
  });

  test("log group: the functions key, the retention given, and a key-policy statement scoped to this group", () => {
    const group = onlyResource(stack, "aws_cloudwatch_log_group");
    expect(group["name"]).toBe("/aws/lambda/acme-ai-prod-gate-fraud-scoring");
    expect(group["retention_in_days"]).toBe(365);
    expect(group["kms_key_id"]).toMatch(/^\$\{aws_kms_key\.functions_[A-Z0-9]+\.arn\}$/);
    const statement = policyOf(onlyResource(stack, "aws_kms_key")).find((s) => String(s["Sid"]).startsWith("LogsEncrypt"));
    expect(statement).toEqual({
      Sid: expect.stringMatching(/^LogsEncryptAcmeAiProdGateFraudScoring[0-9a-f]{4}$/),
      Effect: "Allow",
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/acme-ai-prod-gate-fraud-scoring" },
        StringEqualsIfExists: { "aws:SourceAccount": "222222222222" },
      },
    });
  });

  test("dead-letter queue: KMS-encrypted with the functions key, 14 days, TLS only", () => {
    const queue = onlyResource(stack, "aws_sqs_queue");
    expect(queue["name"]).toBe("acme-ai-prod-gate-fraud-scoring-dlq");
    expect(queue["kms_master_key_id"]).toMatch(/^\$\{aws_kms_key\.functions_[A-Z0-9]+\.arn\}$/);
    expect(queue["message_retention_seconds"]).toBe(1209600);
    expect(policyOf(onlyResource(stack, "aws_sqs_queue_policy"))).toEqual([
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: expect.stringMatching(/DeadLetterQueue_[A-Z0-9]+\.arn\}$/), Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ]);
  });

  test("trace sampling from the protection level, as an X-Ray sampling rule for the function", () => {
    const dev = synthFunction({ traceSamplingRate: 0.1 });
    const rule = onlyResource(dev, "aws_xray_sampling_rule");
    expect(rule["fixed_rate"]).toBe(0.1);
    expect(rule["service_name"]).toBe("acme-ai-prod-gate-fraud-scoring");
    expect(rule["service_type"]).toBe("AWS::Lambda::Function");
    expect(String(rule["rule_name"]).length).toBeLessThanOrEqual(32);
    expect(onlyResource(stack, "aws_xray_sampling_rule")["fixed_rate"]).toBe(1);
  });

  test("VPC config from config, with network-interface actions scoped to the account's EC2 ARNs", () => {
    const vpc = synthFunction({ vpc: { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] } });
    expect(onlyResource(vpc, "aws_lambda_function")["vpc_config"]).toEqual({ subnet_ids: ["subnet-0123456789abcdef0"], security_group_ids: ["sg-0123456789abcdef0"] });
    const statements = policyOf(onlyResource(vpc, "aws_iam_role_policy"));
    expect(statements.filter((s) => String(s["Sid"]).startsWith("Vpc"))).toEqual([
      {
        Sid: "VpcNetworkInterfaces",
        Effect: "Allow",
        Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
        Resource: "arn:aws:ec2:eu-west-1:222222222222:*",
      },
      { Sid: "VpcDescribe", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
    ]);
  });

  test("the functions key lets services use it only for their source (key-admin / least-privilege checker)", () => {
    expect(awsKeyAdminsCannotUseKeys(synthFunction({}, (fn, scope) => new ObjectCreatedTrigger(scope, "trigger", {
      bucket: { bucketId: "models-bucket", bucketName: "acme-ai-prod-models-fraud-scoring-222222222222" },
      function: fn,
      ruleName: "acme-ai-prod-gate-fraud-scoring-trigger",
      accountId: "222222222222",
      keyWildcard: "incoming/*/*/model.sig",
    })))).toMatchObject({ status: "compliant" });
  });

  test("the code bucket: versioned, KMS, public access blocked, TLS only", () => {
    const bucket = byId(stack, "aws_s3_bucket", "code_");
    expect(bucket["bucket"]).toBe("acme-ai-prod-fn-code-222222222222");
    expect(byId(stack, "aws_s3_bucket_versioning", "code_Versioning")["versioning_configuration"]).toEqual({ status: "Enabled" });
    expect(byId(stack, "aws_s3_bucket_server_side_encryption_configuration", "code_Encryption")["rule"]).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.functions_[A-Z0-9]+\.arn\}$/) }, bucket_key_enabled: true },
    ]);
    expect(awsBucketsAreTlsOnly(stack)).toMatchObject({ status: "compliant" });
    expect(awsBucketsBlockPublicAccess(stack)).toMatchObject({ status: "compliant" });
  });

  test.each([
    ["FUNCTION-CODE-SIGNED", signedCode],
    ["FUNCTION-TRACED", traced],
    ["FUNCTION-DEAD-LETTER", deadLetter],
    ["FUNCTION-CONCURRENCY-LIMITED", concurrency],
    ["FUNCTION-INGRESS-INTERNAL", notPublic],
    ["TRUST-HAS-SOURCE-CONDITION", trustBound],
    ["IAM-NO-WILDCARD-ACTION", namesActions],
    ["IAM-NO-WILDCARD-RESOURCE", namesResources],
    ["CMK-ENCRYPTION", cmkEncryption],
    ["LOG-GROUP-RETAINED", logRetention],
  ])("passes %s", (_control, rule) => {
    const { findings, tally } = runCase(rule, { name: "locked-down function", stack });
    expect(findings.map((f) => f.message)).toEqual([]);
    expect(tally?.compliant).toBeGreaterThanOrEqual(1);
  });

  describe("grant hook", () => {
    test("a grant lands in the role's inline policy as given", () => {
      const granted = synthFunction({}, (fn) => fn.addToRolePolicy({ Sid: "ReadModels", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::models/approved/*" }));
      expect(policyOf(onlyResource(granted, "aws_iam_role_policy")).at(-1)).toEqual({ Sid: "ReadModels", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::models/approved/*" });
    });

    test("an allow-listed action may take Resource *", () => {
      const granted = synthFunction({}, (fn) => fn.addToRolePolicy({ Sid: "Identity", Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }));
      expect(policyOf(onlyResource(granted, "aws_iam_role_policy")).at(-1)).toEqual({ Sid: "Identity", Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" });
    });

    test.each([
      ["AWS_FUNCTION_GRANT_WILDCARD_ACTION", { Sid: "All", Effect: "Allow" as const, Action: "s3:*", Resource: "arn:aws:s3:::models/*" }],
      ["AWS_FUNCTION_GRANT_WILDCARD_ACTION", { Sid: "Prefix", Effect: "Allow" as const, Action: ["s3:Get*"], Resource: "arn:aws:s3:::models/*" }],
      ["AWS_FUNCTION_GRANT_WILDCARD_RESOURCE", { Sid: "Everything", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: "*" }],
      ["AWS_FUNCTION_GRANT_DUPLICATE_SID", { Sid: "Tracing", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: "arn:aws:s3:::models/*" }],
    ])("%s", (code, statement) => {
      const error = validationErrorOf(() => synthFunction({}, (fn) => fn.addToRolePolicy(statement)));
      expect(error.problems.map((p) => p.code)).toEqual([code]);
    });
  });

  describe("validation", () => {
    test.each<[string, Partial<LockedDownFunctionProps>]>([
      ["AWS_FUNCTION_NAME_INVALID", { functionName: "gate with spaces" }],
      ["AWS_FUNCTION_IMAGE_CODE_SIGNING", { packageType: "image" }],
      ["AWS_FUNCTION_BOUNDARY_INVALID", { permissionsBoundaryArn: "blueprint-function-boundary" }],
      ["AWS_FUNCTION_PACKAGE_DIGEST_INVALID", { package: { zipPath: ZIP_PATH, sha256: "ABC" } }],
      ["AWS_FUNCTION_CONCURRENCY_OUT_OF_RANGE", { reservedConcurrency: -1 }],
      ["AWS_FUNCTION_MEMORY_OUT_OF_RANGE", { memorySizeMb: 64 }],
      ["AWS_FUNCTION_TIMEOUT_OUT_OF_RANGE", { timeoutSeconds: 901 }],
      ["AWS_FUNCTION_LOG_RETENTION_INVALID", { logRetentionDays: 366 }],
      ["AWS_FUNCTION_TRACE_SAMPLING_OUT_OF_RANGE", { traceSamplingRate: 1.5 }],
      ["AWS_FUNCTION_VPC_SUBNETS", { vpc: { subnetIds: [], securityGroupIds: ["sg-0123456789abcdef0"] } }],
      ["AWS_FUNCTION_VPC_SECURITY_GROUPS", { vpc: { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["default"] } }],
      ["AWS_ACCOUNT_ID_INVALID", { accountId: "2222" }],
      ["AWS_REGION_INVALID", { region: "Europe" }],
      ["AWS_PARTITION_INVALID", { partition: "azure" }],
    ])("%s", (code, overrides) => {
      const error = validationErrorOf(() => synthFunction(overrides));
      expect(error.problems.map((p) => p.code)).toEqual([code]);
      expect(error.problems[0]!.constructPath).toBe("test/gate");
    });

    test("an image package names the reason in one line", () => {
      const error = validationErrorOf(() => synthFunction({ packageType: "image" }));
      expect(error.message.split("\n")).toHaveLength(1);
      expect(error.message).toContain("Lambda code signing cannot verify container images");
    });

    test.each<[string, Partial<FunctionCodeSigningProps>]>([
      ["AWS_SIGNING_PROFILE_NAME_INVALID", { signingProfileName: "acme-ai-prod-functions" }],
      ["AWS_SIGNING_VALIDITY_OUT_OF_RANGE", { signatureValidityMonths: 136 }],
      ["AWS_S3_BUCKET_NAME_INVALID", { bucketName: "Code_Bucket" }],
    ])("FunctionCodeSigning %s", (code, overrides) => {
      const error = validationErrorOf(() => synthConstruct((scope) => parts(scope, overrides)));
      expect(error.problems.map((p) => p.code)).toEqual([code]);
    });
  });
});

describe("aws ObjectCreatedTrigger", () => {
  function synthTrigger(overrides: Partial<ObjectCreatedTriggerProps> = {}): Json {
    return synthFunction({}, (fn, scope) => {
      new ObjectCreatedTrigger(scope, "trigger", {
        bucket: { bucketId: "models-bucket", bucketName: "acme-ai-prod-models-fraud-scoring-222222222222" },
        function: fn,
        ruleName: "acme-ai-prod-gate-fraud-scoring-trigger",
        accountId: "222222222222",
        keyWildcard: "incoming/*/*/model.sig",
        ...overrides,
      });
    });
  }
  const stack = synthTrigger();

  test("S3 sends the bucket's events to EventBridge", () => {
    expect(onlyResource(stack, "aws_s3_bucket_notification")).toMatchObject({ bucket: "models-bucket", eventbridge: true });
  });

  test("the rule matches Object Created from aws.s3 for the bucket and the key pattern", () => {
    const rule = onlyResource(stack, "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule["event_pattern"] as string)).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["acme-ai-prod-models-fraud-scoring-222222222222"] }, object: { key: [{ wildcard: "incoming/*/*/model.sig" }] } },
    });
    expect(rule["state"]).toBe("ENABLED");
  });

  test("the target is the function, with a retry policy and the function's dead-letter queue", () => {
    const target = onlyResource(stack, "aws_cloudwatch_event_target");
    expect(target["arn"]).toMatch(/^\$\{aws_lambda_function\.gate_[A-Z0-9]+\.arn\}$/);
    expect(target["retry_policy"]).toEqual({ maximum_retry_attempts: 8, maximum_event_age_in_seconds: 3600 });
    expect(target["dead_letter_config"]).toEqual({ arn: expect.stringMatching(/^\$\{aws_sqs_queue\.gate_DeadLetterQueue_[A-Z0-9]+\.arn\}$/) });
  });

  test("only this rule may invoke the function", () => {
    const permission = onlyResource(stack, "aws_lambda_permission");
    expect(permission).toMatchObject({ action: "lambda:InvokeFunction", principal: "events.amazonaws.com", source_account: "222222222222" });
    expect(permission["source_arn"]).toMatch(/^\$\{aws_cloudwatch_event_rule\.trigger_Rule_[A-Z0-9]+\.arn\}$/);
  });

  test("EventBridge may dead-letter into the queue and encrypt for it, for this rule only", () => {
    const ruleArn = expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.trigger_Rule_[A-Z0-9]+\.arn\}$/);
    expect(policyOf(onlyResource(stack, "aws_sqs_queue_policy")).at(-1)).toEqual({
      Sid: expect.stringMatching(/^EventBridgeDeadLetters[0-9a-f]{6}$/),
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: expect.stringMatching(/DeadLetterQueue_[A-Z0-9]+\.arn\}$/),
      Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
    });
    expect(policyOf(onlyResource(stack, "aws_kms_key")).at(-1)).toEqual({
      Sid: expect.stringMatching(/^EventBridgeDeadLetterKey[0-9a-f]{6}$/),
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
    });
  });

  test.each<[string, Partial<ObjectCreatedTriggerProps>]>([
    ["AWS_TRIGGER_RULE_NAME_INVALID", { ruleName: "a rule" }],
    ["AWS_TRIGGER_KEY_PATTERN_INVALID", { keyWildcard: "*/model.sig" }],
    ["AWS_TRIGGER_RETRIES_OUT_OF_RANGE", { maxRetryAttempts: 186 }],
    ["AWS_TRIGGER_EVENT_AGE_OUT_OF_RANGE", { maxEventAgeSeconds: 30 }],
    ["AWS_ACCOUNT_ID_INVALID", { accountId: "abc" }],
  ])("%s", (code, overrides) => {
    const error = validationErrorOf(() => synthTrigger(overrides));
    expect(error.problems.map((p) => p.code)).toEqual([code]);
  });
});
