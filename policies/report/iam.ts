import { globToRegExp } from "../acknowledgements";
import { Cloud, Json, Resource, StackModel, isExpression, isUnknown, valuesAt } from "../model";
import { referencesIn } from "../references";
import { asList, policyDocument, statementsOf, UNKNOWN_VALUE } from "../rule";
import { compareText } from "./status";

/**
 * The IAM table: who may do what to which resource, read from the stacks' own grants (AWS
 * policy documents, GCP IAM members and bindings, Azure role assignments), with three flags an
 * auditor of an AI supply chain asks about first: who can write models (write to registry
 * storage), who can decrypt logs (use the logs key) and who can delete evidence (delete, or
 * bypass the lock of, log storage). A flag means the grant allows it on the resource as written;
 * conditions are shown, not evaluated.
 */
export interface IamRow {
  readonly stack: string;
  readonly cloud: Cloud;
  /** The resource that makes the grant. */
  readonly source: string;
  readonly kind: "key policy" | "bucket policy" | "resource policy" | "identity policy" | "trust policy" | "iam member" | "iam binding" | "role assignment";
  readonly effect: "Allow" | "Deny";
  readonly principals: string[];
  /** Actions (AWS, Azure custom roles) or role names (GCP, Azure built-in roles). */
  readonly actions: string[];
  readonly resources: string[];
  /** The grant carries a condition (AWS Condition, GCP condition block). */
  readonly conditional: boolean;
  readonly writesModels: boolean;
  readonly decryptsLogs: boolean;
  readonly deletesEvidence: boolean;
}

type Capability = "writeModels" | "decryptLogs" | "deleteEvidence";

/** What a grant reaches: resources of the stack, or everything (`*`, a project, a subscription). */
type Reach = readonly Resource[] | "everything";

// AWS actions behind each flag (Service Authorization Reference: Amazon S3, AWS KMS, Amazon ECR).
const AWS_ACTIONS: Readonly<Record<Capability, readonly string[]>> = {
  writeModels: ["s3:PutObject", "ecr:PutImage", "ecr:CompleteLayerUpload"],
  decryptLogs: ["kms:Decrypt", "kms:ReEncryptFrom"],
  deleteEvidence: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutObjectRetention"],
};

// GCP predefined roles (IAM roles reference: Cloud Storage, Cloud KMS, Artifact Registry) and the basic roles.
const GCP_ROLES: Readonly<Record<Capability, readonly string[]>> = {
  writeModels: ["roles/storage.objectCreator", "roles/storage.objectUser", "roles/storage.objectAdmin", "roles/storage.admin", "roles/storage.legacyBucketWriter", "roles/storage.legacyBucketOwner", "roles/artifactregistry.writer", "roles/artifactregistry.createOnPushWriter", "roles/artifactregistry.repoAdmin", "roles/artifactregistry.admin", "roles/owner", "roles/editor"],
  decryptLogs: ["roles/cloudkms.cryptoKeyDecrypter", "roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.cryptoKeyDecrypterViaDelegation", "roles/cloudkms.cryptoKeyEncrypterDecrypterViaDelegation"],
  deleteEvidence: ["roles/storage.objectUser", "roles/storage.objectAdmin", "roles/storage.admin", "roles/storage.legacyBucketWriter", "roles/storage.legacyBucketOwner", "roles/owner", "roles/editor"],
};

