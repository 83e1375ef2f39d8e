import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig } from "../../../config/load";
import { buildAuditReport, ruleSetDigest } from "../../../policies/report/audit-report";
import { finopsRows } from "../../../policies/report/finops";
import { SAMPLE_RULES, sampleEvaluation } from "./sample";

const report = () => buildAuditReport(sampleEvaluation(), { toolVersion: "9.8.7", finops: [] });

describe("report model of the hand-made evaluation", () => {
  test("totals and verdict count open errors, open warnings and acknowledged findings", () => {
    const r = report();
    expect(r.version).toBe("1");
    expect(r.tool).toEqual({ name: "ai-supply-chain-blueprint", version: "9.8.7" });
    expect(r.verdict).toBe("fail");
    // errors: models AES256, lab budget, the unused acknowledgement; warnings: two unknown sse; one acknowledged lock.
    expect(r.totals).toEqual({ stacks: 3, resources: 15, rules: 3, findings: 6, errors: 3, warnings: 2, unknown: 2, acknowledged: 1, blocking: 3 });
  });

  test("summary per stack", () => {
    expect(report().stacks).toEqual([
      { name: "shop", cloud: "aws", environment: "prod", source: "synth", file: "stacks/shop/cdk.tf.json", resources: 8, errors: 1, warnings: 1, unknown: 1, acknowledged: 1, verdict: "fail" },
      { name: "lab", cloud: "gcp", environment: "dev", source: "synth", file: "stacks/lab/cdk.tf.json", resources: 6, errors: 1, warnings: 0, unknown: 0, acknowledged: 0, verdict: "fail" },
      { name: "edge", cloud: "aws", environment: null, source: "plan", file: "edge.json", resources: 1, errors: 0, warnings: 1, unknown: 1, acknowledged: 0, verdict: "warn" },
    ]);
  });

  test("matrix: controls × stacks per cloud, with fail, unknown, acknowledged and not-applicable cells", () => {
    expect(report().matrix).toEqual([
      {
        cloud: "aws",
        stacks: ["shop", "edge"],
        rows: [
          {
            control: "CMK-ENCRYPTION",
            title: "Data at rest is encrypted with a customer-managed key of the stack",
            rules: ["CMK-ENCRYPTION-AWS"],
            cells: [
              { stack: "shop", status: "fail", compliant: 2, nonCompliant: 2, notApplicable: 0, findings: 2 },
              { stack: "edge", status: "unknown", compliant: 0, nonCompliant: 1, notApplicable: 0, findings: 1 },
            ],
          },
          {
            control: "WRITE-ONCE",
            title: "Log storage is write-once for its retention",
            rules: ["WRITE-ONCE-AWS"],
            cells: [
              { stack: "shop", status: "acknowledged", compliant: 1, nonCompliant: 1, notApplicable: 2, findings: 1 },
              { stack: "edge", status: "not-applicable", compliant: 0, nonCompliant: 0, notApplicable: 1, findings: 0 },
            ],
          },
        ],
      },
      {
        cloud: "gcp",
        stacks: ["lab"],
        rows: [{ control: "BUDGET-PRESENT", title: "Every environment has a budget with alerts", rules: ["BUDGET-PRESENT-GCP"], cells: [{ stack: "lab", status: "fail", compliant: 0, nonCompliant: 1, notApplicable: 0, findings: 1 }] }],
      },
    ]);
  });

  test("a warning-only cell is warn, a clean one pass", () => {
    const evaluation = sampleEvaluation();
    const unacknowledged = { ...evaluation, findings: evaluation.findings.map((f) => ({ ...f, acknowledgement: undefined })) };
    const cells = buildAuditReport(unacknowledged, { toolVersion: "1", finops: [] }).matrix[0]!.rows[1]!.cells;
    expect(cells[0]!.status).toBe("warn");
    const clean = { ...evaluation, findings: [] };
    expect(buildAuditReport(clean, { toolVersion: "1", finops: [] }).matrix[0]!.rows.map((r) => r.cells[0]!.status)).toEqual(["pass", "pass"]);
  });

  test("inventory counts managed resources by type and stack", () => {
    expect(report().inventory).toEqual([
      {
        cloud: "aws",
        stacks: ["shop", "edge"],
        rows: [
          { type: "aws_budgets_budget", counts: { shop: 1, edge: 0 }, total: 1 },
          { type: "aws_kms_key", counts: { shop: 1, edge: 0 }, total: 1 },
          { type: "aws_s3_bucket", counts: { shop: 4, edge: 1 }, total: 5 },
          { type: "aws_s3_bucket_policy", counts: { shop: 2, edge: 0 }, total: 2 },
        ],
      },
      {
        cloud: "gcp",
        stacks: ["lab"],
        rows: [
          { type: "google_kms_crypto_key", counts: { lab: 1 }, total: 1 },
          { type: "google_kms_crypto_key_iam_member", counts: { lab: 1 }, total: 1 },
          { type: "google_kms_key_ring", counts: { lab: 1 }, total: 1 },
          { type: "google_project_iam_member", counts: { lab: 1 }, total: 1 },
          { type: "google_storage_bucket", counts: { lab: 1 }, total: 1 },
          { type: "google_storage_bucket_iam_member", counts: { lab: 1 }, total: 1 },
        ],
      },
    ]);
  });

  test("coverage lists which buckets are CMK-encrypted and which log stores are write-once", () => {
    const { encryption, writeOnce } = report().coverage;
    expect(encryption.summary).toEqual({ checked: 5, pass: 2, fail: 1, warn: 0, unknown: 2, acknowledged: 0 });
    expect(encryption.entries.map((e) => [e.stack, e.address, e.status])).toEqual([
      ["edge", "aws_s3_bucket.edge", "unknown"],
      ["shop", "aws_s3_bucket.audit", "pass"],
      ["shop", "aws_s3_bucket.logs", "pass"],
      ["shop", "aws_s3_bucket.models", "fail"],
      ["shop", "aws_s3_bucket.scratch", "unknown"],
    ]);
    expect(encryption.entries[3]).toEqual({ stack: "shop", address: "aws_s3_bucket.models", type: "aws_s3_bucket", ruleId: "CMK-ENCRYPTION-AWS", status: "fail", messages: ['sse is "AES256", not "aws:kms"'] });
    // Not-applicable buckets (models, scratch: not log stores) are not listed.
    expect(writeOnce).toEqual({
      control: "WRITE-ONCE",
      summary: { checked: 2, pass: 1, fail: 0, warn: 0, unknown: 0, acknowledged: 1 },
      entries: [
        { stack: "shop", address: "aws_s3_bucket.audit", type: "aws_s3_bucket", ruleId: "WRITE-ONCE-AWS", status: "pass", messages: [] },
        { stack: "shop", address: "aws_s3_bucket.logs", type: "aws_s3_bucket", ruleId: "WRITE-ONCE-AWS", status: "acknowledged", messages: ['lock_mode is "GOVERNANCE", not "COMPLIANCE"'] },
      ],
    });
  });

  test("IAM table: principals, actions and resources, with the write-models, decrypt-logs and delete-evidence flags", () => {
    const rows = report().iam.map((r) => [r.stack, r.source, r.effect, r.principals.join(","), r.actions.join(","), r.resources.join(","), r.conditional, r.writesModels, r.decryptsLogs, r.deletesEvidence]);
    expect(rows).toEqual([
      ["shop", "aws_kms_key.logs", "Allow", "AWS arn:aws:iam::111111111111:root", "kms:*", "aws_kms_key.logs (this key)", false, false, true, false],
      ["shop", "aws_kms_key.logs", "Allow", "AWS arn:aws:iam::111111111111:role/reader", "kms:Decrypt", "aws_kms_key.logs (this key)", true, false, true, false],
      ["shop", "aws_kms_key.logs", "Allow", "AWS arn:aws:iam::111111111111:role/writer", "kms:GenerateDataKey", "aws_kms_key.logs (this key)", false, false, false, false],
      ["shop", "aws_s3_bucket_policy.logs", "Deny", "*", "s3:*", "${aws_s3_bucket.logs.arn},${aws_s3_bucket.logs.arn}/*", true, false, false, false],
      ["shop", "aws_s3_bucket_policy.logs", "Allow", "AWS arn:aws:iam::111111111111:role/janitor", "s3:DeleteObject*", "${aws_s3_bucket.logs.arn}/*", false, false, false, true],
      ["shop", "aws_s3_bucket_policy.models", "Allow", "AWS arn:aws:iam::111111111111:role/trainer", "s3:PutObject", "${aws_s3_bucket.models.arn}/*", false, true, false, false],
      ["lab", "google_kms_crypto_key_iam_member.reader", "Allow", "user:auditor@example.com", "roles/cloudkms.cryptoKeyDecrypter", "${google_kms_crypto_key.logs.id}", false, false, true, false],
      ["lab", "google_project_iam_member.editor", "Allow", "group:devs@example.com", "roles/editor", "project lab-project", false, true, false, true],
      ["lab", "google_storage_bucket_iam_member.admin", "Allow", "user:ops@example.com", "roles/storage.objectAdmin", "${google_storage_bucket.logs.name}", false, false, false, true],
    ]);
  });

  test("budgets found in the stacks", () => {
    expect(report().budgets).toEqual([{ stack: "shop", address: "aws_budgets_budget.monthly", type: "aws_budgets_budget", name: "shop-monthly", amount: 500, currency: "USD" }]);
  });

  test("acknowledgements with owner, ticket, expiry, matched count and state", () => {
    expect(report().acknowledgements).toEqual([
      { rule: "WRITE-ONCE-AWS", resource: "shop/aws_s3_bucket.logs", reason: "dev-style lock accepted until the <b>migration</b>", owner: "sec-team", ticket: "SEC-42", expires: "2027-03-31", matched: 1, state: "active" },
      { rule: "CMK-ENCRYPTION-AWS", resource: "aws_s3_bucket.gone", reason: "bucket that no longer exists", owner: "sec-team", ticket: "SEC-7", expires: "2027-01-31", matched: 0, state: "unused" },
    ]);
  });

  test("findings carry severity, stack, address, rule, message and fix, in the engine's order", () => {
    const findings = report().findings;
    expect(findings.map((f) => [f.severity, f.status, f.stack, f.address, f.ruleId])).toEqual([
      ["error", "open", "(config)", "(config)", "ACKNOWLEDGEMENT-VALID-ANY"],
      ["warning", "open", "edge", "aws_s3_bucket.edge", "CMK-ENCRYPTION-AWS"],
      ["error", "open", "lab", "(stack)", "BUDGET-PRESENT-GCP"],
      ["warning", "acknowledged", "shop", "aws_s3_bucket.logs", "WRITE-ONCE-AWS"],
      ["error", "open", "shop", "aws_s3_bucket.models", "CMK-ENCRYPTION-AWS"],
      ["warning", "open", "shop", "aws_s3_bucket.scratch", "CMK-ENCRYPTION-AWS"],
    ]);
    expect(findings[4]).toEqual({
      severity: "error",
      status: "open",
      stack: "shop",
      address: "aws_s3_bucket.models",
      resourceType: "aws_s3_bucket",
      constructPath: null,
      ruleId: "CMK-ENCRYPTION-AWS",
      control: "CMK-ENCRYPTION",
      message: 'sse is "AES256", not "aws:kms"',
      fix: "Test fix: set sse to aws:kms.",
      unknown: false,
      acknowledgedBy: null,
    });
    expect(findings[3]!.acknowledgedBy).toBe("SEC-42");
    expect(findings[1]!.unknown).toBe(true);
  });
});

