import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

/** A year of operational logs, what incident investigations and most audit regimes ask for. */
const MIN_DAYS = 365;

export const rule = resourceRule({
  control: "LOG-GROUP-RETAINED",
  cloud: "azure",
  title: "Log Analytics workspaces keep logs for at least a year",
  severity: "warning",
  appliesTo: ["azurerm_log_analytics_workspace"],
  mappings: { nist80053: ["AU-11"] },
  rationale: "Intrusions are often found months after they began; logs aged out after the 30-day default leave nothing to investigate.",
  fix: "Set retention_in_days = 365 or more (or archive the tables to the immutable log storage and record the choice as an acknowledgement).",
  check(workspace, context) {
    const problems = context.problems();
    const days = valueOf(workspace, "retention_in_days");
    if (days === UNKNOWN_VALUE) problems.unknown("retention_in_days");
    // azurerm leaves retention_in_days computed (30-730); Azure's analytics retention then is its
    // 30-day default (learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure).
    else if (days === undefined) problems.error(`retention_in_days is absent: Azure keeps 30 days, less than ${MIN_DAYS}`);
    else if (Number(days) < MIN_DAYS) problems.error(`retention_in_days is ${show(days)}, less than ${MIN_DAYS}`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "a year", stack: { resource: { azurerm_log_analytics_workspace: { w: { retention_in_days: 365 } } } } }],
    noncompliance: [
      { name: "default retention", stack: { resource: { azurerm_log_analytics_workspace: { w: {} } } }, expect: "Azure keeps 30 days" },
      { name: "90 days", stack: { resource: { azurerm_log_analytics_workspace: { w: { retention_in_days: 90 } } } }, expect: "retention_in_days is 90, less than 365" },
      { name: "a plan with 30 days", plan: planOf([{ type: "azurerm_log_analytics_workspace", name: "w", after: { retention_in_days: 30 } }]), expect: "is 30" },
    ],
  },
});
