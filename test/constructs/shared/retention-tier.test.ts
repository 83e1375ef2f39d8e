import { CLOUDS, Cloud, RetentionTier, validateRetentionTier } from "../../../constructs/shared/retention-tier";
import { RETENTION_TIER_PRESETS, RETENTION_TIER_PRESET_NAMES } from "../../../constructs/shared/retention-presets";
import { BlueprintValidationError } from "../../../constructs/shared/validation-error";

/** compliance-7y under another name: valid everywhere, each case changes what it tests. */
function tier(overrides: Partial<RetentionTier> = {}): RetentionTier {
  return { ...RETENTION_TIER_PRESETS["compliance-7y"], name: "custom", ...overrides };
}

/** [constructPath, prop, code] of every problem, in the order reported. */
function summary(t: RetentionTier, clouds: readonly Cloud[] = CLOUDS): Array<[string, string, string]> {
  return validateRetentionTier(t, clouds).map((p) => [p.constructPath, p.prop, p.code]);
}

interface Case {
  readonly rule: string;
  readonly tier: RetentionTier;
  /** @default CLOUDS */
  readonly clouds?: readonly Cloud[];
  readonly code: string;
  readonly prop: string;
  readonly constructPath: string;
  /** Part of the one-line message (path, prop, value, code or accepted range). */
  readonly fragment: string;
}

const NEUTRAL = "retention-tier/custom";

