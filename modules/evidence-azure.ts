import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermSubscription } from "@cdktf/provider-azurerm/lib/data-azurerm-subscription";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { ACTIVITY_LOG_CATEGORIES, AuditTrail, KEY_VAULT_AUDIT_CATEGORIES, LOG_ACCOUNT_AUDIT_CATEGORIES } from "../constructs/azure/audit-trail";
import { ILogBucket, ImmutableLogBucket } from "../constructs/azure/immutable-log-bucket";
import { KeyVault } from "../constructs/azure/key-vault";
import { KmsKey } from "../constructs/azure/kms-key";
import {
  azureActivityLogSettingName,
  azureBlobServiceId,
  azureEvidenceKeyName,
  azureKeyVaultName,
  azureLogAccountName,
  azureResourceGroupName,
  azureStorageAccountId,
  azureStorageAccountName,
  azureVersionlessKeyId,
} from "../constructs/shared/naming";
import { PROTECTION, ProtectionSettings } from "../constructs/shared/protection";
import { RetentionTier } from "../constructs/shared/retention-tier";
import { RETENTION_TIER_PRESETS } from "../constructs/shared/retention-presets";
import { PropValidator } from "../constructs/shared/validation-error";
import { REGISTRY_AUDIT_CATEGORIES } from "../constructs/azure/model-registry";

/** Pseudo-environment name of the evidence subscription in Azure resource names. */
export const AZURE_EVIDENCE_SCOPE = "evidence";
/**
 * Retention of the evidence subscription's own audit logs (its vault, its Activity Log, reads of
 * its log accounts): the strict preset, since the stack holding every environment's evidence is
 * always strict (7 years, locked).
 */
export const EVIDENCE_LOG_RETENTION_TIER = RETENTION_TIER_PRESETS["compliance-7y"];
/** Rotation of the key of the evidence subscription's own logs: fixed, it belongs to no environment. */
export const EVIDENCE_KEY_ROTATION_DAYS = 90;
/** Tag on each environment's key and log account in the evidence subscription: whose evidence it is. */
export const EVIDENCE_OF_TAG = "evidence-of";
/**
 * What an environment's log account in the evidence subscription receives, besides the Activity
 * Log: its vault's audit events, the account's own blob reads and deletes, and its model
 * registries' blob reads, writes and deletes. The evidence stack creates the containers for
 * these; the environment stack checks its settings against the same list.
 */
export const ENVIRONMENT_EVIDENCE_CATEGORIES = [...new Set([...KEY_VAULT_AUDIT_CATEGORIES, ...LOG_ACCOUNT_AUDIT_CATEGORIES, ...REGISTRY_AUDIT_CATEGORIES])];

/** Names of the evidence subscription's resource group and vault. */
export function azureEvidenceNames(organization: string, evidenceSubscriptionId: string): { resourceGroupName: string; keyVaultName: string } {
  return {
    resourceGroupName: azureResourceGroupName(organization, AZURE_EVIDENCE_SCOPE),
    keyVaultName: azureKeyVaultName(organization, AZURE_EVIDENCE_SCOPE, evidenceSubscriptionId),
  };
}

/** One environment's log account and logs key in the evidence subscription, as both stacks name them. */
export interface AzureEvidenceLogAccount {
  /** Name of the environment's log account (the environment's log-account rule, evidence subscription in the hash). */
  readonly storageAccountName: string;
  /** ARM id: what the environment's diagnostic settings take as `storage_account_id`. */
  readonly storageAccountId: string;
  /** Name of the environment's logs key in the evidence vault. */
  readonly keyName: string;
  /** Data-plane id of that key without version (the environment stack's `logs-key` output). */
  readonly versionlessKeyId: string;
}

/**
 * The only place the names of an environment's evidence resources are computed. The
 * evidence-azure stack creates them under these names; the environment stack, another Terraform
 * state, can only name them: a literal ARM id, with the deploy order (evidence first) in place
 * of the dependency edge a reference would give.
 */
export function azureEvidenceLogAccount(organization: string, environment: string, evidenceSubscriptionId: string): AzureEvidenceLogAccount {
  const { resourceGroupName, keyVaultName } = azureEvidenceNames(organization, evidenceSubscriptionId);
  // Same rule as an environment's own log account, with the evidence subscription in the hash.
  const storageAccountName = azureLogAccountName(organization, environment, evidenceSubscriptionId);
  const keyName = azureEvidenceKeyName(environment);
  return {
    storageAccountName,
    storageAccountId: azureStorageAccountId(evidenceSubscriptionId, resourceGroupName, storageAccountName),
    keyName,
    versionlessKeyId: azureVersionlessKeyId(keyVaultName, keyName),
  };
}

