import { StorageContainerImmutabilityPolicy } from "@cdktf/provider-azurerm/lib/storage-container-immutability-policy";
import { TerraformVariable } from "cdktf";
import { AuditTrail } from "../../../constructs/azure/audit-trail";
import { ILogBucket, ImmutableLogBucket, ImmutableLogBucketProps } from "../../../constructs/azure/immutable-log-bucket";
import { KmsKey } from "../../../constructs/azure/kms-key";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { azureStorageUsesCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { azureRolesAreLeastPrivilege } from "../../checkers/least-privilege";
import { azureStorageBlocksPublicAccess } from "../../checkers/public-access";
import { azureStorageIsTlsOnly } from "../../checkers/tls-only";
import { azureLogStorageIsWriteOnce } from "../../checkers/write-once";
import { validationErrorOf } from "../../helpers/errors";
import { testKeyVault } from "../../helpers/fixtures";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

function synthLogs(props: Partial<Omit<ImmutableLogBucketProps, "kmsKey">> = {}): Json {
  return synthConstruct((scope) => {
    const keyVault = testKeyVault(scope);
    const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault, tags: {} });
    const logStorage = new ImmutableLogBucket(scope, "logs", {
      storageAccountName: "stacmeailogs1a2b3c",
      resourceGroupName: "rg-acme-ai-prod",
      location: "westeurope",
      kmsKey,
      retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
      diagnosticCategories: ["AuditEvent", "StorageRead"],
      tags: { owner: "ml-platform" },
      ...props,
    });
    new AuditTrail(scope, "audit", {
      logStorage,
      sources: [{ id: "key-vault", resourceId: keyVault.keyVaultId, categories: ["AuditEvent"] }],
    });
  });
}

