import { valuesAt } from "../../model";
import { isEnvironmentStack, stackRule } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

const THRESHOLDS = [{ threshold_percent: 0.8, spend_basis: "CURRENT_SPEND" }, { threshold_percent: 1, spend_basis: "FORECASTED_SPEND" }];

/**
 * A Cloud Billing budget alerts only through its `threshold_rules` (each a fraction of the
 * amount, google provider 6.50 website/docs/r/billing_budget); one without any never alerts.
 */
export const rule = stackRule({
  control: "BUDGET-PRESENT",
  cloud: "gcp",
  title: "Every GCP environment has a Cloud Billing budget with alert thresholds",
  severity: "error",
  appliesTo: ["google_billing_budget"],
  mappings: { nist80053: ["PM-3", "SA-2", "SI-4"] },
  rationale: "An unexpected bill is often the first visible sign of stolen credentials or a hijacked pipeline (crypto-mining, data exfiltration); alert thresholds bound how long that goes unnoticed.",
  fix: "Configure environments.<env>.budget: Budget (AiSupplyChainGcp) creates a google_billing_budget with threshold_rules at 80 % actual and 100 % forecast by default.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return { status: "not-applicable", reason: "not an environment stack" };
    const problems = context.problems();
    const budgets = context.resourcesOf("google_billing_budget");
    if (budgets.length === 0) problems.error("no google_billing_budget in the stack");
    else if (!budgets.some((b) => valuesAt(b.attributes, "threshold_rules").length > 0)) problems.error("no google_billing_budget has threshold_rules: the budget never alerts");
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "budget with two thresholds", stack: gcpStack({ google_billing_budget: { b: { display_name: "acme-ai-prod-monthly", threshold_rules: THRESHOLDS } } }) }],
    noncompliance: [
      { name: "no budget", stack: gcpStack({ google_kms_key_ring: { r: { name: "acme-ai-prod" } } }), expect: "no google_billing_budget in the stack" },
      {
        name: "a plan of a budget without thresholds",
        plan: gcpPlan([
          { type: "google_storage_bucket", name: "b", after: { name: "logs", effective_labels: { environment: "prod" } } },
          { type: "google_billing_budget", name: "b", after: { display_name: "acme-ai-prod-monthly", threshold_rules: [] } },
        ]),
        expect: "no google_billing_budget has threshold_rules",
      },
    ],
  },
});
