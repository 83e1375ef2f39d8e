import { TextRule } from "./text-rule";

/*
 * Limits of an environment's `monitoring` settings: where alerts go, when the gate's rejection
 * rate and a cost anomaly alert, and the volumes the security-tooling estimate is priced on.
 * The config schema and the constructs both read these.
 */

/**
 * Alert recipients per environment. Every cloud gets all of them: an SNS email subscription each,
 * a GCP email notification channel each (an alert policy takes at most 16 channels, the webhook
 * one of them), an Azure action group email receiver each (1,000 at most).
 */
export const NOTIFICATION_EMAILS = { min: 1, max: 10 } as const;

/**
 * A webhook that receives every alert as JSON: HTTPS only (SNS, Cloud Monitoring and Azure
 * action groups all post to it), a host, no blanks, no user-info part (credentials belong in the
 * path or query the receiving service issued, never in a `user:password@` prefix that logs echo).
 */
export const WEBHOOK_URL: TextRule = {
  pattern: /^https:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:\/[^\s@]*)?$/,
  accepted: "an https:// URL with a host name and no user:password@ part, e.g. https://hooks.example.com/alerts",
  maxLength: 2048,
};

/** Rejections per hour of one registry's gate above which an alert fires. */
export const GATE_REJECTIONS_PER_HOUR = { min: 1, max: 10_000, default: 5 } as const;

/**
 * Total impact in USD of a cost anomaly that alerts (AWS anomaly subscription threshold; the
 * Azure anomaly alert has no threshold and reports every anomaly the model finds).
 */
export const COST_ANOMALY_THRESHOLD_USD = { min: 1, max: 1_000_000, default: 100 } as const;

/**
 * CloudTrail data events recorded per month in an environment (reads and writes on the log and
 * registry buckets): what the security-tooling estimate prices. Not a setting of any resource.
 */
export const DATA_EVENTS_PER_MONTH = { min: 0, max: 1_000_000_000_000, default: 1_000_000 } as const;

/** Monthly ceiling in USD for an environment's security tooling on any one cloud. */
export const SECURITY_COST_LIMIT_USD = { min: 0.01, max: 100_000_000 } as const;
