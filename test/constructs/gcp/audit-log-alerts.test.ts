import * as fs from "node:fs";
import * as path from "node:path";
import { AuditLogAlerts, AuditLogAlertsProps } from "../../../constructs/gcp/audit-log-alerts";
import { validationErrorOf } from "../../helpers/errors";
import { JsonValue, matchesLoggingQuery } from "../../helpers/logging-query";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

const CHANNEL = "projects/acme-ai-prod/notificationChannels/123";
const BASE: AuditLogAlertsProps = {
  projectId: "acme-ai-prod",
  namePrefix: "acme-ai-prod-audit",
  notificationChannels: [CHANNEL],
  bucketNames: ["acme-ai-prod-logs-1a2b3c", "acme-ai-prod-fraud-4d5e6f"],
};

function synth(props: Partial<AuditLogAlertsProps> = {}): Json {
  return synthConstruct((scope) => new AuditLogAlerts(scope, "audit", { ...BASE, ...props }));
}

function fixture(name: string): JsonValue {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "gcp-events", name), "utf8")) as JsonValue;
}

function metricsByName(stack: Json): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(stack, "google_logging_metric")).map((m) => [m["name"] as string, m]));
}

function policiesByName(stack: Json): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(stack, "google_monitoring_alert_policy")).map((p) => [p["display_name"] as string, p]));
}

function filterOf(stack: Json, name: string): string {
  // The counter is named after its policy, with `-count`.
  const metric = metricsByName(stack)[`${name}-count`];
  if (metric === undefined) throw new Error(`no metric ${name}`);
  return metric["filter"] as string;
}

const NAMES = [
  "acme-ai-prod-audit-kms-key-changes",
  "acme-ai-prod-audit-logging-sink-changes",
  "acme-ai-prod-audit-audit-config-changes",
  "acme-ai-prod-audit-project-ownership-changes",
  "acme-ai-prod-audit-custom-role-changes",
  "acme-ai-prod-audit-bucket-iam-changes",
  "acme-ai-prod-audit-bucket-config-changes",
];

