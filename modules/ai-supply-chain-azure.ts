import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermSubscription } from "@cdktf/provider-azurerm/lib/data-azurerm-subscription";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { ACTIVITY_LOG_CATEGORIES, AuditSource, AuditTrail, KEY_VAULT_AUDIT_CATEGORIES, LOG_ACCOUNT_AUDIT_CATEGORIES } from "../constructs/azure/audit-trail";
import { Budget } from "../constructs/azure/budget";
import { ILogBucket, ImmutableLogBucket } from "../constructs/azure/immutable-log-bucket";
import { KeyVault } from "../constructs/azure/key-vault";
import { KmsKey } from "../constructs/azure/kms-key";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { azureActivityLogSettingName, azureBlobServiceId, azureKeyVaultName, azureLogAccountName, azureResourceGroupName, resourceName } from "../constructs/shared/naming";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { EnvironmentInputs, ModuleOutput } from "./environment-inputs";
import { ModelRegistrySpec } from "../constructs/shared/model-registry-spec";
import { ModelRegistry, REGISTRY_AUDIT_CATEGORIES } from "../constructs/azure/model-registry";
import { azureDiagnosticContainerName, azureRegistryAccountName } from "../constructs/shared/naming";
import { ContainerRegistry } from "../constructs/azure/container-registry";
import { SigningKey } from "../constructs/azure/signing-key";
import { azureContainerRegistryName } from "../constructs/shared/naming";

export interface AiSupplyChainAzureProps extends EnvironmentInputs {
  /**
   * The environment's model registries (`clouds.azure.environments.<env>.registries`), principals
   * in this cloud's form. @default [] (no registry)
   */
  readonly registries?: readonly ModelRegistrySpec[];
  /** The environment's subscription (a UUID); part of the hash in its vault and account names. */
  readonly subscriptionId: string;
  /** Entra ID tenant the vault trusts (a UUID). */
  readonly tenantId: string;
  /** Azure location of the resource group, the vault and the log account. */
  readonly location: string;
  /** Entra ID object ids given the key-manager role on the vault (manage keys, never use them). */
  readonly adminObjectIds: readonly string[];
  /** Public IPv4 ranges through the vault and account firewalls; empty: private endpoints only. */
  readonly allowedIpRanges: readonly string[];
  /** The five standard tags: azurerm has no provider-level default tags. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The environment's log account in the dedicated evidence subscription (stack evidence-azure,
   * deployed first). The environment then creates no logs key and no log account of its own;
   * its diagnostic settings deliver there across the subscription boundary.
   * @default - the environment's own logs key and write-once log account
   */
  readonly evidenceLogStorage?: ILogBucket;
}

/** The environment's keys: without its own log storage it has no `logs` key. */
export type AzureEnvironmentKeys = Readonly<Record<Exclude<EnvironmentKeyPurpose, "logs">, KmsKey>> & { readonly logs?: KmsKey };

/**
 * The AI supply chain of one Azure environment: the resource group, a premium Key Vault with one
 * HSM key per purpose, write-once audit-log storage, diagnostic settings sending the
 * subscription's Activity Log and the Key Vault and log-storage audit categories into it, and the
 * budget. Under `strict` (protection.managementLocks), the vault and the log account carry `CanNotDelete`
 * locks. With `evidenceLogStorage` the logs key and the log account live in the evidence
 * subscription instead, and only the Activity Log and the vault's audit events are sent from here.
 */
