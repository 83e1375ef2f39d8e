/** Azure's tier rules: immutability policy bounds and lifecycle management limits. */

import { AZURE_IMMUTABILITY_DAYS, AZURE_LIFECYCLE_MAX_DAYS, AZURE_RULE_NAME } from "./limits/azure";
import type { CloudRule, TierProblems, WellFormedDays, RetentionTier } from "./retention-tier";
import { TRANSITIONS } from "./retention-schedule";

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

/** What the Azure APIs refuse beyond the cloud-neutral rules. */
export const azureTierRule: CloudRule = checkAzureLimits;
