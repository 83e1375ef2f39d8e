import { Json, allResources, defaultConfig, resourcesOf, synthApp } from "../helpers/synth";

/*
 * Issue 6 on Azure, over the default configuration's stacks: keys that survive rotation (#2,
 * #17), grants that are waited for (#8), and evidence that one administrator cannot erase (#14).
 */
const stacks = new Map([...synthApp("azure-evidence")].map(([name, json]) => [name, JSON.parse(json) as Json]));
const stack = (name: string): Json => stacks.get(name)!;
const AZURE_STACKS = ["azure-dev", "azure-prod", "state-backend-azure"] as const;
const ACTIVITY_LOG = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"].map((category) => ({ category }));

/** `${type.<logical id>.attr}` with the random suffix cut, for comparing references. */
const ref = (value: unknown): string => String(value).replace(/_[A-Z0-9]{8}(\.|\})/g, "$1");

/*
 * Role assignments to configured principals (not a storage identity), per stack: [role, scope].
 * Each environment's model registries (issue 9) add the container registry's AcrPull/AcrPush,
 * Storage Blob Data Reader on each approved container, the custom writer role on each incoming
 * container and the custom signer role on the signing key; none of them is a built-in key role.
 */
/** The CI publisher identities (release automation): the same writer and signer roles, once per model repository. */
const CI_PUBLISHERS_PEOPLE: Array<[string, string]> = [
  ["${azurerm_role_definition.supply-chain_registry-fraud-scoring_WriterRole.role_definition_resource_id}", "${azurerm_storage_container.supply-chain_registry-fraud-scoring_Incoming.id}"],
  ["${azurerm_role_definition.supply-chain_registry-llm-adapters_WriterRole.role_definition_resource_id}", "${azurerm_storage_container.supply-chain_registry-llm-adapters_Incoming.id}"],
  ["${azurerm_role_definition.supply-chain_signing-key_SignerRole.role_definition_resource_id}", "${azurerm_key_vault_key.supply-chain_signing-key_Key.resource_versionless_id}"],
  ["${azurerm_role_definition.supply-chain_signing-key_SignerRole.role_definition_resource_id}", "${azurerm_key_vault_key.supply-chain_signing-key_Key.resource_versionless_id}"],
];
const ENVIRONMENT_PEOPLE: Array<[string, string]> = [
  // The registries' readers verify the promotion gate's decision records with the attestation key.
  ["${azurerm_role_definition.supply-chain_gate-attestation-key_VerifierRole.role_definition_resource_id}", "${azurerm_key_vault_key.supply-chain_gate-attestation-key_Key.resource_versionless_id}"],
  ["${azurerm_role_definition.supply-chain_gate-attestation-key_VerifierRole.role_definition_resource_id}", "${azurerm_key_vault_key.supply-chain_gate-attestation-key_Key.resource_versionless_id}"],
  ["${azurerm_role_definition.supply-chain_key-vault_KeyManagerRole.role_definition_resource_id}", "${azurerm_key_vault.supply-chain_key-vault.id}"],
  ["${azurerm_role_definition.supply-chain_key-vault_KeyManagerRole.role_definition_resource_id}", "${azurerm_key_vault.supply-chain_key-vault.id}"],
  ["${azurerm_role_definition.supply-chain_registry-fraud-scoring_WriterRole.role_definition_resource_id}", "${azurerm_storage_container.supply-chain_registry-fraud-scoring_Incoming.id}"],
  ["${azurerm_role_definition.supply-chain_registry-llm-adapters_WriterRole.role_definition_resource_id}", "${azurerm_storage_container.supply-chain_registry-llm-adapters_Incoming.id}"],
  ["${azurerm_role_definition.supply-chain_signing-key_SignerRole.role_definition_resource_id}", "${azurerm_key_vault_key.supply-chain_signing-key_Key.resource_versionless_id}"],
  ["${azurerm_role_definition.supply-chain_signing-key_SignerRole.role_definition_resource_id}", "${azurerm_key_vault_key.supply-chain_signing-key_Key.resource_versionless_id}"],
  ["AcrPull", "${azurerm_container_registry.supply-chain_image-registry.id}"],
  ["AcrPull", "${azurerm_container_registry.supply-chain_image-registry.id}"],
  ["AcrPush", "${azurerm_container_registry.supply-chain_image-registry.id}"],
  ["AcrPush", "${azurerm_container_registry.supply-chain_image-registry.id}"],
  ["Storage Blob Data Reader", "${azurerm_storage_container.supply-chain_registry-fraud-scoring_Approved.id}"],
  ["Storage Blob Data Reader", "${azurerm_storage_container.supply-chain_registry-llm-adapters_Approved.id}"],
];
/*
 * Role assignments to the identities the promotion gate creates (a function's user-assigned
 * identity, an Event Grid system topic's identity), per environment: [role, scope, principal].
 * Each gate signs with the attestation key, writes and reads decision records in the log
 * container (custom role), reads its registry's incoming/ and copies into approved/ (custom
 * roles), runs on its own host storage account (Storage Blob Data Owner, identity-based
 * AzureWebJobsStorage) and publishes telemetry into its own Application Insights; each trigger's
 * topic dead-letters into the log container. None is a built-in key role.
 */
