import { ConsumptionBudgetResourceGroup } from "@cdktf/provider-azurerm/lib/consumption-budget-resource-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { BudgetAlert, DEFAULT_BUDGET_ALERTS, limitCents, validateBudgetCommonProps } from "../shared/budget-alerts";
import { AZURE_BUDGET_EARLIEST_START_MONTH, AZURE_BUDGET_NAME, AZURE_RESOURCE_GROUP_ID } from "../shared/limits/azure";
import { MONTH } from "../shared/limits/common";
import { satisfies } from "../shared/limits/text-rule";
import { PropValidator } from "../shared/validation-error";

export { AZURE_BUDGET_EARLIEST_START_MONTH } from "../shared/limits/azure";

export interface BudgetProps {
  /** Budget name, 1-63 letters, digits, `_` and `-`, unique within the resource group. */
  readonly name: string;
  /** Id of the environment's resource group, the budget's scope. */
  readonly resourceGroupId: string;
  /** Monthly limit in USD, greater than 0 and at most 10,000,000, in whole cents. */
  readonly monthlyLimitUsd: number;
  /** 1-10 email addresses that receive every alert. */
  readonly recipients: readonly string[];
  /**
   * When to alert: 1-5 distinct (percent, basis) pairs, percent an integer from 1 to 1000.
   * @default [{ percent: 80, basis: "actual" }, { percent: 100, basis: "forecast" }]
   */
  readonly alerts?: readonly BudgetAlert[];
  /**
   * First month the budget covers, `YYYY-MM`, no earlier than 2017-06. Azure requires the start
   * to be the first day of a month, at most twelve months ahead, and a past start within the
   * current month; use the month of the first deploy. It comes from configuration because a
   * start computed at synth time would change the output on every run. Changing it replaces the
   * budget.
   */
  readonly startMonth: string;
}

/**
 * Monthly Azure consumption budget on the environment's resource group, emailing its
 * recipients when actual or forecast cost crosses each alert threshold. An unexpected bill is
 * often the first visible sign of stolen credentials or a hijacked pipeline: the alerts bound
 * how long that goes unnoticed.
 *
 * The budget does not filter by tag: its scope is the environment's resource group, which holds
 * only this blueprint's resources, so everything in it counts, including resources created there
 * without tags. The amount is in the billing currency of the subscription; the limit is written
 * in USD and matches it only where the subscription is billed in USD.
 *
 * @example
 * new Budget(this, "budget", {
 *   name: "acme-ai-prod-monthly",
 *   resourceGroupId: resourceGroup.id,
 *   monthlyLimitUsd: 1500,
 *   recipients: ["finops@example.com"],
 *   startMonth: "2026-01",
 * });
 */
export class Budget extends Construct {
  /** Azure resource id of the budget. */
  public readonly budgetId: string;
  /** The budget's name. */
  public readonly budgetName: string;
  /** The `azurerm_consumption_budget_resource_group` resource. */
  public readonly resource: ConsumptionBudgetResourceGroup;

  constructor(scope: Construct, id: string, props: BudgetProps) {
    const alerts = props.alerts ?? DEFAULT_BUDGET_ALERTS;
    const validator = new PropValidator(scope, id)
      .matches("name", props.name, AZURE_BUDGET_NAME, "AZURE_BUDGET_NAME_INVALID")
      .matches("resourceGroupId", props.resourceGroupId, AZURE_RESOURCE_GROUP_ID, "AZURE_RESOURCE_GROUP_ID_INVALID");
    validateBudgetCommonProps(validator, props);
    if (!Token.isUnresolved(props.startMonth)) {
      validator.require(isValidStartMonth(props.startMonth), "AZURE_BUDGET_START_MONTH_INVALID", "startMonth", props.startMonth, `a month YYYY-MM from ${AZURE_BUDGET_EARLIEST_START_MONTH} on`);
    }
    validator.throwIfInvalid();
    super(scope, id);

    this.resource = new ConsumptionBudgetResourceGroup(this, "Resource", {
      name: props.name,
      resourceGroupId: props.resourceGroupId,
      amount: limitCents(props.monthlyLimitUsd) / 100,
      timeGrain: "Monthly",
      timePeriod: { startDate: `${props.startMonth}-01T00:00:00Z` },
      notification: alerts.map((alert) => ({
        operator: "GreaterThan",
        threshold: alert.percent,
        thresholdType: alert.basis === "actual" ? "Actual" : "Forecasted",
        contactEmails: [...props.recipients],
        enabled: true,
      })),
    });
    this.budgetId = this.resource.id;
    this.budgetName = props.name;
  }
}

/** The config's rule too: a `YYYY-MM` month (limits/common.ts), no earlier than Azure's first. */
function isValidStartMonth(value: string): boolean {
  return satisfies(MONTH, value) && value >= AZURE_BUDGET_EARLIEST_START_MONTH;
}
