import { Resource, isExpression, valuesAt } from "../../model";
import { RuleContext, UNKNOWN_VALUE, asList, notApplicable, resourceRule, valueOf } from "../../rule";
import { planOf } from "../../support/azure-model";
import { AssignedRole, assignedRole, grantedDataActions, roleLabel } from "../../support/azure-roles";

const SIGN_ACTION = "Microsoft.KeyVault/vaults/keys/sign/action";

/**
 * Built-in roles whose data actions include signing (learn.microsoft.com/azure/
 * role-based-access-control/built-in-roles/security): Crypto User names `keys/sign/action`,
 * Crypto Officer grants `keys/*`, Administrator `vaults/*`. Crypto Service Encryption User only
 * reads, wraps and unwraps.
 */
const SIGNING_BUILT_IN_ROLES = ["Key Vault Crypto User", "Key Vault Crypto Officer", "Key Vault Administrator"];

/** A literal scope above one resource: `/`, a management group, a subscription, a resource group. */
const WIDE_SCOPE = /^\/$|^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+\/?$|^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/?$/i;

function grantsSign(role: AssignedRole): boolean {
  if (role.kind === "custom") return grantedDataActions(role.definition, [SIGN_ACTION]).length > 0;
  return role.kind === "built-in" && SIGNING_BUILT_IN_ROLES.includes(role.name);
}

/** An EC key allowed to sign: what the blueprint uses for model signatures. */
function isSigningKey(key: Resource): boolean | typeof UNKNOWN_VALUE {
  const type = valueOf(key, "key_type");
  if (type === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (typeof type !== "string" || !/^EC(-HSM)?$/.test(type)) return false;
  return asList(valuesAt(key.attributes, "key_opts").flat()).includes("sign");
}

/**
 * Where an assignment's scope sits relative to `key`: the key itself, something wider that holds
 * it (its vault, the vault's resource group, a subscription or above), or unrelated.
 */
function scopeOf(assignment: Resource, key: Resource, context: RuleContext): "key" | "wider" | "unrelated" | "unknown" {
  const target = context.referenced(assignment, "scope")[0];
  const vaults = context.referenced(key, "key_vault_id");
  if (target) {
    if (target === key) return "key";
    if (target.type === "azurerm_key_vault") return vaults.includes(target) ? "wider" : "unrelated";
    if (target.type === "azurerm_resource_group") return vaults.some((v) => context.referenced(v, "resource_group_name").includes(target)) ? "wider" : "unrelated";
    if (/subscription|management_group/.test(target.type)) return "wider";
    return "unrelated";
  }
  const raw = valuesAt(assignment.attributes, "scope")[0];
  if (typeof raw !== "string" || isExpression(raw)) return "unknown";
  if (WIDE_SCOPE.test(raw)) return "wider";
  const vaultNames = vaults.map((v) => valueOf(v, "name")).filter((n): n is string => typeof n === "string");
  const keyName = valueOf(key, "name");
  const literal = /\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)(\/keys\/([^/]+))?\/?$/i.exec(raw);
  if (!literal || !vaultNames.some((n) => n.toLowerCase() === literal[1]!.toLowerCase())) return "unrelated";
  return literal[3] !== undefined ? (typeof keyName === "string" && literal[3].toLowerCase() === keyName.toLowerCase() ? "key" : "unrelated") : "wider";
}

interface SigningAssignment {
  readonly assignment: Resource;
  readonly role: AssignedRole;
}

/**
 * The stack's sign-granting assignments, indexed once per stack by the resource their scope
 * refers to; the ones with a literal scope, or one on a subscription or management group, are
 * kept apart. A key then looks only at assignments on itself, its vaults, their resource groups
 * and those wide or literal ones, so the rule stays linear in the stack's size.
 */