/**
 * The environment's log account in the evidence subscription, as the environment stack sees it:
 * its diagnostic settings are checked against the containers the evidence stack creates there.
 */
export function azureEvidenceLogStorage(organization: string, environment: string, evidenceSubscriptionId: string): ILogBucket {
  const { storageAccountId, storageAccountName } = azureEvidenceLogAccount(organization, environment, evidenceSubscriptionId);
  return ImmutableLogBucket.fromAttributes({ storageAccountId, storageAccountName, diagnosticCategories: ENVIRONMENT_EVIDENCE_CATEGORIES, receivesActivityLog: true });
}

/** What the evidence stack keeps of one environment: its protection, tier and location. */
export interface EvidenceEnvironment {
  /** Environment name: the key is `logs-<environment>`, the account's hash covers `logs-<environment>`. */
  readonly environment: string;
  /** The environment's location: its Key Vault's audit events can only go to an account there. */
  readonly location: string;
  /** Days between automatic rotations of the environment's logs key. */
  readonly keyRotationDays: number;
  /** The environment's protection: prevent_destroy of its key and account, and its account's lock. */
  readonly protection: ProtectionSettings;
  /** The environment's log settings: tier (lifecycle, immutability period) and lock. */
  readonly logs: {
    /** Lifecycle and immutability period of the environment's log account. */
    readonly retentionTier: RetentionTier;
    /** Lock the containers' immutability policies (irreversible). */
    readonly lockRetention: boolean;
  };
  /**
   * The environment's promotion-gate subnet (`functions.subnetId`), admitted through the log
   * account's firewall by its `Microsoft.Storage` service endpoint: the gates write decision
   * records into this account from another subscription, which virtual network rules allow
   * ("Configure Azure Storage firewalls and virtual networks"). The account sits in the
   * environment's location, so the subnet (in the same location) needs no cross-region endpoint.
   * @default - no subnet
   */
  readonly gateSubnetId?: string;
}

export interface EvidenceAzureProps {
  /** Organisation slug in every name. */
  readonly organization: string;
  /** The evidence subscription: an environment's or the state backend's is refused in config. */
  readonly subscriptionId: string;
  /** Entra ID tenant the vault trusts (the environments' tenant). */
  readonly tenantId: string;
  /** Location of the resource group, the vault and the subscription's own log account. */
  readonly location: string;
  /** Key administrators: the key-manager role on the evidence vault (manage keys, never use them). */
  readonly adminObjectIds: readonly string[];
  /** Public IPv4 ranges through the vault and account firewalls; empty: private endpoints only. */
  readonly allowedIpRanges: readonly string[];
  /** Every Azure environment, at least one; each gets a logs key and a log account here. */
  readonly environments: readonly EvidenceEnvironment[];
  /** The five standard tags (`environment: evidence`). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The log archive of every Azure environment, in a subscription of its own: a resource group, a
 * premium Key Vault (always strict: purge protection, 90-day soft delete, `prevent_destroy`,
 * `CanNotDelete` lock) and, per environment, a logs key and a write-once log account with the
 * environment's tier, lock and protection, in the environment's location: Azure Monitor refuses a
 * regional resource's diagnostic setting into an account of another region, while a storage
 * account may use a customer-managed key of another region. The vault and the accounts share a
 * subscription because azurerm finds a customer-managed key's vault by URL in the storage
 * account's own subscription (hashicorp/terraform-provider-azurerm#27735). Each log account
 * records its own blob reads and deletes; the environments' stacks deliver their Activity Log
 * and Key Vault audit events into it. The evidence subscription's own Activity Log, the vault's audit events and the
 * reads of the own log account go to a strict `compliance-7y` account of the stack.
 */
export class EvidenceAzure extends Construct {
  /** The evidence vault: every environment's logs key and the subscription's own. */
  public readonly keyVault: KeyVault;
  /** The evidence subscription's own write-once log storage. */
  public readonly logStorage: ImmutableLogBucket;
  /** Each environment's log account, by environment. */
  public readonly environmentLogStorage: Readonly<Record<string, ImmutableLogBucket>>;

