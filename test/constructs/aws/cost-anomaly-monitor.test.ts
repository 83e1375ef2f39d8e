import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { CostAnomalyMonitor, CostAnomalyMonitorProps } from "../../../constructs/aws/cost-anomaly-monitor";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * Issue 13: Cost Anomaly Detection per environment: the environment's tag monitor, the account's
 * AWS services monitor where this environment owns it, and one IMMEDIATE subscription to the
 * alert topic at the configured total impact.
 */

const TOPIC = "arn:aws:sns:eu-west-1:222222222222:acme-ai-prod-alerts";
const PROPS: CostAnomalyMonitorProps = { namePrefix: "acme-ai-prod-cost-anomaly", tag: { key: "environment", value: "prod" }, thresholdUsd: 100, topicArn: TOPIC };

const stack = synthConstruct((scope) => new CostAnomalyMonitor(scope, "cost-anomaly", PROPS));

function monitorsByName(s: Json): Record<string, Json & { id: string }> {
  return Object.fromEntries(Object.entries(resourcesOf(s, "aws_ce_anomaly_monitor")).map(([id, m]) => [m["name"] as string, { ...m, id }]));
}
function only(s: Json, type: string): Json {
  const all = Object.values(resourcesOf(s, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
}

describe("CostAnomalyMonitor", () => {
  test("the AWS services monitor and a custom monitor on the environment tag", () => {
    const monitors = monitorsByName(stack);
    expect(Object.keys(monitors).sort()).toEqual(["acme-ai-prod-cost-anomaly-environment-prod", "acme-ai-prod-cost-anomaly-services"]);
    const services = monitors["acme-ai-prod-cost-anomaly-services"]!;
    expect([services["monitor_type"], services["monitor_dimension"], services["monitor_specification"]]).toEqual(["DIMENSIONAL", "SERVICE", undefined]);
    const tag = monitors["acme-ai-prod-cost-anomaly-environment-prod"]!;
    expect(tag["monitor_type"]).toBe("CUSTOM");
    expect(tag["monitor_dimension"]).toBeUndefined();
    expect(JSON.parse(tag["monitor_specification"] as string)).toEqual({ Tags: { Key: "environment", Values: ["prod"], MatchOptions: ["EQUALS"] } });
  });

  test("one IMMEDIATE subscription of both monitors to the topic, at total impact >= the threshold", () => {
    const monitors = monitorsByName(stack);
    const sub = only(stack, "aws_ce_anomaly_subscription");
    expect(sub["name"]).toBe("acme-ai-prod-cost-anomaly-alerts");
    expect(sub["frequency"]).toBe("IMMEDIATE");
    expect(sub["subscriber"]).toEqual([{ type: "SNS", address: TOPIC }]);
    expect(sub["threshold_expression"]).toEqual({ dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", match_options: ["GREATER_THAN_OR_EQUAL"], values: ["100"] } });
    expect(sub["monitor_arn_list"]).toEqual([
      `\${aws_ce_anomaly_monitor.${monitors["acme-ai-prod-cost-anomaly-services"]!.id}.arn}`,
      `\${aws_ce_anomaly_monitor.${monitors["acme-ai-prod-cost-anomaly-environment-prod"]!.id}.arn}`,
    ]);
  });

  test("without the services monitor only the tag monitor is subscribed", () => {
    const s = synthConstruct((scope) => new CostAnomalyMonitor(scope, "cost-anomaly", { ...PROPS, serviceMonitor: false }));
    const monitors = monitorsByName(s);
    expect(Object.keys(monitors)).toEqual(["acme-ai-prod-cost-anomaly-environment-prod"]);
    expect(only(s, "aws_ce_anomaly_subscription")["monitor_arn_list"]).toEqual([`\${aws_ce_anomaly_monitor.${monitors["acme-ai-prod-cost-anomaly-environment-prod"]!.id}.arn}`]);
  });

  test("the subscription waits for what it is told to (the topic policy)", () => {
    const s = synthConstruct((scope) => {
      const topic = new SnsTopic(scope, "topic", { name: "alerts" });
      new CostAnomalyMonitor(scope, "cost-anomaly", { ...PROPS, topicArn: topic.arn, dependsOn: [topic] });
    });
    const topicId = Object.keys(resourcesOf(s, "aws_sns_topic"))[0]!;
    expect(only(s, "aws_ce_anomaly_subscription")["depends_on"]).toEqual([`aws_sns_topic.${topicId}`]);
  });

  test.each([
    ["AWS_COST_ANOMALY_THRESHOLD_OUT_OF_RANGE", "thresholdUsd", { thresholdUsd: 0 }],
    ["AWS_COST_ANOMALY_TAG_KEY_INVALID", "tag.key", { tag: { key: "aws:createdBy", value: "prod" } }],
    ["AWS_COST_ANOMALY_TAG_VALUE_INVALID", "tag.value", { tag: { key: "environment", value: "x".repeat(300) } }],
    ["AWS_COST_ANOMALY_NAME_PREFIX_INVALID", "namePrefix", { namePrefix: "" }],
  ] as const)("%s: %s", (code, prop, override) => {
    const e = validationErrorOf(() => synthConstruct((scope) => new CostAnomalyMonitor(scope, "cost-anomaly", { ...PROPS, ...override })));
    expect(e.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([[code, prop, "test/cost-anomaly"]]);
  });
});
