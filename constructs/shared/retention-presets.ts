/** The named retention tier presets, and how a tier name resolves to a tier. */

import type { RetentionTier } from "./retention-tier";

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
