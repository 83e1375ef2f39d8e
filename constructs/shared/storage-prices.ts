/**
 * List prices for object storage, per storage class and cloud: the one place the cost estimate
 * (retention-cost.ts) reads a price from. Kept apart from the tier definitions so a price update
 * is a one-file change with its source and date next to it.
 *
 * Basis: on-demand list prices in USD per GB-month for the first volume band (AWS and Azure
 * lower the price above 50 TB a month; using the first band overstates large buckets slightly,
 * which is the safe side for a budget). Prices differ by region and, on Azure, by redundancy:
 * every estimate uses the regions named here, whatever region a stack deploys to.
 */
import { Cloud, TierClass } from "./retention-tier";

/**
 * Days in an average month: 365.25 / 12. The clouds bill storage per GB-month prorated over the
 * time an object is stored; averaging over a leap cycle keeps a day worth the same in every
 * estimate instead of depending on which calendar month it falls in.
 */
export const DAYS_PER_MONTH = 365.25 / 12; // = 30.4375

/** Month (YYYY-MM) the prices in this file were read from the pricing pages. */
export const STORAGE_PRICES_AS_OF = "2026-11";

/** One storage class's list price and where it comes from. */
export interface StoragePrice {
  /** The cloud's own name for the class, as in STORAGE_CLASSES. */
  readonly className: string;
  /** List price for storing data, USD per GB-month (GCS publishes it per GiB-month). */
  readonly usdPerGbMonth: number;
  /** Pricing page the price was read from. */
  readonly source: string;
  /** Month (YYYY-MM) the price was read. */
  readonly asOf: string;
}

/** Prices of one cloud, with the location and redundancy they apply to. */
export interface CloudStoragePrices {
  /** Region or location, redundancy and volume band the prices are for. */
  readonly basis: string;
  /** List price of each temperature class (the cloud's class as in STORAGE_CLASSES). */
  readonly classes: Readonly<Record<TierClass, StoragePrice>>;
}

const AWS_S3_PRICING = "https://aws.amazon.com/s3/pricing/";
const GCS_PRICING = "https://cloud.google.com/storage/pricing";
const AZURE_BLOB_PRICING = "https://azure.microsoft.com/en-us/pricing/details/storage/blobs/";

/**
 * The price table. Class names match STORAGE_CLASSES (a unit test holds them together), so the
 * class an object is priced in is the class the lifecycle rules put it in.
 *
 * - AWS: S3 in us-east-1 (N. Virginia), first 50 TB band for STANDARD.
 * - GCP: Cloud Storage in the us-central1 region (single region; the `us` multi-region costs more,
 *   e.g. STANDARD $0.026). A single region is what a log bucket pinned to one region pays.
 * - Azure: Blob Storage block blobs, LRS, East US, first 50 TB band for Hot.
 */
export const STORAGE_PRICES: Readonly<Record<Cloud, CloudStoragePrices>> = {
  aws: {
    basis: "AWS S3, us-east-1, first 50 TB/month band",
    classes: {
      hot: { className: "STANDARD", usdPerGbMonth: 0.023, source: AWS_S3_PRICING, asOf: STORAGE_PRICES_AS_OF },
      warm: { className: "STANDARD_IA", usdPerGbMonth: 0.0125, source: AWS_S3_PRICING, asOf: STORAGE_PRICES_AS_OF },
      cold: { className: "GLACIER_IR", usdPerGbMonth: 0.004, source: AWS_S3_PRICING, asOf: STORAGE_PRICES_AS_OF },
      archive: { className: "DEEP_ARCHIVE", usdPerGbMonth: 0.00099, source: AWS_S3_PRICING, asOf: STORAGE_PRICES_AS_OF },
    },
  },
  gcp: {
    basis: "Google Cloud Storage, us-central1 (single region)",
    classes: {
      hot: { className: "STANDARD", usdPerGbMonth: 0.02, source: GCS_PRICING, asOf: STORAGE_PRICES_AS_OF },
      warm: { className: "NEARLINE", usdPerGbMonth: 0.01, source: GCS_PRICING, asOf: STORAGE_PRICES_AS_OF },
      cold: { className: "COLDLINE", usdPerGbMonth: 0.004, source: GCS_PRICING, asOf: STORAGE_PRICES_AS_OF },
      archive: { className: "ARCHIVE", usdPerGbMonth: 0.0012, source: GCS_PRICING, asOf: STORAGE_PRICES_AS_OF },
    },
  },
  azure: {
    basis: "Azure Blob Storage, LRS, East US, Hot first 50 TB/month band",
    classes: {
      hot: { className: "Hot", usdPerGbMonth: 0.0184, source: AZURE_BLOB_PRICING, asOf: STORAGE_PRICES_AS_OF },
      warm: { className: "Cool", usdPerGbMonth: 0.01, source: AZURE_BLOB_PRICING, asOf: STORAGE_PRICES_AS_OF },
      cold: { className: "Cold", usdPerGbMonth: 0.0036, source: AZURE_BLOB_PRICING, asOf: STORAGE_PRICES_AS_OF },
      archive: { className: "Archive", usdPerGbMonth: 0.00099, source: AZURE_BLOB_PRICING, asOf: STORAGE_PRICES_AS_OF },
    },
  },
};

