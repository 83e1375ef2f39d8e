/**
 * Cloud-neutral retention tiers for log storage. A tier says on which day (counted from an
 * object's creation) it moves to a colder class, when it is deleted, and how long it is
 * write-once. Renderers in constructs/<cloud>/lifecycle-rules.ts turn a tier into each cloud's
 * lifecycle configuration; the cost model in retention-cost.ts prices it.
 */

import { S3_DAYS_IN_STANDARD_IA_BEFORE_GLACIER, S3_OBJECT_LOCK_MAX_DAYS, S3_STANDARD_IA_MIN_TRANSITION_DAY } from "./limits/aws";
import { AZURE_IMMUTABILITY_DAYS, AZURE_LIFECYCLE_MAX_DAYS, AZURE_RULE_NAME } from "./limits/azure";
import { GCS_MAX_RETENTION_DAYS } from "./limits/gcp";
import { BlueprintValidationError, ValidationProblem } from "./validation-error";

export type Cloud = "aws" | "gcp" | "azure";
export const CLOUDS: readonly Cloud[] = ["aws", "gcp", "azure"];

/** The four temperature classes a tier moves objects through, warmest first. */
export type TierClass = "hot" | "warm" | "cold" | "archive";
export const TIER_CLASSES: readonly TierClass[] = ["hot", "warm", "cold", "archive"];

export interface StorageClass {
  /** The cloud's own name for the class, as its API and Terraform spell it. */
  readonly name: string;
  /** Minimum storage duration: an object moved or deleted earlier is billed for the rest. */
  readonly minStorageDays: number;
}

/**
 * Which class each temperature maps to, with the minimum storage durations the clouds publish.
 * AWS uses GLACIER_IR for cold (millisecond reads for investigations) and DEEP_ARCHIVE for
 * archive (the cheapest class; hours to restore, acceptable for evidence kept for years).
 */
export const STORAGE_CLASSES: Readonly<Record<Cloud, Readonly<Record<TierClass, StorageClass>>>> = {
  aws: {
    hot: { name: "STANDARD", minStorageDays: 0 },
    warm: { name: "STANDARD_IA", minStorageDays: 30 },
    cold: { name: "GLACIER_IR", minStorageDays: 90 },
    archive: { name: "DEEP_ARCHIVE", minStorageDays: 180 },
  },
  gcp: {
    hot: { name: "STANDARD", minStorageDays: 0 },
    warm: { name: "NEARLINE", minStorageDays: 30 },
    cold: { name: "COLDLINE", minStorageDays: 90 },
    archive: { name: "ARCHIVE", minStorageDays: 365 },
  },
  azure: {
    hot: { name: "Hot", minStorageDays: 0 },
    warm: { name: "Cool", minStorageDays: 30 },
    cold: { name: "Cold", minStorageDays: 90 },
    archive: { name: "Archive", minStorageDays: 180 },
  },
};

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

export const RETENTION_TIER_PRESET_NAMES = ["compliance-7y", "audit-1y", "operational-90d"] as const;
export type RetentionTierPresetName = (typeof RETENTION_TIER_PRESET_NAMES)[number];

/**
 * The named presets. Seven years is 2557 days (7 × 365 + 2 leap days), the retention most
 * financial and audit regimes ask for; every preset is valid on every cloud without fees.
 */
export const RETENTION_TIER_PRESETS: Readonly<Record<RetentionTierPresetName, RetentionTier>> = {
  "compliance-7y": {
    name: "compliance-7y",
    warmAfterDays: 30,
    coldAfterDays: 90,
    archiveAfterDays: 180,
    expireAfterDays: 2557,
    immutabilityDays: 2557,
  },
  "audit-1y": {
    name: "audit-1y",
    warmAfterDays: 30,
    coldAfterDays: 90,
    expireAfterDays: 365,
    immutabilityDays: 365,
  },
  "operational-90d": {
    name: "operational-90d",
    warmAfterDays: 30,
    expireAfterDays: 90,
    immutabilityDays: 90,
  },
};

