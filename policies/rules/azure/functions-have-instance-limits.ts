import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

/** Where each function app type takes its scale-out limit (azurerm 4.55 appservice schemas). */
const LIMIT_PATHS: Readonly<Record<string, string>> = {
  azurerm_function_app_flex_consumption: "maximum_instance_count",
  azurerm_linux_function_app: "site_config.app_scale_limit",
  azurerm_windows_function_app: "site_config.app_scale_limit",
};

export const rule = resourceRule({
  control: "FUNCTION-CONCURRENCY-LIMITED",
  cloud: "azure",
  title: "Function apps have an explicit scale-out limit",
  severity: "error",
  appliesTo: Object.keys(LIMIT_PATHS),
  mappings: { nist80053: ["SC-5", "SC-6"] },
  rationale: "An unbounded scale-out turns a flood of requests or a retry loop into hundreds of instances: a denial of wallet, and a downstream store overwhelmed.",
  fix: "Set maximum_instance_count on Flex Consumption apps and site_config.app_scale_limit on Linux and Windows function apps to what the workload needs.",
  check(app, context) {
    const problems = context.problems();
    const path = LIMIT_PATHS[app.type]!;
    const limit = valueOf(app, path);
    if (limit === UNKNOWN_VALUE) problems.unknown(path);
    // Flex Consumption defaults to 100 instances (function_app_flex_consumption_resource.go at
    // v4.55.0), a platform ceiling, not a limit chosen for the function.
    else if (limit === undefined) problems.error(`${path} is absent: the app scales to the platform maximum${app.type === "azurerm_function_app_flex_consumption" ? " (100 instances by default)" : ""}`);
    else if (!(Number(limit) >= 1)) problems.error(`${path} is ${show(limit)}, not a positive instance count`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "flex app with 40 instances", stack: { resource: { azurerm_function_app_flex_consumption: { f: { maximum_instance_count: 40 } } } } },
      { name: "linux app with 5 workers", stack: { resource: { azurerm_linux_function_app: { f: { site_config: { app_scale_limit: 5 } } } } } },
    ],
    noncompliance: [
      { name: "flex app without a limit", stack: { resource: { azurerm_function_app_flex_consumption: { f: {} } } }, expect: "maximum_instance_count is absent" },
      { name: "linux app without a limit", stack: { resource: { azurerm_linux_function_app: { f: { site_config: {} } } } }, expect: "site_config.app_scale_limit is absent" },
      { name: "a plan of a windows app with limit 0", plan: planOf([{ type: "azurerm_windows_function_app", name: "f", after: { site_config: [{ app_scale_limit: 0 }] } }]), expect: "is 0, not a positive instance count" },
    ],
  },
});