/** One line naming what the prices are and when they were read, for reports and CLI footers. */
export function storagePriceBasis(): string {
  return `list prices in USD per GB-month as of ${STORAGE_PRICES_AS_OF}: aws = ${STORAGE_PRICES.aws.basis}; gcp = ${STORAGE_PRICES.gcp.basis}; azure = ${STORAGE_PRICES.azure.basis}`;
}

/*
 * ---------------------------------------------------------------------------------------------
 * Security tooling: the detectors, alarms and log copies the blueprint turns on, priced for the
 * security-tooling estimate (security-tooling-cost.ts) and `blueprint finops --security`.
 * ---------------------------------------------------------------------------------------------
 */

/** Month (YYYY-MM) the security tooling prices were read. */
export const SECURITY_TOOLING_PRICES_AS_OF = "2026-12";

/** One security tooling list price, where it is published, and where it was read from. */
export interface SecurityToolingPrice {
  /** What is billed, in the cloud's own words. */
  readonly item: string;
  /** The billing unit the price is per, e.g. `GB scanned` or `alarm-month`. */
  readonly unit: string;
  /**
   * List price, USD per unit (0 for a free item).
   * @default - no citable figure: the estimate lists the item as not estimated
   */
  readonly usdPerUnit?: number;
  /** The cloud's pricing page, where the price is published. */
  readonly source: string;
  /**
   * The stored page the figure was read from when `source` itself was not stored, or what is
   * uncertain about it; empty when it was read from `source`.
   */
  readonly readFrom: string;
  /** Month (YYYY-MM) the price was read. */
  readonly asOf: string;
}

/** Identifiers of the security tooling prices. */
export type SecurityToolingPriceId =
  | "awsMalwareScanGb"
  | "awsMalwareScanObjects"
  | "awsTrailDataEvents"
  | "awsGuardDutyS3DataEvents"
  | "awsGuardDutyManagementEvents"
  | "awsGuardDutyLambdaNetworkGb"
  | "awsLogsIngestGb"
  | "awsLogsStorageGbMonth"
  | "awsAlarmMetric"
  | "awsAnomalyAlarm"
  | "awsCustomMetric"
  | "awsCostAnomalyDetection"
  | "gcpLoggingIngestGib"
  | "gcpLoggingRetentionGibMonth"
  | "gcpAlertCondition"
  | "gcpAlertTimeSeries"
  | "gcpCostAnomaly"
  | "gcpMalwareScan"
  | "azureDefenderStorageAccount"
  | "azureDefenderMalwareScanGb"
  | "azureDefenderStorageTransactions"
  | "azureDefenderKeyVault"
  | "azureMetricAlertTimeSeries"
  | "azureLogSearchAlert"
  | "azureActivityLogAlert"
  | "azureCostAnomalyAlert"
  | "azureLogAnalyticsIngestGb";

