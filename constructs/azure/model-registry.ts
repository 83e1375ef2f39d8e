import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageContainerImmutabilityPolicy } from "@cdktf/provider-azurerm/lib/storage-container-immutability-policy";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { Construct } from "constructs";
import { AZURE_FIREWALL_IP_RANGE, AZURE_STATE_SOFT_DELETE_DAYS, AZURE_SUBNET_ID, STORAGE_ACCOUNT_NAME } from "../shared/limits/azure";
import { UUID } from "../shared/limits/common";
import { APPROVED_RETENTION_DAYS, INCOMING_EXPIRY_DAYS, LINEAGE_TAG_KEY, LINEAGE_TAGS, REGISTRY_NAME } from "../shared/limits/registry";
import { MODEL_NAME_PATTERN, ModelRegistrySpec } from "../shared/model-registry-spec";
import { azureBlobServiceId, azureGateRoleName, azureModelWriterRoleName } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { cannotDeleteLock } from "./delete-lock";
import { hardenedStorageAccount } from "./hardened-storage-account";
import { AuditSource, ILogBucket, LOCKED_POLICY_IGNORED_CHANGES } from "./immutable-log-bucket";
import { IKmsKey } from "./kms-key";

/*
 * Azure ML registries have no Terraform resource in azurerm 4.55 (the provider has
 * azurerm_machine_learning_workspace, _compute_*, _datastore_*, _inference_cluster,
 * _synapse_spark and workspace outbound rules, no registry): the registry is the storage
 * account itself, and an Azure ML workspace can mount it as a blob datastore.
 */

/** Container publishers upload into: `incoming/<model>/<version>/` (INCOMING_PREFIX without its slash). */
export const INCOMING_CONTAINER = "incoming";
/** Container only the promotion gate writes, under a time-based immutability policy. */
export const APPROVED_CONTAINER = "approved";

/**
 * Blob audit categories of a registry account: every read (who pulled a model), write (who
 * uploaded or promoted one) and delete, into the write-once log storage.
 */
export const REGISTRY_AUDIT_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"] as const;

/** Days deleted blobs and containers stay recoverable when no value is given. */
export const DEFAULT_REGISTRY_SOFT_DELETE_DAYS = 30;

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

/**
 * Data actions of the registry's custom writer role (learn.microsoft.com, "Actions and
 * attributes for Azure role assignment conditions for Azure Blob Storage"): overwrite or commit
 * a blob (`write`: Put Blob, Put Block, Put Block List, Copy Blob), create one (`add/action`)
 * and set its index tags (`tags/write`). Storage Blob Data Contributor would add read, delete
 * and every other blob data action: a publisher's credential could then read other teams'
 * uploads or delete them before the gate sees them. No control-plane action at all.
 */
export const MODEL_WRITER_DATA_ACTIONS = [`${BLOBS}/write`, `${BLOBS}/add/action`, `${BLOBS}/tags/write`] as const;

/**
 * Data actions of the promotion gate on `incoming`: list and read blobs and their versions
 * (List Blobs with `include=versions`, Get Blob with `versionid`, and the source read of Copy
 * Blob From URL) and read their index tags (Get Blob Tags), the lineage. Storage Blob Data
 * Reader has `blobs/read` only: Get Blob Tags needs `blobs/tags/read` ("Azure built-in roles for
 * Storage": Storage Blob Data Reader; "Authorize access to blobs using Microsoft Entra ID",
 * permissions for Get Blob Tags), and the built-in role holding it (Storage Blob Data Owner)
 * would add write, delete and ACL changes.
 */
export const GATE_INCOMING_DATA_ACTIONS = [`${BLOBS}/read`, `${BLOBS}/tags/read`] as const;

