import { Resource } from "../../model";
import { RuleContext, resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

function checkAccount(account: Resource, context: RuleContext) {
  const problems = context.problems();
  // azurerm 4.55 storage_account_resource.go: shared_access_key_enabled defaults to true.
  const shared = valueOf(account, "shared_access_key_enabled");
  if (shared === UNKNOWN_VALUE) problems.unknown("shared_access_key_enabled");
  else if (shared !== false) problems.error(`shared_access_key_enabled is ${show(shared)}${shared === undefined ? " (default true)" : ""}, not false: the account keys and every SAS signed with them grant access without Entra ID`);
  return problems.outcome();
}

function checkVault(vault: Resource, context: RuleContext) {
  const problems = context.problems();
  // azurerm 4.55 key_vault_resource.go: rbac_authorization_enabled (enable_rbac_authorization is
  // its deprecated name) has no default, and API 2023-02-01 then keeps access policies.
  const current = valueOf(vault, "rbac_authorization_enabled");
  const rbac = current !== undefined ? current : valueOf(vault, "enable_rbac_authorization");
  if (rbac === UNKNOWN_VALUE) problems.unknown("rbac_authorization_enabled");
  else if (rbac !== true) problems.error(`rbac_authorization_enabled is ${show(rbac)}, not true: the vault is governed by legacy access policies, outside Azure RBAC, PIM and its audit`);
  const inline = valueOf(vault, "access_policy");
  if (inline !== undefined && inline !== UNKNOWN_VALUE) problems.error("the vault has inline access_policy blocks (legacy access policies)");
  return problems.outcome();
}

export const rule = resourceRule({
  control: "NO-LONG-LIVED-CREDENTIALS",
  cloud: "azure",
  title: "Storage accounts refuse shared keys and Key Vaults use Azure RBAC",
  severity: "error",
  appliesTo: ["azurerm_storage_account", "azurerm_key_vault", "azurerm_key_vault_access_policy"],
  mappings: { checkov: ["CKV2_AZURE_40"], nist80053: ["IA-5", "AC-2", "AC-3"] },
  rationale: "A storage account key is a password to all its data that never expires and names nobody; Key Vault access policies sit outside Azure RBAC, so conditional access, PIM and role reviews miss them.",
  fix: "Set shared_access_key_enabled = false on storage accounts (hardenedStorageAccount does; the backend then uses use_azuread_auth) and rbac_authorization_enabled = true on vaults (KeyVault does), with role assignments instead of access policies.",
  check(resource, context) {
    if (resource.type === "azurerm_storage_account") return checkAccount(resource, context);
    if (resource.type === "azurerm_key_vault") return checkVault(resource, context);
    return context.problems().error("azurerm_key_vault_access_policy grants vault access through a legacy access policy, not Azure RBAC").outcome();
  },
  tests: {
    compliance: [
      { name: "Entra ID only", stack: { resource: { azurerm_storage_account: { a: { shared_access_key_enabled: false } }, azurerm_key_vault: { v: { rbac_authorization_enabled: true } } } } },
      { name: "the deprecated RBAC switch", stack: { resource: { azurerm_key_vault: { v: { enable_rbac_authorization: true } } } } },
    ],
    noncompliance: [
      { name: "shared keys by default", stack: { resource: { azurerm_storage_account: { a: {} } } }, expect: "shared_access_key_enabled is \"absent\" (default true)" },
      { name: "vault on access policies", stack: { resource: { azurerm_key_vault: { v: { access_policy: [{ object_id: "x", key_permissions: ["Get"] }] } } } }, expect: "rbac_authorization_enabled is \"absent\", not true" },
      { name: "a separate access policy", stack: { resource: { azurerm_key_vault_access_policy: { p: { key_vault_id: "${azurerm_key_vault.v.id}", object_id: "x" } } } }, expect: "legacy access policy" },
      { name: "a plan with shared keys on", plan: planOf([{ type: "azurerm_storage_account", name: "a", after: { shared_access_key_enabled: true } }]), expect: "shared_access_key_enabled is true" },
    ],
  },
});
