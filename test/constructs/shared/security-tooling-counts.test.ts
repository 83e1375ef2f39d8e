import { DEFAULT_SECURITY_TOOLING_COUNTS } from "../../../constructs/shared/security-tooling-cost";
import { synthApp } from "../../helpers/synth";

/*
 * The estimate counts alarms, alert conditions and rules it does not synthesize itself
 * (DEFAULT_SECURITY_TOOLING_COUNTS): this test holds those counts to what the default
 * blueprint's prod stacks actually contain, so adding an alarm without updating the estimate
 * fails here. The default configuration has two registries per environment on every cloud.
 */
type Resources = Record<string, Record<string, Record<string, unknown>>>;

const stacks = synthApp("security-tooling-counts");
const resources = (name: string): Resources => (JSON.parse(stacks.get(name)!) as { resource: Resources }).resource;
const count = (name: string, type: string, keep: (r: Record<string, unknown>) => boolean = () => true): number =>
  Object.values(resources(name)[type] ?? {}).filter(keep).length;
const REGISTRIES = 2;
const c = DEFAULT_SECURITY_TOOLING_COUNTS;

describe("the security-tooling estimate counts what the stacks create", () => {
  test("AWS: one metric filter per trail alarm and per gate rejection alarm", () => {
    const onTrail = (r: Record<string, unknown>) => String(r["log_group_name"]).includes("aws_cloudwatch_log_group.supply-chain_audit-trail");
    expect(count("aws-prod", "aws_cloudwatch_log_metric_filter", onTrail)).toBe(c.awsTrailAlarms + REGISTRIES * c.awsTrailAlarmsPerRegistry);
    expect(count("aws-prod", "aws_cloudwatch_log_metric_filter", (r) => !onTrail(r))).toBe(REGISTRIES * c.awsGateFilterAlarmsPerRegistry);
    expect(count("aws-prod", "aws_cloudwatch_metric_alarm", (r) => r["metric_query"] !== undefined)).toBe(REGISTRIES * c.awsGateAnomalyAlarmsPerRegistry);
    expect(count("aws-prod", "aws_cloudwatch_metric_alarm")).toBe(c.awsTrailAlarms + REGISTRIES * (c.awsTrailAlarmsPerRegistry + c.awsGateFilterAlarmsPerRegistry + c.awsGateAnomalyAlarmsPerRegistry));
  });

  test("AWS: the trail's CloudWatch Logs copy is kept for the protection level's function log retention", () => {
    const groups = Object.values(resources("aws-prod")["aws_cloudwatch_log_group"]!).filter((g) => String(g["name"]).startsWith("/aws/cloudtrail/"));
    expect(groups.map((g) => g["retention_in_days"])).toEqual([365]);
  });

  test("GCP: one alert condition per audit-log alert and three per gate", () => {
    expect(count("gcp-prod", "google_monitoring_alert_policy")).toBe(c.gcpAuditAlertConditions + REGISTRIES * c.gcpGateAlertConditionsPerRegistry);
    const conditions = Object.values(resources("gcp-prod")["google_monitoring_alert_policy"]!).map((p) => (p["conditions"] as unknown[]).length);
    expect(new Set(conditions)).toEqual(new Set([1]));
  });

  test("Azure: activity-log alerts, dynamic metric alerts and log search rules", () => {
    expect(count("azure-prod", "azurerm_monitor_activity_log_alert")).toBe(c.azureActivityLogAlerts);
    expect(count("azure-prod", "azurerm_monitor_metric_alert")).toBe(REGISTRIES * c.azureGateMetricTimeSeriesPerRegistry);
    expect(count("azure-prod", "azurerm_monitor_scheduled_query_rules_alert_v2")).toBe(REGISTRIES * c.azureGateLogSearchAlertsPerRegistry);
    expect(count("azure-prod", "azurerm_key_vault")).toBe(c.azureKeyVaults);
  });
});
