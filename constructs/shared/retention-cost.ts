/**
 * Storage cost of a retention tier: what a log bucket costs per month once it is full, what the
 * same volume would cost left in the hot class, and what one day of logs costs over its life.
 *
 * Model. Logs arrive at a constant `ingestGbPerDay`. Each day's logs (a cohort) spend
 * `toDay - fromDay` days in each class of the tier's schedule and are deleted on
 * `expireAfterDays`. Once the bucket has run for `expireAfterDays`, one cohort of every age is
 * present, so a class holds `ingest × days in class` GB: that volume times the class's price per
 * GB-month is the class's monthly bill. Leaving a class (by transition or expiry) before its
 * minimum storage duration is billed as if the object had stayed the minimum: the remaining days
 * at that class's price, with the minimum measured from the day the object entered the class, as
 * S3 and Azure bill it. For class changes made by lifecycle rules GCS may count from the object's
 * creation instead; if so, the GCP early-deletion figure is an upper bound (never an understatement).
 *
 * Not included, because they depend on object count and access pattern rather than on the tier,
 * and a tier alone cannot predict them:
 * - request charges, including lifecycle transition requests (billed per 1,000 objects: a few
 *   large objects cost almost nothing, millions of small ones can cost more than the storage);
 * - retrieval charges (per GB read from warm, cold and archive classes) and restore requests;
 * - per-object overhead: S3 Glacier Flexible Retrieval and Deep Archive bill 40 KB of metadata
 *   per object (8 KB at STANDARD, 32 KB at the archive price);
 * - minimum billable object sizes (128 KB for S3 STANDARD_IA and GLACIER_IR);
 * - data transfer out (egress) and replication;
 * - taxes, discounts, committed-use and reserved-capacity pricing.
 * With log objects batched to megabytes or more, these are small next to storage; with many
 * small objects they are not, and a real bill must be checked against the cloud's calculator.
 */
import { INGEST_GB_PER_DAY } from "./limits/common";
import { Cloud, CLOUDS, RetentionTier, TierClass, validateRetentionTier } from "./retention-tier";
import { classSchedule } from "./retention-schedule";
import { STORAGE_CLASSES } from "./storage-classes";
import { DAYS_PER_MONTH, STORAGE_PRICES } from "./storage-prices";
import { BlueprintValidationError } from "./validation-error";

/** Largest ingest the model accepts: a petabyte a day is beyond any single log bucket. */
export const MAX_INGEST_GB_PER_DAY = INGEST_GB_PER_DAY.max;

/** One class of the schedule, at steady state. */
export interface RetentionCostClass {
  /** Temperature of the class in the tier. */
  readonly tierClass: TierClass;
  /** The cloud's name for the class, e.g. `STANDARD_IA`. */
  readonly className: string;
  /** Days each object spends in the class. */
  readonly days: number;
  /** GB held in the class when the bucket is full: ingest × days. */
  readonly storedGb: number;
  /** Storage bill of the class per month when the bucket is full, USD. */
  readonly monthlyUsd: number;
  /** Early-deletion charge for one day's logs leaving the class before its minimum, USD. */
  readonly earlyDeletionUsdPerCohort: number;
}

/** What a tier costs on one cloud at one ingest rate. Amounts are unrounded USD. */
export interface RetentionCostEstimate {
  /** Name of the tier priced (a preset's or a custom tier's). */
  readonly tierName: string;
  /** The cloud whose storage classes and list prices were used. */
  readonly cloud: Cloud;
  /** Log volume arriving per day, in GB: each day's logs form one cohort. */
  readonly ingestGbPerDay: number;
  /**
   * Monthly bill once the bucket is full: the storage of every class plus the early-deletion
   * charges of the cohorts that leave a class early during the month (DAYS_PER_MONTH cohorts).
   */
  readonly steadyStateMonthlyUsd: number;
  /** Storage part of steadyStateMonthlyUsd: the sum of the per-class monthly amounts. */
  readonly storageMonthlyUsd: number;
  /** Early-deletion part of steadyStateMonthlyUsd. */
  readonly earlyDeletionMonthlyUsd: number;
  /** The same stored volume kept in the hot class for the whole retention, per month. */
  readonly allHotMonthlyUsd: number;
  /** allHotMonthlyUsd − steadyStateMonthlyUsd; negative when the tier costs more than hot. */
  readonly savingMonthlyUsd: number;
  /** savingMonthlyUsd as a percentage of allHotMonthlyUsd. */
  readonly savingPercent: number;
  /** Total cost of one day's logs from creation to expiry, early-deletion charges included. */
  readonly cohortLifetimeUsd: number;
  /** Early-deletion charges in cohortLifetimeUsd. */
  readonly earlyDeletionUsdPerCohort: number;
  /** GB in the bucket when it is full: ingest × expireAfterDays. */
  readonly storedGbAtSteadyState: number;
  /** One entry per class the schedule uses, warmest first. */
  readonly classes: readonly RetentionCostClass[];
}

