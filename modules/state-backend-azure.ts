import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermSubscription } from "@cdktf/provider-azurerm/lib/data-azurerm-subscription";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import {
  ACTIVITY_LOG_CATEGORIES,
  AuditSource,
  AuditTrail,
  KEY_VAULT_AUDIT_CATEGORIES,
  LOG_ACCOUNT_AUDIT_CATEGORIES,
  STATE_ACCOUNT_AUDIT_CATEGORIES,
} from "../constructs/azure/audit-trail";
import { ImmutableLogBucket } from "../constructs/azure/immutable-log-bucket";
import { KeyVault } from "../constructs/azure/key-vault";
import { KmsKey } from "../constructs/azure/kms-key";
import { StateBucket } from "../constructs/azure/state-bucket";
import { azureActivityLogSettingName, azureBlobServiceId, azureKeyVaultName, azureLogAccountName, azureResourceGroupName, azureStorageAccountName } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../constructs/shared/retention-presets";

/** Pseudo-environment name of the state backend in Azure resource names. */
export const AZURE_STATE_SCOPE = "tfstate";
/**
 * Retention of the state backend's own audit logs: the strict preset, since the state backend
 * is always strict (7 years, locked).
 */
export const STATE_LOG_RETENTION_TIER = RETENTION_TIER_PRESETS["compliance-7y"];

export interface StateBackendAzureProps {
  /** Organisation slug in every name. */
  readonly organization: string;
  /** Subscription of the state backend (a UUID); part of the hash in its vault and account names. */
  readonly subscriptionId: string;
  /** Entra ID tenant the vault trusts (a UUID). */
  readonly tenantId: string;
  /** Azure location of the resource group, the vault and both accounts. */
  readonly location: string;
  /** Entra ID object ids given the key-manager role on the vault (manage keys, never use them). */
  readonly adminObjectIds: readonly string[];
  /** Public IPv4 ranges through the vault and account firewalls; empty: private endpoints only. */
  readonly allowedIpRanges: readonly string[];
  /** Days between automatic rotations of the state and logs keys. */
  readonly keyRotationDays: number;
  /**
   * Send the state subscription's Activity Log to the state backend's log storage. Needed when
   * no environment stack lives in that subscription (an environment stack sends its own).
   * @default false
   */
  readonly recordActivityLog?: boolean;
  /** The five standard tags: azurerm has no provider-level default tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Names of the state backend's resource group and state account, as the backend configuration names them. */
export function azureStateNames(organization: string, subscriptionId: string): { resourceGroupName: string; storageAccountName: string } {
  return {
    resourceGroupName: azureResourceGroupName(organization, AZURE_STATE_SCOPE),
    storageAccountName: azureStorageAccountName(organization, AZURE_STATE_SCOPE, subscriptionId),
  };
}

/**
 * The remote-state storage of every Azure stack with its own vault and key, and its own
 * write-once log storage (a second key, `logs`, in the same vault) that receives the vault's
 * audit events and every read, write and delete of state blobs. The logs stay in this stack
 * because the state backend is deployed before any environment and outlives them, and an
 * environment's log account may sit in another subscription or region (a diagnostic setting of
 * a regional resource must target an account in the same region). Always `strict`: locked
 * immutability policies, prevent_destroy and `CanNotDelete` locks on the vault and both accounts.
 */
export class StateBackendAzure extends Construct {
  /** The key that encrypts the state account. */
  public readonly key: KmsKey;
  /** The state account and its `tfstate` container. */
  public readonly bucket: StateBucket;
  /** The state backend's own write-once log account. */
  public readonly logStorage: ImmutableLogBucket;

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
      resourceGroupId: group.id,
      location: props.location,
      tenantId: props.tenantId,
      deployerObjectId: client.objectId,
      adminObjectIds: props.adminObjectIds,
      allowedIpRanges: props.allowedIpRanges,
      softDeleteRetentionDays: strict.keyVaultSoftDeleteDays,
      preventDestroy: strict.preventDestroy,
      deleteLock: true,
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
      deleteLock: true,
      tags: props.tags,
    });

    const logsKey = new KmsKey(this, "logs-key", {
      purpose: "logs",
      keyVault: vault,
      rotationPeriodDays: props.keyRotationDays,
      preventDestroy: strict.preventDestroy,
      tags: props.tags,
    });
    const recordActivityLog = props.recordActivityLog ?? false;
    this.logStorage = new ImmutableLogBucket(this, "log-storage", {
      storageAccountName: azureLogAccountName(props.organization, AZURE_STATE_SCOPE, props.subscriptionId),
      resourceGroupName: group.name,
      location: props.location,
      kmsKey: logsKey,
      retentionTier: STATE_LOG_RETENTION_TIER,
      diagnosticCategories: [...KEY_VAULT_AUDIT_CATEGORIES, ...STATE_ACCOUNT_AUDIT_CATEGORIES, ...LOG_ACCOUNT_AUDIT_CATEGORIES],
      receivesActivityLog: recordActivityLog,
      lockRetention: strict.lockRetention,
      allowedIpRanges: props.allowedIpRanges,
      preventDestroy: strict.preventDestroy,
      deleteLock: true,
      tags: props.tags,
    });
    const sources: AuditSource[] = [
      { id: "key-vault", resourceId: vault.keyVaultId, categories: KEY_VAULT_AUDIT_CATEGORIES },
      { id: "state-blobs", resourceId: azureBlobServiceId(this.bucket.storageAccountId), categories: STATE_ACCOUNT_AUDIT_CATEGORIES },
      { id: "log-storage-blobs", resourceId: azureBlobServiceId(this.logStorage.storageAccountId), categories: LOG_ACCOUNT_AUDIT_CATEGORIES },
    ];
    if (recordActivityLog) {
      const subscription = new DataAzurermSubscription(this, "subscription", {});
      sources.unshift({
        id: "activity-log",
        resourceId: subscription.id,
        categories: ACTIVITY_LOG_CATEGORIES,
        activityLog: true,
        name: azureActivityLogSettingName(props.organization, AZURE_STATE_SCOPE),
      });
    }
    new AuditTrail(this, "audit-trail", { logStorage: this.logStorage, sources });
  }
}
