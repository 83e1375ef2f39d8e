import { Resource, isExpression, isUnknown, valuesAt } from "../../model";
import { Problems, resourceRule } from "../../rule";
import { planOf } from "../../support/azure-model";

const SETTING = "APPLICATIONINSIGHTS_CONNECTION_STRING";

/** Judges one place the connection string may be: "referenced" (what we want), "literal", "unknown" or "absent". */
function judge(app: Resource, path: string): "referenced" | "literal" | "unknown" | "absent" {
  const raw = valuesAt(app.attributes, path)[0];
  if (raw === undefined || raw === null || raw === "") return "absent";
  if (isExpression(raw)) return "referenced";
  // A plan hides the value until apply (or as sensitive); the configuration still shows the reference.
  if (isUnknown(raw)) return app.references.has(path) ? "referenced" : "unknown";
  return "literal";
}

function report(outcome: ReturnType<typeof judge>, path: string, problems: Problems): void {
  if (outcome === "unknown") problems.unknown(path);
  else if (outcome === "literal") problems.relaxed(`${path} is a literal string, not a reference to an azurerm_application_insights of the stack`);
}

export const rule = resourceRule({
  control: "FUNCTION-TRACED",
  cloud: "azure",
  title: "Function apps send traces to Application Insights",
  severity: "error",
  appliesTo: ["azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_function_app_flex_consumption"],
  mappings: { nist80053: ["AU-12", "SI-4"] },
  rationale: "Without distributed traces a failed or abused invocation leaves nothing to follow across the function and the stores it touched.",
  fix: "Set site_config.application_insights_connection_string (or the APPLICATIONINSIGHTS_CONNECTION_STRING app setting) to azurerm_application_insights.<name>.connection_string.",
  check(app, context) {
    const problems = context.problems();
    const siteConfig = judge(app, "site_config.application_insights_connection_string");
    const setting = judge(app, `app_settings.${SETTING}`);
    if (siteConfig === "absent" && setting === "absent") return problems.error(`neither site_config.application_insights_connection_string nor the ${SETTING} app setting is set: invocations are not traced`).outcome();
    if (siteConfig === "referenced" || setting === "referenced") return problems.outcome();
    report(siteConfig, "site_config.application_insights_connection_string", problems);
    report(setting, `app_settings.${SETTING}`, problems);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "connection string by reference", stack: { resource: { azurerm_linux_function_app: { f: { site_config: { application_insights_connection_string: "${azurerm_application_insights.ai.connection_string}" } } } } } },
      { name: "app setting by reference", stack: { resource: { azurerm_function_app_flex_consumption: { f: { site_config: {}, app_settings: { [SETTING]: "${azurerm_application_insights.ai.connection_string}" } } } } } },
    ],
    noncompliance: [
      { name: "not traced", stack: { resource: { azurerm_linux_function_app: { f: { site_config: {} } } } }, expect: "invocations are not traced" },
      { name: "a literal connection string", stack: { resource: { azurerm_windows_function_app: { f: { site_config: { application_insights_connection_string: "InstrumentationKey=00000000-0000-0000-0000-000000000000" } } } } }, expect: "is a literal string", severity: "warning" },
      { name: "a plan of an untraced app", plan: planOf([{ type: "azurerm_linux_function_app", name: "f", after: { site_config: [{}], app_settings: {} } }]), expect: "invocations are not traced" },
    ],
  },
});
