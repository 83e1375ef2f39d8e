import { TextRule } from "./text-rule";

/*
 * Cloud-neutral limits. Each cloud's own limits are in aws.ts, gcp.ts and azure.ts beside this
 * file; the config schema and the constructs both import from here, so a value the config accepts
 * is a value the constructs accept.
 */

/** An address with a local part, an `@` and a dotted domain; 254 characters at most (RFC 5321). */
export const EMAIL: TextRule = {
  pattern: /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/,
  accepted: "an email address such as finops@example.com",
  maxLength: 254,
};

/** A UUID in its canonical 8-4-4-4-12 hexadecimal form (Azure tenant, subscription and object ids). */
export const UUID: TextRule = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  accepted: "a UUID such as 00000000-0000-4000-8000-000000000000",
};

/**
 * Tag values the standard tags (`owner`, `cost-center`) may take on every cloud: the characters
 * AWS and Azure accept unchanged, at most 63 so the lowercased GCP label copy is not cut short.
 */
export const TAG_VALUE: TextRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9 _.:/=+@-]{0,62}$/,
  accepted: "1-63 characters: letters, digits, space and _ . : / = + @ -, starting with a letter or digit",
};

/** A retention tier's name (a preset's or a custom tier's key under `retentionTiers`). */
export const RETENTION_TIER_NAME: TextRule = {
  pattern: /^[a-z][a-z0-9-]{1,31}$/,
  accepted: "2-32 lowercase letters, digits and hyphens, starting with a letter",
};

/**
 * Day counts of a custom retention tier: transitions within 100 years, expiry and the write-once
 * period within 400 years. Each cloud's own bounds (S3 Object Lock, GCS retention, Azure
 * immutability and lifecycle) are narrower and checked per cloud by the tier validator.
 */
export const RETENTION_TIER_DAYS = { min: 1, maxTransition: 36_500, max: 146_000 } as const;

/** A calendar month, `YYYY-MM` (a budget's first month). */
export const MONTH: TextRule = {
  pattern: /^\d{4}-(0[1-9]|1[0-2])$/,
  accepted: "a month as YYYY-MM, e.g. 2026-12",
};

/** Monthly budget limit in USD: above zero (one cent at least), at most ten million, in whole cents. */
export const BUDGET_LIMIT_USD = { min: 0.01, max: 10_000_000 } as const;
/**
 * Recipients per budget. AWS allows 10 email subscribers per notification; a cloud that allows
 * fewer (GCP: 5 notification channels) lowers the maximum for its budgets.
 */
export const BUDGET_RECIPIENTS = { min: 1, max: 10 } as const;
/** Alerts per budget: AWS and Azure accept at most 5 notifications per budget. */
export const BUDGET_ALERTS = { min: 1, max: 5 } as const;
/** Alert threshold in percent of the limit. */
export const BUDGET_ALERT_PERCENT = { min: 1, max: 1000 } as const;

/**
 * Log volume a cost estimate takes, in GB per day: the config's `logs.ingestGbPerDay` and
 * `blueprint finops --ingest-gb-per-day`. Config asks for at least 0.001; the cost model refuses
 * only what is not above 0.
 */
export const INGEST_GB_PER_DAY = { min: 0.001, max: 1_000_000 } as const;

/** A calendar date, `YYYY-MM-DD` (an acknowledgement's expiry); config also refuses days a month lacks. */
export const CALENDAR_DATE: TextRule = {
  pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  accepted: "a date YYYY-MM-DD",
};

/** A policy rule id (`WRITE-ONCE-AWS`) or a glob of them (`WRITE-ONCE-*`), as policies/RULES.md lists them. */
export const POLICY_RULE_ID: TextRule = {
  pattern: /^[A-Z0-9*?][A-Z0-9*?-]{2,63}$/,
  accepted: "a rule id from policies/RULES.md, e.g. WRITE-ONCE-AWS (* and ? as wildcards)",
};

/** A Terraform address or glob, optionally after its stack: `aws-dev/aws_kms_key.*`, `module.m.x.y["k"]`. */
export const POLICY_RESOURCE: TextRule = {
  pattern: /^[A-Za-z0-9_.\-*?[\]"/()]{1,256}$/,
  accepted: "a resource address or glob, optionally prefixed with the stack: aws-dev/aws_kms_key.*",
};

/** A SHA-256 in lowercase hex, e.g. a function package's digest carried into its resource. */
export const SHA256_HEX: TextRule = { pattern: /^[0-9a-f]{64}$/, accepted: "64 lowercase hex digits (a SHA-256)" };
