import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

export const rule = resourceRule({
  control: "FUNCTION-INGRESS-INTERNAL",
  cloud: "azure",
  title: "Function apps are not reachable from the public internet",
  severity: "error",
  appliesTo: ["azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_function_app_flex_consumption"],
  mappings: { checkov: ["CKV_AZURE_221"], nist80053: ["SC-7", "AC-4"] },
  rationale: "A function app with a public endpoint can be called, probed and brute-forced by anyone; private endpoints or VNet integration keep its callers inside the network.",
  fix: "Set public_network_access_enabled = false and reach the app through a private endpoint.",
  check(app, context) {
    const problems = context.problems();
    // azurerm 4.55 appservice: public_network_access_enabled defaults to true.
    const open = valueOf(app, "public_network_access_enabled");
    if (open === UNKNOWN_VALUE) problems.unknown("public_network_access_enabled");
    else if (open !== false) problems.error(`public_network_access_enabled is ${show(open)}${open === undefined ? " (default true)" : ""}, not false`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "private only", stack: { resource: { azurerm_linux_function_app: { f: { public_network_access_enabled: false } } } } }],
    noncompliance: [
      { name: "public by default", stack: { resource: { azurerm_function_app_flex_consumption: { f: {} } } }, expect: "\"absent\" (default true)" },
      { name: "public", stack: { resource: { azurerm_windows_function_app: { f: { public_network_access_enabled: true } } } }, expect: "public_network_access_enabled is true" },
      { name: "a plan of a public app", plan: planOf([{ type: "azurerm_linux_function_app", name: "f", after: { public_network_access_enabled: true } }]), expect: "not false" },
    ],
  },
});