  constructor(scope: Construct, id: string, props: EvidenceAzureProps) {
    const v = new PropValidator(scope, id).require(props.environments.length > 0, "AZURE_EVIDENCE_NO_ENVIRONMENT", "environments", "[]", "at least one Azure environment");
    const names = props.environments.map((e) => e.environment);
    v.require(new Set(names).size === names.length, "AZURE_EVIDENCE_ENVIRONMENT_REPEATED", "environments", names.join(", "), "each environment once");
    v.throwIfInvalid();
    super(scope, id);

    const strict = PROTECTION.strict;
    const { resourceGroupName, keyVaultName } = azureEvidenceNames(props.organization, props.subscriptionId);
    const client = new DataAzurermClientConfig(this, "deployer", {});
    const subscription = new DataAzurermSubscription(this, "subscription", {});
    const group = new ResourceGroup(this, "resource-group", { name: resourceGroupName, location: props.location, tags: { ...props.tags } });
    // Strict whatever the environments are: it holds the keys of strict environments' evidence.
    this.keyVault = new KeyVault(this, "key-vault", {
      name: keyVaultName,
      resourceGroupName: group.name,
      resourceGroupId: group.id,
      location: props.location,
      tenantId: props.tenantId,
      deployerObjectId: client.objectId,
      adminObjectIds: props.adminObjectIds,
      allowedIpRanges: props.allowedIpRanges,
      softDeleteRetentionDays: strict.keyVaultSoftDeleteDays,
      preventDestroy: strict.preventDestroy,
      deleteLock: strict.managementLocks,
      tags: props.tags,
    });
    const categories = [...KEY_VAULT_AUDIT_CATEGORIES, ...LOG_ACCOUNT_AUDIT_CATEGORIES];
    const environmentCategories = [...ENVIRONMENT_EVIDENCE_CATEGORIES];

    const ownKey = new KmsKey(this, "logs-key", {
      purpose: "logs",
      keyVault: this.keyVault,
      rotationPeriodDays: EVIDENCE_KEY_ROTATION_DAYS,
      preventDestroy: strict.preventDestroy,
      tags: props.tags,
    });
    // Purpose `logs`: environments' accounts are `logs-<env>`, and an environment name has 2+ characters.
    this.logStorage = new ImmutableLogBucket(this, "log-storage", {
      storageAccountName: azureStorageAccountName(props.organization, "logs", props.subscriptionId),
      resourceGroupName: group.name,
      location: props.location,
      kmsKey: ownKey,
      retentionTier: EVIDENCE_LOG_RETENTION_TIER,
      diagnosticCategories: categories,
      receivesActivityLog: true,
      lockRetention: strict.lockRetention,
      allowedIpRanges: props.allowedIpRanges,
      preventDestroy: strict.preventDestroy,
      deleteLock: strict.managementLocks,
      tags: props.tags,
    });
    new AuditTrail(this, "audit-trail", {
      logStorage: this.logStorage,
      sources: [
        {
          id: "activity-log",
          resourceId: subscription.id,
          categories: ACTIVITY_LOG_CATEGORIES,
          activityLog: true,
          name: azureActivityLogSettingName(props.organization, AZURE_EVIDENCE_SCOPE),
        },
        { id: "key-vault", resourceId: this.keyVault.keyVaultId, categories: KEY_VAULT_AUDIT_CATEGORIES },
        { id: "log-storage-blobs", resourceId: azureBlobServiceId(this.logStorage.storageAccountId), categories: LOG_ACCOUNT_AUDIT_CATEGORIES },
      ],
    });

    const perEnvironment: Record<string, ImmutableLogBucket> = {};
    for (const env of props.environments) {
      // `env-` keeps an environment called `deployer` or `subscription` apart from the ids above.
      const envScope = new Construct(this, `env-${env.environment}`);
      const account = azureEvidenceLogAccount(props.organization, env.environment, props.subscriptionId);
      const tags = { ...props.tags, [EVIDENCE_OF_TAG]: env.environment };
      const key = new KmsKey(envScope, "logs-key", {
        purpose: "logs",
        name: account.keyName,
        keyVault: this.keyVault,
        rotationPeriodDays: env.keyRotationDays,
        preventDestroy: env.protection.preventDestroy,
        tags,
      });
      const logStorage = new ImmutableLogBucket(envScope, "log-storage", {
        storageAccountName: account.storageAccountName,
        resourceGroupName: group.name,
        location: env.location,
        kmsKey: key,
        retentionTier: env.logs.retentionTier,
        diagnosticCategories: environmentCategories,
        receivesActivityLog: true,
        lockRetention: env.logs.lockRetention,
        allowedIpRanges: props.allowedIpRanges,
        allowedSubnetIds: env.gateSubnetId === undefined ? [] : [env.gateSubnetId],
        preventDestroy: env.protection.preventDestroy,
        deleteLock: env.protection.managementLocks,
        tags,
      });
      // Who read or deleted this environment's evidence; same account, so same region.
      new AuditTrail(envScope, "audit-trail", {
        logStorage,
        sources: [{ id: "log-storage-blobs", resourceId: azureBlobServiceId(logStorage.storageAccountId), categories: LOG_ACCOUNT_AUDIT_CATEGORIES }],
      });
      perEnvironment[env.environment] = logStorage;
    }
    this.environmentLogStorage = perEnvironment;
  }
}
