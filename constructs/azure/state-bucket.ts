import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { Construct } from "constructs";
import { AZURE_FIREWALL_IP_RANGE, AZURE_STATE_PRIOR_VERSION_DAYS, AZURE_STATE_SOFT_DELETE_DAYS, STORAGE_ACCOUNT_NAME } from "../shared/limits/azure";
import { UUID } from "../shared/limits/common";
import { PropValidator } from "../shared/validation-error";
import { cannotDeleteLock } from "./delete-lock";
import { hardenedStorageAccount } from "./hardened-storage-account";
import { IKmsKey } from "./kms-key";

/** Built-in role the `azurerm` backend needs with `use_azuread_auth` (no account keys). */
export const STORAGE_BLOB_DATA_CONTRIBUTOR = "Storage Blob Data Contributor";

/** The private container the `azurerm` backend keeps state blobs in. */
export const STATE_CONTAINER_NAME = "tfstate";

export interface StateBucketProps {
  /** Storage account name: 3-24 lowercase letters and digits, globally unique. */
  readonly storageAccountName: string;
  /** Resource group the account is created in. */
  readonly resourceGroupName: string;
  /** Azure location of the account. */
  readonly location: string;
  /** Key that encrypts the account (CMK through a user-assigned identity). */
  readonly kmsKey: IKmsKey;
  /**
   * Object id (UUID) of the identity that runs Terraform, usually `data.azurerm_client_config.object_id`:
   * it reads and writes state through Entra ID.
   */
  readonly deployerObjectId: string;
  /**
   * Public IPv4 ranges allowed through the account firewall (the machines that run Terraform).
   * @default - no public network access
   */
  readonly allowedIpRanges?: readonly string[];
  /** Days deleted or overwritten state blobs stay recoverable, 7-365. @default 30 */
  readonly softDeleteDays?: number;
  /**
   * Days a prior version of a state blob is kept before the account's management policy deletes
   * it, 30-3650: every apply writes a version, and without an end they accumulate for good.
   * @default 365
   */
  readonly priorVersionDays?: number;
  /** Refuse any plan that destroys the account. @default true */
  readonly preventDestroy?: boolean;
  /**
   * A `CanNotDelete` management lock on the account: deleting it (or its container) through
   * Azure Resource Manager fails until the lock is removed, which the Activity Log records.
   * @default true
   */
  readonly deleteLock?: boolean;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Storage account and private container for Terraform remote state: StorageV2, HTTPS only,
 * TLS 1.2, shared keys off (Entra ID only), no public blobs, firewall deny by default,
 * infrastructure encryption plus a customer-managed key, blob versioning and soft delete, prior
 * versions deleted after `priorVersionDays`, and a `CanNotDelete` management lock.
 *
 * @example
 * new StateBucket(this, "state", { storageAccountName, resourceGroupName, location, kmsKey, deployerObjectId, tags });
 */
export class StateBucket extends Construct {
  /** Name of the storage account. */
  public readonly storageAccountName: string;
  /** Azure Resource Manager id of the account (diagnostic settings attach to `<id>/blobServices/default`). */
  public readonly storageAccountId: string;
  /** The state container, `tfstate`. */
  public readonly containerName = STATE_CONTAINER_NAME;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    const softDeleteDays = props.softDeleteDays ?? 30;
    const allowedIpRanges = props.allowedIpRanges ?? [];
    const priorVersionDays = props.priorVersionDays ?? 365;
    const v = new PropValidator(scope, id)
      .matches("storageAccountName", props.storageAccountName, STORAGE_ACCOUNT_NAME, "AZURE_STORAGE_ACCOUNT_NAME_INVALID")
      .matches("deployerObjectId", props.deployerObjectId, UUID, "AZURE_OBJECT_ID_INVALID")
      .integerInRange("softDeleteDays", softDeleteDays, AZURE_STATE_SOFT_DELETE_DAYS.min, AZURE_STATE_SOFT_DELETE_DAYS.max, "AZURE_STATE_RETENTION_OUT_OF_RANGE")
      .integerInRange("priorVersionDays", priorVersionDays, AZURE_STATE_PRIOR_VERSION_DAYS.min, AZURE_STATE_PRIOR_VERSION_DAYS.max, "AZURE_STATE_VERSION_RETENTION_OUT_OF_RANGE");
    for (const range of allowedIpRanges) {
      v.matches("allowedIpRanges", range, AZURE_FIREWALL_IP_RANGE, "AZURE_STORAGE_IP_RANGE_INVALID");
    }
    v.throwIfInvalid();
    super(scope, id);

    const account = hardenedStorageAccount(this, {
      name: props.storageAccountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kmsKey: props.kmsKey,
      allowedIpRanges,
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: softDeleteDays },
        containerDeleteRetentionPolicy: { days: softDeleteDays },
      },
      preventDestroy: props.preventDestroy ?? true,
      tags: { ...props.tags, purpose: "state" },
    });
    new StorageContainer(this, "Container", {
      name: STATE_CONTAINER_NAME,
      storageAccountId: account.id,
      containerAccessType: "private",
    });
    // The AWS and GCP state buckets expire noncurrent versions the same way.
    new StorageManagementPolicy(this, "Lifecycle", {
      storageAccountId: account.id,
      rule: [
        {
          name: "expire-prior-state-versions",
          enabled: true,
          filters: { blobTypes: ["blockBlob"] },
          actions: { version: { deleteAfterDaysSinceCreation: priorVersionDays } },
        },
      ],
    });
    new RoleAssignment(this, "DeployerBlobAccess", {
      scope: account.id,
      roleDefinitionName: STORAGE_BLOB_DATA_CONTRIBUTOR,
      principalId: props.deployerObjectId,
    });
    if (props.deleteLock ?? true) {
      cannotDeleteLock(this, account.id, "Terraform state");
    }
    this.storageAccountName = props.storageAccountName;
    this.storageAccountId = account.id;
  }
}
