import { isExpression, isUnknown, valuesAt } from "../../model";
import { isEnvironmentStack, stackRule } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { DATA_ACCESS_LOG_TYPES, auditConfigsCovering } from "../../support/gcp-audit";

/**
 * Data-access audit logs are off by default in GCP except for BigQuery
 * (cloud.google.com/logging/docs/audit#data-access); admin activity is always on but lands only
 * in the project's own _Required bucket. The blueprint turns on ADMIN_READ, DATA_READ and
 * DATA_WRITE for the services that hold its data (Cloud Storage, Cloud KMS:
 * constructs/gcp/data-access-audit-logs.ts) and routes every cloudaudit.googleapis.com entry to
 * its write-once bucket through a sink (constructs/gcp/audit-trail.ts). The rule asks for the
 * same: a config per data service the stack uses (or allServices), and a sink of audit logs.
 */
const DATA_SERVICES: ReadonlyArray<readonly [string, string]> = [
  ["google_storage_bucket", "storage.googleapis.com"],
  ["google_kms_crypto_key", "cloudkms.googleapis.com"],
  ["google_secret_manager_secret", "secretmanager.googleapis.com"],
  ["google_bigquery_dataset", "bigquery.googleapis.com"],
  ["google_pubsub_topic", "pubsub.googleapis.com"],
  ["google_artifact_registry_repository", "artifactregistry.googleapis.com"],
];
const AUDIT_LOGS = "cloudaudit.googleapis.com";

const ALL_TYPES = [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }];
const SINK = { google_logging_project_sink: { s: { name: "acme-ai-prod-audit", destination: "storage.googleapis.com/${google_storage_bucket.b.name}", filter: 'logName:"cloudaudit.googleapis.com"' } } };

export const rule = stackRule({
  control: "AUDIT-TRAIL",
  cloud: "gcp",
  title: "Every GCP environment turns on data-access audit logs and routes audit logs to a sink",
  severity: "error",
  appliesTo: ["google_project_iam_audit_config", "google_logging_project_sink"],
  mappings: { checkov: ["CKV2_GCP_5"], cis: ["GCP Foundations 2.0 2.1", "GCP Foundations 2.0 2.2"], nist80053: ["AU-2", "AU-3", "AU-6", "AU-12"] },
  rationale: "Without data-access logs nobody can say who read a model, a secret or the evidence, or used a key; without a sink the audit logs stay in the project its administrators control, for its default retention only.",
  fix: "Add AuditTrail (AiSupplyChainGcp does): google_project_iam_audit_config with ADMIN_READ, DATA_READ and DATA_WRITE for each data service (or allServices), and a google_logging_project_sink of logName:\"cloudaudit.googleapis.com\" into the write-once bucket.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return { status: "not-applicable", reason: "not an environment stack" };
    const problems = context.problems();
    const used = DATA_SERVICES.filter(([type]) => context.resourcesOf(type).length > 0).map(([, service]) => service);
    const services = used.length > 0 ? used : ["allServices"];
    for (const service of services) {
      if (auditConfigsCovering(context, service, DATA_ACCESS_LOG_TYPES).length === 0) {
        problems.error(`no google_project_iam_audit_config turns on ${DATA_ACCESS_LOG_TYPES.join(", ")} for ${service}${service === "allServices" ? "" : " (or allServices)"}`);
      }
    }
    const sinks = context.resourcesOf("google_logging_project_sink").filter((s) => valuesAt(s.attributes, "disabled")[0] !== true);
    const verdicts = sinks.map((s) => {
      const filter = valuesAt(s.attributes, "filter")[0];
      if (isUnknown(filter) || isExpression(filter)) return "unknown";
      return filter === undefined || filter === null || filter === "" || String(filter).includes(AUDIT_LOGS) ? "routes" : "other";
    });
    if (!verdicts.includes("routes")) {
      if (verdicts.includes("unknown")) problems.unknown("the filter of google_logging_project_sink");
      else problems.error(`no enabled google_logging_project_sink routes ${AUDIT_LOGS} entries`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "the blueprint's trail: storage and KMS data access, audit-log sink",
        stack: gcpStack({
          google_storage_bucket: { b: { name: "logs" } },
          google_kms_crypto_key: { k: { name: "logs" } },
          google_project_iam_audit_config: { storage: { service: "storage.googleapis.com", audit_log_config: ALL_TYPES }, kms: { service: "cloudkms.googleapis.com", audit_log_config: ALL_TYPES } },
          ...SINK,
        }),
      },
      {
        name: "allServices covers everything",
        stack: gcpStack({ google_storage_bucket: { b: { name: "logs" } }, google_project_iam_audit_config: { all: { service: "allServices", audit_log_config: ALL_TYPES } }, ...SINK }),
      },
    ],
    noncompliance: [
      {
        name: "no data-access audit config for KMS",
        stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs" } }, ...SINK }),
        expect: "no google_project_iam_audit_config turns on ADMIN_READ, DATA_READ, DATA_WRITE for cloudkms.googleapis.com (or allServices)",
      },
      {
        name: "DATA_READ missing",
        stack: gcpStack({ google_storage_bucket: { b: { name: "logs" } }, google_project_iam_audit_config: { s: { service: "storage.googleapis.com", audit_log_config: [{ log_type: "DATA_WRITE" }] } }, ...SINK }),
        expect: "for storage.googleapis.com",
      },
      {
        name: "a plan without a sink",
        plan: gcpPlan([
          { type: "google_storage_bucket", name: "b", after: { name: "logs", effective_labels: { environment: "prod" } } },
          { type: "google_project_iam_audit_config", name: "all", after: { service: "allServices", audit_log_config: ALL_TYPES } },
        ]),
        expect: "no enabled google_logging_project_sink routes cloudaudit.googleapis.com entries",
      },
      {
        name: "a sink of something else",
        stack: gcpStack({
          google_project_iam_audit_config: { all: { service: "allServices", audit_log_config: ALL_TYPES } },
          google_logging_project_sink: { s: { name: "errors", destination: "storage.googleapis.com/x", filter: "severity>=ERROR" } },
        }),
        expect: "no enabled google_logging_project_sink routes",
      },
    ],
  },
});