/** Each case breaks one rule (on all three clouds unless it names some) and must yield exactly that one problem. */
const CASES: readonly Case[] = [
  // whole numbers of days
  { rule: "whole days: transition on day 0", tier: tier({ warmAfterDays: 0 }), code: "RETENTION_DAYS_INVALID", prop: "warmAfterDays", constructPath: NEUTRAL, fragment: "warmAfterDays = 0 is invalid" },
  { rule: "whole days: fractional day", tier: tier({ coldAfterDays: 90.5 }), code: "RETENTION_DAYS_INVALID", prop: "coldAfterDays", constructPath: NEUTRAL, fragment: "a whole number of days, 1 or more" },
  { rule: "whole days: negative day", tier: tier({ archiveAfterDays: -1 }), code: "RETENTION_DAYS_INVALID", prop: "archiveAfterDays", constructPath: NEUTRAL, fragment: "archiveAfterDays = -1" },
  { rule: "whole days: not a number", tier: tier({ warmAfterDays: Number.NaN }), code: "RETENTION_DAYS_INVALID", prop: "warmAfterDays", constructPath: NEUTRAL, fragment: "warmAfterDays = NaN" },
  { rule: "whole days: expiry on day 0", tier: tier({ expireAfterDays: 0 }), code: "RETENTION_DAYS_INVALID", prop: "expireAfterDays", constructPath: NEUTRAL, fragment: "1 or more" },
  { rule: "whole days: negative immutability", tier: tier({ immutabilityDays: -1 }), code: "RETENTION_DAYS_INVALID", prop: "immutabilityDays", constructPath: NEUTRAL, fragment: "a whole number of days, 1 or more" },
  // warm < cold < archive
  {
    rule: "order: cold before warm",
    // Not on AWS, where GLACIER_IR before STANDARD_IA also breaks rule d.
    tier: tier({ warmAfterDays: 120, coldAfterDays: 100 }),
    clouds: ["gcp", "azure"],
    code: "RETENTION_TRANSITIONS_OUT_OF_ORDER",
    prop: "coldAfterDays",
    constructPath: NEUTRAL,
    fragment: "coldAfterDays = 100 is invalid [RETENTION_TRANSITIONS_OUT_OF_ORDER]; accepted: a day after warmAfterDays (120); transitions out of order",
  },
  {
    rule: "order: two transitions on the same day",
    tier: tier({ coldAfterDays: 180 }),
    code: "RETENTION_TRANSITIONS_OUT_OF_ORDER",
    prop: "archiveAfterDays",
    constructPath: NEUTRAL,
    fragment: "a day after coldAfterDays (180)",
  },
  // S3: STANDARD_IA not before day 30
  {
    rule: "S3 STANDARD_IA: transition on day 20",
    tier: tier({ warmAfterDays: 20 }),
    code: "AWS_S3_STANDARD_IA_TOO_EARLY",
    prop: "warmAfterDays",
    constructPath: "retention-tier/custom (aws)",
    fragment: "S3 refuses a transition to STANDARD_IA before day 30",
  },
  // S3: Glacier class at least 30 days after STANDARD_IA (fees accepted to isolate the rule)
  {
    rule: "S3 Glacier: GLACIER_IR 15 days after STANDARD_IA",
    tier: tier({ warmAfterDays: 30, coldAfterDays: 45, acceptEarlyDeletionFees: true }),
    code: "AWS_S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA",
    prop: "coldAfterDays",
    constructPath: "retention-tier/custom (aws)",
    fragment: "accepted: 60 or later: S3 wants the GLACIER_IR transition at least 30 days after the STANDARD_IA one",
  },
  {
    rule: "S3 Glacier: DEEP_ARCHIVE 20 days after STANDARD_IA, no cold class",
    tier: tier({ warmAfterDays: 30, coldAfterDays: undefined, archiveAfterDays: 50, expireAfterDays: 400, immutabilityDays: 400, acceptEarlyDeletionFees: true }),
    code: "AWS_S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA",
    prop: "archiveAfterDays",
    constructPath: "retention-tier/custom (aws)",
    fragment: "the DEEP_ARCHIVE transition",
  },
  // minimum storage duration, per cloud
  {
    rule: "minimum duration: GLACIER_IR left for DEEP_ARCHIVE after 60 days",
    tier: tier({ archiveAfterDays: 150 }),
    clouds: ["aws"],
    code: "RETENTION_EARLY_DELETION_FEE",
    prop: "archiveAfterDays",
    constructPath: "retention-tier/custom (aws)",
    fragment: "archiveAfterDays = 150 (GLACIER_IR held 60 days, minimum 90 (early-deletion fee)) is invalid",
  },
  {
    rule: "minimum duration: ARCHIVE deleted after 220 days (GCS only: 365 there, 180 on AWS and Azure)",
    tier: tier({ expireAfterDays: 400, immutabilityDays: 400 }),
    code: "RETENTION_EARLY_DELETION_FEE",
    prop: "expireAfterDays",
    constructPath: "retention-tier/custom (gcp)",
    fragment: "ARCHIVE held 220 days, minimum 365 (early-deletion fee)",
  },
  // expiry after the last transition and not before immutability ends
  {
    rule: "expiry: on the day of the last transition",
    tier: tier({ archiveAfterDays: undefined, expireAfterDays: 90, immutabilityDays: 90 }),
    code: "RETENTION_EXPIRY_NOT_AFTER_LAST_TRANSITION",
    prop: "expireAfterDays",
    constructPath: NEUTRAL,
    fragment: "accepted: 91 or later: expiry on or before the last transition (coldAfterDays = 90)",
  },
  {
    rule: "expiry: before the objects are unlocked",
    tier: tier({ expireAfterDays: 2556 }),
    code: "RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS",
    prop: "expireAfterDays",
    constructPath: NEUTRAL,
    fragment: "accepted: 2557 or later (immutabilityDays): the cloud refuses to delete objects that are still locked",
  },
  // GCS retention at most 100 years
  {
    rule: "GCS retention: beyond 100 years",
    tier: tier({ expireAfterDays: 36_501, immutabilityDays: 36_501 }),
    clouds: ["gcp"],
    code: "GCP_GCS_RETENTION_OUT_OF_RANGE",
    prop: "immutabilityDays",
    constructPath: "retention-tier/custom (gcp)",
    fragment: "immutabilityDays = 36501 is invalid [GCP_GCS_RETENTION_OUT_OF_RANGE]; accepted: 1 to 36500 days",
  },
  // S3 Object Lock at most 36500 days
  {
    rule: "S3 Object Lock: beyond 36500 days",
    tier: tier({ expireAfterDays: 36_501, immutabilityDays: 36_501 }),
    clouds: ["aws"],
    code: "AWS_S3_OBJECT_LOCK_OUT_OF_RANGE",
    prop: "immutabilityDays",
    constructPath: "retention-tier/custom (aws)",
    fragment: "accepted: 1 to 36500 days",
  },
  // Azure lifecycle limits that would otherwise fail only at apply
  {
    rule: "Azure lifecycle days above 99999",
    tier: tier({ expireAfterDays: 100_000 }),
    code: "AZURE_LIFECYCLE_DAYS_OUT_OF_RANGE",
    prop: "expireAfterDays",
    constructPath: "retention-tier/custom (azure)",
    fragment: "at most 99999",
  },
  {
    rule: "Azure rule name from a tier name with an underscore",
    tier: tier({ name: "custom_tier" }),
    code: "AZURE_LIFECYCLE_RULE_NAME_INVALID",
    prop: "name",
    constructPath: "retention-tier/custom_tier (azure)",
    fragment: 'name = "custom_tier" is invalid',
  },
];

