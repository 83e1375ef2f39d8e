import * as fs from "node:fs";
import * as path from "node:path";
import { AlertTopic, IAlertTopic } from "../../../constructs/aws/alert-topic";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { ThreatDetector } from "../../../constructs/aws/threat-detector";
import { EventValue, eventPatternMatches } from "../../helpers/eventbridge-pattern";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * Issue 13: the region's GuardDuty detector with S3 and Lambda protection, and the rule that
 * sends Medium and High findings to the alert topic. The rule's pattern runs against GuardDuty
 * finding events (test/fixtures/aws-events/eventbridge/guardduty-finding.*.json).
 */

const TOPIC = "arn:aws:sns:eu-west-1:222222222222:acme-ai-prod-alerts";

/** A stand-in topic (the real one's policy is asserted in alert-topic.test.ts and below). */
function topicStub(): IAlertTopic {
  return { topicArn: TOPIC, allowEventRule: () => undefined };
}

function fixture(name: string): EventValue {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "aws-events", "eventbridge", `${name}.json`), "utf8")) as EventValue;
}

const stack = synthConstruct((scope) => new ThreatDetector(scope, "threat-detector", { ruleName: "acme-ai-prod-guardduty-findings", topic: topicStub() }));

function only(s: Json, type: string): [string, Json] {
  const all = Object.entries(resourcesOf(s, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
}

describe("ThreatDetector", () => {
  test("the detector is enabled and publishes findings every fifteen minutes, without the deprecated datasources block", () => {
    const [, detector] = only(stack, "aws_guardduty_detector");
    expect(detector["enable"]).toBe(true);
    expect(detector["finding_publishing_frequency"]).toBe("FIFTEEN_MINUTES");
    expect(detector["datasources"]).toBeUndefined();
  });

  test("S3 data events and Lambda network logs are enabled as detector features", () => {
    const [detectorId] = only(stack, "aws_guardduty_detector");
    const features = Object.values(resourcesOf(stack, "aws_guardduty_detector_feature")).map((f) => [f["name"], f["status"], f["detector_id"]]);
    expect(features.sort()).toEqual([
      ["LAMBDA_NETWORK_LOGS", "ENABLED", `\${aws_guardduty_detector.${detectorId}.id}`],
      ["S3_DATA_EVENTS", "ENABLED", `\${aws_guardduty_detector.${detectorId}.id}`],
    ]);
  });

  test("the findings rule matches GuardDuty findings of severity 4 or more and targets the topic", () => {
    const [ruleId, rule] = only(stack, "aws_cloudwatch_event_rule");
    const [, target] = only(stack, "aws_cloudwatch_event_target");
    expect(rule["name"]).toBe("acme-ai-prod-guardduty-findings");
    expect(JSON.parse(rule["event_pattern"] as string)).toEqual({
      source: ["aws.guardduty"],
      "detail-type": ["GuardDuty Finding"],
      detail: { severity: [{ numeric: [">=", 4] }] },
    });
    expect(target["arn"]).toBe(TOPIC);
    expect(target["rule"]).toBe(`\${aws_cloudwatch_event_rule.${ruleId}.name}`);
  });

  test("a High finding (severity 8) fires, a Low one (severity 2) does not", () => {
    const [, rule] = only(stack, "aws_cloudwatch_event_rule");
    expect(eventPatternMatches(rule["event_pattern"] as string, fixture("guardduty-finding.severity-8"))).toBe(true);
    expect(eventPatternMatches(rule["event_pattern"] as string, fixture("guardduty-finding.severity-2"))).toBe(false);
  });

  test("the boundary: 4.0 fires, 3.9 does not", () => {
    const [, rule] = only(stack, "aws_cloudwatch_event_rule");
    const withSeverity = (severity: number): EventValue => {
      const event = fixture("guardduty-finding.severity-8") as Record<string, EventValue>;
      return { ...event, detail: { ...(event["detail"] as Record<string, EventValue>), severity } };
    };
    expect(eventPatternMatches(rule["event_pattern"] as string, withSeverity(4))).toBe(true);
    expect(eventPatternMatches(rule["event_pattern"] as string, withSeverity(3.9))).toBe(false);
  });

  test("the rule is admitted to the topic policy by its ARN", () => {
    const s = synthConstruct((scope) => {
      const key = new KmsKey(scope, "key", { purpose: "monitoring", aliasName: "acme-ai-prod-monitoring", accountId: "222222222222", adminRoleArn: "arn:aws:iam::222222222222:role/admin" });
      const topic = new AlertTopic(scope, "alerts", { topicName: "acme-ai-prod-alerts", accountId: "222222222222", region: "eu-west-1", kmsKey: key, alarmNamePrefix: "acme-ai-prod-" });
      new ThreatDetector(scope, "threat-detector", { ruleName: "acme-ai-prod-guardduty-findings", topic });
    });
    const [ruleId] = only(s, "aws_cloudwatch_event_rule");
    const [, policy] = only(s, "aws_sns_topic_policy");
    const statement = (JSON.parse(policy["policy"] as string) as { Statement: Array<Record<string, unknown>> }).Statement.find((st) => st["Sid"] === "EventBridgeRulesPublish");
    expect(statement?.["Condition"]).toEqual({ StringEquals: { "aws:SourceAccount": "222222222222" }, ArnEquals: { "aws:SourceArn": [`\${aws_cloudwatch_event_rule.${ruleId}.arn}`] } });
  });

  test.each([
    ["AWS_THREAT_DETECTOR_RULE_NAME_INVALID", "ruleName", { ruleName: "no spaces allowed" }],
    ["AWS_THREAT_DETECTOR_SEVERITY_OUT_OF_RANGE", "minimumSeverity", { minimumSeverity: 9 }],
  ] as const)("%s: %s", (code, prop, override) => {
    const e = validationErrorOf(() =>
      synthConstruct((scope) => new ThreatDetector(scope, "threat-detector", { ruleName: "acme-ai-prod-guardduty-findings", topic: topicStub(), ...override })),
    );
    expect(e.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([[code, prop, "test/threat-detector"]]);
  });
});
