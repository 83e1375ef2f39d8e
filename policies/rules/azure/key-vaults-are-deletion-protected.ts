import { Resource } from "../../model";
import { RuleContext, notApplicable, resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

/** Longest soft-delete retention Key Vault allows, the blueprint's strict default (7-90: key_vault_resource.go at v4.55.0). */
const FULL_SOFT_DELETE_DAYS = 90;
/** Lock levels that make Azure Resource Manager refuse a delete (learn.microsoft.com/azure/azure-resource-manager/management/lock-resources). */
const DELETE_BLOCKING_LOCKS = ["CanNotDelete", "ReadOnly"];

function checkVault(vault: Resource, context: RuleContext) {
  const problems = context.problems();
  // azurerm 4.55: purge_protection_enabled is optional with no default, so absent means off.
  const purge = valueOf(vault, "purge_protection_enabled");
  if (purge === UNKNOWN_VALUE) problems.unknown("purge_protection_enabled");
  else if (purge !== true) problems.error(`purge_protection_enabled is ${show(purge)}, not true: a deleted vault or key can be purged at once`);
  const days = valueOf(vault, "soft_delete_retention_days");
  if (days === UNKNOWN_VALUE) problems.unknown("soft_delete_retention_days");
  else if (days !== undefined && Number(days) < FULL_SOFT_DELETE_DAYS) problems.relaxed(`soft_delete_retention_days is ${show(days)}, less than ${FULL_SOFT_DELETE_DAYS}: deleted keys stay recoverable for a shorter time (standard protection)`);
  const locks = context.referencing(vault, "azurerm_management_lock", "scope");
  const levels = locks.map((l) => valueOf(l, "lock_level"));
  if (levels.includes(UNKNOWN_VALUE)) problems.unknown("the management lock's lock_level");
  else if (!levels.some((l) => typeof l === "string" && DELETE_BLOCKING_LOCKS.includes(l))) problems.relaxed("no CanNotDelete management lock on the vault: Azure Resource Manager deletes it on request (standard protection)");
  return problems.outcome();
}

function checkKey(key: Resource, context: RuleContext) {
  // A plan does not record lifecycle.prevent_destroy; the destroy guard reads the plan's actions instead.
  if (context.stack.source === "plan") return notApplicable("a plan does not record prevent_destroy");
  const problems = context.problems();
  if (key.preventDestroy !== true) problems.relaxed(`lifecycle.prevent_destroy is ${show(key.preventDestroy)}, not true: a plan may destroy the key (standard protection)`);
  return problems.outcome();
}

export const rule = resourceRule({
  control: "KEY-DELETION-PROTECTED",
  cloud: "azure",
  title: "Key Vaults keep deleted keys recoverable and refuse deletion",
  severity: "error",
  appliesTo: ["azurerm_key_vault", "azurerm_key_vault_key"],
  mappings: { checkov: ["CKV_AZURE_110", "CKV_AZURE_42"], nist80053: ["SC-12", "CP-9", "SI-12"] },
  rationale: "Data wrapped by a purged key is lost for good: purge protection and a long soft-delete retention keep a deleted key recoverable, and a delete lock and prevent_destroy stop the deletion in the first place.",
  fix: "Set purge_protection_enabled = true and soft_delete_retention_days = 90, add a CanNotDelete azurerm_management_lock on the vault, and keep lifecycle.prevent_destroy on keys (KeyVault and KmsKey do all of this under strict protection).",
  check(resource, context) {
    return resource.type === "azurerm_key_vault" ? checkVault(resource, context) : checkKey(resource, context);
  },
  tests: {
    compliance: [
      {
        name: "purge protection, 90 days, locked; key with prevent_destroy",
        stack: {
          resource: {
            azurerm_key_vault: { v: { purge_protection_enabled: true, soft_delete_retention_days: 90 } },
            azurerm_management_lock: { l: { scope: "${azurerm_key_vault.v.id}", lock_level: "CanNotDelete" } },
            azurerm_key_vault_key: { k: { key_vault_id: "${azurerm_key_vault.v.id}", lifecycle: { prevent_destroy: true } } },
          },
        },
      },
    ],
    noncompliance: [
      { name: "purge protection absent", stack: { resource: { azurerm_key_vault: { v: { soft_delete_retention_days: 90 } }, azurerm_management_lock: { l: { scope: "${azurerm_key_vault.v.id}", lock_level: "CanNotDelete" } } } }, expect: "purge_protection_enabled is \"absent\"" },
      { name: "purge protection off", stack: { resource: { azurerm_key_vault: { v: { purge_protection_enabled: false } } } }, expect: "purge_protection_enabled is false" },
      { name: "seven-day soft delete", stack: { resource: { azurerm_key_vault: { v: { purge_protection_enabled: true, soft_delete_retention_days: 7 } } } }, expect: "soft_delete_retention_days is 7", severity: "warning" },
      { name: "no delete lock", stack: { resource: { azurerm_key_vault: { v: { purge_protection_enabled: true } } } }, expect: "no CanNotDelete management lock", severity: "warning" },
      { name: "key without prevent_destroy", stack: { resource: { azurerm_key_vault_key: { k: { lifecycle: { prevent_destroy: false } } } } }, expect: "lifecycle.prevent_destroy is false", severity: "warning" },
      {
        name: "a plan whose vault leaves purge protection off",
        plan: planOf([
          { type: "azurerm_key_vault", name: "v", after: { purge_protection_enabled: false, soft_delete_retention_days: 90 } },
          { type: "azurerm_management_lock", name: "l", after: { lock_level: "CanNotDelete" }, unknown: { scope: true }, references: { scope: ["azurerm_key_vault.v.id"] } },
        ]),
        expect: "purge_protection_enabled is false",
      },
    ],
  },
});
