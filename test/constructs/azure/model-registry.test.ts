import { ILogBucket, ImmutableLogBucket } from "../../../constructs/azure/immutable-log-bucket";
import { KmsKey } from "../../../constructs/azure/kms-key";
import { ModelRegistry, ModelRegistryProps } from "../../../constructs/azure/model-registry";
import { ModelRegistrySpec } from "../../../constructs/shared/model-registry-spec";
import { azureStorageUsesCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { azureStorageBlocksPublicAccess } from "../../checkers/public-access";
import { azureStorageIsTlsOnly } from "../../checkers/tls-only";
import { validationErrorOf } from "../../helpers/errors";
import { TEST_RESOURCE_GROUP_ID, testKeyVault } from "../../helpers/fixtures";
import { Json, allResources, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const PUBLISHER = "00000000-0000-4000-8000-000000010b01";
const READER = "00000000-0000-4000-8000-000000010c01";
const GATE = "00000000-0000-4000-8000-0000000000e1";
const TAGS = { owner: "ml-platform", "cost-center": "cc-1234", environment: "prod", "data-classification": "confidential", "managed-by": "ai-supply-chain-blueprint" };

const SPEC: ModelRegistrySpec = {
  name: "fraud-scoring",
  publishers: [PUBLISHER],
  readers: [READER],
  lineageTags: ["dataset-digest", "source-commit", "eval-report"],
  approvedRetentionDays: 365,
  incomingExpiryDays: 14,
};

/** A log account of another stack holding immutable containers for the three blob categories. */
function logStorage(categories: string[] = ["StorageRead", "StorageWrite", "StorageDelete"]): ILogBucket {
  return ImmutableLogBucket.fromAttributes({ storageAccountId: "${azurerm_storage_account.logs.id}", storageAccountName: "stacmelogs1a2b3c4d", diagnosticCategories: categories });
}

type Props = Omit<Partial<ModelRegistryProps>, "spec" | "kmsKey"> & { spec?: Partial<ModelRegistrySpec> };

function synthRegistry(props: Props = {}, extra: (registry: ModelRegistry) => void = () => undefined): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "registry", keyVault: testKeyVault(scope), tags: {} });
    const { spec, ...rest } = props;
    const registry = new ModelRegistry(scope, "registry", {
      storageAccountName: "stacmefraudsc1a2b3c4d",
      resourceGroupName: "rg-acme-ai-prod",
      resourceGroupId: TEST_RESOURCE_GROUP_ID,
      location: "westeurope",
      kmsKey,
      logStorage: logStorage(),
      tags: TAGS,
      ...rest,
      spec: { ...SPEC, ...spec },
    });
    extra(registry);
  });
}

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
const LINEAGE_CONDITION =
  "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})" +
  " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})" +
  " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'}))" +
  " OR (@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'dataset-digest'}" +
  " AND @Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'source-commit'}" +
  " AND @Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'eval-report'}))" +
  // No publisher may set Defender for Storage's verdict or scan-time tags.
  " AND ((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})" +
  " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})" +
  " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'}))" +
  " OR (@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags&$keys$&] ForAllOfAllValues:StringNotEquals {'Malware Scanning scan result', 'Malware Scanning scan time UTC'}))";

const INCOMING_SCOPE = /^\$\{azurerm_storage_container\.registry_Incoming_[A-Z0-9]+\.id\}$/;
const APPROVED_SCOPE = /^\$\{azurerm_storage_container\.registry_Approved_[A-Z0-9]+\.id\}$/;
const WRITER_ROLE = /^\$\{azurerm_role_definition\.registry_WriterRole_[A-Z0-9]+\.role_definition_resource_id\}$/;
const GATE_INCOMING_ROLE = /^\$\{azurerm_role_definition\.registry_GateIncomingRole_[A-Z0-9]+\.role_definition_resource_id\}$/;
const GATE_APPROVED_ROLE = /^\$\{azurerm_role_definition\.registry_GateApprovedRole_[A-Z0-9]+\.role_definition_resource_id\}$/;

/** The only resource of `type` the registry created (the test vault has its own lock and role). */
function ownOf(json: Json, type: string): Json {
  const own = Object.entries(resourcesOf(json, type)).filter(([id]) => id.startsWith("registry_"));
  expect(own).toHaveLength(1);
  return own[0]![1];
}

