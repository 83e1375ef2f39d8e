import { Construct } from "constructs";
import { hardenedStorageAccount, HardenedStorageAccountOptions } from "../../../constructs/azure/hardened-storage-account";
import { IKmsKey } from "../../../constructs/azure/kms-key";
import { PropagationDelay } from "../../../constructs/shared/propagation-delay";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

const KEY: IKmsKey = {
  keyId: "https://kv-acme-ai-prod-1a2b3.vault.azure.net/keys/logs/0123456789abcdef",
  versionlessKeyId: "https://kv-acme-ai-prod-1a2b3.vault.azure.net/keys/logs",
  resourceVersionlessId: "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod/providers/Microsoft.KeyVault/vaults/kv-acme-ai-prod-1a2b3/keys/logs",
  keyVault: { keyVaultId: "vault-id", keyVaultName: "kv-acme-ai-prod-1a2b3", keyWriteDependencies: [] },
};

function synthAccount(options: Partial<HardenedStorageAccountOptions> = {}, inspect: (scope: Construct) => void = () => undefined): Json {
  return synthConstruct((scope) => {
    hardenedStorageAccount(scope, {
      name: "stacmeailogs1a2b3c",
      resourceGroupName: "rg-acme-ai-prod",
      location: "westeurope",
      kmsKey: KEY,
      allowedIpRanges: [],
      blobProperties: { deleteRetentionPolicy: { days: 30 } },
      preventDestroy: true,
      tags: { owner: "ml-platform" },
      ...options,
    });
    inspect(scope);
  });
}

describe("azure hardenedStorageAccount", () => {
  const stack = synthAccount();

  test("the whole storage baseline: GRS StorageV2, Entra ID only, no public or cross-tenant access, CMK through the identity", () => {
    expect(onlyResource(stack, "azurerm_storage_account")).toEqual({
      name: "stacmeailogs1a2b3c",
      resource_group_name: "rg-acme-ai-prod",
      location: "westeurope",
      account_kind: "StorageV2",
      account_tier: "Standard",
      account_replication_type: "GRS",
      https_traffic_only_enabled: true,
      min_tls_version: "TLS1_2",
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      allow_nested_items_to_be_public: false,
      cross_tenant_replication_enabled: false,
      local_user_enabled: false,
      sftp_enabled: false,
      infrastructure_encryption_enabled: true,
      queue_encryption_key_type: "Account",
      table_encryption_key_type: "Account",
      public_network_access_enabled: false,
      network_rules: { default_action: "Deny", bypass: ["AzureServices"], ip_rules: [] },
      identity: { type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.Identity.id}"] },
      customer_managed_key: {
        key_vault_key_id: "https://kv-acme-ai-prod-1a2b3.vault.azure.net/keys/logs",
        user_assigned_identity_id: "${azurerm_user_assigned_identity.Identity.id}",
      },
      blob_properties: { delete_retention_policy: { days: 30 } },
      tags: { owner: "ml-platform" },
      depends_on: ["time_sleep.IdentityKeyAccessPropagation_111B8A51"],
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the identity is named after the account, in its group and location, with its tags", () => {
    expect(onlyResource(stack, "azurerm_user_assigned_identity")).toEqual({
      name: "id-stacmeailogs1a2b3c",
      resource_group_name: "rg-acme-ai-prod",
      location: "westeurope",
      tags: { owner: "ml-platform" },
    });
  });

  test("the identity may wrap and unwrap with the account's key only", () => {
    expect(onlyResource(stack, "azurerm_role_assignment")).toEqual({
      scope: "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod/providers/Microsoft.KeyVault/vaults/kv-acme-ai-prod-1a2b3/keys/logs",
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_id: "${azurerm_user_assigned_identity.Identity.principal_id}",
    });
  });

  test("the wait after the key role says what it waits for", () => {
    const reasons: string[] = [];
    synthAccount({}, (scope) => reasons.push((scope.node.findChild("IdentityKeyAccessPropagation") as PropagationDelay).reason));
    expect(reasons).toEqual(["the account identity's key role, before the account is created with the customer-managed key"]);
  });

  test("allowed ranges open public network access to exactly those ranges, still deny by default", () => {
    const account = onlyResource(synthAccount({ allowedIpRanges: ["203.0.113.0/24"] }), "azurerm_storage_account");
    expect(account["public_network_access_enabled"]).toBe(true);
    expect(account["network_rules"]).toEqual({ default_action: "Deny", bypass: ["AzureServices"], ip_rules: ["203.0.113.0/24"] });
  });

  test("preventDestroy false is written as such", () => {
    expect(onlyResource(synthAccount({ preventDestroy: false }), "azurerm_storage_account")["lifecycle"]).toEqual({ prevent_destroy: false });
  });
});
