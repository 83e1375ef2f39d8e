import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { hasBlock } from "../../support/gcp-resources";

/**
 * GCS refuses Object Versioning on a bucket with a retention policy: the two are mutually
 * exclusive, and the retention policy already refuses deleting or replacing any object younger
 * than its period (cloud.google.com/storage/docs/bucket-lock and .../object-versioning; the
 * blueprint's write-once buckets rely on it, constructs/gcp/immutable-log-bucket.ts). Such
 * buckets are not applicable; WRITE-ONCE-GCP holds them to their retention instead.
 */
export const rule = resourceRule({
  control: "VERSIONING",
  cloud: "gcp",
  title: "Cloud Storage buckets keep noncurrent object versions (unless a retention policy protects them)",
  severity: "error",
  appliesTo: ["google_storage_bucket"],
  mappings: { checkov: ["CKV_GCP_78"], nist80053: ["CP-9", "SI-12"] },
  rationale: "Without versions an overwrite or delete, by mistake, a bug or ransomware, destroys the only copy; noncurrent versions let state and data be restored.",
  fix: "Set versioning { enabled = true } (StateBucket does), or give the bucket a retention policy (ImmutableLogBucket, UsageLogBucket).",
  check(bucket, context) {
    if (hasBlock(bucket, "retention_policy")) return { status: "not-applicable", reason: "GCS refuses versioning on a bucket with a retention policy" };
    const problems = context.problems();
    const enabled = valueOf(bucket, "versioning.enabled");
    if (enabled === UNKNOWN_VALUE) problems.unknown("versioning.enabled");
    else if (enabled !== true) problems.error(`versioning.enabled is ${JSON.stringify(enabled ?? "absent")}, not true`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "versioned state bucket", stack: gcpStack({ google_storage_bucket: { b: { name: "state", versioning: { enabled: true } } } }) },
      { name: "a plan of a versioned bucket", plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "state", versioning: [{ enabled: true }] } }]) },
    ],
    noncompliance: [
      { name: "no versioning block", stack: gcpStack({ google_storage_bucket: { b: { name: "data" } } }), expect: 'versioning.enabled is "absent", not true' },
      { name: "versioning off without a retention policy", stack: gcpStack({ google_storage_bucket: { b: { name: "data", versioning: { enabled: false } } } }), expect: "versioning.enabled is false, not true" },
    ],
  },
});
