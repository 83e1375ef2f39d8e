import { Json } from "../helpers/synth";
import { CheckResult, Resource, asList, block, coveredActions, resources, verdict } from "./check";
import { Statement, describePrincipal, isEveryone, statementsOf } from "./aws-policy";

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

/**
 * KMS actions that administer a key: change who may use it, whether it exists or works, or what
 * it is called (AWS KMS Developer Guide, "AWS KMS permissions"). Whoever holds one of them could
 * hand itself use, so it must hold no use action itself.
 */
export const AWS_KMS_ADMIN_ACTIONS = [
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:RotateKeyOnDemand",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
  "kms:RevokeGrant",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ImportKeyMaterial",
  "kms:DeleteImportedKeyMaterial",
  "kms:ReplicateKey",
  "kms:UpdatePrimaryRegion",
] as const;

/** Use through an AWS service's envelope encryption (S3 SSE-KMS asks for a data key and decrypts it). */
const DATA_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"];
/** Signature use, which only an asymmetric SIGN_VERIFY key supports (AWS KMS Developer Guide, "Asymmetric keys in AWS KMS"). */
const SIGNATURE_ACTIONS = ["kms:Sign", "kms:Verify", "kms:GetPublicKey"];
/** Positive string operators: a negated one (StringNotEquals) would allow every other service. */
const POSITIVE_STRING_OPERATORS = /^(ForAnyValue:|ForAllValues:)?String(Equals|Like)(IgnoreCase)?$/;

const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::\d{12}:root$/;

/**
 * True when the statement holds a `kms:ViaService` condition under a positive operator naming a
 * service: the key is then usable only through that service's calls, never directly (AWS KMS
 * Developer Guide, "kms:ViaService"). Condition keys are case-insensitive in IAM.
 */
function limitedToService(s: Statement): boolean {
  return Object.entries(s.Condition ?? {}).some(
    ([operator, conditions]) =>
      POSITIVE_STRING_OPERATORS.test(operator) &&
      Object.entries(conditions).some(([k, v]) => k.toLowerCase() === "kms:viaservice" && asList(v).length > 0 && !asList(v).includes("*")),
  );
}

/** The IAM principals (not the account root, which only delegates to IAM) of a statement. */
function iamPrincipalsOf(s: Statement): string[] {
  return asList((s.Principal as { AWS?: unknown } | undefined)?.AWS).filter((p) => !ACCOUNT_ROOT.test(p));
}

/**
 * AWS: no key policy allows everyone; a principal that any Allow statement grants an
 * administrative action gets no use action; another IAM principal gets data-key use only under a
 * `kms:ViaService` condition and Sign/Verify/GetPublicKey only on a SIGN_VERIFY key, nothing else;
 * a service principal gets use only under a condition that names the source (aws:SourceArn or
 * aws:SourceAccount).
 */
