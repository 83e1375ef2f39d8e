import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermSubscription } from "@cdktf/provider-azurerm/lib/data-azurerm-subscription";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { ACTIVITY_LOG_CATEGORIES, AuditTrail, DIAGNOSTIC_SETTING_NAME, KEY_VAULT_AUDIT_CATEGORIES, LOG_ACCOUNT_AUDIT_CATEGORIES } from "../constructs/azure/audit-trail";
import { Budget } from "../constructs/azure/budget";
import { ILogStorage, ImmutableLogBucket } from "../constructs/azure/immutable-log-bucket";
import { KeyVault } from "../constructs/azure/key-vault";
import { KmsKey } from "../constructs/azure/kms-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { azureKeyVaultName, azureResourceGroupName, azureStorageAccountName, resourceName } from "../constructs/shared/naming";
import { EnvironmentInputs } from "./environment-inputs";

export interface AiSupplyChainAzureProps extends EnvironmentInputs {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly location: string;
  readonly adminObjectIds: readonly string[];
  readonly allowedIpRanges: readonly string[];
  /** The five standard tags: azurerm has no provider-level default tags. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The environment's log account in the dedicated evidence subscription (stack evidence-azure,
   * deployed first). The environment then creates no logs key and no log account of its own;
   * its diagnostic settings deliver there across the subscription boundary.
   * @default - the environment's own logs key and write-once log account
   */
  readonly evidenceLogStorage?: ILogStorage;
}

/** The environment's keys: without its own log storage it has no `logs` key. */
export type AzureEnvironmentKeys = Readonly<Record<Exclude<EnvironmentKeyPurpose, "logs">, KmsKey>> & { readonly logs?: KmsKey };

/** Name of the subscription-level diagnostic setting of one environment (unique per subscription). */
export function activityLogSettingName(organization: string, environment: string): string {
  return `${DIAGNOSTIC_SETTING_NAME}-${organization}-${environment}`;
}

/**
 * The AI supply chain of one Azure environment: the resource group, a premium Key Vault with one
 * HSM key per purpose, write-once audit-log storage, diagnostic settings sending the
 * subscription's Activity Log and the Key Vault and log-storage audit categories into it, and the
 * budget. Under `strict` (protection.managementLocks), the vault and the log account carry `CanNotDelete`
 * locks. With `evidenceLogStorage` the logs key and the log account live in the evidence
 * subscription instead, and only the Activity Log and the vault's audit events are sent from here.
 */
export class AiSupplyChainAzure extends Construct {
  public readonly resourceGroup: ResourceGroup;
  public readonly keyVault: KeyVault;
  public readonly keys: AzureEnvironmentKeys;
  /** Where the diagnostic settings deliver: the own log account, or the evidence subscription's. */
  public readonly logStorage: ILogStorage;

  constructor(scope: Construct, id: string, props: AiSupplyChainAzureProps) {
    super(scope, id);
    const client = new DataAzurermClientConfig(this, "deployer", {});
    const subscription = new DataAzurermSubscription(this, "subscription", {});
    this.resourceGroup = new ResourceGroup(this, "resource-group", {
      name: azureResourceGroupName(props.organization, props.environment),
      location: props.location,
      tags: { ...props.tags },
    });
    this.keyVault = new KeyVault(this, "key-vault", {
      name: azureKeyVaultName(props.organization, props.environment, props.subscriptionId),
      resourceGroupName: this.resourceGroup.name,
      resourceGroupId: this.resourceGroup.id,
      location: props.location,
      tenantId: props.tenantId,
      deployerObjectId: client.objectId,
      adminObjectIds: props.adminObjectIds,
      allowedIpRanges: props.allowedIpRanges,
      softDeleteRetentionDays: props.protection.keyVaultSoftDeleteDays,
      preventDestroy: props.protection.preventDestroy,
      deleteLock: props.protection.managementLocks,
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
    const evidence = props.evidenceLogStorage;
    const purposes = ENVIRONMENT_KEY_PURPOSES.filter((p) => !(evidence && p === "logs"));
    const made = Object.fromEntries(purposes.map((p) => [p, make(p)])) as Partial<Record<EnvironmentKeyPurpose, KmsKey>>;
    this.keys = made as AzureEnvironmentKeys;
    const activityLog = {
      id: "activity-log",
      resourceId: subscription.id,
      categories: ACTIVITY_LOG_CATEGORIES,
      name: activityLogSettingName(props.organization, props.environment),
    };
    const vaultAudit = { id: "key-vault", resourceId: this.keyVault.keyVaultId, categories: KEY_VAULT_AUDIT_CATEGORIES };
    if (evidence) {
      // The log account's own blob reads and deletes are recorded by evidence-azure, which owns it.
      this.logStorage = evidence;
      new AuditTrail(this, "audit-trail", { logStorage: evidence, sources: [activityLog, vaultAudit] });
      this.addBudget(props);
      return;
    }
    const logStorage = new ImmutableLogBucket(this, "log-storage", {
      storageAccountName: azureStorageAccountName(props.organization, `logs-${props.environment}`, props.subscriptionId),
      resourceGroupName: this.resourceGroup.name,
      location: props.location,
      kmsKey: made.logs!,
      retentionTier: props.logs.retentionTier,
      diagnosticCategories: [...KEY_VAULT_AUDIT_CATEGORIES, ...LOG_ACCOUNT_AUDIT_CATEGORIES],
      receivesActivityLog: true,
      lockRetention: props.logs.lockRetention,
      allowedIpRanges: props.allowedIpRanges,
      preventDestroy: props.protection.preventDestroy,
      deleteLock: props.protection.managementLocks,
      tags: props.tags,
    });
    this.logStorage = logStorage;
    new AuditTrail(this, "audit-trail", {
      logStorage,
      sources: [
        activityLog,
        vaultAudit,
        { id: "log-storage-blobs", resourceId: `${logStorage.storageAccountId}/blobServices/default`, categories: LOG_ACCOUNT_AUDIT_CATEGORIES },
      ],
    });
    this.addBudget(props);
  }

  private addBudget(props: AiSupplyChainAzureProps): void {
    if (props.budget) {
      if (!props.budget.startMonth) {
        throw new Error("an Azure budget needs environments.<env>.budget.startMonth");
      }
      new Budget(this, "budget", {
        name: resourceName(props.organization, props.environment, "monthly"),
        resourceGroupId: this.resourceGroup.id,
        monthlyLimitUsd: props.budget.monthlyLimitUsd,
        recipients: props.budget.recipients,
        alerts: props.budget.alerts,
        startMonth: props.budget.startMonth,
      });
    }
  }
}
