import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";

/**
 * AWS KMS rotates a symmetric key's material yearly by default, or every
 * `rotation_period_in_days` (90-2560) when set (AWS KMS Developer Guide, "Rotating AWS KMS
 * keys"); asymmetric and HMAC keys cannot rotate automatically, so the rule does not apply to them.
 */
export const rule = resourceRule({
  control: "KEY-ROTATION",
  cloud: "aws",
  title: "KMS keys rotate automatically at least yearly",
  severity: "error",
  appliesTo: ["aws_kms_key"],
  mappings: { checkov: ["CKV_AWS_7"], cis: ["AWS Foundations 3.0 3.6"], nist80053: ["SC-12", "SC-12(1)"] },
  rationale: "A key that never rotates concentrates every object it ever encrypted under one secret; rotation bounds how much a leaked or broken key version exposes.",
  fix: "Set enable_key_rotation = true (KmsKey does by default) and, if set, rotation_period_in_days to 365 or fewer.",
  check(key, context) {
    const spec = valueOf(key, "customer_master_key_spec");
    if (typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT") return { status: "not-applicable", reason: `${spec} keys cannot rotate automatically` };
    // A signing or MAC key is asymmetric or HMAC whatever its spec says: KMS refuses
    // EnableKeyRotation for it (same guide), so a model-signing key rotates by replacement.
    const usage = valueOf(key, "key_usage");
    if (usage === "SIGN_VERIFY" || usage === "GENERATE_VERIFY_MAC") return { status: "not-applicable", reason: `${usage} keys cannot rotate automatically` };
    const problems = context.problems();
    const enabled = valueOf(key, "enable_key_rotation");
    if (enabled === UNKNOWN_VALUE) problems.unknown("enable_key_rotation");
    else if (enabled !== true) problems.error(`enable_key_rotation is ${JSON.stringify(enabled ?? "absent")}, not true`);
    const period = valueOf(key, "rotation_period_in_days");
    if (period === UNKNOWN_VALUE) problems.unknown("rotation_period_in_days");
    else if (period !== undefined && !(Number(period) <= 365)) problems.error(`rotation_period_in_days is ${JSON.stringify(period)}, more than 365`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "rotation on, yearly", stack: { resource: { aws_kms_key: { k: { enable_key_rotation: true } } } } },
      { name: "rotation every 90 days", stack: { resource: { aws_kms_key: { k: { enable_key_rotation: true, rotation_period_in_days: 90 } } } } },
    ],
    noncompliance: [
      { name: "rotation absent", stack: { resource: { aws_kms_key: { k: {} } } }, expect: "enable_key_rotation is \"absent\"" },
      { name: "rotation off", stack: { resource: { aws_kms_key: { k: { enable_key_rotation: false } } } }, expect: "enable_key_rotation is false" },
      { name: "period longer than a year", stack: { resource: { aws_kms_key: { k: { enable_key_rotation: true, rotation_period_in_days: 730 } } } }, expect: "730" },
      {
        name: "a plan that leaves rotation to apply",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", change: { actions: ["create"], before: null, after: {}, after_unknown: { enable_key_rotation: true } } }],
        },
        expect: "known only after apply",
        severity: "warning",
      },
    ],
  },
});