export function awsKeyAdminsCannotUseKeys(stack: Json): CheckResult {
  const keys = resources(stack, "aws_kms_key");
  const problems: string[] = [];
  for (const key of keys) {
    const allows = statementsOf(key.body["policy"]).filter((x) => x.Effect === "Allow");
    const admins = new Set(allows.filter((s) => coveredActions(asList(s.Action), AWS_KMS_ADMIN_ACTIONS).length > 0).flatMap(iamPrincipalsOf));
    const signing = key.body["key_usage"] === "SIGN_VERIFY";
    for (const s of allows) {
      const sid = s.Sid ?? "(no Sid)";
      if (isEveryone(s.Principal)) {
        problems.push(`${key.address}: ${sid} allows every principal ("*")`);
        continue;
      }
      const principal = s.Principal as { AWS?: unknown; Service?: unknown };
      const actions = asList(s.Action);
      const uses = coveredActions(actions, AWS_KMS_USE_ACTIONS);
      const iamPrincipals = iamPrincipalsOf(s);
      const adminUsers = iamPrincipals.filter((p) => admins.has(p));
      if (adminUsers.length > 0 && uses.length > 0) problems.push(`${key.address}: ${sid} lets ${adminUsers.join(", ")} use the key (${uses.join(", ")})`);
      const users = iamPrincipals.filter((p) => !admins.has(p));
      if (users.length > 0) {
        const dataKey = coveredActions(actions, DATA_KEY_ACTIONS);
        const signature = coveredActions(actions, SIGNATURE_ACTIONS);
        const other = uses.filter((u) => !dataKey.includes(u) && !signature.includes(u));
        if (dataKey.length > 0 && !limitedToService(s)) problems.push(`${key.address}: ${sid} lets ${users.join(", ")} use the key directly (${dataKey.join(", ")}), without a kms:ViaService condition`);
        if (signature.length > 0 && !signing) problems.push(`${key.address}: ${sid} lets ${users.join(", ")} sign or verify (${signature.join(", ")}) with a key whose key_usage is ${JSON.stringify(key.body["key_usage"] ?? null)}, not SIGN_VERIFY`);
        if (other.length > 0) problems.push(`${key.address}: ${sid} lets ${users.join(", ")} use the key (${other.join(", ")})`);
      }
      const sourced = ["aws:SourceArn", "aws:SourceAccount"].some((k) => Object.values(s.Condition ?? {}).some((c) => k in c));
      if (uses.length > 0 && asList(principal.Service).length > 0 && !sourced) problems.push(`${key.address}: ${sid} lets ${describePrincipal(principal.Service)} use the key without an aws:SourceArn or aws:SourceAccount condition`);
    }
  }
  return verdict(keys, problems);
}

const CONTAINER_SCOPE = /^\$\{azurerm_storage_container\.[^.}]+\.id\}$/;

/**
 * Built-in Azure roles the blueprint may assign, each with the scope it must be limited to: the
 * storage account and registry identities wrap with one key; the deployer writes state blobs of
 * one account; readers read one registry container; image publishers and pullers act on one
 * container registry (built-in role definitions, learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
const AZURE_NARROW_ROLES: Readonly<Record<string, RegExp>> = {
  "Key Vault Crypto Service Encryption User": /^\$\{azurerm_key_vault_key\.[^.}]+\.resource_versionless_id\}$/,
  "Storage Blob Data Contributor": /^\$\{azurerm_storage_(account|container)\.[^.}]+\.(id|resource_manager_id)\}$/,
  "Storage Blob Data Reader": CONTAINER_SCOPE,
  AcrPull: /^\$\{azurerm_container_registry\.[^.}]+\.id\}$/,
  AcrPush: /^\$\{azurerm_container_registry\.[^.}]+\.id\}$/,
};
/**
 * Built-in roles a locked-down function's identity holds on its own companions only: identity-
 * based host storage on the function's own account (LockedDownFunction's HostStorage) and
 * telemetry with Entra ID into one Application Insights component. Anywhere else they are not narrow.
 */
const AZURE_FUNCTION_ROLES: Readonly<Record<string, RegExp>> = {
  "Storage Blob Data Owner": /^\$\{azurerm_storage_account\.[^.}]*_HostStorage_[^.}]+\.id\}$/,
  "Monitoring Metrics Publisher": /^\$\{azurerm_application_insights\.[^.}]+\.id\}$/,
};
/** One container of an account another stack creates (the evidence subscription's log account), by its literal id. */
const LITERAL_CONTAINER_SCOPE = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+\/blobServices\/default\/containers\/[^/]+$/;
const oneContainer = (scope: string): boolean => CONTAINER_SCOPE.test(scope) || LITERAL_CONTAINER_SCOPE.test(scope);
const KEY_VAULT_SCOPE = /^\$\{azurerm_key_vault\.[^.}]+\.id\}$/;
const KEY_SCOPE = /^\$\{(azurerm_key_vault_key\.[^.}]+)\.resource_versionless_id\}$/;

/**
 * Blob data actions a custom role on one container may hold: the model writer's (create blobs,
 * set their index tags) and the promotion gate's (read blobs, versions and tags; create and read
 * copies and records); never delete, version delete, move or ACL changes.
 */
