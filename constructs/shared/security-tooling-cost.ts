/**
 * Monthly cost of the security tooling the blueprint turns on in one environment on one cloud:
 * the detectors, the malware scanning of registry uploads, the alarms and alert policies, and the
 * log copies they read. Prices come from SECURITY_TOOLING_PRICES (storage-prices.ts) only.
 *
 * What each cloud is priced on (from the declared volumes of the configuration):
 * - AWS: GuardDuty Malware Protection for S3 on every registry (on whatever `guardDuty` says:
 *   the plan needs no detector) per GB uploaded and per object evaluated; CloudTrail data events
 *   (`dataEventsPerMonth`); the trail's CloudWatch Logs copy (`ingestGbPerDay`, ingested once and
 *   stored for the log group's retention); the custom metrics the metric filters write and the
 *   alarms on them (trail alarms, the gates' rejection alarms); the gates' anomaly detection
 *   alarms; with `guardDuty` the detector's S3 Protection on the same data events.
 * - GCP: the data-access audit logs the blueprint turns on land in the project's `_Default`
 *   bucket as well as in the sink's bucket (no exclusion filter), so `ingestGbPerDay` is billed as
 *   Cloud Logging storage beyond the free 50 GiB per project and month (30 days included: the
 *   `_Default` bucket's retention, so no retention charge); every alert policy condition and the
 *   time series it returns. No managed upload malware scanner exists on GCP: 0, with a note.
 * - Azure: Defender for Storage with malware scanning on every registry account (on whatever
 *   `defenderPlans` says: a per-account setting); with `defenderPlans` the subscription plan
 *   covers every other storage account too (the log account, the gates' host accounts), whose
 *   scanning is capped per account and month (SUBSCRIPTION_MALWARE_SCAN_CAP_GB of
 *   constructs/azure/defender-plans.ts, 100 GB), and Defender for Key Vault; the gates' metric
 *   alert time series and log search alert rules. Activity log alerts and the cost anomaly alert
 *   are free. The activity log goes to the log storage account, not to Log Analytics.
 *
 * Items no declared volume prices are listed as "not estimated: billed on <what>" and count for
 * nothing in the total; the total is the sum of what was estimated. Amounts are unrounded.
 * Not included at all: requests to the buckets and vaults, SNS/notification delivery (email and
 * HTTPS notifications beyond the free tier), EventBridge (AWS service events on the default bus
 * are free), KMS keys (priced with the keys), organisation-level services (Security Command
 * Center, a delegated GuardDuty administrator), taxes and discounts.
 */
import { Cloud } from "./retention-tier";
import { DAYS_PER_MONTH, SECURITY_TOOLING_PRICE_BASIS, SECURITY_TOOLING_PRICES, SecurityToolingPriceId } from "./storage-prices";
import { BlueprintValidationError, ValidationProblem } from "./validation-error";

/** Bytes in a GiB over bytes in a GB: Cloud Logging bills GiB, the configuration declares GB. */
const GB_PER_GIB = 1.073741824;

/** Cloud Logging storage free per project and month, GiB (Google Cloud Observability pricing). */
export const GCP_FREE_LOGGING_GIB_PER_MONTH = 50;

/**
 * Alerting policy executions per condition and month: one every 30 seconds, the execution period
 * Google's "Manage alerting costs" examples use (86,400 in a 30-day month; here per average month).
 */
export const GCP_ALERT_EXECUTIONS_PER_MONTH = (DAYS_PER_MONTH * 86_400) / 30;

/**
 * Monthly on-upload scan cap of an Azure storage account the subscription plan covers and no
 * per-account setting overrides (SUBSCRIPTION_MALWARE_SCAN_CAP_GB, constructs/azure/defender-plans.ts;
 * a unit test holds the two together).
 */
export const AZURE_SUBSCRIPTION_SCAN_CAP_GB = 100;

