import { valuesAt } from "../../model";
import { isEnvironmentStack, notApplicable, stackRule } from "../../rule";
import { planOf } from "../../support/azure-model";

const BUDGET_TYPES = ["azurerm_consumption_budget_resource_group", "azurerm_consumption_budget_subscription"];
const ENV_TAGGED = { azurerm_resource_group: { rg: { tags: { environment: "dev" } } } };
const NOTIFICATION = { enabled: true, operator: "GreaterThan", threshold: 80, threshold_type: "Actual", contact_emails: ["finops@example.com"] };

export const rule = stackRule({
  control: "BUDGET-PRESENT",
  cloud: "azure",
  title: "Every Azure environment has a budget that notifies someone",
  severity: "error",
  appliesTo: BUDGET_TYPES,
  mappings: { nist80053: ["SA-2", "PM-3"] },
  rationale: "Runaway spend (a training loop, a leaked credential mining coins) is noticed on the invoice weeks later unless a budget notifies its owners when a threshold is crossed.",
  fix: "Add an azurerm_consumption_budget_resource_group (Budget does, from the environment's budget config) with at least one enabled notification.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const problems = context.problems();
    const budgets = context.resourcesOf(...BUDGET_TYPES);
    if (budgets.length === 0) return problems.error("no azurerm_consumption_budget_resource_group or _subscription in the environment").outcome();
    const notifying = budgets.filter((b) => valuesAt(b.attributes, "notification").some((n) => valuesAt(n, "enabled")[0] !== false));
    if (notifying.length === 0) problems.error(`${budgets.map((b) => b.address).join(", ")} has no enabled notification: crossing it tells nobody`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "a monthly budget with alerts (Budget)", stack: { resource: { ...ENV_TAGGED, azurerm_consumption_budget_resource_group: { b: { amount: 500, time_grain: "Monthly", notification: [NOTIFICATION] } } } } }],
    noncompliance: [
      { name: "no budget", stack: { resource: ENV_TAGGED }, expect: "no azurerm_consumption_budget_resource_group or _subscription" },
      { name: "a budget whose only notification is disabled", stack: { resource: { ...ENV_TAGGED, azurerm_consumption_budget_subscription: { b: { amount: 500, notification: [{ ...NOTIFICATION, enabled: false }] } } } }, expect: "has no enabled notification" },
      { name: "a plan of an environment without a budget", plan: planOf([{ type: "azurerm_resource_group", name: "rg", after: { tags: { environment: "prod" } } }]), expect: "no azurerm_consumption_budget" },
    ],
  },
});