/** True when `name` is one of the presets (and not, say, `toString` from Object.prototype). */
export function isRetentionTierPresetName(name: string): name is RetentionTierPresetName {
  return (RETENTION_TIER_PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * The tier called `name`: a preset first, then a custom tier from config. Undefined when neither
 * exists. Refusing a custom tier that reuses a preset name is config's job; here the preset wins.
 */
export function resolveRetentionTier(name: string, customTiers: Readonly<Record<string, Omit<RetentionTier, "name">>>): RetentionTier | undefined {
  if (isRetentionTierPresetName(name)) {
    return RETENTION_TIER_PRESETS[name];
  }
  // hasOwn: a tier called "constructor" must not resolve to Object.prototype.constructor.
  const custom = Object.hasOwn(customTiers, name) ? customTiers[name] : undefined;
  return custom === undefined ? undefined : { ...custom, name };
}

type TransitionProp = "warmAfterDays" | "coldAfterDays" | "archiveAfterDays";
type DayProp = TransitionProp | "expireAfterDays" | "immutabilityDays";

/** The optional transitions, warmest class first: the only order a schedule may run in. */
const TRANSITIONS: ReadonlyArray<{ readonly cls: Exclude<TierClass, "hot">; readonly prop: TransitionProp }> = [
  { cls: "warm", prop: "warmAfterDays" },
  { cls: "cold", prop: "coldAfterDays" },
  { cls: "archive", prop: "archiveAfterDays" },
];

/**
 * Every day field with its smallest value: a transition or expiry on day 0 would mean the object
 * never lives in hot, or never lives at all; a tier is for write-once evidence, so immutability
 * is at least one day.
 */
const DAY_FIELDS: ReadonlyArray<{ readonly prop: DayProp; readonly min: number; readonly optional: boolean }> = [
  { prop: "warmAfterDays", min: 1, optional: true },
  { prop: "coldAfterDays", min: 1, optional: true },
  { prop: "archiveAfterDays", min: 1, optional: true },
  { prop: "expireAfterDays", min: 1, optional: false },
  { prop: "immutabilityDays", min: 1, optional: false },
];

interface ScheduleEntry {
  readonly cls: TierClass;
  readonly day: number;
  /** The field that moves an object into this class; undefined for hot (from creation). */
  readonly prop: TransitionProp | undefined;
}

/**
 * The classes an object actually enters, with the day it enters each. A transition that is not
 * after the previous one, or falls on or after expiry, is never reached and is left out, so the
 * result always runs forward in time.
 */
function scheduleEntries(tier: RetentionTier): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [{ cls: "hot", day: 0, prop: undefined }];
  for (const { cls, prop } of TRANSITIONS) {
    const day = tier[prop];
    const last = entries[entries.length - 1]!;
    if (day !== undefined && day > last.day && day < tier.expireAfterDays) {
      entries.push({ cls, day, prop });
    }
  }
  return entries;
}

/**
 * The ordered periods each object spends in each class until it is deleted: hot from day 0,
 * then every class the tier reaches, the last one ending on `expireAfterDays`. `toDay` is the day
 * the object leaves the class (enters the next one or is deleted), so `toDay - fromDay` is the
 * number of days it stays in that class. Periods are contiguous and never empty.
 *
 * Meant for a valid tier (see validateRetentionTier); for an invalid one, transitions out of
 * order or on or after expiry are skipped rather than producing overlapping periods.
 *
 * @example
 * classSchedule(RETENTION_TIER_PRESETS["operational-90d"]);
 * // [{ cls: "hot", fromDay: 0, toDay: 30 }, { cls: "warm", fromDay: 30, toDay: 90 }]
 */
export function classSchedule(tier: RetentionTier): Array<{ cls: TierClass; fromDay: number; toDay: number }> {
  const entries = scheduleEntries(tier);
  return entries
    .map((entry, i) => ({ cls: entry.cls, fromDay: entry.day, toDay: entries[i + 1]?.day ?? tier.expireAfterDays }))
    .filter((period) => period.toDay > period.fromDay);
}

/** Day fields that are whole numbers in range; relational rules only look at these. */
type WellFormedDays = Partial<Record<DayProp, number>>;

/**
 * Builds problems for one tier. Rules that hold on every cloud use `retention-tier/<name>`;
 * rules of one cloud's API or billing add the cloud, e.g. `retention-tier/<name> (aws)`.
 */
class TierProblems {
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

/** Throws one BlueprintValidationError carrying every problem validateRetentionTier finds. */
export function assertValidRetentionTier(tier: RetentionTier, clouds: readonly Cloud[]): void {
  const problems = validateRetentionTier(tier, clouds);
  if (problems.length > 0) {
    throw new BlueprintValidationError(problems);
  }
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

type CloudRule = (tier: RetentionTier, days: WellFormedDays, problems: TierProblems) => void;

/** What each cloud's API refuses beyond the cloud-neutral rules. */
const CLOUD_RULES: Readonly<Record<Cloud, CloudRule>> = {
  aws: checkS3Transitions,
  gcp: checkGcsRetention,
  azure: checkAzureLimits,
};

/** S3's transition rules (S3 rejects the whole lifecycle configuration otherwise) and Object Lock's limit. */
function checkS3Transitions(_tier: RetentionTier, days: WellFormedDays, problems: TierProblems): void {
  const immutability = days.immutabilityDays;
  if (immutability !== undefined && immutability > S3_OBJECT_LOCK_MAX_DAYS) {
    problems.add("aws", "S3_OBJECT_LOCK_OUT_OF_RANGE", "immutabilityDays", immutability, `1 to ${S3_OBJECT_LOCK_MAX_DAYS} days: the longest S3 Object Lock default retention`);
  }
  const warm = days.warmAfterDays;
  if (warm === undefined) return;
  const ia = STORAGE_CLASSES.aws.warm.name;
  if (warm < S3_STANDARD_IA_MIN_TRANSITION_DAY) {
    problems.add("aws", "S3_STANDARD_IA_TOO_EARLY", "warmAfterDays", warm, `${S3_STANDARD_IA_MIN_TRANSITION_DAY} or later: S3 refuses a transition to ${ia} before day ${S3_STANDARD_IA_MIN_TRANSITION_DAY}`);
  }
  const earliest = warm + S3_DAYS_IN_STANDARD_IA_BEFORE_GLACIER;
  for (const { cls, prop } of TRANSITIONS.slice(1)) {
    const day = days[prop];
    if (day !== undefined && day < earliest) {
      problems.add(
        "aws",
        "S3_GLACIER_TOO_SOON_AFTER_STANDARD_IA",
        prop,
        day,
        `${earliest} or later: S3 wants the ${STORAGE_CLASSES.aws[cls].name} transition at least ${S3_DAYS_IN_STANDARD_IA_BEFORE_GLACIER} days after the ${ia} one (warmAfterDays = ${warm})`,
      );
    }
  }
}

/** GCS refuses a retention period beyond 100 years. */
function checkGcsRetention(_tier: RetentionTier, days: WellFormedDays, problems: TierProblems): void {
  const immutability = days.immutabilityDays;
  if (immutability !== undefined && immutability > GCS_MAX_RETENTION_DAYS) {
    problems.add("gcp", "GCS_RETENTION_OUT_OF_RANGE", "immutabilityDays", immutability, `1 to ${GCS_MAX_RETENTION_DAYS} days: GCS refuses a retention period beyond 100 years`);
  }
}

/**
 * Azure immutability bounds, plus two limits of Azure lifecycle management that would otherwise only fail at
 * apply: day counts up to 99,999 and rule names the tier name is part of.
 */
function checkAzureLimits(tier: RetentionTier, days: WellFormedDays, problems: TierProblems): void {
  const immutability = days.immutabilityDays;
  const { min, max } = AZURE_IMMUTABILITY_DAYS;
  if (immutability !== undefined && (immutability < min || immutability > max)) {
    problems.add("azure", "AZURE_IMMUTABILITY_OUT_OF_RANGE", "immutabilityDays", immutability, `${min} to ${max} days: the bounds of an Azure time-based immutability policy`);
  }
  for (const prop of [...TRANSITIONS.map((t) => t.prop), "expireAfterDays"] as const) {
    const day = days[prop];
    if (day !== undefined && day > AZURE_LIFECYCLE_MAX_DAYS) {
      problems.add("azure", "AZURE_LIFECYCLE_DAYS_OUT_OF_RANGE", prop, day, `at most ${AZURE_LIFECYCLE_MAX_DAYS}: Azure lifecycle management actions take 0 to ${AZURE_LIFECYCLE_MAX_DAYS} days`);
    }
  }
  const maxName = AZURE_RULE_NAME.maxLength - AZURE_RULE_NAME.affixLength;
  if (!AZURE_RULE_NAME.pattern.test(tier.name) || tier.name.length > maxName) {
    problems.add("azure", "AZURE_LIFECYCLE_RULE_NAME_INVALID", "name", tier.name, `1-${maxName} letters, digits and hyphens: the tier name becomes part of Azure lifecycle rule names`);
  }
}
