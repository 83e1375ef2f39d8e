import { azureTierRule } from "../../../constructs/shared/retention-rules-azure";
import { RetentionTier, TierProblems, WellFormedDays } from "../../../constructs/shared/retention-tier";
import { ValidationProblem } from "../../../constructs/shared/validation-error";

function problemsOf(days: WellFormedDays, name = "t"): ValidationProblem[] {
  const tier: RetentionTier = { name, expireAfterDays: 400, immutabilityDays: 400 };
  const problems = new TierProblems(tier);
  azureTierRule(tier, days, problems);
  return problems.list;
}

const PATH = "retention-tier/t (azure)";
const NAME_ACCEPTED = "1-239 letters, digits and hyphens: the tier name becomes part of Azure lifecycle rule names";

describe("azureTierRule", () => {
  test("immutability from 1 to 146000 days", () => {
    expect(problemsOf({ immutabilityDays: 1 })).toEqual([]);
    expect(problemsOf({ immutabilityDays: 146_000 })).toEqual([]);
    const accepted = "1 to 146000 days: the bounds of an Azure time-based immutability policy";
    expect(problemsOf({ immutabilityDays: 0 })).toEqual([{ code: "AZURE_IMMUTABILITY_OUT_OF_RANGE", constructPath: PATH, prop: "immutabilityDays", value: "0", accepted }]);
    expect(problemsOf({ immutabilityDays: 146_001 })).toEqual([{ code: "AZURE_IMMUTABILITY_OUT_OF_RANGE", constructPath: PATH, prop: "immutabilityDays", value: "146001", accepted }]);
  });

  test("every transition and the expiry take at most 99999 days", () => {
    expect(problemsOf({ warmAfterDays: 99_999, coldAfterDays: 99_999, archiveAfterDays: 99_999, expireAfterDays: 99_999 })).toEqual([]);
    const accepted = "at most 99999: Azure lifecycle management actions take 0 to 99999 days";
    expect(problemsOf({ warmAfterDays: 100_000, coldAfterDays: 100_001, archiveAfterDays: 100_002, expireAfterDays: 100_003 })).toEqual([
      { code: "AZURE_LIFECYCLE_DAYS_OUT_OF_RANGE", constructPath: PATH, prop: "warmAfterDays", value: "100000", accepted },
      { code: "AZURE_LIFECYCLE_DAYS_OUT_OF_RANGE", constructPath: PATH, prop: "coldAfterDays", value: "100001", accepted },
      { code: "AZURE_LIFECYCLE_DAYS_OUT_OF_RANGE", constructPath: PATH, prop: "archiveAfterDays", value: "100002", accepted },
      { code: "AZURE_LIFECYCLE_DAYS_OUT_OF_RANGE", constructPath: PATH, prop: "expireAfterDays", value: "100003", accepted },
    ]);
  });

  test("the tier name: letters, digits and hyphens, 239 at most", () => {
    expect(problemsOf({}, "Audit-1y")).toEqual([]);
    expect(problemsOf({}, "a".repeat(239))).toEqual([]);
    expect(problemsOf({}, "a".repeat(240))).toEqual([
      { code: "AZURE_LIFECYCLE_RULE_NAME_INVALID", constructPath: `retention-tier/${"a".repeat(240)} (azure)`, prop: "name", value: `"${"a".repeat(240)}"`, accepted: NAME_ACCEPTED },
    ]);
    expect(problemsOf({}, "audit.1y")).toEqual([
      { code: "AZURE_LIFECYCLE_RULE_NAME_INVALID", constructPath: "retention-tier/audit.1y (azure)", prop: "name", value: '"audit.1y"', accepted: NAME_ACCEPTED },
    ]);
  });
});