/**
 * Objects evaluated per GB uploaded when the caller names no figure: a mean object of about
 * 100 MB (weight shards of hundreds of MB to a few GB, plus small config, tokenizer and `model.sig`
 * files). At $0.215 per 1,000 objects this adds $0.00215 per GB to the $0.09 per GB scanned, so
 * a figure off by a factor of ten moves the estimate by about 2 %.
 */
export const DEFAULT_OBJECTS_PER_GB = 10;

/**
 * How many alarms, alert policies and accounts the blueprint creates, per environment and per
 * registry (one promotion gate per registry). Named inputs, so the counts can be connected to
 * the constructs that create them; the defaults are the constructs' counts when this was written.
 */
export interface SecurityToolingCounts {
  /** AWS: trail alarms every environment has, each on a metric filter writing a custom metric (TrailAlarms: 15 CIS + KMS, trail, log bucket, GuardDuty tampering). */
  readonly awsTrailAlarms: number;
  /** AWS: trail alarms per registry (its bucket configuration, writes under approved/). */
  readonly awsTrailAlarmsPerRegistry: number;
  /** AWS: anomaly detection alarms per gate (Invocations, Errors, Duration, Throttles). */
  readonly awsGateAnomalyAlarmsPerRegistry: number;
  /** AWS: static alarms per gate on a metric filter of its own (the rejection rate). */
  readonly awsGateFilterAlarmsPerRegistry: number;
  /** AWS: days the trail's CloudWatch Logs copy keeps events (AuditTrail cloudWatchLogs.retentionDays). */
  readonly awsTrailLogRetentionDays: number;
  /** GCP: alert policy conditions on the audit logs every environment has (AuditLogAlerts). */
  readonly gcpAuditAlertConditions: number;
  /** GCP: alert policy conditions per gate (error rate, latency, rejections). */
  readonly gcpGateAlertConditionsPerRegistry: number;
  /** GCP: time series each condition returns per execution (the blueprint's conditions aggregate to one). */
  readonly gcpTimeSeriesPerCondition: number;
  /** Azure: metric alert time series per gate (executions, errors, response time). */
  readonly azureGateMetricTimeSeriesPerRegistry: number;
  /** Azure: log search alert rules per gate, evaluated every 5 minutes (the rejection rate). */
  readonly azureGateLogSearchAlertsPerRegistry: number;
  /** Azure: activity log alert rules of the environment (free). */
  readonly azureActivityLogAlerts: number;
  /** Azure: storage accounts other than the registries' and the gates' hosts (the log account). */
  readonly azureOtherStorageAccounts: number;
  /** Azure: host storage accounts per gate. */
  readonly azureGateHostAccountsPerRegistry: number;
  /** Azure: key vaults of the environment (Defender for Key Vault, per vault). */
  readonly azureKeyVaults: number;
}

/** The counts of the constructs as written when this estimate was (see each field). */
export const DEFAULT_SECURITY_TOOLING_COUNTS: SecurityToolingCounts = {
  awsTrailAlarms: 19,
  awsTrailAlarmsPerRegistry: 2,
  awsGateAnomalyAlarmsPerRegistry: 4,
  awsGateFilterAlarmsPerRegistry: 1,
  awsTrailLogRetentionDays: 90,
  gcpAuditAlertConditions: 7,
  gcpGateAlertConditionsPerRegistry: 3,
  gcpTimeSeriesPerCondition: 1,
  azureGateMetricTimeSeriesPerRegistry: 3,
  azureGateLogSearchAlertsPerRegistry: 1,
  azureActivityLogAlerts: 20,
  azureOtherStorageAccounts: 1,
  azureGateHostAccountsPerRegistry: 1,
  azureKeyVaults: 1,
};

/** One registry: its name and, when declared, its monthly upload volume. */
export interface SecurityToolingRegistry {
  /** Registry name, as in config. */
  readonly name: string;
  /**
   * GB uploaded per month (config `monthlyUploadGb`): every uploaded GB is scanned once.
   * @default - not declared: its scanning is listed as not estimated
   */
  readonly monthlyUploadGb?: number;
}

