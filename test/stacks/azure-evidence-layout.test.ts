import { TerraformStack, Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { PROTECTION } from "../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../constructs/shared/retention-presets";
import { standardTags } from "../../constructs/shared/tags";
import { AiSupplyChainAzure } from "../../modules/ai-supply-chain-azure";
import { EvidenceAzure, EvidenceEnvironment, azureEvidenceLogStorage } from "../../modules/evidence-azure";
import { wireEvidenceAzure } from "../../stacks/evidence-azure";
import { validationErrorOf } from "../helpers/errors";
import { LiteralReference, literalReferences } from "../helpers/literal-references";
import { DEFAULT_STACKS, Json, ResourceMap, allResources, defaultConfig, resourcesOf, synthApp } from "../helpers/synth";

/*
 * Issue 6 #15 on Azure: with clouds.azure.evidence set, the logs keys and write-once log accounts
 * of every Azure environment live in evidence-azure, in the evidence subscription, and each
 * environment's diagnostic settings deliver into its account there. The default configuration
 * keeps the per-environment layout (test/stacks/blueprint.test.ts: snapshots unchanged).
 */
const EVIDENCE_SUBSCRIPTION = "00000000-0000-4000-8000-0000000000e1";
const ACCOUNT_ID_PREFIX = `/subscriptions/${EVIDENCE_SUBSCRIPTION}/resourceGroups/rg-acme-ai-evidence/providers/Microsoft.Storage/storageAccounts/`;
/** Names the evidence stack gives each environment's log account (hash of org, purpose, subscription). */
const ACCOUNT = { dev: "stacmeailogs4d97f4", prod: "stacmeailogsf5589e" } as const;
const ACTIVITY_LOG = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"].map((category) => ({ category }));

function withEvidence(): BlueprintConfig {
  const config = defaultConfig();
  const azure = config.clouds.azure!;
  // northeurope: the vault's location differs from the environments' westeurope.
  return { ...config, clouds: { ...config.clouds, azure: { ...azure, evidence: { subscriptionId: EVIDENCE_SUBSCRIPTION, location: "northeurope" } } } };
}

const stacks = new Map([...synthApp("azure-evidence-layout", withEvidence())].map(([name, json]) => [name, JSON.parse(json) as Json]));
const evidence = stacks.get("evidence-azure")!;

/** Resources of `type` by logical id with the random suffix cut: `evidence_env-prod_log-storage`. */
function byPath(json: Json, type: string): Record<string, Json> {
  const all: ResourceMap = resourcesOf(json, type);
  return Object.fromEntries(Object.entries(all).map(([id, body]) => [id.replace(/_[A-Z0-9]{8}$/, ""), body]));
}

/** `${type.<logical id>.attr}` with the suffix cut, for comparing references. */
function ref(value: unknown): string {
  return String(value).replace(/_[A-Z0-9]{8}(\.|\})/g, "$1");
}

test("#15 evidence-azure is added after state-backend-azure; every other stack keeps its name", () => {
  expect([...stacks.keys()]).toEqual([...DEFAULT_STACKS, "evidence-azure"].sort());
});

