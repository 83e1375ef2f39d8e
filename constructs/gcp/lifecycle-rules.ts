import type { StorageBucketLifecycleRule } from "@cdktf/provider-google/lib/storage-bucket";
import { RetentionTier, TIER_CLASSES, TierClass } from "../shared/retention-tier";
import { classSchedule } from "../shared/retention-schedule";
import { STORAGE_CLASSES } from "../shared/storage-classes";

/**
 * GCS lifecycle rules for `tier`, for the `lifecycleRule` of a `StorageBucket`. Expects a tier
 * with no problems from `validateRetentionTier(tier, ["gcp"])`.
 *
 * One `SetStorageClass` rule per transition, with `age` the day the object enters the class
 * (GCS `age` counts whole days from creation, the tier's own semantics), then one `Delete` rule
 * on `expireAfterDays`. Each transition only matches objects still in a warmer class: once an
 * object is older than several transition days, every one of those rules matches its age, and
 * without the class condition a warmer rule could move an archived object back up.
 *
 * No noncurrent-version rules: a GCS bucket with a retention policy cannot have versioning on.
 *
 * @example
 * new StorageBucket(this, "Resource", { ..., lifecycleRule: gcsLifecycleRules(tier) });
 */
export function gcsLifecycleRules(tier: RetentionTier): StorageBucketLifecycleRule[] {
  const classes = STORAGE_CLASSES.gcp;
  const transitions: StorageBucketLifecycleRule[] = classSchedule(tier)
    .filter((period) => period.cls !== "hot")
    .map((period) => ({
      action: { type: "SetStorageClass", storageClass: classes[period.cls].name },
      condition: { age: period.fromDay, matchesStorageClass: warmerThan(period.cls).map((cls) => classes[cls].name) },
    }));
  return [...transitions, { action: { type: "Delete" }, condition: { age: tier.expireAfterDays } }];
}

/**
 * Every class warmer than `cls`, warmest first, including ones the tier skips: an object written
 * directly into NEARLINE must still move on to COLDLINE on the tier's cold day.
 */
function warmerThan(cls: TierClass): TierClass[] {
  return TIER_CLASSES.slice(0, TIER_CLASSES.indexOf(cls));
}
