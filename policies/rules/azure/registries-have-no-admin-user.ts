import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf } from "../../support/azure-model";

export const rule = resourceRule({
  control: "REGISTRY-NO-ADMIN-USER",
  cloud: "azure",
  title: "Container registries have the admin user off",
  severity: "error",
  appliesTo: ["azurerm_container_registry"],
  mappings: { checkov: ["CKV_AZURE_137"], nist80053: ["IA-2", "IA-5", "AC-6"] },
  rationale: "The admin user is one shared username and password with push and pull on the whole registry, usable from anywhere and naming nobody; pushes should come from identities with scoped roles.",
  fix: "Leave admin_enabled at its default false and grant AcrPush or AcrPull to the identities that need them.",
  check(registry, context) {
    const problems = context.problems();
    // azurerm 4.55 container_registry_resource.go: admin_enabled defaults to false.
    const admin = valueOf(registry, "admin_enabled");
    if (admin === UNKNOWN_VALUE) problems.unknown("admin_enabled");
    else if (admin === true) problems.error("admin_enabled is true: a shared username and password can push and pull every image");
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "admin off", stack: { resource: { azurerm_container_registry: { r: { admin_enabled: false } } } } },
      { name: "default (off)", stack: { resource: { azurerm_container_registry: { r: { sku: "Premium" } } } } },
    ],
    noncompliance: [
      { name: "admin on", stack: { resource: { azurerm_container_registry: { r: { admin_enabled: true } } } }, expect: "admin_enabled is true" },
      { name: "a plan turning admin on", plan: planOf([{ type: "azurerm_container_registry", name: "r", after: { admin_enabled: true } }]), expect: "shared username and password" },
    ],
  },
});
