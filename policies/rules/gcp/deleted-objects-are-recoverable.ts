import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/**
 * Soft delete is on for every bucket by default, keeping deleted and overwritten objects
 * restorable for 7 days (cloud.google.com/storage/docs/soft-delete); the provider leaves the
 * server's policy alone when the block is absent, and `retention_duration_seconds = 0` turns it
 * off (google provider 6.50 website/docs/r/storage_bucket: 604800-7776000, 0 disables).
 */
export const rule = resourceRule({
  control: "DELETE-RECOVERY",
  cloud: "gcp",
  title: "Cloud Storage soft delete is not turned off",
  severity: "error",
  appliesTo: ["google_storage_bucket"],
  mappings: { nist80053: ["CP-9", "CP-10", "SI-12"] },
  rationale: "Soft delete is the undo for a deleted object, or a deleted bucket, that versioning and retention do not cover; turning it off makes a mistaken or malicious delete final at once.",
  fix: "Leave soft_delete_policy out (the 7-day default) or set retention_duration_seconds between 604800 and 7776000; never 0.",
  check(bucket, context) {
    const problems = context.problems();
    const seconds = valueOf(bucket, "soft_delete_policy.retention_duration_seconds");
    if (seconds === UNKNOWN_VALUE) problems.unknown("soft_delete_policy.retention_duration_seconds");
    else if (seconds !== undefined && seconds !== null && Number(seconds) === 0) problems.error("soft_delete_policy.retention_duration_seconds is 0: soft delete is off, deletes are final at once");
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "default soft delete (no block)", stack: gcpStack({ google_storage_bucket: { b: { name: "logs" } } }) },
      { name: "a plan with 30 days of soft delete", plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "logs", soft_delete_policy: [{ retention_duration_seconds: 2592000 }] } }]) },
    ],
    noncompliance: [
      { name: "soft delete off", stack: gcpStack({ google_storage_bucket: { b: { name: "logs", soft_delete_policy: { retention_duration_seconds: 0 } } } }), expect: "retention_duration_seconds is 0" },
      {
        name: "a plan that leaves the duration to apply",
        plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "logs", soft_delete_policy: [{}] }, afterUnknown: { soft_delete_policy: [{ retention_duration_seconds: true }] } }]),
        expect: "known only after apply",
        severity: "warning",
      },
    ],
  },
});
