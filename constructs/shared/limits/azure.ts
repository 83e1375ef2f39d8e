import { TextRule } from "./text-rule";

/* Azure limits, read by the config schema and by the constructs in constructs/azure/. */

/** Storage account names: globally unique, 3-24 lowercase letters and digits. */
export const STORAGE_ACCOUNT_NAME: TextRule = { pattern: /^[a-z0-9]{3,24}$/, accepted: "3-24 lowercase letters and digits" };

/** Bounds of an Azure container time-based immutability policy, in days (0 is refused). */
export const AZURE_IMMUTABILITY_DAYS = { min: 1, max: 146_000 } as const;
/** Largest day count an Azure lifecycle management action accepts. */
export const AZURE_LIFECYCLE_MAX_DAYS = 99_999;
/**
 * Azure lifecycle rule names: the service documents up to 256 alphanumeric characters and
 * accepts hyphens; the renderer derives `retention-<tier>` and `retention-<tier>-append` from
 * the tier name, so the name itself has 256 minus the longest affix left.
 */
export const AZURE_RULE_NAME = { pattern: /^[A-Za-z0-9-]+$/, maxLength: 256, affixLength: "retention-".length + "-append".length } as const;
