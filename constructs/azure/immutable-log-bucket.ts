import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageContainerImmutabilityPolicy } from "@cdktf/provider-azurerm/lib/storage-container-immutability-policy";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { RetentionTier, assertValidRetentionTier } from "../shared/retention-tier";
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
export function diagnosticContainerName(category: string): string {
  return `insights-logs-${category.toLowerCase()}`;
}

/** Write-once log storage that diagnostic settings deliver into. */
export interface ILogStorage {
  readonly storageAccountId: string;
  readonly storageAccountName: string;
  /**
   * What a diagnostic setting must wait for: the containers and their immutability policies.
   * Azure Monitor creates a missing container itself, without a policy, and the blueprint's
   * container create would then fail on the existing one.
   * @default - nothing to wait for
   */
  readonly deliveryDependencies?: readonly ITerraformDependable[];
}

export interface ImmutableLogBucketProps {
  /** Storage account name: 3-24 lowercase letters and digits, globally unique. */
  readonly storageAccountName: string;
  readonly resourceGroupName: string;
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
 * new ImmutableLogBucket(this, "logs", {
 *   storageAccountName, resourceGroupName, location, kmsKey: logsKey,
 *   retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], diagnosticCategories: ["AuditEvent"], tags,
 * });
 */
export class ImmutableLogBucket extends Construct implements ILogStorage {
  public readonly storageAccountId: string;
  public readonly storageAccountName: string;
  public readonly containerNames: readonly string[];
  public readonly retentionLocked: boolean;
  public readonly deliveryDependencies: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ImmutableLogBucketProps) {
    const containers = [
      AUDIT_LOG_CONTAINER,
      ...new Set((props.diagnosticCategories ?? []).map(diagnosticContainerName)),
      ...(props.receivesActivityLog ? [ACTIVITY_LOG_CONTAINER] : []),
    ];
    const v = new PropValidator(scope, id)
      .require(/^[a-z0-9]{3,24}$/.test(props.storageAccountName), "STORAGE_ACCOUNT_NAME_INVALID", "storageAccountName", props.storageAccountName, "3-24 lowercase letters and digits")
      .integerInRange("retentionTier.immutabilityDays", props.retentionTier.immutabilityDays, 1, 146_000, "AZURE_IMMUTABILITY_OUT_OF_RANGE");
    for (const name of containers) {
      v.require(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name), "CONTAINER_NAME_INVALID", "diagnosticCategories", name, "categories whose container names are 3-63 lowercase letters, digits and single hyphens");
    }
    v.throwIfInvalid();
    assertValidRetentionTier(props.retentionTier, ["azure"]);
    super(scope, id);

    const locked = props.lockRetention ?? true;
    const account = hardenedStorageAccount(this, {
      name: props.storageAccountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kmsKey: props.kmsKey,
      allowedIpRanges: props.allowedIpRanges ?? [],
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
    this.storageAccountName = props.storageAccountName;
    this.containerNames = containers;
    this.retentionLocked = locked;
    this.deliveryDependencies = policies;
  }
}