/** The declared volumes of one environment on one cloud. */
export interface SecurityToolingInput {
  /** Environment name: names the estimate and its errors. */
  readonly environment: string;
  /** The environment's registries on this cloud. */
  readonly registries: readonly SecurityToolingRegistry[];
  /** Audit log volume, GB per day (config `logs.ingestGbPerDay`). */
  readonly logIngestGbPerDay: number;
  /** CloudTrail data events per month on the registry and log buckets (config `monitoring.dataEventsPerMonth`; AWS only). */
  readonly dataEventsPerMonth: number;
  /**
   * The cloud's managed threat detection switch: AWS `threatDetection.guardDuty` (the detector),
   * Azure `threatDetection.defenderPlans` (the subscription plans). Ignored on GCP.
   * @default true
   */
  readonly threatDetection?: boolean;
  /**
   * Objects evaluated per GB uploaded, for prices per object (AWS Malware Protection for S3).
   * @default DEFAULT_OBJECTS_PER_GB (10: a 100 MB mean object)
   */
  readonly objectsPerGb?: number;
  /**
   * Alarm, policy and account counts that differ from the constructs' defaults.
   * @default DEFAULT_SECURITY_TOOLING_COUNTS
   */
  readonly counts?: Partial<SecurityToolingCounts>;
}

/** One line of the estimate. */
export interface SecurityToolingLine {
  /** What is billed. */
  readonly item: string;
  /**
   * Billed quantity per month, in `unit`.
   * @default - absent when the item is not estimated
   */
  readonly quantity?: number;
  /** The billing unit. */
  readonly unit: string;
  /**
   * List price per unit, USD.
   * @default - absent when no citable figure exists
   */
  readonly usdPerUnit?: number;
  /**
   * Monthly cost, USD (unrounded).
   * @default - absent when the item is not estimated: `note` says what it is billed on
   */
  readonly monthlyUsd?: number;
  /** Pricing page of the price. */
  readonly source: string;
  /** The assumption behind the quantity, or `not estimated: billed on <what>`. */
  readonly note: string;
}

/** The security tooling estimate of one environment on one cloud. */
export interface SecurityToolingEstimate {
  /** The cloud. */
  readonly cloud: Cloud;
  /** The environment. */
  readonly environment: string;
  /** Region and free-tier basis of the prices. */
  readonly basis: string;
  /** Every line, estimated or not, in a stable order. */
  readonly lines: readonly SecurityToolingLine[];
  /** Sum of the estimated lines, USD per month (unrounded). */
  readonly totalMonthlyUsd: number;
  /** Lines listed as not estimated. */
  readonly notEstimated: number;
}

function validate(input: SecurityToolingInput, objectsPerGb: number, counts: SecurityToolingCounts): void {
  const problems: ValidationProblem[] = [];
  const path = `security-tooling-cost/${input.environment}`;
  const number = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  const volume = (ok: boolean, prop: string, value: unknown, accepted: string): void => {
    if (!ok) problems.push({ code: "SECURITY_COST_VOLUME_OUT_OF_RANGE", constructPath: path, prop, value: String(value), accepted });
  };
  volume(number(input.logIngestGbPerDay) && input.logIngestGbPerDay >= 0, "logIngestGbPerDay", input.logIngestGbPerDay, "a number of GB per day, 0 or more");
  volume(number(input.dataEventsPerMonth) && input.dataEventsPerMonth >= 0, "dataEventsPerMonth", input.dataEventsPerMonth, "a number of events per month, 0 or more");
  volume(number(objectsPerGb) && objectsPerGb >= 0, "objectsPerGb", objectsPerGb, "a number of objects per GB, 0 or more");
  input.registries.forEach((r, i) => {
    if (r.monthlyUploadGb !== undefined) {
      volume(number(r.monthlyUploadGb) && r.monthlyUploadGb >= 0, `registries[${i}].monthlyUploadGb`, r.monthlyUploadGb, "a number of GB per month, 0 or more");
    }
  });
  for (const [key, value] of Object.entries(counts)) {
    if (!(Number.isInteger(value) && (value as number) >= 0)) {
      problems.push({ code: "SECURITY_COST_COUNT_INVALID", constructPath: path, prop: `counts.${key}`, value: String(value), accepted: "a whole number, 0 or more" });
    }
  }
  if (problems.length > 0) throw new BlueprintValidationError(problems);
}