/** The registry's own assignments (not the account identity's key grant). */
function grantsOf(json: Json): Json[] {
  return Object.entries(resourcesOf(json, "azurerm_role_assignment"))
    .filter(([id]) => /^registry_(Publish|Read|Gate)/.test(id))
    .map(([, body]) => body);
}

describe("azure ModelRegistry storage", () => {
  const stack = synthRegistry();
  const account = (): Json => onlyResource(stack, "azurerm_storage_account");

  test("the storage baseline: StorageV2, HTTPS only, TLS 1.2, no shared keys, no public blobs, firewall deny, CMK", () => {
    expect(account()).toMatchObject({
      name: "stacmefraudsc1a2b3c4d",
      account_kind: "StorageV2",
      https_traffic_only_enabled: true,
      min_tls_version: "TLS1_2",
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      allow_nested_items_to_be_public: false,
      infrastructure_encryption_enabled: true,
      public_network_access_enabled: false,
      network_rules: { default_action: "Deny", bypass: ["AzureServices"], ip_rules: [] },
      lifecycle: { prevent_destroy: true },
    });
    expect(account()["customer_managed_key"]).toEqual({
      key_vault_key_id: expect.stringMatching(/^\$\{azurerm_key_vault_key\.key_[A-Z0-9]+\.versionless_id\}$/),
      user_assigned_identity_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.registry_Identity_[A-Z0-9]+\.id\}$/),
    });
  });

  test("the account's identity wraps with the registry key only (scope: the key, not the vault)", () => {
    const keyGrants = Object.values(resourcesOf(stack, "azurerm_role_assignment")).filter((a) => a["role_definition_name"] === "Key Vault Crypto Service Encryption User");
    expect(keyGrants).toEqual([
      {
        scope: expect.stringMatching(/^\$\{azurerm_key_vault_key\.key_[A-Z0-9]+\.resource_versionless_id\}$/),
        role_definition_name: "Key Vault Crypto Service Encryption User",
        principal_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.registry_Identity_[A-Z0-9]+\.principal_id\}$/),
      },
    ]);
  });

  test("versioning, change feed for the approved retention, 30-day soft delete of blobs and containers, no last-access tracking", () => {
    expect(account()["blob_properties"]).toEqual({
      versioning_enabled: true,
      change_feed_enabled: true,
      change_feed_retention_in_days: 365,
      delete_retention_policy: { days: 30 },
      container_delete_retention_policy: { days: 30 },
    });
  });

  test("soft delete days from the prop; firewall ranges and prevent_destroy false when asked", () => {
    const json = synthRegistry({ softDeleteDays: 7, allowedIpRanges: ["203.0.113.0/24"], preventDestroy: false });
    const a = onlyResource(json, "azurerm_storage_account");
    expect(a["blob_properties"]).toMatchObject({ delete_retention_policy: { days: 7 }, container_delete_retention_policy: { days: 7 } });
    expect(a["network_rules"]).toEqual({ default_action: "Deny", bypass: ["AzureServices"], ip_rules: ["203.0.113.0/24"] });
    expect(a["public_network_access_enabled"]).toBe(true);
    expect(a["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("two private containers, incoming and approved, on the account by id", () => {
    expect(Object.values(resourcesOf(stack, "azurerm_storage_container"))).toEqual([
      { name: "approved", storage_account_id: expect.stringMatching(/^\$\{azurerm_storage_account\.registry_[A-Z0-9]+\.id\}$/), container_access_type: "private" },
      { name: "incoming", storage_account_id: expect.stringMatching(/^\$\{azurerm_storage_account\.registry_[A-Z0-9]+\.id\}$/), container_access_type: "private" },
    ]);
  });

  test("approved is under a locked time-based immutability policy of approvedRetentionDays, no append writes; incoming has none", () => {
    expect(onlyResource(stack, "azurerm_storage_container_immutability_policy")).toEqual({
      storage_container_resource_manager_id: expect.stringMatching(APPROVED_SCOPE),
      immutability_period_in_days: 365,
      protected_append_writes_enabled: false,
      locked: true,
      lifecycle: { ignore_changes: ["immutability_period_in_days"] },
    });
  });

  test("standard protection: the approved policy is unlocked and Terraform keeps its period", () => {
    const policy = onlyResource(synthRegistry({ lockRetention: false, spec: { approvedRetentionDays: 30 } }), "azurerm_storage_container_immutability_policy");
    expect(policy).toEqual({
      storage_container_resource_manager_id: expect.stringMatching(APPROVED_SCOPE),
      immutability_period_in_days: 30,
      protected_append_writes_enabled: false,
      locked: false,
    });
  });

  test("lifecycle: incoming blobs and their prior versions are deleted after incomingExpiryDays; nothing acts on approved", () => {
    const policy = onlyResource(synthRegistry({ spec: { incomingExpiryDays: 7 } }), "azurerm_storage_management_policy");
    expect(policy).toEqual({
      storage_account_id: expect.stringMatching(/^\$\{azurerm_storage_account\.registry_[A-Z0-9]+\.id\}$/),
      rule: [
        {
          name: "incoming-expiry",
          enabled: true,
          filters: { blob_types: ["blockBlob"], prefix_match: [expect.stringMatching(/^\$\{azurerm_storage_container\.registry_Incoming_[A-Z0-9]+\.name\}\/$/)] },
          actions: { base_blob: { delete_after_days_since_creation_greater_than: 7 }, version: { delete_after_days_since_creation: 7 } },
        },
      ],
    });
  });

  test("blob reads, writes and deletes go to the log storage", () => {
    expect(onlyResource(stack, "azurerm_monitor_diagnostic_setting")).toEqual({
      name: "audit-to-immutable-storage",
      target_resource_id: expect.stringMatching(/^\$\{azurerm_storage_account\.registry_[A-Z0-9]+\.id\}\/blobServices\/default$/),
      storage_account_id: "${azurerm_storage_account.logs.id}",
      enabled_log: [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }],
    });
  });

  test("a CanNotDelete lock on the account by default, none when asked", () => {
    expect(ownOf(stack, "azurerm_management_lock")).toEqual({
      name: "blueprint-evidence-cannot-delete",
      scope: expect.stringMatching(/^\$\{azurerm_storage_account\.registry_[A-Z0-9]+\.id\}$/),
      lock_level: "CanNotDelete",
      notes: "Model registry (approved models and their lineage): remove only through the documented break-glass procedure.",
    });
    expect(Object.keys(resourcesOf(synthRegistry({ deleteLock: false }), "azurerm_management_lock")).filter((id) => id.startsWith("registry_"))).toEqual([]);
  });

  test("every taggable resource carries the five standard tags (the account also its purpose)", () => {
    expect(account()["tags"]).toEqual({ ...TAGS, purpose: "models" });
    expect(onlyResource(stack, "azurerm_user_assigned_identity")["tags"]).toEqual({ ...TAGS, purpose: "models" });
  });

  test("TLS only, CMK, public access blocked (test/checkers)", () => {
    const checked = [expect.stringMatching(/^azurerm_storage_account\.registry_[A-Z0-9]+$/)];
    expect(azureStorageIsTlsOnly(stack)).toEqual({ status: "compliant", checked });
    expect(azureStorageUsesCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked });
    expect(azureStorageBlocksPublicAccess(stack)).toEqual({ status: "compliant", checked });
  });

  test("attributes are references: account name and the MLflow URI of approved", () => {
    const seen: string[] = [];
    const json = synthRegistry({}, (r) => seen.push(r.storageAccountName, r.approvedUri));
    expect(seen[0]).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(seen[1]).toMatch(/^wasbs:\/\/\$\{TfToken\[TOKEN\.\d+\]\}@\$\{TfToken\[TOKEN\.\d+\]\}\.blob\.core\.windows\.net\/$/);
    expect(Object.keys(resourcesOf(json, "azurerm_storage_account"))).toEqual([expect.stringMatching(/^registry_[A-Z0-9]+$/)]);
  });
});

