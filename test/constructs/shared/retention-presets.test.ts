import { RETENTION_TIER_PRESETS, resolveRetentionTier } from "../../../constructs/shared/retention-presets";

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
