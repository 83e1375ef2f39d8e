import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

export const rule = resourceRule({
  control: "TLS-ONLY",
  cloud: "azure",
  title: "Storage accounts accept HTTPS only",
  severity: "error",
  appliesTo: ["azurerm_storage_account"],
  mappings: { checkov: ["CKV_AZURE_3"], cis: ["Azure Foundations 1.3.1 3.1"], nist80053: ["SC-8", "SC-8(1)"] },
  rationale: "Over plain HTTP, requests and the bearer tokens they carry can be read and altered on the way; an account that refuses them leaves nothing to intercept.",
  fix: "Leave https_traffic_only_enabled at its default true or set it explicitly (hardenedStorageAccount does).",
  check(account, context) {
    const problems = context.problems();
    // azurerm 4.55 storage_account_resource.go: https_traffic_only_enabled defaults to true.
    const https = valueOf(account, "https_traffic_only_enabled");
    if (https === UNKNOWN_VALUE) problems.unknown("https_traffic_only_enabled");
    else if (https === false) problems.error(`https_traffic_only_enabled is ${show(https)}: the account accepts plain HTTP`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "HTTPS only", stack: { resource: { azurerm_storage_account: { a: { https_traffic_only_enabled: true } } } } },
      { name: "default (true)", stack: { resource: { azurerm_storage_account: { a: {} } } } },
    ],
    noncompliance: [
      { name: "plain HTTP allowed", stack: { resource: { azurerm_storage_account: { a: { https_traffic_only_enabled: false } } } }, expect: "https_traffic_only_enabled is false" },
      { name: "a plan allowing plain HTTP", plan: planOf([{ type: "azurerm_storage_account", name: "a", after: { https_traffic_only_enabled: false } }]), expect: "accepts plain HTTP" },
      { name: "a plan leaving it to apply", plan: planOf([{ type: "azurerm_storage_account", name: "a", after: {}, unknown: { https_traffic_only_enabled: true } }]), expect: "known only after apply", severity: "warning" },
    ],
  },
});
