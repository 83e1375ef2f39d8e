import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermSubscription } from "@cdktf/provider-azurerm/lib/data-azurerm-subscription";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
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
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { BlobCreatedTrigger } from "../constructs/azure/blob-created-trigger";
import { AUDIT_LOG_CONTAINER } from "../constructs/azure/immutable-log-bucket";
import { LockedDownFunction } from "../constructs/azure/locked-down-function";
import { GATE_WRITER_DATA_ACTIONS } from "../constructs/azure/model-registry";
import {
  azureGateAttestationRoleName, azureGateFunctionName, azureGateRoleName, azureGateStorageAccountName, azureStorageSystemTopicName,
} from "../constructs/shared/naming";
import { gatePackageFor, GateArtifact } from "../functions/bundle/gate-package";
import { DEFAULT_GATE_SETTINGS, GateSettings } from "../functions/promotion-gate/gate/policy";
import { AZURE_GATE_ENV, AZURE_GATE_FUNCTION_NAME } from "../functions/promotion-gate/handlers/azure/environment";
import { AZURE_GATE_PACKAGE } from "../functions/promotion-gate/handlers/azure/package";
import { gateEnvironmentVariables, gatePolicyUri, gateVerifierId } from "../functions/promotion-gate/handlers/gate-environment";
import { PROVENANCE_PREFIX } from "../functions/promotion-gate/record/record-key";
import { ActionGroup } from "../constructs/azure/action-group";
import { ActivityLogAlerts } from "../constructs/azure/activity-log-alerts";
import { CostAnomalyAlert } from "../constructs/azure/cost-anomaly-alert";
import { DefenderPlans } from "../constructs/azure/defender-plans";
import { FunctionAlerts } from "../constructs/azure/function-alerts";
import { malwareScanCapGb, StorageDefender } from "../constructs/azure/storage-defender";

/** A registry as the module takes it: the spec plus its promotion-gate settings from config. */
export type AzureGateRegistrySpec = ModelRegistrySpec & {
  /** The registry's `gate` settings. @default DEFAULT_GATE_SETTINGS */
  readonly gate?: GateSettings;
};

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

/**
 * The condition on the gate's records role: every action it grants (read, write, create) only on
 * blobs under `provenance/` (learn.microsoft.com, "Actions and attributes for Azure role
 * assignment conditions for Azure Blob Storage": `@Resource[...blobs:path]`), so the gate can
 * never read or add to the audit logs beside its records.
 */
export function gateRecordsCondition(): string {
  const targets = GATE_WRITER_DATA_ACTIONS.map((action) => `!(ActionMatches{'${action}'})`);
  return `((${targets.join(" AND ")}) OR (@Resource[${BLOBS}:path] StringStartsWith '${PROVENANCE_PREFIX}'))`;
}

/** The resource group part of a literal Azure Resource Manager id, undefined for a token or another shape. */
function literalResourceGroupId(resourceId: string): string | undefined {
  return /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)\//i.exec(resourceId)?.[1];
}

/** A CI publisher identity of the environment (ci-azure-<env>). */
export interface AzureCiPublisher {
  /** Short name of the model repository: part of the grants' construct ids. */
  readonly name: string;
  /** The identity's principal id (a reference to the identity's data source). */
  readonly principalId: string;
  /** Registries (`registries[].name`) it publishes to. */
  readonly registries: readonly string[];
}