/**
 * Data actions of the promotion gate on `approved` (and, with a path condition, on the log
 * container): create blobs (Copy Blob From URL and Copy Blob write the target: `write`, new
 * blob: `add/action`) and read them back (List Blobs with metadata, Get Blob Properties, Get
 * Blob: the gate recognizes its own earlier copies and records by their metadata and bytes).
 * No delete, no tags, no version delete: the container's immutability policy would refuse the
 * first anyway, the role never asks.
 */
export const GATE_WRITER_DATA_ACTIONS = [`${BLOBS}/read`, `${BLOBS}/write`, `${BLOBS}/add/action`] as const;

/** Built-in role of readers (blob read and list, learn.microsoft.com built-in roles: storage). */
export const MODEL_READER_ROLE = "Storage Blob Data Reader";

/**
 * The ABAC condition that refuses a blob write unless the request carries every lineage tag
 * key, for a role assignment with `condition_version = "2.0"`. It targets the operations that
 * create blob content (`Blob.Write.WithTagHeaders`: Put Blob, Put Block List, Copy Blob and Copy
 * Blob From URL, on `write` and on `add/action`) and Set Blob Tags (`tags/write`, which replaces
 * every tag and could otherwise strip the lineage afterwards). Put Block alone stays allowed: a
 * staged block is not a blob until Put Block List commits it, with its tags. The suboperation
 * selects operations by kind, those that accept tags as a request parameter, not by whether a
 * request sends the tag header (learn.microsoft.com, "Actions and attributes for Azure role
 * assignment conditions for Azure Blob Storage", Suboperations): an untagged Put Blob is still
 * such an operation, finds no key, and is refused.
 *
 * One `ForAnyOfAnyValues:StringEquals {'<key>'}` per key, joined by AND: "at least one request
 * key equals this key", that is the key is present. A single `ForAllOfAnyValues` over all keys
 * would only say that every given key is one of the list (an upload with no tags passes), and
 * `ForAnyOfAllValues` over several keys asks one key to equal all of them, which never holds
 * (learn.microsoft.com, "Azure role assignment condition format and syntax": cross product
 * comparison operators; "Example Azure role assignment conditions for Blob Storage": new blobs
 * must include a blob index tag, existing blobs must have blob index tag keys).
 */
export function lineageCondition(lineageTags: readonly string[]): string {
  const targets = [
    `!(ActionMatches{'${BLOBS}/write'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})`,
    `!(ActionMatches{'${BLOBS}/add/action'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})`,
    `!(ActionMatches{'${BLOBS}/tags/write'})`,
  ];
  const required = lineageTags.map((key) => `@Request[${BLOBS}/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'${key}'}`);
  return `((${targets.join(" AND ")}) OR (${required.join(" AND ")}))`;
}

/**
 * Blob index tags only Defender for Storage writes: its malware verdict and the scan time
 * (learn.microsoft.com, "Understand malware scanning results": "Malware Scanning scan result",
 * "Malware Scanning scan time UTC"). The promotion gate trusts the verdict tag, so no publisher
 * may set it: a "No threats found" written with the upload would stand until the scan lands.
 */
export const SCANNER_INDEX_TAGS = ["Malware Scanning scan result", "Malware Scanning scan time UTC"] as const;

/**
 * The ABAC condition that refuses an upload or tag change carrying a scanner tag key. Same
 * targets as {@link lineageCondition}; `ForAllOfAllValues:StringNotEquals` holds when every key
 * of the request differs from every listed key ("Azure role assignment condition format and
 * syntax", cross product comparison operators), so a request with no tags passes here and is
 * judged by the lineage condition. Defender writes its tags as the service, outside any role
 * assignment, so the condition does not stop the scanner.
 */
export function scannerTagCondition(): string {
  const targets = [
    `!(ActionMatches{'${BLOBS}/write'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})`,
    `!(ActionMatches{'${BLOBS}/add/action'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})`,
    `!(ActionMatches{'${BLOBS}/tags/write'})`,
  ];
  const keys = SCANNER_INDEX_TAGS.map((k) => `'${k}'`).join(", ");
  return `((${targets.join(" AND ")}) OR (@Request[${BLOBS}/tags&$keys$&] ForAllOfAllValues:StringNotEquals {${keys}}))`;
}

