import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { Construct } from "constructs";
import { GATE_REJECTIONS_PER_HOUR } from "../shared/limits/monitoring";
import { PropValidator } from "../shared/validation-error";
import { IActionGroup } from "./action-group";

/** What the alerts read from a gate function: its app and its Application Insights component (LockedDownFunction fits). */
export interface MonitoredFunction {
  /** Azure resource id of the function app. */
  readonly functionAppId: string;
  /** The app's Application Insights component. */
  readonly insights: { readonly id: string };
}

/** One learned-baseline metric alert of a gate. */
interface BaselineMetric {
  readonly id: "executions" | "failures" | "duration";
  readonly on: "app" | "insights";
  readonly namespace: string;
  readonly metric: string;
  readonly aggregation: "Total" | "Count" | "Average";
  readonly description: string;
}

/*
 * The metrics a Flex Consumption app has: executions are billing metrics of Microsoft.Web/sites
 * (`OnDemandFunctionExecutionCount`, "Azure Functions Flex Consumption plan hosting", billing;
 * Flex Consumption has no `FunctionExecutionCount`), and the gate runs on demand only (no
 * always-ready instances, whose executions count separately). Failures and duration come from
 * the Application Insights component the host writes each invocation to as a request
 * (Microsoft.Insights/components `requests/failed`, `requests/duration`), which does not depend
 * on the hosting plan's HTTP metrics; sampling is off on the gate (LockedDownFunction), so every
 * invocation counts.
 */
const BASELINE_METRICS: readonly BaselineMetric[] = [
  { id: "executions", on: "app", namespace: "Microsoft.Web/sites", metric: "OnDemandFunctionExecutionCount", aggregation: "Total", description: "Gate invocations above their learned baseline: a flood of uploads or replayed events." },
  { id: "failures", on: "insights", namespace: "microsoft.insights/components", metric: "requests/failed", aggregation: "Count", description: "Gate invocations failing above their learned baseline: storage, Key Vault or network trouble, or crafted uploads." },
  { id: "duration", on: "insights", namespace: "microsoft.insights/components", metric: "requests/duration", aggregation: "Average", description: "Gate invocations slower than their learned baseline: larger models than usual, or a dependency being slowed." },
];

/**
 * The KQL over the component's `traces` that counts the gate's rejections: the handler logs one
 * JSON line per decision through `context.log` (functions/promotion-gate/handlers/azure/
 * handler.ts), `accepted` false on a rejection; `ignored` lines carry no `accepted` and
 * `tobool()` of a missing field is null, which never equals false.
 */
export const GATE_REJECTIONS_QUERY = [
  "traces",
  "| extend line = parse_json(message)",
  '| where tostring(line.gate) == "promotion-gate" and tobool(line.accepted) == false',
].join("\n");

export interface FunctionAlertsProps {
  /** Prefix of every alert name, e.g. `acme-ai-prod-gate-fraud-scoring`: alerts are `<prefix>-<what>`. */
  readonly namePrefix: string;
  /** Resource group of the alerts (the function's). */
  readonly resourceGroupName: string;
  /** Azure location of the log alert (the component's). */
  readonly location: string;
  /** The gate function. */
  readonly function: MonitoredFunction;
  /** Where every alert delivers. */
  readonly actionGroup: IActionGroup;
  /** Rejections in one hour above which the rejection alert fires (1-10,000, monitoring.gateRejectionsPerHour). */
  readonly rejectionsPerHour: number;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A promotion gate's alerts: three metric alerts with dynamic thresholds (Azure Monitor learns
 * each metric's baseline and seasonality, so a gate that is suddenly busier, failing more or
 * slower alerts without anyone guessing a number), and a log alert on the gate's rejections
 * per hour, a set threshold because a burst of rejected uploads is an attack signal whatever
 * the baseline.
 *
 * Dynamic thresholds at Medium sensitivity over 1-hour windows evaluated every 15 minutes,
 * firing when 3 of the last 4 windows deviate: a gate sees few uploads a day, so shorter
 * windows would be noise. The log alert has no identity of its own (azurerm 4.55:
 * `identity` is optional, commonschema.SystemOrUserAssignedIdentityOptional): it queries only
 * the component it is scoped to, and an identity would need a role on the component that
 * nothing else needs. Local authentication being off on the component restricts ingestion
 * (instrumentation keys), not Azure Monitor's own queries.
 */
export class FunctionAlerts extends Construct {
  /** The metric alerts by what they watch. */
  public readonly metricAlerts: Readonly<Record<BaselineMetric["id"], MonitorMetricAlert>>;
  /** The rejection-rate log alert. */
  public readonly rejections: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: FunctionAlertsProps) {
    new PropValidator(scope, id)
      .integerInRange("rejectionsPerHour", props.rejectionsPerHour, GATE_REJECTIONS_PER_HOUR.min, GATE_REJECTIONS_PER_HOUR.max, "AZURE_FUNCTION_ALERTS_REJECTIONS_INVALID")
      .throwIfInvalid();
    super(scope, id);

    const actions = [{ actionGroupId: props.actionGroup.actionGroupId }];
    const alerts = {} as Record<BaselineMetric["id"], MonitorMetricAlert>;
    for (const m of BASELINE_METRICS) {
      alerts[m.id] = new MonitorMetricAlert(this, m.id, {
        name: `${props.namePrefix}-${m.id}`,
        resourceGroupName: props.resourceGroupName,
        scopes: [m.on === "app" ? props.function.functionAppId : props.function.insights.id],
        description: m.description,
        severity: 3,
        frequency: "PT15M",
        windowSize: "PT1H",
        autoMitigate: true,
        dynamicCriteria: {
          metricNamespace: m.namespace,
          metricName: m.metric,
          aggregation: m.aggregation,
          operator: "GreaterThan",
          alertSensitivity: "Medium",
          evaluationTotalCount: 4,
          evaluationFailureCount: 3,
        },
        action: actions,
        tags: { ...props.tags },
      });
    }
    this.metricAlerts = alerts;

    this.rejections = new MonitorScheduledQueryRulesAlertV2(this, "rejections", {
      name: `${props.namePrefix}-rejections`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      scopes: [props.function.insights.id],
      description: `More than ${props.rejectionsPerHour} rejected uploads in one hour: someone may be probing the gate with unsigned, tampered or infected models.`,
      severity: 2,
      enabled: true,
      evaluationFrequency: "PT15M",
      windowDuration: "PT1H",
      criteria: [{ query: GATE_REJECTIONS_QUERY, timeAggregationMethod: "Count", operator: "GreaterThan", threshold: props.rejectionsPerHour }],
      action: { actionGroups: [props.actionGroup.actionGroupId] },
      autoMitigationEnabled: true,
      tags: { ...props.tags },
    });
  }
}
