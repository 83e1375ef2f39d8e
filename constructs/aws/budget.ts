import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { Construct } from "constructs";
import { BudgetAlert, DEFAULT_BUDGET_ALERTS, limitDecimal, validateBudgetCommonProps } from "../shared/budget-alerts";
import { AWS_BUDGET_NAME, AWS_TAG_KEY, AWS_TAG_VALUE } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";

export interface BudgetProps {
  /** Budget name, unique within the account, 1-100 characters without `:` or `\`. */
  readonly name: string;
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
   * Cost allocation tags whose cost the budget counts, e.g. `{ environment: "prod" }`. Each
   * entry becomes one `user:<key>$<value>` value of a single `TagKeyValue` cost filter, and
   * AWS Budgets counts cost matching any value of a filter: two entries widen the budget, they
   * do not narrow it. Pass one tag for a per-environment budget. The keys must be activated as
   * cost allocation tags (see `CostAllocationTags`), or the budget counts nothing.
   */
  readonly costFilterTags: Readonly<Record<string, string>>;
}

/**
 * Monthly AWS cost budget that emails its recipients when actual or forecast spend crosses each
 * alert threshold. An unexpected bill is often the first visible sign of stolen credentials or a
 * hijacked pipeline (GPU instances started for mining): the alerts bound how long that goes
 * unnoticed. Cost types keep the AWS defaults (unblended, net of credits and discounts).
 *
 * @example
 * new Budget(this, "budget", {
 *   name: "acme-ai-prod-monthly",
 *   monthlyLimitUsd: 1500,
 *   recipients: ["finops@example.com"],
 *   costFilterTags: { environment: "prod" },
 * });
 */
export class Budget extends Construct {
  /** The budget's name. */
  public readonly budgetName: string;
  /** Terraform id of the budget (`<account id>:<name>`). */
  public readonly budgetId: string;
  public readonly budgetArn: string;
  public readonly resource: BudgetsBudget;

  constructor(scope: Construct, id: string, props: BudgetProps) {
    const alerts = props.alerts ?? DEFAULT_BUDGET_ALERTS;
    const tagEntries = Object.entries(props.costFilterTags);
    const validator = new PropValidator(scope, id).matches("name", props.name, AWS_BUDGET_NAME, "AWS_BUDGET_NAME_INVALID");
    validateBudgetCommonProps(validator, props);
    validator.require(tagEntries.length >= 1, "AWS_BUDGET_TAG_FILTER_EMPTY", "costFilterTags", "{}", "at least one tag (an empty filter would budget the whole account)");
    for (const [key, value] of tagEntries) {
      validator
        .matches("costFilterTags", key, AWS_TAG_KEY, "AWS_BUDGET_TAG_KEY_INVALID")
        .matches(`costFilterTags.${key}`, value, AWS_TAG_VALUE, "AWS_BUDGET_TAG_VALUE_INVALID");
    }
    validator.throwIfInvalid();
    super(scope, id);

    this.resource = new BudgetsBudget(this, "Resource", {
      name: props.name,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: limitDecimal(props.monthlyLimitUsd),
      limitUnit: "USD",
      costFilter: [{ name: "TagKeyValue", values: tagEntries.map(([key, value]) => `user:${key}$${value}`) }],
      notification: alerts.map((alert) => ({
        comparisonOperator: "GREATER_THAN",
        threshold: alert.percent,
        thresholdType: "PERCENTAGE",
        notificationType: alert.basis === "actual" ? "ACTUAL" : "FORECASTED",
        subscriberEmailAddresses: [...props.recipients],
      })),
    });
    this.budgetName = props.name;
    this.budgetId = this.resource.id;
    this.budgetArn = this.resource.arn;
  }
}
