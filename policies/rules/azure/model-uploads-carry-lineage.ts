import { Resource } from "../../model";
import { RuleContext, notApplicable, resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, purposeOf, show } from "../../support/azure-model";
import { assignedRole, grantedDataActions } from "../../support/azure-roles";

/** Registry accounts carry this `purpose` tag (ModelRegistry sets it). */
const REGISTRY_PURPOSE = "models";
/** The container publishers upload into (constructs/azure/model-registry.ts INCOMING_CONTAINER). */
const INCOMING = "incoming";

const BLOBS = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
/** Data actions that create or overwrite blob content (learn.microsoft.com, "Actions and attributes for Azure role assignment conditions for Azure Blob Storage"). */
const WRITE_ACTIONS = [`${BLOBS}/write`, `${BLOBS}/add/action`];
const TAGS_WRITE = `${BLOBS}/tags/write`;
/** Built-in roles whose data actions include blob writes (learn.microsoft.com built-in roles: storage); Owner and Contributor have none. */
const WRITER_BUILT_IN_ROLES = ["Storage Blob Data Contributor", "Storage Blob Data Owner"];

/** The write operations that carry blob index tags: each must be targeted, or that path is unconditioned. */
const TAGGED_WRITE_TARGETS = WRITE_ACTIONS.map((a) => `ActionMatches{'${a}'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'}`);
/** A clause that requires one key to be present among the request's tag keys. */
const KEY_PRESENT = /@Request\[Microsoft\.Storage\/storageAccounts\/blobServices\/containers\/blobs\/tags&\$keys\$&\] ForAnyOf(Any|All)Values:StringEquals \{'[^']+'\}/;

/** Why the assignment's scope covers a registry's incoming container, or undefined when it does not. */
function registryScope(assignment: Resource, context: RuleContext): string | undefined {
  for (const target of context.referenced(assignment, "scope")) {
    if (target.type === "azurerm_storage_account" && purposeOf(target) === REGISTRY_PURPOSE) return `the registry account ${target.address}`;
    if (target.type === "azurerm_storage_container" && valueOf(target, "name") === INCOMING) {
      const accounts = context.referenced(target, "storage_account_id");
      if (accounts.some((a) => purposeOf(a) === REGISTRY_PURPOSE)) return `the incoming container ${target.address}`;
    }
  }
  return undefined;
}

const ACCOUNT = { azurerm_storage_account: { reg: { name: "streg", tags: { purpose: "models" } } } };
const INCOMING_CONTAINER = { azurerm_storage_container: { incoming: { name: "incoming", storage_account_id: "${azurerm_storage_account.reg.id}" }, approved: { name: "approved", storage_account_id: "${azurerm_storage_account.reg.id}" } } };
const WRITER = { azurerm_role_definition: { writer: { name: "w", scope: "/subscriptions/s/resourceGroups/rg", permissions: [{ data_actions: [...WRITE_ACTIONS, TAGS_WRITE] }] } } };
const CONDITION =
  `((!(ActionMatches{'${BLOBS}/write'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'}) AND !(ActionMatches{'${BLOBS}/add/action'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'}) AND !(ActionMatches{'${TAGS_WRITE}'}))` +
  ` OR (@Request[${BLOBS}/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'dataset-digest'} AND @Request[${BLOBS}/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'source-commit'}))`;
const publisher = (extra: Record<string, unknown>) => ({
  resource: {
    ...ACCOUNT,
    ...INCOMING_CONTAINER,
    ...WRITER,
    azurerm_role_assignment: { pub: { scope: "${azurerm_storage_container.incoming.id}", role_definition_id: "${azurerm_role_definition.writer.role_definition_resource_id}", principal_id: "p", ...extra } },
  },
});

