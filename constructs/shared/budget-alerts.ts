import { Token } from "cdktf";
import { BUDGET_ALERT_PERCENT, BUDGET_ALERTS, BUDGET_LIMIT_USD, BUDGET_RECIPIENTS, EMAIL } from "./limits/common";
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

const BUDGET_ALERT_BASES: readonly string[] = ["actual", "forecast"];

/** The props every cloud's budget shares, with the same names on every cloud. */
export interface BudgetCommonProps {
  /** Monthly limit in USD, greater than 0 and at most 10,000,000, in whole cents (e.g. `1500` or `99.95`). */
  readonly monthlyLimitUsd: number;
  /** Email addresses notified when an alert fires: 1-10 distinct addresses (fewer where the cloud caps them). */
  readonly recipients: readonly string[];
  /**
   * When to notify: 1-5 distinct (percent, basis) pairs, percent an integer from 1 to 1000.
   * @default DEFAULT_BUDGET_ALERTS: 80% of actual spend and 100% of forecast spend
   */
  readonly alerts?: readonly BudgetAlert[];
}

/** How one cloud narrows the shared budget checks. */
export interface BudgetValidationOptions {
  /**
   * Upper bound on recipients where the cloud allows fewer than {@link BUDGET_RECIPIENTS}.
   * @default BUDGET_RECIPIENTS.max (10)
   */
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
    const key = String(r).toLowerCase();
    v.require(!seen.has(key), "BUDGET_RECIPIENT_DUPLICATE", `recipients[${i}]`, r, "each address once (compared without case)");
    seen.add(key);
  });
}

function checkEmail(v: PropValidator, recipient: string, i: number): void {
  if (typeof recipient !== "string") {
    v.require(false, "BUDGET_RECIPIENT_INVALID", `recipients[${i}]`, recipient, EMAIL.accepted);
    return;
  }
  v.matches(`recipients[${i}]`, recipient, EMAIL, "BUDGET_RECIPIENT_INVALID");
}

function validateAlerts(v: PropValidator, alerts: readonly BudgetAlert[]): void {
  v.require(alerts.length >= BUDGET_ALERTS.min && alerts.length <= BUDGET_ALERTS.max, "BUDGET_ALERTS_COUNT", "alerts", alerts.length, `${BUDGET_ALERTS.min} to ${BUDGET_ALERTS.max} alerts`);
  const seen = new Set<string>();
  alerts.forEach((alert, i) => {
    v.integerInRange(`alerts[${i}].percent`, alert.percent, BUDGET_ALERT_PERCENT.min, BUDGET_ALERT_PERCENT.max, "BUDGET_ALERT_PERCENT_OUT_OF_RANGE");
    if (Token.isUnresolved(alert.basis) || Token.isUnresolved(alert.percent)) {
      // Known only at apply time: neither the basis nor a duplicate pair can be judged now.
      return;
    }
    v.require(BUDGET_ALERT_BASES.includes(alert.basis), "BUDGET_ALERT_BASIS_INVALID", `alerts[${i}].basis`, alert.basis, "actual or forecast");
    const key = `${alert.percent}% ${alert.basis}`;
    v.require(!seen.has(key), "BUDGET_ALERT_DUPLICATE", `alerts[${i}]`, key, "each (percent, basis) pair once");
    seen.add(key);
  });
}
