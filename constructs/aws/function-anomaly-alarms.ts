import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { GATE_REJECTIONS_PER_HOUR } from "../shared/limits/monitoring";
import { REGISTRY_NAME } from "../shared/limits/registry";
import { PropValidator } from "../shared/validation-error";

/*
 * Facts this file relies on:
 * - An anomaly-detection alarm is a metric-math alarm: the metric (`m1`) and
 *   `ANOMALY_DETECTION_BAND(m1, <standard deviations>)`, the band named by
 *   `threshold_metric_id`, and `GreaterThanUpperThreshold` to alarm above the band only
 *   (CloudWatch User Guide, "Create a CloudWatch alarm based on anomaly detection"; provider
 *   6.25 aws_cloudwatch_metric_alarm, "Example of an Anomaly Detection Alarm"). The model trains
 *   on up to two weeks of the metric; until it has data the band is wide.
 * - AWS/Lambda metrics by FunctionName: Invocations, Errors, Throttles (Sum) and Duration
 *   (milliseconds; percentiles allowed) (Lambda Developer Guide, "Types of metrics for Lambda
 *   functions").
 * - The gate writes one JSON line per decision with `"gate":"aws"` and `"accepted":false` on a
 *   rejection (functions/promotion-gate/handlers/aws/index.ts), through console.log of a
 *   JSON.stringify'd string. The function logs in Lambda's JSON format (LockedDownFunction
 *   `logging_config`), which wraps each call in a record `{timestamp, level, requestId,
 *   message}` (Lambda Developer Guide, "Log and monitor Node.js Lambda functions", advanced
 *   logging controls). Whether `message` then holds the line as a string or as parsed JSON is
 *   not spelled out there, so the pattern matches all three shapes: the string (wildcards on
 *   `$.message`, quotes escaped), a parsed `message` object, and the line as the record itself.
 *   Logging the object itself (console.log(object)) would make the structured branch the one
 *   that matches; the pattern needs no change either way.
 * - Alarm names up to 255 characters; metric names refuse `:` `*` `$` (see TrailAlarms).
 */

/** A function watched for anomalies. */
export interface WatchedFunction {
  /** The registry the gate serves (REGISTRY_NAME): part of the alarm and metric names. */
  readonly registry: string;
  /** The Lambda function's name (its resource attribute). */
  readonly functionName: string;
  /** The function's CloudWatch Logs group (its resource attribute). */
  readonly logGroupName: string;
}

/** One AWS/Lambda metric an anomaly band watches. */
interface AnomalyMetric {
  readonly id: string;
  readonly metricName: string;
  readonly stat: string;
  readonly why: string;
}

/**
 * The metrics with a learned baseline: a gate suddenly busier (a flood of uploads, or someone
 * invoking it directly), failing, slower (an oversized or adversarial model version: the gate
 * hashes every byte) or throttled (its reserved concurrency exhausted, so decisions queue).
 */
export const GATE_ANOMALY_METRICS: readonly AnomalyMetric[] = [
  { id: "invocations", metricName: "Invocations", stat: "Sum", why: "runs far more often than its learned baseline: an upload flood or direct invocations" },
  { id: "errors", metricName: "Errors", stat: "Sum", why: "fails far more often than its baseline: decisions are not being made" },
  { id: "duration", metricName: "Duration", stat: "p90", why: "is far slower than its baseline (p90): oversized or adversarial model versions" },
  { id: "throttles", metricName: "Throttles", stat: "Sum", why: "is throttled far more than its baseline: its reserved concurrency is exhausted" },
];

/** The gate's rejection line, in every shape Lambda may deliver it (see the file comment). */
export const GATE_REJECTION_PATTERN =
  '{ ($.message = "*\\"gate\\":\\"aws\\"*" && $.message = "*\\"accepted\\":false*") || ($.message.gate = "aws" && $.message.accepted IS FALSE) || ($.gate = "aws" && $.accepted IS FALSE) }';

export interface FunctionAnomalyAlarmsProps {
  /** Prefix of every alarm and metric name, e.g. `acme-ai-prod-gate` (1-160 characters, no `:`, `*` or `$`); the registry follows. */
  readonly namePrefix: string;
  /** The gates to watch. */
  readonly functions: readonly WatchedFunction[];
  /** SNS topic every alarm notifies. */
  readonly alarmTopicArn: string;
  /** Rejections in one hour of one gate above which its rejection alarm fires (monitoring.gateRejectionsPerHour). */
  readonly rejectionsPerHour: number;
  /** Width of the anomaly band in standard deviations, 1-10. @default 2 */
  readonly bandStandardDeviations?: number;
  /** Namespace of the rejection metrics, not starting with `AWS/`. @default "AiSupplyChain/Gate" */
  readonly metricNamespace?: string;
}