describe("azure ImmutableLogBucket", () => {
  const stack = synthLogs();
  const account = (): Json => onlyResource(stack, "azurerm_storage_account");

  test("the storage baseline: StorageV2, HTTPS only, TLS 1.2, no shared keys, no public blobs, infrastructure encryption", () => {
    expect(account()).toMatchObject({
      account_kind: "StorageV2",
      https_traffic_only_enabled: true,
      min_tls_version: "TLS1_2",
      shared_access_key_enabled: false,
      allow_nested_items_to_be_public: false,
      infrastructure_encryption_enabled: true,
      public_network_access_enabled: false,
      network_rules: { default_action: "Deny", bypass: ["AzureServices"], ip_rules: [] },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("soft delete of blobs and containers for 30 days, no versioning; tagged as logs", () => {
    expect(account()["blob_properties"]).toEqual({ delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } });
    expect(account()["tags"]).toEqual({ owner: "ml-platform", purpose: "logs" });
  });

  test("prevent_destroy false when asked", () => {
    expect(onlyResource(synthLogs({ preventDestroy: false }), "azurerm_storage_account")["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("customer-managed key from the vault through a user-assigned identity", () => {
    expect(account()["customer_managed_key"]).toEqual({
      key_vault_key_id: expect.stringMatching(/^\$\{azurerm_key_vault_key\.key_[A-Z0-9]+\.versionless_id\}$/),
      user_assigned_identity_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\./),
    });
  });

  test("private containers for audit logs and each diagnostic category", () => {
    const containers = Object.values(resourcesOf(stack, "azurerm_storage_container"));
    expect(containers.map((c) => c["name"])).toEqual(["audit-logs", "insights-logs-auditevent", "insights-logs-storageread"]);
    expect(containers.map((c) => c["container_access_type"])).toEqual(["private", "private", "private"]);
  });

  test("every container has a locked time-based immutability policy that allows protected append writes", () => {
    const policies = Object.values(resourcesOf(stack, "azurerm_storage_container_immutability_policy"));
    expect(policies).toHaveLength(3);
    for (const p of policies) {
      expect(p).toMatchObject({ immutability_period_in_days: 365, protected_append_writes_enabled: true, locked: true });
      expect(p["storage_container_resource_manager_id"]).toMatch(/^\$\{azurerm_storage_container\./);
    }
  });

  test("unlocked only when asked", () => {
    const policies = Object.values(resourcesOf(synthLogs({ lockRetention: false }), "azurerm_storage_container_immutability_policy"));
    expect(policies).toHaveLength(3);
    expect(policies.map((p) => p["locked"])).toEqual([false, false, false]);
  });

  test("#3 a locked policy ignores changes of its period (raised with az ... immutability-policy extend)", () => {
    const policies = Object.values(resourcesOf(stack, "azurerm_storage_container_immutability_policy"));
    expect(policies.map((p) => p["lifecycle"])).toEqual([
      { ignore_changes: ["immutability_period_in_days"] },
      { ignore_changes: ["immutability_period_in_days"] },
      { ignore_changes: ["immutability_period_in_days"] },
    ]);
  });

  test("#3 an unlocked policy keeps its period under Terraform (raising and lowering both apply)", () => {
    const policies = Object.values(resourcesOf(synthLogs({ lockRetention: false }), "azurerm_storage_container_immutability_policy"));
    expect(policies.map((p) => p["lifecycle"])).toEqual([undefined, undefined, undefined]);
  });

  test("#14 the account's identity may wrap and unwrap with the logs key only, not the vault", () => {
    const grants = Object.values(resourcesOf(stack, "azurerm_role_assignment")).filter((a) => a["role_definition_name"] === "Key Vault Crypto Service Encryption User");
    expect(grants).toHaveLength(1);
    expect(grants[0]!["scope"]).toMatch(/^\$\{azurerm_key_vault_key\.key_[A-Z0-9]+\.resource_versionless_id\}$/);
    expect(grants[0]!["principal_id"]).toMatch(/^\$\{azurerm_user_assigned_identity\.logs_Identity_[A-Z0-9]+\.principal_id\}$/);
  });

  test("#8 the account is created 120 s after the identity's key grant", () => {
    const sleeps = Object.entries(resourcesOf(stack, "time_sleep")).filter(([id]) => id.startsWith("logs_IdentityKeyAccessPropagation"));
    expect(sleeps).toHaveLength(1);
    const [sleepId, sleep] = sleeps[0]!;
    expect(sleep["create_duration"]).toBe("120s");
    expect(sleep["depends_on"]).toEqual([expect.stringMatching(/^azurerm_role_assignment\.logs_IdentityKeyAccess_[A-Z0-9]+$/)]);
    expect(account()["depends_on"]).toEqual([`time_sleep.${sleepId}`]);
  });

  test("#14 a CanNotDelete lock on the account by default, none when asked", () => {
    const locks = Object.values(resourcesOf(stack, "azurerm_management_lock")).filter((l) => String(l["scope"]).startsWith("${azurerm_storage_account."));
    expect(locks).toEqual([
      {
        name: "blueprint-evidence-cannot-delete",
        scope: expect.stringMatching(/^\$\{azurerm_storage_account\.logs_[A-Z0-9]+\.id\}$/),
        lock_level: "CanNotDelete",
        notes: "Audit evidence (write-once log storage): remove only through the documented break-glass procedure.",
      },
    ]);
    const unlocked = Object.values(resourcesOf(synthLogs({ deleteLock: false }), "azurerm_management_lock"));
    expect(unlocked.filter((l) => String(l["scope"]).startsWith("${azurerm_storage_account."))).toEqual([]);
  });

  test("#14 receivesActivityLog adds the insights-activity-logs container under the same policy", () => {
    const json = synthLogs({ receivesActivityLog: true });
    const names = Object.values(resourcesOf(json, "azurerm_storage_container")).map((c) => c["name"]);
    expect(names.sort()).toEqual(["audit-logs", "insights-activity-logs", "insights-logs-auditevent", "insights-logs-storageread"]);
    expect(Object.values(resourcesOf(json, "azurerm_storage_container_immutability_policy"))).toHaveLength(4);
  });

  test("the management policy comes from the tier and covers the log containers", () => {
    const rules = onlyResource(stack, "azurerm_storage_management_policy")["rule"] as Array<{ name: string; filters: Json; actions: Json }>;
    expect(rules.map((r) => r.name)).toEqual(["retention-audit-1y", "retention-audit-1y-append"]);
    expect(rules[0]!.filters["prefix_match"]).toEqual([
      expect.stringMatching(/^\$\{azurerm_storage_container\.logs_Container-audit-logs_[A-Z0-9]+\.name\}\/$/),
      expect.stringMatching(/^\$\{azurerm_storage_container\.logs_Container-insights-logs-auditevent_[A-Z0-9]+\.name\}\/$/),
      expect.stringMatching(/^\$\{azurerm_storage_container\.logs_Container-insights-logs-storageread_[A-Z0-9]+\.name\}\/$/),
    ]);
  });

  test("rejects an immutability period outside Azure's 1-146000 days, reported once, by the tier", () => {
    const error = validationErrorOf(() => synthLogs({ retentionTier: { name: "forever", expireAfterDays: 99_999, immutabilityDays: 146_001 } }));
    // The tier's problems only: no second report of the same period under retentionTier.immutabilityDays.
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([
      ["RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS", "expireAfterDays"],
      ["AZURE_IMMUTABILITY_OUT_OF_RANGE", "immutabilityDays"],
    ]);
  });

  test("#1 exposes the account's name as the resource attribute, not the props literal", () => {
    const names: string[] = [];
    const json = synthConstruct((scope) => {
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault: testKeyVault(scope), tags: {} });
      const logs = new ImmutableLogBucket(scope, "logs", {
        storageAccountName: "stacmeailogs1a2b3c",
        resourceGroupName: "rg-acme-ai-prod",
        location: "westeurope",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
        tags: {},
      });
      names.push(logs.storageAccountName);
    });
    expect(names[0]).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(Object.keys(resourcesOf(json, "azurerm_storage_account"))).toEqual([expect.stringMatching(/^logs_[A-Z0-9]+$/)]);
  });
});

describe("azure AuditTrail", () => {
  test("a diagnostic setting per source sends its audit categories to the log storage", () => {
    const setting = onlyResource(synthLogs(), "azurerm_monitor_diagnostic_setting");
    expect(setting["name"]).toBe("audit-to-immutable-storage");
    expect(setting["target_resource_id"]).toMatch(/^\$\{azurerm_key_vault\.vault_/);
    expect(setting["storage_account_id"]).toMatch(/^\$\{azurerm_storage_account\.logs_/);
    expect(setting["enabled_log"]).toEqual([{ category: "AuditEvent" }]);
  });

  test("#1 a diagnostic setting is created after every container and immutability policy of the log storage", () => {
    const json = synthLogs();
    const setting = onlyResource(json, "azurerm_monitor_diagnostic_setting");
    const policies = Object.keys(resourcesOf(json, "azurerm_storage_container_immutability_policy")).map((id) => `azurerm_storage_container_immutability_policy.${id}`);
    expect(policies).toHaveLength(3);
    expect(setting["depends_on"]).toEqual(policies);
  });

  test("#14 a source may name its setting (one per environment on a shared subscription)", () => {
    const json = synthConstruct((scope) => {
      new AuditTrail(scope, "audit", {
        logStorage: importedLogs({ receivesActivityLog: true }),
        sources: [{ id: "activity-log", resourceId: "${data.azurerm_subscription.subscription.id}", categories: ["Administrative"], activityLog: true, name: "audit-to-immutable-storage-acme-ai-prod" }],
      });
    });
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toEqual({
      name: "audit-to-immutable-storage-acme-ai-prod",
      target_resource_id: "${data.azurerm_subscription.subscription.id}",
      storage_account_id: "${azurerm_storage_account.logs.id}",
      enabled_log: [{ category: "Administrative" }],
    });
  });

  test("refuses a source without categories", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => new AuditTrail(scope, "audit", { logStorage: importedLogs(), sources: [{ id: "kv", resourceId: "r", categories: [] }] })),
    );
    expect(error.problems).toEqual([
      { code: "AZURE_AUDIT_CATEGORIES_EMPTY", constructPath: "test/audit", prop: "sources.kv.categories", value: '"[]"', accepted: "at least one category" },
    ]);
  });
});

describe("azure ImmutableLogBucket controls (test/checkers)", () => {
  const account = [expect.stringMatching(/^azurerm_storage_account\.logs_[A-Z0-9]+$/)];

  test("write-once, TLS only, CMK, public access blocked", () => {
    const stack = synthLogs();
    expect(azureLogStorageIsWriteOnce(stack)).toEqual({ status: "compliant", checked: account });
    expect(azureStorageIsTlsOnly(stack)).toEqual({ status: "compliant", checked: account });
    expect(azureStorageUsesCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: account });
    expect(azureStorageBlocksPublicAccess(stack)).toEqual({ status: "compliant", checked: account });
  });

  test("every role assignment of the stack (vault and account identity) is a narrow role at a narrow scope", () => {
    const result = azureRolesAreLeastPrivilege(synthLogs());
    expect(result).toEqual({ status: "compliant", checked: expect.arrayContaining([expect.stringMatching(/^azurerm_role_assignment\.logs_IdentityKeyAccess_[A-Z0-9]+$/)]) });
  });

  test("unlocked policies are the named loosening the write-once checker reports, once per container", () => {
    const result = azureLogStorageIsWriteOnce(synthLogs({ lockRetention: false }));
    expect(result).toEqual({
      status: "noncompliant",
      problems: [
        expect.stringMatching(/^azurerm_storage_container_immutability_policy\.logs_Immutability-audit-logs_[A-Z0-9]+: locked is false, not true$/),
        expect.stringMatching(/^azurerm_storage_container_immutability_policy\.logs_Immutability-insights-logs-auditevent_[A-Z0-9]+: locked is false, not true$/),
        expect.stringMatching(/^azurerm_storage_container_immutability_policy\.logs_Immutability-insights-logs-storageread_[A-Z0-9]+: locked is false, not true$/),
      ],
    });
  });
});

describe("azure ImmutableLogBucket and AuditTrail validation codes", () => {
  test.each(["StAcmeLogs", "st-acme-logs", "s".repeat(25), "st"])("AZURE_STORAGE_ACCOUNT_NAME_INVALID: %j (upper case, hyphens, 25 or 2 characters)", (storageAccountName) => {
    const error = validationErrorOf(() => synthLogs({ storageAccountName }));
    expect(error.problems.map((p) => [p.code, p.prop, p.constructPath, p.accepted])).toEqual([
      ["AZURE_STORAGE_ACCOUNT_NAME_INVALID", "storageAccountName", "test/logs", "3-24 lowercase letters and digits"],
    ]);
  });

  test("#2 an account name known only at apply time (a variable) is left to Azure", () => {
    const json = synthConstruct((scope) => {
      const name = new TerraformVariable(scope, "account_name", { type: "string" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault: testKeyVault(scope), tags: {} });
      new ImmutableLogBucket(scope, "logs", {
        storageAccountName: name.stringValue,
        resourceGroupName: "rg-acme-ai-prod",
        location: "westeurope",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
        tags: {},
      });
    });
    expect(onlyResource(json, "azurerm_storage_account")["name"]).toBe("${var.account_name}");
  });

  test("#3 a bad account name and a bad tier give one error carrying both codes", () => {
    const error = validationErrorOf(() => synthLogs({ storageAccountName: "St-Acme", retentionTier: { name: "forever", expireAfterDays: 99_999, immutabilityDays: 146_001 } }));
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([
      ["AZURE_STORAGE_ACCOUNT_NAME_INVALID", "storageAccountName"],
      ["RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS", "expireAfterDays"],
      ["AZURE_IMMUTABILITY_OUT_OF_RANGE", "immutabilityDays"],
    ]);
  });

  test("AZURE_CONTAINER_NAME_INVALID: a category whose container name Azure refuses", () => {
    const error = validationErrorOf(() => synthLogs({ diagnosticCategories: ["Audit_Event", "x".repeat(60)] }));
    const accepted = "categories whose container names are 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit";
    expect(error.problems).toEqual([
      { code: "AZURE_CONTAINER_NAME_INVALID", constructPath: "test/logs", prop: "diagnosticCategories", value: '"insights-logs-audit_event"', accepted },
      { code: "AZURE_CONTAINER_NAME_INVALID", constructPath: "test/logs", prop: "diagnosticCategories", value: `"insights-logs-${"x".repeat(60)}"`, accepted },
    ]);
  });

  test("AZURE_LOG_CONTAINERS_TOO_MANY: more containers than one lifecycle rule may filter on (10)", () => {
    // With audit-logs: 10 containers; the trail of synthLogs sends AuditEvent, so it is one of them.
    const nine = ["AuditEvent", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"];
    expect(() => synthLogs({ diagnosticCategories: nine })).not.toThrow();
    const error = validationErrorOf(() => synthLogs({ diagnosticCategories: nine, receivesActivityLog: true }));
    expect(error.problems).toEqual([
      {
        code: "AZURE_LOG_CONTAINERS_TOO_MANY",
        constructPath: "test/logs",
        prop: "diagnosticCategories",
        value:
          '"audit-logs, insights-logs-auditevent, insights-logs-c2, insights-logs-c3, insights-logs-c4, insights-logs-c5, insights-logs-c6, insights-logs-c7, insights-logs-c8, insights-logs-c9, insights-activity-logs"',
        accepted: "at most 10 containers with audit-logs and insights-activity-logs",
      },
    ]);
  });

  test.each(["10.1.0.0/16", "203.0.113.7/32", "203.0.113.0/31", "300.1.1.1"])("AZURE_STORAGE_IP_RANGE_INVALID: %s, which the storage firewall refuses", (range) => {
    const error = validationErrorOf(() => synthLogs({ allowedIpRanges: ["203.0.113.0/24", range] }));
    expect(error.problems.map((p) => [p.code, p.prop, p.value])).toEqual([["AZURE_STORAGE_IP_RANGE_INVALID", "allowedIpRanges", JSON.stringify(range)]]);
  });

  test("AZURE_AUDIT_SOURCES_EMPTY: a trail with nothing to record", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => {
        const keyVault = testKeyVault(scope);
        const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault, tags: {} });
        const logStorage = new ImmutableLogBucket(scope, "logs", {
          storageAccountName: "stacmeailogs1a2b3c",
          resourceGroupName: "rg-acme-ai-prod",
          location: "westeurope",
          kmsKey,
          retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
          tags: {},
        });
        new AuditTrail(scope, "audit", { logStorage, sources: [] });
      }),
    );
    expect(error.problems).toEqual([{ code: "AZURE_AUDIT_SOURCES_EMPTY", constructPath: "test/audit", prop: "sources", value: '"[]"', accepted: "at least one source" }]);
  });
});

