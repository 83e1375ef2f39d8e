import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageContainerImmutabilityPolicy } from "@cdktf/provider-azurerm/lib/storage-container-immutability-policy";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { AZURE_CONTAINER_NAME, AZURE_FIREWALL_IP_RANGE, AZURE_MAX_PREFIX_MATCHES, AZURE_SUBNET_ID, STORAGE_ACCOUNT_NAME } from "../shared/limits/azure";
import { AZURE_DIAGNOSTIC_SETTING_NAME, azureDiagnosticContainerName } from "../shared/naming";
import { RetentionTier, validateRetentionTier } from "../shared/retention-tier";
import { PropValidator } from "../shared/validation-error";
import { cannotDeleteLock } from "./delete-lock";
import { hardenedStorageAccount } from "./hardened-storage-account";
import { IKmsKey } from "./kms-key";
import { azureManagementPolicyRules } from "./lifecycle-rules";

/** The general-purpose evidence container; diagnostic categories get `insights-logs-<category>`. */
export const AUDIT_LOG_CONTAINER = "audit-logs";

/** Container Azure Monitor writes the subscription's Activity Log into. */
export const ACTIVITY_LOG_CONTAINER = "insights-activity-logs";

/**
 * What a locked immutability policy must not be asked to change. azurerm 4.55's CustomizeDiff
 * refuses a larger `immutability_period_in_days` on a locked policy with "cannot be decreased"
 * (the comparison is inverted), and its update calls CreateOrUpdate, which Azure refuses on a
 * locked policy anyway: only the Extend operation may change one
 * (internal/services/storage/storage_container_immutability_policy_resource.go). A raised tier
 * is applied with `az storage container immutability-policy extend` (docs/deploy-azure.md).
 */
export const LOCKED_POLICY_IGNORED_CHANGES = ["immutability_period_in_days"] as const;

/** Container Azure Monitor writes a diagnostic category into (it creates it if absent). */
export const diagnosticContainerName = azureDiagnosticContainerName;

/**
 * The containers of a log account, in creation order: `audit-logs`, one `insights-logs-<category>`
 * per distinct category, and `insights-activity-logs` when the account receives the Activity Log.
 */
export function logContainerNames(diagnosticCategories: readonly string[], receivesActivityLog: boolean): string[] {
  return [AUDIT_LOG_CONTAINER, ...new Set(diagnosticCategories.map(azureDiagnosticContainerName)), ...(receivesActivityLog ? [ACTIVITY_LOG_CONTAINER] : [])];
}

/** A resource whose audit categories a diagnostic setting delivers into a log account. */
export interface AuditSource {
  /** Stable id of the source, e.g. `key-vault`; the diagnostic setting's construct id. */
  readonly id: string;
  /**
   * Azure Resource Manager id the diagnostic setting attaches to (for blobs the account's blob
   * service, `azureBlobServiceId(<account id>)`; for the Activity Log the subscription's id).
   */
  readonly resourceId: string;
  /** Diagnostic categories sent, at least one, e.g. `AuditEvent` or `StorageRead`. */
  readonly categories: readonly string[];
  /**
   * The source is a subscription: Azure Monitor writes every category of its Activity Log into
   * `insights-activity-logs`, not into `insights-logs-<category>`.
   * @default false
   */
  readonly activityLog?: boolean;
  /**
   * Name of the diagnostic setting. Names are unique per source; a subscription is the source
   * of every environment placed in it, so its setting needs a name per environment.
   * @default "audit-to-immutable-storage"
   */
  readonly name?: string;
}

