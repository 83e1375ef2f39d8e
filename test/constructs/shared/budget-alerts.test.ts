import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { validateBudgetCommonProps, BudgetAlert } from "../../../constructs/shared/budget-alerts";
import { BlueprintValidationError, PropValidator, ValidationProblem } from "../../../constructs/shared/validation-error";

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), "s");
}

/** The problems validateBudgetCommonProps records, as [code, prop, accepted]. */
function problems(build: (scope: TerraformStack) => Parameters<typeof validateBudgetCommonProps>[1], maxRecipients?: number): Array<[string, string, string]> {
  const scope = stack();
  const v = new PropValidator(scope, "budget");
  validateBudgetCommonProps(v, build(scope), maxRecipients === undefined ? {} : { maxRecipients });
  try {
    v.throwIfInvalid();
  } catch (e) {
    if (!BlueprintValidationError.isValidationError(e)) throw e;
    return e.problems.map((p: ValidationProblem) => [p.code, p.prop, p.accepted]);
  }
  return [];
}

describe("shared budget props", () => {
  test("an address with an underscore in its domain is refused", () => {
    expect(problems(() => ({ monthlyLimitUsd: 100, recipients: ["fin_ops@exa_mple.com"] }))).toEqual([
      ["BUDGET_RECIPIENT_INVALID", "recipients[0]", "an email address such as finops@example.com"],
    ]);
  });

  test("a plain address, an address with + and one of 254 characters pass", () => {
    const long = `${"a".repeat(64)}@${"b".repeat(178)}.example.io`;
    expect(long).toHaveLength(254);
    expect(problems(() => ({ monthlyLimitUsd: 100, recipients: ["finops@example.com", "fin.ops+budget@example.co.uk", long] }))).toEqual([]);
  });

  test("an address of 255 characters is refused", () => {
    const tooLong = `${"a".repeat(64)}@${"b".repeat(179)}.example.io`;
    expect(problems(() => ({ monthlyLimitUsd: 100, recipients: [tooLong] }))).toEqual([
      ["BUDGET_RECIPIENT_INVALID", "recipients[0]", "an email address such as finops@example.com"],
    ]);
  });

  test("limit, count, percent, basis and duplicates are all reported together", () => {
    const alerts = [
      { percent: 0, basis: "actual" },
      { percent: 80, basis: "projected" },
      { percent: 90, basis: "forecast" },
      { percent: 90, basis: "forecast" },
    ] as unknown as BudgetAlert[];
    expect(problems(() => ({ monthlyLimitUsd: 10_000_000.01, recipients: ["a@x.io", "A@x.io", "b@x.io"], alerts }), 2).map(([code, prop]) => [code, prop])).toEqual([
      ["BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd"],
      ["BUDGET_RECIPIENTS_COUNT", "recipients"],
      ["BUDGET_RECIPIENT_DUPLICATE", "recipients[1]"],
      ["BUDGET_ALERT_PERCENT_OUT_OF_RANGE", "alerts[0].percent"],
      ["BUDGET_ALERT_BASIS_INVALID", "alerts[1].basis"],
      ["BUDGET_ALERT_DUPLICATE", "alerts[3]"],
    ]);
  });

  test("a recipient known only at apply time passes; a literal one beside it is still checked", () => {
    expect(
      problems((scope) => ({
        monthlyLimitUsd: 100,
        recipients: [new TerraformVariable(scope, "recipient", { type: "string" }).stringValue, "not-an-address"],
      })),
    ).toEqual([["BUDGET_RECIPIENT_INVALID", "recipients[1]", "an email address such as finops@example.com"]]);
  });

  test("a limit, an alert percent and an alert basis known only at apply time pass", () => {
    expect(
      problems((scope) => ({
        monthlyLimitUsd: new TerraformVariable(scope, "limit", { type: "number" }).numberValue,
        recipients: ["finops@example.com"],
        alerts: [
          { percent: new TerraformVariable(scope, "percent", { type: "number" }).numberValue, basis: "actual" },
          { percent: 100, basis: new TerraformVariable(scope, "basis", { type: "string" }).stringValue as "forecast" },
        ],
      })),
    ).toEqual([]);
  });
});
