/**
 * Cloud-neutral retention tiers for log storage. A tier says on which day (counted from an
 * object's creation) it moves to a colder class, when it is deleted, and how long it is
 * write-once. Renderers in constructs/<cloud>/lifecycle-rules.ts turn a tier into each cloud's
 * lifecycle configuration; the cost model in retention-cost.ts prices it.
 */

import { RETENTION_TIER_DAYS } from "./limits/common";
import { awsTierRule } from "./retention-rules-aws";
import { azureTierRule } from "./retention-rules-azure";
import { gcpTierRule } from "./retention-rules-gcp";
import { DayProp, scheduleEntries, TRANSITIONS, TransitionProp } from "./retention-schedule";
import { STORAGE_CLASSES } from "./storage-classes";
import { ValidationProblem } from "./validation-error";

export type Cloud = "aws" | "gcp" | "azure";
export const CLOUDS: readonly Cloud[] = ["aws", "gcp", "azure"];

/** The four temperature classes a tier moves objects through, warmest first. */
export type TierClass = "hot" | "warm" | "cold" | "archive";
export const TIER_CLASSES: readonly TierClass[] = ["hot", "warm", "cold", "archive"];

export interface RetentionTier {
  /** Preset or custom name; errors and reports refer to the tier by it. */
  readonly name: string;
  /** Day objects move from hot to warm. @default - never */
  readonly warmAfterDays?: number;
  /** Day objects move to cold. @default - never */
  readonly coldAfterDays?: number;
  /** Day objects move to archive. @default - never */
  readonly archiveAfterDays?: number;
  /** Day objects are deleted; not before the last transition nor before immutability ends. */
  readonly expireAfterDays: number;
  /** Days each object is write-once from its creation (object lock / retention policy). */
  readonly immutabilityDays: number;
  /**
   * Accept the early-deletion charge when a schedule leaves a class before its minimum storage
   * duration. @default false
   */
  readonly acceptEarlyDeletionFees?: boolean;
}

/**
 * Every day field with its smallest value: a transition or expiry on day 0 would mean the object
 * never lives in hot, or never lives at all; a tier is for write-once evidence, so immutability
 * is at least one day.
 */
const DAY_FIELDS: ReadonlyArray<{ readonly prop: DayProp; readonly min: number; readonly optional: boolean }> = [
  { prop: "warmAfterDays", min: RETENTION_TIER_DAYS.min, optional: true },
  { prop: "coldAfterDays", min: RETENTION_TIER_DAYS.min, optional: true },
  { prop: "archiveAfterDays", min: RETENTION_TIER_DAYS.min, optional: true },
  { prop: "expireAfterDays", min: RETENTION_TIER_DAYS.min, optional: false },
  { prop: "immutabilityDays", min: RETENTION_TIER_DAYS.min, optional: false },
];

/** Day fields that are whole numbers in range; relational rules only look at these. */
export type WellFormedDays = Partial<Record<DayProp, number>>;

/**
 * Builds problems for one tier. Rules that hold on every cloud use `retention-tier/<name>`;
 * rules of one cloud's API or billing add the cloud, e.g. `retention-tier/<name> (aws)`.
 */
export class TierProblems {
  public readonly list: ValidationProblem[] = [];

  constructor(private readonly tier: RetentionTier) {}

  /** `note` explains a value that is fine on its own but not in this schedule. */
  public add(cloud: Cloud | undefined, code: string, prop: string, value: unknown, accepted: string, note?: string): void {
    const base = `retention-tier/${this.tier.name}`;
    const rendered = note === undefined ? render(value) : `${render(value)} (${note})`;
    this.list.push({ code, constructPath: cloud ? `${base} (${cloud})` : base, prop, value: rendered, accepted });
  }
}

