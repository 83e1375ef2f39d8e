import { ConsumptionBudgetResourceGroup } from "@cdktf/provider-azurerm/lib/consumption-budget-resource-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { BudgetAlert, DEFAULT_BUDGET_ALERTS, limitCents, validateBudgetCommonProps } from "../shared/budget-alerts";
import { PropValidator } from "../shared/validation-error";

/** azurerm's rule for consumption budget names. */
const AZURE_BUDGET_NAME = /^[-_a-zA-Z0-9]{1,63}$/;
/** `/subscriptions/<guid>/resourceGroups/<name>`, as `azurerm_resource_group.id` renders it. */
const RESOURCE_GROUP_ID = /^\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\/resourceGroups\/[-\w.()]{1,90}$/i;
const START_MONTH = /^(\d{4})-(\d{2})$/;
/** Azure rejects budgets that start before June 2017. */
export const AZURE_BUDGET_EARLIEST_START_MONTH = "2017-06";

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
  public readonly resource: ConsumptionBudgetResourceGroup;

  constructor(scope: Construct, id: string, props: BudgetProps) {
    const alerts = props.alerts ?? DEFAULT_BUDGET_ALERTS;
    const validator = new PropValidator(scope, id);
    if (!Token.isUnresolved(props.name)) {
      validator.require(AZURE_BUDGET_NAME.test(props.name), "AZURE_BUDGET_NAME_INVALID", "name", props.name, "1-63 letters, digits, _ and -");
    }
    if (!Token.isUnresolved(props.resourceGroupId)) {
      validator.require(RESOURCE_GROUP_ID.test(props.resourceGroupId), "AZURE_RESOURCE_GROUP_ID_INVALID", "resourceGroupId", props.resourceGroupId, "/subscriptions/<subscription guid>/resourceGroups/<name>");
    }
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

function isValidStartMonth(value: string): boolean {
  const match = START_MONTH.exec(value);
  if (!match) {
    return false;
  }
  const month = Number(match[2]);
  return month >= 1 && month <= 12 && value >= AZURE_BUDGET_EARLIEST_START_MONTH;
}