describe("validateRetentionTier", () => {
  test.each(RETENTION_TIER_PRESET_NAMES)("preset %s is valid on every cloud", (name) => {
    expect(validateRetentionTier(RETENTION_TIER_PRESETS[name], CLOUDS)).toEqual([]);
  });

  test.each(CASES)("$rule", (c) => {
    const clouds = c.clouds ?? CLOUDS;
    const problems = validateRetentionTier(c.tier, clouds);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: c.code, prop: c.prop, constructPath: c.constructPath });
    expect(new BlueprintValidationError(problems).message).toContain(c.fragment);
  });

  test("whole days: a missing expiry is reported, a missing transition is not", () => {
    const noExpiry = { ...tier(), expireAfterDays: undefined } as unknown as RetentionTier;
    expect(summary(noExpiry)).toEqual([[NEUTRAL, "expireAfterDays", "RETENTION_DAYS_INVALID"]]);
    expect(summary(tier({ warmAfterDays: undefined }))).toEqual([]);
  });

  test("whole days: immutability 0 (no write-once period) is refused on every cloud", () => {
    expect(summary(tier({ immutabilityDays: 0 }), [])).toEqual([[NEUTRAL, "immutabilityDays", "RETENTION_DAYS_INVALID"]]);
  });

  test("order: a transition before an earlier class is compared with the latest valid one", () => {
    expect(summary(tier({ warmAfterDays: 100, coldAfterDays: 50, archiveAfterDays: 80 }), ["gcp"])).toEqual([
      [NEUTRAL, "coldAfterDays", "RETENTION_TRANSITIONS_OUT_OF_ORDER"],
      [NEUTRAL, "archiveAfterDays", "RETENTION_TRANSITIONS_OUT_OF_ORDER"],
    ]);
  });

  test("S3 transition rules apply to AWS only", () => {
    const early = tier({ warmAfterDays: 10, coldAfterDays: 20, acceptEarlyDeletionFees: true });
    expect(summary(early, ["gcp", "azure"])).toEqual([]);
    expect(summary(early, ["aws"])).toEqual([
      ["retention-tier/custom (aws)", "warmAfterDays", "AWS_S3_STANDARD_IA_TOO_EARLY"],
      ["retention-tier/custom (aws)", "coldAfterDays", "AWS_S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA"],
    ]);
  });

  test("minimum duration: a class left early is reported once per cloud, naming each cloud's class", () => {
    const problems = validateRetentionTier(tier({ warmAfterDays: 30, coldAfterDays: undefined, archiveAfterDays: undefined, expireAfterDays: 45, immutabilityDays: 45 }), CLOUDS);
    expect(problems.map((p) => [p.constructPath, p.prop, p.code, p.value])).toEqual([
      ["retention-tier/custom (aws)", "expireAfterDays", "RETENTION_EARLY_DELETION_FEE", "45 (STANDARD_IA held 15 days, minimum 30 (early-deletion fee))"],
      ["retention-tier/custom (gcp)", "expireAfterDays", "RETENTION_EARLY_DELETION_FEE", "45 (NEARLINE held 15 days, minimum 30 (early-deletion fee))"],
      ["retention-tier/custom (azure)", "expireAfterDays", "RETENTION_EARLY_DELETION_FEE", "45 (Cool held 15 days, minimum 30 (early-deletion fee))"],
    ]);
    expect(problems[0]!.accepted).toBe("60 or later, or acceptEarlyDeletionFees: true");
  });

  test("acceptEarlyDeletionFees turns off the minimum-duration rule and nothing else", () => {
    const cheapLooking = tier({ warmAfterDays: 10, coldAfterDays: 20, archiveAfterDays: undefined, expireAfterDays: 60, immutabilityDays: 60 });
    const s3Rules: Array<[string, string, string]> = [
      ["retention-tier/custom (aws)", "warmAfterDays", "AWS_S3_STANDARD_IA_TOO_EARLY"],
      ["retention-tier/custom (aws)", "coldAfterDays", "AWS_S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA"],
    ];
    expect(summary(cheapLooking)).toEqual([
      ...s3Rules,
      ["retention-tier/custom (aws)", "coldAfterDays", "RETENTION_EARLY_DELETION_FEE"],
      ["retention-tier/custom (aws)", "expireAfterDays", "RETENTION_EARLY_DELETION_FEE"],
      ["retention-tier/custom (gcp)", "coldAfterDays", "RETENTION_EARLY_DELETION_FEE"],
      ["retention-tier/custom (gcp)", "expireAfterDays", "RETENTION_EARLY_DELETION_FEE"],
      ["retention-tier/custom (azure)", "coldAfterDays", "RETENTION_EARLY_DELETION_FEE"],
      ["retention-tier/custom (azure)", "expireAfterDays", "RETENTION_EARLY_DELETION_FEE"],
    ]);
    expect(summary({ ...cheapLooking, acceptEarlyDeletionFees: true })).toEqual(s3Rules);
    // Order and expiry rules stay on too.
    expect(summary(tier({ coldAfterDays: 20, expireAfterDays: 100, immutabilityDays: 120, acceptEarlyDeletionFees: true }), ["gcp"])).toEqual([
      [NEUTRAL, "coldAfterDays", "RETENTION_TRANSITIONS_OUT_OF_ORDER"],
      [NEUTRAL, "expireAfterDays", "RETENTION_EXPIRY_NOT_AFTER_LAST_TRANSITION"],
      [NEUTRAL, "expireAfterDays", "RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS"],
    ]);
  });

  test("reports every problem of a tier with several, neutral ones first, then per cloud", () => {
    const messy: RetentionTier = { name: "messy", warmAfterDays: 10, coldAfterDays: 20, archiveAfterDays: 15.5, expireAfterDays: 20, immutabilityDays: 400 };
    expect(summary(messy)).toEqual([
      ["retention-tier/messy", "archiveAfterDays", "RETENTION_DAYS_INVALID"],
      ["retention-tier/messy", "expireAfterDays", "RETENTION_EXPIRY_NOT_AFTER_LAST_TRANSITION"],
      ["retention-tier/messy", "expireAfterDays", "RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS"],
      ["retention-tier/messy (aws)", "warmAfterDays", "AWS_S3_STANDARD_IA_TOO_EARLY"],
      ["retention-tier/messy (aws)", "coldAfterDays", "AWS_S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA"],
    ]);
  });

  test("an immutability period too long for every cloud is reported for each (Azure: 1-146000 days)", () => {
    expect(summary(tier({ expireAfterDays: 146_001, immutabilityDays: 146_001 }))).toEqual([
      ["retention-tier/custom (aws)", "immutabilityDays", "AWS_S3_OBJECT_LOCK_OUT_OF_RANGE"],
      ["retention-tier/custom (gcp)", "immutabilityDays", "GCP_GCS_RETENTION_OUT_OF_RANGE"],
      ["retention-tier/custom (azure)", "immutabilityDays", "AZURE_IMMUTABILITY_OUT_OF_RANGE"],
      ["retention-tier/custom (azure)", "expireAfterDays", "AZURE_LIFECYCLE_DAYS_OUT_OF_RANGE"],
    ]);
  });

  test("Azure rule names leave room for the -append suffix", () => {
    expect(summary(tier({ name: "a".repeat(239) }), ["azure"])).toEqual([]);
    expect(summary(tier({ name: "a".repeat(240) }), ["azure"])).toEqual([[`retention-tier/${"a".repeat(240)} (azure)`, "name", "AZURE_LIFECYCLE_RULE_NAME_INVALID"]]);
  });

  test("only the clouds asked for are checked, each once", () => {
    expect(summary(tier({ warmAfterDays: 20 }), [])).toEqual([]);
    expect(summary(tier({ warmAfterDays: 20 }), ["aws", "aws"])).toEqual([["retention-tier/custom (aws)", "warmAfterDays", "AWS_S3_STANDARD_IA_TOO_EARLY"]]);
  });
});

