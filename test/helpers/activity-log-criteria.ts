/*
 * Decides whether an Azure Activity Log record fires an `azurerm_monitor_activity_log_alert` as
 * synthesized, so a test can say "this record raises the alert, that one does not" without an
 * Azure subscription.
 *
 * Records are in the Azure Monitor activity log event schema ("Azure Monitor activity log event
 * schema", Microsoft docs): `category`, `operationName`, `resourceType`, `resourceProviderName`,
 * `status` and `subStatus` are `{ value, localizedValue }` objects; `caller`, `level`,
 * `resourceId` and `resourceGroupName` are strings.
 *
 * How a rule matches (what the test trusts):
 * - azurerm 4.55 (monitor_activity_log_alert_resource.go, expandMonitorActivityLogAlertCriteria)
 *   turns every criteria field into an `allOf` leaf `{ field, equals }` (category, operationName,
 *   caller, level, resourceProvider, resourceType, resourceGroup, resourceId, status, subStatus)
 *   and every plural field (`levels`, `statuses`, `resource_types`, ...) into an `anyOf` of
 *   such leaves: all criteria must hold, a plural one by any of its values;
 * - Azure compares each leaf "case-insensitive" (Microsoft.Insights activityLogAlerts REST API,
 *   AlertRuleLeafCondition.equals: "The value of the event's field will be compared to this
 *   value (case-insensitive)"), so `microsoft.keyvault/vaults/delete` matches
 *   `Microsoft.KeyVault/vaults/delete`; the comparison is whole-value equality, never a prefix;
 * - the rule sees only events of resources inside one of its `scopes` (the scope id is a prefix
 *   of the event's resourceId at a `/` boundary, case-insensitive, as ARM ids are);
 * - a disabled rule (`enabled: false`) fires on nothing.
 *
 * A criteria field this matcher does not know (resource_health, service_health,
 * recommendation_*) throws, so no test passes on a field it ignored.
 */

export type ActivityLogRecord = Readonly<Record<string, unknown>>;

type Json = Record<string, unknown>;

/** Criteria key (snake_case, as synthesized) → the record field it compares. */
const SINGLE: Readonly<Record<string, string>> = {
  category: "category",
  operation_name: "operationName",
  caller: "caller",
  level: "level",
  resource_provider: "resourceProviderName",
  resource_type: "resourceType",
  resource_group: "resourceGroupName",
  resource_id: "resourceId",
  status: "status",
  sub_status: "subStatus",
};

const PLURAL: Readonly<Record<string, string>> = {
  levels: "level",
  resource_providers: "resourceProviderName",
  resource_types: "resourceType",
  resource_groups: "resourceGroupName",
  resource_ids: "resourceId",
  statuses: "status",
  sub_statuses: "subStatus",
};

/** A record field's value: the `value` of a `{ value, localizedValue }` object, or the string itself. */
export function recordField(record: ActivityLogRecord, field: string): string | undefined {
  const raw = record[field];
  if (typeof raw === "string") return raw;
  if (typeof raw === "object" && raw !== null && typeof (raw as Json)["value"] === "string") return (raw as Json)["value"] as string;
  return undefined;
}

function equalsIgnoreCase(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Whether the record satisfies a synthesized `criteria` block (all fields, plural ones by any value). */
export function criteriaMatch(criteria: Json, record: ActivityLogRecord): boolean {
  for (const [key, expected] of Object.entries(criteria)) {
    if (key in SINGLE) {
      if (!equalsIgnoreCase(recordField(record, SINGLE[key]!), String(expected))) return false;
    } else if (key in PLURAL) {
      const values = expected as unknown[];
      if (!Array.isArray(values)) throw new Error(`criteria.${key} is not a list`);
      if (!values.some((v) => equalsIgnoreCase(recordField(record, PLURAL[key]!), String(v)))) return false;
    } else {
      throw new Error(`criteria.${key} is not understood by this matcher`);
    }
  }
  return true;
}

/** Whether a resource id lies inside a scope id (equal, or below it at a `/`), case-insensitive. */
export function inScope(scope: string, resourceId: string): boolean {
  const s = scope.toLowerCase().replace(/\/+$/, "");
  const r = resourceId.toLowerCase();
  return r === s || r.startsWith(`${s}/`);
}

/** Whether a synthesized `azurerm_monitor_activity_log_alert` fires on the record. */
export function activityLogAlertFires(alert: Json, record: ActivityLogRecord): boolean {
  if (alert["enabled"] === false) return false;
  const scopes = alert["scopes"] as string[];
  const resourceId = recordField(record, "resourceId");
  if (resourceId === undefined || !scopes.some((s) => inScope(s, resourceId))) return false;
  return criteriaMatch(alert["criteria"] as Json, record);
}
