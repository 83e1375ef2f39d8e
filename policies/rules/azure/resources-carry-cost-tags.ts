import { notApplicable, resourceRule, UNKNOWN_VALUE } from "../../rule";
import { planOf, tagsOf } from "../../support/azure-model";
import { AZURE_TAGGABLE_TYPES } from "../../support/azure-taggable";

/** The tags cost allocation groups by (constructs/shared/tags.ts). */
const COST_TAGS = ["cost-center", "owner"] as const;
const TAGGABLE: ReadonlySet<string> = new Set(AZURE_TAGGABLE_TYPES);

export const rule = resourceRule({
  control: "COST-TAGS",
  cloud: "azure",
  title: "Every taggable Azure resource carries the cost-center and owner tags",
  severity: "error",
  appliesTo: ["*"],
  mappings: { nist80053: ["CM-8", "PM-5"] },
  rationale: "Cost Management allocates spend and routes alerts by tags; an untagged resource is spend nobody owns, and azurerm has no provider default tags to fill the gap.",
  fix: "Pass the blueprint's standard tags (standardTags: cost-center, owner, environment, data-classification, managed-by) to every construct; each sets tags on its resources.",
  check(resource, context) {
    if (!resource.type.startsWith("azurerm_") || (!TAGGABLE.has(resource.type) && resource.attributes["tags"] === undefined)) return notApplicable("not a taggable azurerm resource");
    const problems = context.problems();
    const tags = tagsOf(resource);
    if (tags === UNKNOWN_VALUE) return problems.unknown("tags").outcome();
    const missing = COST_TAGS.filter((t) => {
      const value = tags?.[t];
      return value === undefined || value === null || value === "";
    });
    if (missing.length > 0) problems.error(`tags ${tags ? "lack" : "are absent, so it lacks"} ${missing.map((t) => JSON.stringify(t)).join(" and ")}`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "standard tags", stack: { resource: { azurerm_key_vault: { v: { tags: { "cost-center": "CC-4021", owner: "ml-platform", environment: "prod" } } } } } }],
    noncompliance: [
      { name: "no tags", stack: { resource: { azurerm_storage_account: { a: {} } } }, expect: "tags are absent, so it lacks \"cost-center\" and \"owner\"" },
      { name: "owner missing", stack: { resource: { azurerm_resource_group: { rg: { tags: { "cost-center": "CC-4021" } } } } }, expect: "tags lack \"owner\"" },
      { name: "an unlisted type that takes tags", stack: { resource: { azurerm_redis_cache: { r: { tags: { owner: "x" } } } } }, expect: "lack \"cost-center\"" },
      { name: "a plan of an untagged identity", plan: planOf([{ type: "azurerm_user_assigned_identity", name: "i", after: { tags: {} } }]), expect: "tags lack \"cost-center\" and \"owner\"" },
    ],
  },
});