describe("rule-set digest", () => {
  test("is sha256 over the sorted rules' id, title, severity and mappings", () => {
    // Written out independently of the code: the canonical list, sorted by id.
    const canonical = JSON.stringify([
      { id: "BUDGET-PRESENT-GCP", title: "A budget exists", severity: "error", mappings: { checkov: [], cis: [], nist80053: ["PM-3"] } },
      { id: "CMK-ENCRYPTION-AWS", title: "Buckets use a KMS key", severity: "error", mappings: { checkov: ["CKV_AWS_145"], cis: [], nist80053: ["SC-28"] } },
      { id: "WRITE-ONCE-AWS", title: "Log buckets are locked", severity: "error", mappings: { checkov: [], cis: [], nist80053: ["AU-9"] } },
    ]);
    expect(ruleSetDigest(SAMPLE_RULES)).toBe(createHash("sha256").update(canonical).digest("hex"));
    expect(ruleSetDigest([...SAMPLE_RULES].reverse())).toBe(ruleSetDigest(SAMPLE_RULES));
  });

  test("changes when a severity or a mapping changes, not when the fix text does", () => {
    const [first, ...rest] = SAMPLE_RULES;
    expect(ruleSetDigest([{ ...first!, severity: "warning" }, ...rest])).not.toBe(ruleSetDigest(SAMPLE_RULES));
    expect(ruleSetDigest([{ ...first!, mappings: { nist80053: ["SC-13"] } }, ...rest])).not.toBe(ruleSetDigest(SAMPLE_RULES));
    expect(ruleSetDigest([{ ...first!, fix: "other words" }, ...rest])).toBe(ruleSetDigest(SAMPLE_RULES));
  });
});

