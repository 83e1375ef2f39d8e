import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { exposureOf, reportExposure, planOf, show } from "../../support/azure-model";

export const rule = resourceRule({
  control: "STORAGE-NOT-PUBLIC",
  cloud: "azure",
  title: "Storage accounts allow no public blobs and deny every network by default",
  severity: "error",
  appliesTo: ["azurerm_storage_account"],
  mappings: { checkov: ["CKV_AZURE_190", "CKV_AZURE_59", "CKV_AZURE_35"], nist80053: ["AC-3", "AC-4", "SC-7"] },
  rationale: "A container opened to anonymous reads, or an account endpoint reachable from every network, exposes logs and state to anyone who guesses a URL; only the deployers' addresses and private endpoints should reach the account.",
  fix: "Set allow_nested_items_to_be_public = false and either public_network_access_enabled = false or network_rules { default_action = \"Deny\" } with the deployers' ip_rules (hardenedStorageAccount does; allowedIpRanges is the public network switch).",
  check(account, context) {
    const problems = context.problems();
    // azurerm 4.55 storage_account_resource.go: allow_nested_items_to_be_public defaults to true.
    const nested = valueOf(account, "allow_nested_items_to_be_public");
    if (nested === UNKNOWN_VALUE) problems.unknown("allow_nested_items_to_be_public");
    else if (nested !== false) problems.error(`allow_nested_items_to_be_public is ${show(nested)}${nested === undefined ? " (default true)" : ""}, not false: containers may be opened to anonymous reads`);
    // A separate azurerm_storage_account_network_rules resource overrides the inline block.
    const acl = context.referencing(account, "azurerm_storage_account_network_rules", "storage_account_id")[0];
    const exposure = exposureOf(account, "network_rules", acl);
    reportExposure(problems, exposure);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "public network off", stack: { resource: { azurerm_storage_account: { a: { allow_nested_items_to_be_public: false, public_network_access_enabled: false, network_rules: { default_action: "Deny" } } } } } },
      { name: "public endpoint on but denying everything", stack: { resource: { azurerm_storage_account: { a: { allow_nested_items_to_be_public: false, network_rules: { default_action: "Deny", bypass: ["AzureServices"] } } } } } },
    ],
    noncompliance: [
      { name: "nested items public by default", stack: { resource: { azurerm_storage_account: { a: { public_network_access_enabled: false } } } }, expect: "allow_nested_items_to_be_public is \"absent\" (default true)" },
      { name: "no firewall", stack: { resource: { azurerm_storage_account: { a: { allow_nested_items_to_be_public: false } } } }, expect: "there is no network_rules block, so every network is allowed" },
      { name: "firewall allows by default", stack: { resource: { azurerm_storage_account: { a: { allow_nested_items_to_be_public: false, public_network_access_enabled: true, network_rules: { default_action: "Allow" } } } } }, expect: "network_rules.default_action is \"Allow\", not \"Deny\"" },
      { name: "separate network rules allow by default", stack: { resource: { azurerm_storage_account: { a: { allow_nested_items_to_be_public: false } }, azurerm_storage_account_network_rules: { n: { storage_account_id: "${azurerm_storage_account.a.id}", default_action: "Allow" } } } }, expect: "default_action is \"Allow\"" },
      { name: "public network switch", stack: { resource: { azurerm_storage_account: { a: { allow_nested_items_to_be_public: false, public_network_access_enabled: true, network_rules: { default_action: "Deny", ip_rules: ["203.0.113.0/24"] } } } } }, expect: "public network switch", severity: "warning" },
      {
        name: "a plan of an account with public blobs",
        plan: planOf([{ type: "azurerm_storage_account", name: "a", after: { allow_nested_items_to_be_public: true, public_network_access_enabled: false, network_rules: [{ default_action: "Deny", ip_rules: [] }] } }]),
        expect: "allow_nested_items_to_be_public is true",
      },
    ],
  },
});