describe("validateRetentionTier problems, whole", () => {
  test("a malformed day is rendered as given, with the minimum", () => {
    expect(validateRetentionTier(tier({ warmAfterDays: "30" as unknown as number }), [])).toEqual([
      { code: "RETENTION_DAYS_INVALID", constructPath: NEUTRAL, prop: "warmAfterDays", value: '"30"', accepted: "a whole number of days, 1 or more" },
    ]);
    expect(validateRetentionTier(tier({ immutabilityDays: 1 }), [])).toEqual([]);
  });

  test("transitions on the same day: the order and expiry problems name the earlier field", () => {
    expect(validateRetentionTier(tier({ warmAfterDays: 90, coldAfterDays: 90, archiveAfterDays: undefined, expireAfterDays: 90, immutabilityDays: 90 }), [])).toEqual([
      {
        code: "RETENTION_TRANSITIONS_OUT_OF_ORDER",
        constructPath: NEUTRAL,
        prop: "coldAfterDays",
        value: "90",
        accepted: "a day after warmAfterDays (90); transitions out of order: they must run warm < cold < archive",
      },
      {
        code: "RETENTION_EXPIRY_NOT_AFTER_LAST_TRANSITION",
        constructPath: NEUTRAL,
        prop: "expireAfterDays",
        value: "90",
        accepted: "91 or later: expiry on or before the last transition (warmAfterDays = 90) makes that transition dead",
      },
    ]);
  });

  test("expiry before immutability ends, whole", () => {
    expect(validateRetentionTier(tier({ expireAfterDays: 2556 }), [])).toEqual([
      {
        code: "RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS",
        constructPath: NEUTRAL,
        prop: "expireAfterDays",
        value: "2556",
        accepted: "2557 or later (immutabilityDays): the cloud refuses to delete objects that are still locked",
      },
    ]);
    expect(validateRetentionTier(tier({ expireAfterDays: 2557, immutabilityDays: 2557 }), [])).toEqual([]);
  });

  test("a class held exactly its minimum is no early deletion", () => {
    expect(validateRetentionTier(tier({ warmAfterDays: 30, coldAfterDays: undefined, archiveAfterDays: undefined, expireAfterDays: 60, immutabilityDays: 60 }), CLOUDS)).toEqual([]);
  });

  test("an early deletion names the class, the days held and the day it may leave", () => {
    expect(validateRetentionTier(tier({ archiveAfterDays: 150 }), ["aws"])).toEqual([
      {
        code: "RETENTION_EARLY_DELETION_FEE",
        constructPath: "retention-tier/custom (aws)",
        prop: "archiveAfterDays",
        value: "150 (GLACIER_IR held 60 days, minimum 90 (early-deletion fee))",
        accepted: "180 or later, or acceptEarlyDeletionFees: true",
      },
    ]);
  });

  test("an unschedulable tier is not checked for early deletion", () => {
    // expiry before the last transition: schedule broken, reported once by the expiry rule.
    expect(summary(tier({ archiveAfterDays: 2600, expireAfterDays: 2557 }), CLOUDS)).toEqual([[NEUTRAL, "expireAfterDays", "RETENTION_EXPIRY_NOT_AFTER_LAST_TRANSITION"]]);
    // a malformed transition: reported once by the day rule.
    expect(summary(tier({ coldAfterDays: 0.5 }), CLOUDS)).toEqual([[NEUTRAL, "coldAfterDays", "RETENTION_DAYS_INVALID"]]);
  });

  test("order: a missing transition between two present ones is skipped, not compared", () => {
    expect(summary(tier({ warmAfterDays: 100, coldAfterDays: undefined, archiveAfterDays: 50 }), [])).toEqual([[NEUTRAL, "archiveAfterDays", "RETENTION_TRANSITIONS_OUT_OF_ORDER"]]);
  });

  test("expiry: the last transition is found when the first one is absent", () => {
    expect(summary(tier({ warmAfterDays: undefined, coldAfterDays: 90, archiveAfterDays: undefined, expireAfterDays: 90, immutabilityDays: 90 }), [])).toEqual([
      [NEUTRAL, "expireAfterDays", "RETENTION_EXPIRY_NOT_AFTER_LAST_TRANSITION"],
    ]);
  });

  test("transitions out of order or on the same day: no early-deletion check on the schedule left", () => {
    // Without the order check, warm (NEARLINE) would be held 10 days before archive.
    expect(summary(tier({ warmAfterDays: 100, coldAfterDays: 50, archiveAfterDays: 110 }), ["gcp"])).toEqual([[NEUTRAL, "coldAfterDays", "RETENTION_TRANSITIONS_OUT_OF_ORDER"]]);
    expect(summary(tier({ warmAfterDays: 90, coldAfterDays: 90, archiveAfterDays: 100 }), ["gcp"])).toEqual([[NEUTRAL, "coldAfterDays", "RETENTION_TRANSITIONS_OUT_OF_ORDER"]]);
  });
});