function signingAssignments(context: RuleContext): { byTarget: Map<Resource, SigningAssignment[]>; everywhere: SigningAssignment[] } {
  return context.memo("signing-key-restricted:assignments", () => {
    const byTarget = new Map<Resource, SigningAssignment[]>();
    const everywhere: SigningAssignment[] = [];
    for (const assignment of context.resourcesOf("azurerm_role_assignment")) {
      const role = assignedRole(assignment, context);
      if (!grantsSign(role)) continue;
      const target = context.referenced(assignment, "scope")[0];
      if (!target || /subscription|management_group/.test(target.type)) everywhere.push({ assignment, role });
      else (byTarget.get(target) ?? byTarget.set(target, []).get(target)!).push({ assignment, role });
    }
    return { byTarget, everywhere };
  });
}

function candidateAssignments(key: Resource, context: RuleContext): SigningAssignment[] {
  const { byTarget, everywhere } = signingAssignments(context);
  const vaults = context.referenced(key, "key_vault_id");
  const groups = vaults.flatMap((v) => context.referenced(v, "resource_group_name"));
  return [...[key, ...vaults, ...groups].flatMap((r) => byTarget.get(r) ?? []), ...everywhere];
}

export const rule = resourceRule({
  control: "SIGNING-KEY-RESTRICTED",
  cloud: "azure",
  title: "Only named publishers may sign with a model-signing key, on that key alone",
  severity: "error",
  appliesTo: ["azurerm_key_vault_key"],
  mappings: { nist80053: ["AC-3", "AC-6", "SC-12", "SI-7(15)"] },
  rationale:
    "A model signature is only worth the list of who can make it: a sign permission on the vault, its resource group or the subscription lets every principal there sign any model with this key, and with keys added later; the gate then admits a poisoned model as published.",
  fix: "Assign a role with Microsoft.KeyVault/vaults/keys/sign/action (SigningKey's signer role) at the key's resource_versionless_id, one assignment per publisher object id, never at the vault or above.",
  check(key, context) {
    const signing = isSigningKey(key);
    if (signing === false) return notApplicable("not an EC key that signs");
    const problems = context.problems();
    if (signing === UNKNOWN_VALUE) return problems.unknown("key_type").outcome();
    for (const { assignment, role } of candidateAssignments(key, context)) {
      const scope = scopeOf(assignment, key, context);
      if (scope === "wider") {
        problems.error(`${assignment.address} assigns ${roleLabel(role)}, which signs, above the key (its vault, resource group or subscription): every key there, present and future, can sign for that principal`);
      } else if (scope === "unknown") {
        problems.unknown(`scope of ${assignment.address}`);
      } else if (scope === "key") {
        const principal = valuesAt(assignment.attributes, "principal_id")[0];
        if (principal === undefined || principal === null || principal === "") problems.error(`${assignment.address} assigns ${roleLabel(role)} on the key without a principal_id`);
      }
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "the signer role on the key for one publisher (SigningKey)",
        stack: {
          resource: {
            azurerm_key_vault: { v: { name: "kv" } },
            azurerm_key_vault_key: { s: { name: "signing", key_vault_id: "${azurerm_key_vault.v.id}", key_type: "EC-HSM", curve: "P-256", key_opts: ["sign", "verify"] } },
            azurerm_role_definition: { signer: { permissions: [{ actions: [], data_actions: ["Microsoft.KeyVault/vaults/keys/read", SIGN_ACTION] }] } },
            azurerm_role_assignment: {
              publisher: { scope: "${azurerm_key_vault_key.s.resource_versionless_id}", role_definition_id: "${azurerm_role_definition.signer.role_definition_resource_id}", principal_id: "00000000-0000-4000-8000-0000000000b1" },
              storage: { scope: "${azurerm_key_vault.v.id}", role_definition_name: "Key Vault Crypto Service Encryption User", principal_id: "00000000-0000-4000-8000-0000000000c1" },
            },
          },
        },
      },
      {
        name: "a literal key scope naming this key",
        stack: {
          resource: {
            azurerm_key_vault: { v: { name: "kv-acme" } },
            azurerm_key_vault_key: { s: { name: "signing", key_vault_id: "${azurerm_key_vault.v.id}", key_type: "EC-HSM", key_opts: ["sign", "verify"] } },
            azurerm_role_assignment: {
              publisher: {
                scope: "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-acme/keys/signing",
                role_definition_name: "Key Vault Crypto User",
                principal_id: "00000000-0000-4000-8000-0000000000b1",
              },
            },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "the signer role on the vault",
        stack: {
          resource: {
            azurerm_key_vault: { v: { name: "kv" } },
            azurerm_key_vault_key: { s: { key_vault_id: "${azurerm_key_vault.v.id}", key_type: "EC-HSM", key_opts: ["sign", "verify"] } },
            azurerm_role_definition: { signer: { permissions: [{ data_actions: [SIGN_ACTION] }] } },
            azurerm_role_assignment: { publisher: { scope: "${azurerm_key_vault.v.id}", role_definition_id: "${azurerm_role_definition.signer.role_definition_resource_id}", principal_id: "00000000-0000-4000-8000-0000000000b1" } },
          },
        },
        expect: "azurerm_role_assignment.publisher assigns custom role azurerm_role_definition.signer, which signs, above the key",
      },
      {
        name: "Crypto User on the vault's resource group",
        stack: {
          resource: {
            azurerm_resource_group: { rg: { name: "rg" } },
            azurerm_key_vault: { v: { name: "kv", resource_group_name: "${azurerm_resource_group.rg.name}" } },
            azurerm_key_vault_key: { s: { key_vault_id: "${azurerm_key_vault.v.id}", key_type: "EC-HSM", key_opts: ["sign", "verify"] } },
            azurerm_role_assignment: { team: { scope: "${azurerm_resource_group.rg.id}", role_definition_name: "Key Vault Crypto User", principal_id: "00000000-0000-4000-8000-0000000000b1" } },
          },
        },
        expect: "assigns \"Key Vault Crypto User\", which signs, above the key",
      },
      {
        name: "Crypto Officer on a literal subscription",
        stack: {
          resource: {
            azurerm_key_vault: { v: { name: "kv" } },
            azurerm_key_vault_key: { s: { key_vault_id: "${azurerm_key_vault.v.id}", key_type: "EC", key_opts: ["sign"] } },
            azurerm_role_assignment: { admin: { scope: "/subscriptions/00000000-0000-4000-8000-000000000002", role_definition_name: "Key Vault Crypto Officer", principal_id: "00000000-0000-4000-8000-0000000000a1" } },
          },
        },
        expect: "\"Key Vault Crypto Officer\", which signs, above the key",
      },
      {
        name: "a literal vault scope",
        stack: {
          resource: {
            azurerm_key_vault: { v: { name: "kv-acme" } },
            azurerm_key_vault_key: { s: { name: "signing", key_vault_id: "${azurerm_key_vault.v.id}", key_type: "EC-HSM", key_opts: ["sign", "verify"] } },
            azurerm_role_assignment: {
              team: { scope: "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-acme", role_definition_name: "Key Vault Crypto User", principal_id: "00000000-0000-4000-8000-0000000000b1" },
            },
          },
        },
        expect: "which signs, above the key",
      },
      {
        name: "a plan granting sign on the vault",
        plan: planOf([
          { type: "azurerm_key_vault", name: "v", after: { name: "kv" } },
          { type: "azurerm_key_vault_key", name: "s", after: { key_type: "EC-HSM", key_opts: ["sign", "verify"] }, unknown: { key_vault_id: true }, references: { key_vault_id: ["azurerm_key_vault.v.id"] } },
          { type: "azurerm_role_assignment", name: "a", after: { role_definition_name: "Key Vault Crypto User", principal_id: "00000000-0000-4000-8000-0000000000b1" }, unknown: { scope: true }, references: { scope: ["azurerm_key_vault.v.id"] } },
        ]),
        expect: "which signs, above the key",
      },
    ],
  },
});
