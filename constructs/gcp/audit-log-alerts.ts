import { LoggingMetric } from "@cdktf/provider-google/lib/logging-metric";
import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { Construct } from "constructs";
import { alertPropValidator } from "./notification-channels";

/** How bad one alert is (`google_monitoring_alert_policy.severity`). */
export type GcpAlertSeverity = "CRITICAL" | "ERROR" | "WARNING";

/** One log-based counter and the alert on it. */
export interface LogMetricAlertSpec {
  /** Suffix of the metric's name and the policy's display name, e.g. `kms-key-changes`. */
  readonly id: string;
  /** The Logging query the metric counts (a string the Logging query language accepts). */
  readonly filter: string;
  /**
   * Monitored-resource types the counter's time series can carry (Monitoring filters must
   * restrict `resource.type`; google provider issues #4165 and #7179: "must specify a restriction
   * on resource.type"). A log-based metric's series take the log entry's resource where Cloud
   * Monitoring knows the type; `global` and `audited_resource` cover audit entries of the others.
   */
  readonly resourceTypes: readonly string[];
  /** Severity of the policy. */
  readonly severity: GcpAlertSeverity;
  /** Alert subject: what happened, in a few words. */
  readonly subject: string;
  /** Markdown body: what happened, why it matters, what to check first. */
  readonly content: string;
  /** Alert when more than this many entries are counted in one window. */
  readonly threshold: number;
  /** The window, in seconds: the counter is summed over it. */
  readonly windowSeconds: number;
}

/** What `createLogMetricAlert` made. */
export interface LogMetricAlert {
  /** The `google_logging_metric`. */
  readonly metric: LoggingMetric;
  /** The `google_monitoring_alert_policy` on it. */
  readonly policy: MonitoringAlertPolicy;
}

/**
 * A log-based counter (`DELTA`, `INT64`, unit `1`: the descriptor the Logging API gives a metric
 * that counts matching entries, REST reference `projects.metrics`, LogMetric `metricDescriptor`;
 * set explicitly so a provider default never changes it) and a threshold policy on `logging.googleapis.com/user/<name>` (the type of a
 * user-defined log-based metric), summed over the window across every series, firing at once
 * (`duration = 0s`) when the sum exceeds the threshold. The policy's metric type is built from
 * the metric's `name` attribute, so Terraform creates the metric first: a policy on a metric that
 * does not exist yet is refused ("The metric referenced by the provided filter is unknown",
 * google provider issue #10325).
 */
export function createLogMetricAlert(scope: Construct, projectId: string, namePrefix: string, channels: readonly string[], spec: LogMetricAlertSpec): LogMetricAlert {
  const name = `${namePrefix}-${spec.id}`;
  const metric = new LoggingMetric(scope, `${spec.id}-metric`, {
    project: projectId,
    // Not the policy's display name: the policy refers to the metric by its attribute, and two
    // resources sharing a name would read as a literal reference.
    name: `${name}-count`,
    description: spec.subject,
    filter: spec.filter,
    metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1" },
  });
  const resourceFilter = spec.resourceTypes.length === 1 ? `"${spec.resourceTypes[0]!}"` : `one_of(${spec.resourceTypes.map((t) => `"${t}"`).join(", ")})`;
  const policy = new MonitoringAlertPolicy(scope, `${spec.id}-alert`, {
    project: projectId,
    displayName: name,
    combiner: "OR",
    severity: spec.severity,
    // No channels (no email, no webhook configured): the policy still opens incidents in Cloud
    // Monitoring, visible in the console and to anyone who later adds a channel.
    notificationChannels: [...channels],
    conditions: [
      {
        displayName: `${spec.subject} (more than ${spec.threshold} in ${spec.windowSeconds} s)`,
        conditionThreshold: {
          filter: `metric.type="logging.googleapis.com/user/${metric.name}" AND resource.type=${resourceFilter}`,
          comparison: "COMPARISON_GT",
          thresholdValue: spec.threshold,
          duration: "0s",
          aggregations: [{ alignmentPeriod: `${spec.windowSeconds}s`, perSeriesAligner: "ALIGN_SUM", crossSeriesReducer: "REDUCE_SUM" }],
          trigger: { count: 1 },
        },
      },
    ],
    // A closed incident re-opens on the next event; a week keeps an unacknowledged one visible.
    alertStrategy: { autoClose: "604800s" },
    documentation: { subject: spec.subject, content: spec.content, mimeType: "text/markdown" },
  });
  return { metric, policy };
}

