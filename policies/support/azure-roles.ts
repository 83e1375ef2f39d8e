import { Resource, isExpression, valuesAt } from "../model";
import { RuleContext, asList, valueOf } from "../rule";

/**
 * Azure RBAC facts the Azure IAM and key-separation rules share. Built-in role ids are the
 * same in every tenant (learn.microsoft.com/azure/role-based-access-control/built-in-roles:
 * general and security); the provider's own tests read Owner as
 * /providers/Microsoft.Authorization/roleDefinitions/8e3af657-... (authorization/role_definition_data_source_test.go).
 */
export const BUILT_IN_ROLE_IDS: Readonly<Record<string, string>> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
  "00482a5a-887f-4fb3-b363-3b7fe8e74483": "Key Vault Administrator",
  "14b46e9e-c2b7-41b4-b07b-48a6ebf60603": "Key Vault Crypto Officer",
  "12338af0-0e69-4776-bea7-57ae8d297424": "Key Vault Crypto User",
  "e147488a-f6f5-4113-8e2d-b22465e65bf6": "Key Vault Crypto Service Encryption User",
};

/** Built-in roles that administer every resource (and, for two of them, who has access). */
export const PRIMITIVE_ROLES = ["Owner", "Contributor", "User Access Administrator"] as const;

/**
 * Built-in Key Vault roles that manage keys. Both also carry the key-use data actions
 * (Crypto Officer `Microsoft.KeyVault/vaults/keys/*`, Administrator `Microsoft.KeyVault/vaults/*`),
 * which is why the blueprint defines its own key-manager role instead.
 */
export const KEY_MANAGER_BUILT_IN_ROLES = ["Key Vault Administrator", "Key Vault Crypto Officer"] as const;
/** Built-in Key Vault roles that use keys (encrypt, decrypt, wrap, unwrap; sign for Crypto User). */
export const KEY_USER_BUILT_IN_ROLES = ["Key Vault Crypto User", "Key Vault Crypto Service Encryption User"] as const;

/** Key Vault data actions that manage a key's life, its material or its rotation. */
export const KEY_MANAGE_DATA_ACTIONS = [
  "Microsoft.KeyVault/vaults/keys/create/action",
  "Microsoft.KeyVault/vaults/keys/update/action",
  "Microsoft.KeyVault/vaults/keys/import/action",
  "Microsoft.KeyVault/vaults/keys/rotate/action",
  "Microsoft.KeyVault/vaults/keys/delete",
  "Microsoft.KeyVault/vaults/keys/recover/action",
  "Microsoft.KeyVault/vaults/keys/purge/action",
  "Microsoft.KeyVault/vaults/keys/backup/action",
  "Microsoft.KeyVault/vaults/keys/restore/action",
  "Microsoft.KeyVault/vaults/keyrotationpolicies/write",
] as const;

/** Key Vault data actions that use a key (learn.microsoft.com/azure/role-based-access-control/permissions/security). */
export const KEY_USE_DATA_ACTIONS = [
  "Microsoft.KeyVault/vaults/keys/encrypt/action",
  "Microsoft.KeyVault/vaults/keys/decrypt/action",
  "Microsoft.KeyVault/vaults/keys/wrap/action",
  "Microsoft.KeyVault/vaults/keys/unwrap/action",
  "Microsoft.KeyVault/vaults/keys/sign/action",
] as const;

/** True when the RBAC action pattern (`*` wildcards, case-insensitive) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return regex.test(action);
}

/** Which of `actions` a permissions block grants: matched by `data_actions`, not taken back by `not_data_actions`. */
export function grantedDataActions(definition: Resource, actions: readonly string[]): string[] {
  const granted = new Set<string>();
  for (const block of valuesAt(definition.attributes, "permissions")) {
    const allow = asList(valuesAt(block, "data_actions"));
    const deny = asList(valuesAt(block, "not_data_actions"));
    for (const action of actions) {
      if (allow.some((p) => actionMatches(p, action)) && !deny.some((p) => actionMatches(p, action))) granted.add(action);
    }
  }
  return [...granted];
}

/** The role an assignment grants: a built-in role by name, a custom role of the stack, or unknown. */
export type AssignedRole = { readonly kind: "built-in"; readonly name: string } | { readonly kind: "custom"; readonly definition: Resource } | { readonly kind: "unknown" };

/** Reads `role_definition_name`, else `role_definition_id` (a built-in id, or a reference to a role definition of the stack). */
export function assignedRole(assignment: Resource, context: RuleContext): AssignedRole {
  const name = valueOf(assignment, "role_definition_name");
  if (typeof name === "string") return { kind: "built-in", name };
  const definition = context.referenced(assignment, "role_definition_id").find((r) => r.type === "azurerm_role_definition");
  if (definition?.mode === "managed") return { kind: "custom", definition };
  if (definition?.mode === "data") {
    const dataName = valueOf(definition, "name");
    if (typeof dataName === "string") return { kind: "built-in", name: dataName };
    const dataId = valueOf(definition, "role_definition_id");
    if (typeof dataId === "string" && BUILT_IN_ROLE_IDS[dataId.toLowerCase()]) return { kind: "built-in", name: BUILT_IN_ROLE_IDS[dataId.toLowerCase()]! };
  }
  const id = valueOf(assignment, "role_definition_id");
  if (typeof id === "string") {
    const guid = id.split("/").pop()!.toLowerCase();
    const builtIn = BUILT_IN_ROLE_IDS[guid];
    if (builtIn) return { kind: "built-in", name: builtIn };
  }
  return { kind: "unknown" };
}

/** A display name of an assigned role for messages. */
export function roleLabel(role: AssignedRole): string {
  if (role.kind === "built-in") return `"${role.name}"`;
  if (role.kind === "custom") return `custom role ${role.definition.address}`;
  return "an unknown role";
}

/**
 * What a principal id is, as far as synth can tell: the literal, or the expression itself
 * (`${data.azurerm_client_config.x.object_id}`), qualified by the for_each it iterates so two
 * `${each.value}` of different sets never look alike.
 */
export function principalKey(assignment: Resource): string | undefined {
  const raw = valuesAt(assignment.attributes, "principal_id")[0];
  if (typeof raw !== "string") {
    // A plan leaves a referenced principal unknown; what it refers to still tells two apart.
    const targets = assignment.references.get("principal_id");
    return targets && targets.length > 0 ? `reference to ${targets.join(", ")}` : undefined;
  }
  if (isExpression(raw) && raw.includes("each.")) return `${raw} of ${JSON.stringify(valuesAt(assignment.attributes, "for_each")[0] ?? assignment.baseAddress)}`;
  return raw;
}
