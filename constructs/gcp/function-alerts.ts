import { MonitoringAlertPolicy } from "@cdktf/provider-google/lib/monitoring-alert-policy";
import { Construct } from "constructs";
import { GATE_REJECTIONS_PER_HOUR } from "../shared/limits/monitoring";
import { createLogMetricAlert, LogMetricAlert } from "./audit-log-alerts";
import { alertPropValidator } from "./notification-channels";

/**
 * `forecast_options.forecast_horizon` accepts 1 to 60 hours (Cloud Monitoring API,
 * AlertPolicy.Condition.MetricThreshold.ForecastOptions: "The forecast horizon can range from 1
 * hour to 60 hours").
 */
export const GCP_FORECAST_HORIZON_HOURS = { min: 1, max: 60 } as const;

/** A Cloud Run functions (2nd gen) function as Cloud Monitoring sees it. */
export interface MonitoredFunction {
  /** The function's name, which is also its Cloud Run service's (`resource.labels.service_name`). */
  readonly functionName: string;
}

export interface FunctionAlertsProps {
  /** Project of the function, its metrics and the policies. */
  readonly projectId: string;
  /** Start of the metric's name and the policies' display names, e.g. `acme-ai-prod-gate-fraud` (1-60 characters). */
  readonly namePrefix: string;
  /** The function (a LockedDownFunction). */
  readonly function: MonitoredFunction;
  /** Resource names of the channels every alert notifies (`NotificationChannels.channelNames`), at most 16. */
  readonly notificationChannels: readonly string[];
  /** Rejections per hour above which the rejection alert fires (monitoring.gateRejectionsPerHour), 1-10,000. */
  readonly rejectionsPerHour: number;
  /**
   * Share of requests (0-1, exclusive of 0) answered other than 2xx over 5 minutes above which the
   * error alert fires. A failed gate run throws, the function answers 5xx and Eventarc retries.
   * @default 0.1
   */
  readonly errorRatio?: number;
  /**
   * p99 request latency in milliseconds above which, now or forecast, the latency alert fires.
   * @default 432000 (80 % of the 540 s event-driven timeout)
   */
  readonly latencyThresholdMs?: number;
  /**
   * How far ahead the latency condition forecasts, in hours (1-60).
   * @default 1
   */
  readonly forecastHorizonHours?: number;
}

/**
 * Health and behaviour alerts for one promotion gate running on Cloud Run functions (2nd gen):
 * its Cloud Run service's metrics are `run.googleapis.com/request_count` (label
 * `response_code_class`) and `run.googleapis.com/request_latencies` (a distribution, ms), on the
 * `cloud_run_revision` resource labelled `service_name` (Google Cloud metrics list, Cloud Run).
 *
 * - `errors`: the share of requests not answered 2xx exceeds `errorRatio` over 5 minutes (a
 *   ratio condition: numerator and `denominator_filter`). A gate that fails is not rejecting
 *   uploads, it is not deciding at all: uploads pile up unpromoted, or an attacker found input
 *   that crashes it.
 * - `latency`: p99 latency (`ALIGN_PERCENTILE_99` per revision, the maximum across revisions)
 *   exceeds `latencyThresholdMs`, or is forecast to within `forecastHorizonHours`
 *   (`forecast_options`, google provider 6.50 `condition_threshold.forecast_options`): a gate
 *   drifting toward its timeout, from larger models or a slow dependency, is caught before it
 *   times out.
 * - `rejections`: a log-based counter on the gate's decision line (the GCP handler logs JSON
 *   with `accepted: false` for a rejection, functions/promotion-gate/handlers/gcp/handler.ts;
 *   Cloud Run functions turn it into `jsonPayload`), alerting when one hour holds more than
 *   `rejectionsPerHour`: someone is pushing unsigned, tampered or unscanned models.
 *
 * @example
 * new FunctionAlerts(this, "gate-fraud", {
 *   projectId: "acme-ai-prod", namePrefix: "acme-ai-prod-gate-fraud", function: gate,
 *   notificationChannels: channels.channelNames, rejectionsPerHour: 5,
 * });
 */
export class FunctionAlerts extends Construct {
  /** The error-ratio policy. */
  public readonly errors: MonitoringAlertPolicy;
  /** The p99 latency policy, with its forecast. */
  public readonly latency: MonitoringAlertPolicy;
  /** The rejection counter and its policy. */
  public readonly rejections: LogMetricAlert;

