import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_REGION_NAME } from "../shared/limits/aws";
import { NOTIFICATION_EMAILS, WEBHOOK_URL } from "../shared/limits/monitoring";
import { stableSuffix } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { IKmsKey } from "./kms-key";
import { PolicyStatement } from "./policy-document";

/*
 * Facts this file relies on:
 * - SNS encrypts a topic with a customer-managed key only when every publishing AWS service may
 *   use that key: CloudWatch alarms and EventBridge publish to an encrypted topic only if the key
 *   policy allows their service principal kms:Decrypt and kms:GenerateDataKey* (SNS Developer
 *   Guide, "Encrypting messages published to Amazon SNS with AWS KMS", "Enable compatibility
 *   between event sources from AWS services and encrypted topics"). The AWS managed key
 *   `alias/aws/sns` cannot be used: its policy cannot be edited to admit them.
 * - The key-policy statement that guide gives carries no condition; EventBridge's KMS request to
 *   an encrypted topic does not carry aws:SourceArn / aws:SourceAccount, so a condition there
 *   drops every notification silently. The confused-deputy conditions live in the topic policy,
 *   which is what decides who may publish: CloudWatch with aws:SourceAccount and the alarm ARN
 *   pattern (CloudWatch User Guide, SNS topic access policy for alarm actions, "confused deputy
 *   prevention"), EventBridge with the ARNs of the rules that target the topic (EventBridge
 *   User Guide, "Amazon SNS permissions": `aws:SourceArn` the rule ARN), Cost Anomaly Detection
 *   with aws:SourceAccount (Cost Management User Guide, "Creating an Amazon SNS topic for
 *   anomaly notifications": the `aws:SourceAccount` form of the statement).
 * - Topic names: 1-256 letters, digits, `-` and `_` (SNS API Reference, CreateTopic `Name`).
 */

/** The service principals that publish alerts, and the only ones the key and topic admit. */
export const ALERT_PUBLISHER_SERVICES = ["cloudwatch.amazonaws.com", "events.amazonaws.com", "costalerts.amazonaws.com"] as const;

/** What another construct needs to route alerts to the topic. */
export interface IAlertTopic {
  /** ARN of the topic (`aws_sns_topic.arn`). */
  readonly topicArn: string;
  /** Lets the EventBridge rule `ruleArn` publish to the topic (topic policy, by the rule's ARN). */
  allowEventRule(ruleArn: string): void;
}

export interface AlertTopicProps {
  /** Topic name, 1-256 letters, digits, `-` and `_`, e.g. `acme-ai-prod-alerts`. */
  readonly topicName: string;
  /** The environment's account (12 digits): `aws:SourceAccount` of every publisher. */
  readonly accountId: string;
  /** The topic's region: part of the alarm ARN pattern CloudWatch publishes from. */
  readonly region: string;
  /** Partition of `region` (`aws`, `aws-cn`, `aws-us-gov`). @default "aws" */
  readonly partition?: string;
  /**
   * The key the topic is encrypted with (the environment's `monitoring` key). This construct adds
   * the publishers' statement to its policy.
   */
  readonly kmsKey: IKmsKey;
  /**
   * Prefix of the names of the alarms that may publish (CloudWatch's `aws:SourceArn` is the alarm
   * ARN), e.g. `acme-ai-prod-`: an alarm of another team in the account cannot page this one.
   */
  readonly alarmNamePrefix: string;
  /** Email recipients, one subscription each (each must confirm). @default [] (no email subscription) */
  readonly emails?: readonly string[];
  /** HTTPS endpoint that receives every alert. @default - no webhook */
  readonly webhookUrl?: string;
}

/**
 * The environment's one alert topic: SNS, encrypted with a customer-managed key, that admits
 * exactly the AWS services that raise the blueprint's alerts (CloudWatch alarms, the EventBridge
 * rules registered with `allowEventRule`, Cost Anomaly Detection), each bound to this account,
 * refuses publishing without TLS, and delivers to the configured emails and webhook.
 *
 * @example
 * const alerts = new AlertTopic(this, "alert-topic", {
 *   topicName: "acme-ai-prod-alerts", accountId: "222222222222", region: "eu-west-1",
 *   kmsKey: monitoringKey, alarmNamePrefix: "acme-ai-prod-", emails: ["secops@example.com"],
 * });
 */
