import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KmsKey } from "../../../constructs/azure/kms-key";
import { StateBucket } from "../../../constructs/azure/state-bucket";
import { azureStorageUsesCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { azureRolesAreLeastPrivilege } from "../../checkers/least-privilege";
import { azureStorageBlocksPublicAccess } from "../../checkers/public-access";
import { azureStorageIsTlsOnly } from "../../checkers/tls-only";
import { azureLogStorageIsWriteOnce } from "../../checkers/write-once";
import { validationErrorOf } from "../../helpers/errors";
import { testKeyVault } from "../../helpers/fixtures";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const DEPLOYER = "00000000-0000-4000-8000-0000000000d1";

function synthState(storageAccountName = "stacmeaitfst1a2b3c", softDeleteDays?: number, priorVersionDays?: number): Json {
  return synthConstruct((scope) => {
    const keyVault = testKeyVault(scope, "kv-acme-ai-tfst-1a2b3");
    const kmsKey = new KmsKey(scope, "key", { purpose: "state", keyVault, tags: {} });
    new StateBucket(scope, "state", {
      storageAccountName,
      resourceGroupName: "rg-acme-ai-tfstate",
      location: "westeurope",
      kmsKey,
      deployerObjectId: DEPLOYER,
      softDeleteDays,
      priorVersionDays,
      tags: { owner: "ml-platform" },
    });
  });
}

describe("azure StateBucket", () => {
  const stack = synthState();
  const account = (): Json => onlyResource(stack, "azurerm_storage_account");

  test("StorageV2, HTTPS only, TLS 1.2 minimum", () => {
    expect(account()["account_kind"]).toBe("StorageV2");
    expect(account()["https_traffic_only_enabled"]).toBe(true);
    expect(account()["min_tls_version"]).toBe("TLS1_2");
  });

  test("shared keys off, Entra ID by default, no public blobs, no local users or SFTP", () => {
    expect(account()).toMatchObject({
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      allow_nested_items_to_be_public: false,
      cross_tenant_replication_enabled: false,
      local_user_enabled: false,
      sftp_enabled: false,
    });
  });

  test("firewall denies by default; no public network access without allowed ranges", () => {
    expect(account()["network_rules"]).toEqual({ default_action: "Deny", bypass: ["AzureServices"], ip_rules: [] });
    expect(account()["public_network_access_enabled"]).toBe(false);
  });

  test("infrastructure encryption plus a customer-managed key through a user-assigned identity", () => {
    expect(account()["infrastructure_encryption_enabled"]).toBe(true);
    expect(account()["queue_encryption_key_type"]).toBe("Account");
    expect(account()["table_encryption_key_type"]).toBe("Account");
    expect(account()["identity"]).toEqual({ type: "UserAssigned", identity_ids: [expect.stringMatching(/^\$\{azurerm_user_assigned_identity\./)] });
    expect(account()["customer_managed_key"]).toEqual({
      key_vault_key_id: expect.stringMatching(/^\$\{azurerm_key_vault_key\.key_[A-Z0-9]+\.versionless_id\}$/),
      user_assigned_identity_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\./),
    });
  });

  test("#14 the identity may wrap and unwrap with the state key only, not with the vault's other keys", () => {
    const grant = Object.values(resourcesOf(stack, "azurerm_role_assignment")).find(
      (a) => a["role_definition_name"] === "Key Vault Crypto Service Encryption User",
    )!;
    expect(grant["scope"]).toMatch(/^\$\{azurerm_key_vault_key\.key_[A-Z0-9]+\.resource_versionless_id\}$/);
    expect(grant["principal_id"]).toMatch(/^\$\{azurerm_user_assigned_identity\..*\.principal_id\}$/);
  });

  test("#8 the account is created 120 s after the identity's key grant", () => {
    const [sleepId, sleep] = Object.entries(resourcesOf(stack, "time_sleep")).find(([id]) => id.startsWith("state_IdentityKeyAccessPropagation"))!;
    expect(sleep["create_duration"]).toBe("120s");
    expect(sleep["depends_on"]).toEqual([expect.stringMatching(/^azurerm_role_assignment\.state_IdentityKeyAccess_[A-Z0-9]+$/)]);
    expect(account()["depends_on"]).toEqual([`time_sleep.${sleepId}`]);
  });

  test("#14 a CanNotDelete lock on the state account", () => {
    const locks = Object.values(resourcesOf(stack, "azurerm_management_lock")).filter((l) => String(l["scope"]).startsWith("${azurerm_storage_account."));
    expect(locks).toEqual([
      {
        name: "blueprint-evidence-cannot-delete",
        scope: expect.stringMatching(/^\$\{azurerm_storage_account\.state_[A-Z0-9]+\.id\}$/),
        lock_level: "CanNotDelete",
        notes: "Audit evidence (Terraform state): remove only through the documented break-glass procedure.",
      },
    ]);
  });

  test("blob versioning and 30-day soft delete for blobs and containers", () => {
    expect(account()["blob_properties"]).toEqual({
      versioning_enabled: true,
      delete_retention_policy: { days: 30 },
      container_delete_retention_policy: { days: 30 },
    });
  });

  test("private tfstate container, and the deployer reaches it through Entra ID", () => {
    const container = onlyResource(stack, "azurerm_storage_container");
    expect(container["name"]).toBe("tfstate");
    expect(container["container_access_type"]).toBe("private");
    const blob = Object.values(resourcesOf(stack, "azurerm_role_assignment")).find((a) => a["role_definition_name"] === "Storage Blob Data Contributor")!;
    expect(blob["principal_id"]).toBe(DEPLOYER);
    expect(blob["scope"]).toMatch(/^\$\{azurerm_storage_account\.state_/);
  });

  test("prevent_destroy and tags", () => {
    expect(account()["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(account()["tags"]).toEqual({ owner: "ml-platform", purpose: "state" });
  });

  test("the soft-delete period of blobs and containers follows softDeleteDays; versioning stays on", () => {
    expect(onlyResource(synthState("stacmeaitfst1a2b3c", 7), "azurerm_storage_account")["blob_properties"]).toEqual({
      versioning_enabled: true,
      delete_retention_policy: { days: 7 },
      container_delete_retention_policy: { days: 7 },
    });
  });

  test("prior state versions are deleted after 365 days by default, after priorVersionDays when set", () => {
    const rule = (json: Json) => onlyResource(json, "azurerm_storage_management_policy");
    expect(rule(stack)).toEqual({
      storage_account_id: "${azurerm_storage_account.state_EC29AD4A.id}",
      rule: [{ name: "expire-prior-state-versions", enabled: true, filters: { blob_types: ["blockBlob"] }, actions: { version: { delete_after_days_since_creation: 365 } } }],
    });
    expect((rule(synthState("stacmeaitfst1a2b3c", undefined, 90))["rule"] as Json[])[0]!["actions"]).toEqual({ version: { delete_after_days_since_creation: 90 } });
  });

  test("priorVersionDays outside 30-3650 is refused", () => {
    expect(validationErrorOf(() => synthState("stacmeaitfst1a2b3c", undefined, 29)).problems.map((p) => [p.prop, p.code])).toEqual([["priorVersionDays", "AZURE_STATE_VERSION_RETENTION_OUT_OF_RANGE"]]);
    expect(validationErrorOf(() => synthState("stacmeaitfst1a2b3c", undefined, 3651)).problems.map((p) => [p.prop, p.code])).toEqual([["priorVersionDays", "AZURE_STATE_VERSION_RETENTION_OUT_OF_RANGE"]]);
  });

  test("rejects an invalid account name and soft-delete period together", () => {
    const error = validationErrorOf(() => synthState("Has-Upper", 400));
    expect(error.problems.map((p) => [p.prop, p.code])).toEqual([
      ["storageAccountName", "AZURE_STORAGE_ACCOUNT_NAME_INVALID"],
      ["softDeleteDays", "AZURE_STATE_RETENTION_OUT_OF_RANGE"],
    ]);
  });

  function stateWith(props: { deployerObjectId?: string; allowedIpRanges?: string[]; preventDestroy?: boolean; deleteLock?: boolean }): Json {
    return synthConstruct((scope) => {
      const keyVault = testKeyVault(scope, "kv-acme-ai-tfst-1a2b3");
      const kmsKey = new KmsKey(scope, "key", { purpose: "state", keyVault, tags: {} });
      new StateBucket(scope, "state", {
        storageAccountName: "stacmeaitfst1a2b3c",
        resourceGroupName: "rg-acme-ai-tfstate",
        location: "westeurope",
        kmsKey,
        deployerObjectId: props.deployerObjectId ?? new DataAzurermClientConfig(scope, "deployer", {}).objectId,
        allowedIpRanges: props.allowedIpRanges,
        preventDestroy: props.preventDestroy,
        deleteLock: props.deleteLock,
        tags: {},
      });
    });
  }

  test("#2 the deployer's object id from data.azurerm_client_config (known at plan time) passes validation", () => {
    const blob = Object.values(resourcesOf(stateWith({}), "azurerm_role_assignment")).find((a) => a["role_definition_name"] === "Storage Blob Data Contributor")!;
    expect(blob["principal_id"]).toBe("${data.azurerm_client_config.deployer.object_id}");
  });

  test("#14 no management lock when deleteLock is false; prevent_destroy false when asked", () => {
    const json = stateWith({ deleteLock: false, preventDestroy: false });
    // The test vault's own lock stays; none on the account.
    expect(Object.values(resourcesOf(json, "azurerm_management_lock")).map((l) => l["scope"])).toEqual([expect.stringMatching(/^\$\{azurerm_key_vault\./)]);
    expect(onlyResource(json, "azurerm_storage_account")["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("AZURE_OBJECT_ID_INVALID: a deployer object id that is not a UUID", () => {
    const error = validationErrorOf(() => stateWith({ deployerObjectId: "deployer" }));
    expect(error.problems.map((p) => [p.prop, p.code, p.constructPath])).toEqual([["deployerObjectId", "AZURE_OBJECT_ID_INVALID", "test/state"]]);
  });

  test("AZURE_STORAGE_IP_RANGE_INVALID: a private range the storage firewall refuses", () => {
    const error = validationErrorOf(() => stateWith({ allowedIpRanges: ["203.0.113.0/24", "192.168.1.0/24"] }));
    expect(error.problems.map((p) => [p.prop, p.code, p.value])).toEqual([["allowedIpRanges", "AZURE_STORAGE_IP_RANGE_INVALID", '"192.168.1.0/24"']]);
    expect(onlyResource(stateWith({ allowedIpRanges: ["203.0.113.0/24"] }), "azurerm_storage_account")["network_rules"]).toEqual({
      default_action: "Deny",
      bypass: ["AzureServices"],
      ip_rules: ["203.0.113.0/24"],
    });
  });
});

describe("azure StateBucket controls (test/checkers)", () => {
  const stack = synthState();
  const account = [expect.stringMatching(/^azurerm_storage_account\.state_[A-Z0-9]+$/)];

  test("TLS only, CMK, public access blocked; versioned state, not write-once", () => {
    expect(azureStorageIsTlsOnly(stack)).toEqual({ status: "compliant", checked: account });
    expect(azureStorageUsesCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: account });
    expect(azureStorageBlocksPublicAccess(stack)).toEqual({ status: "compliant", checked: account });
    expect(azureLogStorageIsWriteOnce(stack)).toEqual({ status: "not-applicable" });
  });

  test("the deployer's blob role and the identity's key role are the narrow ones, at the account and the key", () => {
    expect(azureRolesAreLeastPrivilege(stack)).toEqual({
      status: "compliant",
      checked: expect.arrayContaining([
        expect.stringMatching(/^azurerm_role_assignment\.state_DeployerBlobAccess_[A-Z0-9]+$/),
        expect.stringMatching(/^azurerm_role_assignment\.state_IdentityKeyAccess_[A-Z0-9]+$/),
      ]),
    });
  });
});