/** The condition that limits every action of the writer role to blobs under `<model>/`. */
export function writerPathCondition(model: string): string {
  const targets = MODEL_WRITER_DATA_ACTIONS.map((action) => `!(ActionMatches{'${action}'})`);
  return `((${targets.join(" AND ")}) OR (@Resource[${BLOBS}:path] StringLike '${model}/*'))`;
}

/** The condition that limits reads to blobs under `<model>/` and listings to that prefix. */
export function readerPathCondition(model: string): string {
  const read = `((!(ActionMatches{'${BLOBS}/read'} AND NOT SubOperationMatches{'Blob.List'})) OR (@Resource[${BLOBS}:path] StringLike '${model}/*'))`;
  const list = `((!(ActionMatches{'${BLOBS}/read'} AND SubOperationMatches{'Blob.List'})) OR (@Request[${BLOBS}:prefix] StringStartsWith '${model}/'))`;
  return `${read} AND ${list}`;
}

export interface ModelRegistryProps {
  /** The registry from config: name, publishers and readers (Entra ID object ids), lineage tags, retention. */
  readonly spec: ModelRegistrySpec;
  /** Storage account name, 3-24 lowercase letters and digits (azureRegistryAccountName). */
  readonly storageAccountName: string;
  /** Resource group of the account and its identity. */
  readonly resourceGroupName: string;
  /** Id of that resource group: the scope the custom writer role is defined and assignable in. */
  readonly resourceGroupId: string;
  /** Azure location of the account; its diagnostic setting needs a log account in the same region. */
  readonly location: string;
  /** The environment's registry key: the account's identity wraps and unwraps with it, nobody else. */
  readonly kmsKey: IKmsKey;
  /** Write-once log storage the account's blob reads, writes and deletes are delivered to. */
  readonly logStorage: ILogBucket;
  /**
   * Blob audit categories delivered to `logStorage`. Loosening only: each one left out is a kind
   * of access nobody can trace.
   * @default REGISTRY_AUDIT_CATEGORIES (StorageRead, StorageWrite, StorageDelete)
   */
  readonly auditCategories?: readonly string[];
  /**
   * Entra ID object id of the promotion gate: the only writer of `approved` (and reader of
   * `incoming`). Until the gate exists nobody can write there.
   * @default - no writer on approved
   */
  readonly gateObjectId?: string;
  /**
   * Lock the `approved` immutability policy. IRREVERSIBLE: a locked policy can only be extended
   * and the container and account cannot be deleted while a blob is retained. Once locked,
   * Terraform ignores changes of the period (raise it with `az storage container
   * immutability-policy extend`).
   * @default true
   */
  readonly lockRetention?: boolean;
  /** Days deleted blobs and containers stay recoverable (7-365). @default 30 */
  readonly softDeleteDays?: number;
  /** Public IPv4 ranges allowed through the firewall. @default - no public network access */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Subnets admitted through the firewall by their `Microsoft.Storage` service endpoint: the
   * promotion gates' VNet-integrated subnet.
   * @default [] (no subnet)
   */
  readonly allowedSubnetIds?: readonly string[];
  /** Refuse any plan that destroys the account. @default true */
  readonly preventDestroy?: boolean;
  /** A `CanNotDelete` management lock on the account. @default true */
  readonly deleteLock?: boolean;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One model registry: a storage account on the blueprint's storage baseline (CMK with the
 * registry key through a user-assigned identity, shared keys off, TLS 1.2, firewall deny),
 * versioned, with change feed and soft delete of blobs and containers; an `incoming` container
 * whose uploads expire, an `approved` container under a time-based immutability policy; blob
 * audit logs into the write-once log storage; a `CanNotDelete` lock. Access is granted only by
 * `grantPublish` and `grantRead`, each a role assignment on one container.
 *
 * Key permissions: none for people. The account's identity wraps and unwraps the account key
 * with the CMK; publishers and readers go through Entra ID to the blob service, which decrypts
 * for them, so no grant needs a Key Vault role.
 *
 * @example
 * const registry = new ModelRegistry(this, "fraud-scoring", {
 *   spec, storageAccountName, resourceGroupName, resourceGroupId, location, kmsKey: keys.registry, logStorage, tags,
 * });
 * registry.grantPublish("00000000-0000-4000-8000-000000010b01", "fraud-xgb");
 */
