/**
 * When an object of a tier is in which class: the transitions in the only order a schedule may
 * run in, and the periods (from creation to expiry) a tier's schedule gives.
 */

import type { RetentionTier, TierClass } from "./retention-tier";

/** The day fields that move an object into a colder class. */
export type TransitionProp = "warmAfterDays" | "coldAfterDays" | "archiveAfterDays";
/** Every day field of a tier. */
export type DayProp = TransitionProp | "expireAfterDays" | "immutabilityDays";

/** The optional transitions, warmest class first: the only order a schedule may run in. */
export const TRANSITIONS: ReadonlyArray<{ readonly cls: Exclude<TierClass, "hot">; readonly prop: TransitionProp }> = [
  { cls: "warm", prop: "warmAfterDays" },
  { cls: "cold", prop: "coldAfterDays" },
  { cls: "archive", prop: "archiveAfterDays" },
];

/** One class an object enters, and the day it enters it. */
export interface ScheduleEntry {
  /** The temperature class entered. */
  readonly cls: TierClass;
  /** Day (from the object's creation) it enters the class; 0 for hot. */
  readonly day: number;
  /** The field that moves an object into this class; undefined for hot (from creation). */
  readonly prop: TransitionProp | undefined;
}

/**
 * The classes an object actually enters, with the day it enters each. A transition that is not
 * after the previous one, or falls on or after expiry, is never reached and is left out, so the
 * result always runs forward in time.
 */
export function scheduleEntries(tier: RetentionTier): ScheduleEntry[] {
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
