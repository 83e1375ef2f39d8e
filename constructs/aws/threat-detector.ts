import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { Construct } from "constructs";
import { EVENTBRIDGE_RULE_NAME } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";
import { IAlertTopic } from "./alert-topic";

/*
 * Facts this file relies on:
 * - Features are their own resources since the detector's `datasources` block was deprecated;
 *   valid names include `S3_DATA_EVENTS` and `LAMBDA_NETWORK_LOGS` (terraform-provider-aws,
 *   website/docs/r/guardduty_detector_feature.html.markdown). Removing such a resource does
 *   not disable the feature (same page): a feature is turned off by setting it DISABLED.
 * - One detector per account and region (GuardDuty API Reference, CreateDetector: "you can have
 *   only one detector per account per Region"). Where the organisation enables GuardDuty from a
 *   delegated administrator (auto-enable), the detector already exists: turn
 *   `clouds.aws.threatDetection.guardDuty` off and route findings there instead.
 * - Findings reach the default event bus as `source: aws.guardduty`, `detail-type: GuardDuty
 *   Finding`, `detail.severity` a number from 1.0 to 8.9 (GuardDuty User Guide, "Processing
 *   GuardDuty findings with Amazon EventBridge"; "Severity levels of GuardDuty findings": Low
 *   1.0-3.9, Medium 4.0-6.9, High 7.0-8.9). EventBridge `numeric` matching compares numbers
 *   (EventBridge User Guide, "Content filtering in Amazon EventBridge event patterns").
 */

/** GuardDuty features the detector turns on: S3 data events (the registries) and Lambda network activity (the gates). */
export const GUARDDUTY_FEATURES = ["S3_DATA_EVENTS", "LAMBDA_NETWORK_LOGS"] as const;

export interface ThreatDetectorProps {
  /** Name of the EventBridge rule that forwards findings, 1-64 letters, digits, `.`, `-`, `_`. */
  readonly ruleName: string;
  /** Where findings go: the environment's alert topic. */
  readonly topic: IAlertTopic;
  /**
   * Lowest GuardDuty severity forwarded, 1-8.9.
   * @default 4 (Medium and High; Low findings stay in the console)
   */
  readonly minimumSeverity?: number;
}

/**
 * The account's GuardDuty detector in the environment's region, publishing updated findings
 * every fifteen minutes (the shortest interval), with S3 data-event and Lambda network-activity
 * protection on, and an EventBridge rule that sends every finding of Medium severity or higher to
 * the alert topic.
 *
 * @example
 * new ThreatDetector(this, "threat-detector", { ruleName: "acme-ai-prod-guardduty-findings", topic: alerts });
 */
export class ThreatDetector extends Construct {
  public readonly detectorId: string;
  public readonly ruleArn: string;
  /** The rule's event pattern, as deployed. */
  public readonly eventPattern: string;

  constructor(scope: Construct, id: string, props: ThreatDetectorProps) {
    const minimum = props.minimumSeverity ?? 4;
    new PropValidator(scope, id)
      .matches("ruleName", props.ruleName, EVENTBRIDGE_RULE_NAME, "AWS_THREAT_DETECTOR_RULE_NAME_INVALID")
      .require(Number.isFinite(minimum) && minimum >= 1 && minimum <= 8.9, "AWS_THREAT_DETECTOR_SEVERITY_OUT_OF_RANGE", "minimumSeverity", minimum, "1 to 8.9")
      .throwIfInvalid();
    super(scope, id);

    const detector = new GuarddutyDetector(this, "Detector", {
      enable: true,
      // The default is SIX_HOURS: an updated finding (a repeat of the same activity) would reach
      // the topic up to six hours late.
      findingPublishingFrequency: "FIFTEEN_MINUTES",
      tags: { purpose: "threat-detection" },
    });
    for (const name of GUARDDUTY_FEATURES) {
      new GuarddutyDetectorFeature(this, name, { detectorId: detector.id, name, status: "ENABLED" });
    }
    this.eventPattern = JSON.stringify({
      source: ["aws.guardduty"],
      "detail-type": ["GuardDuty Finding"],
      detail: { severity: [{ numeric: [">=", minimum] }] },
    });
    const rule = new CloudwatchEventRule(this, "FindingsRule", {
      name: props.ruleName,
      description: `GuardDuty findings of severity ${minimum} or higher to the alert topic`,
      eventPattern: this.eventPattern,
      state: "ENABLED",
      tags: { purpose: "security-alert" },
    });
    new CloudwatchEventTarget(this, "FindingsTarget", { rule: rule.name, targetId: "alert-topic", arn: props.topic.topicArn });
    props.topic.allowEventRule(rule.arn);

    this.detectorId = detector.id;
    this.ruleArn = rule.arn;
  }
}
