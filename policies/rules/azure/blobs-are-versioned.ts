import { notApplicable, resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { containersOf, immutabilityPoliciesOf, planOf, show } from "../../support/azure-model";

export const rule = resourceRule({
  control: "VERSIONING",
  cloud: "azure",
  title: "Storage accounts keep prior blob versions",
  severity: "error",
  appliesTo: ["azurerm_storage_account"],
  mappings: { nist80053: ["CP-9", "SI-12"] },
  rationale: "Without versions, an overwrite or a delete of a blob (state, artifacts) loses the previous content; versioning keeps each prior state recoverable.",
  fix: "Set blob_properties.versioning_enabled = true (StateBucket does). Log accounts whose every container is under a time-based immutability policy need none (ImmutableLogBucket).",
  check(account, context) {
    // azurerm 4.55 storage_account_resource.go: versioning_enabled defaults to false.
    const versioning = valueOf(account, "blob_properties.versioning_enabled");
    if (versioning === true) return { status: "compliant" };
    const problems = context.problems();
    if (versioning === UNKNOWN_VALUE) return problems.unknown("blob_properties.versioning_enabled").outcome();
    // Container-level WORM forbids overwriting and deleting a blob for the whole period, so
    // there is no prior version to keep. Azure allows versioning beside it (it is the
    // prerequisite of migrating to version-level WORM), it would only be billed twice
    // (learn.microsoft.com/azure/storage/blobs/immutable-container-level-worm-policies).
    const containers = containersOf(context, account);
    if (containers.length > 0 && containers.every((c) => immutabilityPoliciesOf(context, c).length > 0)) {
      return notApplicable("every container is under a time-based immutability policy: blobs cannot be overwritten or deleted, so there are no prior versions");
    }
    return problems.error(`blob_properties.versioning_enabled is ${show(versioning)}, not true: an overwrite or delete loses the previous content`).outcome();
  },
  tests: {
    compliance: [{ name: "versioning on (StateBucket)", stack: { resource: { azurerm_storage_account: { a: { blob_properties: { versioning_enabled: true } } } } } }],
    noncompliance: [
      { name: "versioning absent", stack: { resource: { azurerm_storage_account: { a: { blob_properties: { delete_retention_policy: { days: 30 } } } } } }, expect: "versioning_enabled is \"absent\"" },
      {
        name: "versioning off, one container without immutability",
        stack: {
          resource: {
            azurerm_storage_account: { a: { blob_properties: { versioning_enabled: false } } },
            azurerm_storage_container: { c: { storage_account_id: "${azurerm_storage_account.a.id}" }, d: { storage_account_id: "${azurerm_storage_account.a.id}" } },
            azurerm_storage_container_immutability_policy: { p: { storage_container_resource_manager_id: "${azurerm_storage_container.c.id}", immutability_period_in_days: 90 } },
          },
        },
        expect: "versioning_enabled is false",
      },
      { name: "a plan with versioning off", plan: planOf([{ type: "azurerm_storage_account", name: "a", after: { blob_properties: [{ versioning_enabled: false }] } }]), expect: "not true" },
    ],
  },
});
