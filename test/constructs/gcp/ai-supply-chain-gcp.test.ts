import { ModelRegistrySpec } from "../../../constructs/shared/model-registry-spec";
import { PROTECTION } from "../../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { AiSupplyChainGcp, AiSupplyChainGcpProps } from "../../../modules/ai-supply-chain-gcp";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/* The GCP environment module built directly, without the config loader in front of it. */

const PROPS: AiSupplyChainGcpProps = {
  organization: "acme-ai",
  environment: "prod",
  keyRotationDays: 90,
  protection: PROTECTION.strict,
  logs: { retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], lockRetention: true },
  projectId: "acme-ai-prod",
  region: "europe-west1",
  labels: { environment: "prod" },
  keyAdminMembers: [],
  monitoring: { gateRejectionsPerHour: 5, costAnomalyThresholdUsd: 100 },
};

const BUDGET = { monthlyLimitUsd: 1500, recipients: ["finops@example.com"] };

test("GCP_BUDGET_BILLING_ACCOUNT_MISSING: a budget without a billing account is a validation error, not a crash", () => {
  const error = validationErrorOf(() => synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", { ...PROPS, budget: BUDGET })));
  expect(error.problems.map((p) => [p.code, p.constructPath, p.prop, p.value])).toEqual([["GCP_BUDGET_BILLING_ACCOUNT_MISSING", "test/supply-chain", "billingAccountId", "undefined"]]);
});

test("with a billing account the budget is created on it, named <org>-<env>-monthly", () => {
  const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", { ...PROPS, budget: BUDGET, billingAccountId: "012345-6789AB-CDEF01" }));
  expect(Object.values(resourcesOf(stack, "google_billing_budget")).map((b) => [b["billing_account"], b["display_name"]])).toEqual([["012345-6789AB-CDEF01", "acme-ai-prod-monthly"]]);
});

test("without a budget no billing account is needed", () => {
  const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", PROPS));
  expect(resourcesOf(stack, "google_billing_budget")).toEqual({});
  expect(Object.values(resourcesOf(stack, "google_kms_key_ring")).map((r) => r["name"])).toEqual(["acme-ai-prod"]);
  expect(Object.values(resourcesOf(stack, "google_logging_project_sink")).map((r) => r["name"])).toEqual(["acme-ai-prod-audit"]);
});

const REGISTRY: ModelRegistrySpec = {
  name: "fraud",
  publishers: ["serviceAccount:fraud-publisher@acme-ai-prod.iam.gserviceaccount.com"],
  readers: ["serviceAccount:fraud-serving@acme-ai-prod.iam.gserviceaccount.com"],
  lineageTags: ["dataset-digest", "source-commit"],
  approvedRetentionDays: 365,
  incomingExpiryDays: 14,
};

const MONITORED: AiSupplyChainGcpProps = {
  ...PROPS,
  registries: [REGISTRY],
  monitoring: { emails: ["secops@example.com"], webhookUrl: "https://hooks.example.com/gcp?auth_token=t", gateRejectionsPerHour: 7, costAnomalyThresholdUsd: 100 },
};

function names(stack: Json, type: string, key: string): string[] {
  return Object.values(resourcesOf(stack, type)).map((r) => r[key] as string).sort();
}

describe("monitoring", () => {
  test("channels, audit-log metrics and alerts, and the gate's alerts, named by resourceName", () => {
    const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", MONITORED));
    expect(Object.values(resourcesOf(stack, "google_monitoring_notification_channel")).map((c) => [c["type"], c["display_name"]])).toEqual([
      ["email", expect.stringMatching(/^acme-ai-prod-alerts email [0-9a-f]{8}$/)],
      ["webhook_tokenauth", "acme-ai-prod-alerts webhook"],
    ]);
    expect(names(stack, "google_logging_metric", "name")).toEqual([
      "acme-ai-prod-audit-audit-config-changes-count",
      "acme-ai-prod-audit-bucket-config-changes-count",
      "acme-ai-prod-audit-bucket-iam-changes-count",
      "acme-ai-prod-audit-custom-role-changes-count",
      "acme-ai-prod-audit-kms-key-changes-count",
      "acme-ai-prod-audit-logging-sink-changes-count",
      "acme-ai-prod-audit-project-ownership-changes-count",
      "acme-ai-prod-gate-fraud-rejections-count",
    ]);
    expect(names(stack, "google_monitoring_alert_policy", "display_name")).toEqual([
      "acme-ai-prod-audit-audit-config-changes",
      "acme-ai-prod-audit-bucket-config-changes",
      "acme-ai-prod-audit-bucket-iam-changes",
      "acme-ai-prod-audit-custom-role-changes",
      "acme-ai-prod-audit-kms-key-changes",
      "acme-ai-prod-audit-logging-sink-changes",
      "acme-ai-prod-audit-project-ownership-changes",
      "acme-ai-prod-gate-fraud-errors",
      "acme-ai-prod-gate-fraud-latency",
      "acme-ai-prod-gate-fraud-rejections",
    ]);
  });

  test("every policy notifies both channels by their name attribute", () => {
    const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", MONITORED));
    const channelRefs = Object.keys(resourcesOf(stack, "google_monitoring_notification_channel")).map((id) => `\${google_monitoring_notification_channel.${id}.name}`);
    const policies = Object.values(resourcesOf(stack, "google_monitoring_alert_policy"));
    expect(policies).toHaveLength(10);
    expect(policies.map((p) => p["notification_channels"])).toEqual(policies.map(() => channelRefs));
  });

  test("the bucket alerts watch the log bucket and the registry bucket by reference", () => {
    const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", MONITORED));
    const buckets = Object.entries(resourcesOf(stack, "google_storage_bucket"));
    const ref = (pick: (name: string) => boolean): string => `resource.labels.bucket_name="\${google_storage_bucket.${buckets.find(([, b]) => pick(b["name"] as string))![0]}.name}"`;
    const logBucket = ref((n) => n === "acme-ai-prod-logs-acme-ai-prod");
    const registryBucket = ref((n) => /^acme-ai-prod-models-fraud-[0-9a-f]{6}$/.test(n));
    const filter = Object.values(resourcesOf(stack, "google_logging_metric")).find((m) => m["name"] === "acme-ai-prod-audit-bucket-iam-changes-count")!["filter"] as string;
    expect(filter.endsWith(`(${logBucket} OR ${registryBucket})`)).toBe(true);
  });

  test("the gate's alerts watch its Cloud Run service by the function's name and use the configured rejections per hour", () => {
    const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", MONITORED));
    const [fnId] = Object.keys(resourcesOf(stack, "google_cloudfunctions2_function"));
    const metric = Object.values(resourcesOf(stack, "google_logging_metric")).find((m) => m["name"] === "acme-ai-prod-gate-fraud-rejections-count")!;
    expect(metric["filter"]).toBe(`resource.type="cloud_run_revision" AND resource.labels.service_name="\${google_cloudfunctions2_function.${fnId}.name}" AND jsonPayload.accepted=false`);
    const policy = Object.values(resourcesOf(stack, "google_monitoring_alert_policy")).find((p) => p["display_name"] === "acme-ai-prod-gate-fraud-rejections")!;
    expect(((policy["conditions"] as Json[])[0]!["condition_threshold"] as Json)["threshold_value"]).toBe(7);
  });

  test("no recipients: the alerts are still created, with no channels (the log bucket's alerts included, no gate alerts without a registry)", () => {
    const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", PROPS));
    expect(resourcesOf(stack, "google_monitoring_notification_channel")).toEqual({});
    const policies = Object.values(resourcesOf(stack, "google_monitoring_alert_policy"));
    expect(policies).toHaveLength(7);
    expect(policies.map((p) => p["notification_channels"])).toEqual(policies.map(() => []));
  });

  test("with an evidence project and no registry the bucket alerts are left out: no bucket of this project to watch", () => {
    const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", { ...PROPS, evidence: { projectId: "acme-ai-evidence" } }));
    expect(names(stack, "google_logging_metric", "name")).toEqual([
      "acme-ai-prod-audit-audit-config-changes-count",
      "acme-ai-prod-audit-custom-role-changes-count",
      "acme-ai-prod-audit-kms-key-changes-count",
      "acme-ai-prod-audit-logging-sink-changes-count",
      "acme-ai-prod-audit-project-ownership-changes-count",
    ]);
  });

  test("Monitoring and Logging are enabled without a budget, and the new resources depend on them", () => {
    const stack = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", PROPS));
    const services = Object.entries(resourcesOf(stack, "google_project_service"));
    expect(services.map(([, s]) => s["service"])).toEqual(expect.arrayContaining(["monitoring.googleapis.com", "logging.googleapis.com"]));
    expect(services.map(([, s]) => s["service"])).not.toContain("billingbudgets.googleapis.com");
    const monitoringId = services.find(([, s]) => s["service"] === "monitoring.googleapis.com")![0];
    const loggingId = services.find(([, s]) => s["service"] === "logging.googleapis.com")![0];
    const policies = Object.values(resourcesOf(stack, "google_monitoring_alert_policy"));
    expect(policies.map((p) => p["depends_on"])).toEqual(policies.map(() => [`google_project_service.${monitoringId}`]));
    const metrics = Object.values(resourcesOf(stack, "google_logging_metric"));
    expect(metrics.map((m) => m["depends_on"])).toEqual(metrics.map(() => [`google_project_service.${loggingId}`]));
  });
});
