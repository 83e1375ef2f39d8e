import { valuesAt } from "../../model";
import { isEnvironmentStack, notApplicable, stackRule } from "../../rule";

/**
 * An alarm without an action changes state in the console and tells nobody; a topic without a
 * subscription delivers to nobody (CloudWatch User Guide, "Using Amazon CloudWatch alarms",
 * alarm actions; SNS Developer Guide, subscriptions). The blueprint routes every alarm and
 * EventBridge finding rule of an environment to one KMS-encrypted topic, subscribed by
 * environments.<env>.monitoring.notifications.
 */
export const rule = stackRule({
  control: "ALERTS-ROUTED",
  cloud: "aws",
  title: "Every AWS environment's alarms notify a subscribed topic",
  severity: "warning",
  appliesTo: ["aws_cloudwatch_metric_alarm", "aws_sns_topic_subscription"],
  mappings: { cis: ["AWS Foundations 3.0 4.1"], nist80053: ["SI-4(5)", "IR-6", "AU-6"] },
  rationale: "Detection only helps when someone hears it: a key disabled at night or a malware verdict must reach a person or a pager within minutes, not wait for someone to open the console.",
  fix: "Set environments.<env>.monitoring.notifications (emails, optionally webhookUrl): AlertTopic subscribes each, and every alarm's alarm_actions name the topic.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const problems = context.problems();
    const alarms = context.resourcesOf("aws_cloudwatch_metric_alarm");
    if (alarms.length === 0) return problems.error("no aws_cloudwatch_metric_alarm: nothing in this environment alerts").outcome();
    const silent = alarms.filter((a) => valuesAt(a.attributes, "alarm_actions").length === 0).map((a) => a.address);
    if (silent.length > 0) problems.error(`${silent.length} alarms have no alarm_actions: ${silent.slice(0, 3).join(", ")}${silent.length > 3 ? ", ..." : ""}`);
    if (context.resourcesOf("aws_sns_topic_subscription").length === 0) problems.error("no aws_sns_topic_subscription: alarms reach nobody (set environments.<env>.monitoring.notifications)");
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "an alarm on a subscribed topic",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] },
          resource: {
            aws_sns_topic: { t: { name: "acme-ai-prod-alerts" } },
            aws_sns_topic_subscription: { e: { topic_arn: "${aws_sns_topic.t.arn}", protocol: "email", endpoint: "security@example.com" } },
            aws_cloudwatch_metric_alarm: { a: { alarm_name: "acme-ai-prod-root-usage", alarm_actions: ["${aws_sns_topic.t.arn}"] } },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "alarms nobody subscribed to",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] },
          resource: { aws_sns_topic: { t: { name: "acme-ai-prod-alerts" } }, aws_cloudwatch_metric_alarm: { a: { alarm_name: "acme-ai-prod-root-usage", alarm_actions: ["${aws_sns_topic.t.arn}"] } } },
        },
        expect: "no aws_sns_topic_subscription: alarms reach nobody",
      },
      {
        name: "an alarm without actions",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] },
          resource: {
            aws_sns_topic: { t: { name: "acme-ai-prod-alerts" } },
            aws_sns_topic_subscription: { e: { topic_arn: "${aws_sns_topic.t.arn}", protocol: "email", endpoint: "security@example.com" } },
            aws_cloudwatch_metric_alarm: { a: { alarm_name: "acme-ai-prod-root-usage" } },
          },
        },
        expect: "1 alarms have no alarm_actions: aws_cloudwatch_metric_alarm.a",
      },
      { name: "no alarms at all", stack: { provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] }, resource: { aws_kms_key: { k: {} } } }, expect: "no aws_cloudwatch_metric_alarm" },
    ],
  },
});
