import { CeAnomalyMonitor } from "@cdktf/provider-aws/lib/ce-anomaly-monitor";
import { CeAnomalySubscription } from "@cdktf/provider-aws/lib/ce-anomaly-subscription";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { AWS_TAG_KEY, AWS_TAG_VALUE } from "../shared/limits/aws";
import { COST_ANOMALY_THRESHOLD_USD } from "../shared/limits/monitoring";
import { PropValidator } from "../shared/validation-error";

/*
 * Facts this file relies on:
 * - Subscription frequency: "Notifications are sent either over email (for DAILY and WEEKLY
 *   frequencies) or SNS (for IMMEDIATE frequency)" (Cost Management API Reference,
 *   AnomalySubscription `Frequency`): IMMEDIATE needs the SNS subscriber, and alerts arrive as
 *   each anomaly is detected rather than in a digest.
 * - `ANOMALY_TOTAL_IMPACT_ABSOLUTE` with `GREATER_THAN_OR_EQUAL` is the documented absolute
 *   threshold (same reference, `ThresholdExpression`; provider 6.25
 *   aws_ce_anomaly_subscription examples).
 * - The AWS services monitor (DIMENSIONAL, SERVICE) is one per account: a second
 *   CreateAnomalyMonitor of that kind is refused ("Limit exceeded on dimensional spend monitor
 *   creation", aws-cloudformation/cloudformation-coverage-roadmap#2515: one DIMENSIONAL monitor
 *   per dimension per account), and new accounts may already have `Default-Services-Monitor`. Hence
 *   `serviceMonitor`: the module creates it only where the config guarantees one environment
 *   with registries per account; elsewhere the tag monitor alone runs.
 * - A CUSTOM monitor on a tag counts the cost of resources carrying it, so the tag must be an
 *   activated cost allocation tag (CostAllocationTags, stack `cost-allocation-aws`), or the
 *   monitor sees nothing. Cost Anomaly Detection runs about three times a day on Cost Explorer
 *   data that lags up to 24 hours (Cost Management User Guide, "Detecting unusual spend with
 *   AWS Cost Anomaly Detection").
 */

export interface CostAnomalyMonitorProps {
  /** Prefix of the monitor and subscription names, e.g. `acme-ai-prod-cost-anomaly`. */
  readonly namePrefix: string;
  /** The cost allocation tag that marks the environment's resources, e.g. `{ key: "environment", value: "prod" }`. */
  readonly tag: { readonly key: string; readonly value: string };
  /** Total impact in USD at which an anomaly alerts (monitoring.costAnomalyThresholdUsd). */
  readonly thresholdUsd: number;
  /** SNS topic the alerts go to (the environment's alert topic). */
  readonly topicArn: string;
  /**
   * Resources the subscription must wait for: the topic policy that lets
   * costalerts.amazonaws.com publish (CreateAnomalySubscription checks it).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Also create the account's AWS services monitor (DIMENSIONAL SERVICE), one per account.
   * @default true
   */
  readonly serviceMonitor?: boolean;
}

/**
 * AWS Cost Anomaly Detection for one environment: a CUSTOM monitor on the environment's cost
 * allocation tag, optionally the account's AWS services monitor, and one subscription that sends
 * every anomaly whose total impact reaches `thresholdUsd` to the alert topic at once. A cost
 * curve that bends (GPU instances started with stolen credentials, a runaway gate) shows here
 * before the monthly budget does.
 *
 * @example
 * new CostAnomalyMonitor(this, "cost-anomaly", {
 *   namePrefix: "acme-ai-prod-cost-anomaly", tag: { key: "environment", value: "prod" }, thresholdUsd: 100,
 *   topicArn: alerts.topicArn, dependsOn: [alerts.policyResource],
 * });
 */
export class CostAnomalyMonitor extends Construct {
  public readonly monitorArns: readonly string[];
  public readonly subscriptionArn: string;

  constructor(scope: Construct, id: string, props: CostAnomalyMonitorProps) {
    const validator = new PropValidator(scope, id)
      .require(
        Number.isFinite(props.thresholdUsd) && props.thresholdUsd >= COST_ANOMALY_THRESHOLD_USD.min && props.thresholdUsd <= COST_ANOMALY_THRESHOLD_USD.max,
        "AWS_COST_ANOMALY_THRESHOLD_OUT_OF_RANGE",
        "thresholdUsd",
        props.thresholdUsd,
        `${COST_ANOMALY_THRESHOLD_USD.min} to ${COST_ANOMALY_THRESHOLD_USD.max} USD`,
      )
      .matches("tag.key", props.tag.key, AWS_TAG_KEY, "AWS_COST_ANOMALY_TAG_KEY_INVALID")
      .matches("tag.value", props.tag.value, AWS_TAG_VALUE, "AWS_COST_ANOMALY_TAG_VALUE_INVALID");
    if (!Token.isUnresolved(props.namePrefix)) {
      validator.require(props.namePrefix.length >= 1 && props.namePrefix.length <= 1000, "AWS_COST_ANOMALY_NAME_PREFIX_INVALID", "namePrefix", props.namePrefix, "1-1000 characters");
    }
    validator.throwIfInvalid();
    super(scope, id);

    const monitors: CeAnomalyMonitor[] = [];
    if (props.serviceMonitor ?? true) {
      monitors.push(
        new CeAnomalyMonitor(this, "ServiceMonitor", {
          name: `${props.namePrefix}-services`,
          monitorType: "DIMENSIONAL",
          monitorDimension: "SERVICE",
          tags: { purpose: "cost-anomaly" },
        }),
      );
    }
    monitors.push(
      new CeAnomalyMonitor(this, "TagMonitor", {
        name: `${props.namePrefix}-${props.tag.key}-${props.tag.value}`,
        monitorType: "CUSTOM",
        monitorSpecification: JSON.stringify({ Tags: { Key: props.tag.key, Values: [props.tag.value], MatchOptions: ["EQUALS"] } }),
        tags: { purpose: "cost-anomaly" },
      }),
    );
    const subscription = new CeAnomalySubscription(this, "Subscription", {
      name: `${props.namePrefix}-alerts`,
      frequency: "IMMEDIATE",
      monitorArnList: monitors.map((m) => m.arn),
      subscriber: [{ type: "SNS", address: props.topicArn }],
      thresholdExpression: {
        dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(props.thresholdUsd)] },
      },
      tags: { purpose: "cost-anomaly" },
      ...(props.dependsOn !== undefined && props.dependsOn.length > 0 ? { dependsOn: [...props.dependsOn] } : {}),
    });
    this.monitorArns = monitors.map((m) => m.arn);
    this.subscriptionArn = subscription.arn;
  }
}
