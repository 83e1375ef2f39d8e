import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/** A year: what an investigation typically needs to look back over (NIST AU-11 leaves the period to the organization). */
const MIN_DAYS = 365;
/** "If this value is set to zero at bucket creation time, the default time of 30 days will be used" (google provider 6.50 website/docs/r/logging_project_bucket_config). */
const DEFAULT_DAYS = 30;

export const rule = resourceRule({
  control: "LOG-GROUP-RETAINED",
  cloud: "gcp",
  title: "Cloud Logging buckets keep logs for at least a year",
  severity: "warning",
  appliesTo: ["google_logging_project_bucket_config"],
  mappings: { nist80053: ["AU-11", "SI-12"] },
  rationale: "Intrusions are found months after they start; operational logs deleted after the 30-day default leave nothing to reconstruct them from.",
  fix: "Set retention_days to 365 or more (audit evidence itself goes to the write-once bucket through AuditTrail).",
  check(bucket, context) {
    const problems = context.problems();
    const value = valueOf(bucket, "retention_days");
    if (value === UNKNOWN_VALUE) problems.unknown("retention_days");
    else if (value === undefined || value === null || Number(value) === 0) problems.error(`retention_days is ${JSON.stringify(value ?? "absent")} (the default ${DEFAULT_DAYS} days), less than ${MIN_DAYS}`);
    else if (Number(value) < MIN_DAYS) problems.error(`retention_days is ${JSON.stringify(value)}, less than ${MIN_DAYS}`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "400 days", stack: gcpStack({ google_logging_project_bucket_config: { b: { bucket_id: "ops", location: "global", retention_days: 400 } } }) }],
    noncompliance: [
      { name: "30 days", stack: gcpStack({ google_logging_project_bucket_config: { b: { bucket_id: "ops", retention_days: 30 } } }), expect: "retention_days is 30, less than 365" },
      { name: "a plan relying on the default", plan: gcpPlan([{ type: "google_logging_project_bucket_config", name: "b", after: { bucket_id: "ops" } }]), expect: 'retention_days is "absent" (the default 30 days)' },
    ],
  },
});
