import { FunctionAnomalyAlarms, FunctionAnomalyAlarmsProps } from "../../../constructs/aws/function-anomaly-alarms";
import { JsonValue, filterPatternMatches } from "../../helpers/cloudwatch-filter-pattern";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * Issue 13: a gate suddenly busier, failing, slower or throttled against its learned baseline
 * (CloudWatch anomaly detection), and a burst of rejections above the configured rate. The
 * rejection filter runs (test/helpers/cloudwatch-filter-pattern.ts) against the gate's log lines
 * as Lambda's JSON log format delivers them.
 */

const TOPIC = "arn:aws:sns:eu-west-1:222222222222:acme-ai-prod-alerts";
const PROPS: FunctionAnomalyAlarmsProps = {
  namePrefix: "acme-ai-prod-gate",
  alarmTopicArn: TOPIC,
  rejectionsPerHour: 5,
  functions: [
    { registry: "fraud-scoring", functionName: "acme-ai-prod-gate-fraud-scoring", logGroupName: "/aws/lambda/acme-ai-prod-gate-fraud-scoring" },
    { registry: "llm-adapters", functionName: "acme-ai-prod-gate-llm-adapters", logGroupName: "/aws/lambda/acme-ai-prod-gate-llm-adapters" },
  ],
};

const stack = synthConstruct((scope) => new FunctionAnomalyAlarms(scope, "gate-alarms", PROPS));

function alarmsByName(s: Json): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(s, "aws_cloudwatch_metric_alarm")).map((a) => [a["alarm_name"] as string, a]));
}

/** The gate's decision line (functions/promotion-gate/handlers/aws/index.ts) as the JSON log format wraps it. */
function record(line: Record<string, JsonValue>): JsonValue {
  return { timestamp: "2026-11-30T10:00:00.000Z", level: "INFO", requestId: "79b4f56e-95b1-4643-9700-2807f4e68189", message: JSON.stringify(line) };
}
const REJECTED = { gate: "aws", status: "decided", accepted: false, registry: "fraud-scoring", model: "fraud-model", version: "1.4.0", objectVersionId: null, recordKey: "provenance/fraud-scoring/fraud-model/1.4.0.json", failedChecks: ["malware-scan"], reasons: ["MALWARE_FOUND"] };
const ACCEPTED = { ...REJECTED, accepted: true, failedChecks: [], reasons: [], modelPackageArn: "arn:aws:sagemaker:eu-west-1:222222222222:model-package/g/1" };
const IGNORED = { gate: "aws", status: "ignored", reason: "not a model.sig", bucket: "b", key: "incoming/m/1/x" };

