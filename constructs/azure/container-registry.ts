import { ContainerRegistry as ContainerRegistryResource } from "@cdktf/provider-azurerm/lib/container-registry";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { UUID } from "../shared/limits/common";
import { azureRegistryIdentityName } from "../shared/naming";
import { PropagationDelay } from "../shared/propagation-delay";
import { PropValidator } from "../shared/validation-error";
import { cannotDeleteLock } from "./delete-lock";
import { KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER } from "./hardened-storage-account";
import { IKmsKey } from "./kms-key";
import { AZURE_CONTAINER_REGISTRY_NAME } from "../shared/limits/azure";


/**
 * Days ACR keeps an untagged manifest before deleting it: `retention_policy_in_days` takes
 * 0-365 in azurerm 4.55 (a number, no longer a block; 0 turns the policy off, which the
 * blueprint refuses), Premium only (container_registry_resource.go, CustomizeDiff).
 */
export const AZURE_REGISTRY_UNTAGGED_RETENTION_DAYS = { min: 1, max: 365 } as const;

/**
 * Regions with availability zones, where a Premium registry can be zone-redundant
 * (learn.microsoft.com/azure/reliability/availability-zones-region-support, Americas, Europe,
 * Middle East, Africa, Asia Pacific). Names as `location` takes them, lowercase without spaces.
 * A region missing here only costs the zone redundancy default; `zoneRedundant` overrides it.
 */
export const AZURE_ZONE_REDUNDANT_LOCATIONS = [
  "australiaeast",
  "brazilsouth",
  "canadacentral",
  "centralindia",
  "centralus",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "germanywestcentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "koreacentral",
  "northeurope",
  "norwayeast",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southcentralus",
  "southeastasia",
  "swedencentral",
  "switzerlandnorth",
  "uaenorth",
  "uksouth",
  "westeurope",
  "westus2",
  "westus3",
] as const;

/** Built-in ACR roles (learn.microsoft.com/azure/container-registry/container-registry-roles): AcrPush includes pull. */
export const ACR_PULL = "AcrPull";
export const ACR_PUSH = "AcrPush";

export interface ContainerRegistryProps {
  /** Registry name, 5-50 letters and digits, globally unique (it becomes `<name>.azurecr.io`). */
  readonly name: string;
  /** Resource group of the registry and of its identity. */
  readonly resourceGroupName: string;
  /** Azure location of the registry and of its identity. */
  readonly location: string;
  /**
   * Customer-managed key of the registry (the environment's `registry` key); the registry's
   * identity may wrap and unwrap with this key only.
   */
  readonly kmsKey: IKmsKey;
  /** Entra ID object ids that pull images (serving, deployment): AcrPull on this registry. @default - none */
  readonly pullerObjectIds?: readonly string[];
  /** Entra ID object ids that push images (publishers, build pipelines): AcrPush on this registry. @default - none */
  readonly pusherObjectIds?: readonly string[];
  /**
   * Days an untagged manifest is kept before ACR deletes it, 1-365: an image pushed over by
   * tag stops costing storage but can still be pulled by digest for this long.
   * @default 7
   */
  readonly untaggedRetentionDays?: number;
  /**
   * Spread the registry over the location's availability zones. Cannot change after creation
   * (azurerm `zone_redundancy_enabled` is ForceNew).
   * @default true where the location has availability zones (AZURE_ZONE_REDUNDANT_LOCATIONS)
   */
  readonly zoneRedundant?: boolean;
  /**
   * Let trusted Azure services (Microsoft Defender for Cloud's image scanning, Azure Machine
   * Learning, ACR Tasks) reach the registry although public network access is off; each still
   * needs a role on the registry. `false` renders `network_rule_bypass_option = "None"`.
   * @default true
   */
  readonly trustedServicesBypass?: boolean;
  /** Refuse any plan that destroys the registry. @default true */
  readonly preventDestroy?: boolean;
  /**
   * A `CanNotDelete` management lock on the registry (protection.managementLocks).
   * @default true
   */
  readonly deleteLock?: boolean;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Azure Container Registry for model-serving images: Premium, admin user off, anonymous pull off,
 * public network access off, export off (no `az acr import`/pipeline copies out of the registry,
 * which the provider allows only with public network access off), a dedicated data endpoint,
 * untagged manifests deleted after a retention, zone redundancy where the region has zones and a
 * customer-managed key reached through a user-assigned identity that may wrap and unwrap with
 * that key only. The registry waits for that identity's key role to take effect: ACR checks the
 * key when the registry is created. The versionless key id lets ACR follow the key's rotation.
 * Pullers get AcrPull and pushers AcrPush, both on this registry only. `trust_policy_enabled`
 * (Docker Content Trust) is deprecated by Azure and not used: images are signed and admitted by
 * digest instead.
 *
 * The identity reaches the vault as a user-assigned identity. A customer-managed key can only
 * be set when the registry is created, and only through a user-assigned identity, while a
 * registry passes a Key Vault firewall only with its system-assigned identity through the
 * trusted-services exception (learn.microsoft.com/azure/container-registry/
 * container-registry-customer-managed-keys, "Advanced scenario: Key Vault firewall"). Against
 * the environment's vault (default Deny, the deployers' IP ranges) creation can therefore be
 * refused; docs/deploy-azure.md gives Microsoft's path. Not verified against a live
 * subscription.
 *
 * @example
 * const acr = new ContainerRegistry(this, "image-registry", {
 *   name: azureContainerRegistryName(org, env, subscriptionId), resourceGroupName: rg.name,
 *   location: "westeurope", kmsKey: keys.registry, pullerObjectIds: readers, pusherObjectIds: publishers, tags,
 * });
 */
