import { gcpTierRule } from "../../../constructs/shared/retention-rules-gcp";
import { RetentionTier, TierProblems, WellFormedDays } from "../../../constructs/shared/retention-tier";
import { ValidationProblem } from "../../../constructs/shared/validation-error";

const TIER: RetentionTier = { name: "t", expireAfterDays: 400, immutabilityDays: 400 };

function problemsOf(days: WellFormedDays): ValidationProblem[] {
  const problems = new TierProblems(TIER);
  gcpTierRule(TIER, days, problems);
  return problems.list;
}

describe("gcpTierRule", () => {
  test("a GCS retention period takes up to 36500 days", () => {
    expect(problemsOf({ immutabilityDays: 36_500 })).toEqual([]);
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ immutabilityDays: 36_501 })).toEqual([
      {
        code: "GCP_GCS_RETENTION_OUT_OF_RANGE",
        constructPath: "retention-tier/t (gcp)",
        prop: "immutabilityDays",
        value: "36501",
        accepted: "1 to 36500 days: GCS refuses a retention period beyond 100 years",
      },
    ]);
  });
});