export interface AiSupplyChainAzureProps extends EnvironmentInputs {
  /**
   * The environment's model registries (`clouds.azure.environments.<env>.registries`), principals
   * in this cloud's form. @default [] (no registry)
   */
  readonly registries?: readonly AzureGateRegistrySpec[];
  /**
   * CI publisher identities (README, "Release automation"), whose principal ids are known only at
   * apply time: each may upload into incoming/ of the named registries and sign with the
   * environment's key, like a publisher in `registries[].publishers`. @default []
   */
  readonly ciPublishers?: readonly AzureCiPublisher[];
  /**
   * The resource group `rg-<org>-<env>` exists already and is read, not created: in a CI
   * environment the ci-azure-<env> stack creates it, so the deploy identity's roles can be
   * scoped to it before this stack first applies. @default false (created here)
   */
  readonly existingResourceGroup?: boolean;
  /**
   * Object id of the identity that applies the stack, given the vault's key-manager role so it
   * can create the keys: in a CI environment the CI deploy identity's, so that a plan run by
   * another identity shows no change. @default the identity running Terraform (azurerm_client_config)
   */
  readonly deployerObjectId?: string;
  /**
   * The gate's package. @default - built from AZURE_GATE_PACKAGE at synth (esbuild, cached under
   * node_modules/.cache/promotion-gate/)
   */
  readonly gatePackage?: GateArtifact;
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
  /**
   * The promotion gates' subnet (`clouds.azure.environments.<env>.functions.subnetId`): delegated
   * to `Microsoft.App/environments`, with the `Microsoft.Storage` and `Microsoft.KeyVault`
   * service endpoints. The gates join it by VNet integration, and the vault, the own log account,
   * the registry accounts and the gates' host accounts admit it in their firewalls (the evidence
   * subscription's log account admits it in evidence-azure).
   * @default - no subnet: the gates' calls to the firewalled accounts and vault are refused
   */
  readonly gateSubnetId?: string;
  /** The five standard tags: azurerm has no provider-level default tags. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The environment's log account in the dedicated evidence subscription (stack evidence-azure,
   * deployed first). The environment then creates no logs key and no log account of its own;
   * its diagnostic settings deliver there across the subscription boundary.
   * @default - the environment's own logs key and write-once log account
   */
  readonly evidenceLogStorage?: ILogBucket;
  /**
   * The subscription's Defender for Cloud plans (`clouds.azure.threatDetection`): with
   * `defenderPlans` the module sets the Key Vault and Storage plans and the security contact;
   * turn it off where a central team sets them by Azure Policy. The registries' own Defender for
   * Storage settings (malware scanning the gate reads) are created either way.
   * @default { defenderPlans: true }
   */
  readonly threatDetection?: { readonly defenderPlans: boolean };
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
  public readonly resourceGroup: { readonly name: string; readonly id: string };
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
  /** The gate attestation key: the gates sign decision records, readers verify; none without registries. */
  public attestationKey?: SigningKey;
  /** One promotion gate per registry, by registry name, each with its own identity. */
  public readonly gates: Record<string, LockedDownFunction> = {};
  /** The action group every alert of the environment delivers to; set by the constructor. */
  public actionGroup!: ActionGroup;

