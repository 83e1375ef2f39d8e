import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { SECONDS_PER_DAY, days, durationSeconds } from "../../support/gcp-resources";

/** CIS GCP Foundations 1.10: at most 90 days. The blueprint's config allows 90-365 (`keyRotationDays`). */
const CIS_MAX_DAYS = 90;
const BLUEPRINT_MAX_DAYS = 365;

/**
 * Cloud KMS rotates a key only when `rotation_period` is set ("Every time this period passes,
 * generate a new CryptoKeyVersion", google provider 6.50 website/docs/r/kms_crypto_key); only
 * symmetric keys (`purpose` ENCRYPT_DECRYPT, the provider's default) can rotate automatically
 * (cloud.google.com/kms/docs/key-rotation), so the rule does not apply to the others.
 */
export const rule = resourceRule({
  control: "KEY-ROTATION",
  cloud: "gcp",
  title: "Cloud KMS symmetric keys rotate automatically at least every 90 days",
  severity: "error",
  appliesTo: ["google_kms_crypto_key"],
  mappings: { checkov: ["CKV_GCP_43"], cis: ["GCP Foundations 2.0 1.10"], nist80053: ["SC-12", "SC-12(1)"] },
  rationale: "A key that never rotates concentrates every object it ever encrypted under one secret; rotation bounds how much a leaked or broken key version exposes.",
  fix: "Set rotation_period to \"7776000s\" (90 days) or less; KmsKey does by default (rotationPeriodDays: 90, or keyRotationDays in the config).",
  check(key, context) {
    const purpose = valueOf(key, "purpose");
    if (typeof purpose === "string" && purpose !== "ENCRYPT_DECRYPT") return { status: "not-applicable", reason: `${purpose} keys cannot rotate automatically` };
    const problems = context.problems();
    const period = durationSeconds(key, "rotation_period");
    if (period === UNKNOWN_VALUE) problems.unknown("rotation_period");
    else if (period === undefined) problems.error("rotation_period is absent: the key never rotates");
    else if (Number.isNaN(period)) problems.error(`rotation_period is ${JSON.stringify(valueOf(key, "rotation_period"))}, not a duration in seconds`);
    else if (period > BLUEPRINT_MAX_DAYS * SECONDS_PER_DAY) problems.error(`rotation_period is ${days(period)}, more than ${BLUEPRINT_MAX_DAYS}`);
    else if (period > CIS_MAX_DAYS * SECONDS_PER_DAY) problems.relaxed(`rotation_period is ${days(period)}, more than the ${CIS_MAX_DAYS} CIS recommends`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "rotation every 90 days", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", purpose: "ENCRYPT_DECRYPT", rotation_period: "7776000s" } } }) },
      { name: "purpose left to its default, rotation every 30 days", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", rotation_period: "2592000s" } } }) },
    ],
    noncompliance: [
      { name: "no rotation period", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", purpose: "ENCRYPT_DECRYPT" } } }), expect: "rotation_period is absent" },
      { name: "rotation every two years", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", rotation_period: "63072000s" } } }), expect: "rotation_period is 730 days, more than 365" },
      {
        name: "rotation yearly: allowed by the config, longer than CIS",
        stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", rotation_period: "31536000s" } } }),
        expect: "rotation_period is 365 days, more than the 90 CIS recommends",
        severity: "warning",
      },
      {
        name: "a plan that leaves the period to apply",
        plan: gcpPlan([{ type: "google_kms_crypto_key", name: "k", after: { name: "logs", purpose: "ENCRYPT_DECRYPT" }, afterUnknown: { rotation_period: true } }]),
        expect: "rotation_period is known only after apply",
        severity: "warning",
      },
    ],
  },
});
