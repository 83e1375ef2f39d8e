import { RETENTION_TIER_PRESETS, isRetentionTierPresetName, resolveRetentionTier } from "../../../constructs/shared/retention-presets";

describe("resolveRetentionTier", () => {
  const custom = { "investigations-2y": { warmAfterDays: 30, coldAfterDays: 90, expireAfterDays: 730, immutabilityDays: 730 } };

  test("finds a preset", () => {
    expect(resolveRetentionTier("audit-1y", custom)).toBe(RETENTION_TIER_PRESETS["audit-1y"]);
  });

  test("finds a custom tier and names it", () => {
    expect(resolveRetentionTier("investigations-2y", custom)).toEqual({ name: "investigations-2y", ...custom["investigations-2y"] });
  });

  test("prefers the preset when a custom tier reuses its name", () => {
    expect(resolveRetentionTier("compliance-7y", { "compliance-7y": { expireAfterDays: 1, immutabilityDays: 1 } })).toBe(RETENTION_TIER_PRESETS["compliance-7y"]);
  });

  test("returns undefined for an unknown name, including Object.prototype members", () => {
    expect(resolveRetentionTier("forever", custom)).toBeUndefined();
    expect(resolveRetentionTier("constructor", custom)).toBeUndefined();
    expect(resolveRetentionTier("toString", {})).toBeUndefined();
  });
});

describe("isRetentionTierPresetName", () => {
  test("the three presets and nothing else", () => {
    expect(["compliance-7y", "audit-1y", "operational-90d", "audit-2y", "toString", ""].map(isRetentionTierPresetName)).toEqual([true, true, true, false, false, false]);
  });
});

describe("RETENTION_TIER_PRESETS", () => {
  test("seven years, one year and ninety days, each write-once until it expires", () => {
    expect(RETENTION_TIER_PRESETS).toEqual({
      "compliance-7y": { name: "compliance-7y", warmAfterDays: 30, coldAfterDays: 90, archiveAfterDays: 180, expireAfterDays: 2557, immutabilityDays: 2557 },
      "audit-1y": { name: "audit-1y", warmAfterDays: 30, coldAfterDays: 90, expireAfterDays: 365, immutabilityDays: 365 },
      "operational-90d": { name: "operational-90d", warmAfterDays: 30, expireAfterDays: 90, immutabilityDays: 90 },
    });
  });
});
