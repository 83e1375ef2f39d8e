import { FunctionAlerts, FunctionAlertsProps, GATE_REJECTIONS_QUERY } from "../../../constructs/azure/function-alerts";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const RG = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod";
const APP = `${RG}/providers/Microsoft.Web/sites/acme-ai-prod-gate-fraud-scoring-1a2b`;
const INSIGHTS = `${RG}/providers/Microsoft.Insights/components/appi-acme-ai-prod-gate-fraud-scoring-1a2b`;
const ACTION_GROUP = `${RG}/providers/Microsoft.Insights/actionGroups/acme-ai-prod-security-alerts`;

const BASE: FunctionAlertsProps = {
  namePrefix: "acme-ai-prod-gate-fraud-scoring",
  resourceGroupName: "rg-acme-ai-prod",
  location: "westeurope",
  function: { functionAppId: APP, insights: { id: INSIGHTS } },
  actionGroup: { actionGroupId: ACTION_GROUP },
  rejectionsPerHour: 5,
  tags: { environment: "prod" },
};

function synthAlerts(props: Partial<FunctionAlertsProps> = {}): Json {
  return synthConstruct((scope) => {
    new FunctionAlerts(scope, "gate-alerts", { ...BASE, ...props });
  });
}

function metricAlert(stack: Json, name: string): Json {
  const found = Object.values(resourcesOf(stack, "azurerm_monitor_metric_alert")).filter((a) => a["name"] === name);
  if (found.length !== 1) throw new Error(`expected one metric alert named ${name}, found ${found.length}`);
  return found[0]!;
}

/** The decision lines the handler logs (functions/promotion-gate/handlers/azure/handler.ts), as `traces.message`. */
const ACCEPTED_LINE = JSON.stringify({ gate: "promotion-gate", cloud: "azure", registry: "fraud-scoring", event: "e1", model: "m", version: "1", status: "promoted", accepted: true, recordKey: "provenance/x", failedChecks: [], reasons: [] });
const REJECTED_LINE = JSON.stringify({ gate: "promotion-gate", cloud: "azure", registry: "fraud-scoring", event: "e2", model: "m", version: "2", status: "rejected", accepted: false, recordKey: "provenance/y", failedChecks: ["malware-scan"], reasons: ["MALWARE_FOUND"] });
const IGNORED_LINE = JSON.stringify({ gate: "promotion-gate", cloud: "azure", registry: "fraud-scoring", event: "e3", status: "ignored", reason: "event type X is not Microsoft.Storage.BlobCreated" });

/**
 * The rejection query's filter, evaluated the way KQL does for these lines: `parse_json` of a
 * non-JSON message gives a string (no fields), `tobool()` of a missing field is null and
 * `null == false` is not true.
 */
function countedAsRejection(message: string): boolean {
  let line: unknown;
  try {
    line = JSON.parse(message);
  } catch {
    return false;
  }
  if (typeof line !== "object" || line === null) return false;
  const fields = line as Record<string, unknown>;
  const accepted = typeof fields["accepted"] === "boolean" ? fields["accepted"] : null;
  return String(fields["gate"]) === "promotion-gate" && accepted === false;
}

describe("azure FunctionAlerts", () => {
  const stack = synthAlerts();

  test("three learned-baseline metric alerts and one rejection log alert, by name", () => {
    expect(Object.values(resourcesOf(stack, "azurerm_monitor_metric_alert")).map((a) => a["name"]).sort()).toEqual([
      "acme-ai-prod-gate-fraud-scoring-duration",
      "acme-ai-prod-gate-fraud-scoring-executions",
      "acme-ai-prod-gate-fraud-scoring-failures",
    ]);
    expect(onlyResource(stack, "azurerm_monitor_scheduled_query_rules_alert_v2")["name"]).toBe("acme-ai-prod-gate-fraud-scoring-rejections");
  });

  test.each([
    ["executions", APP, "Microsoft.Web/sites", "OnDemandFunctionExecutionCount", "Total"],
    ["failures", INSIGHTS, "microsoft.insights/components", "requests/failed", "Count"],
    ["duration", INSIGHTS, "microsoft.insights/components", "requests/duration", "Average"],
  ])("%s: dynamic threshold, Medium sensitivity, 3 of 4 hourly windows above the baseline", (what, scope, namespace, metric, aggregation) => {
    const alert = metricAlert(stack, `acme-ai-prod-gate-fraud-scoring-${what}`);
    expect(alert["scopes"]).toEqual([scope]);
    expect(alert["dynamic_criteria"]).toEqual({
      metric_namespace: namespace,
      metric_name: metric,
      aggregation,
      operator: "GreaterThan",
      alert_sensitivity: "Medium",
      evaluation_total_count: 4,
      evaluation_failure_count: 3,
    });
    expect(alert["criteria"]).toBeUndefined();
    expect([alert["frequency"], alert["window_size"], alert["severity"], alert["auto_mitigate"]]).toEqual(["PT15M", "PT1H", 3, true]);
    expect(alert["action"]).toEqual([{ action_group_id: ACTION_GROUP }]);
    expect(alert["resource_group_name"]).toBe("rg-acme-ai-prod");
    expect(alert["tags"]).toEqual({ environment: "prod" });
  });

  test("the rejection alert counts rejected decisions over an hour against the configured threshold", () => {
    const rule = onlyResource(stack, "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(rule["scopes"]).toEqual([INSIGHTS]);
    expect(rule["criteria"]).toEqual([
      {
        query: 'traces\n| extend line = parse_json(message)\n| where tostring(line.gate) == "promotion-gate" and tobool(line.accepted) == false',
        time_aggregation_method: "Count",
        operator: "GreaterThan",
        threshold: 5,
      },
    ]);
    expect([rule["evaluation_frequency"], rule["window_duration"], rule["severity"], rule["enabled"], rule["auto_mitigation_enabled"], rule["location"]]).toEqual(["PT15M", "PT1H", 2, true, true, "westeurope"]);
    expect(rule["action"]).toEqual({ action_groups: [ACTION_GROUP] });
    expect(rule["identity"]).toBeUndefined();
    expect(rule["tags"]).toEqual({ environment: "prod" });
  });

  test("the threshold follows monitoring.gateRejectionsPerHour", () => {
    const rule = onlyResource(synthAlerts({ rejectionsPerHour: 40 }), "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect((rule["criteria"] as Json[])[0]!["threshold"]).toBe(40);
  });

  test("the query's filter keeps rejections and drops acceptances, ignored events and other traces", () => {
    expect(GATE_REJECTIONS_QUERY).toContain("tobool(line.accepted) == false");
    expect([ACCEPTED_LINE, REJECTED_LINE, IGNORED_LINE, "Executing 'Functions.promotionGate'"].map(countedAsRejection)).toEqual([false, true, false, false]);
  });

  test("a threshold outside 1-10,000 or fractional is refused", () => {
    for (const rejectionsPerHour of [0, 10_001, 2.5]) {
      expect(validationErrorOf(() => synthAlerts({ rejectionsPerHour })).problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([
        ["AZURE_FUNCTION_ALERTS_REJECTIONS_INVALID", "rejectionsPerHour", "test/gate-alerts"],
      ]);
    }
  });
});