function render(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Checks a tier against what each of `clouds` accepts and bills: whole day counts, transitions
 * in warm < cold < archive order, S3's STANDARD_IA and Glacier transition rules, minimum storage
 * durations (unless `acceptEarlyDeletionFees`), expiry after the last transition and not before
 * immutability ends, GCS and Azure retention bounds, Azure lifecycle limits. Returns every
 * problem found, cloud-neutral ones first, then per cloud in the order given; an empty array
 * means the tier can be rendered on all of `clouds`.
 *
 * Relational rules skip a field that is already reported as malformed, and the
 * minimum-duration rule runs only on a schedule that is well-formed and in order: one mistake
 * is reported once, not echoed by every rule that reads the field.
 */
export function validateRetentionTier(tier: RetentionTier, clouds: readonly Cloud[]): ValidationProblem[] {
  const problems = new TierProblems(tier);
  const days = checkDayValues(tier, problems);
  checkOrder(days, problems);
  checkExpiry(days, problems);
  const schedulable = isSchedulable(tier, days);
  for (const cloud of new Set(clouds)) {
    CLOUD_RULES[cloud](tier, days, problems);
    if (schedulable) {
      checkMinimumDurations(tier, cloud, problems);
    }
  }
  return problems.list;
}

/** Whole numbers of days; returns the fields that pass. */
function checkDayValues(tier: RetentionTier, problems: TierProblems): WellFormedDays {
  const days: WellFormedDays = {};
  for (const { prop, min, optional } of DAY_FIELDS) {
    const value: unknown = tier[prop];
    if (value === undefined && optional) continue;
    if (typeof value === "number" && Number.isInteger(value) && value >= min) {
      days[prop] = value;
    } else {
      problems.add(undefined, "RETENTION_DAYS_INVALID", prop, value, `a whole number of days, ${min} or more`);
    }
  }
  return days;
}

/** Each present transition after every earlier one (strictly: a class held 0 days is a typo). */
function checkOrder(days: WellFormedDays, problems: TierProblems): void {
  let latest: { prop: TransitionProp; day: number } | undefined;
  for (const { prop } of TRANSITIONS) {
    const day = days[prop];
    if (day === undefined) continue;
    if (latest && day <= latest.day) {
      problems.add(
        undefined,
        "RETENTION_TRANSITIONS_OUT_OF_ORDER",
        prop,
        day,
        `a day after ${latest.prop} (${latest.day}); transitions out of order: they must run warm < cold < archive`,
      );
    } else {
      latest = { prop, day };
    }
  }
}

/** Expiry after the last transition, and not before the write-once period ends. */
function checkExpiry(days: WellFormedDays, problems: TierProblems): void {
  const expire = days.expireAfterDays;
  if (expire === undefined) return;
  const last = lastTransition(days);
  if (last && expire <= last.day) {
    problems.add(
      undefined,
      "RETENTION_EXPIRY_NOT_AFTER_LAST_TRANSITION",
      "expireAfterDays",
      expire,
      `${last.day + 1} or later: expiry on or before the last transition (${last.prop} = ${last.day}) makes that transition dead`,
    );
  }
  const immutability = days.immutabilityDays;
  if (immutability !== undefined && expire < immutability) {
    problems.add(
      undefined,
      "RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS",
      "expireAfterDays",
      expire,
      `${immutability} or later (immutabilityDays): the cloud refuses to delete objects that are still locked`,
    );
  }
}

function lastTransition(days: WellFormedDays): { prop: TransitionProp; day: number } | undefined {
  let last: { prop: TransitionProp; day: number } | undefined;
  for (const { prop } of TRANSITIONS) {
    const day = days[prop];
    if (day !== undefined && (last === undefined || day > last.day)) {
      last = { prop, day };
    }
  }
  return last;
}

/** True when every transition and the expiry are well-formed and strictly increasing. */
function isSchedulable(tier: RetentionTier, days: WellFormedDays): boolean {
  const sequence: Array<number | undefined> = [0];
  for (const { prop } of TRANSITIONS) {
    if (tier[prop] !== undefined) sequence.push(days[prop]);
  }
  sequence.push(days.expireAfterDays);
  return sequence.every((day, i) => day !== undefined && (i === 0 || day > sequence[i - 1]!));
}

/**
 * An object leaving a class (next transition or expiry) before the class's minimum
 * storage duration is billed for the rest; refused unless the tier accepts the fee.
 */
function checkMinimumDurations(tier: RetentionTier, cloud: Cloud, problems: TierProblems): void {
  if (tier.acceptEarlyDeletionFees === true) return;
  const entries = scheduleEntries(tier);
  entries.forEach((entry, i) => {
    const next = entries[i + 1];
    const leaveDay = next?.day ?? tier.expireAfterDays;
    const leaveProp = next?.prop ?? "expireAfterDays";
    const cls = STORAGE_CLASSES[cloud][entry.cls];
    const held = leaveDay - entry.day;
    if (held < cls.minStorageDays) {
      problems.add(
        cloud,
        "RETENTION_EARLY_DELETION_FEE",
        leaveProp,
        leaveDay,
        `${entry.day + cls.minStorageDays} or later, or acceptEarlyDeletionFees: true`,
        `${cls.name} held ${held} days, minimum ${cls.minStorageDays} (early-deletion fee)`,
      );
    }
  });
}

/** A cloud's own checks of a tier: what its API refuses beyond the cloud-neutral rules. */
export type CloudRule = (tier: RetentionTier, days: WellFormedDays, problems: TierProblems) => void;

/** Each cloud's rules, in retention-rules-<cloud>.ts. */
const CLOUD_RULES: Readonly<Record<Cloud, CloudRule>> = {
  aws: awsTierRule,
  gcp: gcpTierRule,
  azure: azureTierRule,
};

