import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageContainerImmutabilityPolicy } from "@cdktf/provider-azurerm/lib/storage-container-immutability-policy";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { Construct } from "constructs";
import { RetentionTier, assertValidRetentionTier } from "../shared/retention-tier";
import { PropValidator } from "../shared/validation-error";
import { hardenedStorageAccount } from "./hardened-storage-account";
import { IKmsKey } from "./kms-key";
import { azureManagementPolicyRules } from "./lifecycle-rules";

/** The general-purpose evidence container; diagnostic categories get `insights-logs-<category>`. */
export const AUDIT_LOG_CONTAINER = "audit-logs";

/** Container Azure Monitor writes a diagnostic category into (it creates it if absent). */
export function diagnosticContainerName(category: string): string {
  return `insights-logs-${category.toLowerCase()}`;
}

/** Write-once log storage that diagnostic settings deliver into. */
export interface ILogStorage {
  readonly storageAccountId: string;
  readonly storageAccountName: string;
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
   * Lock the immutability policies. IRREVERSIBLE: a locked policy can only be extended, and the
   * container and account cannot be deleted while any blob is retained.
   * @default true
   */
  readonly lockImmutabilityPolicy?: boolean;
  /**
   * Public IPv4 ranges allowed through the firewall (the machines that run Terraform).
   * @default - no public network access
   */
  readonly allowedIpRanges?: readonly string[];
  /** Refuse any plan that destroys the account. @default true */
  readonly preventDestroy?: boolean;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Storage account for audit evidence, with the blueprint's storage baseline (see
 * hardenedStorageAccount), private containers whose time-based immutability policy allows
 * protected append writes (diagnostic logs are append blobs), locked per configuration, and a
 * management policy from the retention tier.
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
  public readonly immutabilityLocked: boolean;

  constructor(scope: Construct, id: string, props: ImmutableLogBucketProps) {
    const containers = [AUDIT_LOG_CONTAINER, ...new Set((props.diagnosticCategories ?? []).map(diagnosticContainerName))];
    const v = new PropValidator(scope, id)
      .require(/^[a-z0-9]{3,24}$/.test(props.storageAccountName), "STORAGE_ACCOUNT_NAME_INVALID", "storageAccountName", props.storageAccountName, "3-24 lowercase letters and digits")
      .integerInRange("retentionTier.immutabilityDays", props.retentionTier.immutabilityDays, 1, 146_000, "AZURE_IMMUTABILITY_OUT_OF_RANGE");
    for (const name of containers) {
      v.require(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name), "CONTAINER_NAME_INVALID", "diagnosticCategories", name, "categories whose container names are 3-63 lowercase letters, digits and single hyphens");
    }
    v.throwIfInvalid();
    assertValidRetentionTier(props.retentionTier, ["azure"]);
    super(scope, id);

    const locked = props.lockImmutabilityPolicy ?? true;
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
    for (const name of containers) {
      const container = new StorageContainer(this, `Container-${name}`, {
        name,
        storageAccountId: account.id,
        containerAccessType: "private",
      });
      new StorageContainerImmutabilityPolicy(this, `Immutability-${name}`, {
        storageContainerResourceManagerId: container.id,
        immutabilityPeriodInDays: props.retentionTier.immutabilityDays,
        // New blocks may be appended to an append blob; nothing written can change or go.
        protectedAppendWritesEnabled: true,
        locked,
      });
    }
    new StorageManagementPolicy(this, "Lifecycle", {
      storageAccountId: account.id,
      rule: azureManagementPolicyRules(props.retentionTier, containers.map((c) => `${c}/`)),
    });
    this.storageAccountId = account.id;
    this.storageAccountName = props.storageAccountName;
    this.containerNames = containers;
    this.immutabilityLocked = locked;
  }
}