describe("FunctionAnomalyAlarms", () => {
  test("four anomaly alarms per gate, named by registry and metric", () => {
    expect(Object.keys(alarmsByName(stack)).sort()).toEqual(
      [
        "acme-ai-prod-gate-fraud-scoring-duration-anomaly",
        "acme-ai-prod-gate-fraud-scoring-errors-anomaly",
        "acme-ai-prod-gate-fraud-scoring-invocations-anomaly",
        "acme-ai-prod-gate-fraud-scoring-rejections-alarm",
        "acme-ai-prod-gate-fraud-scoring-throttles-anomaly",
        "acme-ai-prod-gate-llm-adapters-duration-anomaly",
        "acme-ai-prod-gate-llm-adapters-errors-anomaly",
        "acme-ai-prod-gate-llm-adapters-invocations-anomaly",
        "acme-ai-prod-gate-llm-adapters-rejections-alarm",
        "acme-ai-prod-gate-llm-adapters-throttles-anomaly",
      ].sort(),
    );
  });

  test.each([
    ["invocations", "Invocations", "Sum"],
    ["errors", "Errors", "Sum"],
    ["duration", "Duration", "p90"],
    ["throttles", "Throttles", "Sum"],
  ])("the %s alarm fires above the 2-sigma band of AWS/Lambda %s (%s) of that function only", (id, metricName, stat) => {
    const alarm = alarmsByName(stack)[`acme-ai-prod-gate-fraud-scoring-${id}-anomaly`]!;
    expect(alarm["comparison_operator"]).toBe("GreaterThanUpperThreshold");
    expect(alarm["threshold_metric_id"]).toBe("band");
    expect(alarm["evaluation_periods"]).toBe(2);
    expect(alarm["datapoints_to_alarm"]).toBe(2);
    expect(alarm["treat_missing_data"]).toBe("notBreaching");
    expect(alarm["alarm_actions"]).toEqual([TOPIC]);
    expect(alarm["metric_query"]).toEqual([
      {
        id: "m1",
        return_data: true,
        metric: { namespace: "AWS/Lambda", metric_name: metricName, stat, period: 300, dimensions: { FunctionName: "acme-ai-prod-gate-fraud-scoring" } },
      },
      { id: "band", expression: "ANOMALY_DETECTION_BAND(m1, 2)", label: `${metricName} (expected)`, return_data: true },
    ]);
  });

  test("the rejection filter counts the gate's rejections on its own log group", () => {
    const filters = Object.values(resourcesOf(stack, "aws_cloudwatch_log_metric_filter")).map((f) => [f["name"], f["log_group_name"], f["metric_transformation"]]);
    expect(filters.sort()).toEqual(
      [
        ["acme-ai-prod-gate-fraud-scoring-rejections", "/aws/lambda/acme-ai-prod-gate-fraud-scoring", { name: "acme-ai-prod-gate-fraud-scoring-rejections", namespace: "AiSupplyChain/Gate", value: "1" }],
        ["acme-ai-prod-gate-llm-adapters-rejections", "/aws/lambda/acme-ai-prod-gate-llm-adapters", { name: "acme-ai-prod-gate-llm-adapters-rejections", namespace: "AiSupplyChain/Gate", value: "1" }],
      ].sort(),
    );
  });

  test("the rejection alarm fires on more than rejectionsPerHour in one hour", () => {
    const alarm = alarmsByName(stack)["acme-ai-prod-gate-fraud-scoring-rejections-alarm"]!;
    const filterId = Object.entries(resourcesOf(stack, "aws_cloudwatch_log_metric_filter")).find(([, f]) => f["name"] === "acme-ai-prod-gate-fraud-scoring-rejections")![0];
    expect(alarm["metric_name"]).toBe(`\${aws_cloudwatch_log_metric_filter.${filterId}.metric_transformation[0].name}`);
    expect(alarm["statistic"]).toBe("Sum");
    expect(alarm["period"]).toBe(3600);
    expect(alarm["evaluation_periods"]).toBe(1);
    expect(alarm["threshold"]).toBe(5);
    expect(alarm["comparison_operator"]).toBe("GreaterThanThreshold");
    expect(alarm["treat_missing_data"]).toBe("notBreaching");
    expect(alarm["alarm_actions"]).toEqual([TOPIC]);
  });

  describe("the rejection pattern against the gate's log lines", () => {
    const pattern = (): string => Object.values(resourcesOf(stack, "aws_cloudwatch_log_metric_filter"))[0]!["pattern"] as string;
    test("a rejection fires: in the JSON log format's message string, as a parsed message object, and as the record itself", () => {
      expect(filterPatternMatches(pattern(), record(REJECTED))).toBe(true);
      expect(filterPatternMatches(pattern(), { timestamp: "t", level: "INFO", message: REJECTED })).toBe(true);
      expect(filterPatternMatches(pattern(), REJECTED)).toBe(true);
    });
    test("an accepted decision, an ignored event and another function's line do not", () => {
      expect(filterPatternMatches(pattern(), record(ACCEPTED))).toBe(false);
      expect(filterPatternMatches(pattern(), record(IGNORED))).toBe(false);
      expect(filterPatternMatches(pattern(), ACCEPTED)).toBe(false);
      expect(filterPatternMatches(pattern(), record({ gate: "gcp", accepted: false }))).toBe(false);
      expect(filterPatternMatches(pattern(), { timestamp: "t", level: "ERROR", message: "Task timed out after 900.00 seconds" })).toBe(false);
    });
  });

  test.each([
    ["AWS_GATE_ALARM_REJECTIONS_OUT_OF_RANGE", "rejectionsPerHour", { rejectionsPerHour: 0 }],
    ["AWS_GATE_ALARM_BAND_OUT_OF_RANGE", "bandStandardDeviations", { bandStandardDeviations: 0.5 }],
    ["AWS_GATE_ALARM_NAMESPACE_INVALID", "metricNamespace", { metricNamespace: "AWS/Lambda" }],
    ["AWS_GATE_ALARM_NAME_PREFIX_INVALID", "namePrefix", { namePrefix: "acme:prod" }],
    ["AWS_GATE_ALARM_REGISTRY_INVALID", "functions[0].registry", { functions: [{ registry: "Fraud Scoring", functionName: "f", logGroupName: "/aws/lambda/f" }] }],
    [
      "AWS_GATE_ALARM_REGISTRY_DUPLICATE",
      "functions",
      {
        functions: [
          { registry: "fraud-scoring", functionName: "f", logGroupName: "/aws/lambda/f" },
          { registry: "fraud-scoring", functionName: "g", logGroupName: "/aws/lambda/g" },
        ],
      },
    ],
  ] as const)("%s: %s", (code, prop, override) => {
    const e = validationErrorOf(() => synthConstruct((scope) => new FunctionAnomalyAlarms(scope, "gate-alarms", { ...PROPS, ...override })));
    expect(e.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([[code, prop, "test/gate-alarms"]]);
  });
});