/** Write-once log storage that diagnostic settings deliver into. */
export interface ILogBucket {
  /** Azure Resource Manager id of the storage account: the diagnostic settings' `storage_account_id`. */
  readonly storageAccountId: string;
  /** Name of the storage account (3-24 lowercase letters and digits). */
  readonly storageAccountName: string;
  /** The containers the account holds under a time-based immutability policy. */
  readonly containerNames: readonly string[];
  /**
   * What a diagnostic setting must wait for: the containers and their immutability policies.
   * Azure Monitor creates a missing container itself, without a policy, and the blueprint's
   * container create would then fail on the existing one.
   * @default - nothing to wait for (an account of another stack, deployed before)
   */
  readonly deliveryDependencies?: readonly ITerraformDependable[];
  /**
   * Records on `validator`, under `prop`, every category of `source` whose container
   * (`insights-logs-<category>`, or `insights-activity-logs` for the Activity Log) is not one of
   * this account's immutable containers: Azure Monitor would create it without a policy.
   */
  validateDiagnosticSource(validator: PropValidator, prop: string, source: AuditSource): void;
  /**
   * Creates, in `scope` with id `source.id`, the diagnostic setting that delivers the source's
   * categories into this account, after its immutability policies. Throws a
   * BlueprintValidationError (`AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE`) for a category the
   * account holds no immutable container for.
   */
  addDiagnosticSource(scope: Construct, source: AuditSource): MonitorDiagnosticSetting;
  /**
   * One of `containerNames` as references: its name and Azure Resource Manager id, attributes of
   * the container resource when this stack creates it (so a grant or a setting naming it waits
   * for it), literals for an account of another stack. Undefined for a name not among them.
   */
  container(name: string): LogContainerReference | undefined;
}

/** A log container by reference. */
export interface LogContainerReference {
  /** The container's name, as a reference to the container resource. */
  readonly name: string;
  /** The container's Azure resource id (role assignment scope), as a reference. */
  readonly resourceId: string;
}

/** What names a log account another stack creates (the evidence subscription's). */
export interface LogBucketAttributes {
  /** Azure Resource Manager id of the storage account. */
  readonly storageAccountId: string;
  /** Name of the storage account. */
  readonly storageAccountName: string;
  /** The diagnostic categories the creating stack made immutable containers for. */
  readonly diagnosticCategories: readonly string[];
  /**
   * The creating stack made the `insights-activity-logs` container.
   * @default false
   */
  readonly receivesActivityLog?: boolean;
}

export interface ImmutableLogBucketProps {
  /** Storage account name: 3-24 lowercase letters and digits, globally unique. */
  readonly storageAccountName: string;
  /** Resource group the account is created in. */
  readonly resourceGroupName: string;
  /** Azure location of the account; a regional resource's diagnostic setting needs an account in its region. */
  readonly location: string;
  /** Key that encrypts the account (CMK through a user-assigned identity). */
  readonly kmsKey: IKmsKey;
  /** Lifecycle and write-once period; `immutabilityDays` becomes each container's policy. */
  readonly retentionTier: RetentionTier;
  /**
   * Diagnostic categories that will deliver here. Their containers are created up front so the
   * immutability policy covers them from the first log line.
   * @default - none; only the audit-logs container
   */
  readonly diagnosticCategories?: readonly string[];
  /**
   * A subscription-level diagnostic setting will deliver the Activity Log here: its container
   * `insights-activity-logs` is created up front, under the same immutability policy.
   * @default false
   */
  readonly receivesActivityLog?: boolean;
  /**
   * Lock the immutability policies. IRREVERSIBLE: a locked policy can only be extended, and the
   * container and account cannot be deleted while any blob is retained. Once locked, Terraform
   * ignores changes of the period: raise it with `az storage container immutability-policy
   * extend` (docs/deploy-azure.md).
   * @default true
   */
  readonly lockRetention?: boolean;
  /**
   * Public IPv4 ranges allowed through the firewall (the machines that run Terraform).
   * @default - no public network access
   */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Subnets admitted through the firewall by their `Microsoft.Storage` service endpoint: the
   * promotion gates' VNet-integrated subnet.
   * @default [] (no subnet)
   */
  readonly allowedSubnetIds?: readonly string[];
  /** Refuse any plan that destroys the account. @default true */
  readonly preventDestroy?: boolean;
  /**
   * A `CanNotDelete` management lock on the account: Azure Resource Manager refuses to delete
   * the account or its containers until the lock is removed (recorded in the Activity Log).
   * @default true
   */
  readonly deleteLock?: boolean;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Storage account for audit evidence, with the blueprint's storage baseline (see
 * hardenedStorageAccount), private containers whose time-based immutability policy allows
 * protected append writes (diagnostic logs are append blobs), locked per configuration, a
 * management policy from the retention tier, and a `CanNotDelete` management lock.
 *
 * @example
 * const logs = new ImmutableLogBucket(this, "logs", {
 *   storageAccountName, resourceGroupName, location, kmsKey: logsKey,
 *   retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], diagnosticCategories: ["AuditEvent"], tags,
 * });
 * logs.addDiagnosticSource(this, { id: "key-vault", resourceId: vault.keyVaultId, categories: ["AuditEvent"] });
 */