/** A priced line: quantity × the table's price. */
function priced(id: SecurityToolingPriceId, quantity: number, note: string): SecurityToolingLine {
  const price = SECURITY_TOOLING_PRICES[id];
  if (price.usdPerUnit === undefined) return notEstimated(id, note);
  return { item: price.item, quantity, unit: price.unit, usdPerUnit: price.usdPerUnit, monthlyUsd: quantity * price.usdPerUnit, source: price.source, note };
}

/** A line listed without an amount; `billedOn` says what the cloud bills it on. */
function notEstimated(id: SecurityToolingPriceId, billedOn: string): SecurityToolingLine {
  const price = SECURITY_TOOLING_PRICES[id];
  return {
    item: price.item,
    unit: price.unit,
    ...(price.usdPerUnit === undefined ? {} : { usdPerUnit: price.usdPerUnit }),
    source: price.source,
    note: `not estimated: billed on ${billedOn}`,
  };
}

/** Uploaded GB of the registries that declare a volume, and the names of those that do not. */
function uploads(registries: readonly SecurityToolingRegistry[]): { gb: number; undeclared: string[] } {
  const declared = registries.filter((r) => r.monthlyUploadGb !== undefined);
  return {
    gb: declared.reduce((t, r) => t + (r.monthlyUploadGb ?? 0), 0),
    undeclared: registries.filter((r) => r.monthlyUploadGb === undefined).map((r) => r.name),
  };
}

function scanNote(registries: readonly SecurityToolingRegistry[], undeclared: readonly string[]): string {
  const base = `monthlyUploadGb of ${registries.length} registr${registries.length === 1 ? "y" : "ies"}, every uploaded GB scanned once`;
  return undeclared.length === 0 ? base : `${base}; without ${undeclared.join(", ")}, which declare${undeclared.length === 1 ? "s" : ""} no monthlyUploadGb (not estimated)`;
}

function awsLines(input: SecurityToolingInput, c: SecurityToolingCounts, objectsPerGb: number, guardDuty: boolean): SecurityToolingLine[] {
  const n = input.registries.length;
  const up = uploads(input.registries);
  const lines: SecurityToolingLine[] = [];
  if (n > 0) {
    const note = scanNote(input.registries, up.undeclared);
    lines.push(priced("awsMalwareScanGb", up.gb, `${note}; on with or without the detector`));
    lines.push(priced("awsMalwareScanObjects", (up.gb * objectsPerGb) / 1000, `${objectsPerGb} objects per GB uploaded (assumed mean object ${objectsPerGb > 0 ? Math.round(1000 / objectsPerGb) : "-"} MB)`));
  }
  lines.push(priced("awsTrailDataEvents", input.dataEventsPerMonth / 100_000, `dataEventsPerMonth ${input.dataEventsPerMonth} on the log and registry buckets; management events: first copy free`));
  if (guardDuty) {
    lines.push(priced("awsGuardDutyS3DataEvents", input.dataEventsPerMonth / 1_000_000, "dataEventsPerMonth as the S3 data events analysed: the detector reads every bucket's, so more buckets cost more"));
    lines.push(notEstimated("awsGuardDutyManagementEvents", "the account's CloudTrail management events, which no setting declares"));
    lines.push(notEstimated("awsGuardDutyLambdaNetworkGb", "GB of the functions' network activity, which no setting declares"));
  }
  const ingestGb = input.logIngestGbPerDay * DAYS_PER_MONTH;
  lines.push(priced("awsLogsIngestGb", ingestGb, `ingestGbPerDay ${input.logIngestGbPerDay} x ${DAYS_PER_MONTH} days: the trail's copy in CloudWatch Logs for the metric filters`));
  lines.push(
    priced(
      "awsLogsStorageGbMonth",
      input.logIngestGbPerDay * c.awsTrailLogRetentionDays,
      `${c.awsTrailLogRetentionDays} days of the copy kept, measured uncompressed (billed compressed: an upper bound)`,
    ),
  );
  const filterAlarms = c.awsTrailAlarms + n * (c.awsTrailAlarmsPerRegistry + c.awsGateFilterAlarmsPerRegistry);
  lines.push(
    priced(
      "awsCustomMetric",
      filterAlarms,
      `one per metric filter: ${c.awsTrailAlarms} trail + ${n} x (${c.awsTrailAlarmsPerRegistry} trail + ${c.awsGateFilterAlarmsPerRegistry} gate) per registry; billed for the hours they publish (an upper bound)`,
    ),
  );
  lines.push(priced("awsAlarmMetric", filterAlarms, "one static alarm per metric filter"));
  if (n > 0) {
    lines.push(priced("awsAnomalyAlarm", n * c.awsGateAnomalyAlarmsPerRegistry, `${c.awsGateAnomalyAlarmsPerRegistry} per gate x ${n} gates (Lambda metrics: no custom metric)`));
  }
  lines.push(priced("awsCostAnomalyDetection", 2, "the service monitor and the tag monitor, with one subscription"));
  return lines;
}

