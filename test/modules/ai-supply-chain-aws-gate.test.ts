import { Json, resourcesOf, synthApp } from "../helpers/synth";
import { permissionsOf, readable } from "./aws-gate-helpers";

const stacks = synthApp("aws-gate");
const prod = JSON.parse(stacks.get("aws-prod")!) as Json;
const dev = JSON.parse(stacks.get("aws-dev")!) as Json;

function idOf(stack: Json, type: string, path: string): string {
  const found = Object.entries(resourcesOf(stack, type)).filter(([, body]) => (body["//"] as { metadata: { path: string } }).metadata.path.endsWith(path));
  if (found.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${found.length}`);
  return found[0]![0];
}

function body(stack: Json, type: string, path: string): Json {
  return resourcesOf(stack, type)[idOf(stack, type, path)]!;
}

function statements(doc: unknown): Array<Record<string, unknown>> {
  return (JSON.parse(doc as string) as { Statement: Array<Record<string, unknown>> }).Statement;
}

const FRAUD_ROLE = "promotion-gates/fraud-scoring/Role";
const REGISTRY = "aws_s3_bucket(registries/fraud-scoring/Resource).arn";
const LOGS = "aws_s3_bucket(log-bucket/Resource).arn";
const VIA_S3 = (bucket: string) => `{"StringEquals":{"kms:ViaService":"s3.eu-west-1.amazonaws.com","kms:EncryptionContext:aws:s3:arn":"${bucket}"}}`;
const VIA_SQS = '{"StringEquals":{"kms:ViaService":"sqs.eu-west-1.amazonaws.com"}}';
const APPROVED_ONLY = '{"StringEquals":{"sagemaker:ModelApprovalStatus":"Approved"}}';

describe("AWS promotion gate wiring (default config, aws-prod)", () => {
  test("the union of the fraud-scoring gate's permissions is exactly its grants, nothing else", () => {
    expect(permissionsOf(prod, idOf(prod, "aws_iam_role", FRAUD_ROLE))).toEqual([
      // The attestation key's policy: only the gates sign.
      "aws_kms_key(gate-attestation-key/Resource): kms:GetPublicKey on *",
      "aws_kms_key(gate-attestation-key/Resource): kms:Sign on *",
      // Its dead-letter queue is SSE-KMS under the functions key.
      `identity: kms:Decrypt on aws_kms_key(keys/functions/Resource).arn if ${VIA_SQS}`,
      // Records: the logs key through S3 for the log bucket.
      `identity: kms:Decrypt on aws_kms_key(keys/logs/Resource).arn if ${VIA_S3(LOGS)}`,
      // Copies: the registry key through S3 for this registry's bucket.
      `identity: kms:Decrypt on aws_kms_key(keys/registry/Resource).arn if ${VIA_S3(REGISTRY)}`,
      `identity: kms:GenerateDataKey on aws_kms_key(keys/functions/Resource).arn if ${VIA_SQS}`,
      `identity: kms:GenerateDataKey on aws_kms_key(keys/logs/Resource).arn if ${VIA_S3(LOGS)}`,
      `identity: kms:GenerateDataKey on aws_kms_key(keys/registry/Resource).arn if ${VIA_S3(REGISTRY)}`,
      "identity: kms:GetPublicKey on aws_kms_key(gate-attestation-key/Resource).arn",
      "identity: kms:Sign on aws_kms_key(gate-attestation-key/Resource).arn",
      "identity: logs:CreateLogStream on arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/acme-ai-prod-gate-fraud-scoring:*",
      "identity: logs:PutLogEvents on arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/acme-ai-prod-gate-fraud-scoring:*",
      `identity: s3:AbortMultipartUpload on ${REGISTRY}/approved/*`,
      `identity: s3:GetObject on ${LOGS}/provenance/fraud-scoring/*`,
      `identity: s3:GetObject on ${REGISTRY}/approved/*`,
      `identity: s3:GetObject on ${REGISTRY}/incoming/*`,
      `identity: s3:GetObjectTagging on ${REGISTRY}/incoming/*`,
      `identity: s3:GetObjectVersion on ${REGISTRY}/incoming/*`,
      `identity: s3:GetObjectVersionTagging on ${REGISTRY}/incoming/*`,
      `identity: s3:ListBucket on ${LOGS}`,
      `identity: s3:ListBucket on ${REGISTRY}`,
      `identity: s3:ListBucketVersions on ${REGISTRY} if {"StringLike":{"s3:prefix":["incoming/*"]}}`,
      `identity: s3:PutObject on ${LOGS}/provenance/fraud-scoring/*`,
      `identity: s3:PutObject on ${REGISTRY}/approved/*`,
      `identity: s3:PutObjectRetention on ${REGISTRY}/approved/*`,
      `identity: sagemaker:CreateModelPackage on arn:aws:sagemaker:eu-west-1:222222222222:model-package/aws_sagemaker_model_package_group(model-package-groups/fraud-scoring/Resource).model_package_group_name/* if ${APPROVED_ONLY}`,
      `identity: sagemaker:CreateModelPackage on aws_sagemaker_model_package_group(model-package-groups/fraud-scoring/Resource).arn if ${APPROVED_ONLY}`,
      "identity: sqs:SendMessage on aws_sqs_queue(promotion-gates/fraud-scoring/DeadLetterQueue).arn",
      "identity: xray:PutTelemetryRecords on *",
      "identity: xray:PutTraceSegments on *",
    ]);
  });

  test("least privilege per registry: the llm-adapters gate names nothing of fraud-scoring, and no grant on the model-signing key", () => {
    const lines = permissionsOf(prod, idOf(prod, "aws_iam_role", "promotion-gates/llm-adapters/Role"));
    expect(lines.filter((l) => l.includes("fraud-scoring"))).toEqual([]);
    expect(lines.filter((l) => l.includes("registries/llm-adapters/Resource"))).toHaveLength(12);
    expect(lines.filter((l) => l.includes("signing-key/"))).toEqual([]);
  });

  test("the registry's approved/ Deny names the gate role as the only exception", () => {
    const policy = body(prod, "aws_s3_bucket_policy", "registries/fraud-scoring/Policy");
    const deny = statements(policy["policy"]).find((s) => s["Sid"] === "DenyApprovedChangesButGate")!;
    expect(readable(prod, JSON.stringify(deny["Condition"]))).toBe('{"ArnNotEquals":{"aws:PrincipalArn":"aws_iam_role(promotion-gates/fraud-scoring/Role).arn"}}');
  });

  test("the model package group lets only the gate role register Approved versions", () => {
    const policy = body(prod, "aws_sagemaker_model_package_group_policy", "model-package-groups/fraud-scoring/Policy");
    const deny = statements(policy["resource_policy"]).find((s) => s["Sid"] === "DenyApprovalExceptGate")!;
    expect(JSON.parse(readable(prod, JSON.stringify(deny["Condition"])))).toEqual({
      StringEquals: { "sagemaker:ModelApprovalStatus": "Approved" },
      ArnNotEquals: { "aws:PrincipalArn": ["aws_iam_role(promotion-gates/fraud-scoring/Role).arn"] },
    });
  });

  test("the attestation key: P-256 SIGN_VERIFY, Sign denied to all but the two gate roles, public key as an output", () => {
    const key = body(prod, "aws_kms_key", "gate-attestation-key/Resource");
    expect(key["customer_master_key_spec"]).toBe("ECC_NIST_P256");
    expect(key["key_usage"]).toBe("SIGN_VERIFY");
    expect(key["tags"]).toEqual({ purpose: "gate-attestation" });
    const deny = statements(key["policy"]).find((s) => s["Sid"] === "DenySignExceptPublishers")!;
    expect(JSON.parse(readable(prod, JSON.stringify(deny)))).toEqual({
      Sid: "DenySignExceptPublishers",
      Effect: "Deny",
      Principal: "*",
      Action: "kms:Sign",
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": ["aws_iam_role(promotion-gates/fraud-scoring/Role).arn", "aws_iam_role(promotion-gates/llm-adapters/Role).arn"] } },
    });
    const outputs = prod["output"] as Record<string, { value: string }>;
    expect(readable(prod, outputs["gate-attestation-public-key"]!.value)).toBe("data.aws_kms_public_key(gate-attestation-key/PublicKey).public_key_pem");
  });

  test("the stack references the package by digest: relative asset path, source hash, function tag and GATE_PACKAGE_SHA256 agree", () => {
    const fn = body(prod, "aws_lambda_function", "promotion-gates/fraud-scoring/Resource");
    const object = body(prod, "aws_s3_object", "promotion-gates/fraud-scoring/UnsignedPackage");
    const digest = (fn["tags"] as Record<string, string>)["package-sha256"]!;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(object["source_hash"]).toBe(digest);
    expect(object["source"]).toBe(`assets/function-package-promotion-gate-aws/${digest}/promotion-gate-aws-${digest.slice(0, 16)}.zip`);
    const variables = (fn["environment"] as { variables: Record<string, string> }).variables;
    expect(variables["GATE_PACKAGE_SHA256"]).toBe(digest);
    expect(Object.keys(variables).sort()).toEqual([
      "GATE_APPROVED_RETENTION_DAYS", "GATE_AWS_ATTESTATION_KEY_ARN", "GATE_AWS_LOG_BUCKET", "GATE_AWS_LOG_KEY_ARN", "GATE_AWS_LOG_REGION", "GATE_AWS_MODEL_PACKAGE_GROUP",
      "GATE_AWS_REGISTRY_BUCKET", "GATE_AWS_REGISTRY_KEY_ARN", "GATE_PACKAGE_SHA256", "GATE_POLICY_URI", "GATE_REGISTRY", "GATE_SETTINGS", "GATE_SIGNING_PUBLIC_KEY", "GATE_VERIFIER_ID",
    ]);
    expect(readable(prod, variables["GATE_SIGNING_PUBLIC_KEY"]!)).toBe("data.aws_kms_public_key(signing-key/PublicKey).public_key_pem");
    expect(readable(prod, variables["GATE_AWS_ATTESTATION_KEY_ARN"]!)).toBe("aws_kms_key(gate-attestation-key/Resource).arn");
    expect(variables["GATE_VERIFIER_ID"]).toBe("urn:ai-supply-chain-blueprint:promotion-gate:aws:acme-ai:prod:fraud-scoring");
  });

  test("each registry bucket sends its events to EventBridge, and its rule matches only incoming/*/*/model.sig of that bucket", () => {
    const notification = body(prod, "aws_s3_bucket_notification", "promotion-gates/fraud-scoring-trigger/Notification");
    expect(readable(prod, notification["bucket"] as string)).toBe("aws_s3_bucket(registries/fraud-scoring/Resource).id");
    expect(notification["eventbridge"]).toBe(true);
    const rule = body(prod, "aws_cloudwatch_event_rule", "promotion-gates/fraud-scoring-trigger/Rule");
    expect(JSON.parse(readable(prod, rule["event_pattern"] as string))).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["aws_s3_bucket(registries/fraud-scoring/Resource).bucket"] }, object: { key: [{ wildcard: "incoming/*/*/model.sig" }] } },
    });
    expect(Object.keys(resourcesOf(prod, "aws_s3_bucket_notification"))).toHaveLength(2);
  });

  test("dev vs prod differ only by protection: reserved concurrency, log retention, trace sampling", () => {
    const pick = (stack: Json) => ({
      concurrency: body(stack, "aws_lambda_function", "promotion-gates/fraud-scoring/Resource")["reserved_concurrent_executions"],
      retention: body(stack, "aws_cloudwatch_log_group", "promotion-gates/fraud-scoring/LogGroup")["retention_in_days"],
      sampling: body(stack, "aws_xray_sampling_rule", "promotion-gates/fraud-scoring/Sampling")["fixed_rate"],
    });
    expect(pick(prod)).toEqual({ concurrency: 10, retention: 365, sampling: 1 });
    expect(pick(dev)).toEqual({ concurrency: 2, retention: 30, sampling: 0.1 });
  });

  test("the functions run signed code only: one Enforce config for the environment, each function from its own signing job", () => {
    const config = Object.values(resourcesOf(prod, "aws_lambda_code_signing_config"));
    expect(config.map((c) => c["policies"])).toEqual([{ untrusted_artifact_on_deployment: "Enforce" }]);
    for (const registry of ["fraud-scoring", "llm-adapters"]) {
      const fn = body(prod, "aws_lambda_function", `promotion-gates/${registry}/Resource`);
      expect(readable(prod, fn["s3_key"] as string)).toBe(`aws_signer_signing_job(promotion-gates/${registry}/SigningJob).signed_object[0].s3[0].key`);
      expect(readable(prod, fn["code_signing_config_arn"] as string)).toBe("aws_lambda_code_signing_config(promotion-gates/code-signing/CodeSigningConfig).arn");
    }
  });
});
