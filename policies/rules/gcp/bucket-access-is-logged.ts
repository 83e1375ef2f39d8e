import { valuesAt } from "../../model";
import { resourceRule } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { auditConfigsCovering, projectOf } from "../../support/gcp-audit";
import { purposeOf } from "../../support/gcp-resources";

const STORAGE = "storage.googleapis.com";
const STORAGE_AUDIT = {
  google_project_iam_audit_config: {
    storage: { project: "acme-ai-prod", service: STORAGE, audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }] },
  },
};

/**
 * Access to a bucket is logged either by usage logs (`logging.log_bucket`: hourly CSV objects in
 * another bucket) or by Cloud Audit Logs data-access logs for Cloud Storage (DATA_READ and
 * DATA_WRITE), which Google recommends over usage logs for tracking access
 * (cloud.google.com/storage/docs/access-logs). The blueprint uses both: the state bucket writes
 * usage logs, the audit-log bucket is covered by the stack's data-access audit config for Cloud
 * Storage (AuditTrail). The usage-log bucket itself is exempt: logging into itself would write a
 * log object about every log object (Checkov CKV_GCP_63 refuses that too).
 */
export const rule = resourceRule({
  control: "ACCESS-LOGGING",
  cloud: "gcp",
  title: "Access to Cloud Storage buckets is logged (usage logs or data-access audit logs)",
  severity: "error",
  appliesTo: ["google_storage_bucket"],
  mappings: { checkov: ["CKV_GCP_62", "CKV_GCP_63"], nist80053: ["AU-2", "AU-3", "AU-12"] },
  rationale: "Without an access record nobody can tell who read or replaced an object (the state file, a model, the evidence itself) after a credential leaks.",
  fix: "Set logging { log_bucket } to a UsageLogBucket (StateBucket does), or turn on Cloud Storage DATA_READ and DATA_WRITE audit logs in the stack's project (AuditTrail does).",
  check(bucket, context) {
    if (purposeOf(bucket) === "usage-logs") return { status: "not-applicable", reason: "the usage-log bucket does not log into itself" };
    const problems = context.problems();
    const target = valuesAt(bucket.attributes, "logging.log_bucket").find((v) => v !== null && v !== "");
    if (target !== undefined) {
      const self = context.referenced(bucket, "logging.log_bucket").some((r) => r.baseAddress === bucket.baseAddress) || target === valuesAt(bucket.attributes, "name")[0];
      if (self) problems.error("logging.log_bucket is the bucket itself: every log object would log another");
      return problems.outcome();
    }
    if (auditConfigsCovering(context, STORAGE, ["DATA_READ", "DATA_WRITE"], projectOf(bucket, context)).length > 0) return problems.outcome();
    problems.error(`logging.log_bucket is absent and the stack turns on no ${STORAGE} DATA_READ and DATA_WRITE audit logs`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "state bucket with usage logs",
        stack: gcpStack({
          google_storage_bucket: {
            state: { name: "state", logging: { log_bucket: "${google_storage_bucket.usage.name}", log_object_prefix: "tfstate/" } },
            usage: { name: "usage", labels: { purpose: "usage-logs" } },
          },
        }),
      },
      { name: "audit-log bucket covered by Cloud Storage data-access audit logs", stack: gcpStack({ ...STORAGE_AUDIT, google_storage_bucket: { logs: { name: "logs", project: "acme-ai-prod", labels: { purpose: "logs" } } } }) },
      {
        name: "a plan with a usage-log target",
        plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "data", logging: [{}] }, afterUnknown: { logging: [{ log_bucket: true }] }, references: { "logging.log_bucket": ["google_storage_bucket.usage.name", "google_storage_bucket.usage"] } }]),
      },
    ],
    noncompliance: [
      { name: "no usage logs, no audit logs", stack: gcpStack({ google_storage_bucket: { b: { name: "data" } } }), expect: "logging.log_bucket is absent" },
      {
        name: "audit logs for writes only",
        stack: gcpStack({
          google_project_iam_audit_config: { storage: { project: "acme-ai-prod", service: STORAGE, audit_log_config: [{ log_type: "DATA_WRITE" }] } },
          google_storage_bucket: { b: { name: "data" } },
        }),
        expect: "no storage.googleapis.com DATA_READ and DATA_WRITE audit logs",
      },
      { name: "logging into itself", stack: gcpStack({ google_storage_bucket: { b: { name: "data", logging: { log_bucket: "${google_storage_bucket.b.name}" } } } }), expect: "logging.log_bucket is the bucket itself" },
    ],
  },
});
