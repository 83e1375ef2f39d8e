import { Resource, isUnknown, valuesAt } from "../../model";
import { RuleContext, resourceRule } from "../../rule";
import { planOf } from "../../support/azure-model";

/** Blob-service diagnostic categories of reads, writes and deletes (learn.microsoft.com/azure/storage/blobs/monitor-blob-storage-reference). */
const REQUIRED = ["StorageRead", "StorageWrite", "StorageDelete"] as const;
/** Category groups that include all three. */
const COVERING_GROUPS = ["audit", "allLogs"];
const BLOB_SERVICE = /\/blobServices\/default$/i;

/**
 * Diagnostic settings on the account's blob service (`<account id>/blobServices/default`,
 * naming.ts azureBlobServiceId): referencing the account, with the suffix in the text; a plan
 * that leaves the id to apply yields "unknown" entries.
 */
function blobServiceSettings(account: Resource, context: RuleContext): { settings: Resource[]; unknown: Resource[] } {
  const settings: Resource[] = [];
  const unknown: Resource[] = [];
  for (const s of context.referencing(account, "azurerm_monitor_diagnostic_setting", "target_resource_id")) {
    const target = valuesAt(s.attributes, "target_resource_id")[0];
    if (isUnknown(target)) unknown.push(s);
    else if (typeof target === "string" && BLOB_SERVICE.test(target)) settings.push(s);
  }
  return { settings, unknown };
}

function categoriesOf(setting: Resource): string[] {
  return valuesAt(setting.attributes, "enabled_log.category").filter((c): c is string => typeof c === "string");
}

function groupsOf(setting: Resource): string[] {
  return valuesAt(setting.attributes, "enabled_log.category_group").filter((c): c is string => typeof c === "string");
}

const ACCOUNT = { azurerm_storage_account: { a: { name: "st" } } };

export const rule = resourceRule({
  control: "ACCESS-LOGGING",
  cloud: "azure",
  title: "Storage accounts log blob reads, writes and deletes",
  severity: "error",
  appliesTo: ["azurerm_storage_account"],
  mappings: { checkov: ["CKV2_AZURE_21"], nist80053: ["AU-2", "AU-3", "AU-12"] },
  rationale: "Without resource logs of the blob service nobody can tell who read the state, replaced an artifact or deleted evidence; the Activity Log records only control-plane changes.",
  fix: "Add an azurerm_monitor_diagnostic_setting with target_resource_id = \"${<account>.id}/blobServices/default\" and enabled_log StorageRead, StorageWrite and StorageDelete (or category_group audit) into the log account (AuditTrail does).",
  check(account, context) {
    const problems = context.problems();
    const { settings, unknown } = blobServiceSettings(account, context);
    if (settings.length === 0) {
      if (unknown.length > 0) return problems.unknown(`target_resource_id of ${unknown.map((s) => s.address).join(", ")}`).outcome();
      return problems.error("no azurerm_monitor_diagnostic_setting on the blob service (<account id>/blobServices/default): blob reads, writes and deletes are not logged").outcome();
    }
    if (settings.some((s) => groupsOf(s).some((g) => COVERING_GROUPS.includes(g)))) return problems.outcome();
    const logged = new Set(settings.flatMap(categoriesOf));
    const missing = REQUIRED.filter((c) => !logged.has(c));
    if (missing.length === 0) return problems.outcome();
    // The log account's own writes are the deliveries of its diagnostic settings: logging them
    // into itself would log each delivery again, forever (AuditTrail's LOG_ACCOUNT_AUDIT_CATEGORIES).
    const logsIntoItself = settings.some((s) => context.referenced(s, "storage_account_id").some((r) => r.baseAddress === account.baseAddress));
    if (logsIntoItself && missing.length === 1 && missing[0] === "StorageWrite") {
      problems.relaxed("StorageWrite is not logged: the account receives its own blob logs, whose deliveries would be logged again without end (deliberate for the log account)");
    } else {
      problems.error(`the blob service's diagnostic settings log ${[...logged].join(", ") || "no category"} but not ${missing.join(", ")}`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "reads, writes and deletes into the log account (the state account)",
        stack: { resource: { ...ACCOUNT, azurerm_monitor_diagnostic_setting: { d: { target_resource_id: "${azurerm_storage_account.a.id}/blobServices/default", storage_account_id: "${azurerm_storage_account.logs.id}", enabled_log: [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }] } } } },
      },
      { name: "the audit category group", stack: { resource: { ...ACCOUNT, azurerm_monitor_diagnostic_setting: { d: { target_resource_id: "${azurerm_storage_account.a.id}/blobServices/default", enabled_log: [{ category_group: "audit" }] } } } } },
    ],
    noncompliance: [
      { name: "no diagnostic setting", stack: { resource: ACCOUNT }, expect: "no azurerm_monitor_diagnostic_setting on the blob service" },
      { name: "a setting on the account, not its blob service", stack: { resource: { ...ACCOUNT, azurerm_monitor_diagnostic_setting: { d: { target_resource_id: "${azurerm_storage_account.a.id}", enabled_metric: [{ category: "Transaction" }] } } } }, expect: "no azurerm_monitor_diagnostic_setting on the blob service" },
      { name: "deletes not logged", stack: { resource: { ...ACCOUNT, azurerm_monitor_diagnostic_setting: { d: { target_resource_id: "${azurerm_storage_account.a.id}/blobServices/default", storage_account_id: "${azurerm_storage_account.logs.id}", enabled_log: [{ category: "StorageRead" }, { category: "StorageWrite" }] } } } }, expect: "but not StorageDelete" },
      {
        name: "the log account leaves out its own writes",
        stack: { resource: { ...ACCOUNT, azurerm_monitor_diagnostic_setting: { d: { target_resource_id: "${azurerm_storage_account.a.id}/blobServices/default", storage_account_id: "${azurerm_storage_account.a.id}", enabled_log: [{ category: "StorageRead" }, { category: "StorageDelete" }] } } } },
        expect: "StorageWrite is not logged",
        severity: "warning",
      },
      {
        name: "a plan logging reads only",
        plan: planOf([
          { type: "azurerm_storage_account", name: "a", after: { name: "st" } },
          { type: "azurerm_monitor_diagnostic_setting", name: "d", after: { target_resource_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default", enabled_log: [{ category: "StorageRead" }] }, references: { target_resource_id: ["azurerm_storage_account.a.id"] } },
        ]),
        expect: "but not StorageWrite, StorageDelete",
      },
    ],
  },
});