export class ImmutableLogBucket extends Construct implements ILogBucket {
  /**
   * A log account created by another stack, named by its attributes: diagnostic settings into it
   * are checked against the containers that stack creates.
   */
  public static fromAttributes(attributes: LogBucketAttributes): ILogBucket {
    return new ImportedLogBucket(attributes);
  }

  public readonly storageAccountId: string;
  /** The account's name, as the resource's `name` attribute (a reference, never a literal). */
  public readonly storageAccountName: string;
  public readonly containerNames: readonly string[];
  /** The immutability policies are locked. */
  public readonly retentionLocked: boolean;
  public readonly deliveryDependencies: readonly ITerraformDependable[];
  private readonly containers = new Map<string, LogContainerReference>();

  constructor(scope: Construct, id: string, props: ImmutableLogBucketProps) {
    const containers = logContainerNames(props.diagnosticCategories ?? [], props.receivesActivityLog ?? false);
    const allowedIpRanges = props.allowedIpRanges ?? [];
    const v = new PropValidator(scope, id).matches("storageAccountName", props.storageAccountName, STORAGE_ACCOUNT_NAME, "AZURE_STORAGE_ACCOUNT_NAME_INVALID");
    const containerRule = { ...AZURE_CONTAINER_NAME, accepted: `categories whose container names are ${AZURE_CONTAINER_NAME.accepted}` };
    for (const name of containers) {
      v.matches("diagnosticCategories", name, containerRule, "AZURE_CONTAINER_NAME_INVALID");
    }
    // One lifecycle rule filters on every container, and a rule takes at most 10 prefixes.
    v.require(containers.length <= AZURE_MAX_PREFIX_MATCHES, "AZURE_LOG_CONTAINERS_TOO_MANY", "diagnosticCategories", containers.join(", "), `at most ${AZURE_MAX_PREFIX_MATCHES} containers with audit-logs and insights-activity-logs`);
    for (const range of allowedIpRanges) {
      v.matches("allowedIpRanges", range, AZURE_FIREWALL_IP_RANGE, "AZURE_STORAGE_IP_RANGE_INVALID");
    }
    for (const subnet of props.allowedSubnetIds ?? []) v.matches("allowedSubnetIds", subnet, AZURE_SUBNET_ID, "AZURE_SUBNET_ID_INVALID");
    // The tier's own bounds (AZURE_IMMUTABILITY_OUT_OF_RANGE among them) are reported with these.
    v.include(validateRetentionTier(props.retentionTier, ["azure"])).throwIfInvalid();
    super(scope, id);

    const locked = props.lockRetention ?? true;
    const account = hardenedStorageAccount(this, {
      name: props.storageAccountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kmsKey: props.kmsKey,
      allowedIpRanges,
      allowedSubnetIds: props.allowedSubnetIds ?? [],
      // Soft delete covers what immutability does not: the containers themselves. Versioning stays
      // off; container-level WORM already keeps every blob, versions would only double the bill.
      blobProperties: {
        deleteRetentionPolicy: { days: 30 },
        containerDeleteRetentionPolicy: { days: 30 },
      },
      preventDestroy: props.preventDestroy ?? true,
      tags: { ...props.tags, purpose: "logs" },
    });
    const prefixes: string[] = [];
    const policies: ITerraformDependable[] = [];
    for (const name of containers) {
      const container = new StorageContainer(this, `Container-${name}`, {
        name,
        storageAccountId: account.id,
        containerAccessType: "private",
      });
      // With storage_account_id, `id` is the container's Resource Manager id (storage_container_resource.go).
      this.containers.set(name, { name: container.name, resourceId: container.id });
      policies.push(
        new StorageContainerImmutabilityPolicy(this, `Immutability-${name}`, {
          storageContainerResourceManagerId: container.id,
          immutabilityPeriodInDays: props.retentionTier.immutabilityDays,
          // New blocks may be appended to an append blob; nothing written can change or go.
          protectedAppendWritesEnabled: true,
          locked,
          ...(locked ? { lifecycle: { ignoreChanges: [...LOCKED_POLICY_IGNORED_CHANGES] } } : {}),
        }),
      );
      // By reference: the rule then waits for the container it filters on.
      prefixes.push(`${container.name}/`);
    }
    new StorageManagementPolicy(this, "Lifecycle", {
      storageAccountId: account.id,
      rule: azureManagementPolicyRules(props.retentionTier, prefixes),
    });
    if (props.deleteLock ?? true) {
      cannotDeleteLock(this, account.id, "write-once log storage");
    }
    this.storageAccountId = account.id;
    this.storageAccountName = account.name;
    this.containerNames = containers;
    this.retentionLocked = locked;
    this.deliveryDependencies = policies;
  }