describe("azure ModelRegistry grants", () => {
  const stack = synthRegistry();

  test("the writer role: create blobs and set their tags, nothing else, defined and assignable in the resource group", () => {
    expect(ownOf(stack, "azurerm_role_definition")).toEqual({
      name: expect.stringMatching(/^Blueprint model writer \(\$\{azurerm_storage_account\.registry_[A-Z0-9]+\.name\}\)$/),
      scope: TEST_RESOURCE_GROUP_ID,
      assignable_scopes: [TEST_RESOURCE_GROUP_ID],
      description: "Create blobs and set their index tags in one model registry container; no read, delete or version delete.",
      permissions: [{ data_actions: [`${BLOBS}/write`, `${BLOBS}/add/action`, `${BLOBS}/tags/write`] }],
    });
  });

  test("a publisher gets the writer role on incoming only, with the lineage-tag condition (exact text)", () => {
    const publish = Object.entries(resourcesOf(stack, "azurerm_role_assignment")).filter(([id]) => id.startsWith(`registry_Publish-${PUBLISHER}_`));
    expect(publish.map(([, a]) => a)).toEqual([
      { scope: expect.stringMatching(INCOMING_SCOPE), principal_id: PUBLISHER, role_definition_id: expect.stringMatching(WRITER_ROLE), condition: LINEAGE_CONDITION, condition_version: "2.0" },
    ]);
  });

  test("the lineage condition follows the registry's own tag keys", () => {
    const json = synthRegistry({ spec: { lineageTags: ["dataset-digest", "base-model"] } });
    const [publish] = grantsOf(json);
    expect(publish!["condition"]).toEqual(
      "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})" +
        " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})" +
        " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'}))" +
        " OR (@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'dataset-digest'}" +
        " AND @Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'base-model'}))" +
        " AND ((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})" +
        " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})" +
        " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'}))" +
        " OR (@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags&$keys$&] ForAllOfAllValues:StringNotEquals {'Malware Scanning scan result', 'Malware Scanning scan time UTC'}))",
    );
  });

  test("a reader gets Storage Blob Data Reader on approved only, unconditioned for the whole registry", () => {
    const read = Object.entries(resourcesOf(stack, "azurerm_role_assignment")).filter(([id]) => id.startsWith(`registry_Read-${READER}_`));
    expect(read.map(([, a]) => a)).toEqual([{ scope: expect.stringMatching(APPROVED_SCOPE), principal_id: READER, role_definition_name: "Storage Blob Data Reader" }]);
  });

  test("grantPublish with a model adds the path condition: writes only under <model>/", () => {
    const json = synthRegistry({ spec: { publishers: [] } }, (r) => r.grantPublish(PUBLISHER, "fraud-xgb"));
    expect(grantsOf(json)).toEqual([
      {
        scope: expect.stringMatching(INCOMING_SCOPE),
        principal_id: PUBLISHER,
        role_definition_id: expect.stringMatching(WRITER_ROLE),
        condition:
          `${LINEAGE_CONDITION} AND ((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})` +
          " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'})" +
          " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'}))" +
          " OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike 'fraud-xgb/*'))",
        condition_version: "2.0",
      },
      { scope: expect.stringMatching(APPROVED_SCOPE), principal_id: READER, role_definition_name: "Storage Blob Data Reader" },
    ]);
  });

  test("grantRead with a model: reads under <model>/ and listings of that prefix only", () => {
    const json = synthRegistry({ spec: { readers: [] } }, (r) => r.grantRead(READER, "fraud-xgb"));
    const read = grantsOf(json).filter((a) => a["role_definition_name"] === "Storage Blob Data Reader");
    expect(read).toEqual([
      {
        scope: expect.stringMatching(APPROVED_SCOPE),
        principal_id: READER,
        role_definition_name: "Storage Blob Data Reader",
        condition:
          "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'}))" +
          " OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike 'fraud-xgb/*'))" +
          " AND ((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND SubOperationMatches{'Blob.List'}))" +
          " OR (@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith 'fraud-xgb/'))",
        condition_version: "2.0",
      },
    ]);
  });

  test("nobody writes approved without a gate; the gate reads incoming and is the only writer of approved", () => {
    const writersOfApproved = (json: Json) => grantsOf(json).filter((a) => APPROVED_SCOPE.test(String(a["scope"])) && a["role_definition_id"] !== undefined);
    expect(writersOfApproved(stack)).toEqual([]);
    const json = synthRegistry({ gateObjectId: GATE });
    expect(writersOfApproved(json)).toEqual([{ scope: expect.stringMatching(APPROVED_SCOPE), principal_id: GATE, role_definition_id: expect.stringMatching(GATE_APPROVED_ROLE) }]);
    expect(grantsOf(json).filter((a) => a["principal_id"] === GATE)).toEqual([
      { scope: expect.stringMatching(INCOMING_SCOPE), principal_id: GATE, role_definition_id: expect.stringMatching(GATE_INCOMING_ROLE) },
      { scope: expect.stringMatching(APPROVED_SCOPE), principal_id: GATE, role_definition_id: expect.stringMatching(GATE_APPROVED_ROLE) },
    ]);
  });

  test("the gate's roles: read blobs, versions and index tags on incoming; create and read on approved; nothing else", () => {
    const roles = resourcesOf(synthRegistry({ gateObjectId: GATE }), "azurerm_role_definition");
    const byId = (re: RegExp) => Object.entries(roles).find(([id]) => re.test(id))![1];
    const incoming = byId(/^registry_GateIncomingRole_/);
    const approved = byId(/^registry_GateApprovedRole_/);
    expect(incoming["permissions"]).toEqual([
      { data_actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read"] },
    ]);
    expect(approved["permissions"]).toEqual([
      {
        data_actions: [
          "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
          "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
          "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
        ],
      },
    ]);
    expect(incoming["name"]).toMatch(/^Blueprint promotion gate \$\{azurerm_storage_container\.registry_Incoming_[A-Z0-9]+\.name\} \(\$\{azurerm_storage_account\.registry_[A-Z0-9]+\.name\}\)$/);
    expect(approved["name"]).toMatch(/^Blueprint promotion gate \$\{azurerm_storage_container\.registry_Approved_[A-Z0-9]+\.name\} \(\$\{azurerm_storage_account\.registry_[A-Z0-9]+\.name\}\)$/);
    for (const role of [incoming, approved]) {
      expect(role["scope"]).toBe(TEST_RESOURCE_GROUP_ID);
      expect(role["assignable_scopes"]).toEqual([TEST_RESOURCE_GROUP_ID]);
    }
  });

  test("AZURE_REGISTRY_GATE_DUPLICATE: one gate per registry", () => {
    expect(() => synthRegistry({ gateObjectId: GATE }, (r) => r.grantGate("00000000-0000-4000-8000-0000000000e2"))).toThrow("AZURE_REGISTRY_GATE_DUPLICATE");
  });

  test("every assignment is scoped to one container (never the account, resource group or subscription) and none is Owner or Contributor", () => {
    const json = synthRegistry({ gateObjectId: GATE }, (r) => {
      r.grantPublish("00000000-0000-4000-8000-000000010b09", "m1");
      r.grantRead("00000000-0000-4000-8000-000000010c09", "m1");
    });
    const grants = grantsOf(json);
    expect(grants).toHaveLength(6);
    expect(grants.map((a) => String(a["scope"])).filter((s) => !INCOMING_SCOPE.test(s) && !APPROVED_SCOPE.test(s))).toEqual([]);
    expect(grants.map((a) => a["role_definition_name"] ?? "custom writer").sort()).toEqual([
      "Storage Blob Data Reader",
      "Storage Blob Data Reader",
      "custom writer",
      "custom writer",
      "custom writer",
      "custom writer",
    ]);
  });

  test("no grant gives a key permission: the only Key Vault role is the account identity's", () => {
    const keyRoles = allResources(synthRegistry({ gateObjectId: GATE }))
      .filter(([type, , body]) => type === "azurerm_role_assignment" && String(body["role_definition_name"] ?? "").startsWith("Key Vault"))
      .map(([, id]) => id);
    expect(keyRoles).toEqual([expect.stringMatching(/^registry_IdentityKeyAccess_[A-Z0-9]+$/)]);
  });
});

describe("azure ModelRegistry validation codes", () => {
  const problemsOf = (build: () => unknown) => validationErrorOf(build).problems.map((p) => [p.code, p.prop, p.value]);

  test("AZURE_REGISTRY_NAME_INVALID and AZURE_STORAGE_ACCOUNT_NAME_INVALID", () => {
    expect(problemsOf(() => synthRegistry({ storageAccountName: "St-Acme", spec: { name: "Fraud_Scoring" } }))).toEqual([
      ["AZURE_REGISTRY_NAME_INVALID", "spec.name", '"Fraud_Scoring"'],
      ["AZURE_STORAGE_ACCOUNT_NAME_INVALID", "storageAccountName", '"St-Acme"'],
    ]);
  });

  test("AZURE_REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE and AZURE_REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE", () => {
    expect(problemsOf(() => synthRegistry({ spec: { approvedRetentionDays: 36_501, incomingExpiryDays: 0 } }))).toEqual([
      ["AZURE_REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE", "spec.approvedRetentionDays", "36501"],
      ["AZURE_REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE", "spec.incomingExpiryDays", "0"],
    ]);
  });

  test.each([6, 366])("AZURE_SOFT_DELETE_OUT_OF_RANGE: %i days", (softDeleteDays) => {
    expect(validationErrorOf(() => synthRegistry({ softDeleteDays })).problems).toEqual([
      { code: "AZURE_SOFT_DELETE_OUT_OF_RANGE", constructPath: "test/registry", prop: "softDeleteDays", value: String(softDeleteDays), accepted: "an integer from 7 to 365" },
    ]);
  });

  test("AZURE_REGISTRY_LINEAGE_TAGS_COUNT and AZURE_REGISTRY_LINEAGE_TAG_INVALID", () => {
    expect(problemsOf(() => synthRegistry({ spec: { lineageTags: [] } }))).toEqual([["AZURE_REGISTRY_LINEAGE_TAGS_COUNT", "spec.lineageTags", '""']]);
    expect(problemsOf(() => synthRegistry({ spec: { lineageTags: ["dataset-digest", "Bad Key'"] } }))).toEqual([["AZURE_REGISTRY_LINEAGE_TAG_INVALID", "spec.lineageTags", "\"Bad Key'\""]]);
  });

  test("AZURE_OBJECT_ID_INVALID and AZURE_REGISTRY_PRINCIPAL_DUPLICATE", () => {
    expect(problemsOf(() => synthRegistry({ spec: { publishers: ["not-a-uuid"], readers: [READER, READER] }, gateObjectId: "gate" }))).toEqual([
      ["AZURE_OBJECT_ID_INVALID", "spec.publishers", '"not-a-uuid"'],
      ["AZURE_REGISTRY_PRINCIPAL_DUPLICATE", "spec.readers", `"${READER}"`],
      ["AZURE_OBJECT_ID_INVALID", "gateObjectId", '"gate"'],
    ]);
  });

  test("AZURE_STORAGE_IP_RANGE_INVALID", () => {
    expect(problemsOf(() => synthRegistry({ allowedIpRanges: ["10.0.0.0/8"] }))).toEqual([["AZURE_STORAGE_IP_RANGE_INVALID", "allowedIpRanges", '"10.0.0.0/8"']]);
  });

  test("AZURE_AUDIT_CATEGORIES_EMPTY and AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE", () => {
    expect(problemsOf(() => synthRegistry({ auditCategories: [] }))).toEqual([["AZURE_AUDIT_CATEGORIES_EMPTY", "auditCategories", '"[]"']]);
    expect(problemsOf(() => synthRegistry({ logStorage: logStorage(["StorageRead", "StorageDelete"]) }))).toEqual([["AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE", "logStorage", '"StorageWrite"']]);
  });

  test("AZURE_REGISTRY_MODEL_NAME_INVALID: a model name that could match another model's blobs", () => {
    const error = validationErrorOf(() => synthRegistry({}, (r) => r.grantRead(READER, "fraud*")));
    expect(error.problems).toEqual([
      {
        code: "AZURE_REGISTRY_MODEL_NAME_INVALID",
        constructPath: "test/registry/grantRead",
        prop: "model",
        value: '"fraud*"',
        accepted: "a model name: 1-63 lowercase letters, digits, . _ and -, starting with a letter or digit",
      },
    ]);
    expect(problemsOf(() => synthRegistry({}, (r) => r.grantPublish(PUBLISHER, "a/b")))).toEqual([["AZURE_REGISTRY_MODEL_NAME_INVALID", "model", '"a/b"']]);
  });

  test("AZURE_OBJECT_ID_INVALID and AZURE_REGISTRY_GRANT_DUPLICATE from a grant method", () => {
    expect(problemsOf(() => synthRegistry({}, (r) => r.grantPublish("someone")))).toEqual([["AZURE_OBJECT_ID_INVALID", "objectId", '"someone"']]);
    expect(problemsOf(() => synthRegistry({}, (r) => r.grantPublish(PUBLISHER)))).toEqual([["AZURE_REGISTRY_GRANT_DUPLICATE", "objectId", `"${PUBLISHER}"`]]);
    expect(problemsOf(() => synthRegistry({}, (r) => [r.grantRead(READER, "m"), r.grantRead(READER, "m")]))).toEqual([["AZURE_REGISTRY_GRANT_DUPLICATE", "objectId", `"${READER} (m)"`]]);
  });
});