const gateAssignments = (gate: string): Array<[string, string, string]> => {
  const identity = `\${azurerm_user_assigned_identity.supply-chain_gates_${gate}_Identity.principal_id}`;
  return [
    ["${azurerm_role_definition.supply-chain_gate-attestation-key_SignerRole.role_definition_resource_id}", "${azurerm_key_vault_key.supply-chain_gate-attestation-key_Key.resource_versionless_id}", identity],
    ["${azurerm_role_definition.supply-chain_gates_records-role.role_definition_resource_id}", "${azurerm_storage_container.supply-chain_log-storage_Container-audit-logs.id}", identity],
    [`\${azurerm_role_definition.supply-chain_registry-${gate}_GateApprovedRole.role_definition_resource_id}`, `\${azurerm_storage_container.supply-chain_registry-${gate}_Approved.id}`, identity],
    [`\${azurerm_role_definition.supply-chain_registry-${gate}_GateIncomingRole.role_definition_resource_id}`, `\${azurerm_storage_container.supply-chain_registry-${gate}_Incoming.id}`, identity],
    ["Monitoring Metrics Publisher", `\${azurerm_application_insights.supply-chain_gates_${gate}_Insights.id}`, identity],
    ["Storage Blob Data Contributor", "${azurerm_storage_container.supply-chain_log-storage_Container-audit-logs.id}", `\${azurerm_eventgrid_system_topic.supply-chain_gates_${gate}-trigger_Topic.identity[0].principal_id}`],
    ["Storage Blob Data Owner", `\${azurerm_storage_account.supply-chain_gates_${gate}_HostStorage.id}`, identity],
  ];
};
const ENVIRONMENT_GATES = [...gateAssignments("fraud-scoring"), ...gateAssignments("llm-adapters")].sort();
const GATES: Record<(typeof AZURE_STACKS)[number], Array<[string, string, string]>> = {
  "azure-dev": ENVIRONMENT_GATES,
  "azure-prod": ENVIRONMENT_GATES,
  "state-backend-azure": [],
};
const PEOPLE: Record<(typeof AZURE_STACKS)[number], Array<[string, string]>> = {
  "azure-dev": [...ENVIRONMENT_PEOPLE, ...CI_PUBLISHERS_PEOPLE].sort(),
  "azure-prod": [...ENVIRONMENT_PEOPLE, ...CI_PUBLISHERS_PEOPLE].sort(),
  "state-backend-azure": [
    ["${azurerm_role_definition.state_key-vault_KeyManagerRole.role_definition_resource_id}", "${azurerm_key_vault.state_key-vault.id}"],
    ["${azurerm_role_definition.state_key-vault_KeyManagerRole.role_definition_resource_id}", "${azurerm_key_vault.state_key-vault.id}"],
    ["Storage Blob Data Contributor", "${azurerm_storage_account.state_bucket.id}"],
  ],
};

