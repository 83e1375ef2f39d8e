import { UNKNOWN_VALUE, isEnvironmentStack, notApplicable, stackRule, valueOf } from "../../rule";
import { show } from "../../support/azure-model";

/**
 * Microsoft Defender for Cloud's plans are one setting per subscription and resource type
 * (azurerm_security_center_subscription_pricing: tier Standard or Free, resource_type,
 * subplan). Defender for Key Vault learns each vault's access pattern and alerts on unusual
 * callers and volumes; Defender for Storage (DefenderForStorageV2) does so for storage accounts
 * and adds malware scanning on upload. Where a central team sets the plans by Azure Policy,
 * clouds.azure.threatDetection.defenderPlans is false: this rule then warns, and the
 * acknowledgement records who owns the plans instead.
 */
const PLANS = ["KeyVaults", "StorageAccounts"];

export const rule = stackRule({
  control: "THREAT-DETECTION",
  cloud: "azure",
  title: "Every Azure environment runs Defender for Key Vault and Defender for Storage",
  severity: "warning",
  appliesTo: ["azurerm_security_center_subscription_pricing"],
  mappings: { checkov: ["CKV_AZURE_87", "CKV_AZURE_84"], cis: ["Azure Foundations 2.1 2.1.7", "Azure Foundations 2.1 2.1.5"], nist80053: ["SI-4", "RA-5", "IR-4"] },
  rationale: "A signing key used from an unknown address or a registry account read in bulk at night is visible only to a detector that knows the usual pattern; the free tier has none.",
  fix: "Leave clouds.azure.threatDetection.defenderPlans on (DefenderPlans sets tier Standard for KeyVaults and StorageAccounts), or, where a central team sets the plans by Azure Policy, acknowledge this finding naming that team and its ticket.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const problems = context.problems();
    const pricings = context.resourcesOf("azurerm_security_center_subscription_pricing");
    for (const plan of PLANS) {
      const found = pricings.filter((p) => valueOf(p, "resource_type") === plan);
      if (found.length === 0) {
        problems.error(`no azurerm_security_center_subscription_pricing for ${plan}: the subscription's Defender plan is not this stack's (clouds.azure.threatDetection.defenderPlans is false?)`);
        continue;
      }
      const tier = valueOf(found[0]!, "tier");
      if (tier === UNKNOWN_VALUE) problems.unknown(`the tier of ${plan}`);
      else if (tier !== "Standard") problems.error(`${found[0]!.address}: ${plan} tier is ${show(tier)}, not "Standard"`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "both plans on Standard",
        stack: {
          resource: {
            azurerm_resource_group: { g: { name: "rg-acme-ai-prod", tags: { environment: "prod" } } },
            azurerm_security_center_subscription_pricing: { kv: { tier: "Standard", resource_type: "KeyVaults" }, st: { tier: "Standard", resource_type: "StorageAccounts", subplan: "DefenderForStorageV2" } },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "no plans",
        stack: { resource: { azurerm_resource_group: { g: { name: "rg-acme-ai-prod", tags: { environment: "prod" } } } } },
        expect: "no azurerm_security_center_subscription_pricing for KeyVaults",
      },
      {
        name: "Key Vault on the free tier",
        stack: {
          resource: {
            azurerm_resource_group: { g: { name: "rg-acme-ai-prod", tags: { environment: "prod" } } },
            azurerm_security_center_subscription_pricing: { kv: { tier: "Free", resource_type: "KeyVaults" }, st: { tier: "Standard", resource_type: "StorageAccounts" } },
          },
        },
        expect: 'KeyVaults tier is "Free", not "Standard"',
      },
    ],
  },
});
