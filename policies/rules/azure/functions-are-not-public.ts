import { Json, valuesAt } from "../../model";
import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

/**
 * Service tags an app may admit through its public endpoint. Event Grid delivers to an Azure
 * Function only through the app's public endpoint ("Event delivery with a managed identity":
 * "Currently, it's not possible to deliver events using private endpoints"), from addresses in
 * the `AzureEventGrid` service tag ("Network security for Azure Event Grid resources"); an
 * Event Grid trigger also needs the function's system key, which only an event subscription
 * created through Azure Resource Manager obtains. Broad tags (`AzureCloud`, `Internet`) would
 * admit any tenant's workload and are refused.
 */
const ADMITTED_SERVICE_TAGS = ["AzureEventGrid"];

type Restriction = Json & { action?: unknown; service_tag?: unknown; ip_address?: unknown; virtual_network_subnet_id?: unknown };

/** Why the main site's restrictions do not limit callers to the admitted service tags, or undefined when they do. */
function openRestriction(app: Parameters<typeof valueOf>[0]): string | undefined | typeof UNKNOWN_VALUE {
  const mainDefault = valueOf(app, "site_config.ip_restriction_default_action");
  const scmDefault = valueOf(app, "site_config.scm_ip_restriction_default_action");
  if (mainDefault === UNKNOWN_VALUE || scmDefault === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  // azurerm 4.55 appservice helpers: both default to "Allow".
  if (mainDefault !== "Deny") return `site_config.ip_restriction_default_action is ${show(mainDefault)}${mainDefault === undefined ? " (default Allow)" : ""}, not Deny`;
  if (scmDefault !== "Deny") return `site_config.scm_ip_restriction_default_action is ${show(scmDefault)}${scmDefault === undefined ? " (default Allow)" : ""}, not Deny`;
  const rules = valuesAt(app.attributes, "site_config.ip_restriction").flat() as Restriction[];
  if (rules.length === 0) return undefined;
  for (const r of rules) {
    if (r === null || typeof r !== "object") return UNKNOWN_VALUE;
    const action = r.action ?? "Allow";
    if (action !== "Allow") continue;
    if (typeof r.service_tag !== "string" || !ADMITTED_SERVICE_TAGS.includes(r.service_tag) || r.ip_address || r.virtual_network_subnet_id) {
      return `site_config.ip_restriction admits ${show(r.service_tag ?? r.ip_address ?? r.virtual_network_subnet_id)}, not only ${ADMITTED_SERVICE_TAGS.join(", ")}`;
    }
  }
  return undefined;
}

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
    if (open === UNKNOWN_VALUE) return problems.unknown("public_network_access_enabled").outcome();
    if (open === false) return problems.outcome();
    const why = openRestriction(app);
    if (why === UNKNOWN_VALUE) problems.unknown("site_config ip restrictions");
    else if (why === undefined) problems.relaxed("public_network_access_enabled is true, restricted to the AzureEventGrid service tag (main site deny by default, SCM site deny): Event Grid delivers to functions only through the public endpoint");
    else problems.error(`public_network_access_enabled is ${show(open)}${open === undefined ? " (default true)" : ""}, not false, and ${why}`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "private only", stack: { resource: { azurerm_linux_function_app: { f: { public_network_access_enabled: false } } } } }],
    noncompliance: [
      { name: "public by default", stack: { resource: { azurerm_function_app_flex_consumption: { f: {} } } }, expect: "\"absent\" (default true)" },
      { name: "public", stack: { resource: { azurerm_windows_function_app: { f: { public_network_access_enabled: true } } } }, expect: "public_network_access_enabled is true" },
      { name: "a plan of a public app", plan: planOf([{ type: "azurerm_linux_function_app", name: "f", after: { public_network_access_enabled: true } }]), expect: "not false" },
      {
        name: "public, admitting Event Grid only, SCM deny (a relaxation, reported)",
        stack: {
          resource: {
            azurerm_function_app_flex_consumption: {
              f: {
                public_network_access_enabled: true,
                site_config: { ip_restriction_default_action: "Deny", scm_ip_restriction_default_action: "Deny", ip_restriction: [{ name: "event-grid", action: "Allow", service_tag: "AzureEventGrid", priority: 100 }] },
              },
            },
          },
        },
        expect: "restricted to the AzureEventGrid service tag",
        severity: "warning",
      },
      {
        name: "public, admitting all of Azure",
        stack: {
          resource: {
            azurerm_function_app_flex_consumption: {
              f: { public_network_access_enabled: true, site_config: { ip_restriction_default_action: "Deny", scm_ip_restriction_default_action: "Deny", ip_restriction: [{ action: "Allow", service_tag: "AzureCloud" }] } },
            },
          },
        },
        expect: "site_config.ip_restriction admits \"AzureCloud\", not only AzureEventGrid",
      },
      {
        name: "public, SCM site open",
        stack: { resource: { azurerm_function_app_flex_consumption: { f: { public_network_access_enabled: true, site_config: { ip_restriction_default_action: "Deny" } } } } },
        expect: "scm_ip_restriction_default_action is \"absent\" (default Allow), not Deny",
      },
      {
        name: "public, main site allowing by default",
        stack: { resource: { azurerm_function_app_flex_consumption: { f: { public_network_access_enabled: true, site_config: { ip_restriction_default_action: "Allow", scm_ip_restriction_default_action: "Deny" } } } } },
        expect: "ip_restriction_default_action is \"Allow\", not Deny",
      },
    ],
  },
});
