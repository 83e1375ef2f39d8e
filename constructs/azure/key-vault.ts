import { KeyVault as KeyVaultResource } from "@cdktf/provider-azurerm/lib/key-vault";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { PropValidator } from "../shared/validation-error";

/** Azure limits for `soft_delete_retention_days`. */
export const KEY_VAULT_SOFT_DELETE_DAYS = { min: 7, max: 90 } as const;

/** Built-in role that creates, rotates and deletes keys (data plane, no secrets or certificates). */
export const KEY_VAULT_CRYPTO_OFFICER = "Key Vault Crypto Officer";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CIDR = /^(\d{1,3})(\.\d{1,3}){3}(\/([0-9]|[12][0-9]|3[0-2]))?$/;

/** A Key Vault keys can be created in. */
export interface IKeyVault {
  readonly keyVaultId: string;
  readonly keyVaultName: string;
  /** Resources that must exist before keys can be written (the data-plane role assignments). */
  readonly keyWriteDependencies: readonly RoleAssignment[];
}

export interface KeyVaultProps {
  /** Vault name: 3-24 letters, digits and single hyphens, starting with a letter, globally unique. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Entra ID tenant the vault trusts. */
  readonly tenantId: string;
  /**
   * Object id of the identity running Terraform. It gets Key Vault Crypto Officer on this vault
   * because keys are written through the data plane, where RBAC applies to Terraform too.
   */
  readonly deployerObjectId: string;
  /** Object ids (users, groups) that administer the keys: Key Vault Crypto Officer. */
  readonly adminObjectIds: readonly string[];
  /**
   * Public IPv4 ranges allowed through the vault firewall (the machines that run Terraform).
   * Empty disables public network access entirely; keys are then only reachable from a private
   * endpoint, which must exist before deploying.
   * @default - no public network access
   */
  readonly allowedIpRanges?: readonly string[];
  /** Days a deleted vault or key stays recoverable, 7-90. @default 90 */
  readonly softDeleteRetentionDays?: number;
  /** Refuse any plan that destroys the vault. @default true */
  readonly preventDestroy?: boolean;
  /** The five standard tags; azurerm has no provider-level default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Premium (HSM-backed) Key Vault using Azure RBAC instead of access policies, purge protection
 * on, soft delete, and a firewall that denies by default.
 *
 * @example
 * const vault = new KeyVault(this, "vault", {
 *   name: "kv-acme-ai-prod-1a2b3", resourceGroupName: rg.name, location: "westeurope",
 *   tenantId, deployerObjectId: client.objectId, adminObjectIds: [adminGroupId], tags,
 * });
 */
export class KeyVault extends Construct implements IKeyVault {
  public readonly keyVaultId: string;
  public readonly keyVaultName: string;
  public readonly keyWriteDependencies: readonly RoleAssignment[];
  public readonly resource: KeyVaultResource;

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    const softDeleteRetentionDays = props.softDeleteRetentionDays ?? KEY_VAULT_SOFT_DELETE_DAYS.max;
    const allowedIpRanges = props.allowedIpRanges ?? [];
    const v = new PropValidator(scope, id)
      .require(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(props.name), "KEY_VAULT_NAME_INVALID", "name", props.name, "3-24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen")
      .require(UUID.test(props.tenantId), "AZURE_TENANT_ID_INVALID", "tenantId", props.tenantId, "a UUID")
      .integerInRange("softDeleteRetentionDays", softDeleteRetentionDays, KEY_VAULT_SOFT_DELETE_DAYS.min, KEY_VAULT_SOFT_DELETE_DAYS.max, "KEY_VAULT_SOFT_DELETE_OUT_OF_RANGE")
      .require(props.adminObjectIds.length > 0, "KEY_VAULT_NO_ADMIN", "adminObjectIds", "[]", "at least one Entra ID object id");
    for (const objectId of props.adminObjectIds) {
      v.require(Token.isUnresolved(objectId) || UUID.test(objectId), "AZURE_OBJECT_ID_INVALID", "adminObjectIds", objectId, "Entra ID object ids (UUIDs)");
    }
    for (const range of allowedIpRanges) {
      v.require(CIDR.test(range), "KEY_VAULT_IP_RANGE_INVALID", "allowedIpRanges", range, "IPv4 addresses or CIDR ranges");
    }
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
      publicNetworkAccessEnabled: allowedIpRanges.length > 0,
      networkAcls: {
        defaultAction: "Deny",
        // Storage accounts reach their customer-managed key as a trusted Azure service.
        bypass: "AzureServices",
        ipRules: [...allowedIpRanges],
      },
      tags: { ...props.tags },
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });

    const officer = (childId: string, principalId: string): RoleAssignment =>
      new RoleAssignment(this, childId, { scope: this.resource.id, roleDefinitionName: KEY_VAULT_CRYPTO_OFFICER, principalId });
    // Admin child ids carry the object id, so adding an admin never renames another assignment.
    const admins = [...new Set(props.adminObjectIds)]
      .filter((objectId) => objectId !== props.deployerObjectId)
      .map((objectId) => officer(`AdminCryptoOfficer-${objectId}`, objectId));
    this.keyWriteDependencies = [officer("DeployerCryptoOfficer", props.deployerObjectId), ...admins];
    this.keyVaultId = this.resource.id;
    this.keyVaultName = props.name;
  }
}
