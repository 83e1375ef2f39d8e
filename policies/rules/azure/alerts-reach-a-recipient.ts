import { valuesAt } from "../../model";
import { isEnvironmentStack, notApplicable, stackRule } from "../../rule";

/**
 * An Azure Monitor alert rule notifies only through its action groups, and an action group only
 * through its receivers (Azure Monitor, "Action groups"; terraform-provider-azurerm
 * azurerm_monitor_activity_log_alert / _metric_alert / _scheduled_query_rules_alert_v2 `action`,
 * azurerm_monitor_action_group email_receiver and webhook_receiver). The blueprint gives every
 * alert of an environment one action group with the receivers of
 * environments.<env>.monitoring.notifications.
 */
const ALERT_TYPES = ["azurerm_monitor_activity_log_alert", "azurerm_monitor_metric_alert", "azurerm_monitor_scheduled_query_rules_alert_v2"];

export const rule = stackRule({
  control: "ALERTS-ROUTED",
  cloud: "azure",
  title: "Every Azure environment's alert rules notify an action group with receivers",
  severity: "warning",
  appliesTo: [...ALERT_TYPES, "azurerm_monitor_action_group"],
  mappings: { nist80053: ["SI-4(5)", "IR-6", "AU-6"] },
  rationale: "Detection only helps when someone hears it: a deleted diagnostic setting or an unlocked immutability policy must reach a person or a pager within minutes, not wait for someone to open the portal.",
  fix: "Set environments.<env>.monitoring.notifications (emails, optionally webhookUrl): ActionGroup adds a receiver for each, and every alert rule names the group.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const problems = context.problems();
    const alerts = context.resourcesOf(...ALERT_TYPES);
    if (alerts.length === 0) return problems.error("no Azure Monitor alert rule: nothing in this environment alerts").outcome();
    const silent = alerts.filter((a) => valuesAt(a.attributes, "action.action_group_id").length + valuesAt(a.attributes, "action.action_groups").length === 0).map((a) => a.address);
    if (silent.length > 0) problems.error(`${silent.length} alert rules name no action group: ${silent.slice(0, 3).join(", ")}${silent.length > 3 ? ", ..." : ""}`);
    const groups = context.resourcesOf("azurerm_monitor_action_group");
    const receiving = groups.filter((g) => valuesAt(g.attributes, "email_receiver").length + valuesAt(g.attributes, "webhook_receiver").length > 0);
    if (receiving.length === 0) problems.error("no azurerm_monitor_action_group has an email or webhook receiver: alerts reach nobody (set environments.<env>.monitoring.notifications)");
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "an activity-log alert on a group with a receiver",
        stack: {
          resource: {
            azurerm_resource_group: { g: { name: "rg-acme-ai-prod", tags: { environment: "prod" } } },
            azurerm_monitor_action_group: { a: { name: "acme-ai-prod-alerts", short_name: "acmeprod", email_receiver: [{ name: "security", email_address: "security@example.com", use_common_alert_schema: true }] } },
            azurerm_monitor_activity_log_alert: { k: { name: "acme-ai-prod-vault-deleted", action: [{ action_group_id: "${azurerm_monitor_action_group.a.id}" }] } },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "an alert on a group without receivers",
        stack: {
          resource: {
            azurerm_resource_group: { g: { name: "rg-acme-ai-prod", tags: { environment: "prod" } } },
            azurerm_monitor_action_group: { a: { name: "acme-ai-prod-alerts", short_name: "acmeprod" } },
            azurerm_monitor_activity_log_alert: { k: { name: "acme-ai-prod-vault-deleted", action: [{ action_group_id: "${azurerm_monitor_action_group.a.id}" }] } },
          },
        },
        expect: "no azurerm_monitor_action_group has an email or webhook receiver",
      },
      {
        name: "an alert without an action",
        stack: {
          resource: {
            azurerm_resource_group: { g: { name: "rg-acme-ai-prod", tags: { environment: "prod" } } },
            azurerm_monitor_action_group: { a: { name: "acme-ai-prod-alerts", short_name: "acmeprod", email_receiver: [{ name: "security", email_address: "security@example.com" }] } },
            azurerm_monitor_metric_alert: { m: { name: "acme-ai-prod-gate-errors" } },
          },
        },
        expect: "1 alert rules name no action group: azurerm_monitor_metric_alert.m",
      },
      { name: "no alerts at all", stack: { resource: { azurerm_resource_group: { g: { name: "rg-acme-ai-prod", tags: { environment: "prod" } } } } }, expect: "no Azure Monitor alert rule" },
    ],
  },
});