interface SchedulePeriod {
  readonly cls: TierClass;
  readonly fromDay: number;
  readonly toDay: number;
}

/** Rules without which a tier has no schedule at all: whole, increasing days. */
const SCHEDULE_CODES = new Set(["RETENTION_DAYS_INVALID", "RETENTION_TRANSITIONS_OUT_OF_ORDER"]);

/**
 * The tier's class periods (classSchedule), after checking the days form a schedule. The
 * cloud-specific rules (minimum durations, S3 transition limits) are not applied here: pricing a
 * schedule that pays early-deletion fees is exactly what this model is for.
 */
function scheduleOf(tier: RetentionTier): SchedulePeriod[] {
  const broken = validateRetentionTier(tier, []).find((p) => SCHEDULE_CODES.has(p.code));
  if (broken) {
    throw new BlueprintValidationError([broken]);
  }
  return classSchedule(tier);
}

function checkIngest(ingestGbPerDay: number): void {
  if (typeof ingestGbPerDay !== "number" || !Number.isFinite(ingestGbPerDay) || ingestGbPerDay <= 0 || ingestGbPerDay > MAX_INGEST_GB_PER_DAY) {
    throw new BlueprintValidationError([
      {
        code: "RETENTION_INGEST_OUT_OF_RANGE",
        constructPath: "retention-cost",
        prop: "ingestGbPerDay",
        value: typeof ingestGbPerDay === "string" ? JSON.stringify(ingestGbPerDay) : String(ingestGbPerDay),
        accepted: `a finite number of GB per day greater than 0 and at most ${MAX_INGEST_GB_PER_DAY}`,
      },
    ]);
  }
}

/**
 * Estimates the storage cost of `tier` on `cloud` for logs arriving at `ingestGbPerDay`, from the
 * list prices in storage-prices.ts. Throws a one-line Error when the ingest is not a finite number
 * in (0, 1,000,000] or the tier's days are not increasing.
 *
 * @example
 * estimateRetentionCost(RETENTION_TIER_PRESETS["operational-90d"], "aws", 100).steadyStateMonthlyUsd; // 144
 */
export function estimateRetentionCost(tier: RetentionTier, cloud: Cloud, ingestGbPerDay: number): RetentionCostEstimate {
  checkIngest(ingestGbPerDay);
  const prices = STORAGE_PRICES[cloud].classes;
  const classes = scheduleOf(tier).map((period): RetentionCostClass => {
    const days = period.toDay - period.fromDay;
    const price = prices[period.cls].usdPerGbMonth;
    const storedGb = ingestGbPerDay * days;
    // Days billed after the object has left the class: the rest of the minimum, if any.
    const shortfallDays = Math.max(0, STORAGE_CLASSES[cloud][period.cls].minStorageDays - days);
    return {
      tierClass: period.cls,
      className: STORAGE_CLASSES[cloud][period.cls].name,
      days,
      storedGb,
      monthlyUsd: storedGb * price,
      earlyDeletionUsdPerCohort: (ingestGbPerDay * shortfallDays * price) / DAYS_PER_MONTH,
    };
  });
  const sum = (f: (c: RetentionCostClass) => number): number => classes.reduce((total, c) => total + f(c), 0);
  const storageMonthlyUsd = sum((c) => c.monthlyUsd);
  const earlyDeletionUsdPerCohort = sum((c) => c.earlyDeletionUsdPerCohort);
  // DAYS_PER_MONTH cohorts arrive per month, and each pays its early-deletion charge once.
  const earlyDeletionMonthlyUsd = earlyDeletionUsdPerCohort * DAYS_PER_MONTH;
  const steadyStateMonthlyUsd = storageMonthlyUsd + earlyDeletionMonthlyUsd;
  const storedGbAtSteadyState = sum((c) => c.storedGb);
  const allHotMonthlyUsd = storedGbAtSteadyState * prices.hot.usdPerGbMonth;
  const savingMonthlyUsd = allHotMonthlyUsd - steadyStateMonthlyUsd;
  return {
    tierName: tier.name,
    cloud,
    ingestGbPerDay,
    steadyStateMonthlyUsd,
    storageMonthlyUsd,
    earlyDeletionMonthlyUsd,
    allHotMonthlyUsd,
    savingMonthlyUsd,
    savingPercent: (savingMonthlyUsd / allHotMonthlyUsd) * 100,
    // One cohort's GB-days over its life equal the full bucket's GB-days in one day, so its
    // storage costs one day's share of the monthly storage bill.
    cohortLifetimeUsd: storageMonthlyUsd / DAYS_PER_MONTH + earlyDeletionUsdPerCohort,
    earlyDeletionUsdPerCohort,
    storedGbAtSteadyState,
    classes,
  };
}

/** estimateRetentionCost on aws, gcp and azure, in that order. */
export function estimateAllClouds(tier: RetentionTier, ingestGbPerDay: number): RetentionCostEstimate[] {
  return CLOUDS.map((cloud) => estimateRetentionCost(tier, cloud, ingestGbPerDay));
}
