import { awsTierRule } from "../../../constructs/shared/retention-rules-aws";
import { RetentionTier, TierProblems, WellFormedDays } from "../../../constructs/shared/retention-tier";
import { ValidationProblem } from "../../../constructs/shared/validation-error";

const TIER: RetentionTier = { name: "t", expireAfterDays: 400, immutabilityDays: 400 };

function problemsOf(days: WellFormedDays): ValidationProblem[] {
  const problems = new TierProblems(TIER);
  awsTierRule(TIER, days, problems);
  return problems.list;
}

const PATH = "retention-tier/t (aws)";

describe("awsTierRule", () => {
  test("Object Lock takes up to 36500 days", () => {
    expect(problemsOf({ immutabilityDays: 36_500 })).toEqual([]);
    expect(problemsOf({ immutabilityDays: 36_501 })).toEqual([
      { code: "AWS_S3_OBJECT_LOCK_OUT_OF_RANGE", constructPath: PATH, prop: "immutabilityDays", value: "36501", accepted: "1 to 36500 days: the longest S3 Object Lock default retention" },
    ]);
  });

  test("STANDARD_IA from day 30 on", () => {
    expect(problemsOf({ warmAfterDays: 30 })).toEqual([]);
    expect(problemsOf({ warmAfterDays: 29 })).toEqual([
      { code: "AWS_S3_STANDARD_IA_TOO_EARLY", constructPath: PATH, prop: "warmAfterDays", value: "29", accepted: "30 or later: S3 refuses a transition to STANDARD_IA before day 30" },
    ]);
  });

  test("each Glacier class at least 30 days after STANDARD_IA", () => {
    expect(problemsOf({ warmAfterDays: 40, coldAfterDays: 70, archiveAfterDays: 70 })).toEqual([]);
    expect(problemsOf({ warmAfterDays: 40, coldAfterDays: 69, archiveAfterDays: 69 })).toEqual([
      {
        code: "AWS_S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA",
        constructPath: PATH,
        prop: "coldAfterDays",
        value: "69",
        accepted: "70 or later: S3 wants the GLACIER_IR transition at least 30 days after the STANDARD_IA one (warmAfterDays = 40)",
      },
      {
        code: "AWS_S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA",
        constructPath: PATH,
        prop: "archiveAfterDays",
        value: "69",
        accepted: "70 or later: S3 wants the DEEP_ARCHIVE transition at least 30 days after the STANDARD_IA one (warmAfterDays = 40)",
      },
    ]);
  });

  test("without a STANDARD_IA transition Glacier classes may come at any day", () => {
    expect(problemsOf({ coldAfterDays: 1, archiveAfterDays: 2 })).toEqual([]);
  });
});
