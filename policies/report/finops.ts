import { BlueprintConfig } from "../../config/schema";
import { estimateRetentionCost } from "../../constructs/shared/retention-cost";
import { resolveRetentionTier } from "../../constructs/shared/retention-presets";
import { Cloud, CLOUDS } from "../../constructs/shared/retention-tier";
import { estimateSecurityToolingCost } from "../../constructs/shared/security-tooling-cost";
import { securityToolingInput } from "../../config/cross-checks";
import { Json, StackModel, isExpression, isUnknown } from "../model";
import { compareText } from "./status";

/** One environment's log tier on one cloud it runs on: what it costs and what bounds it. */
export interface FinopsRow {
  readonly environment: string;
  readonly cloud: Cloud;
  readonly tier: string;
  readonly ingestGbPerDay: number;
  /** estimateRetentionCost(...).steadyStateMonthlyUsd, rounded to cents. */
  readonly steadyStateMonthlyUsd: number;
  /** logs.maxMonthlyLogCost, or null when not set. */
  readonly maxMonthlyLogCostUsd: number | null;
  /** budget.monthlyLimitUsd, or null when the environment has no budget. */
  readonly budgetMonthlyLimitUsd: number | null;
  /**
   * The environment's security tooling on this cloud (detectors, malware scanning, alarms, their
   * log copies): estimateSecurityToolingCost(...).totalMonthlyUsd, rounded to cents; the sum of
   * the lines the declared volumes price.
   */
  readonly securityToolingMonthlyUsd: number;
  /** Lines of that estimate not estimated (billed on volumes no setting declares): not in the sum. */
  readonly securityToolingNotEstimated: number;
  /** monitoring.maxMonthlySecurityCost, or null when not set. */
  readonly maxMonthlySecurityCostUsd: number | null;
}

/** Cents, so the report prints the same figure on every machine. */
export function roundUsd(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Each environment (sorted by name) × each cloud it is placed on (clouds.<cloud>.environments.<env>),
 * in aws, gcp, azure order: the steady-state monthly storage estimate of its log tier.
 */
export function finopsRows(config: BlueprintConfig): FinopsRow[] {
  const rows: FinopsRow[] = [];
  for (const environment of Object.keys(config.environments).sort()) {
    const env = config.environments[environment]!;
    const tier = resolveRetentionTier(env.logs.retentionTier, config.retentionTiers);
    if (!tier) continue; // config validation refuses unknown tiers; nothing to price here
    for (const cloud of CLOUDS) {
      const placements = config.clouds[cloud]?.environments;
      if (!placements || !Object.hasOwn(placements, environment)) continue;
      const input = securityToolingInput(config, environment, cloud);
      const security = input === undefined ? undefined : estimateSecurityToolingCost(input, cloud);
      rows.push({
        environment,
        cloud,
        tier: tier.name,
        ingestGbPerDay: env.logs.ingestGbPerDay,
        steadyStateMonthlyUsd: roundUsd(estimateRetentionCost(tier, cloud, env.logs.ingestGbPerDay).steadyStateMonthlyUsd),
        maxMonthlyLogCostUsd: env.logs.maxMonthlyLogCost ?? null,
        budgetMonthlyLimitUsd: env.budget?.monthlyLimitUsd ?? null,
        securityToolingMonthlyUsd: roundUsd(security?.totalMonthlyUsd ?? 0),
        securityToolingNotEstimated: security?.notEstimated ?? 0,
        maxMonthlySecurityCostUsd: env.monitoring.maxMonthlySecurityCost ?? null,
      });
    }
  }
  return rows;
}

/** A budget resource found in a stack, with its monthly amount where the input states it. */
export interface BudgetRow {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly name: string | null;
  /** The amount; null when it is an expression or unknown until apply. */
  readonly amount: number | null;
  readonly currency: string | null;
}

const BUDGET_TYPES = ["aws_budgets_budget", "google_billing_budget", "azurerm_consumption_budget_resource_group", "azurerm_consumption_budget_subscription", "azurerm_consumption_budget_management_group"];

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function literalNumber(value: unknown): number | null {
  if (isUnknown(value) || isExpression(value)) return null;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return null;
}

function literalString(value: unknown): string | null {
  return typeof value === "string" && !isExpression(value) ? value : null;
}

/**
 * The amount of each cloud's budget: aws_budgets_budget.limit_amount (a decimal string) and
 * limit_unit; google_billing_budget.amount.specified_amount units + nanos and currency_code
 * (absent with last_period_amount); azurerm_consumption_budget_*.amount, in the billing currency.
 */
function amountOf(type: string, a: Json): { amount: number | null; currency: string | null; name: string | null } {
  if (type === "aws_budgets_budget") return { amount: literalNumber(a["limit_amount"]), currency: literalString(a["limit_unit"]), name: literalString(a["name"]) };
  if (type === "google_billing_budget") {
    const specified = first((first(a["amount"]) as Json | undefined)?.["specified_amount"]) as Json | undefined;
    const units = literalNumber(specified?.["units"]);
    const nanos = literalNumber(specified?.["nanos"] ?? 0);
    return { amount: units === null || nanos === null ? null : units + nanos / 1e9, currency: literalString(specified?.["currency_code"]), name: literalString(a["display_name"]) };
  }
  return { amount: literalNumber(a["amount"]), currency: null, name: literalString(a["name"]) };
}

/** Every budget resource of the stacks, in stack then address order. */
export function budgetsIn(stacks: readonly StackModel[]): BudgetRow[] {
  return stacks.flatMap((stack) =>
    stack.resources
      .filter((r) => r.mode === "managed" && BUDGET_TYPES.includes(r.type))
      .sort((x, y) => compareText(x.address, y.address))
      .map((r) => ({ stack: stack.name, address: r.address, type: r.type, ...amountOf(r.type, r.attributes) }))
      .map(({ stack: s, address, type, name, amount, currency }) => ({ stack: s, address, type, name, amount, currency })),
  );
}