describe("gcp AuditLogAlerts", () => {
  test("one counter metric and one policy per alert, by name", () => {
    const stack = synth();
    expect(Object.keys(metricsByName(stack)).sort()).toEqual(NAMES.map((n) => `${n}-count`).sort());
    expect(Object.keys(policiesByName(stack)).sort()).toEqual([...NAMES].sort());
    expect(Object.values(metricsByName(stack)).map((m) => m["metric_descriptor"])).toEqual(NAMES.map(() => ({ metric_kind: "DELTA", value_type: "INT64", unit: "1" })));
    expect(Object.values(metricsByName(stack)).map((m) => m["project"])).toEqual(NAMES.map(() => "acme-ai-prod"));
  });

  test("without buckets the bucket alerts are left out and the others stay", () => {
    expect(Object.keys(metricsByName(synth({ bucketNames: undefined }))).sort()).toEqual(NAMES.slice(0, 5).map((n) => `${n}-count`).sort());
  });

  test("the KMS policy: threshold > 0 summed over 60 s, fires at once, on the metric by reference, every channel", () => {
    const stack = synth();
    const policy = policiesByName(stack)["acme-ai-prod-audit-kms-key-changes"]!;
    const metricId = Object.entries(resourcesOf(stack, "google_logging_metric")).find(([, m]) => m["name"] === "acme-ai-prod-audit-kms-key-changes-count")![0];
    expect(policy["notification_channels"]).toEqual([CHANNEL]);
    expect(policy["severity"]).toBe("CRITICAL");
    expect(policy["combiner"]).toBe("OR");
    expect(policy["conditions"]).toEqual([
      {
        display_name: "Cloud KMS key version destroyed or disabled, or key IAM changed (more than 0 in 60 s)",
        condition_threshold: {
          filter: `metric.type="logging.googleapis.com/user/\${google_logging_metric.${metricId}.name}" AND resource.type=one_of("global", "audited_resource")`,
          comparison: "COMPARISON_GT",
          threshold_value: 0,
          duration: "0s",
          aggregations: [{ alignment_period: "60s", per_series_aligner: "ALIGN_SUM", cross_series_reducer: "REDUCE_SUM" }],
          trigger: { count: 1 },
        },
      },
    ]);
    expect(policy["alert_strategy"]).toEqual({ auto_close: "604800s" });
  });

  test("every policy notifies every channel, with markdown documentation saying what to check", () => {
    const policies = Object.values(policiesByName(synth()));
    expect(policies).toHaveLength(7);
    expect(policies.map((p) => p["notification_channels"])).toEqual(NAMES.map(() => [CHANNEL]));
    expect(policies.map((p) => (p["documentation"] as Json)["mime_type"])).toEqual(NAMES.map(() => "text/markdown"));
    expect(policies.filter((p) => ((p["documentation"] as Json)["content"] as string).includes("Check:"))).toHaveLength(7);
  });

  test("bucket alerts also accept the gcs_bucket resource type", () => {
    const filter = (((policiesByName(synth())["acme-ai-prod-audit-bucket-iam-changes"]!["conditions"] as Json[])[0]!["condition_threshold"] as Json)["filter"]) as string;
    expect(filter.endsWith('AND resource.type=one_of("global", "audited_resource", "gcs_bucket")')).toBe(true);
  });

  test("with no channels the policies are still created, with an empty channel list", () => {
    const policies = Object.values(policiesByName(synth({ notificationChannels: [] })));
    expect(policies.map((p) => p["notification_channels"])).toEqual(NAMES.map(() => []));
  });

  test("the CIS 2.5 audit-config filter, as written", () => {
    expect(filterOf(synth(), "acme-ai-prod-audit-audit-config-changes")).toBe(
      'logName="projects/acme-ai-prod/logs/cloudaudit.googleapis.com%2Factivity" AND protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*',
    );
  });

  // Each filter against the entries that must count and the ones that must not.
  test.each([
    ["kms-key-changes", ["kms-destroy-key-version.json", "kms-disable-key-version.json", "kms-set-iam-policy.json"], ["kms-enable-key-version.json", "kms-encrypt.json", "project-viewer-added.json"]],
    ["logging-sink-changes", ["logging-update-sink.json", "logging-create-exclusion.json"], ["logging-list-sinks.json", "project-viewer-added.json"]],
    ["audit-config-changes", ["project-audit-config-removed.json"], ["project-viewer-added.json", "project-owner-added.json"]],
    ["project-ownership-changes", ["project-owner-added.json"], ["project-viewer-added.json", "project-audit-config-removed.json"]],
    ["custom-role-changes", ["iam-custom-role-updated.json"], ["iam-service-account-created.json"]],
    ["bucket-iam-changes", ["storage-set-iam-registry-bucket.json"], ["storage-set-iam-other-bucket.json", "storage-update-log-bucket.json"]],
    ["bucket-config-changes", ["storage-update-log-bucket.json"], ["storage-create-object-registry-bucket.json", "storage-set-iam-registry-bucket.json"]],
  ])("%s counts %j and not %j", (id, fire, benign) => {
    const filter = filterOf(synth(), `acme-ai-prod-audit-${id}`);
    expect(fire.map((f) => [f, matchesLoggingQuery(filter, fixture(f))])).toEqual(fire.map((f) => [f, true]));
    expect(benign.map((f) => [f, matchesLoggingQuery(filter, fixture(f))])).toEqual(benign.map((f) => [f, false]));
  });

  test("an entry of another project's log never counts", () => {
    const other = { ...(fixture("kms-destroy-key-version.json") as Json), logName: "projects/other/logs/cloudaudit.googleapis.com%2Factivity" } as JsonValue;
    expect(matchesLoggingQuery(filterOf(synth(), "acme-ai-prod-audit-kms-key-changes"), other)).toBe(false);
  });

  test("GCP_ALERT_CHANNELS_TOO_MANY and GCP_ALERT_NAME_PREFIX_INVALID, reported together", () => {
    const error = validationErrorOf(() => synth({ namePrefix: "", notificationChannels: Array.from({ length: 17 }, (_, i) => `projects/p/notificationChannels/${i}`) }));
    expect(error.problems.map((p) => [p.code, p.prop, p.accepted])).toEqual([
      ["GCP_ALERT_NAME_PREFIX_INVALID", "namePrefix", "1-64 characters"],
      ["GCP_ALERT_CHANNELS_TOO_MANY", "notificationChannels", "at most 16 channels per alert policy"],
    ]);
  });
});