describe("evidence-azure", () => {
  test("#15 deploys into the evidence subscription with the tenant of the configuration", () => {
    const [provider] = (evidence["provider"] as Record<string, Json[]>)["azurerm"]!;
    expect(provider).toMatchObject({ subscription_id: EVIDENCE_SUBSCRIPTION, tenant_id: "00000000-0000-4000-8000-000000000000", storage_use_azuread: true });
  });

  test("#15 one premium vault in the evidence location, always strict: purge protection, 90-day soft delete, prevent_destroy, CanNotDelete", () => {
    const vaults = Object.values(resourcesOf(evidence, "azurerm_key_vault"));
    expect(vaults).toHaveLength(1);
    expect(vaults[0]).toMatchObject({
      name: "kv-acme-ai-evid-a2b77",
      location: "northeurope",
      sku_name: "premium",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      lifecycle: { prevent_destroy: true },
    });
    expect(byPath(evidence, "azurerm_resource_group")["evidence_resource-group"]).toMatchObject({ name: "rg-acme-ai-evidence", location: "northeurope" });
  });

  test("#15 a logs key per environment plus the stack's own, each prevent_destroy as its environment's protection", () => {
    const keys = Object.entries(byPath(evidence, "azurerm_key_vault_key")).map(([id, k]) => [id, k["name"], (k["lifecycle"] as Json)["prevent_destroy"], ref(k["key_vault_id"])]);
    expect(keys).toEqual([
      ["evidence_env-dev_logs-key", "logs-dev", false, "${azurerm_key_vault.evidence_key-vault.id}"],
      ["evidence_env-prod_logs-key", "logs-prod", true, "${azurerm_key_vault.evidence_key-vault.id}"],
      ["evidence_logs-key", "logs", true, "${azurerm_key_vault.evidence_key-vault.id}"],
    ]);
  });

  test("#15 each environment's log account sits in the environment's location, encrypted with that environment's key only", () => {
    const accounts = byPath(evidence, "azurerm_storage_account");
    expect(Object.entries(accounts).map(([id, a]) => [id, a["name"], a["location"], ref(a["resource_group_name"]), ref((a["customer_managed_key"] as Json)["key_vault_key_id"])])).toEqual([
      ["evidence_env-dev_log-storage", ACCOUNT.dev, "westeurope", "${azurerm_resource_group.evidence_resource-group.name}", "${azurerm_key_vault_key.evidence_env-dev_logs-key.versionless_id}"],
      ["evidence_env-prod_log-storage", ACCOUNT.prod, "westeurope", "${azurerm_resource_group.evidence_resource-group.name}", "${azurerm_key_vault_key.evidence_env-prod_logs-key.versionless_id}"],
      ["evidence_log-storage", "stacmeailogsb13735", "northeurope", "${azurerm_resource_group.evidence_resource-group.name}", "${azurerm_key_vault_key.evidence_logs-key.versionless_id}"],
    ]);
    for (const account of Object.values(accounts)) {
      expect(account).toMatchObject({ shared_access_key_enabled: false, public_network_access_enabled: true, network_rules: { default_action: "Deny", bypass: ["AzureServices"], ip_rules: ["203.0.113.0/24"] } });
    }
    const keyRoles = Object.values(resourcesOf(evidence, "azurerm_role_assignment")).filter((a) => a["role_definition_name"] !== undefined);
    expect(keyRoles.map((a) => [a["role_definition_name"], ref(a["scope"]), ref(a["principal_id"])])).toEqual([
      ["Key Vault Crypto Service Encryption User", "${azurerm_key_vault_key.evidence_env-dev_logs-key.resource_versionless_id}", "${azurerm_user_assigned_identity.evidence_env-dev_log-storage_Identity.principal_id}"],
      ["Key Vault Crypto Service Encryption User", "${azurerm_key_vault_key.evidence_env-prod_logs-key.resource_versionless_id}", "${azurerm_user_assigned_identity.evidence_env-prod_log-storage_Identity.principal_id}"],
      ["Key Vault Crypto Service Encryption User", "${azurerm_key_vault_key.evidence_logs-key.resource_versionless_id}", "${azurerm_user_assigned_identity.evidence_log-storage_Identity.principal_id}"],
    ]);
  });

  test("#15 immutability follows each environment's tier and lock; the stack's own logs are compliance-7y, locked", () => {
    const policies = Object.entries(byPath(evidence, "azurerm_storage_container_immutability_policy")).map(([id, p]) => [
      id.replace(/_Immutability-.*$/, ""),
      p["immutability_period_in_days"],
      p["locked"],
      p["protected_append_writes_enabled"],
    ]);
    // Each environment's account has a sixth container, insights-logs-storagewrite, for its model
    // registries' blob writes; the stack's own account serves no registry and keeps five.
    expect(policies).toEqual([
      ...Array.from({ length: 6 }, () => ["evidence_env-dev_log-storage", 90, false, true]),
      ...Array.from({ length: 6 }, () => ["evidence_env-prod_log-storage", 2557, true, true]),
      ...Array.from({ length: 5 }, () => ["evidence_log-storage", 2557, true, true]),
    ]);
    const containers = (prefix: string) => Object.entries(byPath(evidence, "azurerm_storage_container")).filter(([id]) => id.startsWith(prefix)).map(([, c]) => c["name"]);
    const environmentContainers = ["audit-logs", "insights-activity-logs", "insights-logs-auditevent", "insights-logs-storagedelete", "insights-logs-storageread", "insights-logs-storagewrite"];
    expect(containers("evidence_env-dev_")).toEqual(environmentContainers);
    expect(containers("evidence_env-prod_")).toEqual(environmentContainers);
    expect(containers("evidence_log-storage_")).toEqual(["audit-logs", "insights-activity-logs", "insights-logs-auditevent", "insights-logs-storagedelete", "insights-logs-storageread"]);
  });

  test("#15 CanNotDelete locks on the vault, the stack's own log account and strict environments' accounts only", () => {
    const locks = Object.values(resourcesOf(evidence, "azurerm_management_lock")).map((l) => [ref(l["scope"]), l["lock_level"]]);
    expect(locks.sort()).toEqual([
      ["${azurerm_key_vault.evidence_key-vault.id}", "CanNotDelete"],
      ["${azurerm_storage_account.evidence_env-prod_log-storage.id}", "CanNotDelete"],
      ["${azurerm_storage_account.evidence_log-storage.id}", "CanNotDelete"],
    ]);
  });

  test("#15 the vault's audit events and the evidence subscription's Activity Log go to the stack's own account; each account records its own reads and deletes", () => {
    const settings = Object.entries(byPath(evidence, "azurerm_monitor_diagnostic_setting")).map(([id, d]) => [id, d["name"], ref(d["target_resource_id"]), ref(d["storage_account_id"]), d["enabled_log"]]);
    const reads = [{ category: "StorageRead" }, { category: "StorageDelete" }];
    expect(settings).toEqual([
      ["evidence_audit-trail_activity-log", "audit-to-immutable-storage-acme-ai-evidence", "${data.azurerm_subscription.evidence_subscription.id}", "${azurerm_storage_account.evidence_log-storage.id}", ACTIVITY_LOG],
      ["evidence_audit-trail_key-vault", "audit-to-immutable-storage", "${azurerm_key_vault.evidence_key-vault.id}", "${azurerm_storage_account.evidence_log-storage.id}", [{ category: "AuditEvent" }]],
      ["evidence_audit-trail_log-storage-blobs", "audit-to-immutable-storage", "${azurerm_storage_account.evidence_log-storage.id}/blobServices/default", "${azurerm_storage_account.evidence_log-storage.id}", reads],
      ["evidence_env-dev_audit-trail_log-storage-blobs", "audit-to-immutable-storage", "${azurerm_storage_account.evidence_env-dev_log-storage.id}/blobServices/default", "${azurerm_storage_account.evidence_env-dev_log-storage.id}", reads],
      ["evidence_env-prod_audit-trail_log-storage-blobs", "audit-to-immutable-storage", "${azurerm_storage_account.evidence_env-prod_log-storage.id}/blobServices/default", "${azurerm_storage_account.evidence_env-prod_log-storage.id}", reads],
    ]);
  });

  test("#15 #1 no attribute holds, as a literal, the name of another resource of the stack", () => {
    expect(literalReferences(evidence).map((r) => r.describe())).toEqual([]);
  });

  test("#15 every tagged resource carries the five tags with environment evidence; each environment's key and account name their environment", () => {
    const tagged = allResources(evidence).filter(([, , body]) => body["tags"] !== undefined);
    expect([...new Set(tagged.map(([type]) => type))].sort()).toEqual([
      "azurerm_key_vault",
      "azurerm_key_vault_key",
      "azurerm_resource_group",
      "azurerm_storage_account",
      "azurerm_user_assigned_identity",
    ]);
    for (const [, , body] of tagged) {
      expect(body["tags"]).toMatchObject({ owner: "ml-platform", "cost-center": "CC-4021", environment: "evidence", "data-classification": "confidential", "managed-by": "ai-supply-chain-blueprint" });
    }
    const of = (type: string) => Object.entries(byPath(evidence, type)).map(([id, b]) => [id, (b["tags"] as Json)["evidence-of"]]);
    expect(of("azurerm_storage_account")).toEqual([
      ["evidence_env-dev_log-storage", "dev"],
      ["evidence_env-prod_log-storage", "prod"],
      ["evidence_log-storage", undefined],
    ]);
    expect(of("azurerm_key_vault_key")).toEqual([
      ["evidence_env-dev_logs-key", "dev"],
      ["evidence_env-prod_logs-key", "prod"],
      ["evidence_logs-key", undefined],
    ]);
  });
});