/** A log account of another stack with the given containers (`audit-logs` always). */
function importedLogs(attributes: { diagnosticCategories?: string[]; receivesActivityLog?: boolean } = {}): ILogBucket {
  return ImmutableLogBucket.fromAttributes({
    storageAccountId: "${azurerm_storage_account.logs.id}",
    storageAccountName: "stacmeailogs1a2b3c",
    diagnosticCategories: attributes.diagnosticCategories ?? [],
    receivesActivityLog: attributes.receivesActivityLog,
  });
}

describe("azure ILogBucket.addDiagnosticSource (#7: only into immutable containers)", () => {
  test("creates the setting for a category the account holds an immutable container for, after its policies", () => {
    const json = synthConstruct((scope) => {
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault: testKeyVault(scope), tags: {} });
      const logs = new ImmutableLogBucket(scope, "logs", {
        storageAccountName: "stacmeailogs1a2b3c",
        resourceGroupName: "rg-acme-ai-prod",
        location: "westeurope",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
        diagnosticCategories: ["StorageRead"],
        tags: {},
      });
      logs.addDiagnosticSource(scope, { id: "blobs", resourceId: "${azurerm_storage_account.state.id}/blobServices/default", categories: ["StorageRead"] });
    });
    const setting = onlyResource(json, "azurerm_monitor_diagnostic_setting");
    expect(setting).toEqual({
      name: "audit-to-immutable-storage",
      target_resource_id: "${azurerm_storage_account.state.id}/blobServices/default",
      storage_account_id: expect.stringMatching(/^\$\{azurerm_storage_account\.logs_[A-Z0-9]+\.id\}$/),
      enabled_log: [{ category: "StorageRead" }],
      depends_on: [
        expect.stringMatching(/^azurerm_storage_container_immutability_policy\.logs_Immutability-audit-logs_[A-Z0-9]+$/),
        expect.stringMatching(/^azurerm_storage_container_immutability_policy\.logs_Immutability-insights-logs-storageread_[A-Z0-9]+$/),
      ],
    });
  });

  test("AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE: a category without its insights-logs-<category> container is refused", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => importedLogs({ diagnosticCategories: ["StorageRead"] }).addDiagnosticSource(scope, { id: "blobs", resourceId: "r", categories: ["StorageRead", "StorageWrite"] })),
    );
    expect(error.problems).toEqual([
      {
        code: "AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE",
        constructPath: "test/blobs",
        prop: "categories",
        value: '"StorageWrite"',
        accepted: "a category whose container (insights-logs-storagewrite) is one of the log account's immutable containers: audit-logs, insights-logs-storageread",
      },
    ]);
  });

  test("AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE: the Activity Log into an account without insights-activity-logs, reported once", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) =>
        importedLogs({ diagnosticCategories: ["Administrative"] }).addDiagnosticSource(scope, { id: "activity-log", resourceId: "s", categories: ["Administrative", "Security"], activityLog: true }),
      ),
    );
    expect(error.problems.map((p) => [p.code, p.value, p.accepted])).toEqual([
      ["AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE", '"Administrative"', "a category whose container (insights-activity-logs) is one of the log account's immutable containers: audit-logs, insights-logs-administrative"],
    ]);
  });

  test("AuditTrail reports every refused category of every source with its own problems, before creating anything", () => {
    const error = validationErrorOf(() =>
      synthConstruct(
        (scope) =>
          new AuditTrail(scope, "audit", {
            logStorage: importedLogs({ diagnosticCategories: ["AuditEvent"] }),
            sources: [
              { id: "key-vault", resourceId: "v", categories: ["AuditEvent"] },
              { id: "blobs", resourceId: "b", categories: ["StorageRead"] },
              { id: "activity-log", resourceId: "s", categories: ["Administrative"], activityLog: true },
              { id: "empty", resourceId: "e", categories: [] },
            ],
          }),
      ),
    );
    expect(error.problems.map((p) => [p.constructPath, p.prop, p.code, p.value])).toEqual([
      ["test/audit", "sources.blobs.categories", "AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE", '"StorageRead"'],
      ["test/audit", "sources.activity-log.categories", "AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE", '"Administrative"'],
      ["test/audit", "sources.empty.categories", "AZURE_AUDIT_CATEGORIES_EMPTY", '"[]"'],
    ]);
  });

  test("the delivery dependencies are the immutability policies, one per container, in creation order", () => {
    const dependencies: string[][] = [];
    synthConstruct((scope) => {
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault: testKeyVault(scope), tags: {} });
      const logs = new ImmutableLogBucket(scope, "logs", {
        storageAccountName: "stacmeailogs1a2b3c",
        resourceGroupName: "rg-acme-ai-prod",
        location: "westeurope",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
        diagnosticCategories: ["StorageRead"],
        tags: {},
      });
      dependencies.push(logs.deliveryDependencies.map((d) => (d instanceof StorageContainerImmutabilityPolicy ? d.node.id : "not an immutability policy")));
    });
    expect(dependencies).toEqual([["Immutability-audit-logs", "Immutability-insights-logs-storageread"]]);
  });

  test("AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE: an account of the same stack refuses a category it made no container for", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => {
        const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault: testKeyVault(scope), tags: {} });
        const logs = new ImmutableLogBucket(scope, "logs", {
          storageAccountName: "stacmeailogs1a2b3c",
          resourceGroupName: "rg-acme-ai-prod",
          location: "westeurope",
          kmsKey,
          retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
          diagnosticCategories: ["StorageRead"],
          tags: {},
        });
        new AuditTrail(scope, "audit", { logStorage: logs, sources: [{ id: "blobs", resourceId: "b", categories: ["StorageDelete"] }] });
      }),
    );
    expect(error.problems).toEqual([
      {
        code: "AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE",
        constructPath: "test/audit",
        prop: "sources.blobs.categories",
        value: '"StorageDelete"',
        accepted: "a category whose container (insights-logs-storagedelete) is one of the log account's immutable containers: audit-logs, insights-logs-storageread",
      },
    ]);
  });

  test("an imported account has no delivery dependencies: its settings carry no depends_on", () => {
    const json = synthConstruct((scope) => {
      importedLogs({ receivesActivityLog: true }).addDiagnosticSource(scope, { id: "activity-log", resourceId: "s", categories: ["Administrative"], activityLog: true });
    });
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")["depends_on"]).toBeUndefined();
  });
});

describe("azure log storage containers by reference", () => {
  test("an own account names its container by the resource's attributes; an imported one by literals; an unknown name is undefined", () => {
    let own: ReturnType<ILogBucket["container"]>;
    let missing: ReturnType<ILogBucket["container"]> = { name: "x", resourceId: "x" };
    synthConstruct((scope) => {
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault: testKeyVault(scope), tags: {} });
      const logs = new ImmutableLogBucket(scope, "logs", {
        storageAccountName: "stacmeailogs1a2b3c", resourceGroupName: "rg", location: "westeurope", kmsKey, retentionTier: RETENTION_TIER_PRESETS["audit-1y"], tags: {},
      });
      own = logs.container("audit-logs");
      missing = logs.container("provenance");
    });
    expect(own!.name).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(own!.resourceId).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(missing).toBeUndefined();
    const imported = ImmutableLogBucket.fromAttributes({ storageAccountId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlogs", storageAccountName: "stlogs", diagnosticCategories: [] });
    expect(imported.container("audit-logs")).toEqual({ name: "audit-logs", resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlogs/blobServices/default/containers/audit-logs" });
    expect(imported.container("insights-logs-storageread")).toBeUndefined();
  });
});
