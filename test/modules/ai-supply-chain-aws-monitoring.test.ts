import { Json, resourcesOf, synthApp } from "../helpers/synth";
import { readable } from "./aws-gate-helpers";

/*
 * Issue 13, AWS wiring on the default configuration (aws-prod): the alert topic under its own
 * key, GuardDuty, Malware Protection on each registry's incoming/, anomaly and rejection alarms
 * on each gate, cost anomaly monitors, every route to the topic, and the `alert-topic` output.
 */

const stacks = synthApp("aws-monitoring");
const prod = JSON.parse(stacks.get("aws-prod")!) as Json;

function pathOf(body: Json): string {
  return (body["//"] as { metadata: { path: string } }).metadata.path.split("/").slice(2).join("/");
}
/** `path below the module` → body, for one resource type. */
function byPath(stack: Json, type: string): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(stack, type)).map((b) => [pathOf(b), b]));
}
function statements(doc: unknown): Array<Record<string, unknown>> {
  return (JSON.parse(doc as string) as { Statement: Array<Record<string, unknown>> }).Statement;
}

describe("AWS monitoring wiring (default config, aws-prod)", () => {
  test("the alert topic is encrypted with the environment's monitoring key", () => {
    const topic = byPath(prod, "aws_sns_topic")["monitoring/alert-topic/Resource"]!;
    expect(topic["name"]).toBe("acme-ai-prod-alerts");
    expect(readable(prod, topic["kms_master_key_id"] as string)).toBe("aws_kms_key(keys/monitoring/Resource).arn");
    expect(byPath(prod, "aws_kms_alias")["keys/monitoring/Alias"]!["name"]).toBe("alias/acme-ai-prod-monitoring");
  });

  test("the environment's emails and webhook are subscribed", () => {
    const subs = Object.values(resourcesOf(prod, "aws_sns_topic_subscription")).map((s) => `${String(s["protocol"])} ${String(s["endpoint"])}`);
    expect(subs.sort()).toEqual(["email ml-platform@example.com", "email security-alerts@example.com", "https https://hooks.example.com/services/acme-ai/security"]);
  });

  test("EventBridge may publish only for the GuardDuty findings rule and the two malware rules", () => {
    const policy = byPath(prod, "aws_sns_topic_policy")["monitoring/alert-topic/Policy"]!;
    const eb = statements(policy["policy"]).find((s) => s["Sid"] === "EventBridgeRulesPublish")!;
    expect(readable(prod, JSON.stringify(eb["Condition"]))).toBe(
      JSON.stringify({
        StringEquals: { "aws:SourceAccount": "222222222222" },
        ArnEquals: {
          "aws:SourceArn": [
            "aws_cloudwatch_event_rule(monitoring/threat-detector/FindingsRule).arn",
            "aws_cloudwatch_event_rule(monitoring/malware-fraud-scoring/ThreatsFoundRule).arn",
            "aws_cloudwatch_event_rule(monitoring/malware-llm-adapters/ThreatsFoundRule).arn",
          ],
        },
      }),
    );
  });

  test("every monitoring rule targets the alert topic", () => {
    const targets = Object.values(resourcesOf(prod, "aws_cloudwatch_event_target")).filter((t) => pathOf(t).startsWith("monitoring/"));
    expect(targets.map((t) => [pathOf(t), readable(prod, t["arn"] as string)]).sort()).toEqual(
      [
        ["monitoring/malware-fraud-scoring/ThreatsFoundTarget", "aws_sns_topic(monitoring/alert-topic/Resource).arn"],
        ["monitoring/malware-llm-adapters/ThreatsFoundTarget", "aws_sns_topic(monitoring/alert-topic/Resource).arn"],
        ["monitoring/threat-detector/FindingsTarget", "aws_sns_topic(monitoring/alert-topic/Resource).arn"],
      ].sort(),
    );
  });

  test("GuardDuty is on (threatDetection.guardDuty: true) with its two features", () => {
    expect(Object.keys(byPath(prod, "aws_guardduty_detector"))).toEqual(["monitoring/threat-detector/Detector"]);
    expect(Object.values(resourcesOf(prod, "aws_guardduty_detector_feature")).map((f) => f["name"]).sort()).toEqual(["LAMBDA_NETWORK_LOGS", "S3_DATA_EVENTS"]);
  });

  test("each registry bucket's incoming/ is scanned and tagged, under the registry key", () => {
    const plans = byPath(prod, "aws_guardduty_malware_protection_plan");
    expect(Object.keys(plans).sort()).toEqual(["monitoring/malware-fraud-scoring/Plan", "monitoring/malware-llm-adapters/Plan"]);
    const plan = plans["monitoring/malware-fraud-scoring/Plan"]!;
    expect(readable(prod, JSON.stringify(plan["protected_resource"]))).toBe(
      JSON.stringify([{ s3_bucket: [{ bucket_name: "aws_s3_bucket(registries/fraud-scoring/Resource).bucket", object_prefixes: ["incoming/"] }] }]),
    );
    expect(plan["actions"]).toEqual([{ tagging: [{ status: "ENABLED" }] }]);
    const role = byPath(prod, "aws_iam_role")["monitoring/malware-fraud-scoring/Role"]!;
    expect(role["name"]).toBe("acme-ai-prod-malware-fraud-scoring");
    expect(byPath(prod, "aws_cloudwatch_event_rule")["monitoring/malware-fraud-scoring/ThreatsFoundRule"]!["name"]).toBe("acme-ai-prod-malware-found-fraud-scoring");
    expect(byPath(prod, "aws_cloudwatch_event_rule")["monitoring/threat-detector/FindingsRule"]!["name"]).toBe("acme-ai-prod-guardduty-findings");
    expect(role["permissions_boundary"]).toBe("arn:aws:iam::222222222222:policy/blueprint-function-boundary");
    const policy = byPath(prod, "aws_iam_role_policy")["monitoring/malware-fraud-scoring/Policy"]!;
    const kms = statements(policy["policy"]).find((s) => s["Sid"] === "AllowDecryptForMalwareScan")!;
    expect(readable(prod, kms["Resource"] as string)).toBe("aws_kms_key(keys/registry/Resource).arn");
  });

  test("no Deny of the registry's bucket policy names the scanner's tag or read actions unconditionally on incoming/", () => {
    // The lineage retag Denies are conditional on a missing lineage key (GuardDuty keeps the set);
    // an unconditional Deny on these actions would leave every upload unscanned.
    const policy = byPath(prod, "aws_s3_bucket_policy")["registries/fraud-scoring/Policy"]!;
    const scannerActions = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"];
    const blocking = statements(policy["policy"]).filter((s) => {
      const actions = ([] as string[]).concat(s["Action"] as string | string[]);
      const resources = ([] as string[]).concat(s["Resource"] as string | string[]);
      return s["Effect"] === "Deny" && s["Condition"] === undefined && actions.some((a) => scannerActions.includes(a)) && resources.some((r) => r.endsWith("/incoming/*") || r.endsWith("/*"));
    });
    expect(blocking.map((s) => s["Sid"])).toEqual([]);
    // The filter above saw the retag Denies: they exist, each conditional on a lineage key.
    const retag = statements(policy["policy"]).filter((s) => String(s["Sid"]).startsWith("DenyIncomingRetagWithout"));
    expect(retag.length).toBeGreaterThan(0);
    expect(retag.map((s) => Object.keys((s["Condition"] as { Null: Record<string, string> }).Null)[0]!.startsWith("s3:RequestObjectTag/"))).toEqual(retag.map(() => true));
  });

  test("four anomaly alarms and one rejection alarm per gate, all to the topic", () => {
    const alarms = Object.values(resourcesOf(prod, "aws_cloudwatch_metric_alarm")).filter((a) => pathOf(a).startsWith("monitoring/gate-alarms/"));
    expect(alarms.map((a) => a["alarm_name"]).sort()).toEqual(
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
    expect([...new Set(alarms.map((a) => readable(prod, JSON.stringify(a["alarm_actions"]))))]).toEqual(['["aws_sns_topic(monitoring/alert-topic/Resource).arn"]']);
    const rejections = alarms.find((a) => a["alarm_name"] === "acme-ai-prod-gate-fraud-scoring-rejections-alarm")!;
    expect(rejections["threshold"]).toBe(5);
    const filter = byPath(prod, "aws_cloudwatch_log_metric_filter")["monitoring/gate-alarms/fraud-scoring-rejections-filter"]!;
    expect(readable(prod, filter["log_group_name"] as string)).toBe("aws_cloudwatch_log_group(promotion-gates/fraud-scoring/LogGroup).name");
    const invocations = alarms.find((a) => a["alarm_name"] === "acme-ai-prod-gate-fraud-scoring-invocations-anomaly")!;
    const m1 = (invocations["metric_query"] as Array<{ metric?: { dimensions: Record<string, string> } }>)[0]!;
    expect(readable(prod, m1.metric!.dimensions["FunctionName"]!)).toBe("aws_lambda_function(promotion-gates/fraud-scoring/Resource).function_name");
  });

  test("cost anomalies: the services monitor and the environment tag monitor, IMMEDIATE at 200 USD to the topic", () => {
    const monitors = byPath(prod, "aws_ce_anomaly_monitor");
    expect(Object.keys(monitors).sort()).toEqual(["monitoring/cost-anomaly/ServiceMonitor", "monitoring/cost-anomaly/TagMonitor"]);
    expect(JSON.parse(monitors["monitoring/cost-anomaly/TagMonitor"]!["monitor_specification"] as string)).toEqual({ Tags: { Key: "environment", Values: ["prod"], MatchOptions: ["EQUALS"] } });
    const sub = byPath(prod, "aws_ce_anomaly_subscription")["monitoring/cost-anomaly/Subscription"]!;
    expect(sub["frequency"]).toBe("IMMEDIATE");
    expect(JSON.parse(readable(prod, JSON.stringify(sub["subscriber"])))).toEqual([{ type: "SNS", address: "aws_sns_topic(monitoring/alert-topic/Resource).arn" }]);
    expect(sub["threshold_expression"]).toEqual({ dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", match_options: ["GREATER_THAN_OR_EQUAL"], values: ["200"] } });
    expect(readable(prod, JSON.stringify(sub["depends_on"]))).toMatch(/aws_sns_topic_policy\./);
  });

  test("the stack outputs the alert topic", () => {
    const outputs = prod["output"] as Record<string, { value: string }>;
    expect(readable(prod, outputs["alert-topic"]!.value)).toBe("aws_sns_topic(monitoring/alert-topic/Resource).arn");
  });
});