/** The Admin Activity audit log of a project: every call below is ADMIN_WRITE, always logged and free. */
export function gcpActivityLogName(projectId: string): string {
  return `projects/${projectId}/logs/cloudaudit.googleapis.com%2Factivity`;
}

export interface AuditLogAlertsProps {
  /** Project whose Admin Activity audit log is counted; it also holds the metrics and policies. */
  readonly projectId: string;
  /** Start of every metric's name and policy's display name, e.g. `acme-ai-prod-audit` (1-64 characters). */
  readonly namePrefix: string;
  /** Resource names of the channels every alert notifies (`NotificationChannels.channelNames`), at most 16. */
  readonly notificationChannels: readonly string[];
  /**
   * Buckets whose IAM and configuration changes alert: the log bucket and the registry buckets
   * of this project (a bucket in another project logs there, not here).
   * @default [] (no bucket alerts)
   */
  readonly bucketNames?: readonly string[];
}

/**
 * Alerts on the changes that would let an attacker hide or undo what the blueprint protects,
 * each a log-based counter on the project's Admin Activity audit log and a policy that fires on
 * the first entry:
 *
 * - `kms-key-changes`: a key version destroyed or disabled (`DestroyCryptoKeyVersion`,
 *   `UpdateCryptoKeyVersion` with `request.cryptoKeyVersion.state = DISABLED`), a primary
 *   version switched, or the IAM policy of a key or key ring set. Without the key, the registry
 *   and the logs are unreadable; with a new grant, someone can sign or decrypt.
 * - `logging-sink-changes`: a sink or an exclusion created, changed or deleted
 *   (`google.logging.v2.ConfigServiceV2.*Sink`, `*Exclusion`): audit entries stop reaching the
 *   write-once bucket.
 * - `audit-config-changes`: CIS GCP Foundations 2.5, `SetIamPolicy` carrying
 *   `serviceData.policyDelta.auditConfigDeltas` (data-access logging switched off).
 * - `project-ownership-changes`: CIS 2.4, a `roles/owner` binding added or removed on the project.
 * - `custom-role-changes`: CIS 2.6, `google.iam.admin.v1.{Create,Update,Delete,Undelete}Role`:
 *   the gate's object-retention role is a custom role, and widening it widens the gate.
 * - `bucket-iam-changes`: CIS 2.10 (`storage.setIamPermissions`), scoped to `bucketNames`.
 * - `bucket-config-changes`: `storage.buckets.update` or `storage.buckets.delete` on
 *   `bucketNames`: retention, versioning, soft delete, logging or lifecycle changed.
 *
 * Not alerted, because nothing here owns them: CIS 2.7-2.9 (VPC firewall rules, routes,
 * networks: the gate has no VPC connector and no network of the blueprint's own) and 2.11
 * (Cloud SQL). Those belong to the landing zone's organisation-level alerts.
 *
 * Method names are matched with `:` (has), which matches both the short (`SetIamPolicy`) and
 * the fully qualified forms audit logs use; every mixed AND/OR group is parenthesised because
 * Logging evaluates OR before AND ("Logging query language", Boolean operators).
 *
 * @example
 * new AuditLogAlerts(this, "audit", {
 *   projectId: "acme-ai-prod", namePrefix: "acme-ai-prod-audit",
 *   notificationChannels: channels.channelNames, bucketNames: [logBucket.bucketName, registry.bucketName],
 * });
 */
export class AuditLogAlerts extends Construct {
  /** Metric and policy of each alert, by alert id. */
  public readonly alerts: Readonly<Record<string, LogMetricAlert>>;