// Azure built-in roles (Azure built-in roles reference: Storage, Key Vault, Containers) and their data actions for custom roles.
// Owner, Contributor and Storage Account Contributor can list the account keys (listKeys/action), and a key grants blob write and delete.
const AZURE_ROLES: Readonly<Record<Capability, readonly string[]>> = {
  writeModels: ["Storage Blob Data Contributor", "Storage Blob Data Owner", "AcrPush", "Storage Account Contributor", "Contributor", "Owner"],
  decryptLogs: ["Key Vault Crypto User", "Key Vault Crypto Service Encryption User", "Key Vault Administrator"],
  deleteEvidence: ["Storage Blob Data Contributor", "Storage Blob Data Owner", "Storage Account Contributor", "Contributor", "Owner"],
};
const AZURE_ACTIONS: Readonly<Record<Capability, readonly string[]>> = {
  writeModels: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", "Microsoft.ContainerRegistry/registries/push/write"],
  decryptLogs: ["Microsoft.KeyVault/vaults/keys/decrypt/action", "Microsoft.KeyVault/vaults/keys/unwrap/action"],
  deleteEvidence: [
    "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
    "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
    "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/delete",
    "Microsoft.Storage/storageAccounts/delete",
  ],
};

const KEY_TYPES = new Set(["aws_kms_key", "google_kms_crypto_key", "azurerm_key_vault_key"]);
const STORAGE_TYPES = new Set(["aws_s3_bucket", "google_storage_bucket", "azurerm_storage_account", "azurerm_storage_container"]);
const REGISTRY_TYPES = new Set(["aws_ecr_repository", "google_artifact_registry_repository", "azurerm_container_registry"]);
/** Attributes that name the resource a resource lives in: key ring, vault, storage account, resource group. */
const PARENT_PATHS = ["key_ring", "key_vault_id", "storage_account_id", "storage_account_name", "resource_group_name"];

/** Per stack: resources by base address, and each asset's purpose (`logs`, `registry`, ...). */
class StackAssets {
  private readonly byBase = new Map<string, Resource>();
  constructor(readonly stack: StackModel) {
    for (const r of stack.resources) this.byBase.set(r.baseAddress, r);
  }
  get(base: string): Resource | undefined {
    return this.byBase.get(base);
  }
  /** Stack resources a text refers to (`${aws_s3_bucket.b.arn}/*`), or whose literal name or ARN it contains. */
  resolve(text: string): Resource[] {
    const refs = referencesIn(text).flatMap((b) => this.byBase.get(b) ?? []);
    if (refs.length > 0) return refs;
    return this.stack.resources.filter((r) => ["arn", "bucket", "name"].some((k) => typeof r.attributes[k] === "string" && !isExpression(r.attributes[k]) && text.includes(`:${String(r.attributes[k])}`)));
  }
  parents(r: Resource): Resource[] {
    return PARENT_PATHS.flatMap((p) => r.references.get(p) ?? []).flatMap((b) => this.byBase.get(b) ?? []);
  }
  /** True when `container` is `asset` or holds it (up to four levels: key → vault → group). */
  contains(container: Resource, asset: Resource, depth = 0): boolean {
    if (container === asset) return true;
    return depth < 4 && this.parents(asset).some((p) => this.contains(container, p, depth + 1));
  }
  purposeOf(r: Resource, depth = 0): string | undefined {
    const labels = (r.attributes["tags"] ?? r.attributes["labels"]) as Json | undefined;
    const tagged = labels && typeof labels === "object" ? labels["purpose"] : undefined;
    if (typeof tagged === "string") return tagged;
    for (const key of ["name", "bucket", "display_name"]) {
      const value = r.attributes[key];
      if (typeof value !== "string" || isExpression(value)) continue;
      if (value === "logs" || value.endsWith("-logs") || value.includes("-logs-")) return "logs";
      if (value === "registry" || value.endsWith("-registry") || value.includes("-registry-")) return "registry";
    }
    // A container is what its storage account is for.
    return depth < 2 ? this.parents(r).map((p) => this.purposeOf(p, depth + 1)).find((p) => p !== undefined) : undefined;
  }
  assets(capability: Capability): Resource[] {
    return this.stack.resources.filter((r) => {
      if (r.mode !== "managed") return false;
      if (capability === "decryptLogs") return KEY_TYPES.has(r.type) && this.purposeOf(r) === "logs";
      if (capability === "writeModels") return REGISTRY_TYPES.has(r.type) || (STORAGE_TYPES.has(r.type) && this.purposeOf(r) === "registry");
      return STORAGE_TYPES.has(r.type) && this.purposeOf(r) === "logs";
    });
  }
  reaches(reach: Reach, capability: Capability): boolean {
    if (reach === "everything") return true;
    return this.assets(capability).some((asset) => reach.some((target) => this.contains(target, asset)));
  }
}

