import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

/** Shortest soft-delete window the rule accepts, also the provider's default `days` (storage_account_resource.go at v4.55.0). */
const MIN_DAYS = 7;

export const rule = resourceRule({
  control: "DELETE-RECOVERY",
  cloud: "azure",
  title: "Deleted blobs and containers stay recoverable for at least 7 days",
  severity: "error",
  appliesTo: ["azurerm_storage_account"],
  mappings: { checkov: ["CKV2_AZURE_38"], nist80053: ["CP-9", "CP-10"] },
  rationale: "A deleted blob or container is gone at once without soft delete; a retention window lets an accidental or malicious delete be undone.",
  fix: "Set blob_properties.delete_retention_policy { days = 7 or more } and blob_properties.container_delete_retention_policy (the blueprint's accounts keep 30 days).",
  check(account, context) {
    const problems = context.problems();
    const blob = valueOf(account, "blob_properties.delete_retention_policy");
    if (blob === UNKNOWN_VALUE) problems.unknown("blob_properties.delete_retention_policy");
    else if (blob === undefined) problems.error("blob_properties.delete_retention_policy is absent: deleted blobs are gone at once");
    else {
      const days = valueOf(account, "blob_properties.delete_retention_policy.days");
      if (days === UNKNOWN_VALUE) problems.unknown("blob_properties.delete_retention_policy.days");
      else if (days !== undefined && Number(days) < MIN_DAYS) problems.error(`blob_properties.delete_retention_policy.days is ${show(days)}, less than ${MIN_DAYS}`);
    }
    const container = valueOf(account, "blob_properties.container_delete_retention_policy");
    if (container === UNKNOWN_VALUE) problems.unknown("blob_properties.container_delete_retention_policy");
    else if (container === undefined) problems.error("blob_properties.container_delete_retention_policy is absent: a deleted container is gone at once");
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "30 days for blobs and containers", stack: { resource: { azurerm_storage_account: { a: { blob_properties: { delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } } } } } } }],
    noncompliance: [
      { name: "no soft delete", stack: { resource: { azurerm_storage_account: { a: {} } } }, expect: "delete_retention_policy is absent" },
      { name: "one day", stack: { resource: { azurerm_storage_account: { a: { blob_properties: { delete_retention_policy: { days: 1 }, container_delete_retention_policy: {} } } } } }, expect: "days is 1, less than 7" },
      { name: "containers not recoverable", stack: { resource: { azurerm_storage_account: { a: { blob_properties: { delete_retention_policy: { days: 7 } } } } } }, expect: "container_delete_retention_policy is absent" },
      { name: "a plan without container soft delete", plan: planOf([{ type: "azurerm_storage_account", name: "a", after: { blob_properties: [{ delete_retention_policy: [{ days: 7 }], container_delete_retention_policy: [] }] } }]), expect: "container_delete_retention_policy is absent" },
    ],
  },
});
