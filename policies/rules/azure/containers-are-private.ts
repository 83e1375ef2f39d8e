import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

export const rule = resourceRule({
  control: "NO-PUBLIC-PRINCIPAL",
  cloud: "azure",
  title: "Blob containers allow no anonymous access",
  severity: "error",
  appliesTo: ["azurerm_storage_container"],
  mappings: { checkov: ["CKV_AZURE_34"], nist80053: ["AC-3", "AC-14"] },
  rationale: "`blob` lets anyone on the internet read a blob whose name they know, `container` lets them list and read them all, with no identity and no log of who it was.",
  fix: "Leave container_access_type at its default \"private\" (ImmutableLogBucket and StateBucket set it explicitly).",
  check(container, context) {
    const problems = context.problems();
    // azurerm 4.55 storage_container_resource.go: container_access_type defaults to "private".
    const access = valueOf(container, "container_access_type");
    if (access === UNKNOWN_VALUE) problems.unknown("container_access_type");
    else if (access !== undefined && access !== "private") problems.error(`container_access_type is ${show(access)}, not "private": anonymous clients can read ${access === "container" ? "and list every blob" : "its blobs"}`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "private", stack: { resource: { azurerm_storage_container: { c: { container_access_type: "private" } } } } },
      { name: "default (private)", stack: { resource: { azurerm_storage_container: { c: {} } } } },
    ],
    noncompliance: [
      { name: "anonymous blob reads", stack: { resource: { azurerm_storage_container: { c: { container_access_type: "blob" } } } }, expect: "container_access_type is \"blob\"" },
      { name: "anonymous listing", stack: { resource: { azurerm_storage_container: { c: { container_access_type: "container" } } } }, expect: "list every blob" },
      { name: "a plan opening a container", plan: planOf([{ type: "azurerm_storage_container", name: "c", after: { container_access_type: "blob" } }]), expect: "not \"private\"" },
    ],
  },
});
