import { PROTECTION, describeRelaxations } from "../../../constructs/shared/protection";

describe("protection levels", () => {
  test("strict keeps every protection at its strongest", () => {
    expect(PROTECTION.strict).toEqual({
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
    });
  });

  test("standard relaxes exactly the listed settings", () => {
    expect(PROTECTION.standard).toEqual({
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
    });
    expect(describeRelaxations()).toHaveLength(Object.keys(PROTECTION.strict).length);
  });

  test("describeRelaxations lists each relaxed setting with its strict and standard value", () => {
    expect(describeRelaxations()).toEqual([
      "prevent_destroy: true -> false (stateful resources can be destroyed by a plan)",
      "key deletion window: 30 -> 7 days (AWS KMS, GCP KMS)",
      "Key Vault soft-delete retention: 90 -> 7 days (Azure)",
      "log retention locked: true -> false (AWS: S3 Object Lock GOVERNANCE instead of COMPLIANCE mode; GCS retention policy and Azure container immutability policy left unlocked)",
      "evidence guard: true -> false (AWS: anyone allowed by IAM may delete, disable or re-policy the logs key and change the log bucket's lock, lifecycle, encryption and policy)",
      "management locks: true -> false (Azure: no CanNotDelete lock on the Key Vault and the log account)",
      "rebuildable key rings: false -> true (GCP: a destroy then apply creates a new key ring; the old one and its keys stay, versions destroyed)",
      "function concurrency: 10 -> 2 (concurrent runs of each promotion gate)",
      "function log retention: 365 -> 30 days",
      "function trace sampling: 1 -> 0.1 (share of invocations traced)",
    ]);
  });
});