/** An IAM action pattern (`kms:Decrypt*`, `*`) matches an action; IAM compares case-insensitively. */
function actionMatches(pattern: string, action: string): boolean {
  return new RegExp(globToRegExp(pattern).source, "i").test(action);
}

function allows(statement: Json, action: string): boolean {
  if (statement["NotAction"] !== undefined) return !asList(statement["NotAction"]).some((p) => actionMatches(p, action));
  return asList(statement["Action"]).some((p) => actionMatches(p, action));
}

function principalsOf(statement: Json): string[] {
  const p = statement["Principal"] ?? statement["NotPrincipal"];
  const prefix = statement["NotPrincipal"] !== undefined ? "not " : "";
  if (p === undefined) return [];
  if (typeof p === "string") return [`${prefix}${p}`];
  return Object.entries(p as Json).flatMap(([kind, values]) => asList(values).map((v) => `${prefix}${kind} ${v}`));
}

function text(value: unknown): string {
  if (isUnknown(value)) return "(known after apply)";
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}

function flagRow(base: Omit<IamRow, "writesModels" | "decryptsLogs" | "deletesEvidence">, can: (c: Capability) => boolean): IamRow {
  const allowed = base.effect === "Allow";
  return { ...base, writesModels: allowed && can("writeModels"), decryptsLogs: allowed && can("decryptLogs"), deletesEvidence: allowed && can("deleteEvidence") };
}

/** Rows of one AWS policy document; `principals` for identity policies (the role, user or group it is attached to), `target` for resource policies. */
function awsDocumentRows(assets: StackAssets, source: Resource, kind: IamRow["kind"], path: string, options: { principals?: string[]; target?: Resource[] }): IamRow[] {
  const document = policyDocument(source, path);
  if (document === undefined) return [];
  if (document === UNKNOWN_VALUE) {
    return [flagRow({ stack: assets.stack.name, cloud: "aws", source: source.address, kind, effect: "Allow", principals: options.principals ?? ["(known after apply)"], actions: ["(policy known after apply)"], resources: [], conditional: false }, () => false)];
  }
  return statementsOf(document).map((statement) => {
    const resources = asList(statement["Resource"] ?? statement["NotResource"]);
    const reach: Reach =
      options.target ?? (resources.some((r) => r === "*" || statement["NotResource"] !== undefined) ? "everything" : resources.flatMap((r) => assets.resolve(r)));
    const actions = statement["NotAction"] !== undefined ? asList(statement["NotAction"]).map((a) => `not ${a}`) : asList(statement["Action"]);
    return flagRow(
      {
        stack: assets.stack.name,
        cloud: "aws",
        source: source.address,
        kind,
        effect: statement["Effect"] === "Deny" ? "Deny" : "Allow",
        principals: options.principals ?? principalsOf(statement),
        actions,
        // In a key policy, Resource "*" means the key the policy is attached to.
        resources: kind === "key policy" ? resources.map((r) => (r === "*" ? `${source.address} (this key)` : r)) : resources,
        conditional: statement["Condition"] !== undefined,
      },
      (c) => AWS_ACTIONS[c].some((a) => allows(statement, a)) && assets.reaches(reach, c),
    );
  });
}

