/**
 * One switch drives every destructive-change protection of an environment. `strict` is the
 * default and what production uses; `standard` exists so short-lived environments can be torn
 * down and rebuilt within days. Everything `standard` relaxes is in this one table, the README
 * and the audit report read it from here.
 */
export const PROTECTION_LEVELS = ["strict", "standard"] as const;

export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number];

export interface ProtectionSettings {
  /**
   * Terraform `lifecycle.prevent_destroy` on every stateful resource (keys, key rings, vaults,
   * state buckets): a plan that would delete one fails instead of destroying evidence or data.
   */
  readonly preventDestroy: boolean;
  /**
   * Days a scheduled key deletion can still be cancelled: AWS `deletion_window_in_days`, GCP
   * `destroy_scheduled_duration`. Data encrypted under a destroyed key is lost for good.
   */
  readonly keyDeletionWindowDays: number;
  /** Azure Key Vault `soft_delete_retention_days`: how long a deleted vault or key is recoverable. */
  readonly keyVaultSoftDeleteDays: number;
}

export const PROTECTION: Readonly<Record<ProtectionLevel, ProtectionSettings>> = {
  strict: { preventDestroy: true, keyDeletionWindowDays: 30, keyVaultSoftDeleteDays: 90 },
  standard: { preventDestroy: false, keyDeletionWindowDays: 7, keyVaultSoftDeleteDays: 7 },
};

/** Human-readable list of what `standard` gives up compared with `strict`. */
export function describeRelaxations(): string[] {
  const s = PROTECTION.strict;
  const r = PROTECTION.standard;
  return [
    `prevent_destroy: ${s.preventDestroy} -> ${r.preventDestroy} (stateful resources can be destroyed by a plan)`,
    `key deletion window: ${s.keyDeletionWindowDays} -> ${r.keyDeletionWindowDays} days (AWS KMS, GCP KMS)`,
    `Key Vault soft-delete retention: ${s.keyVaultSoftDeleteDays} -> ${r.keyVaultSoftDeleteDays} days (Azure)`,
  ];
}