const MODEL_WRITER_DATA_ACTIONS = [
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read",
];
const KEY_READ = "Microsoft.KeyVault/vaults/keys/read";
/** A signing role does one of the two: the publisher signs, the gate verifies. */
const SIGNATURE_DATA_ACTIONS = ["Microsoft.KeyVault/vaults/keys/sign/action", "Microsoft.KeyVault/vaults/keys/verify/action"];

/** What a custom role is for, read from its permissions; each kind has one scope it may be assigned at. */
type CustomRoleKind = "key-manager" | "model-writer" | "signer";

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const allIn = (actions: readonly string[], allowed: readonly string[]): boolean => actions.every((a) => allowed.some((x) => same(a, x)));

function permissionsOf(definition: Resource): Json[] {
  return (definition.body["permissions"] as Json[] | undefined) ?? [];
}

/**
 * A model writer holds exactly blob-create data actions (no wildcard); a signer holds keys/read
 * plus exactly one of sign and verify; every other custom role is a key manager, which must use
 * no key. Action names compare case-insensitively, as Azure does.
 */
function kindOf(definition: Resource): CustomRoleKind {
  const data = permissionsOf(definition).flatMap((p) => asList(p["data_actions"]));
  if (data.length > 0 && allIn(data, MODEL_WRITER_DATA_ACTIONS)) return "model-writer";
  const signatures = SIGNATURE_DATA_ACTIONS.filter((x) => data.some((a) => same(a, x)));
  if (signatures.length === 1 && allIn(data, [KEY_READ, ...signatures])) return "signer";
  return "key-manager";
}

function customRoleProblems(definition: Resource): string[] {
  const kind = kindOf(definition);
  return permissionsOf(definition).flatMap((p) => {
    const uses = kind === "signer" ? [] : coveredActions(asList(p["data_actions"]), AZURE_KEY_USE_DATA_ACTIONS);
    const writes = asList(p["actions"]).filter((a) => !/\/read$/i.test(a));
    return [
      ...(uses.length > 0 ? [`${definition.address}: data_actions use keys (${uses.join(", ")})`] : []),
      ...(writes.length > 0 ? [`${definition.address}: control-plane actions beyond reading (${writes.join(", ")})`] : []),
    ];
  });
}

/** Why a custom role's assignment is wider than its kind allows, if it is. */
function customScopeProblem(stack: Json, a: Resource, definition: Resource): string | undefined {
  const scope = String(a.body["scope"] ?? "");
  const kind = kindOf(definition);
  if (kind === "key-manager") return KEY_VAULT_SCOPE.test(scope) ? undefined : `${a.address}: assigns the custom role at ${scope}, not on a vault`;
  if (kind === "model-writer") return oneContainer(scope) ? undefined : `${a.address}: assigns the model-writer role at ${scope}, not on one storage container`;
  const key = KEY_SCOPE.exec(scope)?.[1];
  if (!key) return `${a.address}: assigns the signing role at ${scope}, not on one key's resource_versionless_id`;
  const [type, id] = key.split(".") as [string, string];
  const opts = asList(resources(stack, type).find((k) => k.id === id)?.body["key_opts"]);
  // A key that also decrypts or unwraps would turn signing rights into rights over data keys.
  if (opts.length === 0 || !allIn(opts, ["sign", "verify"])) return `${a.address}: assigns the signing role on ${key}, whose key_opts ${JSON.stringify(opts)} are not sign/verify only`;
  return undefined;
}

/**
 * Azure: every role assignment is either a listed narrow built-in role at its narrow scope, or
 * a custom role of this stack assigned at the one scope its kind allows: a key manager (uses no
 * key, reads the control plane only) on a vault; a model writer (blob create and tag data actions
 * only) on one container; a signer or verifier (keys/read plus sign or verify) on one key whose
 * key_opts are sign/verify.
 */
