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
    });
    expect(describeRelaxations()).toHaveLength(Object.keys(PROTECTION.strict).length);
  });
});