  constructor(scope: Construct, id: string, props: AuditLogAlertsProps) {
    alertPropValidator(scope, id, props.namePrefix, props.notificationChannels)
      .throwIfInvalid();
    super(scope, id);
    const alerts: Record<string, LogMetricAlert> = {};
    for (const spec of auditAlertSpecs(props.projectId, props.bucketNames ?? [])) {
      alerts[spec.id] = createLogMetricAlert(this, props.projectId, props.namePrefix, props.notificationChannels, spec);
    }
    this.alerts = alerts;
  }
}

/** Audit entries carry their service's resource type; these cover the types Monitoring does not know. */
const AUDIT_RESOURCE_TYPES = ["global", "audited_resource"] as const;

/** The alerts AuditLogAlerts creates, filters included; the bucket alerts only with buckets. */
export function auditAlertSpecs(projectId: string, bucketNames: readonly string[]): LogMetricAlertSpec[] {
  const activity = `logName="${gcpActivityLogName(projectId)}"`;
  const buckets = `(${bucketNames.map((b) => `resource.labels.bucket_name="${b}"`).join(" OR ")})`;
  const once = { threshold: 0, windowSeconds: 60 } as const;
  const specs: LogMetricAlertSpec[] = [
    {
      id: "kms-key-changes",
      ...once,
      severity: "CRITICAL",
      resourceTypes: AUDIT_RESOURCE_TYPES,
      filter:
        `${activity} AND protoPayload.serviceName="cloudkms.googleapis.com" AND (` +
        'protoPayload.methodName:"DestroyCryptoKeyVersion" OR ' +
        '(protoPayload.methodName:"UpdateCryptoKeyVersion" AND protoPayload.request.cryptoKeyVersion.state="DISABLED") OR ' +
        'protoPayload.methodName:"UpdateCryptoKeyPrimaryVersion" OR ' +
        'protoPayload.methodName:"SetIamPolicy")',
      subject: "Cloud KMS key version destroyed or disabled, or key IAM changed",
      content: [
        "A key version of this project was scheduled for destruction or disabled, a key's primary version was switched, or the IAM policy of a key or key ring was set.",
        "",
        "Why it matters: the registry, the function code and the logs are encrypted with these keys; a destroyed or disabled version makes them unreadable, and a new grant lets someone sign models or decrypt.",
        "",
        "Check: the entry's `protoPayload.authenticationInfo.principalEmail` and `resourceName`; restore a version scheduled for destruction (`gcloud kms keys versions restore`) within the deletion window; compare the key's IAM policy with the blueprint's.",
      ].join("\n"),
    },
    {
      id: "logging-sink-changes",
      ...once,
      severity: "CRITICAL",
      resourceTypes: AUDIT_RESOURCE_TYPES,
      filter:
        `${activity} AND protoPayload.serviceName="logging.googleapis.com" AND (` +
        'protoPayload.methodName:"ConfigServiceV2.CreateSink" OR protoPayload.methodName:"ConfigServiceV2.UpdateSink" OR protoPayload.methodName:"ConfigServiceV2.DeleteSink" OR ' +
        'protoPayload.methodName:"ConfigServiceV2.CreateExclusion" OR protoPayload.methodName:"ConfigServiceV2.UpdateExclusion" OR protoPayload.methodName:"ConfigServiceV2.DeleteExclusion")',
      subject: "Log sink or exclusion changed",
      content: [
        "A log sink or a log exclusion of this project was created, changed or deleted.",
        "",
        "Why it matters: the audit-log sink delivers every audit entry to the write-once bucket; a changed filter, destination or a new exclusion silently stops that evidence.",
        "",
        "Check: `protoPayload.authenticationInfo.principalEmail`, `protoPayload.request` (the new sink or exclusion); run `terraform plan` on the environment stack: it shows the drift and restores the sink.",
      ].join("\n"),
    },
    {
      id: "audit-config-changes",
      ...once,
      severity: "CRITICAL",
      resourceTypes: AUDIT_RESOURCE_TYPES,
      // CIS Google Cloud Platform Foundation Benchmark 2.5, the filter as the benchmark states it.
      filter: `${activity} AND protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*`,
      subject: "Audit log configuration changed",
      content: [
        "The project's audit configuration (which Data Access audit logs are written, and who is exempt) was changed.",
        "",
        "Why it matters: reads of models and keys are only evidenced while Data Access logs are on.",
        "",
        "Check: `protoPayload.serviceData.policyDelta.auditConfigDeltas` (service, log type, ADD or REMOVE, exempted members) and the principal; `terraform plan` restores the blueprint's audit configs.",
      ].join("\n"),
    },
    {
      id: "project-ownership-changes",
      ...once,
      severity: "CRITICAL",
      resourceTypes: AUDIT_RESOURCE_TYPES,
      filter:
        `${activity} AND protoPayload.serviceName="cloudresourcemanager.googleapis.com" AND protoPayload.methodName:"SetIamPolicy" AND ` +
        'protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner" AND (protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" OR protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE")',
      subject: "Project owner added or removed",
      content: [
        "A `roles/owner` binding on this project was added or removed (CIS GCP 2.4).",
        "",
        "Why it matters: an owner can undo every control of the environment, keys and retention included (short of a locked retention policy).",
        "",
        "Check: `protoPayload.serviceData.policyDelta.bindingDeltas` (member, action) and `protoPayload.authenticationInfo.principalEmail`.",
      ].join("\n"),
    },
    {
      id: "custom-role-changes",
      ...once,
      severity: "ERROR",
      resourceTypes: AUDIT_RESOURCE_TYPES,
      filter:
        `${activity} AND protoPayload.serviceName="iam.googleapis.com" AND (` +
        'protoPayload.methodName="google.iam.admin.v1.CreateRole" OR protoPayload.methodName="google.iam.admin.v1.UpdateRole" OR ' +
        'protoPayload.methodName="google.iam.admin.v1.DeleteRole" OR protoPayload.methodName="google.iam.admin.v1.UndeleteRole")',
      subject: "Custom IAM role created, changed or deleted",
      content: [
        "A custom role of this project was created, changed, deleted or undeleted (CIS GCP 2.6).",
        "",
        "Why it matters: the promotion gate's object-retention role is a custom role; a permission added to it is granted to every gate at once.",
        "",
        "Check: `protoPayload.request.role.includedPermissions` against the blueprint's role, and the principal.",
      ].join("\n"),
    },
    {
      id: "bucket-iam-changes",
      ...once,
      severity: "CRITICAL",
      resourceTypes: [...AUDIT_RESOURCE_TYPES, "gcs_bucket"],
      filter: `${activity} AND resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions" AND ${buckets}`,
      subject: "IAM changed on a log bucket or a model bucket",
      content: [
        "The IAM policy of the log bucket or a model-registry bucket was changed (CIS GCP 2.10, scoped to the blueprint's buckets).",
        "",
        "Why it matters: a new writer on `approved/` bypasses the promotion gate; a new reader on the registry or the logs leaks models or evidence.",
        "",
        "Check: `protoPayload.serviceData.policyDelta.bindingDeltas` (member, role, condition) and the principal; `terraform plan` shows the drift.",
      ].join("\n"),
    },
    {
      id: "bucket-config-changes",
      ...once,
      severity: "ERROR",
      resourceTypes: [...AUDIT_RESOURCE_TYPES, "gcs_bucket"],
      filter: `${activity} AND resource.type="gcs_bucket" AND (protoPayload.methodName="storage.buckets.update" OR protoPayload.methodName="storage.buckets.delete") AND ${buckets}`,
      subject: "Log bucket or model bucket configuration changed",
      content: [
        "The configuration of the log bucket or a model-registry bucket was updated, or the bucket was deleted: retention policy, versioning, soft delete, lifecycle or usage logging.",
        "",
        "Why it matters: a shorter or removed retention policy lets evidence and approved models be deleted.",
        "",
        "Check: `protoPayload.request` and `protoPayload.metadata` for the changed fields, and the principal; a locked retention policy cannot be shortened, an unlocked one can.",
      ].join("\n"),
    },
  ];
  return bucketNames.length === 0 ? specs.filter((spec) => !spec.id.startsWith("bucket-")) : specs;
}