export function azureRolesAreLeastPrivilege(stack: Json): CheckResult {
  const assignments = resources(stack, "azurerm_role_assignment");
  const definitions = resources(stack, "azurerm_role_definition");
  const problems: string[] = [];
  for (const a of assignments) {
    const name = a.body["role_definition_name"];
    const scope = String(a.body["scope"] ?? "");
    if (name !== undefined) {
      if (AZURE_FUNCTION_ROLES[String(name)]?.test(scope)) continue;
      // Event Grid's dead letters into a log container of another stack.
      if (name === "Storage Blob Data Contributor" && LITERAL_CONTAINER_SCOPE.test(scope)) continue;
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
    const wider = customScopeProblem(stack, a, definition);
    if (wider) problems.push(wider);
  }
  for (const d of definitions) problems.push(...customRoleProblems(d));
  return verdict([...assignments, ...definitions], problems);
}

const KEY_USE_ROLES = ["roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.cryptoKeyEncrypter", "roles/cloudkms.cryptoKeyDecrypter"];
/** Signature roles: sign, or read the public key to verify (cloud.google.com/kms/docs/reference/permissions-and-roles). */
const SIGNING_ROLES = ["roles/cloudkms.signer", "roles/cloudkms.publicKeyViewer"];

/**
 * GCP IAM grants the blueprint may make, by resource type: key use on one key to a service
 * account, signing or public-key reading on one signing key; administration without use on a
 * ring; create-only (no read, overwrite or delete) on a bucket, or read under a prefix condition;
 * pull or push on one Artifact Registry repository (cloud.google.com/iam/docs/roles-permissions/cloudkms,
 * .../storage and .../artifactregistry).
 */
const GCP_ALLOWED_ROLES: Readonly<Record<string, readonly string[]>> = {
  google_kms_crypto_key_iam_member: [...KEY_USE_ROLES, ...SIGNING_ROLES],
  google_kms_crypto_key_iam_binding: [...KEY_USE_ROLES, ...SIGNING_ROLES],
  google_kms_key_ring_iam_member: ["roles/cloudkms.admin"],
  google_kms_key_ring_iam_binding: ["roles/cloudkms.admin"],
  google_storage_bucket_iam_member: ["roles/storage.objectCreator", "roles/storage.objectViewer"],
  google_storage_bucket_iam_binding: ["roles/storage.objectCreator", "roles/storage.objectViewer"],
  google_artifact_registry_repository_iam_member: ["roles/artifactregistry.reader", "roles/artifactregistry.writer"],
  google_artifact_registry_repository_iam_binding: ["roles/artifactregistry.reader", "roles/artifactregistry.writer"],
  google_project_iam_member: [],
  google_project_iam_binding: [],
};
/** Key use goes to service identities only, never to a person or group. */
const KEY_USE_TYPES = ["google_kms_crypto_key_iam_member", "google_kms_crypto_key_iam_binding"];
/** Identities that sign or pull: a workload's service account or a team's group, never a person or everyone. */
const WORKLOAD_MEMBER = /^(serviceAccount|group):/;
/**
 * Reading objects is allowed under `approved/` only: readers must never see unvetted uploads
 * (IAM Conditions on Cloud Storage name objects `projects/_/buckets/<bucket>/objects/<name>`,
 * cloud.google.com/iam/docs/conditions-resource-attributes).
 */
const APPROVED_ONLY = /^resource\.name\.startsWith\("projects\/_\/buckets\/[^"/]+\/objects\/approved\/"\)$/;
const CRYPTO_KEY_REF = /^\$\{google_kms_crypto_key\.([^.}]+)\.id\}$/;

function signingProblems(stack: Json, g: Resource, role: string, members: readonly string[]): string[] {
  const id = CRYPTO_KEY_REF.exec(String(g.body["crypto_key_id"] ?? ""))?.[1];
  const key = resources(stack, "google_kms_crypto_key").find((k) => k.id === id);
  const purpose = key?.body["purpose"] ?? "ENCRYPT_DECRYPT";
  return [
    ...(purpose === "ASYMMETRIC_SIGN" ? [] : [`${g.address}: grants ${role} on ${JSON.stringify(g.body["crypto_key_id"] ?? null)}, not an ASYMMETRIC_SIGN key of this stack (purpose ${String(purpose)})`]),
    ...members.filter((m) => !WORKLOAD_MEMBER.test(m)).map((m) => `${g.address}: ${role} for ${m}, not a service account or group`),
  ];
}