/**
 * For each promotion gate: CloudWatch anomaly-detection alarms on its invocations, errors,
 * duration (p90) and throttles, which fire when the metric leaves the band the model learned;
 * and a metric filter counting its rejections with a static alarm when one hour holds more than
 * `rejectionsPerHour` (a burst of refused uploads is someone probing the gate). Every alarm
 * notifies the alert topic.
 *
 * @example
 * new FunctionAnomalyAlarms(this, "gate-alarms", {
 *   namePrefix: "acme-ai-prod-gate", alarmTopicArn: alerts.topicArn, rejectionsPerHour: 5,
 *   functions: [{ registry: "fraud-scoring", functionName: gate.functionName, logGroupName: gate.logGroupName }],
 * });
 */
export class FunctionAnomalyAlarms extends Construct {
  /** Alarm names, in creation order. */
  public readonly alarmNames: readonly string[];

  constructor(scope: Construct, id: string, props: FunctionAnomalyAlarmsProps) {
    const band = props.bandStandardDeviations ?? 2;
    const namespace = props.metricNamespace ?? "AiSupplyChain/Gate";
    const validator = new PropValidator(scope, id)
      .integerInRange("rejectionsPerHour", props.rejectionsPerHour, GATE_REJECTIONS_PER_HOUR.min, GATE_REJECTIONS_PER_HOUR.max, "AWS_GATE_ALARM_REJECTIONS_OUT_OF_RANGE")
      .require(Number.isFinite(band) && band >= 1 && band <= 10, "AWS_GATE_ALARM_BAND_OUT_OF_RANGE", "bandStandardDeviations", band, "1 to 10")
      .require(!namespace.startsWith("AWS/") && !/[:*$]/.test(namespace) && namespace.length >= 1 && namespace.length <= 255, "AWS_GATE_ALARM_NAMESPACE_INVALID", "metricNamespace", namespace, "1-255 characters without : * $, not starting with AWS/")
      .require(new Set(props.functions.map((f) => f.registry)).size === props.functions.length, "AWS_GATE_ALARM_REGISTRY_DUPLICATE", "functions", props.functions.map((f) => f.registry).join(","), "each registry once");
    if (!Token.isUnresolved(props.namePrefix)) {
      validator.require(props.namePrefix.length >= 1 && props.namePrefix.length <= 160 && !/[:*$]/.test(props.namePrefix), "AWS_GATE_ALARM_NAME_PREFIX_INVALID", "namePrefix", props.namePrefix, "1-160 characters without : * $");
    }
    props.functions.forEach((f, i) => validator.matches(`functions[${i}].registry`, f.registry, REGISTRY_NAME, "AWS_GATE_ALARM_REGISTRY_INVALID"));
    validator.throwIfInvalid();
    super(scope, id);

    const names: string[] = [];
    for (const fn of props.functions) {
      const base = `${props.namePrefix}-${fn.registry}`;
      for (const metric of GATE_ANOMALY_METRICS) {
        const alarm = new CloudwatchMetricAlarm(this, `${fn.registry}-${metric.id}-anomaly`, {
          alarmName: `${base}-${metric.id}-anomaly`,
          alarmDescription: `Promotion gate of registry ${fn.registry} ${metric.why}.`,
          comparisonOperator: "GreaterThanUpperThreshold",
          // Two five-minute periods in a row above the band: one spike is noise, ten minutes is a pattern.
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          thresholdMetricId: "band",
          metricQuery: [
            {
              id: "m1",
              returnData: true,
              metric: { namespace: "AWS/Lambda", metricName: metric.metricName, stat: metric.stat, period: 300, dimensions: { FunctionName: fn.functionName } },
            },
            { id: "band", expression: `ANOMALY_DETECTION_BAND(m1, ${band})`, label: `${metric.metricName} (expected)`, returnData: true },
          ],
          // A gate that ran nothing is not an anomaly above the band.
          treatMissingData: "notBreaching",
          actionsEnabled: true,
          alarmActions: [props.alarmTopicArn],
          tags: { purpose: "security-alarm" },
        });
        names.push(alarm.alarmName);
      }
      const metricName = `${base}-rejections`;
      const filter = new CloudwatchLogMetricFilter(this, `${fn.registry}-rejections-filter`, {
        name: metricName,
        logGroupName: fn.logGroupName,
        pattern: GATE_REJECTION_PATTERN,
        metricTransformation: { name: metricName, namespace, value: "1" },
      });
      const alarm = new CloudwatchMetricAlarm(this, `${fn.registry}-rejections-alarm`, {
        alarmName: `${base}-rejections-alarm`,
        alarmDescription: `Promotion gate of registry ${fn.registry} rejected more than ${props.rejectionsPerHour} uploads in one hour: someone may be probing it with unsigned, tampered or infected models.`,
        metricName: filter.metricTransformation.name,
        namespace: filter.metricTransformation.namespace,
        statistic: "Sum",
        period: 3600,
        evaluationPeriods: 1,
        threshold: props.rejectionsPerHour,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [props.alarmTopicArn],
        tags: { purpose: "security-alarm" },
      });
      names.push(alarm.alarmName);
    }
    this.alarmNames = names;
  }
}
