/**
 * Storage cost of a model registry: what `incoming/` and `approved/` hold, and cost, for a
 * declared monthly upload volume (`monthlyUploadGb` in config), at the end of month 1, 12 and 36.
 *
 * Model. Uploads arrive at a constant rate, `monthlyUploadGb / DAYS_PER_MONTH` GB a day, and are
 * stored in the cloud's Standard class (S3 STANDARD, GCS STANDARD, Azure Hot): the registries set
 * no lifecycle transition, because a model is read when it is promoted and again when it is
 * served, and a colder class would bill retrieval and early deletion on every read.
 * - `incoming/`: an upload stays until lifecycle deletes it `incomingExpiryDays` after creation,
 *   then survives as a noncurrent (AWS, Azure) or soft-deleted (GCS) version for `noncurrentDays`
 *   more. Uploads the gate processes early are assumed to stay the whole time: the upper bound.
 *   Once the registry has run for `incomingExpiryDays + noncurrentDays` days, `incoming/` holds a
 *   constant `rate × (incomingExpiryDays + noncurrentDays)` GB.
 * - `approved/`: a promoted upload is copied there the day it arrives (the earliest it can be, so
 *   again an upper bound), `promotedShare` of the volume, 1 unless stated: every upload promoted.
 *   Copies are retention-locked for `approvedRetentionDays` and then KEPT: nothing in the
 *   registries expires `approved/`, because a model still served must stay readable after its
 *   lock ends. So `approved/` grows by `promotedShare × monthlyUploadGb` every month without
 *   bound, and the registry has no steady state. `deleteApprovedAfterRetention` prices the
 *   alternative (copies deleted the day their lock ends), which does reach one.
 * - Figures are the volume stored at the END of month m (day `m × DAYS_PER_MONTH`) and what that
 *   volume costs per month: the run rate the bill reaches then, never below the month's own
 *   prorated bill, since the volume only grows until the steady state.
 *
 * Not included: requests (PUT, COPY, GET, LIST; the copy to `approved/` is a request, not a second
 * upload), `model.sig` and other small objects, retrieval and egress, the container registry's
 * images, replication, taxes and discounts. Azure prices are LRS; a GRS account costs more.
 */
import { APPROVED_RETENTION_DAYS, INCOMING_EXPIRY_DAYS, MONTHLY_UPLOAD_GB } from "./limits/registry";
import { Cloud } from "./retention-tier";
import { DAYS_PER_MONTH, STORAGE_PRICES } from "./storage-prices";
import { BlueprintValidationError, ValidationProblem } from "./validation-error";

/** The months the projection reports: the first bill, the first year, the third year. */
export const REGISTRY_PROJECTION_MONTHS = [1, 12, 36] as const;

/**
 * Days a deleted `incoming/` upload is still billed, per cloud, when the caller names none: the
 * registries' own cleanup at their defaults (a unit test holds these values to the constructs').
 * - AWS: lifecycle expiration on a versioned bucket leaves a delete marker and keeps the data as
 *   a noncurrent version until `NoncurrentVersionExpiration` removes it, 1 day later
 *   (constructs/aws/model-registry.ts, NONCURRENT_VERSION_EXPIRATION_DAYS). S3 has no soft delete.
 * - GCP: deleting a live object of a versioned bucket makes it noncurrent, deleted 1 day later
 *   (INCOMING_NONCURRENT_DAYS in constructs/gcp/model-registry.ts); soft delete then keeps it,
 *   billed, for the bucket's soft delete retention, 30 days by default ("Soft delete", Cloud
 *   Storage documentation: soft-deleted objects are charged at the storage rate). 1 + 30.
 * - Azure: lifecycle deletes the base blob and its versions after incomingExpiryDays
 *   (constructs/azure/model-registry.ts), and blob soft delete keeps what was deleted, billed, for
 *   DEFAULT_REGISTRY_SOFT_DELETE_DAYS, 30 ("Soft delete for blobs", Azure Storage documentation:
 *   soft-deleted data is billed at the rate of active data). 30.
 * A registry given a longer soft delete retention stores more: pass `noncurrentDays`.
 */
export const REGISTRY_NONCURRENT_DAYS: Readonly<Record<Cloud, number>> = { aws: 1, gcp: 31, azure: 30 };

/** Longest noncurrent period the model accepts: a year, past any soft delete retention (GCS 90, Azure 365 days). */
export const MAX_REGISTRY_NONCURRENT_DAYS = 365;