export class AiSupplyChainAzure extends Construct {
  /** Outputs the stack emits for this environment (registries, signing key, image registry). */
  public readonly outputs: ModuleOutput[] = [];
  /** The environment's resource group, `rg-<org>-<env>`. */
  public readonly resourceGroup: ResourceGroup;
  /** The environment's premium Key Vault. */
  public readonly keyVault: KeyVault;
  /** One HSM key per purpose (no `logs` key with `evidenceLogStorage`). */
  public readonly keys: AzureEnvironmentKeys;
  /** Where the diagnostic settings deliver: the own log account, or the evidence subscription's. */
  public readonly logStorage: ILogBucket;
  /** One model registry per configured registry, in config order. */
  public readonly registries: ModelRegistry[] = [];
  /** The environment's model-signing key: publishers sign, the gate verifies; none without registries. */
  public signingKey?: SigningKey;
  /** The environment's Azure Container Registry for model-serving images; none without registries. */
  public containerRegistry?: ContainerRegistry;

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
    const activityLog: AuditSource = {
      id: "activity-log",
      resourceId: subscription.id,
      categories: ACTIVITY_LOG_CATEGORIES,
      activityLog: true,
      name: azureActivityLogSettingName(props.organization, props.environment),
    };
    const vaultAudit: AuditSource = { id: "key-vault", resourceId: this.keyVault.keyVaultId, categories: KEY_VAULT_AUDIT_CATEGORIES };
    if (evidence) {
      // The log account's own blob reads and deletes are recorded by evidence-azure, which owns it.
      this.logStorage = evidence;
      new AuditTrail(this, "audit-trail", { logStorage: evidence, sources: [activityLog, vaultAudit] });
      this.addRegistries(props);
      this.addSigningKeyAndImages(props);
      this.addBudget(props);
      return;
    }
    const logStorage = new ImmutableLogBucket(this, "log-storage", {
      storageAccountName: azureLogAccountName(props.organization, props.environment, props.subscriptionId),
      resourceGroupName: this.resourceGroup.name,
      location: props.location,
      kmsKey: made.logs!,
      retentionTier: props.logs.retentionTier,
      // The registries' blob writes (uploads, promotions) need their own immutable container.
      diagnosticCategories: [...KEY_VAULT_AUDIT_CATEGORIES, ...LOG_ACCOUNT_AUDIT_CATEGORIES, ...((props.registries ?? []).length > 0 ? REGISTRY_AUDIT_CATEGORIES : [])],
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
        { id: "log-storage-blobs", resourceId: azureBlobServiceId(logStorage.storageAccountId), categories: LOG_ACCOUNT_AUDIT_CATEGORIES },
      ],
    });
    this.addRegistries(props);
    this.addSigningKeyAndImages(props);
    this.addBudget(props);
  }

  /**
   * One ModelRegistry per configured registry: a hardened storage account with `incoming` and
   * `approved` containers under the registry key, its audit categories into the log storage,
   * the publishers' and readers' container-scoped role assignments, and the registry's outputs.
   */
  private addRegistries(props: AiSupplyChainAzureProps): void {
    const logStorage = this.logStorage;
    // Only categories the log storage holds an immutable container for: Azure Monitor would
    // create a missing one without a policy (both the own log account and evidence-azure's
    // hold the registries' categories; a log storage built elsewhere may not).
    const auditCategories = REGISTRY_AUDIT_CATEGORIES.filter((c) => logStorage.containerNames.includes(azureDiagnosticContainerName(c)));
    for (const spec of props.registries ?? []) {
      const registry = new ModelRegistry(this, `registry-${spec.name}`, {
        spec,
        storageAccountName: azureRegistryAccountName(props.organization, props.environment, spec.name, props.subscriptionId),
        resourceGroupName: this.resourceGroup.name,
        resourceGroupId: this.resourceGroup.id,
        location: props.location,
        kmsKey: this.keys.registry,
        logStorage,
        auditCategories,
        lockRetention: props.logs.lockRetention,
        allowedIpRanges: props.allowedIpRanges,
        preventDestroy: props.protection.preventDestroy,
        deleteLock: props.protection.managementLocks,
        tags: props.tags,
      });
      this.registries.push(registry);
      this.outputs.push(
        {
          id: `registry-${spec.name}-account`,
          value: registry.storageAccountName,
          description: `Storage account of model registry ${spec.name}: publishers upload to incoming/<model>/<version>/ with the lineage tags, readers read approved/.`,
        },
        {
          id: `registry-${spec.name}-uri`,
          value: registry.approvedUri,
          description: `Approved models of registry ${spec.name} as an MLflow artifact URI (wasbs://<container>@<account>.blob.core.windows.net/<path>), read with Entra ID.`,
        },
      );
    }
  }

  /**
   * The environment's model-signing key (publishers sign, the gate verifies) and the Azure
   * Container Registry for model-serving images.
   */
  private addSigningKeyAndImages(props: AiSupplyChainAzureProps): void {
    const registries = props.registries ?? [];
    // Without registries nobody could sign or push: no key to bill, no registry to guard.
    if (registries.length === 0) return;
    // Config refuses a principal listed twice in one registry; across registries the same team
    // may publish to several, and gets one assignment.
    const publishers = [...new Set(registries.flatMap((r) => r.publishers))];
    const readers = [...new Set(registries.flatMap((r) => r.readers))];
    // A key administrator who could also sign would defeat the separation of duties the vault's
    // key-manager role exists for; the vault assigns admins through for_each, where the policy
    // engine cannot see the overlap, so it is refused here.
    const signingAdmins = publishers.filter((p) => props.adminObjectIds.includes(p));
    if (signingAdmins.length > 0) {
      throw new BlueprintValidationError([
        {
          code: "AZURE_PUBLISHER_IS_KEY_ADMIN",
          constructPath: `${this.node.path}/signing-key`,
          prop: "registries[].publishers",
          value: signingAdmins.join(", "),
          accepted: "object ids other than adminObjectIds: a key administrator must not also sign models",
        },
      ]);
    }
    this.signingKey = new SigningKey(this, "signing-key", {
      keyVault: this.keyVault,
      resourceGroupId: this.resourceGroup.id,
      publisherObjectIds: publishers,
      // The promotion gate verifies; until it exists nobody but the publishers touches the key.
      verifierObjectIds: [],
      rotationPeriodDays: props.keyRotationDays,
      preventDestroy: props.protection.preventDestroy,
      tags: props.tags,
    });
    this.containerRegistry = new ContainerRegistry(this, "image-registry", {
      name: azureContainerRegistryName(props.organization, props.environment, props.subscriptionId),
      resourceGroupName: this.resourceGroup.name,
      location: props.location,
      kmsKey: this.keys.registry,
      pullerObjectIds: readers,
      pusherObjectIds: publishers,
      preventDestroy: props.protection.preventDestroy,
      deleteLock: props.protection.managementLocks,
      tags: props.tags,
    });
    this.outputs.push(
      {
        id: "signing-key",
        value: this.signingKey.versionlessKeyId,
        description: "Model-signing key (EC-HSM P-256, ES256) without version: what publishers sign model.sig bundles with.",
      },
      {
        id: "signing-public-key",
        value: this.signingKey.publicKeyPem,
        description: "PEM public key of the signing key's current version: the promotion gate's trust anchor; record each version's key before it rotates.",
      },
      {
        id: "image-registry",
        value: this.containerRegistry.loginServer,
        description: "Login server of the Azure Container Registry for model-serving images (pull by digest).",
      },
    );
  }

  private addBudget(props: AiSupplyChainAzureProps): void {
    if (props.budget) {
      if (!props.budget.startMonth) {
        // Config refuses such a budget; a caller that builds props itself gets the same answer.
        throw new BlueprintValidationError([
          {
            code: "AZURE_BUDGET_START_MONTH_MISSING",
            constructPath: `${this.node.path}/budget`,
            prop: "budget.startMonth",
            value: "undefined",
            accepted: "a month YYYY-MM (environments.<env>.budget.startMonth): Azure budgets need a start month",
          },
        ]);
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
