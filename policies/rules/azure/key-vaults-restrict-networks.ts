import { resourceRule } from "../../rule";
import { exposureOf, reportExposure, planOf } from "../../support/azure-model";

export const rule = resourceRule({
  control: "KEY-STORE-NETWORK-RESTRICTED",
  cloud: "azure",
  title: "Key Vaults deny every network by default",
  severity: "error",
  appliesTo: ["azurerm_key_vault"],
  mappings: { checkov: ["CKV_AZURE_109", "CKV_AZURE_189"], nist80053: ["SC-7", "AC-4"] },
  rationale: "A vault reachable from every network exposes its data plane to credential stuffing and token replay from anywhere; only trusted services, private endpoints and the deployers' addresses should reach it.",
  fix: "Set network_acls { default_action = \"Deny\", bypass = \"AzureServices\" } and public_network_access_enabled = false, or the deployers' ip_rules (KeyVault does; allowedIpRanges is the public network switch).",
  check(vault, context) {
    const problems = context.problems();
    const exposure = exposureOf(vault, "network_acls");
    reportExposure(problems, exposure);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "public network off (KeyVault without allowedIpRanges)", stack: { resource: { azurerm_key_vault: { v: { public_network_access_enabled: false, network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: [] } } } } } },
    ],
    noncompliance: [
      { name: "no firewall", stack: { resource: { azurerm_key_vault: { v: {} } } }, expect: "there is no network_acls block" },
      { name: "allow by default", stack: { resource: { azurerm_key_vault: { v: { public_network_access_enabled: true, network_acls: { default_action: "Allow", bypass: "AzureServices" } } } } }, expect: "network_acls.default_action is \"Allow\"" },
      { name: "public network switch", stack: { resource: { azurerm_key_vault: { v: { public_network_access_enabled: true, network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: ["203.0.113.0/24"] } } } } }, expect: "public network switch", severity: "warning" },
      { name: "a plan of an open vault", plan: planOf([{ type: "azurerm_key_vault", name: "v", after: { public_network_access_enabled: true, network_acls: [{ default_action: "Allow", bypass: "None", ip_rules: [] }] } }]), expect: "\"Allow\", not \"Deny\"" },
    ],
  },
});
