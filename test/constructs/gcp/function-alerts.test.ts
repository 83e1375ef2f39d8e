import * as fs from "node:fs";
import * as path from "node:path";
import { FunctionAlerts, FunctionAlertsProps } from "../../../constructs/gcp/function-alerts";
import { validationErrorOf } from "../../helpers/errors";
import { JsonValue, matchesLoggingQuery } from "../../helpers/logging-query";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

const CHANNELS = ["projects/acme-ai-prod/notificationChannels/1", "projects/acme-ai-prod/notificationChannels/2"];
const BASE: FunctionAlertsProps = {
  projectId: "acme-ai-prod",
  namePrefix: "acme-ai-prod-gate-fraud",
  function: { functionName: "acme-ai-prod-gate-fraud" },
  notificationChannels: CHANNELS,
  rejectionsPerHour: 5,
};

function synth(props: Partial<FunctionAlertsProps> = {}): Json {
  return synthConstruct((scope) => new FunctionAlerts(scope, "gate-fraud", { ...BASE, ...props }));
}

function policy(stack: Json, name: string): Json {
  const found = Object.values(resourcesOf(stack, "google_monitoring_alert_policy")).find((p) => p["display_name"] === name);
  if (found === undefined) throw new Error(`no policy ${name}`);
  return found;
}

function condition(stack: Json, name: string): Json {
  return (policy(stack, name)["conditions"] as Json[])[0]!["condition_threshold"] as Json;
}

function fixture(name: string): JsonValue {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "gcp-events", name), "utf8")) as JsonValue;
}

const SERVICE = 'resource.type="cloud_run_revision" AND resource.labels.service_name="acme-ai-prod-gate-fraud"';

