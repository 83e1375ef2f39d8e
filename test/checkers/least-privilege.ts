import { Json } from "../helpers/synth";
import { CheckResult, Resource, asList, coveredActions, resources, verdict } from "./check";
import { describePrincipal, isEveryone, statementsOf } from "./aws-policy";

/*
 * Control: whoever manages a key cannot use it, and every grant is the narrowest role for its job.
 * Action patterns are compared with wildcard matching against the concrete use actions, so
 * `kms:Generate*`, `kms:Create*` (covers CreateGrant) or `kms:*` in an admin list are found.
 */

/**
 * KMS actions that use a key or hand out its use (AWS KMS Developer Guide, "AWS KMS
 * permissions"; grant operations in the CreateGrant API reference).
 */
export const AWS_KMS_USE_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:GenerateDataKeyPair",
  "kms:GenerateDataKeyPairWithoutPlaintext",
  "kms:GenerateMac",
  "kms:VerifyMac",
  "kms:Sign",
  "kms:Verify",
  "kms:DeriveSharedSecret",
  "kms:CreateGrant",
] as const;

/** Key Vault data actions that use a key or copy it out (the built-in Key Vault Crypto User role's data actions, learn.microsoft.com/azure/role-based-access-control/built-in-roles/security). */
export const AZURE_KEY_USE_DATA_ACTIONS = [
  "Microsoft.KeyVault/vaults/keys/encrypt/action",
  "Microsoft.KeyVault/vaults/keys/decrypt/action",
  "Microsoft.KeyVault/vaults/keys/wrap/action",
  "Microsoft.KeyVault/vaults/keys/unwrap/action",
  "Microsoft.KeyVault/vaults/keys/sign/action",
  "Microsoft.KeyVault/vaults/keys/verify/action",
  "Microsoft.KeyVault/vaults/keys/backup/action",
  "Microsoft.KeyVault/vaults/keys/restore/action",
  "Microsoft.KeyVault/vaults/keys/release/action",
] as const;

const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::\d{12}:root$/;

/**
 * AWS: no key policy allows everyone; an IAM principal other than the account root (which only
 * delegates to IAM) gets no use action; a service principal gets use only under a condition
 * that names the source (aws:SourceArn or aws:SourceAccount).
 */
export function awsKeyAdminsCannotUseKeys(stack: Json): CheckResult {
  const keys = resources(stack, "aws_kms_key");
  const problems: string[] = [];
  for (const key of keys) {
    for (const s of statementsOf(key.body["policy"]).filter((x) => x.Effect === "Allow")) {
      const sid = s.Sid ?? "(no Sid)";
      if (isEveryone(s.Principal)) {
        problems.push(`${key.address}: ${sid} allows every principal ("*")`);
        continue;
      }
      const principal = s.Principal as { AWS?: unknown; Service?: unknown };
      const uses = coveredActions(asList(s.Action), AWS_KMS_USE_ACTIONS);
      if (uses.length === 0) continue;
      const iamPrincipals = asList(principal.AWS).filter((p) => !ACCOUNT_ROOT.test(p));
      if (iamPrincipals.length > 0) problems.push(`${key.address}: ${sid} lets ${iamPrincipals.join(", ")} use the key (${uses.join(", ")})`);
      const sourced = ["aws:SourceArn", "aws:SourceAccount"].some((k) => Object.values(s.Condition ?? {}).some((c) => k in c));
      if (asList(principal.Service).length > 0 && !sourced) problems.push(`${key.address}: ${sid} lets ${describePrincipal(principal.Service)} use the key without an aws:SourceArn or aws:SourceAccount condition`);
    }
  }
  return verdict(keys, problems);
}

/**
 * Built-in Azure roles the blueprint may assign, each with the scope it must be limited to: the
 * storage account identity wraps with one key; the deployer writes state blobs of one account.
 */
const AZURE_NARROW_ROLES: Readonly<Record<string, RegExp>> = {
  "Key Vault Crypto Service Encryption User": /^\$\{azurerm_key_vault_key\.[^.}]+\.resource_versionless_id\}$/,
  "Storage Blob Data Contributor": /^\$\{azurerm_storage_(account|container)\.[^.}]+\.(id|resource_manager_id)\}$/,
};
const KEY_VAULT_SCOPE = /^\$\{azurerm_key_vault\.[^.}]+\.id\}$/;

