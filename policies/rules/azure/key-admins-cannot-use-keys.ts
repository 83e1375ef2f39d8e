import { Resource, isExpression, valuesAt } from "../../model";
import { RuleContext, notApplicable, resourceRule } from "../../rule";
import { planOf } from "../../support/azure-model";
import {
  AssignedRole,
  KEY_MANAGER_BUILT_IN_ROLES,
  KEY_MANAGE_DATA_ACTIONS,
  KEY_USER_BUILT_IN_ROLES,
  KEY_USE_DATA_ACTIONS,
  assignedRole,
  grantedDataActions,
  principalKey,
  roleLabel,
} from "../../support/azure-roles";

/** Scopes above a single resource: `/`, a management group, a subscription, a resource group. */
const WIDE_SCOPE = /^\/$|^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+\/?$|^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/?$/i;

type KeyRole = "manages" | "uses" | "both" | "neither";

function customRoleKind(definition: Resource): KeyRole {
  const manages = grantedDataActions(definition, KEY_MANAGE_DATA_ACTIONS).length > 0;
  const uses = grantedDataActions(definition, KEY_USE_DATA_ACTIONS).length > 0;
  return manages && uses ? "both" : manages ? "manages" : uses ? "uses" : "neither";
}

function keyRoleOf(role: AssignedRole): KeyRole {
  if (role.kind === "custom") return customRoleKind(role.definition);
  if (role.kind === "unknown") return "neither";
  // The built-in manager roles carry the use actions too (keys/* and vaults/*).
  if ((KEY_MANAGER_BUILT_IN_ROLES as readonly string[]).includes(role.name)) return "both";
  if ((KEY_USER_BUILT_IN_ROLES as readonly string[]).includes(role.name)) return "uses";
  return "neither";
}

/**
 * What an assignment's scope covers, as vault keys: a vault, the vault of a key, every vault of
 * a resource group of the stack, or `*` for a subscription or anything wider. Literal scopes
 * are cut back to their vault (`.../vaults/<name>/keys/<key>` → `.../vaults/<name>`).
 */
function vaultsCovered(assignment: Resource, context: RuleContext): string[] {
  const target = context.referenced(assignment, "scope")[0];
  if (target?.type === "azurerm_key_vault") return [target.baseAddress];
  if (target?.type === "azurerm_key_vault_key") return context.referenced(target, "key_vault_id").map((v) => v.baseAddress);
  if (target?.type === "azurerm_resource_group") {
    const byGroup = context.memo("azure:key-admin-separated:vaults-by-group", () => {
      const index = new Map<string, string[]>();
      for (const v of context.resourcesOf("azurerm_key_vault")) for (const g of context.referenced(v, "resource_group_name")) (index.get(g.baseAddress) ?? index.set(g.baseAddress, []).get(g.baseAddress)!).push(v.baseAddress);
      return index;
    });
    return byGroup.get(target.baseAddress) ?? [];
  }
  if (target && /subscription|management_group/.test(target.type)) return ["*"];
  const raw = valuesAt(assignment.attributes, "scope")[0];
  if (typeof raw !== "string" || isExpression(raw)) return target ? [target.baseAddress] : [];
  const vault = /^(.*\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+)/i.exec(raw);
  if (vault) return [vault[1]!.toLowerCase()];
  // The root, a management group, a subscription or a resource group holds vaults; any other resource does not.
  return WIDE_SCOPE.test(raw) ? ["*"] : [raw.toLowerCase()];
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  return a.includes("*") ? b.length > 0 : b.includes("*") ? a.length > 0 : a.some((x) => b.includes(x));
}

function checkAssignment(assignment: Resource, context: RuleContext) {
  const role = assignedRole(assignment, context);
  const kind = keyRoleOf(role);
  if (kind === "neither" || kind === "uses") return notApplicable("the role does not manage keys");
  const problems = context.problems();
  if (role.kind === "built-in") {
    problems.error(`assigns ${roleLabel(role)}, which both manages and uses keys (encrypt, decrypt, wrap, unwrap, sign): assign a key-manager role without the use data actions`);
    return problems.outcome();
  }
  const principal = principalKey(assignment);
  const scope = vaultsCovered(assignment, context);
  if (principal === undefined) return problems.unknown("principal_id").outcome();
  const byPrincipal = context.memo("azure:key-admin-separated:assignments-by-principal", () => {
    const index = new Map<string | undefined, Resource[]>();
    for (const a of context.resourcesOf("azurerm_role_assignment")) (index.get(principalKey(a)) ?? index.set(principalKey(a), []).get(principalKey(a))!).push(a);
    return index;
  });
  for (const other of byPrincipal.get(principal) ?? []) {
    if (other === assignment) continue;
    const otherKind = keyRoleOf(assignedRole(other, context));
    if ((otherKind === "uses" || otherKind === "both") && overlaps(scope, vaultsCovered(other, context))) {
      problems.error(`principal ${principal} manages keys here and also holds ${roleLabel(assignedRole(other, context))} on the same vault (${other.address}): whoever administers a key could use it`);
    }
  }
  return problems.outcome();
}