export class ModelRegistry extends Construct {
  /** The registry's name from config. */
  public readonly registryName: string;
  /** The storage account. */
  public readonly account: StorageAccount;
  /** The account's name, as the resource's attribute. */
  public readonly storageAccountName: string;
  /** The account's Azure Resource Manager id. */
  public readonly storageAccountId: string;
  /** Where publishers upload. */
  public readonly incoming: StorageContainer;
  /** Where only the gate writes, immutable for approvedRetentionDays. */
  public readonly approved: StorageContainer;
  /** The time-based immutability policy of `approved`. */
  public readonly approvedImmutability: StorageContainerImmutabilityPolicy;
  /** The custom role that creates blobs and sets their tags, nothing else. */
  public readonly writerRole: RoleDefinition;
  /** The diagnostic setting delivering blob audit logs to the log storage. */
  public readonly auditLogs: MonitorDiagnosticSetting;
  /** Lineage tag keys every upload must carry. */
  public readonly lineageTags: readonly string[];
  /** `wasbs://approved@<account>.blob.core.windows.net/`: MLflow's artifact URI of the approved models. */
  public readonly approvedUri: string;
  /** Every role assignment of the registry, by construct id. */
  public readonly grants: RoleAssignment[] = [];
  /** The resource group the registry's custom roles are defined and assignable in. */
  public readonly resourceGroupId: string;

