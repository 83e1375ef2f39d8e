import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/**
 * `uniform_bucket_level_access` defaults to false (google provider 6.50
 * website/docs/r/storage_bucket): object ACLs then grant access alongside IAM, per object, where
 * no bucket-level review sees them (cloud.google.com/storage/docs/uniform-bucket-level-access).
 */
export const rule = resourceRule({
  control: "ACLS-DISABLED",
  cloud: "gcp",
  title: "Cloud Storage buckets use uniform bucket-level access (no object ACLs)",
  severity: "error",
  appliesTo: ["google_storage_bucket"],
  mappings: { checkov: ["CKV_GCP_29"], cis: ["GCP Foundations 2.0 5.2"], nist80053: ["AC-3", "AC-6"] },
  rationale: "Object ACLs grant access object by object, outside IAM: an ACL written by any uploader can expose one object without any policy change an auditor would see.",
  fix: "Set uniform_bucket_level_access = true; every bucket construct of the blueprint does (GCS_BUCKET_BASELINE).",
  check(bucket, context) {
    const problems = context.problems();
    const value = valueOf(bucket, "uniform_bucket_level_access");
    if (value === UNKNOWN_VALUE) problems.unknown("uniform_bucket_level_access");
    else if (value !== true) problems.error(`uniform_bucket_level_access is ${JSON.stringify(value ?? "absent")}, not true: object ACLs still grant access`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "uniform access", stack: gcpStack({ google_storage_bucket: { b: { name: "logs", uniform_bucket_level_access: true } } }) },
      { name: "a plan with uniform access", plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "logs", uniform_bucket_level_access: true } }]) },
    ],
    noncompliance: [
      { name: "absent (default false)", stack: gcpStack({ google_storage_bucket: { b: { name: "logs" } } }), expect: 'uniform_bucket_level_access is "absent", not true' },
      { name: "false", plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "logs", uniform_bucket_level_access: false } }]), expect: "uniform_bucket_level_access is false" },
    ],
  },
});
