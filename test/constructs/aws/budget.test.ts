import { TerraformVariable } from "cdktf";
import { Budget, BudgetProps } from "../../../constructs/aws/budget";
import { DEFAULT_BUDGET_ALERTS } from "../../../constructs/shared/budget-alerts";
import { validationErrorOf } from "../../helpers/errors";
import { resolved } from "../../helpers/resolve";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const BASE: BudgetProps = {
  name: "acme-ai-prod-monthly",
  monthlyLimitUsd: 1500,
  recipients: ["finops@example.com", "security@example.com"],
  costFilterTags: { environment: "prod" },
};

function synthBudget(props: Partial<BudgetProps> = {}): Json {
  return synthConstruct((scope) => {
    new Budget(scope, "budget", { ...BASE, ...props });
  });
}

function budgetOf(stack: Json): Json {
  return onlyResource(stack, "aws_budgets_budget");
}

describe("aws Budget", () => {
  const stack = synthBudget();
  // Read inside each test, so that the test runs the construct code it checks.
  const budget = (): Json => budgetOf(stack);

  test("is a monthly cost budget in USD with the limit as a two-decimal string", () => {
    expect(budget()["name"]).toBe("acme-ai-prod-monthly");
    expect(budget()["budget_type"]).toBe("COST");
    expect(budget()["time_unit"]).toBe("MONTHLY");
    expect(budget()["limit_amount"]).toBe("1500.00");
    expect(budget()["limit_unit"]).toBe("USD");
  });

  test("a limit with cents keeps them", () => {
    expect(budgetOf(synthBudget({ monthlyLimitUsd: 1234.5 }))["limit_amount"]).toBe("1234.50");
    expect(budgetOf(synthBudget({ monthlyLimitUsd: 0.07 }))["limit_amount"]).toBe("0.07");
  });

  test("filters cost by cost allocation tag as user:<key>$<value>", () => {
    expect(budget()["cost_filter"]).toEqual([{ name: "TagKeyValue", values: ["user:environment$prod"] }]);
  });

  test("every tag given becomes one value of the single TagKeyValue filter", () => {
    const filter = budgetOf(synthBudget({ costFilterTags: { environment: "prod", "cost-center": "cc-42" } }))["cost_filter"];
    expect(filter).toEqual([{ name: "TagKeyValue", values: ["user:environment$prod", "user:cost-center$cc-42"] }]);
  });

  test("defaults produce exactly two notifications: 80 % actual and 100 % forecast", () => {
    expect(budget()["notification"]).toEqual([
      {
        comparison_operator: "GREATER_THAN",
        threshold: 80,
        threshold_type: "PERCENTAGE",
        notification_type: "ACTUAL",
        subscriber_email_addresses: ["finops@example.com", "security@example.com"],
      },
      {
        comparison_operator: "GREATER_THAN",
        threshold: 100,
        threshold_type: "PERCENTAGE",
        notification_type: "FORECASTED",
        subscriber_email_addresses: ["finops@example.com", "security@example.com"],
      },
    ]);
    expect(DEFAULT_BUDGET_ALERTS).toEqual([
      { percent: 80, basis: "actual" },
      { percent: 100, basis: "forecast" },
    ]);
  });

  test("custom alerts become one notification each, in order, with their basis", () => {
    const notifications = budgetOf(
      synthBudget({
        alerts: [
          { percent: 50, basis: "actual" },
          { percent: 90, basis: "forecast" },
          { percent: 120, basis: "actual" },
        ],
      }),
    )["notification"] as Json[];
    expect(notifications.map((n) => [n["threshold"], n["notification_type"]])).toEqual([
      [50, "ACTUAL"],
      [90, "FORECASTED"],
      [120, "ACTUAL"],
    ]);
    for (const n of notifications) {
      expect(n).toMatchObject({ comparison_operator: "GREATER_THAN", threshold_type: "PERCENTAGE" });
      expect(n["subscriber_email_addresses"]).toEqual(["finops@example.com", "security@example.com"]);
    }
  });

  test("the budget has a stable logical id", () => {
    expect(Object.keys(resourcesOf(stack, "aws_budgets_budget"))).toEqual([expect.stringMatching(/^budget_[A-Z0-9]{8}$/)]);
    expect(Object.keys(resourcesOf(synthBudget({ monthlyLimitUsd: 99 }), "aws_budgets_budget"))).toEqual(Object.keys(resourcesOf(stack, "aws_budgets_budget")));
  });

  test("#3 exposes name, id and ARN, each the budget resource's own attribute", () => {
    const exposed: unknown[] = [];
    synthConstruct((scope) => {
      const b = new Budget(scope, "budget", BASE);
      exposed.push(b.budgetName, resolved(scope, b.budgetId), resolved(scope, b.budgetArn));
    });
    expect(exposed).toEqual(["acme-ai-prod-monthly", expect.stringMatching(/^\$\{aws_budgets_budget\.budget_[A-Z0-9]+\.id\}$/), expect.stringMatching(/^\$\{aws_budgets_budget\.budget_[A-Z0-9]+\.arn\}$/)]);
  });

  describe("validation", () => {
    function problemsOf(props: Partial<BudgetProps>): Array<[string, string, string]> {
      const error = validationErrorOf(() => synthBudget(props));
      return error.problems.map((p) => [p.code, p.prop, p.constructPath]);
    }

    test("rejects a recipient that is not an email address", () => {
      expect(problemsOf({ recipients: ["finops@example.com", "not-an-address"] })).toEqual([["BUDGET_RECIPIENT_INVALID", "recipients[1]", "test/budget"]]);
    });

    test("rejects a zero and a negative limit", () => {
      expect(problemsOf({ monthlyLimitUsd: 0 })).toEqual([["BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd", "test/budget"]]);
      expect(problemsOf({ monthlyLimitUsd: -5 })).toEqual([["BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd", "test/budget"]]);
    });

    test("rejects a limit above ten million and one with fractions of a cent", () => {
      expect(problemsOf({ monthlyLimitUsd: 10_000_000.01 })).toEqual([["BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd", "test/budget"]]);
      expect(problemsOf({ monthlyLimitUsd: 10.005 })).toEqual([["BUDGET_LIMIT_NOT_WHOLE_CENTS", "monthlyLimitUsd", "test/budget"]]);
    });

    test("rejects more than ten recipients and none", () => {
      const eleven = Array.from({ length: 11 }, (_, i) => `user${i}@example.com`);
      expect(problemsOf({ recipients: eleven })).toEqual([["BUDGET_RECIPIENTS_COUNT", "recipients", "test/budget"]]);
      expect(problemsOf({ recipients: [] })).toEqual([["BUDGET_RECIPIENTS_COUNT", "recipients", "test/budget"]]);
    });

    test("rejects a recipient listed twice", () => {
      expect(problemsOf({ recipients: ["finops@example.com", "FinOps@example.com"] })).toEqual([["BUDGET_RECIPIENT_DUPLICATE", "recipients[1]", "test/budget"]]);
    });

    test("rejects an alert percent out of range or not an integer", () => {
      expect(problemsOf({ alerts: [{ percent: 0, basis: "actual" }] })).toEqual([["BUDGET_ALERT_PERCENT_OUT_OF_RANGE", "alerts[0].percent", "test/budget"]]);
      expect(problemsOf({ alerts: [{ percent: 1001, basis: "forecast" }] })).toEqual([["BUDGET_ALERT_PERCENT_OUT_OF_RANGE", "alerts[0].percent", "test/budget"]]);
      expect(problemsOf({ alerts: [{ percent: 50.5, basis: "actual" }] })).toEqual([["BUDGET_ALERT_PERCENT_OUT_OF_RANGE", "alerts[0].percent", "test/budget"]]);
    });

    test("rejects a duplicate (percent, basis) pair but accepts the same percent on both bases", () => {
      expect(
        problemsOf({
          alerts: [
            { percent: 80, basis: "actual" },
            { percent: 80, basis: "forecast" },
            { percent: 80, basis: "actual" },
          ],
        }),
      ).toEqual([["BUDGET_ALERT_DUPLICATE", "alerts[2]", "test/budget"]]);
    });

    test("rejects no alerts and more than five", () => {
      const six = [10, 20, 30, 40, 50, 60].map((percent) => ({ percent, basis: "actual" as const }));
      expect(problemsOf({ alerts: [] })).toEqual([["BUDGET_ALERTS_COUNT", "alerts", "test/budget"]]);
      expect(problemsOf({ alerts: six })).toEqual([["BUDGET_ALERTS_COUNT", "alerts", "test/budget"]]);
    });

    test("rejects an unknown basis (callers without type checking)", () => {
      const alerts = [{ percent: 80, basis: "projected" }] as unknown as BudgetProps["alerts"];
      expect(problemsOf({ alerts })).toEqual([["BUDGET_ALERT_BASIS_INVALID", "alerts[0].basis", "test/budget"]]);
    });

    test("rejects an empty tag filter, an aws: key and a bad name", () => {
      expect(validationErrorOf(() => synthBudget({ costFilterTags: {} })).problems).toEqual([
        {
          code: "AWS_BUDGET_TAG_FILTER_EMPTY",
          constructPath: "test/budget",
          prop: "costFilterTags",
          value: '"{}"',
          accepted: "at least one tag (an empty filter would budget the whole account)",
        },
      ]);
      expect(problemsOf({ costFilterTags: { "aws:createdBy": "x" } })).toEqual([["AWS_BUDGET_TAG_KEY_INVALID", "costFilterTags", "test/budget"]]);
      expect(problemsOf({ costFilterTags: { environment: "prod$x" } })).toEqual([["AWS_BUDGET_TAG_VALUE_INVALID", "costFilterTags.environment", "test/budget"]]);
      expect(problemsOf({ name: "prod:monthly" })).toEqual([["AWS_BUDGET_NAME_INVALID", "name", "test/budget"]]);
    });

    test("a name and a tag value known only at apply (variables) pass; a literal tag key next to them is still checked", () => {
      const stack = synthConstruct((scope) => {
        const name = new TerraformVariable(scope, "budget_name", { type: "string" });
        const env = new TerraformVariable(scope, "environment", { type: "string" });
        new Budget(scope, "budget", { ...BASE, name: name.stringValue, costFilterTags: { environment: env.stringValue } });
      });
      expect(budgetOf(stack)["name"]).toBe("${var.budget_name}");
      expect(budgetOf(stack)["cost_filter"]).toEqual([{ name: "TagKeyValue", values: ["user:environment$${var.environment}"] }]);
      const error = validationErrorOf(() =>
        synthConstruct((scope) => {
          const env = new TerraformVariable(scope, "environment", { type: "string" });
          new Budget(scope, "budget", { ...BASE, costFilterTags: { "aws:env": env.stringValue } });
        }),
      );
      expect(error.problems.map((p) => [p.code, p.value])).toEqual([["AWS_BUDGET_TAG_KEY_INVALID", '"aws:env"']]);
    });

    test("collects every problem before throwing, and the message names path, prop and range", () => {
      const error = validationErrorOf(() => synthBudget({ monthlyLimitUsd: 0, recipients: ["x"], alerts: [{ percent: 2000, basis: "actual" }] }));
      expect(error.problems.map((p) => p.code)).toEqual(["BUDGET_LIMIT_OUT_OF_RANGE", "BUDGET_RECIPIENT_INVALID", "BUDGET_ALERT_PERCENT_OUT_OF_RANGE"]);
      expect(error.message).toContain("test/budget: monthlyLimitUsd = 0 is invalid [BUDGET_LIMIT_OUT_OF_RANGE]; accepted: a USD amount greater than 0 and at most 10000000");
    });
  });
});
