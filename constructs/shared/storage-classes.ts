/**
 * The storage class each tier temperature maps to on each cloud, with the minimum storage
 * duration the cloud bills (DESIGN.md §5).
 */

import type { Cloud, TierClass } from "./retention-tier";

/** One cloud storage class, as a tier temperature maps to it. */
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
