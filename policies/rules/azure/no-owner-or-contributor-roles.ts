import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf } from "../../support/azure-model";
import { PRIMITIVE_ROLES, assignedRole } from "../../support/azure-roles";

export const rule = resourceRule({
  control: "NO-PRIMITIVE-ROLES",
  cloud: "azure",
  title: "No Owner, Contributor or User Access Administrator assignments",
  severity: "error",
  appliesTo: ["azurerm_role_assignment"],
  mappings: { nist80053: ["AC-6", "AC-6(5)"] },
  rationale: "Owner and Contributor can change or delete every resource in scope (Owner and User Access Administrator can also grant themselves anything); a workload or deployer holding one turns any compromise into a full one.",
  fix: "Assign the narrowest built-in or custom role for the job on the resource it needs (the blueprint uses Key Vault Crypto Service Encryption User on one key, Storage Blob Data Contributor on the state account, its key-manager role on the vault).",
  check(assignment, context) {
    const problems = context.problems();
    const role = assignedRole(assignment, context);
    // Only a role apply decides is unknown; a literal custom role id or a role of another stack is not primitive.
    if (role.kind === "unknown" && valueOf(assignment, "role_definition_id") === UNKNOWN_VALUE && !assignment.references.has("role_definition_id")) {
      problems.unknown("role_definition_id");
    }
    if (role.kind === "built-in" && (PRIMITIVE_ROLES as readonly string[]).some((r) => r.toLowerCase() === role.name.toLowerCase())) {
      problems.error(`assigns the built-in role "${role.name}", which administers every resource in scope`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "a narrow data role (StateBucket)", stack: { resource: { azurerm_role_assignment: { a: { scope: "${azurerm_storage_account.s.id}", role_definition_name: "Storage Blob Data Contributor", principal_id: "x" } } } } }],
    noncompliance: [
      { name: "Owner by name", stack: { resource: { azurerm_role_assignment: { a: { scope: "${azurerm_resource_group.rg.id}", role_definition_name: "Owner", principal_id: "x" } } } }, expect: "assigns the built-in role \"Owner\"" },
      { name: "Contributor by id", stack: { resource: { azurerm_role_assignment: { a: { scope: "${azurerm_resource_group.rg.id}", role_definition_id: "/subscriptions/00000000-0000-4000-8000-000000000002/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c", principal_id: "x" } } } }, expect: "\"Contributor\"" },
      { name: "a plan granting User Access Administrator", plan: planOf([{ type: "azurerm_role_assignment", name: "a", after: { scope: "/subscriptions/s", role_definition_name: "User Access Administrator" }, unknown: { principal_id: true } }]), expect: "\"User Access Administrator\"" },
    ],
  },
});
