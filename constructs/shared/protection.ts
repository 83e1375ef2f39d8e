/**
 * One switch drives every destructive-change protection of an environment. `strict` is the
 * default and what production uses; `standard` exists so short-lived environments can be torn
 * down and rebuilt within days. Everything `standard` relaxes is in this one table;
 * describeRelaxations() renders it for people (the README lists the same).
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
  /**
   * Lock the write-once retention of log storage, unless an environment sets
   * `logs.lockRetention`: S3 Object Lock in COMPLIANCE mode (false: GOVERNANCE, which principals
   * with `s3:BypassGovernanceRetention` can bypass), GCS `retention_policy.is_locked`, Azure
   * container immutability policy `locked`. Irreversible: nobody, the account root included, can
   * shorten a locked retention, and the bucket or container cannot be deleted before every object
   * has aged out.
   */
  readonly lockRetention: boolean;
  /**
   * AWS: the logs key and the log bucket deny deleting, disabling and re-policying the key, and
   * changing the bucket's Object Lock, lifecycle, encryption or policy, to every principal but
   * the optional break-glass role with MFA (`clouds.aws.breakGlassRoleName`). Irreversible
   * without that role: the logs key policy can then never change again.
   */
  readonly guardEvidence: boolean;
  /**
   * Azure: `CanNotDelete` management locks on the Key Vault and the log storage account, so a
   * delete through Azure Resource Manager fails until someone removes the lock (recorded).
   */
  readonly managementLocks: boolean;
  /**
   * GCP: the key ring's name carries its creation time (a `time_static`), so a destroy followed
   * by an apply creates a fresh ring instead of failing on the name of the old one, which GCP
   * never deletes. Off means one fixed ring name for the life of the project.
   */
  readonly rebuildableKeyRings: boolean;
  /**
   * Concurrent runs each function may have (AWS reserved concurrency, GCP max instances, Azure
   * Flex maximum instance count): a cap on what a flood of uploads can cost, and a floor AWS
   * keeps free for the function. Prod needs headroom for retries; dev one run at a time is plenty.
   */
  readonly functionConcurrency: number;
  /** Days function logs are kept (AWS log group, Azure workspace retention for the app). */
  readonly functionLogRetentionDays: number;
  /**
   * Share of invocations traced (AWS X-Ray sampling, Azure Application Insights, GCP Cloud
   * Trace): every gate decision in prod, where a trace is evidence; a sample in dev.
   */
  readonly functionTraceSampling: number;
}

export const PROTECTION: Readonly<Record<ProtectionLevel, ProtectionSettings>> = {
  strict: {
    preventDestroy: true,
    keyDeletionWindowDays: 30,
    keyVaultSoftDeleteDays: 90,
    lockRetention: true,
    guardEvidence: true,
    managementLocks: true,
    rebuildableKeyRings: false,
    functionConcurrency: 10,
    functionLogRetentionDays: 365,
    functionTraceSampling: 1,
  },
  standard: {
    preventDestroy: false,
    keyDeletionWindowDays: 7,
    keyVaultSoftDeleteDays: 7,
    lockRetention: false,
    guardEvidence: false,
    managementLocks: false,
    rebuildableKeyRings: true,
    functionConcurrency: 2,
    functionLogRetentionDays: 30,
    functionTraceSampling: 0.1,
  },
};

/** Human-readable list of what `standard` gives up compared with `strict`. */
export function describeRelaxations(): string[] {
  const s = PROTECTION.strict;
  const r = PROTECTION.standard;
  return [
    `prevent_destroy: ${s.preventDestroy} -> ${r.preventDestroy} (stateful resources can be destroyed by a plan)`,
    `key deletion window: ${s.keyDeletionWindowDays} -> ${r.keyDeletionWindowDays} days (AWS KMS, GCP KMS)`,
    `Key Vault soft-delete retention: ${s.keyVaultSoftDeleteDays} -> ${r.keyVaultSoftDeleteDays} days (Azure)`,
    `log retention locked: ${s.lockRetention} -> ${r.lockRetention} (AWS: S3 Object Lock GOVERNANCE instead of COMPLIANCE mode; GCS retention policy and Azure container immutability policy left unlocked)`,
    `evidence guard: ${s.guardEvidence} -> ${r.guardEvidence} (AWS: anyone allowed by IAM may delete, disable or re-policy the logs key and change the log bucket's lock, lifecycle, encryption and policy)`,
    `management locks: ${s.managementLocks} -> ${r.managementLocks} (Azure: no CanNotDelete lock on the Key Vault and the log account)`,
    `rebuildable key rings: ${s.rebuildableKeyRings} -> ${r.rebuildableKeyRings} (GCP: a destroy then apply creates a new key ring; the old one and its keys stay, versions destroyed)`,
    `function concurrency: ${s.functionConcurrency} -> ${r.functionConcurrency} (concurrent runs of each promotion gate)`,
    `function log retention: ${s.functionLogRetentionDays} -> ${r.functionLogRetentionDays} days`,
    `function trace sampling: ${s.functionTraceSampling} -> ${r.functionTraceSampling} (share of invocations traced)`,
  ];
}