/** Who an aws_iam_policy is attached to: the roles, users and groups of its attachments in the stack. */
function attachedTo(assets: StackAssets, policy: Resource): string[] {
  const out: string[] = [];
  for (const r of assets.stack.resources) {
    if (!/^aws_iam_(role|user|group)_policy_attachment$|^aws_iam_policy_attachment$/.test(r.type)) continue;
    if (!(r.references.get("policy_arn") ?? []).includes(policy.baseAddress)) continue;
    for (const key of ["role", "user", "group", "roles", "users", "groups"]) for (const v of valuesAt(r.attributes, key)) out.push(`${key.replace(/s$/, "")} ${text(v)}`);
  }
  return out.length > 0 ? out : ["(not attached in this stack)"];
}

function awsRows(assets: StackAssets): IamRow[] {
  const rows: IamRow[] = [];
  for (const r of assets.stack.resources) {
    if (r.mode !== "managed") continue;
    const bucketTargets = (): Resource[] => (r.references.get("bucket") ?? []).flatMap((b) => assets.get(b) ?? []);
    switch (r.type) {
      case "aws_kms_key":
        rows.push(...awsDocumentRows(assets, r, "key policy", "policy", { target: [r] }));
        break;
      case "aws_s3_bucket_policy":
        rows.push(...awsDocumentRows(assets, r, "bucket policy", "policy", { target: bucketTargets() }));
        break;
      case "aws_ecr_repository_policy":
      case "aws_sqs_queue_policy":
      case "aws_sns_topic_policy":
        rows.push(...awsDocumentRows(assets, r, "resource policy", "policy", { target: ["repository", "queue_url", "arn"].flatMap((p) => r.references.get(p) ?? []).flatMap((b) => assets.get(b) ?? []) }));
        break;
      case "aws_iam_role":
        rows.push(...awsDocumentRows(assets, r, "trust policy", "assume_role_policy", { target: [r] }));
        for (const inline of valuesAt(r.attributes, "inline_policy")) {
          const policy = (inline as Json)["policy"];
          if (typeof policy === "string") rows.push(...awsDocumentRows(assets, { ...r, attributes: { policy } }, "identity policy", "policy", { principals: [`role ${r.address}`] }));
        }
        break;
      case "aws_iam_role_policy":
      case "aws_iam_user_policy":
      case "aws_iam_group_policy": {
        const who = r.type.replace(/^aws_iam_|_policy$/g, "");
        rows.push(...awsDocumentRows(assets, r, "identity policy", "policy", { principals: valuesAt(r.attributes, who).map((v) => `${who} ${text(v)}`) }));
        break;
      }
      case "aws_iam_policy":
        rows.push(...awsDocumentRows(assets, r, "identity policy", "policy", { principals: attachedTo(assets, r) }));
        break;
    }
  }
  return rows;
}

/** The resource a GCP IAM member or binding grants on: project-, folder- and organization-level grants reach everything. */
function gcpReach(assets: StackAssets, r: Resource): { reach: Reach; resources: string[] } {
  if (/^google_(project|folder|organization)_iam_/.test(r.type)) {
    const scope = r.attributes["project"] ?? r.attributes["folder"] ?? r.attributes["org_id"] ?? assets.stack.providers["google"]?.[0]?.["project"];
    return { reach: "everything", resources: [`${r.type.replace(/^google_|_iam_.*$/g, "")} ${text(scope ?? "(provider default)")}`] };
  }
  const keys = Object.keys(r.attributes).filter((k) => !["member", "members", "role", "condition", "etag"].includes(k));
  const targets = keys.flatMap((k) => r.references.get(k) ?? []).flatMap((b) => assets.get(b) ?? []);
  return { reach: targets, resources: keys.map((k) => text(r.attributes[k])) };
}

