import * as fs from "node:fs";
import * as path from "node:path";
import { ACTIVITY_LOG_ALERT_RULES, ActivityLogAlerts, ActivityLogAlertsProps } from "../../../constructs/azure/activity-log-alerts";
import { activityLogAlertFires, ActivityLogRecord } from "../../helpers/activity-log-criteria";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * Fixtures: one file per rule under test/fixtures/azure-events/, `fires` (a record the rule must
 * raise) and `benign` (one it must not, with the reason), written in the Azure Monitor activity
 * log event schema (Microsoft docs, "Azure Monitor activity log event schema": Administrative
 * and Security categories).
 */

const SUB = "/subscriptions/00000000-0000-4000-8000-000000000002";
const RG = `${SUB}/resourceGroups/rg-acme-ai-prod`;
const ACTION_GROUP = `${RG}/providers/Microsoft.Insights/actionGroups/acme-ai-prod-security-alerts`;
const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "azure-events");

const BASE: ActivityLogAlertsProps = {
  namePrefix: "acme-ai-prod-alert",
  resourceGroupName: "rg-acme-ai-prod",
  subscriptionId: SUB,
  resourceGroupId: RG,
  actionGroup: { actionGroupId: ACTION_GROUP },
  tags: { environment: "prod" },
};

function synthAlerts(props: Partial<ActivityLogAlertsProps> = {}): Json {
  return synthConstruct((scope) => {
    new ActivityLogAlerts(scope, "activity-log", { ...BASE, ...props });
  });
}

function alertNamed(stack: Json, name: string): Json {
  const found = Object.values(resourcesOf(stack, "azurerm_monitor_activity_log_alert")).filter((a) => a["name"] === name);
  if (found.length !== 1) throw new Error(`expected one activity log alert named ${name}, found ${found.length}`);
  return found[0]!;
}

