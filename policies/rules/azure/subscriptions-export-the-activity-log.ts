import { Resource, isExpression, valuesAt } from "../../model";
import { isEnvironmentStack, notApplicable, stackRule } from "../../rule";
import { planOf } from "../../support/azure-model";

/** Activity Log categories an audit needs: control-plane writes, Defender alerts, Azure Policy effects (learn.microsoft.com/azure/azure-monitor/essentials/activity-log-schema). */
const REQUIRED = ["Administrative", "Security", "Policy"] as const;
const SUBSCRIPTION_ID = /^\/subscriptions\/[0-9a-f-]{36}\/?$/i;

/** A setting whose target is a subscription: the literal id, or a reference to azurerm_subscription (resource or data source). */
function targetsSubscription(setting: Resource): boolean {
  const raw = valuesAt(setting.attributes, "target_resource_id")[0];
  if (typeof raw === "string" && !isExpression(raw)) return SUBSCRIPTION_ID.test(raw);
  // By reference (the data source need not be in the model: a plan lists only what changes).
  if (typeof raw === "string" && !/\.id\}$/.test(raw)) return false;
  return (setting.references.get("target_resource_id") ?? []).some((t) => /^(data\.)?azurerm_subscription\./.test(t));
}

const ENV_TAGGED = { azurerm_resource_group: { rg: { tags: { environment: "prod" } } } };
const SUBSCRIPTION = { azurerm_subscription: { current: {} } };

export const rule = stackRule({
  control: "AUDIT-TRAIL",
  cloud: "azure",
  title: "Every Azure environment exports the subscription's Activity Log",
  severity: "error",
  appliesTo: ["azurerm_monitor_diagnostic_setting"],
  mappings: { nist80053: ["AU-2", "AU-6", "AU-12"] },
  rationale: "The Activity Log is kept for 90 days and can be read by anyone with access; exporting its Administrative, Security and Policy categories to write-once storage keeps a trail of every role assignment, lock removal and policy change for the retention period.",
  fix: "Add an azurerm_monitor_diagnostic_setting with target_resource_id = data.azurerm_subscription.current.id exporting Administrative, Security and Policy (AuditTrail's activity-log source exports every category) into the immutable log storage.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const problems = context.problems();
    const settings = context.resourcesOf("azurerm_monitor_diagnostic_setting").filter(targetsSubscription);
    if (settings.length === 0) return problems.error("no azurerm_monitor_diagnostic_setting exports the subscription's Activity Log").outcome();
    const exported = new Set(settings.flatMap((s) => valuesAt(s.attributes, "enabled_log.category").filter((c): c is string => typeof c === "string")));
    const missing = REQUIRED.filter((c) => !exported.has(c));
    if (missing.length > 0) problems.error(`the Activity Log export has ${[...exported].join(", ") || "no category"} but not ${missing.join(", ")}`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "every category to the log account (AuditTrail)",
        stack: {
          data: SUBSCRIPTION,
          resource: { ...ENV_TAGGED, azurerm_monitor_diagnostic_setting: { d: { target_resource_id: "${data.azurerm_subscription.current.id}", storage_account_id: "${azurerm_storage_account.logs.id}", enabled_log: ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"].map((category) => ({ category })) } } },
        },
      },
      { name: "a literal subscription id", stack: { resource: { ...ENV_TAGGED, azurerm_monitor_diagnostic_setting: { d: { target_resource_id: "/subscriptions/00000000-0000-4000-8000-000000000002", enabled_log: [{ category: "Administrative" }, { category: "Security" }, { category: "Policy" }] } } } } },
    ],
    noncompliance: [
      { name: "no Activity Log export", stack: { resource: ENV_TAGGED }, expect: "no azurerm_monitor_diagnostic_setting exports the subscription's Activity Log" },
      { name: "Administrative only", stack: { data: SUBSCRIPTION, resource: { ...ENV_TAGGED, azurerm_monitor_diagnostic_setting: { d: { target_resource_id: "${data.azurerm_subscription.current.id}", enabled_log: [{ category: "Administrative" }] } } } }, expect: "but not Security, Policy" },
      {
        name: "a plan whose only setting is on a vault",
        plan: planOf([
          { type: "azurerm_key_vault", name: "v", after: { tags: { environment: "prod" } } },
          { type: "azurerm_monitor_diagnostic_setting", name: "d", after: { enabled_log: [{ category: "AuditEvent" }] }, unknown: { target_resource_id: true }, references: { target_resource_id: ["azurerm_key_vault.v.id"] } },
        ]),
        expect: "no azurerm_monitor_diagnostic_setting exports",
      },
    ],
  },
});
