import { Resource, valuesAt } from "../../model";
import { Problems, RuleContext, resourceRule } from "../../rule";
import { planOf } from "../../support/azure-model";

/** Where each resource type names its customer-managed key (azurerm 4.55 schemas). */
const KEY_PATHS: Readonly<Record<string, readonly string[]>> = {
  azurerm_storage_account: ["customer_managed_key.key_vault_key_id", "customer_managed_key.managed_hsm_key_id"],
  azurerm_container_registry: ["encryption.key_vault_key_id"],
  azurerm_servicebus_namespace: ["customer_managed_key.key_vault_key_id"],
};
const BLOCKS: Readonly<Record<string, string>> = {
  azurerm_storage_account: "customer_managed_key",
  azurerm_container_registry: "encryption",
  azurerm_servicebus_namespace: "customer_managed_key",
};

/**
 * Judges a key reference at `path` of `resource`: a managed azurerm_key_vault_key (or managed
 * HSM key) of the stack is what the control wants; a literal id or a data source names a key
 * nobody here manages or rotates (a warning); nothing at all is the error the caller reports.
 */
function judgeKey(resource: Resource, path: string, context: RuleContext, problems: Problems): "found" | "absent" {
  const keys = context.referenced(resource, path).filter((r) => r.type === "azurerm_key_vault_key" || r.type === "azurerm_key_vault_managed_hardware_security_module_key");
  if (keys.some((k) => k.mode === "managed")) return "found";
  const raw = valuesAt(resource.attributes, path)[0];
  if (keys.length > 0) {
    problems.relaxed(`${path} names ${keys[0]!.address}, a key this stack does not manage`);
    return "found";
  }
  if (raw === undefined || raw === null || raw === "") return "absent";
  if (typeof raw === "string" && !raw.includes("${")) problems.relaxed(`${path} is the literal ${JSON.stringify(raw)}, not a reference to an azurerm_key_vault_key of this stack`);
  else problems.unknown(path);
  return "found";
}

function checkStorageCompanion(account: Resource, context: RuleContext, problems: Problems): boolean {
  const companion = context.referencing(account, "azurerm_storage_account_customer_managed_key", "storage_account_id")[0];
  if (!companion) return false;
  // The companion names the key by name and vault, or by a managed HSM key id.
  if (judgeKey(companion, "managed_hsm_key_id", context, problems) === "found") return true;
  if (judgeKey(companion, "key_name", context, problems) === "absent") problems.error(`${companion.address} names no key_name`);
  return true;
}

export const rule = resourceRule({
  control: "CMK-ENCRYPTION",
  cloud: "azure",
  title: "Storage accounts, registries and Service Bus namespaces encrypt with a Key Vault key of the stack",
  severity: "error",
  appliesTo: Object.keys(KEY_PATHS),
  mappings: { checkov: ["CKV2_AZURE_1", "CKV_AZURE_201"], nist80053: ["SC-12", "SC-28", "SC-28(1)"] },
  rationale: "Microsoft-managed keys are used and rotated by Microsoft on behalf of anyone with access to the data; a customer-managed key puts decryption behind a key this stack controls, audits and can revoke.",
  fix: "Add customer_managed_key { key_vault_key_id = <key>.versionless_id, user_assigned_identity_id = ... } (hardenedStorageAccount does, with the stack's KmsKey), or an azurerm_storage_account_customer_managed_key; registries take encryption { key_vault_key_id, identity_client_id }.",
  check(resource, context) {
    const problems = context.problems();
    const block = BLOCKS[resource.type]!;
    const found = KEY_PATHS[resource.type]!.some((path) => judgeKey(resource, path, context, problems) === "found");
    if (!found && !(resource.type === "azurerm_storage_account" && checkStorageCompanion(resource, context, problems))) {
      problems.error(`no ${block} block${resource.type === "azurerm_storage_account" ? " and no azurerm_storage_account_customer_managed_key" : ""}: data is encrypted with a Microsoft-managed key`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "account with the stack's key (hardenedStorageAccount)", stack: { resource: { azurerm_key_vault_key: { k: {} }, azurerm_storage_account: { a: { customer_managed_key: { key_vault_key_id: "${azurerm_key_vault_key.k.versionless_id}", user_assigned_identity_id: "${azurerm_user_assigned_identity.i.id}" } } } } } },
      { name: "account with a customer-managed-key companion", stack: { resource: { azurerm_key_vault_key: { k: {} }, azurerm_storage_account: { a: {} }, azurerm_storage_account_customer_managed_key: { c: { storage_account_id: "${azurerm_storage_account.a.id}", key_vault_id: "${azurerm_key_vault.v.id}", key_name: "${azurerm_key_vault_key.k.name}" } } } } },
      { name: "registry with the stack's key", stack: { resource: { azurerm_key_vault_key: { k: {} }, azurerm_container_registry: { r: { encryption: { key_vault_key_id: "${azurerm_key_vault_key.k.versionless_id}", identity_client_id: "${azurerm_user_assigned_identity.i.client_id}" } } } } } },
    ],
    noncompliance: [
      { name: "account without a customer-managed key", stack: { resource: { azurerm_storage_account: { a: {} } } }, expect: "no customer_managed_key block and no azurerm_storage_account_customer_managed_key" },
      { name: "account with a literal key id", stack: { resource: { azurerm_storage_account: { a: { customer_managed_key: { key_vault_key_id: "https://kv.vault.azure.net/keys/logs" } } } } }, expect: "is the literal \"https://kv.vault.azure.net/keys/logs\"", severity: "warning" },
      { name: "registry without encryption", stack: { resource: { azurerm_container_registry: { r: { sku: "Premium" } } } }, expect: "no encryption block" },
      { name: "Service Bus namespace without a customer-managed key", stack: { resource: { azurerm_servicebus_namespace: { n: { sku: "Premium" } } } }, expect: "no customer_managed_key block" },
      {
        name: "a plan whose account has no key",
        plan: planOf([{ type: "azurerm_storage_account", name: "a", after: { customer_managed_key: [] } }]),
        expect: "Microsoft-managed key",
      },
    ],
  },
});
