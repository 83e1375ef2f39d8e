import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { validateBudgetCommonProps, BudgetAlert, limitCents, limitDecimal } from "../../../constructs/shared/budget-alerts";
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

/** Every problem validateBudgetCommonProps records, whole. */
function fullProblems(props: Parameters<typeof validateBudgetCommonProps>[1], maxRecipients?: number): readonly ValidationProblem[] {
  const v = new PropValidator(stack(), "budget");
  validateBudgetCommonProps(v, props, maxRecipients === undefined ? {} : { maxRecipients });
  try {
    v.throwIfInvalid();
  } catch (e) {
    if (!BlueprintValidationError.isValidationError(e)) throw e;
    return e.problems;
  }
  return [];
}

const RECIPIENTS = ["finops@example.com"];

describe("budget limit", () => {
  test.each([0.01, 0.29, 99.95, 10_000_000])("%p USD is accepted", (monthlyLimitUsd) => {
    expect(fullProblems({ monthlyLimitUsd, recipients: RECIPIENTS })).toEqual([]);
  });

  test.each([
    [0, "0"],
    [-5, "-5"],
    [10_000_000.01, "10000000.01"],
    [Number.POSITIVE_INFINITY, "Infinity"],
    [Number.NaN, "NaN"],
  ])("%p USD is out of range", (monthlyLimitUsd, value) => {
    expect(fullProblems({ monthlyLimitUsd, recipients: RECIPIENTS })).toEqual([
      { code: "BUDGET_LIMIT_OUT_OF_RANGE", constructPath: "s/budget", prop: "monthlyLimitUsd", value, accepted: "a USD amount greater than 0 and at most 10000000" },
    ]);
  });

  test("a fraction of a cent is refused", () => {
    expect(fullProblems({ monthlyLimitUsd: 1.005, recipients: RECIPIENTS })).toEqual([
      { code: "BUDGET_LIMIT_NOT_WHOLE_CENTS", constructPath: "s/budget", prop: "monthlyLimitUsd", value: "1.005", accepted: "an amount in whole cents (at most two decimals)" },
    ]);
  });
});

describe("limitCents and limitDecimal", () => {
  test("the limit in whole cents, rounded past floating-point error", () => {
    expect(limitCents(99.95)).toBe(9995);
    expect(limitCents(0.29)).toBe(29);
    expect(limitCents(1500)).toBe(150000);
  });

  test("the limit as a decimal string with two places", () => {
    expect(limitDecimal(1500)).toBe("1500.00");
    expect(limitDecimal(99.95)).toBe("99.95");
    expect(limitDecimal(0.29)).toBe("0.29");
    expect(limitDecimal(12.5)).toBe("12.50");
    expect(limitDecimal(0.05)).toBe("0.05");
  });
});