function gcpLines(input: SecurityToolingInput, c: SecurityToolingCounts): SecurityToolingLine[] {
  const n = input.registries.length;
  const gib = (input.logIngestGbPerDay * DAYS_PER_MONTH) / GB_PER_GIB;
  const billable = Math.max(0, gib - GCP_FREE_LOGGING_GIB_PER_MONTH);
  const conditions = c.gcpAuditAlertConditions + n * c.gcpGateAlertConditionsPerRegistry;
  const lines: SecurityToolingLine[] = [];
  if (n > 0) {
    lines.push(priced("gcpMalwareScan", 0, "GCP has no managed upload scanner; the gate runs without the malware check (an Eventarc-triggered ClamAV service is the documented option)"));
  }
  lines.push(
    priced(
      "gcpLoggingIngestGib",
      billable,
      `ingestGbPerDay ${input.logIngestGbPerDay} x ${DAYS_PER_MONTH} days = ${gib.toFixed(1)} GiB of data-access audit logs in the _Default bucket, less ${GCP_FREE_LOGGING_GIB_PER_MONTH} GiB free; admin activity logs are free (_Required)`,
    ),
  );
  lines.push(priced("gcpLoggingRetentionGibMonth", 0, "the _Default bucket keeps 30 days, which the ingestion charge includes"));
  lines.push(priced("gcpAlertCondition", conditions, `${c.gcpAuditAlertConditions} audit-log + ${n} x ${c.gcpGateAlertConditionsPerRegistry} gate conditions`));
  lines.push(
    priced(
      "gcpAlertTimeSeries",
      (conditions * c.gcpTimeSeriesPerCondition * GCP_ALERT_EXECUTIONS_PER_MONTH) / 1_000_000,
      `${c.gcpTimeSeriesPerCondition} time series per condition, one execution every 30 s`,
    ),
  );
  lines.push(priced("gcpCostAnomaly", 0, "no anomaly resource on GCP: the budget's forecast alerts stand in"));
  return lines;
}

