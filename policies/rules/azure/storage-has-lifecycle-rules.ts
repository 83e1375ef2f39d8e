import { Resource, valuesAt } from "../../model";
import { resourceRule } from "../../rule";
import { companions, planOf } from "../../support/azure-model";

/** A rule counts when it is enabled (the provider's default) and acts on current blobs or, for versioned state, on prior versions. */
function actingRules(policy: Resource): string[] {
  return valuesAt(policy.attributes, "rule")
    .filter((r) => valuesAt(r, "enabled")[0] !== false)
    .filter((r) => ["actions.base_blob", "actions.version"].some((p) => valuesAt(r, p).some((a) => a && typeof a === "object" && Object.keys(a).length > 0)))
    .map((r) => String(valuesAt(r, "name")[0] ?? "(unnamed)"));
}

const ACCOUNT = { azurerm_storage_account: { a: { name: "st" } } };

export const rule = resourceRule({
  control: "LIFECYCLE-TIERS",
  cloud: "azure",
  title: "Storage accounts have a management policy that tiers or expires blobs",
  severity: "error",
  appliesTo: ["azurerm_storage_account"],
  mappings: { nist80053: ["SI-12", "AU-11"] },
  rationale: "Without lifecycle rules every blob stays in the hot tier for ever: retention is whatever nobody deleted, and the bill grows without end; a management policy applies the retention tier.",
  fix: "Add an azurerm_storage_management_policy for the account with an enabled rule whose actions.base_blob moves blobs to cool, cold or archive and deletes them after the tier's period (ImmutableLogBucket does from its retention tier); a versioned account may expire prior versions with actions.version instead.",
  check(account, context) {
    const problems = context.problems();
    const policies = companions(context, account, "azurerm_storage_management_policy", ["storage_account_id"]);
    if (policies.length === 0) return problems.error("no azurerm_storage_management_policy for the account: blobs are never tiered or expired").outcome();
    if (policies.every((p) => actingRules(p).length === 0)) problems.error(`${policies.map((p) => p.address).join(", ")} has no enabled rule with actions.base_blob or actions.version`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "tiering and expiry from the retention tier",
        stack: { resource: { ...ACCOUNT, azurerm_storage_management_policy: { p: { storage_account_id: "${azurerm_storage_account.a.id}", rule: [{ name: "retention", enabled: true, filters: { blob_types: ["blockBlob"] }, actions: { base_blob: { tier_to_cool_after_days_since_creation_greater_than: 30, delete_after_days_since_creation_greater_than: 2557 } } }] } } } },
      },
    ],
    noncompliance: [
      { name: "no management policy", stack: { resource: ACCOUNT }, expect: "no azurerm_storage_management_policy for the account" },
      {
        name: "only a disabled rule",
        stack: { resource: { ...ACCOUNT, azurerm_storage_management_policy: { p: { storage_account_id: "${azurerm_storage_account.a.id}", rule: [{ name: "off", enabled: false, actions: { base_blob: { delete_after_days_since_creation_greater_than: 30 } } }] } } } },
        expect: "has no enabled rule with actions.base_blob",
      },
      {
        name: "a plan whose policy only deletes snapshots",
        plan: planOf([
          { type: "azurerm_storage_account", name: "a", after: { name: "st" } },
          { type: "azurerm_storage_management_policy", name: "p", after: { rule: [{ name: "snapshots", enabled: true, actions: [{ base_blob: [], snapshot: [{ delete_after_days_since_creation_greater_than: 30 }] }] }] }, unknown: { storage_account_id: true }, references: { storage_account_id: ["azurerm_storage_account.a.id"] } },
        ]),
        expect: "has no enabled rule",
      },
    ],
  },
});