describe("budget recipients", () => {
  test("ten recipients pass by default, eleven do not", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `r${i}@example.com`);
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: ten })).toEqual([]);
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: [...ten, "r10@example.com"] })).toEqual([
      { code: "BUDGET_RECIPIENTS_COUNT", constructPath: "s/budget", prop: "recipients", value: "11", accepted: "1 to 10 email addresses" },
    ]);
  });

  test("no recipient is refused; a cloud's lower maximum is the one stated", () => {
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: [] })).toEqual([
      { code: "BUDGET_RECIPIENTS_COUNT", constructPath: "s/budget", prop: "recipients", value: "0", accepted: "1 to 10 email addresses" },
    ]);
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: ["a@x.io", "b@x.io"] }, 2)).toEqual([]);
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: ["a@x.io", "b@x.io", "c@x.io"] }, 2)).toEqual([
      { code: "BUDGET_RECIPIENTS_COUNT", constructPath: "s/budget", prop: "recipients", value: "3", accepted: "1 to 2 email addresses" },
    ]);
  });

  test("a duplicate address, compared without case, is reported with its index and value", () => {
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: ["a@x.io", "b@x.io", "A@X.io"] })).toEqual([
      { code: "BUDGET_RECIPIENT_DUPLICATE", constructPath: "s/budget", prop: "recipients[2]", value: '"A@X.io"', accepted: "each address once (compared without case)" },
    ]);
  });

  test("a recipient that is not text is refused with the email rule's text", () => {
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: ["a@x.io", 42 as unknown as string] })).toEqual([
      { code: "BUDGET_RECIPIENT_INVALID", constructPath: "s/budget", prop: "recipients[1]", value: "42", accepted: "an email address such as finops@example.com" },
    ]);
  });

  test("a recipient that is a list holding an address is refused, not read as its text", () => {
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: [["finops@example.com"] as unknown as string] })).toEqual([
      { code: "BUDGET_RECIPIENT_INVALID", constructPath: "s/budget", prop: "recipients[0]", value: "finops@example.com", accepted: "an email address such as finops@example.com" },
    ]);
  });

  test("duplicates are compared in lower case: ß and SS are different addresses", () => {
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: ["ss@x.io", "ß@x.io"] })).toEqual([
      { code: "BUDGET_RECIPIENT_INVALID", constructPath: "s/budget", prop: "recipients[1]", value: '"ß@x.io"', accepted: "an email address such as finops@example.com" },
    ]);
  });

  test("with a recipient known only at apply time, neither the count nor duplicates are judged", () => {
    const scope = stack();
    const v = new PropValidator(scope, "budget");
    const token = new TerraformVariable(scope, "recipient", { type: "string" }).stringValue;
    validateBudgetCommonProps(v, { monthlyLimitUsd: 100, recipients: [token, "a@x.io", "a@x.io"] }, { maxRecipients: 2 });
    expect(() => v.throwIfInvalid()).not.toThrow();
  });
});

describe("budget alerts", () => {
  test("no alerts and six alerts are refused, five pass", () => {
    const five = [10, 20, 30, 40, 50].map((percent) => ({ percent, basis: "actual" as const }));
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: RECIPIENTS, alerts: five })).toEqual([]);
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: RECIPIENTS, alerts: [] })).toEqual([
      { code: "BUDGET_ALERTS_COUNT", constructPath: "s/budget", prop: "alerts", value: "0", accepted: "1 to 5 alerts" },
    ]);
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: RECIPIENTS, alerts: [...five, { percent: 60, basis: "forecast" }] })).toEqual([
      { code: "BUDGET_ALERTS_COUNT", constructPath: "s/budget", prop: "alerts", value: "6", accepted: "1 to 5 alerts" },
    ]);
  });

  test("percent, basis and duplicate problems carry their values and accepted texts", () => {
    const alerts = [
      { percent: 1001, basis: "actual" },
      { percent: 1000, basis: "Forecast" },
      { percent: 1, basis: "forecast" },
      { percent: 1, basis: "forecast" },
    ] as unknown as BudgetAlert[];
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: RECIPIENTS, alerts })).toEqual([
      { code: "BUDGET_ALERT_PERCENT_OUT_OF_RANGE", constructPath: "s/budget", prop: "alerts[0].percent", value: "1001", accepted: "an integer from 1 to 1000" },
      { code: "BUDGET_ALERT_BASIS_INVALID", constructPath: "s/budget", prop: "alerts[1].basis", value: '"Forecast"', accepted: "actual or forecast" },
      { code: "BUDGET_ALERT_DUPLICATE", constructPath: "s/budget", prop: "alerts[3]", value: '"1% forecast"', accepted: "each (percent, basis) pair once" },
    ]);
  });

  test("a single alert is enough", () => {
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: RECIPIENTS, alerts: [{ percent: 100, basis: "forecast" }] })).toEqual([]);
  });

  test("the same percent on both bases is no duplicate", () => {
    expect(fullProblems({ monthlyLimitUsd: 100, recipients: RECIPIENTS, alerts: [{ percent: 100, basis: "actual" }, { percent: 100, basis: "forecast" }] })).toEqual([]);
  });

  test("two alerts with the same percent known only at apply time are not judged duplicates", () => {
    const scope = stack();
    const v = new PropValidator(scope, "budget");
    const percent = new TerraformVariable(scope, "percent", { type: "number" }).numberValue;
    validateBudgetCommonProps(v, { monthlyLimitUsd: 100, recipients: RECIPIENTS, alerts: [{ percent, basis: "actual" }, { percent, basis: "actual" }] });
    expect(() => v.throwIfInvalid()).not.toThrow();
  });
});
