import { TerraformStack, Testing } from "cdktf";
import { ModelRegistrySpec } from "../../constructs/shared/model-registry-spec";
import { PROTECTION } from "../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../constructs/shared/retention-presets";
import { AiSupplyChainAzure, AiSupplyChainAzureProps } from "../../modules/ai-supply-chain-azure";
import { Json, onlyResource, resourcesOf } from "../helpers/synth";

/*
 * The module's detection wiring (issue 13), built directly: what `monitoring` creates per
 * environment, by name, and how the config's monitoring settings reach it.
 */

const PUB = "00000000-0000-4000-8000-0000000000b1";
const READER = "00000000-0000-4000-8000-0000000000c1";

function spec(name: string, monthlyUploadGb?: number): ModelRegistrySpec {
  return {
    name,
    publishers: [PUB],
    readers: [READER],
    lineageTags: ["dataset-digest", "source-commit", "eval-report"],
    approvedRetentionDays: 365,
    incomingExpiryDays: 14,
    ...(monthlyUploadGb === undefined ? {} : { monthlyUploadGb }),
  };
}

const BASE: AiSupplyChainAzureProps = {
  organization: "acme-ai",
  environment: "prod",
  keyRotationDays: 90,
  protection: PROTECTION.strict,
  logs: { retentionTier: RETENTION_TIER_PRESETS["audit-1y"], lockRetention: true },
  subscriptionId: "00000000-0000-4000-8000-000000000002",
  tenantId: "00000000-0000-4000-8000-000000000000",
  location: "westeurope",
  adminObjectIds: ["00000000-0000-4000-8000-0000000000a1"],
  allowedIpRanges: [],
  registries: [spec("fraud-scoring", 10), spec("llm-adapters")],
  monitoring: {
    emails: ["security-alerts@example.com", "ml-platform@example.com"],
    webhookUrl: "https://hooks.example.com/services/acme-ai/security",
    gateRejectionsPerHour: 5,
    costAnomalyThresholdUsd: 200,
  },
  tags: { owner: "ml-platform" },
};

function build(props: Partial<AiSupplyChainAzureProps> = {}): Json {
  const stack = new TerraformStack(Testing.app(), "azure-prod");
  new AiSupplyChainAzure(stack, "supply-chain", { ...BASE, ...props });
  return JSON.parse(Testing.synth(stack)) as Json;
}

/** `${type.id.attr}` of the one resource of `type` named `name`. */
function refTo(stack: Json, type: string, name: string, attr: string): string {
  const ids = Object.entries(resourcesOf(stack, type)).filter(([, r]) => r["name"] === name).map(([id]) => id);
  expect(ids).toHaveLength(1);
  return `\${${type}.${ids[0]!}.${attr}}`;
}

function registryAccountRef(stack: Json, registry: string): string {
  const ids = Object.keys(resourcesOf(stack, "azurerm_storage_account")).filter((id) => id.startsWith(`supply-chain_registry-${registry}_`));
  expect(ids).toHaveLength(1);
  return `\${azurerm_storage_account.${ids[0]!}.id}`;
}