/** `serviceAccount:${google_service_account.<id>.email}` for a `${google_service_account.<id>.email|id}` reference. */
function accountMember(reference: unknown): string | undefined {
  const id = /^\$\{google_service_account\.([^.}]+)\.(email|id)\}$/.exec(String(reference ?? ""))?.[1];
  return id === undefined ? undefined : `serviceAccount:\${google_service_account.${id}.email}`;
}
const prefixOnly = (expression: unknown, bucket: string, prefix: string): boolean =>
  expression === `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${prefix}/")`;
/** The project's Cloud Storage service agent, by its data source's attribute. */
const STORAGE_AGENT_MEMBER = /^serviceAccount:\$\{data\.google_storage_project_service_account\.[^.}]+\.email_address\}$/;
/** Permissions a custom role may hold to lock objects: set and read a retention configuration; no delete, no unlock. */
const RETENTION_PERMISSIONS = ["storage.objects.get", "storage.objects.setRetention", "storage.objects.update"];

/**
 * The grants an event-driven Cloud Function of the stack (the promotion gate,
 * constructs/gcp/locked-down-function.ts) needs beyond the table above, each tied to one
 * function's own identities and buckets as its `google_cloudfunctions2_function` names them:
 * - project level, where the role only applies at project level (Eventarc, "Cloud Storage
 *   triggers": the storage agent publishes to the trigger's Pub/Sub topic; the trigger's
 *   account receives events; Cloud Build's account writes build logs): roles/pubsub.publisher
 *   to the project's storage agent, roles/eventarc.eventReceiver to a trigger account,
 *   roles/logging.logWriter to a build account;
 * - its build account reads its own source bucket (roles/storage.objectViewer, unconditioned), and
 *   so does the environment's CI plan service account, which refreshes the code object;
 * - its run account, on the bucket that triggers it: lists it (roles/storage.legacyBucketReader),
 *   reads `incoming/` (the uploads it vets), locks under `approved/` with a custom role of this
 *   stack holding only RETENTION_PERMISSIONS; on a `logs` bucket of the stack: reads `provenance/<registry>/`
 *   of its own registry (the `registry` label of its trigger bucket; a redelivery replays its own decision record).
 * Anything else (another member, bucket, prefix or role) stays a problem.
 */
function gcpFunctionGrant(stack: Json, g: Resource, role: string, member: string | undefined): boolean {
  const functions = resources(stack, "google_cloudfunctions2_function").map((f) => f.body);
  if (functions.length === 0 || member === undefined) return false;
  const bucket = String(g.body["bucket"] ?? "");
  const expression = block(g.body, "condition")?.["expression"];
  const bucketName = /^\$\{google_storage_bucket\.([^.}]+)\.name\}$/.exec(bucket)?.[1];
  if (g.type === "google_project_iam_member") {
    if (role === "roles/pubsub.publisher") return STORAGE_AGENT_MEMBER.test(member) && functions.some((f) => block(f, "event_trigger") !== undefined);
    if (role === "roles/eventarc.eventReceiver") return functions.some((f) => accountMember(block(f, "event_trigger")?.["service_account_email"]) === member);
    if (role === "roles/logging.logWriter") return functions.some((f) => accountMember(block(f, "build_config")?.["service_account"]) === member);
    return false;
  }
  if (g.type !== "google_storage_bucket_iam_member" || bucketName === undefined) return false;
  return functions.some((f) => {
    const build = block(f, "build_config");
    const source = block(block(build, "source"), "storage_source")?.["bucket"];
    if (role === "roles/storage.objectViewer" && expression === undefined && source === bucket) return accountMember(build?.["service_account"]) === member || isCiPlanMember(member);
    if (accountMember(block(f, "service_config")?.["service_account_email"]) !== member) return false;
    const raw = block(f, "event_trigger")?.["event_filters"];
    const filters = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Json[];
    const triggers = filters.some((x) => x["attribute"] === "bucket" && x["value"] === bucket);
    const name = `\${google_storage_bucket.${bucketName}.name}`;
    if (triggers && role === "roles/storage.legacyBucketReader") return expression === undefined;
    if (triggers && role === "roles/storage.objectViewer") return prefixOnly(expression, name, "incoming");
    if (triggers) return retentionRole(stack, role) && prefixOnly(expression, name, "approved");
    const logs = resources(stack, "google_storage_bucket").find((b) => b.id === bucketName && (b.body["labels"] as Json | undefined)?.["purpose"] === "logs");
    // The function's own registry: the `registry` label of the bucket that triggers it; it reads
    // `provenance/<registry>/` only, never another registry's records.
    const trigger = filters.map((x) => /^\$\{google_storage_bucket\.([^.}]+)\.name\}$/.exec(String(x["value"] ?? ""))?.[1]).find((x) => x !== undefined);
    const registry = (resources(stack, "google_storage_bucket").find((b) => b.id === trigger)?.body["labels"] as Json | undefined)?.["registry"];
    if (typeof registry !== "string" || registry === "") return false;
    return logs !== undefined && role === "roles/storage.objectViewer" && prefixOnly(expression, name, `provenance/${registry}`);
  });
}