describe.each(["dev", "prod"] as const)("azure-%s with an evidence subscription", (env) => {
  const s = stacks.get(`azure-${env}`)!;

  // The model registries stay in the environment's subscription (issue 9): their accounts,
  // containers, approved/ immutability policies and identities are the only storage resources left.
  const purposeOf = (type: string) => Object.entries(byPath(s, type)).map(([id, body]) => [id, ((body["tags"] ?? {}) as Json)["purpose"]]);

  test("#15 has no logs key, no log account, no log container and no log-storage identity of its own: only the model registries' and the promotion gates' storage", () => {
    expect(Object.values(resourcesOf(s, "azurerm_key_vault_key")).map((k) => [k["name"], (k["tags"] as Json)["purpose"]])).toEqual([
      // The promotion gates sign their decision records with the attestation key.
      ["gate-attestation", "signing"],
      ["functions", "functions"],
      ["registry", "registry"],
      ["signing", "signing"],
    ]);
    // Each gate's function app runs on its own host storage account (purpose functions).
    expect(purposeOf("azurerm_storage_account")).toEqual([
      ["supply-chain_gates_fraud-scoring_HostStorage", "functions"],
      ["supply-chain_gates_llm-adapters_HostStorage", "functions"],
      ["supply-chain_registry-fraud-scoring", "models"],
      ["supply-chain_registry-llm-adapters", "models"],
    ]);
    expect(Object.entries(byPath(s, "azurerm_storage_container")).map(([id, c]) => [id, c["name"], ref(c["storage_account_id"])])).toEqual([
      ["supply-chain_gates_fraud-scoring_DeploymentContainer", "deployments", "${azurerm_storage_account.supply-chain_gates_fraud-scoring_HostStorage.id}"],
      ["supply-chain_gates_llm-adapters_DeploymentContainer", "deployments", "${azurerm_storage_account.supply-chain_gates_llm-adapters_HostStorage.id}"],
      ["supply-chain_registry-fraud-scoring_Approved", "approved", "${azurerm_storage_account.supply-chain_registry-fraud-scoring.id}"],
      ["supply-chain_registry-fraud-scoring_Incoming", "incoming", "${azurerm_storage_account.supply-chain_registry-fraud-scoring.id}"],
      ["supply-chain_registry-llm-adapters_Approved", "approved", "${azurerm_storage_account.supply-chain_registry-llm-adapters.id}"],
      ["supply-chain_registry-llm-adapters_Incoming", "incoming", "${azurerm_storage_account.supply-chain_registry-llm-adapters.id}"],
    ]);
    expect(Object.values(resourcesOf(s, "azurerm_storage_container_immutability_policy")).map((p) => ref(p["storage_container_resource_manager_id"]))).toEqual([
      "${azurerm_storage_container.supply-chain_registry-fraud-scoring_Approved.id}",
      "${azurerm_storage_container.supply-chain_registry-llm-adapters_Approved.id}",
    ]);
    // The container registry's and the gates' function identities carry no purpose tag; the gates'
    // host storage identities are tagged functions; no identity is a log account's.
    expect(purposeOf("azurerm_user_assigned_identity")).toEqual([
      ["supply-chain_gates_fraud-scoring_HostStorage_Identity", "functions"],
      ["supply-chain_gates_fraud-scoring_Identity", undefined],
      ["supply-chain_gates_llm-adapters_HostStorage_Identity", "functions"],
      ["supply-chain_gates_llm-adapters_Identity", undefined],
      ["supply-chain_image-registry_Identity", undefined],
      ["supply-chain_registry-fraud-scoring_Identity", "models"],
      ["supply-chain_registry-llm-adapters_Identity", "models"],
    ]);
  });

  test("#15 the model registries' accounts stay in the environment's resource group, encrypted with its registry key; the gates' host storage with its functions key", () => {
    expect(Object.entries(byPath(s, "azurerm_storage_account")).map(([id, a]) => [id, ref(a["resource_group_name"]), ref((a["customer_managed_key"] as Json)["key_vault_key_id"])])).toEqual([
      ["supply-chain_gates_fraud-scoring_HostStorage", "${data.azurerm_resource_group.supply-chain_resource-group.name}", "${azurerm_key_vault_key.supply-chain_keys_functions.versionless_id}"],
      ["supply-chain_gates_llm-adapters_HostStorage", "${data.azurerm_resource_group.supply-chain_resource-group.name}", "${azurerm_key_vault_key.supply-chain_keys_functions.versionless_id}"],
      ["supply-chain_registry-fraud-scoring", "${data.azurerm_resource_group.supply-chain_resource-group.name}", "${azurerm_key_vault_key.supply-chain_keys_registry.versionless_id}"],
      ["supply-chain_registry-llm-adapters", "${data.azurerm_resource_group.supply-chain_resource-group.name}", "${azurerm_key_vault_key.supply-chain_keys_registry.versionless_id}"],
    ]);
  });

  test("#15 the Activity Log, the vault's audit events and the model registries' and gates' host storage blob reads, writes and deletes go to the environment's account in the evidence subscription, by its ARM id", () => {
    const settings = Object.entries(byPath(s, "azurerm_monitor_diagnostic_setting")).map(([id, d]) => [id, d["name"], ref(d["target_resource_id"]), d["storage_account_id"], d["enabled_log"]]);
    const registryBlobs = [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }];
    expect(settings).toEqual([
      ["supply-chain_audit-trail_activity-log", `audit-to-immutable-storage-acme-ai-${env}`, "${data.azurerm_subscription.supply-chain_subscription.id}", `${ACCOUNT_ID_PREFIX}${ACCOUNT[env]}`, ACTIVITY_LOG],
      ["supply-chain_audit-trail_key-vault", "audit-to-immutable-storage", "${azurerm_key_vault.supply-chain_key-vault.id}", `${ACCOUNT_ID_PREFIX}${ACCOUNT[env]}`, [{ category: "AuditEvent" }]],
      ["supply-chain_gates_fraud-scoring_HostStorageAuditLogs", "audit-to-immutable-storage", "${azurerm_storage_account.supply-chain_gates_fraud-scoring_HostStorage.id}/blobServices/default", `${ACCOUNT_ID_PREFIX}${ACCOUNT[env]}`, registryBlobs],
      ["supply-chain_gates_llm-adapters_HostStorageAuditLogs", "audit-to-immutable-storage", "${azurerm_storage_account.supply-chain_gates_llm-adapters_HostStorage.id}/blobServices/default", `${ACCOUNT_ID_PREFIX}${ACCOUNT[env]}`, registryBlobs],
      ["supply-chain_registry-fraud-scoring_AuditLogs", "audit-to-immutable-storage", "${azurerm_storage_account.supply-chain_registry-fraud-scoring.id}/blobServices/default", `${ACCOUNT_ID_PREFIX}${ACCOUNT[env]}`, registryBlobs],
      ["supply-chain_registry-llm-adapters_AuditLogs", "audit-to-immutable-storage", "${azurerm_storage_account.supply-chain_registry-llm-adapters.id}/blobServices/default", `${ACCOUNT_ID_PREFIX}${ACCOUNT[env]}`, registryBlobs],
    ]);
  });

  test("#15 the ARM id names the account evidence-azure creates for this environment, in the resource group it creates", () => {
    const account = byPath(evidence, "azurerm_storage_account")[`evidence_env-${env}_log-storage`]!;
    const group = byPath(evidence, "azurerm_resource_group")["evidence_resource-group"]!;
    const targets = new Set(Object.values(resourcesOf(s, "azurerm_monitor_diagnostic_setting")).map((d) => d["storage_account_id"]));
    expect([...targets]).toEqual([`/subscriptions/${EVIDENCE_SUBSCRIPTION}/resourceGroups/${String(group["name"])}/providers/Microsoft.Storage/storageAccounts/${String(account["name"])}`]);
    expect(ref(account["resource_group_name"])).toBe("${azurerm_resource_group.evidence_resource-group.name}");
  });

  test("#15 the logs-key output names the environment's key in the evidence vault", () => {
    expect((s["output"] as Record<string, Json>)["logs-key"]).toEqual({ description: "Customer-managed key for logs", value: `https://kv-acme-ai-evid-a2b77.vault.azure.net/keys/logs-${env}` });
  });

  test(`#15 ${env === "prod" ? "strict: the vault, the container registry and the model registries' accounts keep their CanNotDelete locks; no log account's" : "standard: no management lock"}`, () => {
    const locks = Object.values(resourcesOf(s, "azurerm_management_lock")).map((l) => [ref(l["scope"]), l["lock_level"]]);
    expect(locks.sort()).toEqual(
      env === "prod"
        ? [
            ["${azurerm_container_registry.supply-chain_image-registry.id}", "CanNotDelete"],
            ["${azurerm_key_vault.supply-chain_key-vault.id}", "CanNotDelete"],
            ["${azurerm_storage_account.supply-chain_registry-fraud-scoring.id}", "CanNotDelete"],
            ["${azurerm_storage_account.supply-chain_registry-llm-adapters.id}", "CanNotDelete"],
          ]
        : [],
    );
  });

  test("#15 #1 no attribute holds, as a literal, the name of another resource of the stack", () => {
    // One coincidence per gate, not a reference: an Event Grid subscription names its function as
    // `<function app id>/functions/<name>` (azurerm eventgrid_system_topic_event_subscription,
    // azure_function_endpoint.function_id), and that ARM path segment equals the name of the
    // environment's `functions` key. The app itself is given by reference.
    const functionPath = /^\$\{azurerm_function_app_flex_consumption\.[^.}]+\.id\}\/functions\/promotion-gate$/;
    const subscriptions = resourcesOf(s, "azurerm_eventgrid_system_topic_event_subscription");
    const coincidence = (r: LiteralReference): boolean =>
      r.consumer.type === "azurerm_eventgrid_system_topic_event_subscription" &&
      r.consumer.path === "azure_function_endpoint.function_id" &&
      r.producer.type === "azurerm_key_vault_key" &&
      r.value === "functions" &&
      functionPath.test(String((subscriptions[r.consumer.id]?.["azure_function_endpoint"] as Json | undefined)?.["function_id"]));
    const found = literalReferences(s);
    expect(found.filter(coincidence).map((r) => r.consumer.id.replace(/_[A-Z0-9]{8}$/, ""))).toEqual([
      "supply-chain_gates_fraud-scoring-trigger_Subscription",
      "supply-chain_gates_llm-adapters-trigger_Subscription",
    ]);
    expect(found.filter((r) => !coincidence(r)).map((r) => r.describe())).toEqual([]);
  });
});