describe("AiSupplyChainAzure monitoring", () => {
  const stack = build();

  test("one action group, global, emailing every address and posting to the webhook, tagged", () => {
    const group = onlyResource(stack, "azurerm_monitor_action_group");
    expect([group["name"], group["short_name"], group["location"]]).toEqual(["acme-ai-prod-security-alerts", "sec-prod", "global"]);
    expect(group["email_receiver"]).toEqual([
      { name: "email-1", email_address: "security-alerts@example.com", use_common_alert_schema: true },
      { name: "email-2", email_address: "ml-platform@example.com", use_common_alert_schema: true },
    ]);
    expect(group["webhook_receiver"]).toEqual([{ name: "webhook", service_uri: "https://hooks.example.com/services/acme-ai/security", use_common_alert_schema: true }]);
    expect(group["tags"]).toEqual({ owner: "ml-platform" });
    expect(group["resource_group_name"]).toMatch(/^\$\{azurerm_resource_group\./);
  });

  test("Defender for Storage on each registry account: malware scanning, cap twice the declared volume or 5,000 GB", () => {
    const defenders = Object.values(resourcesOf(stack, "azurerm_security_center_storage_defender"));
    expect(defenders.map((d) => [d["storage_account_id"], d["malware_scanning_on_upload_enabled"], d["override_subscription_settings_enabled"], d["malware_scanning_on_upload_cap_gb_per_month"]]).sort()).toEqual(
      [
        [registryAccountRef(stack, "fraud-scoring"), true, true, 20],
        [registryAccountRef(stack, "llm-adapters"), true, true, 5000],
      ].sort(),
    );
  });

  test("the subscription's Defender plans and security contact, by default", () => {
    const plans = Object.values(resourcesOf(stack, "azurerm_security_center_subscription_pricing"));
    expect(plans.map((p) => [p["resource_type"], p["tier"], p["subplan"]]).sort()).toEqual([
      ["KeyVaults", "Standard", "PerKeyVault"],
      ["StorageAccounts", "Standard", "DefenderForStorageV2"],
    ]);
    expect(onlyResource(stack, "azurerm_security_center_contact")["email"]).toBe("security-alerts@example.com;ml-platform@example.com");
  });

  test("threatDetection.defenderPlans false: no plans and no contact, the registries' Defender settings stay", () => {
    const off = build({ threatDetection: { defenderPlans: false } });
    expect(resourcesOf(off, "azurerm_security_center_subscription_pricing")).toEqual({});
    expect(resourcesOf(off, "azurerm_security_center_contact")).toEqual({});
    expect(Object.keys(resourcesOf(off, "azurerm_security_center_storage_defender"))).toHaveLength(2);
  });

  test("20 activity-log alerts to the action group, scoped to the subscription or the resource group", () => {
    const alerts = Object.values(resourcesOf(stack, "azurerm_monitor_activity_log_alert"));
    expect(alerts).toHaveLength(20);
    const group = refTo(stack, "azurerm_monitor_action_group", "acme-ai-prod-security-alerts", "id");
    expect(alerts.filter((a) => JSON.stringify(a["action"]) !== JSON.stringify([{ action_group_id: group }])).map((a) => a["name"])).toEqual([]);
    const byName = Object.fromEntries(alerts.map((a) => [a["name"], a]));
    expect(byName["acme-ai-prod-alert-key-vault-delete"]!["scopes"]).toEqual([expect.stringMatching(/^\$\{azurerm_resource_group\.[A-Za-z0-9_-]+\.id\}$/)]);
    expect(byName["acme-ai-prod-alert-defender-plan-write"]!["scopes"]).toEqual([expect.stringMatching(/^\$\{data\.azurerm_subscription\.[A-Za-z0-9_-]+\.id\}$/)]);
    expect(byName["acme-ai-prod-alert-security-alert"]!["criteria"]).toEqual({ category: "Security" });
  });

  test("each gate gets executions, failures and duration baselines and a rejection alert at monitoring.gateRejectionsPerHour", () => {
    expect(Object.values(resourcesOf(stack, "azurerm_monitor_metric_alert")).map((a) => a["name"]).sort()).toEqual([
      "acme-ai-prod-gate-fraud-scoring-duration",
      "acme-ai-prod-gate-fraud-scoring-executions",
      "acme-ai-prod-gate-fraud-scoring-failures",
      "acme-ai-prod-gate-llm-adapters-duration",
      "acme-ai-prod-gate-llm-adapters-executions",
      "acme-ai-prod-gate-llm-adapters-failures",
    ]);
    const rules = Object.values(resourcesOf(stack, "azurerm_monitor_scheduled_query_rules_alert_v2"));
    expect(rules.map((r) => [r["name"], (r["criteria"] as Json[])[0]!["threshold"]]).sort()).toEqual([
      ["acme-ai-prod-gate-fraud-scoring-rejections", 5],
      ["acme-ai-prod-gate-llm-adapters-rejections", 5],
    ]);
    const fraudApp = refTo(stack, "azurerm_function_app_flex_consumption", Object.values(resourcesOf(stack, "azurerm_function_app_flex_consumption")).map((a) => String(a["name"])).find((n) => n.includes("fraud-scoring"))!, "id");
    const executions = Object.values(resourcesOf(stack, "azurerm_monitor_metric_alert")).find((a) => a["name"] === "acme-ai-prod-gate-fraud-scoring-executions")!;
    expect(executions["scopes"]).toEqual([fraudApp]);
  });

  test("a cost anomaly alert on the subscription to every address", () => {
    const alert = onlyResource(stack, "azurerm_cost_anomaly_alert");
    expect(alert["name"]).toBe("acme-ai-prod-cost-anomaly");
    expect(alert["email_addresses"]).toEqual(["security-alerts@example.com", "ml-platform@example.com"]);
    expect(alert["subscription_id"]).toMatch(/^\$\{data\.azurerm_subscription\.[A-Za-z0-9_-]+\.id\}$/);
  });

  test("without emails: no cost anomaly alert (it needs a recipient), no security contact, an action group without receivers", () => {
    const quiet = build({ monitoring: { gateRejectionsPerHour: 5, costAnomalyThresholdUsd: 100 } });
    expect(resourcesOf(quiet, "azurerm_cost_anomaly_alert")).toEqual({});
    expect(resourcesOf(quiet, "azurerm_security_center_contact")).toEqual({});
    const group = onlyResource(quiet, "azurerm_monitor_action_group");
    expect(group["email_receiver"] ?? []).toEqual([]);
    expect(group["webhook_receiver"] ?? []).toEqual([]);
  });

  test("without registries: no Defender for Storage override and no gate alerts, the rest stays", () => {
    const bare = build({ registries: [] });
    expect(resourcesOf(bare, "azurerm_security_center_storage_defender")).toEqual({});
    expect(resourcesOf(bare, "azurerm_monitor_metric_alert")).toEqual({});
    expect(resourcesOf(bare, "azurerm_monitor_scheduled_query_rules_alert_v2")).toEqual({});
    expect(Object.keys(resourcesOf(bare, "azurerm_monitor_activity_log_alert"))).toHaveLength(20);
  });

  test("every monitoring resource that takes tags carries the module's tags", () => {
    const tagged = ["azurerm_monitor_action_group", "azurerm_monitor_activity_log_alert", "azurerm_monitor_metric_alert", "azurerm_monitor_scheduled_query_rules_alert_v2"];
    const untagged = tagged.flatMap((type) => Object.values(resourcesOf(stack, type)).filter((r) => JSON.stringify(r["tags"]) !== JSON.stringify({ owner: "ml-platform" })).map((r) => `${type} ${String(r["name"])}`));
    expect(untagged).toEqual([]);
    expect(tagged.map((type) => Object.keys(resourcesOf(stack, type)).length)).toEqual([1, 20, 6, 2]);
  });
});