/**
 * The CI plan service account of the environment (ci-gcp-<env>, `ci-plan@<project>`): it reads
 * a function's code zip, which every plan refreshes; the zip is the blueprint's own gate.
 */
function isCiPlanMember(member: string): boolean {
  return member.startsWith("serviceAccount:ci-plan@") && member.endsWith(".iam.gserviceaccount.com");
}

/** `projects/<project>/roles/<id>` of a custom role of this stack that holds RETENTION_PERMISSIONS or fewer. */
function retentionRole(stack: Json, role: string): boolean {
  return resources(stack, "google_project_iam_custom_role").some((r) => {
    const permissions = asList(r.body["permissions"]);
    return role === `projects/${String(r.body["project"])}/roles/${String(r.body["role_id"])}` && permissions.length > 0 && permissions.every((x) => RETENTION_PERMISSIONS.includes(x));
  });
}

/**
 * GCP: every IAM grant uses the narrowest role for its resource type; key use goes to service
 * accounts only; signing roles go to service accounts or groups on ASYMMETRIC_SIGN keys only;
 * object reading carries a condition limiting it to `approved/`.
 */
export function gcpRolesAreLeastPrivilege(stack: Json): CheckResult {
  const grants = Object.keys(GCP_ALLOWED_ROLES).flatMap((type) => resources(stack, type));
  const problems: string[] = [];
  for (const g of grants) {
    const role = String(g.body["role"]);
    if (gcpFunctionGrant(stack, g, role, g.body["member"] === undefined ? undefined : String(g.body["member"]))) continue;
    const allowed = GCP_ALLOWED_ROLES[g.type]!;
    if (!allowed.includes(role)) problems.push(`${g.address}: grants ${role}, not ${allowed.length > 0 ? allowed.join(" or ") : "any role (the blueprint grants nothing project-wide)"}`);
    const members = [g.body["member"], ...((g.body["members"] as unknown[] | undefined) ?? [])].filter((m) => m !== undefined).map(String);
    if (KEY_USE_TYPES.includes(g.type) && SIGNING_ROLES.includes(role)) problems.push(...signingProblems(stack, g, role, members));
    else if (KEY_USE_TYPES.includes(g.type)) {
      for (const m of members.filter((x) => !x.startsWith("serviceAccount:"))) problems.push(`${g.address}: key use for ${m}, not a service account`);
    }
    if (role === "roles/storage.objectViewer") {
      const expression = block(g.body, "condition")?.["expression"];
      if (!APPROVED_ONLY.test(String(expression ?? ""))) problems.push(`${g.address}: grants roles/storage.objectViewer under condition ${JSON.stringify(expression ?? null)}, not only on objects under approved/`);
    }
    if (g.type.startsWith("google_artifact_registry_repository_iam_")) {
      for (const m of members.filter((x) => !WORKLOAD_MEMBER.test(x))) problems.push(`${g.address}: ${role} for ${m}, not a service account or group`);
    }
  }
  return verdict(grants, problems);
}