/** One registry to project. */
export interface RegistryCostInput {
  /** Registry name, e.g. `fraud-scoring`: names the estimate and its errors. */
  readonly registry: string;
  /** Declared upload volume, GB per month (config `monthlyUploadGb`). */
  readonly monthlyUploadGb: number;
  /** Days before lifecycle deletes an upload under `incoming/` (config `incomingExpiryDays`). */
  readonly incomingExpiryDays: number;
  /** Days an `approved/` copy is retention-locked (config `approvedRetentionDays`). */
  readonly approvedRetentionDays: number;
  /**
   * Share of uploads the gate promotes to `approved/`, from 0 to 1.
   * @default 1 - every upload promoted: the upper bound
   */
  readonly promotedShare?: number;
  /**
   * Days a deleted `incoming/` upload is still billed as a noncurrent or soft-deleted version.
   * @default REGISTRY_NONCURRENT_DAYS of the cloud
   */
  readonly noncurrentDays?: number;
  /**
   * Price the deletion of each `approved/` copy on the day its retention ends, which the
   * registries do not do.
   * @default false - copies are kept: `approved/` grows without bound
   */
  readonly deleteApprovedAfterRetention?: boolean;
}

/** What one registry stores, and costs, at one point in time. */
export interface RegistryStoragePoint {
  /** Months since the registry started receiving uploads. */
  readonly month: number;
  /** GB under `incoming/`, noncurrent and soft-deleted versions included. */
  readonly incomingGb: number;
  /** GB under `approved/`. */
  readonly approvedGb: number;
  /** incomingGb + approvedGb. */
  readonly storedGb: number;
  /** What storedGb costs per month in the Standard class, USD (unrounded). */
  readonly monthlyUsd: number;
}

/** The storage projection of one registry on one cloud. Amounts are unrounded. */
export interface RegistryCostEstimate {
  /** Registry name, as in config. */
  readonly registry: string;
  /** Cloud whose prices and noncurrent-version settings were used. */
  readonly cloud: Cloud;
  /** Declared upload volume, GB per month. */
  readonly monthlyUploadGb: number;
  /** Days an unprocessed upload stays under `incoming/`. */
  readonly incomingExpiryDays: number;
  /** Days an `approved/` copy is locked. */
  readonly approvedRetentionDays: number;
  /** Share of uploads promoted to `approved/`, 0 to 1, as used. */
  readonly promotedShare: number;
  /** Days a replaced or expired `incoming/` object stays as a noncurrent version or soft-deleted, as used. */
  readonly noncurrentDays: number;
  /** Whether `approved/` copies were assumed deleted once their retention ends, as used. */
  readonly deleteApprovedAfterRetention: boolean;
  /** The cloud's Standard class, e.g. `STANDARD` or `Hot`. */
  readonly className: string;
  /** List price of that class, USD per GB-month (storage-prices.ts). */
  readonly usdPerGbMonth: number;
  /** Pricing page of that price. */
  readonly priceSource: string;
  /** GB under `incoming/` once full: daily rate × (incomingExpiryDays + noncurrentDays). */
  readonly incomingSteadyGb: number;
  /**
   * GB `approved/` gains per month: promotedShare × monthlyUploadGb, for ever while copies are
   * kept, until approvedRetentionDays when deleteApprovedAfterRetention.
   */
  readonly approvedGrowthGbPerMonth: number;
  /** The end of each month of REGISTRY_PROJECTION_MONTHS, in that order. */
  readonly points: readonly RegistryStoragePoint[];
  /**
   * The registry once nothing grows any more, and the day it gets there.
   * @default - absent when `approved/` grows without bound (copies kept, some uploads promoted)
   */
  readonly steadyState?: RegistryStoragePoint & { readonly reachedAfterDays: number };
}