function gcpRows(assets: StackAssets): IamRow[] {
  const rows: IamRow[] = [];
  for (const r of assets.stack.resources) {
    const member = /^google_.+_iam_member$/.test(r.type);
    if (r.mode !== "managed" || !(member || /^google_.+_iam_binding$/.test(r.type))) continue;
    const role = text(r.attributes["role"]);
    const { reach, resources } = gcpReach(assets, r);
    const principals = member ? [text(r.attributes["member"])] : valuesAt(r.attributes, "members").map(text);
    rows.push(
      flagRow(
        { stack: assets.stack.name, cloud: "gcp", source: r.address, kind: member ? "iam member" : "iam binding", effect: "Allow", principals, actions: [role], resources, conditional: r.attributes["condition"] !== undefined },
        (c) => GCP_ROLES[c].includes(role) && assets.reaches(reach, c),
      ),
    );
  }
  return rows;
}

/** A scope of a whole subscription or resource group (literal or an azurerm_resource_group / subscription reference) reaches everything in the stack. */
function azureReach(assets: StackAssets, scope: unknown, r: Resource): Reach {
  const targets = (r.references.get("scope") ?? []).flatMap((b) => assets.get(b) ?? []);
  if (targets.some((t) => t.type === "azurerm_resource_group" || t.type === "azurerm_subscription" || t.type === "azurerm_management_group")) return "everything";
  if (typeof scope === "string" && !isExpression(scope) && !scope.includes("/providers/")) return "everything";
  if (typeof scope === "string" && scope.includes("data.azurerm_subscription")) return "everything";
  return targets;
}

function azureRows(assets: StackAssets): IamRow[] {
  const rows: IamRow[] = [];
  for (const r of assets.stack.resources) {
    if (r.mode !== "managed" || r.type !== "azurerm_role_assignment") continue;
    const builtIn = r.attributes["role_definition_name"];
    const definition = (r.references.get("role_definition_id") ?? []).map((b) => assets.get(b)).find((d) => d?.type === "azurerm_role_definition");
    const actions = definition ? [...valuesAt(definition.attributes, "permissions.actions"), ...valuesAt(definition.attributes, "permissions.data_actions")].map(text) : [];
    const notActions = definition ? [...valuesAt(definition.attributes, "permissions.not_actions"), ...valuesAt(definition.attributes, "permissions.not_data_actions")].map(text) : [];
    const roleName = typeof builtIn === "string" ? builtIn : definition ? text(definition.attributes["name"]) : text(r.attributes["role_definition_id"]);
    const principal = text(r.attributes["principal_id"]);
    const forEach = r.attributes["for_each"];
    const reach = azureReach(assets, r.attributes["scope"], r);
    const custom = (c: Capability): boolean => AZURE_ACTIONS[c].some((a) => actions.some((p) => actionMatches(p, a)) && !notActions.some((p) => actionMatches(p, a)));
    rows.push(
      flagRow(
        {
          stack: assets.stack.name,
          cloud: "azure",
          source: r.address,
          kind: "role assignment",
          effect: "Allow",
          principals: [forEach !== undefined && principal.includes("each.") ? `each of ${text(forEach)}` : principal],
          actions: definition ? [`${roleName}:`, ...actions, ...notActions.map((a) => `not ${a}`)] : [roleName],
          resources: [text(r.attributes["scope"])],
          conditional: r.attributes["condition"] !== undefined,
        },
        (c) => (typeof builtIn === "string" ? AZURE_ROLES[c].includes(builtIn) : custom(c)) && assets.reaches(reach, c),
      ),
    );
  }
  return rows;
}

/** Every grant of every stack, in stack order, then source address. */
export function buildIamTable(stacks: readonly StackModel[]): IamRow[] {
  return stacks.flatMap((stack) => {
    const assets = new StackAssets(stack);
    const rows = stack.cloud === "aws" ? awsRows(assets) : stack.cloud === "gcp" ? gcpRows(assets) : stack.cloud === "azure" ? azureRows(assets) : [];
    // Stable: by source, statements of one source keep their document order.
    return rows.map((row, i) => ({ row, i })).sort((a, b) => compareText(a.row.source, b.row.source) || a.i - b.i).map((e) => e.row);
  });
}
