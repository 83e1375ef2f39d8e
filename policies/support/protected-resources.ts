import { Json, valuesAt } from "../model";

/**
 * What the destroy guard protects, in one place: resources whose deletion loses keys, evidence,
 * models or state for good, and the switches whose turning off weakens a protection. Read by
 * PROTECTED-NOT-DESTROYED-ANY and PROTECTION-NOT-DISABLED-ANY over a plan's resource_changes.
 */

/** Types protected whatever they hold: keys and key stores, trails, immutability, registries, locks. */
export const PROTECTED_TYPES: Readonly<Record<string, string>> = {
  aws_kms_key: "a KMS key: everything it encrypted becomes unreadable once it is deleted",
  aws_kms_alias: "the alias callers resolve the key by",
  aws_cloudtrail: "the audit trail",
  aws_s3_bucket_object_lock_configuration: "the bucket's Object Lock retention",
  aws_ecr_repository: "a container registry",
  aws_dynamodb_table: "a table that may hold Terraform state locks",
  google_kms_key_ring: "a key ring (GCP never deletes its name)",
  google_kms_crypto_key: "a Cloud KMS key: its versions are destroyed after the scheduled duration",
  google_logging_project_sink: "the audit log export",
  google_project_iam_audit_config: "the data-access audit configuration",
  google_artifact_registry_repository: "a container registry",
  azurerm_key_vault: "a Key Vault and every key in it",
  azurerm_key_vault_key: "a Key Vault key",
  azurerm_storage_container_immutability_policy: "a container's immutability policy",
  azurerm_management_lock: "a CanNotDelete lock",
  azurerm_monitor_diagnostic_setting: "an audit log export",
  azurerm_container_registry: "a container registry",
};

/** Storage protected by what it holds: its `purpose` tag or label (evidence, state, models). */
export const PROTECTED_STORAGE_TYPES: readonly string[] = ["aws_s3_bucket", "google_storage_bucket", "azurerm_storage_account", "azurerm_storage_container"];
export const PROTECTED_PURPOSES: readonly string[] = ["logs", "usage-logs", "access-logs", "state", "registry"];

/** Why a resource (with its attributes before the change) is protected, or undefined. */
export function protectionReason(type: string, before: Json | undefined): string | undefined {
  const fixed = PROTECTED_TYPES[type];
  if (fixed) return fixed;
  if (!PROTECTED_STORAGE_TYPES.includes(type) || !before) return undefined;
  if (before["object_lock_enabled"] === true) return "an Object Lock bucket";
  const retention = valuesAt(before, "retention_policy.is_locked")[0];
  if (retention === true) return "a bucket with a locked retention policy";
  for (const key of ["tags", "tags_all", "labels", "effective_labels"]) {
    const purpose = (before[key] as Json | undefined)?.["purpose"];
    if (typeof purpose === "string" && PROTECTED_PURPOSES.includes(purpose)) return `storage whose purpose is ${purpose}`;
  }
  return undefined;
}

/** A protection that is on when `isOn(value)` holds for the attribute at `path`. */
export interface ProtectionSwitch {
  readonly type: string;
  readonly path: string;
  readonly what: string;
  isOn(value: unknown): boolean;
}

const isTrue = (v: unknown): boolean => v === true;
const isFalse = (v: unknown): boolean => v === false;

export const PROTECTION_SWITCHES: readonly ProtectionSwitch[] = [
  { type: "aws_kms_key", path: "enable_key_rotation", what: "key rotation", isOn: isTrue },
  { type: "aws_kms_key", path: "is_enabled", what: "the key (disabling it stops every decrypt)", isOn: (v) => v !== false },
  { type: "aws_kms_key", path: "deletion_window_in_days", what: "the 30-day deletion window", isOn: (v) => Number(v) >= 30 },
  { type: "aws_s3_bucket_object_lock_configuration", path: "rule.default_retention.mode", what: "COMPLIANCE-mode object lock", isOn: (v) => v === "COMPLIANCE" },
  { type: "aws_s3_bucket_versioning", path: "versioning_configuration.status", what: "versioning", isOn: (v) => v === "Enabled" },
  { type: "aws_s3_bucket_versioning", path: "versioning_configuration.mfa_delete", what: "MFA delete", isOn: (v) => v === "Enabled" },
  { type: "aws_s3_bucket_public_access_block", path: "block_public_acls", what: "block_public_acls", isOn: isTrue },
  { type: "aws_s3_bucket_public_access_block", path: "block_public_policy", what: "block_public_policy", isOn: isTrue },
  { type: "aws_s3_bucket_public_access_block", path: "ignore_public_acls", what: "ignore_public_acls", isOn: isTrue },
  { type: "aws_s3_bucket_public_access_block", path: "restrict_public_buckets", what: "restrict_public_buckets", isOn: isTrue },
  { type: "aws_cloudtrail", path: "enable_logging", what: "trail logging", isOn: (v) => v !== false },
  { type: "aws_cloudtrail", path: "enable_log_file_validation", what: "log file validation", isOn: isTrue },
  { type: "google_kms_crypto_key", path: "rotation_period", what: "key rotation", isOn: (v) => typeof v === "string" && v !== "" },
  { type: "google_storage_bucket", path: "retention_policy.is_locked", what: "the locked retention policy", isOn: isTrue },
  { type: "google_storage_bucket", path: "public_access_prevention", what: "public access prevention", isOn: (v) => v === "enforced" },
  { type: "google_storage_bucket", path: "versioning.enabled", what: "versioning", isOn: isTrue },
  { type: "azurerm_key_vault", path: "purge_protection_enabled", what: "purge protection", isOn: isTrue },
  { type: "azurerm_storage_container_immutability_policy", path: "locked", what: "the locked immutability policy", isOn: isTrue },
  { type: "azurerm_storage_account", path: "public_network_access_enabled", what: "the closed public network", isOn: isFalse },
  { type: "azurerm_storage_account", path: "allow_nested_items_to_be_public", what: "the ban on public blobs", isOn: isFalse },
  { type: "azurerm_storage_account", path: "shared_access_key_enabled", what: "the ban on shared keys", isOn: isFalse },
  { type: "azurerm_storage_account", path: "blob_properties.versioning_enabled", what: "blob versioning", isOn: isTrue },
];
