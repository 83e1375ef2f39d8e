import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { KeyVault } from "../constructs/azure/key-vault";
import { KmsKey } from "../constructs/azure/kms-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { azureKeyVaultName, azureResourceGroupName } from "../constructs/shared/naming";
import { ProtectionSettings } from "../constructs/shared/protection";

export interface AiSupplyChainAzureProps {
  readonly organization: string;
  readonly environment: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly location: string;
  readonly adminObjectIds: readonly string[];
  readonly allowedIpRanges: readonly string[];
  readonly keyRotationDays: number;
  readonly protection: ProtectionSettings;
  /** The five standard tags: azurerm has no provider-level default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The AI supply chain of one Azure environment. Today: the environment's resource group, a
 * premium Key Vault and one HSM key per purpose.
 */
export class AiSupplyChainAzure extends Construct {
  public readonly resourceGroup: ResourceGroup;
  public readonly keyVault: KeyVault;
  public readonly keys: Readonly<Record<EnvironmentKeyPurpose, KmsKey>>;

  constructor(scope: Construct, id: string, props: AiSupplyChainAzureProps) {
    super(scope, id);
    const client = new DataAzurermClientConfig(this, "deployer", {});
    this.resourceGroup = new ResourceGroup(this, "resource-group", {
      name: azureResourceGroupName(props.organization, props.environment),
      location: props.location,
      tags: { ...props.tags },
    });
    this.keyVault = new KeyVault(this, "key-vault", {
      name: azureKeyVaultName(props.organization, props.environment, props.subscriptionId),
      resourceGroupName: this.resourceGroup.name,
      location: props.location,
      tenantId: props.tenantId,
      deployerObjectId: client.objectId,
      adminObjectIds: props.adminObjectIds,
      allowedIpRanges: props.allowedIpRanges,
      softDeleteRetentionDays: props.protection.keyVaultSoftDeleteDays,
      preventDestroy: props.protection.preventDestroy,
      tags: props.tags,
    });
    const keys = new Construct(this, "keys");
    const make = (purpose: EnvironmentKeyPurpose): KmsKey =>
      new KmsKey(keys, purpose, {
        purpose,
        keyVault: this.keyVault,
        rotationPeriodDays: props.keyRotationDays,
        preventDestroy: props.protection.preventDestroy,
        tags: props.tags,
      });
    this.keys = Object.fromEntries(ENVIRONMENT_KEY_PURPOSES.map((p) => [p, make(p)])) as Record<EnvironmentKeyPurpose, KmsKey>;
  }
}
