import { KeyVault as KeyVaultResource } from "@cdktf/provider-azurerm/lib/key-vault";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { Fn, ITerraformDependable, TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { AZURE_FIREWALL_IP_RANGE, AZURE_KEY_VAULT_NAME, AZURE_KEY_VAULT_SOFT_DELETE_DAYS, AZURE_SUBNET_ID } from "../shared/limits/azure";
import { UUID } from "../shared/limits/common";
import { azureKeyManagerRoleName } from "../shared/naming";
import { PropagationDelay } from "../shared/propagation-delay";
import { PropValidator } from "../shared/validation-error";
import { cannotDeleteLock } from "./delete-lock";

/**
 * Key Vault data actions of the blueprint's key-manager role: everything Terraform and the key
 * administrators need to create, tag, rotate, delete and recover keys and set their rotation
 * policies (names from learn.microsoft.com/azure/role-based-access-control/permissions/security,
 * Microsoft.KeyVault). The built-in Key Vault Crypto Officer grants `keys/*`, which includes
 * encrypt, decrypt, wrap, unwrap, sign and verify: whoever manages a key could also use it.
 * Left out on purpose: the crypto operations; `backup` and `restore` (a backup restored into
 * another vault of the subscription would give its holder a usable copy); `import`, `release`
 * and `purge` (purge protection refuses it anyway).
 */
export const KEY_MANAGER_DATA_ACTIONS = [
  "Microsoft.KeyVault/vaults/keys/read",
  "Microsoft.KeyVault/vaults/keys/create/action",
  "Microsoft.KeyVault/vaults/keys/update/action",
  "Microsoft.KeyVault/vaults/keys/rotate/action",
  "Microsoft.KeyVault/vaults/keys/delete",
  "Microsoft.KeyVault/vaults/keys/recover/action",
  "Microsoft.KeyVault/vaults/keyrotationpolicies/read",
  "Microsoft.KeyVault/vaults/keyrotationpolicies/write",
] as const;
/** Control-plane actions of the key-manager role: finding the vault, nothing else. */
export const KEY_MANAGER_ACTIONS = ["Microsoft.KeyVault/vaults/read"] as const;

/** A Key Vault keys can be created in. */
export interface IKeyVault {
  /** Azure Resource Manager id of the vault. */
  readonly keyVaultId: string;
  /** Name of the vault (global). */
  readonly keyVaultName: string;
  /**
   * What keys must depend on: the wait after the deployer's data-plane role assignment, which
   * Key Vault honours minutes after it is created.
   */
  readonly keyWriteDependencies: readonly ITerraformDependable[];
}

export interface KeyVaultProps {
  /** Vault name: 3-24 letters, digits and single hyphens, starting with a letter, globally unique. */
  readonly name: string;
  /** Resource group the vault is created in. */
  readonly resourceGroupName: string;
  /**
   * Id of that resource group: the key-manager role is defined there. Microsoft advises against
   * a resource instance as a custom role's assignable scope; the role is still only assigned on
   * this vault.
   */
  readonly resourceGroupId: string;
  /** Azure location of the vault. */
  readonly location: string;
  /** Entra ID tenant the vault trusts (a UUID). */
  readonly tenantId: string;
  /**
   * Object id of the identity running Terraform, usually `data.azurerm_client_config.object_id`.
   * It gets the key-manager role on this vault because keys are written through the data plane,
   * where RBAC applies to Terraform too.
   */
  readonly deployerObjectId: string;
  /**
   * Object ids (users, groups) that administer the keys: the key-manager role, which manages
   * keys but cannot use them. The deployer may be listed too; it is assigned once.
   */
  readonly adminObjectIds: readonly string[];
  /**
   * Public IPv4 ranges allowed through the vault firewall (the machines that run Terraform).
   * Empty disables public network access entirely; keys are then only reachable from a private
   * endpoint, which must exist before deploying.
   * @default - no public network access
   */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Subnets admitted through the vault firewall by their `Microsoft.KeyVault` service endpoint
   * (`network_acls.virtual_network_subnet_ids`): the promotion gates' VNet-integrated subnet
   * ("Virtual network service endpoints for Azure Key Vault").
   * @default [] (no subnet)
   */
  readonly allowedSubnetIds?: readonly string[];
  /** Days a deleted vault or key stays recoverable, 7-90. @default 90 */
  readonly softDeleteRetentionDays?: number;
  /** Refuse any plan that destroys the vault. @default true */
  readonly preventDestroy?: boolean;
  /**
   * A `CanNotDelete` management lock on the vault: deleting it through Azure Resource Manager
   * fails until someone allowed `Microsoft.Authorization/locks/delete` removes the lock, an act
   * the Activity Log records. Data-plane key operations are not affected.
   * @default true
   */
  readonly deleteLock?: boolean;
  /** The five standard tags; azurerm has no provider-level default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Premium (HSM-backed) Key Vault using Azure RBAC instead of access policies, purge protection
 * on, soft delete, a firewall that denies by default, a custom key-manager role (manage keys,
 * never use them) for the deployer and the administrators, and a `CanNotDelete` lock.
 *
 * @example
 * const vault = new KeyVault(this, "vault", {
 *   name: "kv-acme-ai-prod-1a2b3", resourceGroupName: rg.name, resourceGroupId: rg.id, location: "westeurope",
 *   tenantId, deployerObjectId: client.objectId, adminObjectIds: [adminGroupId], tags,
 * });
 */
export class KeyVault extends Construct implements IKeyVault {
  public readonly keyVaultId: string;
  public readonly keyVaultName: string;
  public readonly keyWriteDependencies: readonly ITerraformDependable[];
  /** The `azurerm_key_vault` resource. */
  public readonly resource: KeyVaultResource;
  /** The key-manager role, defined on the resource group, assigned on this vault only. */
  public readonly keyManagerRole: RoleDefinition;

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    const softDeleteRetentionDays = props.softDeleteRetentionDays ?? AZURE_KEY_VAULT_SOFT_DELETE_DAYS.max;
    const allowedIpRanges = props.allowedIpRanges ?? [];
    const objectIdRule = { ...UUID, accepted: `an Entra ID object id: ${UUID.accepted}` };
    const v = new PropValidator(scope, id)
      .matches("name", props.name, AZURE_KEY_VAULT_NAME, "AZURE_KEY_VAULT_NAME_INVALID")
      .matches("tenantId", props.tenantId, UUID, "AZURE_TENANT_ID_INVALID")
      .matches("deployerObjectId", props.deployerObjectId, objectIdRule, "AZURE_OBJECT_ID_INVALID")
      .integerInRange("softDeleteRetentionDays", softDeleteRetentionDays, AZURE_KEY_VAULT_SOFT_DELETE_DAYS.min, AZURE_KEY_VAULT_SOFT_DELETE_DAYS.max, "AZURE_KEY_VAULT_SOFT_DELETE_OUT_OF_RANGE")
      .require(props.adminObjectIds.length > 0, "AZURE_KEY_VAULT_NO_ADMIN", "adminObjectIds", "[]", "at least one Entra ID object id");
    for (const objectId of props.adminObjectIds) {
      v.matches("adminObjectIds", objectId, objectIdRule, "AZURE_OBJECT_ID_INVALID");
    }
    for (const range of allowedIpRanges) {
      v.matches("allowedIpRanges", range, AZURE_FIREWALL_IP_RANGE, "AZURE_KEY_VAULT_IP_RANGE_INVALID");
    }
    const subnets = [...new Set(props.allowedSubnetIds ?? [])];
    for (const subnet of subnets) v.matches("allowedSubnetIds", subnet, AZURE_SUBNET_ID, "AZURE_SUBNET_ID_INVALID");
    v.throwIfInvalid();
    super(scope, id);

    this.resource = new KeyVaultResource(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tenantId: props.tenantId,
      skuName: "premium",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays,
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      // A service endpoint reaches the public endpoint through the virtual network rules.
      publicNetworkAccessEnabled: allowedIpRanges.length > 0 || subnets.length > 0,
      networkAcls: {
        defaultAction: "Deny",
        // Storage accounts reach their customer-managed key as a trusted Azure service.
        bypass: "AzureServices",
        ipRules: [...allowedIpRanges],
        ...(subnets.length > 0 ? { virtualNetworkSubnetIds: subnets } : {}),
      },
      tags: { ...props.tags },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });

    // Custom role names are unique per tenant: the vault name (global, hashed) keeps two apart.
    this.keyManagerRole = new RoleDefinition(this, "KeyManagerRole", {
      name: azureKeyManagerRoleName(this.resource.name),
      scope: props.resourceGroupId,
      assignableScopes: [props.resourceGroupId],
      description: "Create, rotate, tag, delete and recover keys and set rotation policies; no cryptographic use, backup or restore.",
      permissions: [{ actions: [...KEY_MANAGER_ACTIONS], dataActions: [...KEY_MANAGER_DATA_ACTIONS] }],
    });
    const deployer = new RoleAssignment(this, "DeployerKeyManager", {
      scope: this.resource.id,
      roleDefinitionId: this.keyManagerRole.roleDefinitionResourceId,
      principalId: props.deployerObjectId,
    });
    // The deployer's object id is only known when Terraform reads the client config, so the
    // admins that are not the deployer are chosen there: a listed deployer would otherwise get a
    // second, identical assignment, which Azure refuses (RoleAssignmentExists). The data source
    // is read at plan time, so the set is known when for_each needs it.
    const admins = TerraformIterator.fromList(Fn.setsubtract(Fn.toset([...new Set(props.adminObjectIds)]), [props.deployerObjectId]));
    new RoleAssignment(this, "AdminKeyManager", {
      forEach: admins,
      scope: this.resource.id,
      roleDefinitionId: this.keyManagerRole.roleDefinitionResourceId,
      principalId: admins.value,
    });
    const wait = new PropagationDelay(this, "KeyWritePropagation", {
      kind: "azure-rbac",
      grants: [deployer],
      reason: "the deployer's key-manager assignment on the vault, before Terraform writes keys through the data plane",
    });
    this.keyWriteDependencies = [wait.resource];
    if (props.deleteLock ?? true) {
      cannotDeleteLock(this, this.resource.id, "the keys of this vault decrypt the logs and state");
    }
    this.keyVaultId = this.resource.id;
    // The attribute, not the literal: a consumer that names the vault then depends on it.
    this.keyVaultName = this.resource.name;
  }
}