export const rule = resourceRule({
  control: "MODEL-LINEAGE-REQUIRED",
  cloud: "azure",
  title: "Role assignments that can write a registry's incoming container require the lineage tags on every upload",
  severity: "error",
  appliesTo: ["azurerm_role_assignment"],
  mappings: { nist80053: ["SR-4", "CM-14", "AC-3"] },
  rationale:
    "A model uploaded without its dataset digest, training commit and evaluation report cannot be traced to what produced it; an Azure ABAC condition on the role assignment makes the blob service refuse such an upload, and a tag change that strips them, before the gate ever sees it.",
  fix: "Give the assignment condition_version \"2.0\" and a condition targeting blobs/write and blobs/add/action with SubOperationMatches{'Blob.Write.WithTagHeaders'} (and blobs/tags/write when the role grants it) that requires each lineage key with @Request[...blobs/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'<key>'} (ModelRegistry.grantPublish does).",
  check(assignment, context) {
    const where = registryScope(assignment, context);
    if (!where) return notApplicable("not scoped to a model registry's incoming container or account");
    const problems = context.problems();
    const role = assignedRole(assignment, context);
    let grantsTagsWrite = false;
    if (role.kind === "unknown") return problems.unknown("role_definition_id").outcome();
    if (role.kind === "built-in") {
      if (!WRITER_BUILT_IN_ROLES.some((r) => r.toLowerCase() === role.name.toLowerCase())) return notApplicable(`"${role.name}" cannot write blobs`);
      grantsTagsWrite = role.name.toLowerCase() === "storage blob data owner";
    } else {
      if (grantedDataActions(role.definition, WRITE_ACTIONS).length === 0) return notApplicable("the custom role cannot write blobs");
      grantsTagsWrite = grantedDataActions(role.definition, [TAGS_WRITE]).length > 0;
    }
    const version = valueOf(assignment, "condition_version");
    const condition = valueOf(assignment, "condition");
    if (version === UNKNOWN_VALUE) problems.unknown("condition_version");
    else if (version !== "2.0") problems.error(`condition_version is ${show(version)}, not "2.0": ${where} accepts uploads without any condition on their lineage tags`);
    if (condition === UNKNOWN_VALUE) return problems.unknown("condition").outcome();
    if (typeof condition !== "string" || condition.trim() === "") return problems.error(`no condition: the assignment on ${where} accepts uploads without their lineage tags`).outcome();
    const untargeted = TAGGED_WRITE_TARGETS.filter((t) => !condition.includes(t));
    if (untargeted.length > 0) problems.error(`the condition does not target ${untargeted.map((t) => JSON.stringify(t)).join(", ")}: those uploads are not checked for lineage tags`);
    if (grantsTagsWrite && !condition.includes(`ActionMatches{'${TAGS_WRITE}'}`)) problems.error(`the role grants ${TAGS_WRITE} but the condition does not target it: Set Blob Tags can strip the lineage after upload`);
    if (!KEY_PRESENT.test(condition)) {
      // ForAllOfAnyValues only limits which keys may be set: an upload with no tag at all passes.
      problems.error("the condition requires no tag key to be present (one @Request[...blobs/tags&$keys$&] ForAnyOfAnyValues:StringEquals {'<key>'} per lineage key)");
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "the custom writer role on incoming with the lineage condition (ModelRegistry.grantPublish)", stack: publisher({ condition: CONDITION, condition_version: "2.0" }) },
      {
        name: "Storage Blob Data Contributor on the registry account with the lineage condition",
        stack: {
          resource: {
            ...ACCOUNT,
            azurerm_role_assignment: { a: { scope: "${azurerm_storage_account.reg.id}", role_definition_name: "Storage Blob Data Contributor", principal_id: "p", condition: CONDITION, condition_version: "2.0" } },
          },
        },
      },
    ],
    noncompliance: [
      { name: "no condition", stack: publisher({}), expect: "condition_version is \"absent\"" },
      { name: "a condition of version 1.0", stack: publisher({ condition: CONDITION, condition_version: "1.0" }), expect: "not \"2.0\"" },
      {
        name: "only ForAllOfAnyValues: an upload without tags passes",
        stack: publisher({ condition: CONDITION.replace(/ForAnyOfAnyValues/g, "ForAllOfAnyValues"), condition_version: "2.0" }),
        expect: "requires no tag key to be present",
      },
      {
        name: "add/action not targeted: a new blob escapes the condition",
        stack: publisher({ condition: CONDITION.replace(` AND !(ActionMatches{'${BLOBS}/add/action'} AND SubOperationMatches{'Blob.Write.WithTagHeaders'})`, ""), condition_version: "2.0" }),
        expect: "does not target",
      },
      {
        name: "tags/write granted but not targeted",
        stack: publisher({ condition: CONDITION.replace(` AND !(ActionMatches{'${TAGS_WRITE}'})`, ""), condition_version: "2.0" }),
        expect: "Set Blob Tags can strip the lineage",
      },
      {
        name: "Storage Blob Data Owner on the incoming container without a condition",
        stack: { resource: { ...ACCOUNT, ...INCOMING_CONTAINER, azurerm_role_assignment: { a: { scope: "${azurerm_storage_container.incoming.id}", role_definition_name: "Storage Blob Data Owner", principal_id: "p" } } } },
        expect: "no condition",
      },
      {
        name: "a plan assigning Storage Blob Data Contributor on incoming without a condition",
        plan: planOf([
          { type: "azurerm_storage_account", name: "reg", after: { name: "streg", tags: { purpose: "models" } } },
          { type: "azurerm_storage_container", name: "incoming", after: { name: "incoming" }, unknown: { storage_account_id: true }, references: { storage_account_id: ["azurerm_storage_account.reg.id"] } },
          { type: "azurerm_role_assignment", name: "a", after: { role_definition_name: "Storage Blob Data Contributor" }, unknown: { scope: true, principal_id: true }, references: { scope: ["azurerm_storage_container.incoming.id"] } },
        ]),
        expect: "no condition",
      },
    ],
  },
});