function checkInput(input: RegistryCostInput, promotedShare: number, noncurrentDays: number): void {
  const problems: ValidationProblem[] = [];
  const path = `registry-cost/${input.registry}`;
  const check = (ok: boolean, code: string, prop: string, value: number, accepted: string): void => {
    if (!ok) problems.push({ code, constructPath: path, prop, value: String(value), accepted });
  };
  const isNumber = (v: number): boolean => typeof v === "number" && Number.isFinite(v);
  const isInteger = (v: number, min: number, max: number): boolean => Number.isInteger(v) && v >= min && v <= max;
  check(
    isNumber(input.monthlyUploadGb) && input.monthlyUploadGb >= MONTHLY_UPLOAD_GB.min && input.monthlyUploadGb <= MONTHLY_UPLOAD_GB.max,
    "REGISTRY_UPLOAD_OUT_OF_RANGE",
    "monthlyUploadGb",
    input.monthlyUploadGb,
    `a number of GB per month from ${MONTHLY_UPLOAD_GB.min} to ${MONTHLY_UPLOAD_GB.max}`,
  );
  check(
    isInteger(input.incomingExpiryDays, INCOMING_EXPIRY_DAYS.min, INCOMING_EXPIRY_DAYS.max),
    "REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE",
    "incomingExpiryDays",
    input.incomingExpiryDays,
    `an integer from ${INCOMING_EXPIRY_DAYS.min} to ${INCOMING_EXPIRY_DAYS.max}`,
  );
  check(
    isInteger(input.approvedRetentionDays, APPROVED_RETENTION_DAYS.min, APPROVED_RETENTION_DAYS.max),
    "REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE",
    "approvedRetentionDays",
    input.approvedRetentionDays,
    `an integer from ${APPROVED_RETENTION_DAYS.min} to ${APPROVED_RETENTION_DAYS.max}`,
  );
  check(isNumber(promotedShare) && promotedShare >= 0 && promotedShare <= 1, "REGISTRY_PROMOTED_SHARE_OUT_OF_RANGE", "promotedShare", promotedShare, "a number from 0 to 1");
  check(isInteger(noncurrentDays, 0, MAX_REGISTRY_NONCURRENT_DAYS), "REGISTRY_NONCURRENT_DAYS_OUT_OF_RANGE", "noncurrentDays", noncurrentDays, `an integer from 0 to ${MAX_REGISTRY_NONCURRENT_DAYS}`);
  if (problems.length > 0) throw new BlueprintValidationError(problems);
}

/**
 * Projects the Standard-class storage of one registry on `cloud` from the list prices in
 * storage-prices.ts. Throws a BlueprintValidationError listing every input out of range.
 *
 * @example
 * // 30.4375 GB a month is 1 GB a day: incoming/ holds 14 + 1 = 15 GB, approved/ 30.4375 GB after a month
 * estimateRegistryCost({ registry: "fraud-scoring", monthlyUploadGb: 30.4375, incomingExpiryDays: 14, approvedRetentionDays: 365 }, "aws").points[0].storedGb; // 45.4375
 */
export function estimateRegistryCost(input: RegistryCostInput, cloud: Cloud): RegistryCostEstimate {
  const promotedShare = input.promotedShare ?? 1;
  const noncurrentDays = input.noncurrentDays ?? REGISTRY_NONCURRENT_DAYS[cloud];
  const deleteApproved = input.deleteApprovedAfterRetention ?? false;
  checkInput(input, promotedShare, noncurrentDays);
  const hot = STORAGE_PRICES[cloud].classes.hot;
  const gbPerDay = input.monthlyUploadGb / DAYS_PER_MONTH;
  const incomingDays = input.incomingExpiryDays + noncurrentDays;
  // Each day's uploads present at day t: the last min(t, lifetime) days of them.
  const at = (month: number, day: number): RegistryStoragePoint => {
    const incomingGb = gbPerDay * Math.min(day, incomingDays);
    const approvedGb = promotedShare * gbPerDay * (deleteApproved ? Math.min(day, input.approvedRetentionDays) : day);
    const storedGb = incomingGb + approvedGb;
    return { month, incomingGb, approvedGb, storedGb, monthlyUsd: storedGb * hot.usdPerGbMonth };
  };
  const bounded = deleteApproved || promotedShare === 0;
  const reachedAfterDays = deleteApproved && promotedShare > 0 ? Math.max(incomingDays, input.approvedRetentionDays) : incomingDays;
  const steady = bounded ? at(reachedAfterDays / DAYS_PER_MONTH, reachedAfterDays) : undefined;
  return {
    registry: input.registry,
    cloud,
    monthlyUploadGb: input.monthlyUploadGb,
    incomingExpiryDays: input.incomingExpiryDays,
    approvedRetentionDays: input.approvedRetentionDays,
    promotedShare,
    noncurrentDays,
    deleteApprovedAfterRetention: deleteApproved,
    className: hot.className,
    usdPerGbMonth: hot.usdPerGbMonth,
    priceSource: hot.source,
    incomingSteadyGb: gbPerDay * incomingDays,
    approvedGrowthGbPerMonth: promotedShare * input.monthlyUploadGb,
    points: REGISTRY_PROJECTION_MONTHS.map((m) => at(m, m * DAYS_PER_MONTH)),
    ...(steady === undefined ? {} : { steadyState: { ...steady, reachedAfterDays } }),
  };
}