test("#15 evidence.adminObjectIds, when set, are the evidence vault's key managers instead of the environments' admins", () => {
  const config = withEvidence();
  const azure = config.clouds.azure!;
  const separate = { ...config, clouds: { ...config.clouds, azure: { ...azure, evidence: { ...azure.evidence!, adminObjectIds: ["00000000-0000-4000-8000-0000000000b2"] } } } };
  const out = synthApp("azure-evidence-admins", separate);
  const admins = (json: Json): unknown[] => Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((a) => a["for_each"] !== undefined).map((a) => ref(a["for_each"]));
  expect(admins(JSON.parse(out.get("evidence-azure")!) as Json)).toEqual([
    '${toset(setsubtract(toset(["00000000-0000-4000-8000-0000000000b2"]), [data.azurerm_client_config.evidence_deployer.object_id]))}',
  ]);
  expect(admins(JSON.parse(out.get("azure-prod")!) as Json)).toEqual([
    // The environment's vault subtracts its deployer, in a CI environment the CI deploy identity.
    '${toset(setsubtract(toset(["00000000-0000-4000-8000-0000000000a1"]), [data.azurerm_user_assigned_identity.ci-deployer.principal_id]))}',
  ]);
  // Without the field the evidence vault's key managers are clouds.azure.adminObjectIds.
  expect(admins(evidence)).toEqual(['${toset(setsubtract(toset(["00000000-0000-4000-8000-0000000000a1"]), [data.azurerm_client_config.evidence_deployer.object_id]))}']);
});

