import { Json, isUnknown, valuesAt } from "../../model";
import { resourceRule } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/** The lifecycle actions that move or end objects (cloud.google.com/storage/docs/lifecycle#actions). */
const TIER_ACTIONS = ["Delete", "SetStorageClass"];

export const rule = resourceRule({
  control: "LIFECYCLE-TIERS",
  cloud: "gcp",
  title: "Cloud Storage buckets have lifecycle rules that tier or expire objects",
  severity: "error",
  appliesTo: ["google_storage_bucket"],
  mappings: { nist80053: ["SI-12", "AU-11"] },
  rationale: "Without lifecycle rules data is kept in its most expensive class forever, and nothing ends its retention: both the bill and what a breach exposes grow without bound.",
  fix: "Add lifecycle_rule blocks with SetStorageClass and Delete actions: the log buckets take them from their retention tier (gcsLifecycleRules), StateBucket expires noncurrent versions.",
  check(bucket, context) {
    const problems = context.problems();
    const types = valuesAt(bucket.attributes, "lifecycle_rule.action").map((a) => (isUnknown(a) ? a : ((a ?? {}) as Json)["type"]));
    if (types.some((t) => typeof t === "string" && TIER_ACTIONS.includes(t))) return problems.outcome();
    if (types.some((t) => isUnknown(t) || (typeof t === "string" && t.includes("${")))) problems.unknown("lifecycle_rule.action.type");
    else problems.error(types.length === 0 ? "no lifecycle_rule: objects are never tiered or expired" : `no lifecycle_rule with a ${TIER_ACTIONS.join(" or ")} action (found ${types.map((t) => JSON.stringify(t)).join(", ")})`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "tiers and expiry",
        stack: gcpStack({ google_storage_bucket: { b: { name: "logs", lifecycle_rule: [{ action: { type: "SetStorageClass", storage_class: "NEARLINE" }, condition: { age: 30 } }, { action: { type: "Delete" }, condition: { age: 365 } }] } } }),
      },
      { name: "a plan with an expiry rule", plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "state", lifecycle_rule: [{ action: [{ type: "Delete" }], condition: [{ days_since_noncurrent_time: 365 }] }] } }]) },
    ],
    noncompliance: [
      { name: "no lifecycle rule", stack: gcpStack({ google_storage_bucket: { b: { name: "data" } } }), expect: "no lifecycle_rule: objects are never tiered or expired" },
      {
        name: "only an abort-upload rule",
        stack: gcpStack({ google_storage_bucket: { b: { name: "data", lifecycle_rule: [{ action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } }] } } }),
        expect: 'found "AbortIncompleteMultipartUpload"',
      },
    ],
  },
});