  constructor(scope: Construct, id: string, props: ModelRegistryProps) {
    const spec = props.spec;
    const softDeleteDays = props.softDeleteDays ?? DEFAULT_REGISTRY_SOFT_DELETE_DAYS;
    const allowedIpRanges = props.allowedIpRanges ?? [];
    const auditCategories = props.auditCategories ?? REGISTRY_AUDIT_CATEGORIES;
    const objectIdRule = { ...UUID, accepted: `an Entra ID object id: ${UUID.accepted}` };
    const auditSource = (resourceId: string): AuditSource => ({ id: "AuditLogs", resourceId, categories: auditCategories });
    const v = new PropValidator(scope, id)
      .matches("spec.name", spec.name, REGISTRY_NAME, "AZURE_REGISTRY_NAME_INVALID")
      .matches("storageAccountName", props.storageAccountName, STORAGE_ACCOUNT_NAME, "AZURE_STORAGE_ACCOUNT_NAME_INVALID")
      .integerInRange("spec.approvedRetentionDays", spec.approvedRetentionDays, APPROVED_RETENTION_DAYS.min, APPROVED_RETENTION_DAYS.max, "AZURE_REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE")
      .integerInRange("spec.incomingExpiryDays", spec.incomingExpiryDays, INCOMING_EXPIRY_DAYS.min, INCOMING_EXPIRY_DAYS.max, "AZURE_REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE")
      // azurerm 4.55 storage_account_resource.go: delete_retention_policy.days and
      // container_delete_retention_policy.days are IntBetween(1, 365); 7 is the blueprint's floor.
      .integerInRange("softDeleteDays", softDeleteDays, AZURE_STATE_SOFT_DELETE_DAYS.min, AZURE_STATE_SOFT_DELETE_DAYS.max, "AZURE_SOFT_DELETE_OUT_OF_RANGE")
      .require(
        spec.lineageTags.length >= LINEAGE_TAGS.min && spec.lineageTags.length <= LINEAGE_TAGS.max,
        "AZURE_REGISTRY_LINEAGE_TAGS_COUNT",
        "spec.lineageTags",
        spec.lineageTags.join(", "),
        `${LINEAGE_TAGS.min} to ${LINEAGE_TAGS.max} tag keys`,
      )
      .require(auditCategories.length > 0, "AZURE_AUDIT_CATEGORIES_EMPTY", "auditCategories", "[]", "at least one category");
    for (const key of spec.lineageTags) v.matches("spec.lineageTags", key, LINEAGE_TAG_KEY, "AZURE_REGISTRY_LINEAGE_TAG_INVALID");
    for (const [prop, list] of [["spec.publishers", spec.publishers], ["spec.readers", spec.readers]] as const) {
      for (const objectId of list) v.matches(prop, objectId, objectIdRule, "AZURE_OBJECT_ID_INVALID");
      const duplicates = list.filter((p, i) => list.indexOf(p) !== i);
      v.require(duplicates.length === 0, "AZURE_REGISTRY_PRINCIPAL_DUPLICATE", prop, duplicates.join(", "), "each principal once");
    }
    if (props.gateObjectId !== undefined) v.matches("gateObjectId", props.gateObjectId, objectIdRule, "AZURE_OBJECT_ID_INVALID");
    for (const range of allowedIpRanges) v.matches("allowedIpRanges", range, AZURE_FIREWALL_IP_RANGE, "AZURE_STORAGE_IP_RANGE_INVALID");
    for (const subnet of props.allowedSubnetIds ?? []) v.matches("allowedSubnetIds", subnet, AZURE_SUBNET_ID, "AZURE_SUBNET_ID_INVALID");
    props.logStorage.validateDiagnosticSource(v, "logStorage", auditSource(""));
    v.throwIfInvalid();
    super(scope, id);
    this.registryName = spec.name;
    this.lineageTags = [...spec.lineageTags];

    this.account = hardenedStorageAccount(this, {
      name: props.storageAccountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kmsKey: props.kmsKey,
      allowedIpRanges,
      allowedSubnetIds: props.allowedSubnetIds ?? [],
      blobProperties: {
        // Every overwrite keeps the previous content: a swapped model under incoming/ stays
        // recoverable and visible until the gate has decided.
        versioningEnabled: true,
        // The ordered record of every create, overwrite and delete, kept as long as approved
        // copies are: what was in the registry at any moment can be reconstructed.
        changeFeedEnabled: true,
        changeFeedRetentionInDays: spec.approvedRetentionDays,
        deleteRetentionPolicy: { days: softDeleteDays },
        containerDeleteRetentionPolicy: { days: softDeleteDays },
      },
      preventDestroy: props.preventDestroy ?? true,
      tags: { ...props.tags, purpose: "models" },
    });
    this.storageAccountName = this.account.name;
    this.storageAccountId = this.account.id;

    this.incoming = new StorageContainer(this, "Incoming", { name: INCOMING_CONTAINER, storageAccountId: this.account.id, containerAccessType: "private" });
    this.approved = new StorageContainer(this, "Approved", { name: APPROVED_CONTAINER, storageAccountId: this.account.id, containerAccessType: "private" });
    const locked = props.lockRetention ?? true;
    // Container-level WORM: no approved blob can be overwritten or deleted for the period, by
    // anyone, the account owner included; block blobs only, so no append writes.
    // azurerm 4.55 storage_container_immutability_policy_resource.go: period IntBetween(1, 146000).
    this.approvedImmutability = new StorageContainerImmutabilityPolicy(this, "ApprovedImmutability", {
      // With storage_account_id, the container's `id` is its Resource Manager id
      // (storage_container_resource.go: commonids.NewStorageContainerID); resource_manager_id is deprecated.
      storageContainerResourceManagerId: this.approved.id,
      immutabilityPeriodInDays: spec.approvedRetentionDays,
      protectedAppendWritesEnabled: false,
      locked,
      ...(locked ? { lifecycle: { ignoreChanges: [...LOCKED_POLICY_IGNORED_CHANGES] } } : {}),
    });

    // Unprocessed uploads and their prior versions go after incomingExpiryDays; nothing acts on
    // approved/, whose blobs the immutability policy holds.
    new StorageManagementPolicy(this, "Lifecycle", {
      storageAccountId: this.account.id,
      rule: [
        {
          name: "incoming-expiry",
          enabled: true,
          // By reference: the rule waits for the container it filters on.
          filters: { blobTypes: ["blockBlob"], prefixMatch: [`${this.incoming.name}/`] },
          actions: {
            baseBlob: { deleteAfterDaysSinceCreationGreaterThan: spec.incomingExpiryDays },
            version: { deleteAfterDaysSinceCreation: spec.incomingExpiryDays },
          },
        },
      ],
    });

    this.auditLogs = props.logStorage.addDiagnosticSource(this, auditSource(azureBlobServiceId(this.account.id)));
    if (props.deleteLock ?? true) cannotDeleteLock(this, this.account.id, "approved models and their lineage", "Model registry");

    this.writerRole = new RoleDefinition(this, "WriterRole", {
      name: azureModelWriterRoleName(this.account.name),
      scope: props.resourceGroupId,
      assignableScopes: [props.resourceGroupId],
      description: "Create blobs and set their index tags in one model registry container; no read, delete or version delete.",
      permissions: [{ dataActions: [...MODEL_WRITER_DATA_ACTIONS] }],
    });
    this.approvedUri = `wasbs://${this.approved.name}@${this.account.name}.blob.core.windows.net/`;

    for (const objectId of spec.publishers) this.grantPublish(objectId);
    for (const objectId of spec.readers) this.grantRead(objectId);
    this.resourceGroupId = props.resourceGroupId;
    if (props.gateObjectId !== undefined) this.grantGate(props.gateObjectId);
  }

