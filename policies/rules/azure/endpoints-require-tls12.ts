import { Resource } from "../../model";
import { Problems, resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

/** azurerm 4.55 accepts TLS1_0-TLS1_2 for storage (PossibleValuesForMinimumTlsVersion) and defaults to TLS1_2. */
const STORAGE_OK = ["TLS1_2", "TLS1_3"];
/** App Service `minimum_tls_version` values 1.2 and 1.3; both default to 1.2 (appservice/helpers/function_app_schema.go). */
const APP_OK = ["1.2", "1.3"];
const FUNCTION_APPS = ["azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_function_app_flex_consumption"];

function requireVersion(resource: Resource, path: string, accepted: readonly string[], problems: Problems): void {
  const version = valueOf(resource, path);
  if (version === UNKNOWN_VALUE) problems.unknown(path);
  else if (version !== undefined && !accepted.includes(String(version))) problems.error(`${path} is ${show(version)}, not ${accepted.join(" or ")}`);
}

export const rule = resourceRule({
  control: "MIN-TLS",
  cloud: "azure",
  title: "Storage accounts and function apps accept TLS 1.2 or later only",
  severity: "error",
  appliesTo: ["azurerm_storage_account", ...FUNCTION_APPS],
  mappings: { checkov: ["CKV_AZURE_44", "CKV_AZURE_145"], nist80053: ["SC-8", "SC-13"] },
  rationale: "TLS 1.0 and 1.1 have known weaknesses (BEAST, weak MACs, no AEAD ciphers) and are deprecated by RFC 8996; an endpoint that still accepts them can be downgraded.",
  fix: "Set min_tls_version = \"TLS1_2\" on storage accounts (hardenedStorageAccount does) and site_config.minimum_tls_version and scm_minimum_tls_version to \"1.2\" or \"1.3\" on function apps (or leave the 1.2 defaults).",
  check(resource, context) {
    const problems = context.problems();
    if (resource.type === "azurerm_storage_account") requireVersion(resource, "min_tls_version", STORAGE_OK, problems);
    else {
      requireVersion(resource, "site_config.minimum_tls_version", APP_OK, problems);
      requireVersion(resource, "site_config.scm_minimum_tls_version", APP_OK, problems);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "storage TLS 1.2", stack: { resource: { azurerm_storage_account: { a: { min_tls_version: "TLS1_2" } } } } },
      { name: "function app at the 1.2 defaults", stack: { resource: { azurerm_linux_function_app: { f: { site_config: {} } } } } },
      { name: "flex function app at 1.3", stack: { resource: { azurerm_function_app_flex_consumption: { f: { site_config: { minimum_tls_version: "1.3", scm_minimum_tls_version: "1.2" } } } } } },
    ],
    noncompliance: [
      { name: "storage TLS 1.0", stack: { resource: { azurerm_storage_account: { a: { min_tls_version: "TLS1_0" } } } }, expect: "min_tls_version is \"TLS1_0\", not TLS1_2 or TLS1_3" },
      { name: "function app TLS 1.1", stack: { resource: { azurerm_windows_function_app: { f: { site_config: { minimum_tls_version: "1.1" } } } } }, expect: "site_config.minimum_tls_version is \"1.1\"" },
      { name: "function app SCM site TLS 1.0", stack: { resource: { azurerm_linux_function_app: { f: { site_config: { scm_minimum_tls_version: "1.0" } } } } }, expect: "site_config.scm_minimum_tls_version is \"1.0\"" },
      { name: "a plan of a storage account at TLS 1.1", plan: planOf([{ type: "azurerm_storage_account", name: "a", after: { min_tls_version: "TLS1_1" } }]), expect: "\"TLS1_1\"" },
    ],
  },
});