  public validateDiagnosticSource(validator: PropValidator, prop: string, source: AuditSource): void {
    validateSource(this.containerNames, validator, prop, source);
  }

  public addDiagnosticSource(scope: Construct, source: AuditSource): MonitorDiagnosticSetting {
    return addSetting(this, scope, source);
  }

  public container(name: string): LogContainerReference | undefined {
    return this.containers.get(name);
  }
}

class ImportedLogBucket implements ILogBucket {
  public readonly storageAccountId: string;
  public readonly storageAccountName: string;
  public readonly containerNames: readonly string[];

  constructor(attributes: LogBucketAttributes) {
    this.storageAccountId = attributes.storageAccountId;
    this.storageAccountName = attributes.storageAccountName;
    this.containerNames = logContainerNames(attributes.diagnosticCategories, attributes.receivesActivityLog ?? false);
  }

  public validateDiagnosticSource(validator: PropValidator, prop: string, source: AuditSource): void {
    validateSource(this.containerNames, validator, prop, source);
  }

  public addDiagnosticSource(scope: Construct, source: AuditSource): MonitorDiagnosticSetting {
    return addSetting(this, scope, source);
  }

  public container(name: string): LogContainerReference | undefined {
    return this.containerNames.includes(name) ? { name, resourceId: `${this.storageAccountId}/blobServices/default/containers/${name}` } : undefined;
  }
}

/** The container Azure Monitor writes `category` of `source` into. */
function deliveryContainer(source: AuditSource, category: string): string {
  return source.activityLog ? ACTIVITY_LOG_CONTAINER : azureDiagnosticContainerName(category);
}

function validateSource(containerNames: readonly string[], v: PropValidator, prop: string, source: AuditSource): void {
  const reported = new Set<string>();
  for (const category of source.categories) {
    const container = deliveryContainer(source, category);
    if (reported.has(container)) continue;
    reported.add(container);
    v.require(
      containerNames.includes(container),
      "AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE",
      prop,
      category,
      `a category whose container (${container}) is one of the log account's immutable containers: ${containerNames.join(", ")}`,
    );
  }
}

function addSetting(logBucket: ILogBucket, scope: Construct, source: AuditSource): MonitorDiagnosticSetting {
  const v = new PropValidator(scope, source.id);
  logBucket.validateDiagnosticSource(v, "categories", source);
  v.throwIfInvalid();
  const dependencies = logBucket.deliveryDependencies ?? [];
  return new MonitorDiagnosticSetting(scope, source.id, {
    name: source.name ?? AZURE_DIAGNOSTIC_SETTING_NAME,
    targetResourceId: source.resourceId,
    storageAccountId: logBucket.storageAccountId,
    enabledLog: source.categories.map((category) => ({ category })),
    // The first log line must land in a container the immutability policy already covers.
    ...(dependencies.length ? { dependsOn: [...dependencies] } : {}),
  });
}