  constructor(scope: Construct, id: string, props: FunctionAlertsProps) {
    const errorRatio = props.errorRatio ?? 0.1;
    const latencyThresholdMs = props.latencyThresholdMs ?? 432_000;
    const horizon = props.forecastHorizonHours ?? 1;
    alertPropValidator(scope, id, props.namePrefix, props.notificationChannels)
      .integerInRange("rejectionsPerHour", props.rejectionsPerHour, GATE_REJECTIONS_PER_HOUR.min, GATE_REJECTIONS_PER_HOUR.max, "GCP_GATE_REJECTIONS_OUT_OF_RANGE")
      .require(errorRatio > 0 && errorRatio <= 1, "GCP_FUNCTION_ERROR_RATIO_OUT_OF_RANGE", "errorRatio", errorRatio, "a share greater than 0 and at most 1")
      .integerInRange("latencyThresholdMs", latencyThresholdMs, 1, 3_600_000, "GCP_FUNCTION_LATENCY_THRESHOLD_OUT_OF_RANGE")
      .integerInRange("forecastHorizonHours", horizon, GCP_FORECAST_HORIZON_HOURS.min, GCP_FORECAST_HORIZON_HOURS.max, "GCP_FORECAST_HORIZON_OUT_OF_RANGE")
      .throwIfInvalid();
    super(scope, id);

    const service = `resource.type="cloud_run_revision" AND resource.labels.service_name="${props.function.functionName}"`;
    const channels = [...props.notificationChannels];
    const requests = `metric.type="run.googleapis.com/request_count" AND ${service}`;
    const sum = (seconds: number): { alignmentPeriod: string; perSeriesAligner: string; crossSeriesReducer: string } => ({
      alignmentPeriod: `${seconds}s`,
      perSeriesAligner: "ALIGN_DELTA",
      crossSeriesReducer: "REDUCE_SUM",
    });

    this.errors = new MonitoringAlertPolicy(this, "errors-alert", {
      project: props.projectId,
      displayName: `${props.namePrefix}-errors`,
      combiner: "OR",
      severity: "ERROR",
      notificationChannels: channels,
      conditions: [
        {
          displayName: `More than ${errorRatio * 100} % of requests not answered 2xx over 5 minutes`,
          conditionThreshold: {
            filter: `${requests} AND metric.labels.response_code_class!="2xx"`,
            denominatorFilter: requests,
            aggregations: [sum(300)],
            denominatorAggregations: [sum(300)],
            comparison: "COMPARISON_GT",
            thresholdValue: errorRatio,
            duration: "0s",
            trigger: { count: 1 },
          },
        },
      ],
      alertStrategy: { autoClose: "86400s" },
      documentation: {
        subject: "Promotion gate failing",
        mimeType: "text/markdown",
        content: [
          `The promotion gate \`${props.function.functionName}\` answered more than ${errorRatio * 100} % of its events with an error over 5 minutes.`,
          "",
          "Why it matters: a failing gate promotes nothing (Eventarc retries each event for up to 24 hours, then drops it), and a crash on crafted input is an attack on the gate itself.",
          "",
          'Check: the function\'s logs with `severity="ERROR"` (the handler logs `code` and `message`), its grants (a revoked KMS or bucket grant fails every run), and recent uploads under `incoming/`.',
        ].join("\n"),
      },
    });

    this.latency = new MonitoringAlertPolicy(this, "latency-alert", {
      project: props.projectId,
      displayName: `${props.namePrefix}-latency`,
      combiner: "OR",
      severity: "WARNING",
      notificationChannels: channels,
      conditions: [
        {
          displayName: `p99 latency above ${latencyThresholdMs} ms, now or forecast within ${horizon} h`,
          conditionThreshold: {
            filter: `metric.type="run.googleapis.com/request_latencies" AND ${service}`,
            aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_PERCENTILE_99", crossSeriesReducer: "REDUCE_MAX" }],
            comparison: "COMPARISON_GT",
            thresholdValue: latencyThresholdMs,
            duration: "300s",
            forecastOptions: { forecastHorizon: `${horizon * 3600}s` },
            trigger: { count: 1 },
          },
        },
      ],
      alertStrategy: { autoClose: "86400s" },
      documentation: {
        subject: "Promotion gate slowing toward its timeout",
        mimeType: "text/markdown",
        content: [
          `The p99 latency of the promotion gate \`${props.function.functionName}\` is above ${latencyThresholdMs} ms, or its trend crosses that within ${horizon} h.`,
          "",
          "Why it matters: a run that reaches the timeout fails and is retried, so a slow gate turns into a failing one; a sudden change in latency also follows changed code or unusually large uploads.",
          "",
          "Check: the sizes of recent uploads, the function's revision (`resource.labels.revision_name`) and its code digest in the function description.",
        ].join("\n"),
      },
    });

    this.rejections = createLogMetricAlert(this, props.projectId, props.namePrefix, channels, {
      id: "rejections",
      severity: "WARNING",
      resourceTypes: ["cloud_run_revision"],
      filter: `${service} AND jsonPayload.accepted=false`,
      threshold: props.rejectionsPerHour,
      windowSeconds: 3600,
      subject: "Promotion gate rejecting more uploads than usual",
      content: [
        `The promotion gate \`${props.function.functionName}\` rejected more than ${props.rejectionsPerHour} uploads in an hour.`,
        "",
        "Why it matters: a burst of rejections is a publisher with a broken pipeline, or someone trying unsigned, tampered or unscanned models until one passes.",
        "",
        "Check: the rejection lines (`jsonPayload.accepted=false`): `failedChecks`, `reasons`, `model`, `version`; then the uploads' principals in the bucket's Data Access audit log.",
      ].join("\n"),
    });
  }
}
