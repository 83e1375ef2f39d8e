import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformVariable } from "cdktf";
import { Budget, BudgetProps } from "../../../constructs/azure/budget";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const RESOURCE_GROUP_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-ai-prod";

const BASE: BudgetProps = {
  name: "acme-ai-prod-monthly",
  resourceGroupId: RESOURCE_GROUP_ID,
  monthlyLimitUsd: 1500,
  recipients: ["finops@example.com", "security@example.com"],
  startMonth: "2026-01",
};

function synthBudget(props: Partial<BudgetProps> = {}): Json {
  return synthConstruct((scope) => {
    new Budget(scope, "budget", { ...BASE, ...props });
  });
}

function budgetOf(stack: Json): Json {
  return onlyResource(stack, "azurerm_consumption_budget_resource_group");
}

describe("azure Budget", () => {
  const stack = synthBudget();
  const budget = (): Json => budgetOf(stack);

  test("is a monthly budget on the environment's resource group", () => {
    expect(budget()["name"]).toBe("acme-ai-prod-monthly");
    expect(budget()["resource_group_id"]).toBe(RESOURCE_GROUP_ID);
    expect(budget()["amount"]).toBe(1500);
    expect(budget()["time_grain"]).toBe("Monthly");
  });

  test("a limit with cents keeps them", () => {
    expect(budgetOf(synthBudget({ monthlyLimitUsd: 99.95 }))["amount"]).toBe(99.95);
  });

  test("starts on the first day of the configured month, with no end date", () => {
    expect(budget()["time_period"]).toEqual({ start_date: "2026-01-01T00:00:00Z" });
  });

  test("does not filter by tag: the resource group is the scope", () => {
    expect(budget()["filter"]).toBeUndefined();
  });

  test("defaults produce exactly two notifications: 80 % actual and 100 % forecasted", () => {
    expect(budget()["notification"]).toEqual([
      {
        operator: "GreaterThan",
        threshold: 80,
        threshold_type: "Actual",
        contact_emails: ["finops@example.com", "security@example.com"],
        enabled: true,
      },
      {
        operator: "GreaterThan",
        threshold: 100,
        threshold_type: "Forecasted",
        contact_emails: ["finops@example.com", "security@example.com"],
        enabled: true,
      },
    ]);
  });

  test("custom alerts become one notification each, in order, with their basis", () => {
    const notifications = budgetOf(
      synthBudget({
        alerts: [
          { percent: 50, basis: "actual" },
          { percent: 90, basis: "forecast" },
          { percent: 110, basis: "actual" },
        ],
      }),
    )["notification"] as Json[];
    expect(notifications.map((n) => [n["threshold"], n["threshold_type"]])).toEqual([
      [50, "Actual"],
      [90, "Forecasted"],
      [110, "Actual"],
    ]);
    for (const n of notifications) {
      expect(n).toMatchObject({ operator: "GreaterThan", enabled: true, contact_emails: ["finops@example.com", "security@example.com"] });
    }
  });

  test("the budget has a stable logical id", () => {
    const [logicalId] = Object.keys(resourcesOf(stack, "azurerm_consumption_budget_resource_group"));
    expect(logicalId).toMatch(/^budget_[A-Z0-9]{8}$/);
    expect(Object.keys(resourcesOf(synthBudget({ alerts: [{ percent: 90, basis: "forecast" }] }), "azurerm_consumption_budget_resource_group"))).toEqual([logicalId]);
  });

  test("synthesizes identical output twice", () => {
    expect(JSON.stringify(synthBudget())).toBe(JSON.stringify(stack));
  });

  describe("validation", () => {
    function problemsOf(props: Partial<BudgetProps>): Array<[string, string, string]> {
      return validationErrorOf(() => synthBudget(props)).problems.map((p) => [p.code, p.prop, p.constructPath]);
    }

    test("rejects a month that does not exist and one before June 2017", () => {
      for (const startMonth of ["2026-13", "2026-00", "2016-01", "2017-05", "2026-1", "2026-01-01", "January 2026"]) {
        expect(problemsOf({ startMonth })).toEqual([["AZURE_BUDGET_START_MONTH_INVALID", "startMonth", "test/budget"]]);
      }
    });

    test("AZURE_BUDGET_START_MONTH_INVALID names the month and the accepted range", () => {
      expect(validationErrorOf(() => synthBudget({ startMonth: "2017-05" })).problems).toEqual([
        { code: "AZURE_BUDGET_START_MONTH_INVALID", constructPath: "test/budget", prop: "startMonth", value: '"2017-05"', accepted: "a month YYYY-MM from 2017-06 on" },
      ]);
    });

    test("#2 a start month known only at apply time is left to Azure", () => {
      const json = synthConstruct((scope) => {
        const month = new TerraformVariable(scope, "start_month", { type: "string" });
        new Budget(scope, "budget", { ...BASE, startMonth: month.stringValue });
      });
      expect(budgetOf(json)["time_period"]).toEqual({ start_date: "${var.start_month}-01T00:00:00Z" });
    });

    test("accepts June 2017 and any real month after it", () => {
      expect(budgetOf(synthBudget({ startMonth: "2017-06" }))["time_period"]).toEqual({ start_date: "2017-06-01T00:00:00Z" });
      expect(budgetOf(synthBudget({ startMonth: "2030-12" }))["time_period"]).toEqual({ start_date: "2030-12-01T00:00:00Z" });
    });

    test("rejects a bad email, a zero limit and a negative limit", () => {
      expect(problemsOf({ recipients: ["finops.example.com"] })).toEqual([["BUDGET_RECIPIENT_INVALID", "recipients[0]", "test/budget"]]);
      expect(problemsOf({ monthlyLimitUsd: 0 })).toEqual([["BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd", "test/budget"]]);
      expect(problemsOf({ monthlyLimitUsd: -100 })).toEqual([["BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd", "test/budget"]]);
    });

    test("rejects more than ten recipients", () => {
      const eleven = Array.from({ length: 11 }, (_, i) => `user${i}@example.com`);
      expect(problemsOf({ recipients: eleven })).toEqual([["BUDGET_RECIPIENTS_COUNT", "recipients", "test/budget"]]);
    });

    test("rejects an alert percent out of range and a duplicate alert", () => {
      expect(problemsOf({ alerts: [{ percent: 0, basis: "forecast" }] })).toEqual([["BUDGET_ALERT_PERCENT_OUT_OF_RANGE", "alerts[0].percent", "test/budget"]]);
      expect(
        problemsOf({
          alerts: [
            { percent: 80, basis: "actual" },
            { percent: 80, basis: "actual" },
          ],
        }),
      ).toEqual([["BUDGET_ALERT_DUPLICATE", "alerts[1]", "test/budget"]]);
    });

    test("rejects a malformed resource group id and a bad name", () => {
      expect(problemsOf({ resourceGroupId: "acme-ai-prod" })).toEqual([["AZURE_RESOURCE_GROUP_ID_INVALID", "resourceGroupId", "test/budget"]]);
      expect(problemsOf({ name: "acme ai prod" })).toEqual([["AZURE_BUDGET_NAME_INVALID", "name", "test/budget"]]);
      expect(problemsOf({ name: "b".repeat(64) })).toEqual([["AZURE_BUDGET_NAME_INVALID", "name", "test/budget"]]);
    });

    test("the resource group in the id follows the resource group name rule: 1-90 characters, not ending with a period", () => {
      const sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/";
      expect(problemsOf({ resourceGroupId: `${sub}rg-acme.` })).toEqual([["AZURE_RESOURCE_GROUP_ID_INVALID", "resourceGroupId", "test/budget"]]);
      expect(problemsOf({ resourceGroupId: `${sub}${"r".repeat(91)}` })).toEqual([["AZURE_RESOURCE_GROUP_ID_INVALID", "resourceGroupId", "test/budget"]]);
      expect(problemsOf({ resourceGroupId: "/subscriptions/not-a-uuid/resourceGroups/rg" })).toEqual([["AZURE_RESOURCE_GROUP_ID_INVALID", "resourceGroupId", "test/budget"]]);
      expect(budgetOf(synthBudget({ resourceGroupId: `${sub}r` }))["resource_group_id"]).toBe(`${sub}r`);
      expect(budgetOf(synthBudget({ resourceGroupId: `${sub}(rg_acme.ai-prod)` }))["resource_group_id"]).toBe(`${sub}(rg_acme.ai-prod)`);
    });

    test("#2 a resource group id and a name known only at apply time pass validation", () => {
      const json = synthConstruct((scope) => {
        const group = new ResourceGroup(scope, "group", { name: "rg-acme-ai-prod", location: "westeurope" });
        const name = new TerraformVariable(scope, "budget_name", { type: "string" });
        new Budget(scope, "budget", { ...BASE, name: name.stringValue, resourceGroupId: group.id });
      });
      expect(budgetOf(json)).toMatchObject({ name: "${var.budget_name}", resource_group_id: expect.stringMatching(/^\$\{azurerm_resource_group\.group\.id\}$/) });
    });
  });
});
