import { AlertTopic, AlertTopicProps } from "../../../constructs/aws/alert-topic";
import { KmsKey } from "../../../constructs/aws/kms-key";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";
import { Construct } from "constructs";

/*
 * Issue 13: the environment's one alert topic. Encrypted with a customer-managed key whose policy
 * admits exactly the three publishing services; a topic policy that admits them bound to the
 * account (CloudWatch to the environment's alarms, EventBridge to the registered rules), denies
 * publishing without TLS, and subscriptions for every email and the webhook.
 */

const RULE_ARN = "arn:aws:events:eu-west-1:222222222222:rule/acme-ai-prod-guardduty-findings";

function build(scope: Construct, props: Partial<Omit<AlertTopicProps, "kmsKey">> = {}, rules: readonly string[] = [RULE_ARN]): AlertTopic {
  const key = new KmsKey(scope, "monitoring-key", {
    purpose: "monitoring",
    aliasName: "acme-ai-prod-monitoring",
    accountId: "222222222222",
    adminRoleArn: "arn:aws:iam::222222222222:role/blueprint-admin",
  });
  const topic = new AlertTopic(scope, "alerts", {
    topicName: "acme-ai-prod-alerts",
    accountId: "222222222222",
    region: "eu-west-1",
    kmsKey: key,
    alarmNamePrefix: "acme-ai-prod-",
    emails: ["secops@example.com", "oncall@example.com"],
    webhookUrl: "https://hooks.example.com/alerts",
    ...props,
  });
  rules.forEach((r) => topic.allowEventRule(r));
  return topic;
}

const stack = synthConstruct((scope) => build(scope));

function only(s: Json, type: string): [string, Json] {
  const all = Object.entries(resourcesOf(s, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
}
function statements(doc: unknown): Array<Record<string, unknown>> {
  return (JSON.parse(doc as string) as { Statement: Array<Record<string, unknown>> }).Statement;
}

describe("AlertTopic", () => {
  test("the topic is named and encrypted with the monitoring key's ARN", () => {
    const [, topic] = only(stack, "aws_sns_topic");
    const [keyId] = only(stack, "aws_kms_key");
    expect(topic["name"]).toBe("acme-ai-prod-alerts");
    expect(topic["kms_master_key_id"]).toBe(`\${aws_kms_key.${keyId}.arn}`);
  });

  test("the key policy admits exactly CloudWatch, EventBridge and Cost Anomaly Detection to encrypt notifications", () => {
    const [, key] = only(stack, "aws_kms_key");
    const statement = statements(key["policy"]).find((s) => s["Sid"] === "AlertPublishersEncryptNotifications");
    expect(statement).toEqual({
      Sid: "AlertPublishersEncryptNotifications",
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "costalerts.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEqualsIfExists: { "aws:SourceAccount": "222222222222" } },
    });
    const services = statements(key["policy"]).filter((s) => JSON.stringify(s["Principal"]).includes("Service"));
    expect(services.map((s) => s["Sid"])).toEqual(["AlertPublishersEncryptNotifications"]);
  });

  test("the topic policy: TLS only, and each publisher bound to this account", () => {
    const [topicId] = only(stack, "aws_sns_topic");
    const [, policy] = only(stack, "aws_sns_topic_policy");
    const arn = `\${aws_sns_topic.${topicId}.arn}`;
    expect(policy["arn"]).toBe(arn);
    expect(statements(policy["policy"])).toEqual([
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "SNS:Publish", Resource: arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: arn,
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" }, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:222222222222:alarm:acme-ai-prod-*" } },
      },
      {
        Sid: "EventBridgeRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: arn,
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" }, ArnEquals: { "aws:SourceArn": [RULE_ARN] } },
      },
      {
        Sid: "CostAnomalyDetectionPublishes",
        Effect: "Allow",
        Principal: { Service: "costalerts.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: arn,
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
      },
    ]);
  });

  test("without a registered rule EventBridge may not publish at all", () => {
    const s = synthConstruct((scope) => build(scope, {}, []));
    const [, policy] = only(s, "aws_sns_topic_policy");
    expect(statements(policy["policy"]).map((st) => st["Sid"])).toEqual(["DenyInsecureTransport", "CloudWatchAlarmsPublish", "CostAnomalyDetectionPublishes"]);
  });

  test("a rule registered twice is named once", () => {
    const s = synthConstruct((scope) => build(scope, {}, [RULE_ARN, RULE_ARN]));
    const [, policy] = only(s, "aws_sns_topic_policy");
    const eb = statements(policy["policy"]).find((st) => st["Sid"] === "EventBridgeRulesPublish")!;
    expect(eb["Condition"]).toEqual({ StringEquals: { "aws:SourceAccount": "222222222222" }, ArnEquals: { "aws:SourceArn": [RULE_ARN] } });
  });

  test("one email subscription per recipient and an https subscription for the webhook", () => {
    const [topicId] = only(stack, "aws_sns_topic");
    const subs = Object.values(resourcesOf(stack, "aws_sns_topic_subscription")).map((s) => [s["protocol"], s["endpoint"], s["topic_arn"]]);
    expect(subs.sort()).toEqual(
      [
        ["email", "oncall@example.com", `\${aws_sns_topic.${topicId}.arn}`],
        ["email", "secops@example.com", `\${aws_sns_topic.${topicId}.arn}`],
        ["https", "https://hooks.example.com/alerts", `\${aws_sns_topic.${topicId}.arn}`],
      ].sort(),
    );
  });

  test("no recipients, no subscriptions", () => {
    const s = synthConstruct((scope) => build(scope, { emails: [], webhookUrl: undefined }));
    expect(resourcesOf(s, "aws_sns_topic_subscription")).toEqual({});
  });

  test.each([
    ["AWS_ALERT_TOPIC_TOO_MANY_EMAILS", "emails", { emails: Array.from({ length: 11 }, (_, i) => `u${i}@example.com`) }],
    ["AWS_ALERT_TOPIC_EMAIL_DUPLICATE", "emails", { emails: ["a@example.com", "a@example.com"] }],
    ["AWS_ALERT_TOPIC_EMAIL_INVALID", "emails[0]", { emails: ["not-an-address"] }],
    ["AWS_ALERT_TOPIC_NAME_INVALID", "topicName", { topicName: "acme ai alerts" }],
    ["AWS_ALERT_TOPIC_WEBHOOK_INVALID", "webhookUrl", { webhookUrl: "http://hooks.example.com/alerts" }],
    ["AWS_ALERT_TOPIC_REGION_INVALID", "region", { region: "Europe" }],
    ["AWS_ACCOUNT_ID_INVALID", "accountId", { accountId: "2222" }],
    ["AWS_PARTITION_INVALID", "partition", { partition: "azure" }],
  ] as const)("%s: %s", (code, prop, override) => {
    const e = validationErrorOf(() => synthConstruct((scope) => build(scope, override as Partial<AlertTopicProps>)));
    expect(e.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([[code, prop, "test/alerts"]]);
  });
});