describe("finopsRows", () => {
  test("each environment × placed cloud: tier, ingest, steady-state estimate, max and budget", () => {
    const file = path.join(__dirname, "../../../blueprint.config.yaml");
    const config = parseConfig(fs.readFileSync(file, "utf8"), file);
    // Worked by hand from the list prices (docs/finops.md). dev, operational-90d at 2 GB/day:
    // 60 GB hot + 120 GB warm. aws 60×0.023 + 120×0.0125 = 2.88; gcp 60×0.02 + 120×0.01 = 2.40;
    // azure 60×0.0184 + 120×0.01 = 2.304. prod, compliance-7y at 20 GB/day: 600 hot, 1200 warm,
    // 1800 cold, 47540 archive: aws 13.8 + 15 + 7.2 + 47.0646 = 83.0646; gcp 12 + 12 + 7.2 + 57.048
    // = 88.248; azure 11.04 + 12 + 6.48 + 47.0646 = 76.5846. The security tooling totals are
    // estimateSecurityToolingCost's, worked line by line in test/config/cross-checks-security-cost.test.ts.
    expect(finopsRows(config)).toEqual([
      { environment: "dev", cloud: "aws", tier: "operational-90d", ingestGbPerDay: 2, steadyStateMonthlyUsd: 2.88, maxMonthlyLogCostUsd: null, budgetMonthlyLimitUsd: 500, securityToolingMonthlyUsd: 50.53, securityToolingNotEstimated: 2, maxMonthlySecurityCostUsd: null },
      { environment: "dev", cloud: "gcp", tier: "operational-90d", ingestGbPerDay: 2, steadyStateMonthlyUsd: 2.4, maxMonthlyLogCostUsd: null, budgetMonthlyLimitUsd: 500, securityToolingMonthlyUsd: 23.25, securityToolingNotEstimated: 0, maxMonthlySecurityCostUsd: null },
      { environment: "dev", cloud: "azure", tier: "operational-90d", ingestGbPerDay: 2, steadyStateMonthlyUsd: 2.3, maxMonthlyLogCostUsd: null, budgetMonthlyLimitUsd: 500, securityToolingMonthlyUsd: 71.73, securityToolingNotEstimated: 3, maxMonthlySecurityCostUsd: null },
      { environment: "prod", cloud: "aws", tier: "compliance-7y", ingestGbPerDay: 20, steadyStateMonthlyUsd: 83.06, maxMonthlyLogCostUsd: 250, budgetMonthlyLimitUsd: 5000, securityToolingMonthlyUsd: 561.49, securityToolingNotEstimated: 2, maxMonthlySecurityCostUsd: 750 },
      { environment: "prod", cloud: "gcp", tier: "compliance-7y", ingestGbPerDay: 20, steadyStateMonthlyUsd: 88.25, maxMonthlyLogCostUsd: 250, budgetMonthlyLimitUsd: 5000, securityToolingMonthlyUsd: 278.37, securityToolingNotEstimated: 0, maxMonthlySecurityCostUsd: 750 },
      { environment: "prod", cloud: "azure", tier: "compliance-7y", ingestGbPerDay: 20, steadyStateMonthlyUsd: 76.58, maxMonthlyLogCostUsd: 250, budgetMonthlyLimitUsd: 5000, securityToolingMonthlyUsd: 104.6, securityToolingNotEstimated: 3, maxMonthlySecurityCostUsd: 750 },
    ]);
  });

  test("an environment placed on one cloud only gets one row", () => {
    const file = path.join(__dirname, "../../../blueprint.config.yaml");
    const config = parseConfig(fs.readFileSync(file, "utf8"), file);
    const onlyAws = { ...config, clouds: { aws: config.clouds.aws } };
    expect(finopsRows(onlyAws).map((r) => [r.environment, r.cloud])).toEqual([
      ["dev", "aws"],
      ["prod", "aws"],
    ]);
  });
});
