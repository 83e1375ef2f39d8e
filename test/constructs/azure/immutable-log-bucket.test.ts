import { AuditTrail, DIAGNOSTIC_SETTING_NAME } from "../../../constructs/azure/audit-trail";
import { ImmutableLogBucket, ImmutableLogBucketProps } from "../../../constructs/azure/immutable-log-bucket";
import { KmsKey } from "../../../constructs/azure/kms-key";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-tier";
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
  const account = onlyResource(stack, "azurerm_storage_account");

  test("the storage baseline: StorageV2, HTTPS only, TLS 1.2, no shared keys, no public blobs, infrastructure encryption", () => {
    expect(account).toMatchObject({
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

  test("customer-managed key from the vault through a user-assigned identity", () => {
    expect(account["customer_managed_key"]).toEqual({
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
    expect(account["depends_on"]).toEqual([`time_sleep.${sleepId}`]);
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

  test("rejects an immutability period outside Azure's 1-146000 days", () => {
    const error = validationErrorOf(() => synthLogs({ retentionTier: { name: "forever", expireAfterDays: 146_001, immutabilityDays: 146_001 } }));
    expect(error.problems.map((p) => p.prop)).toContain("retentionTier.immutabilityDays");
  });
});

describe("azure AuditTrail", () => {
  test("a diagnostic setting per source sends its audit categories to the log storage", () => {
    const setting = onlyResource(synthLogs(), "azurerm_monitor_diagnostic_setting");
    expect(setting["name"]).toBe(DIAGNOSTIC_SETTING_NAME);
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
        logStorage: { storageAccountId: "${azurerm_storage_account.logs.id}", storageAccountName: "stacmeailogs1a2b3c" },
        sources: [{ id: "activity-log", resourceId: "${data.azurerm_subscription.subscription.id}", categories: ["Administrative"], name: "audit-to-immutable-storage-acme-ai-prod" }],
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
      synthConstruct((scope) => new AuditTrail(scope, "audit", { logStorage: { storageAccountId: "x", storageAccountName: "y" }, sources: [{ id: "kv", resourceId: "r", categories: [] }] })),
    );
    expect(error.problems[0]).toMatchObject({ constructPath: "test/audit", code: "AUDIT_CATEGORIES_EMPTY" });
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
  test("STORAGE_ACCOUNT_NAME_INVALID: upper case, hyphens or more than 24 characters", () => {
    for (const storageAccountName of ["StAcmeLogs", "st-acme-logs", "s".repeat(25), "st"]) {
      const error = validationErrorOf(() => synthLogs({ storageAccountName }));
      expect(error.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([["STORAGE_ACCOUNT_NAME_INVALID", "storageAccountName", "test/logs"]]);
    }
  });

  test("CONTAINER_NAME_INVALID: a category whose container name Azure refuses", () => {
    const error = validationErrorOf(() => synthLogs({ diagnosticCategories: ["Audit_Event", "x".repeat(60)] }));
    expect(error.problems.map((p) => [p.code, p.value])).toEqual([
      ["CONTAINER_NAME_INVALID", '"insights-logs-audit_event"'],
      ["CONTAINER_NAME_INVALID", `"insights-logs-${"x".repeat(60)}"`],
    ]);
  });

  test("AUDIT_SOURCES_EMPTY: a trail with nothing to record", () => {
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
    expect(error.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([["AUDIT_SOURCES_EMPTY", "sources", "test/audit"]]);
  });
});