function customRoleProblems(definition: Resource): string[] {
  const permissions = (definition.body["permissions"] as Json[] | undefined) ?? [];
  return permissions.flatMap((p) => {
    const uses = coveredActions(asList(p["data_actions"]), AZURE_KEY_USE_DATA_ACTIONS);
    const writes = asList(p["actions"]).filter((a) => !/\/read$/i.test(a));
    return [
      ...(uses.length > 0 ? [`${definition.address}: data_actions use keys (${uses.join(", ")})`] : []),
      ...(writes.length > 0 ? [`${definition.address}: control-plane actions beyond reading (${writes.join(", ")})`] : []),
    ];
  });
}

/**
 * Azure: every role assignment is either a listed narrow built-in role at its narrow scope, or
 * a custom role of this stack that uses no key and only reads the control plane, assigned on a
 * vault.
 */
export function azureRolesAreLeastPrivilege(stack: Json): CheckResult {
  const assignments = resources(stack, "azurerm_role_assignment");
  const definitions = resources(stack, "azurerm_role_definition");
  const problems: string[] = [];
  for (const a of assignments) {
    const name = a.body["role_definition_name"];
    const scope = String(a.body["scope"] ?? "");
    if (name !== undefined) {
      const allowedScope = AZURE_NARROW_ROLES[String(name)];
      if (!allowedScope) problems.push(`${a.address}: assigns ${JSON.stringify(name)}, not one of the narrow roles ${Object.keys(AZURE_NARROW_ROLES).join(", ")}`);
      else if (!allowedScope.test(scope)) problems.push(`${a.address}: assigns ${JSON.stringify(name)} at ${scope}, wider than ${allowedScope.source}`);
      continue;
    }
    const definition = definitions.find((d) => a.body["role_definition_id"] === `\${${d.address}.role_definition_resource_id}`);
    if (!definition) {
      problems.push(`${a.address}: role_definition_id ${JSON.stringify(a.body["role_definition_id"] ?? null)} is no custom role of this stack`);
      continue;
    }
    if (!KEY_VAULT_SCOPE.test(scope)) problems.push(`${a.address}: assigns the custom role at ${scope}, not on a vault`);
  }
  for (const d of definitions) problems.push(...customRoleProblems(d));
  return verdict([...assignments, ...definitions], problems);
}

/**
 * GCP IAM grants the blueprint may make, by resource type: key use on one key to a service
 * account; administration without use on a ring; create-only (no read, overwrite or delete) on a
 * bucket (cloud.google.com/iam/docs/roles-permissions/cloudkms and .../storage).
 */
const GCP_ALLOWED_ROLES: Readonly<Record<string, readonly string[]>> = {
  google_kms_crypto_key_iam_member: ["roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.cryptoKeyEncrypter", "roles/cloudkms.cryptoKeyDecrypter"],
  google_kms_crypto_key_iam_binding: ["roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.cryptoKeyEncrypter", "roles/cloudkms.cryptoKeyDecrypter"],
  google_kms_key_ring_iam_member: ["roles/cloudkms.admin"],
  google_kms_key_ring_iam_binding: ["roles/cloudkms.admin"],
  google_storage_bucket_iam_member: ["roles/storage.objectCreator"],
  google_storage_bucket_iam_binding: ["roles/storage.objectCreator"],
  google_project_iam_member: [],
  google_project_iam_binding: [],
};
/** Key use goes to service identities only, never to a person or group. */
const KEY_USE_TYPES = ["google_kms_crypto_key_iam_member", "google_kms_crypto_key_iam_binding"];

/** GCP: every IAM grant uses the narrowest role for its resource type; key use goes to service accounts only. */
export function gcpRolesAreLeastPrivilege(stack: Json): CheckResult {
  const grants = Object.keys(GCP_ALLOWED_ROLES).flatMap((type) => resources(stack, type));
  const problems: string[] = [];
  for (const g of grants) {
    const role = String(g.body["role"]);
    const allowed = GCP_ALLOWED_ROLES[g.type]!;
    if (!allowed.includes(role)) problems.push(`${g.address}: grants ${role}, not ${allowed.length > 0 ? allowed.join(" or ") : "any role (the blueprint grants nothing project-wide)"}`);
    const members = [g.body["member"], ...((g.body["members"] as unknown[] | undefined) ?? [])].filter((m) => m !== undefined).map(String);
    if (KEY_USE_TYPES.includes(g.type)) {
      for (const m of members.filter((x) => !x.startsWith("serviceAccount:"))) problems.push(`${g.address}: key use for ${m}, not a service account`);
    }
  }
  return verdict(grants, problems);
}
