import { notApplicable, resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { containersOf, immutabilityPoliciesOf, planOf, purposeOf, show } from "../../support/azure-model";

/** Accounts that hold audit evidence carry this `purpose` tag (ImmutableLogBucket sets it). */
const LOG_PURPOSE = "logs";
/** Model registry accounts (ModelRegistry); only their `approved` container is write-once, `incoming` expires. */
const REGISTRY_PURPOSE = "models";
const APPROVED = "approved";

const LOG_ACCOUNT = { tags: { purpose: "logs" } };
const CONTAINER = { storage_account_id: "${azurerm_storage_account.a.id}" };
const REGISTRY_ACCOUNT = { tags: { purpose: "models" } };

export const rule = resourceRule({
  control: "WRITE-ONCE",
  cloud: "azure",
  title: "Log storage accounts hold every container, model registries their approved container, under a locked time-based immutability policy",
  severity: "error",
  appliesTo: ["azurerm_storage_account"],
  mappings: { nist80053: ["AU-9", "AU-11", "SI-12"] },
  rationale: "Evidence that its subject can edit or delete proves nothing: a time-based immutability policy keeps every blob as written for the retention period, and only a locked policy cannot be shortened or removed.",
  fix: "Give every container of the log account an azurerm_storage_container_immutability_policy with immutability_period_in_days from the retention tier and locked = true (ImmutableLogBucket does; lockRetention false is the standard protection relaxation). A model registry's approved container gets the same policy with the registry's approvedRetentionDays (ModelRegistry does).",
  check(account, context) {
    const purpose = purposeOf(account);
    if (purpose !== LOG_PURPOSE && purpose !== REGISTRY_PURPOSE) return notApplicable("neither a log account nor a model registry (purpose tag)");
    const problems = context.problems();
    const all = containersOf(context, account);
    // A registry's released models are its evidence: a swapped approved model must be impossible.
    const containers = purpose === LOG_PURPOSE ? all : all.filter((c) => valueOf(c, "name") === APPROVED);
    if (containers.length === 0) {
      problems.error(purpose === LOG_PURPOSE ? "the log account has no container of this stack, so nothing is under an immutability policy" : "the model registry has no approved container of this stack, so released models can be overwritten");
    }
    for (const container of containers) {
      const policy = immutabilityPoliciesOf(context, container)[0];
      if (!policy) {
        problems.error(`${container.address} has no azurerm_storage_container_immutability_policy: its blobs can be overwritten and deleted`);
        continue;
      }
      const days = valueOf(policy, "immutability_period_in_days");
      if (days === UNKNOWN_VALUE) problems.unknown(`${policy.address} immutability_period_in_days`);
      else if (!(Number(days) >= 1)) problems.error(`${policy.address} immutability_period_in_days is ${show(days)}, not a positive number of days`);
      // Unlocked policies can be shortened or deleted (learn.microsoft.com/azure/storage/blobs/immutable-time-based-retention-policy-overview).
      const locked = valueOf(policy, "locked");
      if (locked === UNKNOWN_VALUE) problems.unknown(`${policy.address} locked`);
      else if (locked !== true) problems.relaxed(`${policy.address} locked is ${show(locked)}${locked === undefined ? " (default false)" : ""}: the retention can still be shortened or the policy deleted (standard protection)`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "every container under a locked policy (ImmutableLogBucket)",
        stack: {
          resource: {
            azurerm_storage_account: { a: LOG_ACCOUNT },
            azurerm_storage_container: { c: CONTAINER },
            azurerm_storage_container_immutability_policy: { p: { storage_container_resource_manager_id: "${azurerm_storage_container.c.id}", immutability_period_in_days: 2557, locked: true, protected_append_writes_enabled: true } },
          },
        },
      },
      {
        name: "a model registry whose approved container is under a locked policy (ModelRegistry); incoming expires instead",
        stack: {
          resource: {
            azurerm_storage_account: { a: REGISTRY_ACCOUNT },
            azurerm_storage_container: { approved: { ...CONTAINER, name: "approved" }, incoming: { ...CONTAINER, name: "incoming" } },
            azurerm_storage_container_immutability_policy: { p: { storage_container_resource_manager_id: "${azurerm_storage_container.approved.id}", immutability_period_in_days: 365, locked: true, protected_append_writes_enabled: false } },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "a model registry whose approved container has no policy",
        stack: { resource: { azurerm_storage_account: { a: REGISTRY_ACCOUNT }, azurerm_storage_container: { approved: { ...CONTAINER, name: "approved" } } } },
        expect: "azurerm_storage_container.approved has no azurerm_storage_container_immutability_policy",
      },
      { name: "a model registry without an approved container", stack: { resource: { azurerm_storage_account: { a: REGISTRY_ACCOUNT }, azurerm_storage_container: { incoming: { ...CONTAINER, name: "incoming" } } } }, expect: "has no approved container" },
      { name: "a container without a policy", stack: { resource: { azurerm_storage_account: { a: LOG_ACCOUNT }, azurerm_storage_container: { c: CONTAINER } } }, expect: "azurerm_storage_container.c has no azurerm_storage_container_immutability_policy" },
      { name: "no container at all", stack: { resource: { azurerm_storage_account: { a: LOG_ACCOUNT } } }, expect: "has no container" },
      {
        name: "an unlocked policy",
        stack: { resource: { azurerm_storage_account: { a: LOG_ACCOUNT }, azurerm_storage_container: { c: CONTAINER }, azurerm_storage_container_immutability_policy: { p: { storage_container_resource_manager_id: "${azurerm_storage_container.c.id}", immutability_period_in_days: 90, locked: false } } } },
        expect: "locked is false",
        severity: "warning",
      },
      {
        name: "a plan whose policy has no period",
        plan: planOf([
          { type: "azurerm_storage_account", name: "a", after: LOG_ACCOUNT },
          { type: "azurerm_storage_container", name: "c", after: {}, unknown: { storage_account_id: true }, references: { storage_account_id: ["azurerm_storage_account.a.id"] } },
          { type: "azurerm_storage_container_immutability_policy", name: "p", after: { immutability_period_in_days: 0, locked: true }, unknown: { storage_container_resource_manager_id: true }, references: { storage_container_resource_manager_id: ["azurerm_storage_container.c.id"] } },
        ]),
        expect: "immutability_period_in_days is 0",
      },
    ],
  },
});
