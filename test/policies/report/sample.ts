import * as fs from "node:fs";
import * as path from "node:path";
import { Acknowledgement } from "../../../policies/acknowledgements";
import { evaluate, Evaluation } from "../../../policies/engine";
import { stackFromPlan } from "../../../policies/load-plan";
import { stackFromSynth } from "../../../policies/load-synth";
import { Rule, resourceRule, stackRule, valueOf, UNKNOWN_VALUE } from "../../../policies/rule";
import { AuditInputs } from "../../../policies/report/write";

/**
 * A small hand-made audit: three hand-written rules (not the catalogue's, so the expectations in
 * the report tests hold whatever rules other files add), an AWS stack and a GCP stack written
 * out here, a plan, and two acknowledgements (one used, one matching nothing).
 */
const cmkAws = resourceRule({
  control: "CMK-ENCRYPTION",
  cloud: "aws",
  title: "Buckets use a KMS key",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { checkov: ["CKV_AWS_145"], nist80053: ["SC-28"] },
  rationale: "Test rationale: a bucket without a KMS key.",
  fix: "Test fix: set sse to aws:kms.",
  check(bucket, context) {
    const problems = context.problems();
    const sse = valueOf(bucket, "sse");
    if (sse === UNKNOWN_VALUE) problems.unknown("sse");
    else if (sse !== "aws:kms") problems.error(`sse is ${JSON.stringify(sse ?? "absent")}, not "aws:kms"`);
    return problems.outcome();
  },
  tests: { compliance: [], noncompliance: [] },
});

const writeOnceAws = resourceRule({
  control: "WRITE-ONCE",
  cloud: "aws",
  title: "Log buckets are locked",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { nist80053: ["AU-9"] },
  rationale: "Test rationale: logs can be rewritten.",
  fix: "Test fix: lock the bucket.",
  check(bucket, context) {
    const tags = (bucket.attributes["tags"] ?? {}) as Record<string, unknown>;
    if (tags["purpose"] !== "logs") return { status: "not-applicable" };
    const problems = context.problems();
    const mode = valueOf(bucket, "lock_mode");
    if (mode === "GOVERNANCE") problems.relaxed('lock_mode is "GOVERNANCE", not "COMPLIANCE"');
    else if (mode !== "COMPLIANCE") problems.error(`lock_mode is ${JSON.stringify(mode ?? "absent")}, not "COMPLIANCE"`);
    return problems.outcome();
  },
  tests: { compliance: [], noncompliance: [] },
});

const budgetGcp = stackRule({
  control: "BUDGET-PRESENT",
  cloud: "gcp",
  title: "A budget exists",
  severity: "error",
  appliesTo: ["google_billing_budget"],
  mappings: { nist80053: ["PM-3"] },
  rationale: "Test rationale: spend goes unnoticed.",
  fix: "Test fix: add a budget.",
  check(context) {
    return context.resourcesOf("google_billing_budget").length > 0 ? { status: "compliant" } : { status: "non-compliant", problems: [{ message: "no google_billing_budget in the stack", severity: "error" }] };
  },
  tests: { compliance: [], noncompliance: [] },
});

export const SAMPLE_RULES: readonly Rule[] = [cmkAws, writeOnceAws, budgetGcp];