describe("gcp FunctionAlerts", () => {
  test("three policies and one metric, by name", () => {
    const stack = synth();
    expect(Object.values(resourcesOf(stack, "google_monitoring_alert_policy")).map((p) => p["display_name"])).toEqual([
      "acme-ai-prod-gate-fraud-errors",
      "acme-ai-prod-gate-fraud-latency",
      "acme-ai-prod-gate-fraud-rejections",
    ]);
    expect(Object.values(resourcesOf(stack, "google_logging_metric")).map((m) => m["name"])).toEqual(["acme-ai-prod-gate-fraud-rejections-count"]);
    expect(Object.values(resourcesOf(stack, "google_monitoring_alert_policy")).map((p) => p["notification_channels"])).toEqual([CHANNELS, CHANNELS, CHANNELS]);
  });

  test("errors: the share of non-2xx requests over 5 minutes above 10 %", () => {
    expect(condition(synth(), "acme-ai-prod-gate-fraud-errors")).toEqual({
      filter: `metric.type="run.googleapis.com/request_count" AND ${SERVICE} AND metric.labels.response_code_class!="2xx"`,
      denominator_filter: `metric.type="run.googleapis.com/request_count" AND ${SERVICE}`,
      aggregations: [{ alignment_period: "300s", per_series_aligner: "ALIGN_DELTA", cross_series_reducer: "REDUCE_SUM" }],
      denominator_aggregations: [{ alignment_period: "300s", per_series_aligner: "ALIGN_DELTA", cross_series_reducer: "REDUCE_SUM" }],
      comparison: "COMPARISON_GT",
      threshold_value: 0.1,
      duration: "0s",
      trigger: { count: 1 },
    });
  });

  test("latency: p99 above 432000 ms now or forecast within 1 hour", () => {
    expect(condition(synth(), "acme-ai-prod-gate-fraud-latency")).toEqual({
      filter: `metric.type="run.googleapis.com/request_latencies" AND ${SERVICE}`,
      aggregations: [{ alignment_period: "300s", per_series_aligner: "ALIGN_PERCENTILE_99", cross_series_reducer: "REDUCE_MAX" }],
      comparison: "COMPARISON_GT",
      threshold_value: 432000,
      duration: "300s",
      forecast_options: { forecast_horizon: "3600s" },
      trigger: { count: 1 },
    });
  });

  test("thresholds and horizon follow the props", () => {
    const stack = synth({ errorRatio: 0.25, latencyThresholdMs: 60000, forecastHorizonHours: 6 });
    expect(condition(stack, "acme-ai-prod-gate-fraud-errors")["threshold_value"]).toBe(0.25);
    expect(condition(stack, "acme-ai-prod-gate-fraud-latency")["threshold_value"]).toBe(60000);
    expect(condition(stack, "acme-ai-prod-gate-fraud-latency")["forecast_options"]).toEqual({ forecast_horizon: "21600s" });
  });

  test("rejections: more than rejectionsPerHour decision lines with accepted=false in one hour", () => {
    const stack = synth({ rejectionsPerHour: 12 });
    const [metricId, metric] = Object.entries(resourcesOf(stack, "google_logging_metric"))[0]!;
    expect(metric["filter"]).toBe(`${SERVICE} AND jsonPayload.accepted=false`);
    expect(condition(stack, "acme-ai-prod-gate-fraud-rejections")).toEqual({
      filter: `metric.type="logging.googleapis.com/user/\${google_logging_metric.${metricId}.name}" AND resource.type="cloud_run_revision"`,
      comparison: "COMPARISON_GT",
      threshold_value: 12,
      duration: "0s",
      aggregations: [{ alignment_period: "3600s", per_series_aligner: "ALIGN_SUM", cross_series_reducer: "REDUCE_SUM" }],
      trigger: { count: 1 },
    });
  });

  test("the rejection filter counts a rejected decision, not an approved one or another service's", () => {
    const filter = Object.values(resourcesOf(synth(), "google_logging_metric"))[0]!["filter"] as string;
    expect(matchesLoggingQuery(filter, fixture("gate-rejected.json"))).toBe(true);
    expect(matchesLoggingQuery(filter, fixture("gate-approved.json"))).toBe(false);
    const other = fixture("gate-rejected.json") as Json;
    const elsewhere = { ...other, resource: { type: "cloud_run_revision", labels: { service_name: "acme-ai-prod-gate-other" } } } as JsonValue;
    expect(matchesLoggingQuery(filter, elsewhere)).toBe(false);
  });

  test("GCP_GATE_REJECTIONS_OUT_OF_RANGE, GCP_FUNCTION_ERROR_RATIO_OUT_OF_RANGE, GCP_FUNCTION_LATENCY_THRESHOLD_OUT_OF_RANGE, GCP_FORECAST_HORIZON_OUT_OF_RANGE together", () => {
    const error = validationErrorOf(() => synth({ rejectionsPerHour: 0, errorRatio: 0, latencyThresholdMs: 0, forecastHorizonHours: 61 }));
    expect(error.problems.map((p) => [p.code, p.prop, p.accepted])).toEqual([
      ["GCP_GATE_REJECTIONS_OUT_OF_RANGE", "rejectionsPerHour", "an integer from 1 to 10000"],
      ["GCP_FUNCTION_ERROR_RATIO_OUT_OF_RANGE", "errorRatio", "a share greater than 0 and at most 1"],
      ["GCP_FUNCTION_LATENCY_THRESHOLD_OUT_OF_RANGE", "latencyThresholdMs", "an integer from 1 to 3600000"],
      ["GCP_FORECAST_HORIZON_OUT_OF_RANGE", "forecastHorizonHours", "an integer from 1 to 60"],
    ]);
  });

  test("GCP_ALERT_CHANNELS_TOO_MANY and GCP_ALERT_NAME_PREFIX_INVALID", () => {
    const error = validationErrorOf(() => synth({ namePrefix: "y".repeat(65), notificationChannels: Array.from({ length: 17 }, (_, i) => `c${i}`) }));
    expect(error.problems.map((p) => p.code)).toEqual(["GCP_ALERT_NAME_PREFIX_INVALID", "GCP_ALERT_CHANNELS_TOO_MANY"]);
  });
});
