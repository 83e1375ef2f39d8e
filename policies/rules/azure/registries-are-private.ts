import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

export const rule = resourceRule({
  control: "REGISTRY-NOT-PUBLIC",
  cloud: "azure",
  title: "Container registries have no public endpoint and no anonymous pull",
  severity: "error",
  appliesTo: ["azurerm_container_registry"],
  mappings: { checkov: ["CKV_AZURE_139", "CKV_AZURE_138"], nist80053: ["SC-7", "AC-3", "AC-14"] },
  rationale: "A public registry endpoint is one stolen token away from an image pushed from anywhere; anonymous pull publishes every model image to the internet.",
  fix: "Set public_network_access_enabled = false (Premium, with a private endpoint) and leave anonymous_pull_enabled unset or false.",
  check(registry, context) {
    const problems = context.problems();
    // azurerm 4.55 container_registry_resource.go: public_network_access_enabled defaults to true.
    const open = valueOf(registry, "public_network_access_enabled");
    if (open === UNKNOWN_VALUE) problems.unknown("public_network_access_enabled");
    else if (open !== false) problems.error(`public_network_access_enabled is ${show(open)}${open === undefined ? " (default true)" : ""}, not false`);
    const anonymous = valueOf(registry, "anonymous_pull_enabled");
    if (anonymous === UNKNOWN_VALUE) problems.unknown("anonymous_pull_enabled");
    else if (anonymous === true) problems.error("anonymous_pull_enabled is true: anyone can pull every image");
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "private Premium registry", stack: { resource: { azurerm_container_registry: { r: { sku: "Premium", public_network_access_enabled: false } } } } }],
    noncompliance: [
      { name: "public by default", stack: { resource: { azurerm_container_registry: { r: { sku: "Premium" } } } }, expect: "public_network_access_enabled is \"absent\" (default true)" },
      { name: "anonymous pull", stack: { resource: { azurerm_container_registry: { r: { public_network_access_enabled: false, anonymous_pull_enabled: true } } } }, expect: "anonymous_pull_enabled is true" },
      { name: "a plan of a public registry", plan: planOf([{ type: "azurerm_container_registry", name: "r", after: { public_network_access_enabled: true } }]), expect: "public_network_access_enabled is true" },
    ],
  },
});