export class ContainerRegistry extends Construct {
  /** Azure Resource Manager id of the registry: the scope of its role assignments. */
  public readonly registryId: string;
  /** `<name>.azurecr.io`, what images are pulled from. */
  public readonly loginServer: string;
  /** The `azurerm_container_registry` resource. */
  public readonly resource: ContainerRegistryResource;
  /** The identity through which the registry reaches its key. */
  public readonly identity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    const pullers = props.pullerObjectIds ?? [];
    const pushers = props.pusherObjectIds ?? [];
    const untaggedRetentionDays = props.untaggedRetentionDays ?? 7;
    const objectIdRule = { ...UUID, accepted: `an Entra ID object id: ${UUID.accepted}` };
    const v = new PropValidator(scope, id)
      .matches("name", props.name, AZURE_CONTAINER_REGISTRY_NAME, "AZURE_CONTAINER_REGISTRY_NAME_INVALID")
      .integerInRange("untaggedRetentionDays", untaggedRetentionDays, AZURE_REGISTRY_UNTAGGED_RETENTION_DAYS.min, AZURE_REGISTRY_UNTAGGED_RETENTION_DAYS.max, "AZURE_REGISTRY_RETENTION_OUT_OF_RANGE");
    for (const [prop, ids] of [["pullerObjectIds", pullers], ["pusherObjectIds", pushers]] as const) {
      for (const objectId of ids) v.matches(prop, objectId, objectIdRule, "AZURE_OBJECT_ID_INVALID");
      const duplicate = ids.find((x, i) => ids.indexOf(x) !== i);
      v.require(duplicate === undefined, "AZURE_REGISTRY_PRINCIPAL_DUPLICATE", prop, duplicate, "each object id once (Azure refuses a second identical role assignment)");
    }
    v.throwIfInvalid();
    super(scope, id);

    const location = props.location.toLowerCase().replace(/\s+/g, "");
    const zoneRedundant = props.zoneRedundant ?? (AZURE_ZONE_REDUNDANT_LOCATIONS as readonly string[]).includes(location);

    this.identity = new UserAssignedIdentity(this, "Identity", {
      name: azureRegistryIdentityName(props.name),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: { ...props.tags },
    });
    // On the key only: with the vault as scope the identity could wrap and unwrap with every key
    // of the vault (logs, functions), not just the one that encrypts the registry.
    const keyAccess = new RoleAssignment(this, "IdentityKeyAccess", {
      scope: props.kmsKey.resourceVersionlessId,
      roleDefinitionName: KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER,
      principalId: this.identity.principalId,
    });
    const keyAccessWait = new PropagationDelay(this, "IdentityKeyAccessPropagation", {
      kind: "azure-rbac",
      grants: [keyAccess],
      reason: "the registry identity's key role, before the registry is created with the customer-managed key",
    });

    this.resource = new ContainerRegistryResource(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      // Premium is the only tier with private networking, CMK, retention and export control.
      sku: "Premium",
      // One shared username and password with push and pull on every repository, naming nobody.
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: false,
      // azurerm 4.55 refuses export_policy_enabled = false unless public network access is off
      // (container_registry_resource.go, CustomizeDiff): both are fixed here.
      exportPolicyEnabled: false,
      // Registry-specific data endpoints (<name>.<region>.data.azurecr.io) instead of the shared
      // blob endpoint, so a firewall can allow this registry's layers without allowing
      // every storage account (learn.microsoft.com/azure/container-registry/container-registry-dedicated-data-endpoints).
      dataEndpointEnabled: true,
      networkRuleBypassOption: (props.trustedServicesBypass ?? true) ? "AzureServices" : "None",
      retentionPolicyInDays: untaggedRetentionDays,
      zoneRedundancyEnabled: zoneRedundant,
      identity: { type: "UserAssigned", identityIds: [this.identity.id] },
      encryption: [{ keyVaultKeyId: props.kmsKey.versionlessKeyId, identityClientId: this.identity.clientId }],
      tags: { ...props.tags },
      dependsOn: [keyAccessWait.resource],
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.registryId = this.resource.id;
    this.loginServer = this.resource.loginServer;

    // One assignment per object id, named by it, so adding a principal never replaces another's.
    for (const objectId of pullers) {
      new RoleAssignment(this, `Pull-${objectId}`, { scope: this.resource.id, roleDefinitionName: ACR_PULL, principalId: objectId });
    }
    for (const objectId of pushers) {
      new RoleAssignment(this, `Push-${objectId}`, { scope: this.resource.id, roleDefinitionName: ACR_PUSH, principalId: objectId });
    }
    if (props.deleteLock ?? true) {
      cannotDeleteLock(this, this.resource.id, "the images production runs", "Image registry");
    }
  }
}
