import { AccessLogBucket } from "../../constructs/aws/access-log-bucket";
import { KmsKey } from "../../constructs/aws/kms-key";
import { ModelRegistry } from "../../constructs/aws/model-registry";
import { RETENTION_TIER_PRESETS } from "../../constructs/shared/retention-presets";
import { evaluate } from "../../policies/engine";
import { stackFromSynth } from "../../policies/load-synth";
import { Rule } from "../../policies/rule";
import { rule as approvedGateOnly } from "../../policies/rules/aws/approved-models-are-gate-only";
import { rule as uploadsCarryLineage } from "../../policies/rules/aws/model-uploads-carry-lineage";
import { Json, synthConstruct } from "../helpers/synth";
import { describeRule, runCase } from "./rule-cases";

describe("registry rules in policies/rules/aws", () => {
  describeRule(uploadsCarryLineage);
  describeRule(approvedGateOnly);

  test("ids and controls", () => {
    expect([uploadsCarryLineage.id, uploadsCarryLineage.control, approvedGateOnly.id, approvedGateOnly.control]).toEqual([
      "MODEL-LINEAGE-REQUIRED-AWS",
      "MODEL-LINEAGE-REQUIRED",
      "MODEL-APPROVAL-GATED-AWS",
      "MODEL-APPROVAL-GATED",
    ]);
  });

  test("a bucket that is not a registry is not applicable, not compliant", () => {
    const stack = { resource: { aws_s3_bucket: { b: { bucket: "data", tags: { purpose: "logs" } } } } };
    for (const rule of [uploadsCarryLineage, approvedGateOnly]) {
      const { findings, tally } = runCase(rule, { name: "logs bucket", stack });
      expect([findings, tally?.compliant ?? 0]).toEqual([[], 0]);
    }
  });
});

/** Runs `rule` over what ModelRegistry synthesizes, with or without a gate role. */
function onRegistry(rule: Rule, gateRoleArn?: string) {
  const synthesized: Json = synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "registry", aliasName: "acme-ai-prod-registry", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
    const accessLogBucket = new AccessLogBucket(scope, "access", { bucketName: "acme-ai-prod-access-logs-222222222222", accountId: "222222222222", retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
    new ModelRegistry(scope, "registry", {
      spec: { name: "fraud-scoring", publishers: ["arn:aws:iam::222222222222:role/pub"], readers: ["arn:aws:iam::222222222222:role/read"], lineageTags: ["dataset-digest", "source-commit", "eval-report"], approvedRetentionDays: 365, incomingExpiryDays: 14 },
      organization: "acme-ai",
      environment: "prod",
      accountId: "222222222222",
      region: "eu-west-1",
      kmsKey,
      accessLogBucket,
      ...(gateRoleArn ? { gateRoleArn } : {}),
    });
  });
  const stack = stackFromSynth("registry", "cdk.tf.json", JSON.parse(JSON.stringify(synthesized)) as Json);
  const evaluation = evaluate({ stacks: [stack] }, { now: new Date("2026-12-01T12:00:00Z"), acknowledgements: [], rules: [rule] });
  return { findings: evaluation.findings.filter((f) => f.ruleId === rule.id).map((f) => f.message), tally: evaluation.tallies.find((t) => t.ruleId === rule.id) };
}

describe("registry rules over the ModelRegistry construct", () => {
  test("MODEL-LINEAGE-REQUIRED-AWS: the registry bucket is compliant, the access-log bucket not applicable", () => {
    const { findings, tally } = onRegistry(uploadsCarryLineage);
    expect(findings).toEqual([]);
    expect(tally?.compliant).toBe(1);
  });

  test("MODEL-APPROVAL-GATED-AWS: compliant without a gate and with one", () => {
    const none = onRegistry(approvedGateOnly);
    const gated = onRegistry(approvedGateOnly, "arn:aws:iam::222222222222:role/gate");
    expect([none.findings, none.tally?.compliant, gated.findings, gated.tally?.compliant]).toEqual([[], 1, [], 1]);
  });
});