  /**
   * Makes `principalId` this registry's promotion gate, the only writer of `approved`: a custom
   * role on `incoming` that reads blobs, their versions and index tags (the lineage), and one on
   * `approved` that creates and reads blobs. No delete, no tag write, nothing on the account.
   * Once per registry; `principalId` may be a token (a function identity's `principal_id`).
   */
  public grantGate(principalId: string): { readIncoming: RoleAssignment; writeApproved: RoleAssignment } {
    const v = new PropValidator(this, "grantGate").matches("principalId", principalId, { ...UUID, accepted: `an Entra ID object id: ${UUID.accepted}` }, "AZURE_OBJECT_ID_INVALID");
    v.require(this.node.tryFindChild("GateIncomingRole") === undefined, "AZURE_REGISTRY_GATE_DUPLICATE", "principalId", principalId, "one promotion gate per registry");
    v.throwIfInvalid();
    const incomingRole = new RoleDefinition(this, "GateIncomingRole", {
      name: azureGateRoleName(this.account.name, this.incoming.name),
      scope: this.resourceGroupId,
      assignableScopes: [this.resourceGroupId],
      description: "Promotion gate: read uploaded blobs, their versions and index tags in one registry's incoming container.",
      permissions: [{ dataActions: [...GATE_INCOMING_DATA_ACTIONS] }],
    });
    const approvedRole = new RoleDefinition(this, "GateApprovedRole", {
      name: azureGateRoleName(this.account.name, this.approved.name),
      scope: this.resourceGroupId,
      assignableScopes: [this.resourceGroupId],
      description: "Promotion gate: create and read blobs in one registry's approved container; no delete, no tags.",
      permissions: [{ dataActions: [...GATE_WRITER_DATA_ACTIONS] }],
    });
    // It needs no lineage condition on approved/: it copies what it verified, with its own metadata.
    return {
      readIncoming: this.assign("GateReadIncoming", this.incoming, principalId, { roleDefinitionId: incomingRole.roleDefinitionResourceId }),
      writeApproved: this.assign("GateWriteApproved", this.approved, principalId, { roleDefinitionId: approvedRole.roleDefinitionResourceId }),
    };
  }

