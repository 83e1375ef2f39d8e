import { Token } from "cdktf";
import { PropValidator } from "./validation-error";

/**
 * One budget alert: notify when spend crosses `percent` of the monthly limit, measured on what
 * was already spent (`actual`) or on what the provider forecasts for the month (`forecast`).
 */
export interface BudgetAlert {
  /** Percent of the monthly limit, an integer from 1 to 1000. */
  readonly percent: number;
  /** `actual` fires on spend already incurred; `forecast` fires early, on the projected total. */
  readonly basis: "actual" | "forecast";
}

/**
 * 80 % of actual spend (time to react within the month) and 100 % of forecast spend (the month
 * is on course to overrun, usually days before the actual alert would fire).
 */
export const DEFAULT_BUDGET_ALERTS: readonly BudgetAlert[] = Object.freeze([
  Object.freeze({ percent: 80, basis: "actual" as const }),
  Object.freeze({ percent: 100, basis: "forecast" as const }),
]);

/** Monthly limit in USD: above zero, at most ten million, in whole cents. */
export const BUDGET_LIMIT_USD = { max: 10_000_000 } as const;
/**
 * Recipients per budget. AWS allows 10 email subscribers per notification; GCP lowers this to 5
 * because each recipient becomes a notification channel and a budget takes at most 5.
 */
export const BUDGET_RECIPIENTS = { min: 1, max: 10 } as const;
/** Alerts per budget: AWS and Azure accept at most 5 notifications per budget. */
export const BUDGET_ALERTS = { min: 1, max: 5 } as const;
/** Alert threshold in percent of the limit. */
export const BUDGET_ALERT_PERCENT = { min: 1, max: 1000 } as const;

const BUDGET_ALERT_BASES: readonly string[] = ["actual", "forecast"];

/** An address with a local part, an `@` and a dotted domain; 254 characters at most (RFC 5321). */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const EMAIL_MAX_LENGTH = 254;

/** The props every cloud's budget shares, with the same names on every cloud. */
export interface BudgetCommonProps {
  readonly monthlyLimitUsd: number;
  readonly recipients: readonly string[];
  readonly alerts?: readonly BudgetAlert[];
}

export interface BudgetValidationOptions {
  /** Upper bound on recipients where the cloud allows fewer than {@link BUDGET_RECIPIENTS}. */
  readonly maxRecipients?: number;
}

/**
 * Records every problem of the shared budget props on `validator` (the caller adds its cloud's
 * own checks and throws once). Values that are unresolved tokens are skipped.
 */
export function validateBudgetCommonProps(validator: PropValidator, props: BudgetCommonProps, options: BudgetValidationOptions = {}): PropValidator {
  validateLimit(validator, props.monthlyLimitUsd);
  validateRecipients(validator, props.recipients, options.maxRecipients ?? BUDGET_RECIPIENTS.max);
  validateAlerts(validator, props.alerts ?? DEFAULT_BUDGET_ALERTS);
  return validator;
}

/** The limit in whole cents; only meaningful after validation. */
export function limitCents(monthlyLimitUsd: number): number {
  return Math.round(monthlyLimitUsd * 100);
}

/** The limit as a decimal string with two places, e.g. `1500.00`. */
export function limitDecimal(monthlyLimitUsd: number): string {
  const cents = limitCents(monthlyLimitUsd);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function validateLimit(v: PropValidator, limit: number): void {
  if (Token.isUnresolved(limit)) {
    return;
  }
  const accepted = `a USD amount greater than 0 and at most ${BUDGET_LIMIT_USD.max}`;
  const inRange = Number.isFinite(limit) && limit > 0 && limit <= BUDGET_LIMIT_USD.max;
  v.require(inRange, "BUDGET_LIMIT_OUT_OF_RANGE", "monthlyLimitUsd", limit, accepted);
  if (inRange) {
    // Providers store the limit as a decimal string or as units + nanos: a fraction of a cent
    // would be rounded by the API and the plan would never converge.
    const cents = limit * 100;
    v.require(Math.abs(cents - Math.round(cents)) < 1e-6, "BUDGET_LIMIT_NOT_WHOLE_CENTS", "monthlyLimitUsd", limit, "an amount in whole cents (at most two decimals)");
  }
}

function validateRecipients(v: PropValidator, recipients: readonly string[], max: number): void {
  if (recipients.some((r) => Token.isUnresolved(r))) {
    recipients.forEach((r, i) => {
      if (!Token.isUnresolved(r)) {
        checkEmail(v, r, i);
      }
    });
    return;
  }
  v.require(recipients.length >= BUDGET_RECIPIENTS.min && recipients.length <= max, "BUDGET_RECIPIENTS_COUNT", "recipients", recipients.length, `${BUDGET_RECIPIENTS.min} to ${max} email addresses`);
  const seen = new Set<string>();
  recipients.forEach((r, i) => {
    checkEmail(v, r, i);
    const key = r.toLowerCase();
    v.require(!seen.has(key), "BUDGET_RECIPIENT_DUPLICATE", `recipients[${i}]`, r, "each address once (compared without case)");
    seen.add(key);
  });
}

function checkEmail(v: PropValidator, recipient: string, i: number): void {
  const ok = typeof recipient === "string" && recipient.length <= EMAIL_MAX_LENGTH && EMAIL.test(recipient);
  v.require(ok, "BUDGET_RECIPIENT_INVALID", `recipients[${i}]`, recipient, "an email address such as finops@example.com");
}

function validateAlerts(v: PropValidator, alerts: readonly BudgetAlert[]): void {
  v.require(alerts.length >= BUDGET_ALERTS.min && alerts.length <= BUDGET_ALERTS.max, "BUDGET_ALERTS_COUNT", "alerts", alerts.length, `${BUDGET_ALERTS.min} to ${BUDGET_ALERTS.max} alerts`);
  const seen = new Set<string>();
  alerts.forEach((alert, i) => {
    v.integerInRange(`alerts[${i}].percent`, alert.percent, BUDGET_ALERT_PERCENT.min, BUDGET_ALERT_PERCENT.max, "BUDGET_ALERT_PERCENT_OUT_OF_RANGE");
    v.require(BUDGET_ALERT_BASES.includes(alert.basis), "BUDGET_ALERT_BASIS_INVALID", `alerts[${i}].basis`, alert.basis, "actual or forecast");
    const key = `${alert.percent}% ${alert.basis}`;
    v.require(!seen.has(key), "BUDGET_ALERT_DUPLICATE", `alerts[${i}]`, key, "each (percent, basis) pair once");
    seen.add(key);
  });
}
