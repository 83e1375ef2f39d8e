import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { hasBlock, purposeOf } from "../../support/gcp-resources";

/** The `purpose` labels of the blueprint's evidence buckets (ImmutableLogBucket, UsageLogBucket). */
const EVIDENCE_PURPOSES = ["logs", "usage-logs"];

/**
 * A retention policy refuses deleting or replacing an object younger than `retention_period`;
 * unlocked, anyone with storage.buckets.update can shorten or remove it, locked it can only grow
 * (cloud.google.com/storage/docs/bucket-lock). The blueprint locks by default and unlocks only
 * with standard protection or `logs.lockRetention: false`: a relaxation.
 */
export const rule = resourceRule({
  control: "WRITE-ONCE",
  cloud: "gcp",
  title: "Log buckets keep objects under a locked retention policy and are never force-destroyed",
  severity: "error",
  appliesTo: ["google_storage_bucket"],
  mappings: { checkov: ["CKV2_GCP_4"], cis: ["GCP Foundations 2.0 2.3"], nist80053: ["AU-9", "AU-9(4)", "AU-11", "SI-12"] },
  rationale: "Audit evidence that its subject can delete or overwrite proves nothing; a locked retention policy makes the log bucket write-once for the retention period, even for project owners.",
  fix: "Give log buckets retention_policy { retention_period > 0, is_locked = true } and force_destroy = false: ImmutableLogBucket and UsageLogBucket do by default (lockRetention: true, protection: strict).",
  check(bucket, context) {
    const purpose = purposeOf(bucket);
    if (purpose === undefined || !EVIDENCE_PURPOSES.includes(purpose)) return { status: "not-applicable", reason: "not a log bucket (purpose label)" };
    const problems = context.problems();
    if (!hasBlock(bucket, "retention_policy")) {
      problems.error("retention_policy is absent: objects can be deleted or overwritten at once");
    } else {
      const period = valueOf(bucket, "retention_policy.retention_period");
      if (period === UNKNOWN_VALUE) problems.unknown("retention_policy.retention_period");
      else if (!(Number(period) > 0)) problems.error(`retention_policy.retention_period is ${JSON.stringify(period ?? "absent")}, not a positive number of seconds`);
      const locked = valueOf(bucket, "retention_policy.is_locked");
      if (locked === UNKNOWN_VALUE) problems.unknown("retention_policy.is_locked");
      else if (locked !== true) problems.relaxed(`retention_policy.is_locked is ${JSON.stringify(locked ?? "absent")}, not true: the policy can still be shortened or removed`);
    }
    const forceDestroy = valueOf(bucket, "force_destroy");
    if (forceDestroy === UNKNOWN_VALUE) problems.unknown("force_destroy");
    else if (forceDestroy === true) problems.error("force_destroy is true: destroying the bucket deletes its objects");
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "locked retention on the audit-log bucket",
        stack: gcpStack({ google_storage_bucket: { b: { name: "logs", labels: { purpose: "logs" }, force_destroy: false, retention_policy: { retention_period: 220924800, is_locked: true } } } }),
      },
      {
        name: "a plan of a locked usage-log bucket",
        plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "usage", labels: { purpose: "usage-logs" }, force_destroy: false, retention_policy: [{ retention_period: 31536000, is_locked: true }] } }]),
      },
    ],
    noncompliance: [
      { name: "no retention policy", stack: gcpStack({ google_storage_bucket: { b: { name: "logs", labels: { purpose: "logs" } } } }), expect: "retention_policy is absent" },
      {
        name: "unlocked retention (standard protection)",
        stack: gcpStack({ google_storage_bucket: { b: { name: "logs", labels: { purpose: "logs" }, retention_policy: { retention_period: 7776000, is_locked: false } } } }),
        expect: "retention_policy.is_locked is false, not true",
        severity: "warning",
      },
      {
        name: "force_destroy on",
        stack: gcpStack({ google_storage_bucket: { b: { name: "logs", labels: { purpose: "usage-logs" }, force_destroy: true, retention_policy: { retention_period: 7776000, is_locked: true } } } }),
        expect: "force_destroy is true",
      },
      {
        name: "zero retention period",
        plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "logs", labels: { purpose: "logs" }, retention_policy: [{ retention_period: 0, is_locked: true }] } }]),
        expect: "retention_policy.retention_period is 0, not a positive number of seconds",
      },
    ],
  },
});