  /**
   * Lets `objectId` upload into `incoming` (under `<model>/` when a model is named): the writer
   * role on that one container, with the conditions that every upload and tag change carries
   * the lineage tags and none of the scanner's tags. No read, no delete, no key permission.
   */
  public grantPublish(objectId: string, model?: string): RoleAssignment {
    this.validateGrant("grantPublish", objectId, model);
    return this.assignPublish(grantId("Publish", objectId, model), objectId, model);
  }

  /**
   * Lets `principalId` upload into `incoming` as grantPublish does, under construct id
   * `Publish-<id>`: for a principal known only at apply time (a CI publisher identity, whose
   * principal id Entra ID assigns), which cannot name the construct.
   */
  public grantPublishTo(id: string, principalId: string): RoleAssignment {
    const constructId = `Publish-${id}`;
    const v = new PropValidator(this, "grantPublishTo");
    v.require(this.node.tryFindChild(constructId) === undefined, "AZURE_REGISTRY_GRANT_DUPLICATE", "id", id, "each grant once");
    v.throwIfInvalid();
    return this.assignPublish(constructId, principalId, undefined);
  }

  private assignPublish(id: string, principalId: string, model: string | undefined): RoleAssignment {
    const conditions = [lineageCondition(this.lineageTags), scannerTagCondition(), ...(model === undefined ? [] : [writerPathCondition(model)])];
    return this.assign(id, this.incoming, principalId, {
      roleDefinitionId: this.writerRole.roleDefinitionResourceId,
      condition: conditions.join(" AND "),
      conditionVersion: "2.0",
    });
  }

  /**
   * Lets `objectId` read `approved` (only `<model>/` when a model is named): Storage Blob Data
   * Reader on that one container, with a path and list-prefix condition for a model.
   */
  public grantRead(objectId: string, model?: string): RoleAssignment {
    this.validateGrant("grantRead", objectId, model);
    return this.assign(grantId("Read", objectId, model), this.approved, objectId, {
      roleDefinitionName: MODEL_READER_ROLE,
      ...(model === undefined ? {} : { condition: readerPathCondition(model), conditionVersion: "2.0" }),
    });
  }

  private validateGrant(method: string, objectId: string, model: string | undefined): void {
    const v = new PropValidator(this, method).matches("objectId", objectId, { ...UUID, accepted: `an Entra ID object id: ${UUID.accepted}` }, "AZURE_OBJECT_ID_INVALID");
    if (model !== undefined) {
      v.matches("model", model, { pattern: MODEL_NAME_PATTERN, accepted: "a model name: 1-63 lowercase letters, digits, . _ and -, starting with a letter or digit" }, "AZURE_REGISTRY_MODEL_NAME_INVALID");
    }
    const id = grantId(method === "grantPublish" ? "Publish" : "Read", objectId, model);
    v.require(this.node.tryFindChild(id) === undefined, "AZURE_REGISTRY_GRANT_DUPLICATE", "objectId", model === undefined ? objectId : `${objectId} (${model})`, "each grant once");
    v.throwIfInvalid();
  }

  private assign(id: string, container: StorageContainer, principalId: string, role: { roleDefinitionName?: string; roleDefinitionId?: string; condition?: string; conditionVersion?: string }): RoleAssignment {
    const assignment = new RoleAssignment(this, id, {
      // One container, never the account: a publisher cannot touch approved/, a reader never sees incoming/.
      scope: container.id,
      principalId,
      ...role,
    });
    this.grants.push(assignment);
    return assignment;
  }
}

/** Stable construct id of a grant: the principal and the model, never a position in a list. */
function grantId(kind: "Publish" | "Read", objectId: string, model: string | undefined): string {
  return model === undefined ? `${kind}-${objectId}` : `${kind}-${objectId}-${model}`;
}
