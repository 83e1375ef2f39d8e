import { valuesAt } from "../../model";
import { asList, resourceRule } from "../../rule";
import { planOf } from "../../support/azure-model";

/** `*`, or a whole resource provider (`Microsoft.Storage/*`, `Microsoft.KeyVault/*`). */
const WHOLE_SERVICE = /^(\*|[^/*]+\/\*)$/;

export const rule = resourceRule({
  control: "IAM-NO-WILDCARD-ACTION",
  cloud: "azure",
  title: "Custom roles name their actions, never a whole resource provider",
  severity: "error",
  appliesTo: ["azurerm_role_definition"],
  mappings: { checkov: ["CKV_AZURE_39"], cis: ["Azure Foundations 1.3.1 1.21"], nist80053: ["AC-6", "AC-6(10)"] },
  rationale: "`*` or `Microsoft.<Provider>/*` grants every present and future operation of the service, deletes and role writes included; a role that names its actions grants only what its job needs.",
  fix: "List the actions and data actions the role needs (KeyVault's key-manager role names eight data actions and one read).",
  check(definition, context) {
    const problems = context.problems();
    for (const path of ["actions", "data_actions"]) {
      const wide = valuesAt(definition.attributes, "permissions").flatMap((p) => asList(valuesAt(p, path))).filter((a) => WHOLE_SERVICE.test(a));
      if (wide.length > 0) problems.error(`permissions.${path} grants ${wide.map((a) => JSON.stringify(a)).join(", ")}: every operation of ${wide.includes("*") ? "every service" : "the service"}`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "named actions (the key-manager role)", stack: { resource: { azurerm_role_definition: { r: { permissions: [{ actions: ["Microsoft.KeyVault/vaults/read"], data_actions: ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/rotate/action"] }] } } } } }],
    noncompliance: [
      { name: "every action", stack: { resource: { azurerm_role_definition: { r: { permissions: [{ actions: ["*"] }] } } } }, expect: "permissions.actions grants \"*\": every operation of every service" },
      { name: "a whole provider's data actions", stack: { resource: { azurerm_role_definition: { r: { permissions: [{ data_actions: ["Microsoft.Storage/*"] }] } } } }, expect: "permissions.data_actions grants \"Microsoft.Storage/*\"" },
      { name: "a plan of a KeyVault-wide role", plan: planOf([{ type: "azurerm_role_definition", name: "r", after: { permissions: [{ actions: ["Microsoft.KeyVault/*"], data_actions: [] }] } }]), expect: "\"Microsoft.KeyVault/*\"" },
    ],
  },
});