describe("EvidenceAzure props", () => {
  const env = (environment: string): EvidenceEnvironment => ({
    environment,
    location: "westeurope",
    keyRotationDays: 90,
    protection: PROTECTION.strict,
    logs: { retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], lockRetention: true },
  });
  const build = (environments: readonly EvidenceEnvironment[]) => () =>
    new EvidenceAzure(new TerraformStack(Testing.app(), "test"), "evidence", {
      organization: "acme-ai",
      subscriptionId: EVIDENCE_SUBSCRIPTION,
      tenantId: "00000000-0000-4000-8000-000000000000",
      location: "westeurope",
      adminObjectIds: ["00000000-0000-4000-8000-0000000000a1"],
      allowedIpRanges: [],
      environments,
      tags: {},
    });

  test.each([
    ["AZURE_EVIDENCE_NO_ENVIRONMENT", [], '"[]"'],
    ["AZURE_EVIDENCE_ENVIRONMENT_REPEATED", [env("prod"), env("prod")], '"prod, prod"'],
  ])("#15 %s", (code, environments, value) => {
    expect(validationErrorOf(build(environments)).problems).toEqual([{ code, constructPath: "test/evidence", prop: "environments", value, accepted: expect.any(String) }]);
  });
});

describe("Azure module and stack refusals are validation errors (exit 2), with a code", () => {
  test("AZURE_BUDGET_START_MONTH_MISSING: an Azure budget without a start month", () => {
    const build = () =>
      new AiSupplyChainAzure(new TerraformStack(Testing.app(), "azure-prod"), "supply-chain", {
        organization: "acme-ai",
        environment: "prod",
        keyRotationDays: 90,
        protection: PROTECTION.strict,
        logs: { retentionTier: RETENTION_TIER_PRESETS["audit-1y"], lockRetention: true },
        budget: { monthlyLimitUsd: 1500, recipients: ["finops@example.com"] },
        monitoring: { gateRejectionsPerHour: 5, costAnomalyThresholdUsd: 100 },
        subscriptionId: "00000000-0000-4000-8000-000000000001",
        tenantId: "00000000-0000-4000-8000-000000000000",
        location: "westeurope",
        adminObjectIds: ["00000000-0000-4000-8000-0000000000a1"],
        allowedIpRanges: [],
        tags: {},
      });
    expect(validationErrorOf(build).problems).toEqual([
      {
        code: "AZURE_BUDGET_START_MONTH_MISSING",
        constructPath: "azure-prod/supply-chain/budget",
        prop: "budget.startMonth",
        value: "undefined",
        accepted: "a month YYYY-MM (environments.<env>.budget.startMonth): Azure budgets need a start month",
      },
    ]);
  });

  test("AZURE_EVIDENCE_NOT_CONFIGURED: the evidence-azure wiring without clouds.azure.evidence", () => {
    const config = defaultConfig();
    const stack = new TerraformStack(Testing.app(), "evidence-azure");
    const tags = standardTags({ owner: "ml-platform", costCenter: "cc-1234", environment: "evidence", dataClassification: "confidential" });
    const wire = () => wireEvidenceAzure(stack, { config, tags, backend: { stackName: "evidence-azure", outdir: "out", organization: "acme-ai" } });
    expect(validationErrorOf(wire).problems.map((p) => [p.code, p.constructPath, p.prop])).toEqual([["AZURE_EVIDENCE_NOT_CONFIGURED", "evidence-azure", "clouds.azure.evidence"]]);
  });
});

describe("an environment with clouds.azure.evidence checks its diagnostic settings against the evidence account's containers", () => {
  test("the imported account holds audit-logs, the vault's, its own and the model registries' blob categories' containers and insights-activity-logs", () => {
    expect(azureEvidenceLogStorage("acme-ai", "prod", EVIDENCE_SUBSCRIPTION).containerNames).toEqual([
      "audit-logs",
      "insights-logs-auditevent",
      "insights-logs-storageread",
      "insights-logs-storagedelete",
      "insights-logs-storagewrite",
      "insights-activity-logs",
    ]);
  });
});
