import { estimateAllClouds, estimateRetentionCost, MAX_INGEST_GB_PER_DAY } from "../../../constructs/shared/retention-cost";
import { CLOUDS, RetentionTier, TIER_CLASSES } from "../../../constructs/shared/retention-tier";
import { RETENTION_TIER_PRESET_NAMES, RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { STORAGE_CLASSES } from "../../../constructs/shared/storage-classes";
import { DAYS_PER_MONTH, STORAGE_PRICES } from "../../../constructs/shared/storage-prices";
import { validationErrorOf } from "../../helpers/errors";

/*
 * Expected figures are worked out by hand from the list prices in storage-prices.ts and written
 * as literals, so a change to a price or to the model shows up here as a failing number.
 * DAYS_PER_MONTH = 365.25 / 12 = 30.4375.
 */

describe("price table", () => {
  test("a month is 365.25 / 12 days", () => {
    expect(DAYS_PER_MONTH).toBe(30.4375);
  });

  test.each(CLOUDS)("%s prices every class the lifecycle rules use, with a source and date", (cloud) => {
    for (const cls of TIER_CLASSES) {
      const price = STORAGE_PRICES[cloud].classes[cls];
      expect(price.className).toBe(STORAGE_CLASSES[cloud][cls].name);
      expect(price.usdPerGbMonth).toBeGreaterThan(0);
      expect(price.source).toMatch(/^https:\/\//);
      expect(price.asOf).toBe("2026-11");
    }
    expect(STORAGE_PRICES[cloud].basis).not.toBe("");
  });

  test.each(CLOUDS)("%s classes get cheaper as they get colder", (cloud) => {
    const prices = TIER_CLASSES.map((cls) => STORAGE_PRICES[cloud].classes[cls].usdPerGbMonth);
    expect([...prices].sort((a, b) => b - a)).toEqual(prices);
  });
});

describe("estimateRetentionCost", () => {
  test("operational-90d on AWS at 100 GB/day", () => {
    const e = estimateRetentionCost(RETENTION_TIER_PRESETS["operational-90d"], "aws", 100);
    // STANDARD    days 0-30:  30 × 100 = 3,000 GB × $0.023  = $69.00
    // STANDARD_IA days 30-90: 60 × 100 = 6,000 GB × $0.0125 = $75.00
    // steady state = 69 + 75 = $144.00; all hot = 9,000 GB × $0.023 = $207.00
    // saving = 207 − 144 = $63.00 = 63 / 207 = 30.4348 %
    // one cohort = 144 / 30.4375 = $4.731006 (no class left early: IA held 60 ≥ 30 days)
    expect(e.classes.map((c) => [c.className, c.days, c.storedGb])).toEqual([
      ["STANDARD", 30, 3000],
      ["STANDARD_IA", 60, 6000],
    ]);
    expect(e.classes[0]!.monthlyUsd).toBeCloseTo(69.0, 9);
    expect(e.classes[1]!.monthlyUsd).toBeCloseTo(75.0, 9);
    expect(e.steadyStateMonthlyUsd).toBeCloseTo(144.0, 9);
    expect(e.allHotMonthlyUsd).toBeCloseTo(207.0, 9);
    expect(e.savingMonthlyUsd).toBeCloseTo(63.0, 9);
    expect(e.savingPercent).toBeCloseTo(30.434783, 5);
    expect(e.storedGbAtSteadyState).toBe(9000);
    expect(e.cohortLifetimeUsd).toBeCloseTo(4.731006, 6);
    expect(e.earlyDeletionUsdPerCohort).toBe(0);
    expect(e.earlyDeletionMonthlyUsd).toBe(0);
  });

  test("audit-1y on GCP at 10 GB/day", () => {
    const e = estimateRetentionCost(RETENTION_TIER_PRESETS["audit-1y"], "gcp", 10);
    // STANDARD days 0-30:    30 × 10 =   300 GB × $0.020 = $6.00
    // NEARLINE days 30-90:   60 × 10 =   600 GB × $0.010 = $6.00
    // COLDLINE days 90-365: 275 × 10 = 2,750 GB × $0.004 = $11.00
    // steady state = $23.00; all hot = 3,650 GB × $0.020 = $73.00
    // saving = $50.00 = 50 / 73 = 68.4932 %; one cohort = 23 / 30.4375 = $0.755647
    expect(e.classes.map((c) => [c.className, c.days, c.storedGb])).toEqual([
      ["STANDARD", 30, 300],
      ["NEARLINE", 60, 600],
      ["COLDLINE", 275, 2750],
    ]);
    expect(e.classes.map((c) => c.monthlyUsd)).toEqual([expect.closeTo(6.0, 9), expect.closeTo(6.0, 9), expect.closeTo(11.0, 9)]);
    expect(e.steadyStateMonthlyUsd).toBeCloseTo(23.0, 9);
    expect(e.allHotMonthlyUsd).toBeCloseTo(73.0, 9);
    expect(e.savingMonthlyUsd).toBeCloseTo(50.0, 9);
    expect(e.savingPercent).toBeCloseTo(68.493151, 5);
    expect(e.storedGbAtSteadyState).toBe(3650);
    expect(e.cohortLifetimeUsd).toBeCloseTo(0.755647, 6);
    expect(e.earlyDeletionUsdPerCohort).toBe(0);
  });

  test("compliance-7y on Azure at 1 GB/day", () => {
    const e = estimateRetentionCost(RETENTION_TIER_PRESETS["compliance-7y"], "azure", 1);
    // Hot     days 0-30:       30 GB × $0.0184  = $0.552
    // Cool    days 30-90:      60 GB × $0.01    = $0.600
    // Cold    days 90-180:     90 GB × $0.0036  = $0.324
    // Archive days 180-2557: 2,377 GB × $0.00099 = $2.35323
    // steady state = 0.552 + 0.6 + 0.324 + 2.35323 = $3.82923
    // all hot = 2,557 GB × $0.0184 = $47.0488; saving = $43.21957 = 91.8612 %
    // one cohort = 3.82923 / 30.4375 = $0.125806
    expect(e.classes.map((c) => [c.className, c.days, c.storedGb])).toEqual([
      ["Hot", 30, 30],
      ["Cool", 60, 60],
      ["Cold", 90, 90],
      ["Archive", 2377, 2377],
    ]);
    expect(e.classes.map((c) => c.monthlyUsd)).toEqual([
      expect.closeTo(0.552, 9),
      expect.closeTo(0.6, 9),
      expect.closeTo(0.324, 9),
      expect.closeTo(2.35323, 9),
    ]);
    expect(e.steadyStateMonthlyUsd).toBeCloseTo(3.82923, 9);
    expect(e.allHotMonthlyUsd).toBeCloseTo(47.0488, 9);
    expect(e.savingMonthlyUsd).toBeCloseTo(43.21957, 9);
    expect(e.savingPercent).toBeCloseTo(91.861153, 5);
    expect(e.storedGbAtSteadyState).toBe(2557);
    expect(e.cohortLifetimeUsd).toBeCloseTo(0.125806, 6);
    expect(e.earlyDeletionUsdPerCohort).toBe(0);
  });

  test("a custom tier leaving GLACIER_IR early on AWS pays the early-deletion charge", () => {
    const tier: RetentionTier = {
      name: "short-cold",
      warmAfterDays: 30,
      coldAfterDays: 60,
      expireAfterDays: 100,
      immutabilityDays: 100,
      acceptEarlyDeletionFees: true,
    };
    const e = estimateRetentionCost(tier, "aws", 100);
    // STANDARD    days 0-30:   3,000 GB × $0.023  = $69.00
    // STANDARD_IA days 30-60:  3,000 GB × $0.0125 = $37.50 (30 days: meets its 30-day minimum)
    // GLACIER_IR  days 60-100: 4,000 GB × $0.004  = $16.00 (40 days: 50 short of its 90-day minimum)
    // storage = $122.50 a month
    // early deletion per cohort = 100 GB × 50 days × $0.004 / 30.4375 = 20 / 30.4375 = $0.657084
    // early deletion per month = 30.4375 cohorts × 0.657084 = $20.00
    // steady state = 122.5 + 20 = $142.50; all hot = 10,000 GB × $0.023 = $230.00
    // saving = $87.50 = 38.0435 %; one cohort = 122.5 / 30.4375 + 0.657084 = 142.5 / 30.4375 = $4.681725
    expect(e.classes.map((c) => [c.className, c.days])).toEqual([
      ["STANDARD", 30],
      ["STANDARD_IA", 30],
      ["GLACIER_IR", 40],
    ]);
    expect(e.classes.map((c) => c.earlyDeletionUsdPerCohort)).toEqual([0, 0, expect.closeTo(0.657084, 6)]);
    expect(e.earlyDeletionUsdPerCohort).toBeCloseTo(0.657084, 6);
    expect(e.storageMonthlyUsd).toBeCloseTo(122.5, 9);
    expect(e.earlyDeletionMonthlyUsd).toBeCloseTo(20.0, 9);
    expect(e.steadyStateMonthlyUsd).toBeCloseTo(142.5, 9);
    expect(e.allHotMonthlyUsd).toBeCloseTo(230.0, 9);
    expect(e.savingMonthlyUsd).toBeCloseTo(87.5, 9);
    expect(e.savingPercent).toBeCloseTo(38.043478, 5);
    expect(e.cohortLifetimeUsd).toBeCloseTo(4.681725, 6);
  });

  test("a custom tier leaving Azure Archive early, skipping cold", () => {
    const tier: RetentionTier = {
      name: "short-archive",
      warmAfterDays: 30,
      archiveAfterDays: 60,
      expireAfterDays: 120,
      immutabilityDays: 120,
      acceptEarlyDeletionFees: true,
    };
    const e = estimateRetentionCost(tier, "azure", 10);
    // Hot     days 0-30:   300 GB × $0.0184  = $5.52
    // Cool    days 30-60:  300 GB × $0.01    = $3.00 (30 days: meets its minimum)
    // Archive days 60-120: 600 GB × $0.00099 = $0.594 (60 days: 120 short of its 180-day minimum)
    // storage = $9.114; early deletion per cohort = 10 × 120 × 0.00099 / 30.4375 = 1.188 / 30.4375 = $0.039031
    // steady state = 9.114 + 1.188 = $10.302; all hot = 1,200 GB × $0.0184 = $22.08; saving = $11.778
    expect(e.classes.map((c) => [c.className, c.days])).toEqual([
      ["Hot", 30],
      ["Cool", 30],
      ["Archive", 60],
    ]);
    expect(e.earlyDeletionUsdPerCohort).toBeCloseTo(0.039031, 6);
    expect(e.steadyStateMonthlyUsd).toBeCloseTo(10.302, 9);
    expect(e.allHotMonthlyUsd).toBeCloseTo(22.08, 9);
    expect(e.savingMonthlyUsd).toBeCloseTo(11.778, 9);
  });

  test("a class entered on or after expiry is never reached and costs nothing", () => {
    const tier: RetentionTier = { name: "late-archive", warmAfterDays: 30, archiveAfterDays: 400, expireAfterDays: 365, immutabilityDays: 365 };
    const e = estimateRetentionCost(tier, "gcp", 1);
    // STANDARD 30 days, NEARLINE 335 days (meets 30), ARCHIVE never: objects expire on day 365.
    expect(e.classes.map((c) => [c.className, c.days])).toEqual([
      ["STANDARD", 30],
      ["NEARLINE", 335],
    ]);
    expect(e.storedGbAtSteadyState).toBe(365);
    expect(e.earlyDeletionUsdPerCohort).toBe(0);
  });

  test("a tier that keeps everything hot saves nothing", () => {
    const e = estimateRetentionCost({ name: "hot-only", expireAfterDays: 7, immutabilityDays: 7 }, "aws", 10);
    // 70 GB × $0.023 = $1.61 either way.
    expect(e.steadyStateMonthlyUsd).toBeCloseTo(1.61, 9);
    expect(e.savingMonthlyUsd).toBeCloseTo(0, 9);
    expect(e.savingPercent).toBeCloseTo(0, 9);
  });

  test.each(RETENTION_TIER_PRESET_NAMES)("preset %s costs one cohort per day at steady state and no fees on any cloud", (name) => {
    for (const e of estimateAllClouds(RETENTION_TIER_PRESETS[name], 37.5)) {
      expect(e.earlyDeletionUsdPerCohort).toBe(0);
      expect(e.cohortLifetimeUsd * DAYS_PER_MONTH).toBeCloseTo(e.steadyStateMonthlyUsd, 9);
      expect(e.savingMonthlyUsd).toBeGreaterThan(0);
      expect(e.classes.reduce((sum, c) => sum + c.monthlyUsd, 0)).toBeCloseTo(e.steadyStateMonthlyUsd, 9);
    }
  });

  test("costs scale linearly with ingest", () => {
    const tier = RETENTION_TIER_PRESETS["compliance-7y"];
    expect(estimateRetentionCost(tier, "gcp", 200).steadyStateMonthlyUsd).toBeCloseTo(2 * estimateRetentionCost(tier, "gcp", 100).steadyStateMonthlyUsd, 9);
  });

  test("estimateAllClouds returns aws, gcp and azure in that order", () => {
    expect(estimateAllClouds(RETENTION_TIER_PRESETS["audit-1y"], 1).map((e) => e.cloud)).toEqual(["aws", "gcp", "azure"]);
  });

  test(`an ingest of exactly ${MAX_INGEST_GB_PER_DAY} GB/day is accepted`, () => {
    expect(estimateRetentionCost(RETENTION_TIER_PRESETS["audit-1y"], "aws", MAX_INGEST_GB_PER_DAY).storedGbAtSteadyState).toBe(365_000_000);
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1_000_001, "10" as unknown as number])(
    "ingest %p is rejected with a one-line message",
    (ingest) => {
      const call = (): unknown => estimateRetentionCost(RETENTION_TIER_PRESETS["audit-1y"], "aws", ingest);
      const error = validationErrorOf(call);
      expect(error.problems).toEqual([expect.objectContaining({ code: "RETENTION_INGEST_OUT_OF_RANGE", prop: "ingestGbPerDay" })]);
      expect(error.message).toMatch(/^retention-cost: ingestGbPerDay = .* is invalid \[RETENTION_INGEST_OUT_OF_RANGE\]; accepted: a finite number of GB per day greater than 0 and at most 1000000$/);
    },
  );

  test("days that do not increase are rejected with a one-line message", () => {
    const tier: RetentionTier = { name: "backwards", warmAfterDays: 90, coldAfterDays: 30, expireAfterDays: 365, immutabilityDays: 365 };
    expect(validationErrorOf(() => estimateRetentionCost(tier, "aws", 1)).message).toBe(
      "retention-tier/backwards: coldAfterDays = 30 is invalid [RETENTION_TRANSITIONS_OUT_OF_ORDER]; accepted: a day after warmAfterDays (90); transitions out of order: they must run warm < cold < archive",
    );
  });

  test("an expiry that is not a positive number of days is rejected", () => {
    expect(validationErrorOf(() => estimateRetentionCost({ name: "never", expireAfterDays: 0, immutabilityDays: 0 }, "aws", 1)).message).toBe(
      "retention-tier/never: expireAfterDays = 0 is invalid [RETENTION_DAYS_INVALID]; accepted: a whole number of days, 1 or more",
    );
  });

  test.each([
    ["10" as unknown as number, '"10"'],
    [Number.NaN, "NaN"],
    [-1, "-1"],
    [1_000_000.5, "1000000.5"],
  ])("ingest %p is reported whole, with its value rendered as %s", (ingest, value) => {
    expect(validationErrorOf(() => estimateRetentionCost(RETENTION_TIER_PRESETS["audit-1y"], "aws", ingest)).problems).toEqual([
      {
        code: "RETENTION_INGEST_OUT_OF_RANGE",
        constructPath: "retention-cost",
        prop: "ingestGbPerDay",
        value,
        accepted: "a finite number of GB per day greater than 0 and at most 1000000",
      },
    ]);
  });

  test("any ingest above 0 is priced, below the config's 0.001 too", () => {
    expect(estimateRetentionCost(RETENTION_TIER_PRESETS["operational-90d"], "aws", 0.0001).storedGbAtSteadyState).toBeCloseTo(0.009, 12);
  });
});

