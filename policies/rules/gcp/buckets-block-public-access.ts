import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/**
 * `public_access_prevention` defaults to "inherited": the bucket is protected only if an
 * organization policy says so (google provider 6.50 website/docs/r/storage_bucket). "enforced"
 * refuses allUsers and allAuthenticatedUsers whatever IAM or ACLs say
 * (cloud.google.com/storage/docs/public-access-prevention).
 */
export const rule = resourceRule({
  control: "STORAGE-NOT-PUBLIC",
  cloud: "gcp",
  title: "Cloud Storage buckets enforce public access prevention",
  severity: "error",
  appliesTo: ["google_storage_bucket"],
  mappings: { checkov: ["CKV_GCP_114"], cis: ["GCP Foundations 2.0 5.1"], nist80053: ["AC-3", "AC-21", "SC-7"] },
  rationale: "One mistaken allUsers grant publishes every object of a bucket to the internet; enforced public access prevention makes that grant fail instead.",
  fix: "Set public_access_prevention = \"enforced\"; every bucket construct of the blueprint does (GCS_BUCKET_BASELINE).",
  check(bucket, context) {
    const problems = context.problems();
    const value = valueOf(bucket, "public_access_prevention");
    if (value === UNKNOWN_VALUE) problems.unknown("public_access_prevention");
    else if (value === undefined) problems.error('public_access_prevention is absent (the default "inherited"), not "enforced"');
    else if (value !== "enforced") problems.error(`public_access_prevention is ${JSON.stringify(value)}, not "enforced"`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "enforced", stack: gcpStack({ google_storage_bucket: { b: { name: "logs", public_access_prevention: "enforced" } } }) },
      { name: "a plan with enforced", plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "logs", public_access_prevention: "enforced" } }]) },
    ],
    noncompliance: [
      { name: "absent", stack: gcpStack({ google_storage_bucket: { b: { name: "logs" } } }), expect: 'public_access_prevention is absent (the default "inherited")' },
      { name: "inherited", stack: gcpStack({ google_storage_bucket: { b: { name: "logs", public_access_prevention: "inherited" } } }), expect: 'public_access_prevention is "inherited", not "enforced"' },
      {
        name: "a plan that leaves it to apply",
        plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "logs" }, afterUnknown: { public_access_prevention: true } }]),
        expect: "public_access_prevention is known only after apply",
        severity: "warning",
      },
    ],
  },
});
