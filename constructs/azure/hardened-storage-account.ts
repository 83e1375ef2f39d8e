import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount, StorageAccountBlobProperties } from "@cdktf/provider-azurerm/lib/storage-account";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { azureStorageIdentityName } from "../shared/naming";
import { PropagationDelay } from "../shared/propagation-delay";
import { IKmsKey } from "./kms-key";

/** Built-in role a storage account's identity needs to wrap and unwrap with its CMK. */
export const KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER = "Key Vault Crypto Service Encryption User";

export interface HardenedStorageAccountOptions {
  /** Storage account name, 3-24 lowercase letters and digits (checked by the calling construct). */
  readonly name: string;
  /** Resource group of the account and of its identity. */
  readonly resourceGroupName: string;
  /** Azure location of the account and of its identity. */
  readonly location: string;
  /** Customer-managed key of the account; its identity may wrap and unwrap with this key only. */
  readonly kmsKey: IKmsKey;
  /** Public IPv4 ranges allowed through the firewall; empty disables public network access. */
  readonly allowedIpRanges: readonly string[];
  /**
   * Subnets admitted through the firewall by their `Microsoft.Storage` service endpoint (the
   * promotion gates' VNet-integrated subnet): `network_rules.virtual_network_subnet_ids`. A
   * subnet of another subscription of the tenant is admitted too ("Configure Azure Storage
   * firewalls and virtual networks": virtual network rules across subscriptions).
   * @default [] (no subnet)
   */
  readonly allowedSubnetIds?: readonly string[];
  /** Versioning and soft delete of the account's blobs and containers, per purpose. */
  readonly blobProperties: StorageAccountBlobProperties;
  /** Refuse any plan that destroys the account. */
  readonly preventDestroy: boolean;
  /** Tags of the account and its identity. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The storage-account baseline every account of the blueprint shares: StorageV2, HTTPS only,
 * TLS 1.2, shared keys off (Entra ID only), no public blobs, no cross-tenant replication, local
 * users or SFTP, firewall deny by default, infrastructure encryption plus a customer-managed key
 * reached through a user-assigned identity that may wrap and unwrap with exactly that key (a role
 * assignment scoped to the key, not the vault). The account waits for the assignment to take
 * effect: the storage service checks the key when the account is created.
 * Children are created in `scope` as `Identity`, `IdentityKeyAccess`,
 * `IdentityKeyAccessPropagation` and `Resource`.
 */
export function hardenedStorageAccount(scope: Construct, options: HardenedStorageAccountOptions): StorageAccount {
  const subnets = [...new Set(options.allowedSubnetIds ?? [])];
  const identity = new UserAssignedIdentity(scope, "Identity", {
    name: azureStorageIdentityName(options.name),
    resourceGroupName: options.resourceGroupName,
    location: options.location,
    tags: { ...options.tags },
  });
  // On the key only: with the vault as scope the identity could wrap and unwrap with every key
  // of the vault (registry, functions), not just the one that encrypts this account.
  const keyAccess = new RoleAssignment(scope, "IdentityKeyAccess", {
    scope: options.kmsKey.resourceVersionlessId,
    roleDefinitionName: KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER,
    principalId: identity.principalId,
  });
  const keyAccessWait = new PropagationDelay(scope, "IdentityKeyAccessPropagation", {
    kind: "azure-rbac",
    grants: [keyAccess],
    reason: "the account identity's key role, before the account is created with the customer-managed key",
  });
  return new StorageAccount(scope, "Resource", {
    name: options.name,
    resourceGroupName: options.resourceGroupName,
    location: options.location,
    accountKind: "StorageV2",
    accountTier: "Standard",
    accountReplicationType: "GRS",
    httpsTrafficOnlyEnabled: true,
    minTlsVersion: "TLS1_2",
    sharedAccessKeyEnabled: false,
    defaultToOauthAuthentication: true,
    allowNestedItemsToBePublic: false,
    crossTenantReplicationEnabled: false,
    localUserEnabled: false,
    sftpEnabled: false,
    infrastructureEncryptionEnabled: true,
    // Queues and tables under the account key too, so the CMK covers every service.
    queueEncryptionKeyType: "Account",
    tableEncryptionKeyType: "Account",
    // Service endpoints reach the public endpoint, through the firewall's virtual network
    // rules: public network access must stay enabled for an admitted subnet too.
    publicNetworkAccessEnabled: options.allowedIpRanges.length > 0 || subnets.length > 0,
    networkRules: { defaultAction: "Deny", bypass: ["AzureServices"], ipRules: [...options.allowedIpRanges], ...(subnets.length > 0 ? { virtualNetworkSubnetIds: subnets } : {}) },
    identity: { type: "UserAssigned", identityIds: [identity.id] },
    customerManagedKey: { keyVaultKeyId: options.kmsKey.versionlessKeyId, userAssignedIdentityId: identity.id },
    blobProperties: options.blobProperties,
    tags: { ...options.tags },
    dependsOn: [keyAccessWait.resource],
    lifecycle: { preventDestroy: options.preventDestroy },
  });
}