const GUARDDUTY_PRICING = "https://aws.amazon.com/guardduty/pricing/";
const CLOUDTRAIL_PRICING = "https://aws.amazon.com/cloudtrail/pricing/";
const CLOUDWATCH_PRICING = "https://aws.amazon.com/cloudwatch/pricing/";
const AWS_COST_ANOMALY = "https://aws.amazon.com/aws-cost-management/aws-cost-anomaly-detection/";
const GCP_OBSERVABILITY_PRICING = "https://cloud.google.com/stackdriver/pricing";
const GCP_ALERTING_COSTS = "https://cloud.google.com/monitoring/alerts/cost-control";
const DEFENDER_PRICING = "https://azure.microsoft.com/en-us/pricing/details/defender-for-cloud/";
const AZURE_MONITOR_PRICING = "https://azure.microsoft.com/en-us/pricing/details/monitor/";
const AZURE_COST_ANOMALY = "https://learn.microsoft.com/en-us/azure/cost-management-billing/understand/analyze-unexpected-charges";

/** The GuardDuty pricing page itself was not stored; its US East figures were read from this transcription. */
const GUARDDUTY_TRANSCRIPT =
  "aws.amazon.com/guardduty/pricing/ not stored: US East figures from its transcription api-evangelist/amazon-guardduty plans/amazon-guardduty-plans-pricing.yml (read from the page 2026-10-07)";
/**
 * The stored "Manage alerting costs" page works its examples at $1.50 per condition and $0.35 per
 * million time series returned; a newer stored copy of the page speaks of "time-series points
 * returned" and defers to the pricing page, which was not stored with its alerting section.
 */
const GCP_ALERTING_NOTE =
  "figures from the worked examples of the stored 'Manage alerting costs' page; a newer copy bills time-series points returned and its rate was not stored: verify";
/** The CloudWatch pricing page was not stored; the figures match the stored summaries named. */
const CLOUDWATCH_TRANSCRIPT =
  "aws.amazon.com/cloudwatch/pricing/ not stored: us-east-1 figures from api-evangelist/cloudwatch plans/cloudwatch-plans-pricing.yml and infracost's aws_cloudwatch_log_group/alarm prices";

/**
 * Security tooling list prices, USD, per region:
 * - AWS: us-east-1 (N. Virginia), first volume band, free tiers NOT subtracted (the 12-month
 *   Malware Protection for S3 free tier of 1,000 objects and 1 GB, the 10 free alarms and
 *   metrics, the 5 GB of free log ingestion are per account, and an account runs more than this).
 * - GCP: global list prices (Cloud Logging and Cloud Monitoring do not vary by region); the 50 GiB
 *   of free log storage per project and month IS subtracted, because it is per project and the
 *   blueprint gives each environment its own project.
 * - Azure: East US, pay-as-you-go, free allowances not subtracted.
 */