function checkDefinition(definition: Resource, context: RuleContext) {
  const manages = grantedDataActions(definition, KEY_MANAGE_DATA_ACTIONS);
  if (manages.length === 0) return notApplicable("the role does not manage keys");
  const uses = grantedDataActions(definition, KEY_USE_DATA_ACTIONS);
  const problems = context.problems();
  if (uses.length > 0) problems.error(`the role manages keys (${manages.length} management data actions) and its data_actions also grant ${uses.join(", ")}`);
  return problems.outcome();
}

const MANAGER_ROLE = {
  assignable_scopes: ["${azurerm_resource_group.rg.id}"],
  permissions: [{ actions: ["Microsoft.KeyVault/vaults/read"], data_actions: ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/create/action", "Microsoft.KeyVault/vaults/keys/rotate/action"] }],
};

export const rule = resourceRule({
  control: "KEY-ADMIN-SEPARATED",
  cloud: "azure",
  title: "Key Vault key managers cannot use the keys they manage",
  severity: "error",
  appliesTo: ["azurerm_role_assignment", "azurerm_role_definition"],
  mappings: { nist80053: ["AC-5", "AC-6", "SC-12"] },
  rationale: "When the identity that creates, rotates and deletes keys can also decrypt or unwrap with them, one stolen administrator credential reads every log and state file; separating the duties forces collusion.",
  fix: "Assign key administrators a custom role with only the key-management data actions (KeyVault's key-manager role), never Key Vault Administrator or Crypto Officer, and give Crypto User or Crypto Service Encryption User to other principals only.",
  check(resource, context) {
    return resource.type === "azurerm_role_definition" ? checkDefinition(resource, context) : checkAssignment(resource, context);
  },
  tests: {
    compliance: [
      {
        name: "key manager and key user are different principals (the blueprint's vault)",
        stack: {
          resource: {
            azurerm_key_vault: { v: { name: "kv" } },
            azurerm_key_vault_key: { k: { key_vault_id: "${azurerm_key_vault.v.id}" } },
            azurerm_role_definition: { manager: MANAGER_ROLE },
            azurerm_role_assignment: {
              admin: { scope: "${azurerm_key_vault.v.id}", role_definition_id: "${azurerm_role_definition.manager.role_definition_resource_id}", principal_id: "${data.azurerm_client_config.me.object_id}" },
              storage: { scope: "${azurerm_key_vault_key.k.resource_versionless_id}", role_definition_name: "Key Vault Crypto Service Encryption User", principal_id: "${azurerm_user_assigned_identity.id.principal_id}" },
            },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "the key manager also uses a key of the vault",
        stack: {
          resource: {
            azurerm_key_vault: { v: { name: "kv" } },
            azurerm_key_vault_key: { k: { key_vault_id: "${azurerm_key_vault.v.id}" } },
            azurerm_role_definition: { manager: MANAGER_ROLE },
            azurerm_role_assignment: {
              admin: { scope: "${azurerm_key_vault.v.id}", role_definition_id: "${azurerm_role_definition.manager.role_definition_resource_id}", principal_id: "00000000-0000-4000-8000-0000000000a1" },
              use: { scope: "${azurerm_key_vault_key.k.resource_versionless_id}", role_definition_name: "Key Vault Crypto User", principal_id: "00000000-0000-4000-8000-0000000000a1" },
            },
          },
        },
        expect: "also holds \"Key Vault Crypto User\" on the same vault",
      },
      {
        name: "a custom key-manager role that can decrypt",
        stack: { resource: { azurerm_role_definition: { r: { permissions: [{ data_actions: ["Microsoft.KeyVault/vaults/keys/create/action", "Microsoft.KeyVault/vaults/keys/decrypt/action"] }] } } } },
        expect: "also grant Microsoft.KeyVault/vaults/keys/decrypt/action",
      },
      {
        name: "a wildcard key role",
        stack: { resource: { azurerm_role_definition: { r: { permissions: [{ data_actions: ["Microsoft.KeyVault/vaults/keys/*"] }] } } } },
        expect: "unwrap/action",
      },
      {
        name: "Key Vault Crypto Officer by role id",
        stack: { resource: { azurerm_role_assignment: { a: { scope: "${azurerm_key_vault.v.id}", role_definition_id: "/providers/Microsoft.Authorization/roleDefinitions/14b46e9e-c2b7-41b4-b07b-48a6ebf60603", principal_id: "x" } } } },
        expect: "assigns \"Key Vault Crypto Officer\", which both manages and uses keys",
      },
      {
        name: "a plan giving the deployer both roles on the vault",
        plan: planOf([
          { type: "azurerm_key_vault", name: "v", after: { name: "kv" } },
          { type: "azurerm_role_definition", name: "manager", after: MANAGER_ROLE },
          { type: "azurerm_role_assignment", name: "admin", after: {}, unknown: { scope: true, role_definition_id: true, principal_id: true }, references: { scope: ["azurerm_key_vault.v.id"], role_definition_id: ["azurerm_role_definition.manager.role_definition_resource_id"], principal_id: ["data.azurerm_client_config.me.object_id"] } },
          { type: "azurerm_role_assignment", name: "use", after: { role_definition_name: "Key Vault Crypto Service Encryption User" }, unknown: { scope: true, principal_id: true }, references: { scope: ["azurerm_key_vault.v.id"], principal_id: ["data.azurerm_client_config.me.object_id"] } },
        ]),
        expect: "also holds \"Key Vault Crypto Service Encryption User\"",
      },
    ],
  },
});
