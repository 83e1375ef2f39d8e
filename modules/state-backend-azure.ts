import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { KeyVault } from "../constructs/azure/key-vault";
import { KmsKey } from "../constructs/azure/kms-key";
import { StateBucket } from "../constructs/azure/state-bucket";
import { azureKeyVaultName, azureResourceGroupName, azureStorageAccountName } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";

/** Pseudo-environment name of the state backend in Azure resource names. */
export const AZURE_STATE_SCOPE = "tfstate";

export interface StateBackendAzureProps {
  readonly organization: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly location: string;
  readonly adminObjectIds: readonly string[];
  readonly allowedIpRanges: readonly string[];
  readonly keyRotationDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

export function azureStateNames(organization: string, subscriptionId: string): { resourceGroupName: string; storageAccountName: string } {
  return {
    resourceGroupName: azureResourceGroupName(organization, AZURE_STATE_SCOPE),
    storageAccountName: azureStorageAccountName(organization, AZURE_STATE_SCOPE, subscriptionId),
  };
}

/** The remote-state storage of every Azure stack with its own vault and key. Always `strict`. */
export class StateBackendAzure extends Construct {
  public readonly key: KmsKey;
  public readonly bucket: StateBucket;

  constructor(scope: Construct, id: string, props: StateBackendAzureProps) {
    super(scope, id);
    const strict = PROTECTION.strict;
    const names = azureStateNames(props.organization, props.subscriptionId);
    const client = new DataAzurermClientConfig(this, "deployer", {});
    const group = new ResourceGroup(this, "resource-group", {
      name: names.resourceGroupName,
      location: props.location,
      tags: { ...props.tags },
    });
    const vault = new KeyVault(this, "key-vault", {
      name: azureKeyVaultName(props.organization, AZURE_STATE_SCOPE, props.subscriptionId),
      resourceGroupName: group.name,
      location: props.location,
      tenantId: props.tenantId,
      deployerObjectId: client.objectId,
      adminObjectIds: props.adminObjectIds,
      allowedIpRanges: props.allowedIpRanges,
      softDeleteRetentionDays: strict.keyVaultSoftDeleteDays,
      preventDestroy: strict.preventDestroy,
      tags: props.tags,
    });
    this.key = new KmsKey(this, "key", {
      purpose: "state",
      keyVault: vault,
      rotationPeriodDays: props.keyRotationDays,
      preventDestroy: strict.preventDestroy,
      tags: props.tags,
    });
    this.bucket = new StateBucket(this, "bucket", {
      storageAccountName: names.storageAccountName,
      resourceGroupName: group.name,
      location: props.location,
      kmsKey: this.key,
      deployerObjectId: client.objectId,
      allowedIpRanges: props.allowedIpRanges,
      preventDestroy: strict.preventDestroy,
      tags: props.tags,
    });
  }
}
