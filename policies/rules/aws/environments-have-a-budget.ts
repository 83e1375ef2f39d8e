import { Resource, valuesAt } from "../../model";
import { Problems, RuleContext, UNKNOWN_VALUE, isEnvironmentStack, notApplicable, stackRule, valueOf } from "../../rule";
import { shown } from "../../support/aws-storage";

/**
 * An AWS Budgets budget alerts only through its notifications (terraform-provider-aws
 * aws_budgets_budget: `notification` blocks with subscribers); a budget without one, or one
 * that counts usage rather than cost, tells nobody that spending ran away.
 */
function budgetProblems(budget: Resource, problems: Problems): void {
  const type = valueOf(budget, "budget_type");
  if (type === UNKNOWN_VALUE) problems.unknown(`${budget.address} budget_type`);
  else if (type !== "COST") problems.error(`${budget.address}: budget_type is ${shown(type)}, not "COST"`);
  if (valuesAt(budget.attributes, "notification").length === 0) problems.error(`${budget.address}: no notification: nobody is alerted`);
}

export const rule = stackRule({
  control: "BUDGET-PRESENT",
  cloud: "aws",
  title: "Every AWS environment has a cost budget with alerts",
  severity: "error",
  appliesTo: ["aws_budgets_budget"],
  mappings: { nist80053: ["SA-2", "PM-3"] },
  rationale: "Runaway spend (a leaked credential mining on GPUs, a loop writing logs) is found on the invoice a month later unless a budget alerts someone as it happens.",
  fix: "Configure environments.<env>.budget: the Budget construct creates an aws_budgets_budget of budget_type COST with the configured alert thresholds and recipients.",
  check(context: RuleContext) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const budgets = context.resourcesOf("aws_budgets_budget");
    const problems = context.problems();
    if (budgets.length === 0) return problems.error("no aws_budgets_budget: the environment's spend has no budget or alert").outcome();
    const each = budgets.map((budget) => {
      const found = context.problems();
      budgetProblems(budget, found);
      return found;
    });
    if (each.some((p) => p.count === 0)) return problems.outcome();
    return [...each].sort((a, b) => a.count - b.count)[0]!.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a cost budget with an alert",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { environment: "dev" } }] }] },
          resource: { aws_budgets_budget: { b: { budget_type: "COST", limit_amount: "500", limit_unit: "USD", time_unit: "MONTHLY", notification: [{ comparison_operator: "GREATER_THAN", threshold: 80, threshold_type: "PERCENTAGE", notification_type: "ACTUAL", subscriber_email_addresses: ["finops@example.com"] }] } } },
        },
      },
    ],
    noncompliance: [
      { name: "an environment without a budget", stack: { provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] }, resource: { aws_kms_key: { k: {} } } }, expect: "no aws_budgets_budget" },
      {
        name: "a budget without notifications",
        stack: { provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] }, resource: { aws_budgets_budget: { b: { budget_type: "COST", limit_amount: "500", limit_unit: "USD", time_unit: "MONTHLY" } } } },
        expect: "aws_budgets_budget.b: no notification",
      },
      {
        name: "a plan with a usage budget",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_budgets_budget.b", mode: "managed", type: "aws_budgets_budget", name: "b", values: { budget_type: "USAGE", notification: [{ threshold: 80 }], tags_all: { environment: "prod" } } },
              ],
            },
          },
        },
        expect: 'budget_type is "USAGE", not "COST"',
      },
    ],
  },
});