const policy = (statements: unknown[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

export const SHOP_STACK = {
  provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: { environment: "prod" } }] }] },
  resource: {
    aws_kms_key: {
      logs: {
        tags: { purpose: "logs" },
        policy: policy([
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" },
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/reader" }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } } },
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/writer" }, Action: ["kms:GenerateDataKey"], Resource: "*" },
        ]),
      },
    },
    aws_s3_bucket: {
      logs: { bucket: "shop-logs", sse: "aws:kms", lock_mode: "GOVERNANCE", tags: { purpose: "logs" } },
      audit: { bucket: "shop-audit-logs", sse: "aws:kms", lock_mode: "COMPLIANCE", tags: { purpose: "logs" } },
      models: { bucket: "shop-models", sse: "AES256", tags: { purpose: "registry", note: "<script>alert(1)</script>" } },
      scratch: { bucket: "shop-scratch", sse: "${var.sse}" },
    },
    aws_s3_bucket_policy: {
      models: {
        bucket: "${aws_s3_bucket.models.id}",
        policy: policy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/trainer" }, Action: "s3:PutObject", Resource: "${aws_s3_bucket.models.arn}/*" }]),
      },
      logs: {
        bucket: "${aws_s3_bucket.logs.id}",
        policy: policy([
          { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["${aws_s3_bucket.logs.arn}", "${aws_s3_bucket.logs.arn}/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } },
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/janitor" }, Action: "s3:DeleteObject*", Resource: "${aws_s3_bucket.logs.arn}/*" },
        ]),
      },
    },
    aws_budgets_budget: { monthly: { name: "shop-monthly", limit_amount: "500.00", limit_unit: "USD", budget_type: "COST", time_unit: "MONTHLY" } },
  },
};

export const LAB_STACK = {
  provider: { google: [{ project: "lab-project", default_labels: { environment: "dev" } }] },
  resource: {
    google_kms_crypto_key: { logs: { name: "logs", key_ring: "${google_kms_key_ring.ring.id}", labels: { purpose: "logs" } } },
    google_kms_key_ring: { ring: { name: "ring", location: "europe-west1" } },
    google_kms_crypto_key_iam_member: { reader: { crypto_key_id: "${google_kms_crypto_key.logs.id}", role: "roles/cloudkms.cryptoKeyDecrypter", member: "user:auditor@example.com" } },
    google_storage_bucket: { logs: { name: "lab-logs", location: "EU", labels: { purpose: "logs" } } },
    google_storage_bucket_iam_member: { admin: { bucket: "${google_storage_bucket.logs.name}", role: "roles/storage.objectAdmin", member: "user:ops@example.com" } },
    google_project_iam_member: { editor: { project: "lab-project", role: "roles/editor", member: "group:devs@example.com" } },
  },
};

/** A plan that creates one bucket whose encryption apply decides. */
export const EDGE_PLAN = {
  format_version: "1.2",
  resource_changes: [
    { address: "aws_s3_bucket.edge", mode: "managed", type: "aws_s3_bucket", name: "edge", change: { actions: ["create"], before: null, after: { bucket: "edge", tags: {} }, after_unknown: { sse: true } } },
  ],
};

export const SAMPLE_ACKNOWLEDGEMENTS: readonly Acknowledgement[] = [
  { rule: "WRITE-ONCE-AWS", resource: "shop/aws_s3_bucket.logs", reason: "dev-style lock accepted until the <b>migration</b>", owner: "sec-team", ticket: "SEC-42", expires: "2027-03-31" },
  { rule: "CMK-ENCRYPTION-AWS", resource: "aws_s3_bucket.gone", reason: "bucket that no longer exists", owner: "sec-team", ticket: "SEC-7", expires: "2027-01-31" },
];

export function sampleEvaluation(): Evaluation {
  const stacks = [
    stackFromSynth("shop", "stacks/shop/cdk.tf.json", SHOP_STACK),
    stackFromSynth("lab", "stacks/lab/cdk.tf.json", LAB_STACK),
    stackFromPlan("edge", "edge.json", EDGE_PLAN),
  ];
  return evaluate({ stacks }, { rules: SAMPLE_RULES, acknowledgements: SAMPLE_ACKNOWLEDGEMENTS, now: new Date("2026-12-01T12:00:00Z") });
}

/** Writes the sample's stack files and plan under `dir` (so the evidence has files to digest) and returns the audit inputs. */
export function sampleInputs(dir: string, conftest = false): AuditInputs {
  const files: Array<[string, unknown]> = [
    ["in/stacks/shop/cdk.tf.json", SHOP_STACK],
    ["in/stacks/lab/cdk.tf.json", LAB_STACK],
    ["in/edge.json", EDGE_PLAN],
  ];
  for (const [name, json] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(json, null, 2));
  }
  fs.writeFileSync(path.join(dir, "in/blueprint.config.yaml"), "# sample\n");
  return {
    evaluation: sampleEvaluation(),
    toolVersion: "9.8.7",
    subjects: [...files.map(([name]) => ({ name, path: path.join(dir, name) })), { name: "in/blueprint.config.yaml", path: path.join(dir, "in/blueprint.config.yaml") }],
    finops: [{ environment: "prod", cloud: "aws", tier: "audit-1y", ingestGbPerDay: 5, steadyStateMonthlyUsd: 12.34, maxMonthlyLogCostUsd: 100, budgetMonthlyLimitUsd: 500, securityToolingMonthlyUsd: 45.67, securityToolingNotEstimated: 2, maxMonthlySecurityCostUsd: null }],
    conftest,
  };
}
