import { Json, Resource, isExpression, valuesAt } from "../../model";
import { RuleContext, resourceRule } from "../../rule";
import { planOf } from "../../support/azure-model";

/** The tenant id of the stack's azurerm provider: the tenant root management group carries it as its name. */
function tenantOf(context: RuleContext): string | undefined {
  const id = (context.stack.providers["azurerm"]?.[0] as Json | undefined)?.["tenant_id"];
  return typeof id === "string" ? id.toLowerCase() : undefined;
}

/** Why a scope is the whole tenant: `/`, or the tenant root management group; undefined when it is narrower. */
function tenantWide(scope: string, tenant: string | undefined): string | undefined {
  if (scope === "/") return "the root scope \"/\" (every subscription of the tenant)";
  const group = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/?$/i.exec(scope)?.[1];
  if (group && tenant && group.toLowerCase() === tenant) return `the tenant root management group ${JSON.stringify(scope)}`;
  return undefined;
}

function literalScopes(resource: Resource, path: string): string[] {
  return valuesAt(resource.attributes, path).filter((s): s is string => typeof s === "string" && !isExpression(s));
}

export const rule = resourceRule({
  control: "IAM-NO-WILDCARD-RESOURCE",
  cloud: "azure",
  title: "Custom roles and role assignments are scoped below the tenant root",
  severity: "error",
  appliesTo: ["azurerm_role_definition", "azurerm_role_assignment"],
  mappings: { nist80053: ["AC-6", "AC-6(3)"] },
  rationale: "A role assignable at `/` or the tenant root group, or assigned there, applies to every subscription and resource of the tenant, present and future; scoping it to the resource group or resource it serves bounds a compromise.",
  fix: "Set assignable_scopes to the resource group the role serves and assign it on the resource itself (KeyVault defines its role on the resource group and assigns it on the vault).",
  check(resource, context) {
    const problems = context.problems();
    const tenant = tenantOf(context);
    const paths = resource.type === "azurerm_role_definition" ? ["assignable_scopes", "scope"] : ["scope"];
    for (const path of paths) {
      for (const scope of literalScopes(resource, path)) {
        const why = tenantWide(scope, tenant);
        if (why) problems.error(`${path} is ${why}`);
      }
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "a role of one resource group, assigned on a vault", stack: { resource: { azurerm_role_definition: { r: { scope: "${azurerm_resource_group.rg.id}", assignable_scopes: ["${azurerm_resource_group.rg.id}"] } }, azurerm_role_assignment: { a: { scope: "${azurerm_key_vault.v.id}" } } } } },
    ],
    noncompliance: [
      { name: "assignable at the root", stack: { resource: { azurerm_role_definition: { r: { scope: "/subscriptions/00000000-0000-4000-8000-000000000002", assignable_scopes: ["/"] } } } }, expect: "assignable_scopes is the root scope \"/\"" },
      {
        name: "assignable at the tenant root group",
        stack: { provider: { azurerm: [{ tenant_id: "00000000-0000-4000-8000-000000000000" }] }, resource: { azurerm_role_definition: { r: { assignable_scopes: ["/providers/Microsoft.Management/managementGroups/00000000-0000-4000-8000-000000000000"] } } } },
        expect: "the tenant root management group",
      },
      { name: "assigned at the root", stack: { resource: { azurerm_role_assignment: { a: { scope: "/", role_definition_name: "Reader" } } } }, expect: "scope is the root scope" },
      { name: "a plan assigning at the root", plan: planOf([{ type: "azurerm_role_assignment", name: "a", after: { scope: "/", role_definition_name: "Reader" } }]), expect: "scope is the root scope" },
    ],
  },
});