const byId = (json: Json, type: string, prefix: string): Json => {
  const found = Object.entries(resourcesOf(json, type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return found[0]![1];
};

describe.each(AZURE_STACKS)("%s", (name) => {
  const s = stack(name);

  test("#2 #17 every key's first version expires through a time_offset and rotation's expiry is ignored", () => {
    const keys = Object.values(resourcesOf(s, "azurerm_key_vault_key"));
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) {
      expect(key["expiration_date"]).toMatch(/^\$\{time_offset\.[\w-]+\.rfc3339\}$/);
      expect((key["lifecycle"] as Json)["ignore_changes"]).toEqual(["expiration_date"]);
    }
    expect(Object.values(resourcesOf(s, "time_offset")).map((o) => o["offset_days"])).toEqual(keys.map(() => 180));
  });

  test("#8 every storage account waits 120 s for its identity's key grant, every key for the deployer's grant", () => {
    const sleeps = resourcesOf(s, "time_sleep");
    const accounts = Object.values(resourcesOf(s, "azurerm_storage_account"));
    expect(accounts.length).toBeGreaterThanOrEqual(1);
    for (const holder of [...accounts, ...Object.values(resourcesOf(s, "azurerm_key_vault_key"))]) {
      const [dependency] = holder["depends_on"] as string[];
      expect(holder["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\./)]);
      expect(sleeps[dependency!.slice("time_sleep.".length)]).toMatchObject({ create_duration: "120s" });
    }
  });

  test("#14 each storage identity's key role is scoped to one key; no built-in role that uses keys goes to people", () => {
    const assignments = Object.values(resourcesOf(s, "azurerm_role_assignment"));
    const service = assignments.filter((a) => a["role_definition_name"] === "Key Vault Crypto Service Encryption User");
    expect(service.length).toBeGreaterThanOrEqual(1);
    for (const a of service) {
      expect(a["scope"]).toMatch(/^\$\{azurerm_key_vault_key\.[\w-]+\.resource_versionless_id\}$/);
      expect(a["principal_id"]).toMatch(/^\$\{azurerm_user_assigned_identity\./);
    }
    const builtIn = assignments.map((a) => a["role_definition_name"]).filter((r) => r !== undefined);
    expect([...new Set(builtIn)].sort()).toEqual(
      name === "state-backend-azure"
        ? ["Key Vault Crypto Service Encryption User", "Storage Blob Data Contributor"]
        : ["AcrPull", "AcrPush", "Key Vault Crypto Service Encryption User", "Monitoring Metrics Publisher", "Storage Blob Data Contributor", "Storage Blob Data Owner", "Storage Blob Data Reader"],
    );
    const gateIdentity = (a: Json): boolean => /^\$\{azurerm_(user_assigned_identity\.supply-chain_gates_|eventgrid_system_topic\.supply-chain_gates_)/.test(String(a["principal_id"]));
    const others = assignments.filter((a) => a["role_definition_name"] !== "Key Vault Crypto Service Encryption User");
    const people = others.filter((a) => !gateIdentity(a));
    expect(people.map((a) => [ref(a["role_definition_id"] ?? a["role_definition_name"]), ref(a["scope"])]).sort()).toEqual(PEOPLE[name]);
    const gates = others.filter(gateIdentity);
    expect(gates.map((a) => [ref(a["role_definition_id"] ?? a["role_definition_name"]), ref(a["scope"]), ref(a["principal_id"])]).sort()).toEqual(GATES[name]);
  });

  test("#4 admins are assigned through a set that subtracts the deployer (in a CI environment the CI deploy identity, else the identity Terraform runs as)", () => {
    const admins = Object.values(resourcesOf(s, "azurerm_role_assignment")).filter((a) => a["for_each"] !== undefined);
    expect(admins).toHaveLength(1);
    const deployer = name === "state-backend-azure" ? /\[data\.azurerm_client_config\.[\w-]+\.object_id\]/ : /\[data\.azurerm_user_assigned_identity\.ci-deployer\.principal_id\]/;
    expect(String(admins[0]!["for_each"]).replace(deployer, "DEPLOYER")).toBe('${toset(setsubtract(toset(["00000000-0000-4000-8000-0000000000a1"]), DEPLOYER))}');
  });
});

describe.each([
  ["dev", false],
  ["prod", true],
] as const)("azure-%s", (env, strict) => {
  const s = stack(`azure-${env}`);

  test("#14 a subscription diagnostic setting sends every Activity Log category to the log account, named for the environment", () => {
    const setting = byId(s, "azurerm_monitor_diagnostic_setting", "supply-chain_audit-trail_activity-log");
    expect(setting).toMatchObject({ name: `audit-to-immutable-storage-acme-ai-${env}`, enabled_log: ACTIVITY_LOG });
    expect(setting["target_resource_id"]).toMatch(/^\$\{data\.azurerm_subscription\.[\w-]+\.id\}$/);
    expect(setting["storage_account_id"]).toMatch(/^\$\{azurerm_storage_account\.supply-chain_log-storage_[A-Z0-9]+\.id\}$/);
    const container = byId(s, "azurerm_storage_container", "supply-chain_log-storage_Container-insights-activity-logs");
    expect(container["name"]).toBe("insights-activity-logs");
    expect(byId(s, "azurerm_storage_container_immutability_policy", "supply-chain_log-storage_Immutability-insights-activity-logs")).toMatchObject({
      protected_append_writes_enabled: true,
      locked: strict,
    });
  });

  test(`#14 ${strict ? "strict: CanNotDelete locks on the vault, the log account, the container registry and the model registries' accounts" : "standard: no management locks"}`, () => {
    const scopes = Object.values(resourcesOf(s, "azurerm_management_lock")).map((l) => [String(l["scope"]).replace(/_[A-Z0-9]+\.id\}$/, ""), l["lock_level"]]);
    expect(scopes.sort()).toEqual(
      strict
        ? [
            ["${azurerm_container_registry.supply-chain_image-registry", "CanNotDelete"],
            ["${azurerm_key_vault.supply-chain_key-vault", "CanNotDelete"],
            ["${azurerm_storage_account.supply-chain_log-storage", "CanNotDelete"],
            ["${azurerm_storage_account.supply-chain_registry-fraud-scoring", "CanNotDelete"],
            ["${azurerm_storage_account.supply-chain_registry-llm-adapters", "CanNotDelete"],
          ]
        : [],
    );
  });

  test(`#3 ${strict ? "locked policies ignore their period" : "unlocked policies keep their period managed"}`, () => {
    // Six log containers (insights-logs-storagewrite receives the model registries' blob writes)
    // and each model registry's approved container.
    const policies = Object.values(resourcesOf(s, "azurerm_storage_container_immutability_policy")).map((p) => [ref(p["storage_container_resource_manager_id"]), p["locked"], p["lifecycle"]]);
    const lifecycle = strict ? { ignore_changes: ["immutability_period_in_days"] } : undefined;
    expect(policies).toEqual([
      ...["audit-logs", "insights-activity-logs", "insights-logs-auditevent", "insights-logs-storagedelete", "insights-logs-storageread", "insights-logs-storagewrite"].map((c) => [
        `\${azurerm_storage_container.supply-chain_log-storage_Container-${c}.id}`,
        strict,
        lifecycle,
      ]),
      ["${azurerm_storage_container.supply-chain_registry-fraud-scoring_Approved.id}", strict, lifecycle],
      ["${azurerm_storage_container.supply-chain_registry-llm-adapters_Approved.id}", strict, lifecycle],
    ]);
  });
});

describe("state-backend-azure", () => {
  const s = stack("state-backend-azure");

  test("#14 the vault, the state blobs and the log account deliver into the stack's own write-once log storage", () => {
    const settings = Object.entries(resourcesOf(s, "azurerm_monitor_diagnostic_setting")).map(([id, d]) => [id.replace(/_[A-Z0-9]+$/, ""), d["enabled_log"], d["storage_account_id"]]);
    const logAccount = expect.stringMatching(/^\$\{azurerm_storage_account\.state_log-storage_[A-Z0-9]+\.id\}$/);
    expect(settings).toEqual([
      ["state_audit-trail_key-vault", [{ category: "AuditEvent" }], logAccount],
      ["state_audit-trail_log-storage-blobs", [{ category: "StorageRead" }, { category: "StorageDelete" }], logAccount],
      ["state_audit-trail_state-blobs", [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }], logAccount],
    ]);
    expect(byId(s, "azurerm_monitor_diagnostic_setting", "state_audit-trail_state-blobs")["target_resource_id"]).toMatch(/^\$\{azurerm_storage_account\.state_bucket_[A-Z0-9]+\.id\}\/blobServices\/default$/);
  });

  test("#14 the state logs are locked for the compliance-7y tier and encrypted with a logs key of their own", () => {
    const policies = Object.values(resourcesOf(s, "azurerm_storage_container_immutability_policy"));
    expect(policies).toHaveLength(5);
    for (const p of policies) {
      expect(p).toMatchObject({ immutability_period_in_days: 2557, locked: true, protected_append_writes_enabled: true });
    }
    const account = byId(s, "azurerm_storage_account", "state_log-storage");
    expect((account["customer_managed_key"] as Json)["key_vault_key_id"]).toMatch(/^\$\{azurerm_key_vault_key\.state_logs-key_[A-Z0-9]+\.versionless_id\}$/);
    expect(Object.values(resourcesOf(s, "azurerm_key_vault_key")).map((k) => k["name"]).sort()).toEqual(["logs", "state"]);
  });

  test("#14 always strict: CanNotDelete locks on the vault, the state account and the log account", () => {
    const scopes = Object.values(resourcesOf(s, "azurerm_management_lock")).map((l) => String(l["scope"]).replace(/_[A-Z0-9]+\.id\}$/, ""));
    expect(scopes.sort()).toEqual(["${azurerm_key_vault.state_key-vault", "${azurerm_storage_account.state_bucket", "${azurerm_storage_account.state_log-storage"]);
  });

  test("#14 the state subscription's Activity Log is sent by the environment placed in it, not twice", () => {
    expect(Object.keys(resourcesOf(s, "azurerm_monitor_diagnostic_setting")).filter((id) => id.includes("activity-log"))).toEqual([]);
    expect(allResources(s).filter(([type]) => type === "azurerm_storage_container").map(([, , c]) => c["name"])).not.toContain("insights-activity-logs");
  });

  test("#14 a state subscription without environments records its own Activity Log", () => {
    const config = defaultConfig();
    const azure = config.clouds.azure!;
    const alone = { ...config, clouds: { ...config.clouds, azure: { ...azure, stateBackend: { ...azure.stateBackend, subscriptionId: "00000000-0000-4000-8000-000000000009" } } } };
    const out = JSON.parse(synthApp("azure-evidence-state-alone", alone).get("state-backend-azure")!) as Json;
    const setting = byId(out, "azurerm_monitor_diagnostic_setting", "state_audit-trail_activity-log");
    expect(setting).toMatchObject({ name: "audit-to-immutable-storage-acme-ai-tfstate", enabled_log: ACTIVITY_LOG });
    expect(setting["target_resource_id"]).toMatch(/^\$\{data\.azurerm_subscription\.[\w-]+\.id\}$/);
    expect(Object.keys(((out["data"] as Json)["azurerm_subscription"] ?? {}) as Json)).toHaveLength(1);
  });
});