function azureLines(input: SecurityToolingInput, c: SecurityToolingCounts, plans: boolean): SecurityToolingLine[] {
  const n = input.registries.length;
  const up = uploads(input.registries);
  const lines: SecurityToolingLine[] = [];
  if (n > 0) {
    lines.push(priced("azureDefenderStorageAccount", n, `${n} registry account${n === 1 ? "" : "s"}, on with or without the subscription plans`));
    lines.push(priced("azureDefenderMalwareScanGb", up.gb, scanNote(input.registries, up.undeclared)));
  }
  if (plans) {
    const others = c.azureOtherStorageAccounts + n * c.azureGateHostAccountsPerRegistry;
    lines.push(priced("azureDefenderStorageAccount", others, `${others} other account${others === 1 ? "" : "s"} the subscription plan covers (log account, ${n} gate host account${n === 1 ? "" : "s"})`));
    const logGb = Math.min(input.logIngestGbPerDay * DAYS_PER_MONTH, AZURE_SUBSCRIPTION_SCAN_CAP_GB * c.azureOtherStorageAccounts);
    lines.push(
      priced(
        "azureDefenderMalwareScanGb",
        logGb,
        `the logs written to the log account (ingestGbPerDay ${input.logIngestGbPerDay} x ${DAYS_PER_MONTH} days), scanned up to the ${AZURE_SUBSCRIPTION_SCAN_CAP_GB} GB/month cap per account; the gate host accounts' few writes not counted`,
      ),
    );
    lines.push(notEstimated("azureDefenderKeyVault", `${c.azureKeyVaults} key vault-month${c.azureKeyVaults === 1 ? "" : "s"} (PerKeyVault subplan): no stored price to cite`));
  }
  lines.push(notEstimated("azureDefenderStorageTransactions", "each account's transactions beyond the included 73 million a month, which no setting declares"));
  if (n > 0) {
    lines.push(priced("azureMetricAlertTimeSeries", n * c.azureGateMetricTimeSeriesPerRegistry, `${c.azureGateMetricTimeSeriesPerRegistry} per gate x ${n} gates, dynamic thresholds`));
    lines.push(priced("azureLogSearchAlert", n * c.azureGateLogSearchAlertsPerRegistry, `${c.azureGateLogSearchAlertsPerRegistry} per gate x ${n} gates (rejection rate)`));
  }
  lines.push(priced("azureActivityLogAlert", c.azureActivityLogAlerts, "key, vault, diagnostic setting, immutability, role assignment, Defender and security alerts"));
  lines.push(priced("azureCostAnomalyAlert", 1, "the subscription's anomaly alert"));
  if (n > 0) {
    lines.push(notEstimated("azureLogAnalyticsIngestGb", "GB the gates' Application Insights write to their Log Analytics workspace, which no setting declares (5 GB/month free per billing account)"));
  }
  return lines;
}

/**
 * Estimates the monthly security tooling cost of `input.environment` on `cloud` from the list
 * prices in storage-prices.ts. Throws a BlueprintValidationError listing every input out of range.
 *
 * @example
 * // One registry uploading 100 GB a month, 1 GB/day of audit logs, 1 million data events, on AWS
 * estimateSecurityToolingCost({ environment: "prod", registries: [{ name: "fraud-scoring", monthlyUploadGb: 100 }], logIngestGbPerDay: 1, dataEventsPerMonth: 1_000_000 }, "aws").totalMonthlyUsd;
 */
export function estimateSecurityToolingCost(input: SecurityToolingInput, cloud: Cloud): SecurityToolingEstimate {
  const counts: SecurityToolingCounts = { ...DEFAULT_SECURITY_TOOLING_COUNTS, ...(input.counts ?? {}) };
  const objectsPerGb = input.objectsPerGb ?? DEFAULT_OBJECTS_PER_GB;
  validate(input, objectsPerGb, counts);
  const threatDetection = input.threatDetection ?? true;
  const lines = cloud === "aws" ? awsLines(input, counts, objectsPerGb, threatDetection) : cloud === "gcp" ? gcpLines(input, counts) : azureLines(input, counts, threatDetection);
  return {
    cloud,
    environment: input.environment,
    basis: SECURITY_TOOLING_PRICE_BASIS[cloud],
    lines,
    totalMonthlyUsd: lines.reduce((t, l) => t + (l.monthlyUsd ?? 0), 0),
    notEstimated: lines.filter((l) => l.monthlyUsd === undefined).length,
  };
}