function fixture(id: string): { fires: ActivityLogRecord; benign: ActivityLogRecord; benignBecause: string } {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${id}.json`), "utf8")) as { fires: ActivityLogRecord; benign: ActivityLogRecord; benignBecause: string };
}

/** [rule id, category, operation name or none, scope] as the tests expect them, literally. */
const EXPECTED: ReadonlyArray<[string, string, string | undefined, "subscription" | "resourceGroup"]> = [
  ["key-vault-write", "Administrative", "Microsoft.KeyVault/vaults/write", "resourceGroup"],
  ["key-vault-delete", "Administrative", "Microsoft.KeyVault/vaults/delete", "resourceGroup"],
  ["key-vault-access-policy", "Administrative", "Microsoft.KeyVault/vaults/accessPolicies/write", "resourceGroup"],
  ["key-vault-key-write", "Administrative", "Microsoft.KeyVault/vaults/keys/write", "resourceGroup"],
  ["key-vault-purge", "Administrative", "Microsoft.KeyVault/locations/deletedVaults/purge/action", "subscription"],
  ["diagnostic-setting-write", "Administrative", "Microsoft.Insights/diagnosticSettings/write", "subscription"],
  ["diagnostic-setting-delete", "Administrative", "Microsoft.Insights/diagnosticSettings/delete", "subscription"],
  ["immutability-policy-write", "Administrative", "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/write", "resourceGroup"],
  ["immutability-policy-delete", "Administrative", "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/delete", "resourceGroup"],
  ["immutability-policy-lock", "Administrative", "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/lock/action", "resourceGroup"],
  ["immutability-policy-extend", "Administrative", "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/extend/action", "resourceGroup"],
  ["role-assignment-write", "Administrative", "Microsoft.Authorization/roleAssignments/write", "subscription"],
  ["role-assignment-delete", "Administrative", "Microsoft.Authorization/roleAssignments/delete", "subscription"],
  ["role-definition-write", "Administrative", "Microsoft.Authorization/roleDefinitions/write", "subscription"],
  ["lock-delete", "Administrative", "Microsoft.Authorization/locks/delete", "resourceGroup"],
  ["storage-account-write", "Administrative", "Microsoft.Storage/storageAccounts/write", "resourceGroup"],
  ["storage-account-regenerate-key", "Administrative", "Microsoft.Storage/storageAccounts/regenerateKey/action", "resourceGroup"],
  ["defender-plan-write", "Administrative", "Microsoft.Security/pricings/write", "subscription"],
  ["storage-defender-write", "Administrative", "Microsoft.Security/defenderForStorageSettings/write", "resourceGroup"],
  ["security-alert", "Security", undefined, "subscription"],
];

describe("azure ActivityLogAlerts", () => {
  const stack = synthAlerts();

  test("one rule per expected operation, nothing else, well under the 100 per subscription", () => {
    const names = Object.values(resourcesOf(stack, "azurerm_monitor_activity_log_alert")).map((a) => a["name"]).sort();
    expect(names).toEqual(EXPECTED.map(([id]) => `acme-ai-prod-alert-${id}`).sort());
    expect(names).toHaveLength(20);
  });

  test.each(EXPECTED)("%s: criteria, scope, location and action", (id, category, operationName, scope) => {
    const alert = alertNamed(stack, `acme-ai-prod-alert-${id}`);
    expect(alert["criteria"]).toEqual(
      category === "Security" ? { category: "Security" } : { category, operation_name: operationName, statuses: ["Succeeded", "Failed"] },
    );
    expect(alert["scopes"]).toEqual([scope === "subscription" ? SUB : RG]);
    expect(alert["location"]).toBe("global");
    expect(alert["enabled"]).toBe(true);
    expect(alert["resource_group_name"]).toBe("rg-acme-ai-prod");
    expect(alert["action"]).toEqual([{ action_group_id: ACTION_GROUP }]);
    expect(alert["tags"]).toEqual({ environment: "prod" });
    expect(String(alert["description"]).length).toBeGreaterThan(10);
  });

  test.each(EXPECTED.map(([id]) => [id]))("%s fires on its fixture record and not on the benign one", (id) => {
    const { fires, benign } = fixture(id);
    const alert = alertNamed(stack, `acme-ai-prod-alert-${id}`);
    expect(activityLogAlertFires(alert, fires)).toBe(true);
    expect(activityLogAlertFires(alert, benign)).toBe(false);
  });

  test("each fixture record fires exactly its own rule: no rule is shadowed or doubled by another", () => {
    const alerts = Object.values(resourcesOf(stack, "azurerm_monitor_activity_log_alert"));
    for (const [id] of EXPECTED) {
      const firing = alerts.filter((a) => activityLogAlertFires(a, fixture(id).fires)).map((a) => a["name"]);
      expect([id, firing]).toEqual([id, [`acme-ai-prod-alert-${id}`]]);
    }
  });

  test("a key listing by azurerm on refresh raises nothing (listKeys is deliberately not watched)", () => {
    const listKeys = fixture("storage-account-write").benign;
    expect(Object.values(resourcesOf(stack, "azurerm_monitor_activity_log_alert")).filter((a) => activityLogAlertFires(a, listKeys))).toEqual([]);
  });

  test("the exported rule table is what the module gets by default", () => {
    expect(ACTIVITY_LOG_ALERT_RULES.map((r) => r.id)).toEqual(EXPECTED.map(([id]) => id));
  });

  describe("validation", () => {
    test("no rules, or more than 100, are refused", () => {
      expect(validationErrorOf(() => synthAlerts({ rules: [] })).problems.map((p) => [p.code, p.prop])).toEqual([["AZURE_ACTIVITY_LOG_ALERTS_COUNT", "rules"]]);
      const many = Array.from({ length: 101 }, (_, i) => ({ id: `r${i}`, category: "Administrative" as const, operationName: "Microsoft.Storage/storageAccounts/write", scope: "resourceGroup" as const, description: "too many" }));
      expect(validationErrorOf(() => synthAlerts({ rules: many })).problems.map((p) => [p.code, p.prop])).toEqual([["AZURE_ACTIVITY_LOG_ALERTS_COUNT", "rules"]]);
    });

    test("a rule id used twice is refused", () => {
      const rule = ACTIVITY_LOG_ALERT_RULES[0]!;
      expect(validationErrorOf(() => synthAlerts({ rules: [rule, rule] })).problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([
        ["AZURE_ACTIVITY_LOG_ALERTS_DUPLICATE_ID", "rules", "test/activity-log"],
      ]);
    });
  });
});