export class AlertTopic extends Construct implements IAlertTopic {
  public readonly topicArn: string;
  public readonly topicName: string;
  public readonly resource: SnsTopic;
  /** The topic policy, for `dependsOn` (a Cost Anomaly subscription needs it in place). */
  public readonly policyResource: SnsTopicPolicy;
  private readonly ruleArns: string[] = [];

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    const emails = props.emails ?? [];
    const validator = new PropValidator(scope, id)
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID")
      .matches("region", props.region, AWS_REGION_NAME, "AWS_ALERT_TOPIC_REGION_INVALID")
      .require(emails.length <= NOTIFICATION_EMAILS.max, "AWS_ALERT_TOPIC_TOO_MANY_EMAILS", "emails", emails.length, `at most ${NOTIFICATION_EMAILS.max} addresses`)
      .require(new Set(emails).size === emails.length, "AWS_ALERT_TOPIC_EMAIL_DUPLICATE", "emails", emails.join(","), "each address once");
    if (!Token.isUnresolved(props.topicName)) {
      validator.require(
        props.topicName.length >= 1 && props.topicName.length <= 256 && !/[^A-Za-z0-9_-]/.test(props.topicName),
        "AWS_ALERT_TOPIC_NAME_INVALID",
        "topicName",
        props.topicName,
        "1-256 letters, digits, '-' and '_'",
      );
    }
    emails.forEach((e, i) => validator.require(Token.isUnresolved(e) || /.@./.test(e), "AWS_ALERT_TOPIC_EMAIL_INVALID", `emails[${i}]`, e, "an email address"));
    validator.matches("webhookUrl", props.webhookUrl, WEBHOOK_URL, "AWS_ALERT_TOPIC_WEBHOOK_INVALID");
    validator.throwIfInvalid();
    super(scope, id);

    const partition = props.partition ?? "aws";
    props.kmsKey.addToKeyPolicy({
      Sid: "AlertPublishersEncryptNotifications",
      Effect: "Allow",
      Principal: { Service: [...ALERT_PUBLISHER_SERVICES] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      // IfExists: the publishers' KMS calls may carry no source keys (the topic policy binds
      // them instead); when a source account is sent, it must be this one.
      Condition: { StringEqualsIfExists: { "aws:SourceAccount": props.accountId } },
    });
    this.resource = new SnsTopic(this, "Resource", {
      name: props.topicName,
      // The key ARN, not the alias: a renamed alias cannot silently re-key the topic.
      kmsMasterKeyId: props.kmsKey.keyArn,
      tags: { purpose: "security-alerts" },
      // SNS needs the key's policy in place before the first publish, not before creation;
      // the dependency keeps destroy from removing the key while the topic still uses it.
      dependsOn: [props.kmsKey.resource],
    });
    const topicArn = this.resource.arn;
    const source = { "aws:SourceAccount": props.accountId };
    const alarmArns = `arn:${partition}:cloudwatch:${props.region}:${props.accountId}:alarm:${props.alarmNamePrefix}*`;
    const statements = (): PolicyStatement[] => [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: { StringEquals: source, ArnLike: { "aws:SourceArn": alarmArns } },
      },
      // No rule registered, no statement: EventBridge then publishes nothing here.
      ...(this.ruleArns.length === 0
        ? []
        : [
            {
              Sid: "EventBridgeRulesPublish",
              Effect: "Allow" as const,
              Principal: { Service: "events.amazonaws.com" },
              Action: "SNS:Publish",
              Resource: topicArn,
              Condition: { StringEquals: source, ArnEquals: { "aws:SourceArn": [...this.ruleArns] } },
            },
          ]),
      {
        Sid: "CostAnomalyDetectionPublishes",
        Effect: "Allow",
        Principal: { Service: "costalerts.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: { StringEquals: source },
      },
    ];
    this.policyResource = new SnsTopicPolicy(this, "Policy", {
      arn: topicArn,
      policy: Lazy.stringValue({ produce: () => JSON.stringify({ Version: "2012-10-17", Statement: statements() }) }),
    });
    for (const email of emails) {
      // A hash of the address, not its position: removing one recipient replaces nothing else.
      new SnsTopicSubscription(this, `EmailSubscription-${stableSuffix(8, email)}`, { topicArn, protocol: "email", endpoint: email });
    }
    if (props.webhookUrl !== undefined) {
      new SnsTopicSubscription(this, "Webhook", { topicArn, protocol: "https", endpoint: props.webhookUrl });
    }
    this.topicArn = topicArn;
    this.topicName = this.resource.name;
  }

  public allowEventRule(ruleArn: string): void {
    if (!this.ruleArns.includes(ruleArn)) this.ruleArns.push(ruleArn);
  }
}