  constructor(scope: Construct, id: string, props: AiSupplyChainAzureProps) {
    super(scope, id);
    const deployerObjectId = props.deployerObjectId ?? new DataAzurermClientConfig(this, "deployer", {}).objectId;
    const gateSubnets = props.gateSubnetId === undefined ? [] : [props.gateSubnetId];
    const subscription = new DataAzurermSubscription(this, "subscription", {});
    const resourceGroupName = azureResourceGroupName(props.organization, props.environment);
    this.resourceGroup = props.existingResourceGroup
      ? new DataAzurermResourceGroup(this, "resource-group", { name: resourceGroupName })
      : new ResourceGroup(this, "resource-group", { name: resourceGroupName, location: props.location, tags: { ...props.tags } });
    this.keyVault = new KeyVault(this, "key-vault", {
      name: azureKeyVaultName(props.organization, props.environment, props.subscriptionId),
      resourceGroupName: this.resourceGroup.name,
      resourceGroupId: this.resourceGroup.id,
      location: props.location,
      tenantId: props.tenantId,
      deployerObjectId,
      adminObjectIds: props.adminObjectIds,
      allowedIpRanges: props.allowedIpRanges,
      allowedSubnetIds: gateSubnets,
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
      this.addCiPublishers(props);
      this.addPromotionGates(props);
      this.addBudget(props);
      this.addMonitoring(props, subscription);
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
      // The gates write decision records here.
      allowedSubnetIds: gateSubnets,
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
    this.addCiPublishers(props);
    this.addPromotionGates(props);
    this.addBudget(props);
    this.addMonitoring(props, subscription);
  }

  /** Each CI publisher's grants: incoming/ of its registries and signing with the environment's key. */
  private addCiPublishers(props: AiSupplyChainAzureProps): void {
    for (const publisher of props.ciPublishers ?? []) {
      const registries = this.registries.filter((r) => publisher.registries.includes(r.registryName));
      if (registries.length === 0 || !this.signingKey) {
        throw new BlueprintValidationError([
          {
            code: "AZURE_CI_PUBLISHER_WITHOUT_REGISTRY",
            constructPath: this.node.path,
            prop: "ciPublishers[].registries",
            value: JSON.stringify(publisher.registries),
            accepted: `names of this environment's registries: ${this.registries.map((r) => r.registryName).join(", ") || "(none)"}`,
          },
        ]);
      }
      for (const registry of registries) registry.grantPublishTo(`ci-${publisher.name}`, publisher.principalId);
      this.signingKey.grantSign(`ci-${publisher.name}`, publisher.principalId, `CI publisher ${publisher.name}: signs model.sig bundles in its publish job`);
    }
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
        // The gate reads incoming/ and copies into approved/.
        allowedSubnetIds: props.gateSubnetId === undefined ? [] : [props.gateSubnetId],
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

  /**
   * The gate attestation key and one promotion gate per registry: a LockedDownFunction running
   * AZURE_GATE_PACKAGE under its own identity, triggered by Event Grid when a `model.sig` lands
   * in the registry's `incoming` container, granted exactly: read `incoming` (blobs, versions,
   * index tags), create and read in `approved`, create and read under `provenance/` in the log
   * storage's `audit-logs` container, sign with the attestation key; plus its own host storage
   * and telemetry. Nothing on the signing key: the gate verifies with the public key the
   * deployment writes into its settings, never through Key Vault.
   */
  private addPromotionGates(props: AiSupplyChainAzureProps): void {
    const registries = props.registries ?? [];
    if (registries.length === 0 || this.signingKey === undefined) return;
    const readers = [...new Set(registries.flatMap((r) => r.readers))];
    const attestation = new SigningKey(this, "gate-attestation-key", {
      keyVault: this.keyVault,
      resourceGroupId: this.resourceGroup.id,
      name: "gate-attestation",
      label: "the gate attestation key",
      roleNames: {
        signer: azureGateAttestationRoleName(this.keyVault.keyVaultName, "signer"),
        verifier: azureGateAttestationRoleName(this.keyVault.keyVaultName, "verifier"),
      },
      // The gates sign (granted below, by their identities); readers check decision records.
      publisherObjectIds: [],
      verifierObjectIds: readers,
      rotationPeriodDays: props.keyRotationDays,
      preventDestroy: props.protection.preventDestroy,
      tags: props.tags,
    });
    this.attestationKey = attestation;
    const artifact = props.gatePackage ?? gatePackageFor(this.node.root, AZURE_GATE_PACKAGE);
    const logStorage = this.logStorage;
    // Every log storage holds audit-logs (logContainerNames), whoever created it.
    const records = logStorage.container(AUDIT_LOG_CONTAINER)!;
    const logGroupId = literalResourceGroupId(logStorage.storageAccountId);
    const gates = new Construct(this, "gates");
    const recordsRole = new RoleDefinition(gates, "records-role", {
      name: azureGateRoleName(logStorage.storageAccountName, "records"),
      scope: this.resourceGroup.id,
      // The evidence subscription's log account is in another resource group: the role must be assignable there.
      assignableScopes: [this.resourceGroup.id, ...(logGroupId === undefined ? [] : [logGroupId])],
      description: "Promotion gate: create and read decision records under provenance/ in the audit-logs container; no delete.",
      permissions: [{ dataActions: [...GATE_WRITER_DATA_ACTIONS] }],
    });
    for (const spec of registries) {
      const registry = this.registries.find((r) => r.registryName === spec.name)!;
      const fn = new LockedDownFunction(gates, spec.name, {
        name: azureGateFunctionName(props.organization, props.environment, spec.name, props.subscriptionId),
        resourceGroupName: this.resourceGroup.name,
        location: props.location,
        hostStorageAccountName: azureGateStorageAccountName(props.organization, props.environment, spec.name, props.subscriptionId),
        kmsKey: this.keys.functions,
        logStorage,
        package: artifact,
        maximumInstanceCount: props.protection.functionConcurrency,
        logRetentionDays: props.protection.functionLogRetentionDays,
        traceSampling: props.protection.functionTraceSampling,
        // Event Grid delivers to a function only through its public endpoint ("Event delivery
        // with a managed identity": no delivery through private endpoints); the app admits the
        // AzureEventGrid service tag alone and needs the function key Event Grid gets from ARM.
        publicIngressServiceTags: ["AzureEventGrid"],
        deployerIpRanges: props.allowedIpRanges,
        // Outbound through the subnet the registry, log and host accounts and the vault admit.
        ...(props.gateSubnetId === undefined ? {} : { virtualNetworkSubnetId: props.gateSubnetId }),
        appSettings: {
          ...gateEnvironmentVariables({
            registry: spec.name,
            lineageTags: spec.lineageTags,
            gate: spec.gate ?? DEFAULT_GATE_SETTINGS,
            signingPublicKeyPem: this.signingKey.publicKeyPem,
            verifierId: gateVerifierId("azure", props.organization, props.environment, spec.name),
            packageSha256: artifact.sha256,
            policyUri: gatePolicyUri("azure", props.organization, props.environment, spec.name),
            approvedRetentionDays: spec.approvedRetentionDays,
          }),
          [AZURE_GATE_ENV.incomingContainerUrl]: `${registry.account.primaryBlobEndpoint}${registry.incoming.name}`,
          [AZURE_GATE_ENV.approvedContainerUrl]: `${registry.account.primaryBlobEndpoint}${registry.approved.name}`,
          [AZURE_GATE_ENV.logContainerUrl]: `https://${logStorage.storageAccountName}.blob.core.windows.net/${records.name}`,
          // Versioned: a rotation must not silently change the key records are signed with.
          [AZURE_GATE_ENV.attestationKeyId]: attestation.keyId,
        },
        preventDestroy: props.protection.preventDestroy,
        tags: props.tags,
      });
      this.gates[spec.name] = fn;
      registry.grantGate(fn.principalId);
      attestation.grantSign(`gate-${spec.name}`, fn.principalId, `Promotion gate of registry ${spec.name}: signs decision records.`);
      new RoleAssignment(gates, `${spec.name}-records`, {
        scope: records.resourceId,
        roleDefinitionId: recordsRole.roleDefinitionResourceId,
        principalId: fn.principalId,
        condition: gateRecordsCondition(),
        conditionVersion: "2.0",
        description: `Promotion gate of registry ${spec.name}: writes decision records under provenance/.`,
      });
      // Dead letters go to the log storage's audit-logs container: an upload that never got a
      // decision is evidence, kept write-once beside the records, where the gate (whose
      // failure dead-lettered it) cannot remove it.
      new BlobCreatedTrigger(gates, `${spec.name}-trigger`, {
        topicName: azureStorageSystemTopicName(registry.storageAccountName),
        subscriptionName: `${spec.name}-model-sig`,
        resourceGroupName: this.resourceGroup.name,
        location: props.location,
        storageAccountId: registry.storageAccountId,
        containerName: registry.incoming.name,
        blobNameEndsWith: "/model.sig",
        functionId: `${fn.functionAppId}/functions/${AZURE_GATE_FUNCTION_NAME}`,
        deadLetter: { storageAccountId: logStorage.storageAccountId, containerName: records.name, containerResourceId: records.resourceId },
        tags: props.tags,
      });
      this.outputs.push({
        id: `registry-${spec.name}-gate`,
        value: fn.app.name,
        description: `Promotion gate of registry ${spec.name}: the Flex Consumption function app deciding each incoming/<model>/<version>/model.sig.`,
      });
    }
    this.outputs.push({
      id: "gate-attestation-public-key",
      value: attestation.publicKeyPem,
      description: "PEM public key of the gate attestation key's current version: verifies decision records (blueprint model provenance verify --public-key).",
    });
  }

  /**
   * Detection, under `monitoring`: the action group (monitoring.emails and webhookUrl), Defender
   * for Storage with on-upload malware scanning on every registry account (the gate reads the
   * result tag), the subscription's Defender plans unless turned off, the activity-log alerts,
   * each gate's baseline and rejection alerts, and the cost anomaly alert when there is anyone
   * to email.
   */
  private addMonitoring(props: AiSupplyChainAzureProps, subscription: DataAzurermSubscription): void {
    const monitoring = new Construct(this, "monitoring");
    const emails = props.monitoring.emails ?? [];
    const org = props.organization;
    const env = props.environment;
    this.actionGroup = new ActionGroup(monitoring, "action-group", {
      name: resourceName(org, env, "security-alerts"),
      // 1-12 characters (azurerm 4.55); environment names are at most 10.
      shortName: `sec-${env}`.slice(0, 12),
      resourceGroupName: this.resourceGroup.name,
      emails,
      ...(props.monitoring.webhookUrl === undefined ? {} : { webhookUrl: props.monitoring.webhookUrl }),
      tags: props.tags,
    });
    for (const spec of props.registries ?? []) {
      const registry = this.registries.find((r) => r.registryName === spec.name)!;
      new StorageDefender(monitoring, `defender-${spec.name}`, {
        storageAccountId: registry.storageAccountId,
        malwareScanCapGbPerMonth: malwareScanCapGb(spec.monthlyUploadGb),
      });
    }
    if (props.threatDetection?.defenderPlans ?? true) {
      new DefenderPlans(monitoring, "defender-plans", { securityContactEmails: emails });
    }
    new ActivityLogAlerts(monitoring, "activity-log", {
      namePrefix: resourceName(org, env, "alert"),
      resourceGroupName: this.resourceGroup.name,
      subscriptionId: subscription.id,
      resourceGroupId: this.resourceGroup.id,
      actionGroup: this.actionGroup,
      tags: props.tags,
    });
    for (const [registry, fn] of Object.entries(this.gates)) {
      new FunctionAlerts(monitoring, `gate-${registry}`, {
        namePrefix: resourceName(org, env, `gate-${registry}`),
        resourceGroupName: this.resourceGroup.name,
        location: props.location,
        function: fn,
        actionGroup: this.actionGroup,
        rejectionsPerHour: props.monitoring.gateRejectionsPerHour,
        tags: props.tags,
      });
    }
    // azurerm 4.55 requires at least one address (email_addresses MinItems 1): without
    // recipients an anomaly alert would reach nobody, so none is created.
    if (emails.length > 0) {
      new CostAnomalyAlert(monitoring, "cost-anomaly", {
        name: resourceName(org, env, "cost-anomaly"),
        displayName: `${resourceName(org, env, "subscription")} cost anomaly`,
        subscriptionId: subscription.id,
        emails,
      });
    }
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
