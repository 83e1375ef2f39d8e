import { BillingBudget } from "@cdktf/provider-google/lib/billing-budget";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { BudgetAlert, DEFAULT_BUDGET_ALERTS, limitCents, validateBudgetCommonProps } from "../shared/budget-alerts";
import { GCP_BILLING_ACCOUNT_ID, GCP_BUDGET_MAX_RECIPIENTS, GCP_BUDGET_NAME, GCP_LABEL_FILTER_VALUE, GCP_PROJECT_ID } from "../shared/limits/gcp";
import { gcpBudgetChannelDisplayName, gcpProjectByNumber, stableSuffix } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";

/** The one label the budget filters on (the Budget API accepts a single label and value). */
export const GCP_BUDGET_FILTER_LABEL = "environment";

export interface BudgetProps {
  /** Display name of the budget, 1-60 characters (`GCP_BUDGET_NAME`); see `gcpBudgetName`. */
  readonly name: string;
  /** Cloud Billing account that pays for the project, `XXXXXX-XXXXXX-XXXXXX` (uppercase hex, `GCP_BILLING_ACCOUNT_ID`). */
  readonly billingAccountId: string;
  /** Project id whose cost the budget counts (`GCP_PROJECT_ID`); it also holds the notification channels. */
  readonly projectId: string;
  /** Monthly limit in USD, greater than 0 and at most 10,000,000, in whole cents. */
  readonly monthlyLimitUsd: number;
  /** 1-5 email addresses; each becomes an email notification channel. */
  readonly recipients: readonly string[];
  /**
   * When to alert: 1-5 distinct (percent, basis) pairs, percent an integer from 1 to 1000.
   * @default [{ percent: 80, basis: "actual" }, { percent: 100, basis: "forecast" }]
   */
  readonly alerts?: readonly BudgetAlert[];
  /**
   * The environment's standard labels. Only `environment` is used, as the budget's label filter:
   * the Budget API accepts one label key with one value, and `environment` is the label that
   * separates this environment's cost from another environment's in a shared project.
   */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Monthly Cloud Billing budget on one project and one `environment` label value, with one email
 * notification channel per recipient and a threshold rule per alert. An unexpected bill is often
 * the first visible sign of stolen credentials or a hijacked pipeline: the alerts bound how long
 * that goes unnoticed.
 *
 * Spend is counted net of all credits (`INCLUDE_ALL_CREDITS`, set explicitly): the budget follows
 * the invoice, as AWS Budgets does by default. Promotional credits therefore hide spend until
 * they run out. The billing account's administrators and users keep receiving the alerts too
 * (`disable_default_iam_recipients = false`), so removing a channel cannot silence a budget.
 *
 * Only cost that carries the label is counted: resources without it (including any created
 * outside this blueprint) are invisible to this budget. Keep a project-wide budget as well where
 * the project is shared.
 *
 * @example
 * new Budget(this, "budget", {
 *   name: "acme-ai-prod-monthly",
 *   billingAccountId: "012345-6789AB-CDEF01",
 *   projectId: "acme-ai-prod",
 *   monthlyLimitUsd: 1500,
 *   recipients: ["finops@example.com"],
 *   labels: toGcpLabels(tags),
 * });
 */
export class Budget extends Construct {
  /** Terraform id of the budget. */
  public readonly budgetId: string;
  /** Full resource name, `billingAccounts/<account>/budgets/<id>`. */
  public readonly budgetName: string;
  /** Project number the budget filters on, as `projects/<number>` expects it. */
  public readonly projectNumber: string;
  /** Ids of the email notification channels, in recipient order. */
  public readonly notificationChannelIds: readonly string[];
  /** The `google_billing_budget` resource. */
  public readonly resource: BillingBudget;

  constructor(scope: Construct, id: string, props: BudgetProps) {
    const alerts = props.alerts ?? DEFAULT_BUDGET_ALERTS;
    const environment = props.labels[GCP_BUDGET_FILTER_LABEL];
    const validator = new PropValidator(scope, id)
      .matches("name", props.name, GCP_BUDGET_NAME, "GCP_BUDGET_NAME_INVALID")
      .matches("billingAccountId", props.billingAccountId, GCP_BILLING_ACCOUNT_ID, "GCP_BILLING_ACCOUNT_ID_INVALID")
      .matches("projectId", props.projectId, GCP_PROJECT_ID, "GCP_PROJECT_ID_INVALID");
    validateBudgetCommonProps(validator, props, { maxRecipients: GCP_BUDGET_MAX_RECIPIENTS });
    props.recipients.forEach((r, i) => {
      validator.require(!Token.isUnresolved(r), "GCP_BUDGET_RECIPIENT_UNRESOLVED", `recipients[${i}]`, r, "a literal email address (it names its notification channel)");
    });
    if (environment === undefined) {
      validator.require(false, "GCP_BUDGET_LABEL_MISSING", `labels.${GCP_BUDGET_FILTER_LABEL}`, "(absent)", "the environment label, e.g. prod");
    } else {
      validator.matches(`labels.${GCP_BUDGET_FILTER_LABEL}`, environment, GCP_LABEL_FILTER_VALUE, "GCP_BUDGET_LABEL_INVALID");
    }
    validator.throwIfInvalid();
    super(scope, id);

    const project = new DataGoogleProject(this, "Project", { projectId: props.projectId });
    const channels = props.recipients.map(
      (recipient) =>
        // Named by a hash of the address, not the address: logical ids end up in plans, state
        // addresses and CI logs, and a recipient's address does not belong there. Stable per
        // recipient (an index would rename every later channel when one is inserted).
        new MonitoringNotificationChannel(this, `EmailChannel-${stableSuffix(8, recipient.toLowerCase())}`, {
          project: props.projectId,
          displayName: gcpBudgetChannelDisplayName(props.name, recipient),
          type: "email",
          labels: { email_address: recipient },
        }),
    );
    const cents = limitCents(props.monthlyLimitUsd);

    this.resource = new BillingBudget(this, "Resource", {
      billingAccount: props.billingAccountId,
      displayName: props.name,
      budgetFilter: {
        projects: [gcpProjectByNumber(project.number)],
        labels: { [GCP_BUDGET_FILTER_LABEL]: environment! },
        creditTypesTreatment: "INCLUDE_ALL_CREDITS",
        calendarPeriod: "MONTH",
      },
      amount: {
        specifiedAmount: {
          currencyCode: "USD",
          units: String(Math.floor(cents / 100)),
          nanos: (cents % 100) * 10_000_000,
        },
      },
      thresholdRules: alerts.map((alert) => ({
        thresholdPercent: alert.percent / 100,
        spendBasis: alert.basis === "actual" ? "CURRENT_SPEND" : "FORECASTED_SPEND",
      })),
      allUpdatesRule: {
        monitoringNotificationChannels: channels.map((c) => c.id),
        disableDefaultIamRecipients: false,
      },
    });
    this.budgetId = this.resource.id;
    this.budgetName = this.resource.name;
    this.projectNumber = project.number;
    this.notificationChannelIds = channels.map((c) => c.id);
  }
}