export const SECURITY_TOOLING_PRICES: Readonly<Record<SecurityToolingPriceId, SecurityToolingPrice>> = {
  awsMalwareScanGb: {
    item: "GuardDuty Malware Protection for S3, data scanned",
    unit: "GB scanned",
    usdPerUnit: 0.09,
    source: GUARDDUTY_PRICING,
    readFrom: GUARDDUTY_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsMalwareScanObjects: {
    item: "GuardDuty Malware Protection for S3, objects evaluated",
    unit: "1,000 objects",
    usdPerUnit: 0.215,
    source: GUARDDUTY_PRICING,
    readFrom: GUARDDUTY_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsTrailDataEvents: {
    item: "CloudTrail data events recorded (trail)",
    unit: "100,000 events",
    usdPerUnit: 0.1,
    source: CLOUDTRAIL_PRICING,
    readFrom: "",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsGuardDutyS3DataEvents: {
    item: "GuardDuty S3 Protection, CloudTrail S3 data events analysed (first 500 million)",
    unit: "1,000,000 events",
    usdPerUnit: 0.8,
    source: GUARDDUTY_PRICING,
    readFrom: GUARDDUTY_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsGuardDutyManagementEvents: {
    item: "GuardDuty foundational, CloudTrail management events analysed",
    unit: "1,000,000 events",
    usdPerUnit: 4,
    source: GUARDDUTY_PRICING,
    readFrom: GUARDDUTY_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsGuardDutyLambdaNetworkGb: {
    item: "GuardDuty Lambda Protection, network activity logs analysed (first 500 GB)",
    unit: "GB analysed",
    usdPerUnit: 1,
    source: GUARDDUTY_PRICING,
    readFrom: GUARDDUTY_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsLogsIngestGb: {
    item: "CloudWatch Logs ingestion, Standard log class",
    unit: "GB ingested",
    usdPerUnit: 0.5,
    source: CLOUDWATCH_PRICING,
    readFrom: CLOUDWATCH_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsLogsStorageGbMonth: {
    item: "CloudWatch Logs storage (archive)",
    unit: "GB-month",
    usdPerUnit: 0.03,
    source: CLOUDWATCH_PRICING,
    readFrom: CLOUDWATCH_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsAlarmMetric: {
    item: "CloudWatch standard-resolution alarm",
    unit: "alarm metric-month",
    usdPerUnit: 0.1,
    source: CLOUDWATCH_PRICING,
    readFrom: CLOUDWATCH_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsAnomalyAlarm: {
    // The pricing page bills an anomaly detection alarm as 3 alarm metrics (the metric and the
    // band's upper and lower bounds). c3x.dev (aws_cloudwatch_metric_alarm) reads it as $0.10
    // plus $0.30: this table keeps the page's 3 x $0.10 and says the figure is not settled.
    item: "CloudWatch anomaly detection alarm (3 standard alarm metrics)",
    unit: "alarm-month",
    usdPerUnit: 0.3,
    source: CLOUDWATCH_PRICING,
    readFrom: `${CLOUDWATCH_TRANSCRIPT}; the 3-metric rule is from the page as remembered, not a stored copy (c3x.dev reads $0.40): verify`,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsCustomMetric: {
    item: "CloudWatch custom metric written by a metric filter (first 10,000)",
    unit: "metric-month",
    usdPerUnit: 0.3,
    source: CLOUDWATCH_PRICING,
    readFrom: CLOUDWATCH_TRANSCRIPT,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  awsCostAnomalyDetection: {
    item: "AWS Cost Anomaly Detection monitors and subscriptions",
    unit: "monitor-month",
    usdPerUnit: 0,
    source: AWS_COST_ANOMALY,
    readFrom: "",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  gcpLoggingIngestGib: {
    item: "Cloud Logging storage (one-time ingestion charge, 30 days included) beyond 50 GiB/project/month",
    unit: "GiB ingested",
    usdPerUnit: 0.5,
    source: GCP_OBSERVABILITY_PRICING,
    readFrom: "",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  gcpLoggingRetentionGibMonth: {
    item: "Cloud Logging retention beyond 30 days",
    unit: "GiB-month",
    usdPerUnit: 0.01,
    source: GCP_OBSERVABILITY_PRICING,
    readFrom: "",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  gcpAlertCondition: {
    item: "Cloud Monitoring alerting policy condition",
    unit: "condition-month",
    usdPerUnit: 1.5,
    source: GCP_ALERTING_COSTS,
    readFrom: GCP_ALERTING_NOTE,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  gcpAlertTimeSeries: {
    item: "Cloud Monitoring alerting, time series returned",
    unit: "1,000,000 time series",
    usdPerUnit: 0.35,
    source: GCP_ALERTING_COSTS,
    readFrom: GCP_ALERTING_NOTE,
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  gcpCostAnomaly: {
    item: "Cost anomaly detection (no resource: the budget's forecast alerts stand in)",
    unit: "project-month",
    usdPerUnit: 0,
    source: GCP_OBSERVABILITY_PRICING,
    readFrom: "",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  gcpMalwareScan: {
    item: "Upload malware scanning (GCP has no managed scanner: not deployed)",
    unit: "GB scanned",
    usdPerUnit: 0,
    source: "https://cloud.google.com/architecture/automate-malware-scanning-for-documents-uploaded-to-cloud-storage",
    readFrom: "",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureDefenderStorageAccount: {
    item: "Defender for Storage, per-storage-account plan",
    unit: "storage account-month",
    usdPerUnit: 10,
    source: DEFENDER_PRICING,
    readFrom: "azure.microsoft.com/en-us/pricing/details/defender-for-cloud/ not stored: from api-evangelist/microsoft-defender plans/microsoft-defender-plans-pricing.yml ($10 per storage account per month)",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureDefenderMalwareScanGb: {
    item: "Defender for Storage on-upload malware scanning",
    unit: "GB scanned",
    usdPerUnit: 0.15,
    source: DEFENDER_PRICING,
    readFrom: "azure.microsoft.com/en-us/pricing/details/defender-for-cloud/ not stored: from api-evangelist/microsoft-defender plans/microsoft-defender-plans-pricing.yml and caleta.io 'Azure Defender for Storage: On-Upload vs On-Demand Malware Scanning' ($0.15 per GB)",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureDefenderStorageTransactions: {
    item: "Defender for Storage, transactions above those the per-account price includes",
    unit: "1,000,000 transactions",
    source: DEFENDER_PRICING,
    readFrom: "no stored copy of the overage price (the 73 million included transactions are from the page as remembered): not estimated",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureDefenderKeyVault: {
    // No stored page gave the per-vault figure of the PerKeyVault subplan: listed, not estimated.
    item: "Defender for Key Vault (PerKeyVault subplan)",
    unit: "key vault-month",
    source: DEFENDER_PRICING,
    readFrom: "no stored copy of the per-vault price: not estimated",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureMetricAlertTimeSeries: {
    item: "Azure Monitor metric alert rule, time series monitored (static or dynamic threshold)",
    unit: "time series-month",
    usdPerUnit: 0.1,
    source: AZURE_MONITOR_PRICING,
    readFrom: "azure.microsoft.com/en-us/pricing/details/monitor/ not stored: 'each metric alert rule is charged based on the number of time series monitored' (learn.microsoft.com, 'Choosing the right type of alert rule'); $0.10 as remembered from the page: verify, and whether dynamic thresholds cost more",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureLogSearchAlert: {
    item: "Azure Monitor log search alert rule evaluated every 5 minutes",
    unit: "rule-month",
    usdPerUnit: 1.5,
    source: AZURE_MONITOR_PRICING,
    readFrom: "azure.microsoft.com/en-us/pricing/details/monitor/ not stored: 'billed based on the interval at which the log query is evaluated' (learn.microsoft.com, 'Choosing the right type of alert rule'); $1.50 at 5 minutes as remembered from the page: verify",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureActivityLogAlert: {
    item: "Azure Monitor activity log alert rule",
    unit: "rule-month",
    usdPerUnit: 0,
    source: AZURE_MONITOR_PRICING,
    readFrom: "",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureCostAnomalyAlert: {
    item: "Cost Management anomaly alert",
    unit: "subscription-month",
    usdPerUnit: 0,
    source: AZURE_COST_ANOMALY,
    readFrom: "",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
  azureLogAnalyticsIngestGb: {
    item: "Log Analytics Analytics-plan ingestion, pay-as-you-go",
    unit: "GB ingested",
    usdPerUnit: 2.3,
    source: AZURE_MONITOR_PRICING,
    readFrom: "azure.microsoft.com/en-us/pricing/details/monitor/ not stored: $2.30 as remembered from the page: verify",
    asOf: SECURITY_TOOLING_PRICES_AS_OF,
  },
};

/** Where each cloud's security tooling prices apply, for table footers. */
export const SECURITY_TOOLING_PRICE_BASIS: Readonly<Record<Cloud, string>> = {
  aws: "AWS us-east-1, first volume band, free tiers not subtracted",
  gcp: "Google Cloud list prices (not regional), 50 GiB/project/month free log storage subtracted",
  azure: "Azure East US, pay-as-you-go, free allowances not subtracted",
};
