import type { S3BucketLifecycleConfigurationRule, S3BucketLifecycleConfigurationRuleTransition } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { RetentionTier } from "../shared/retention-tier";
import { classSchedule } from "../shared/retention-schedule";
import { STORAGE_CLASSES } from "../shared/storage-classes";

/**
 * Days after which S3 discards the parts of an upload that was never completed: they are billed
 * like objects but invisible in listings, and no log delivery takes a week to finish.
 */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/**
 * Days a noncurrent version waits before lifecycle deletes it. Object Lock refuses the deletion
 * until the version's own retention ends, and lifecycle keeps trying, so a superseded version is
 * still kept for the whole write-once period; the data of an expired object (hidden behind a
 * delete marker, past its lock since expiry never precedes immutability) goes the next day.
 */
export const NONCURRENT_VERSION_EXPIRATION_DAYS = 1;

/**
 * S3 lifecycle rules for `tier`, for an `S3BucketLifecycleConfiguration` on a versioned
 * (Object Lock) bucket. Expects a tier without problems from `validateRetentionTier(tier, ["aws"])`.
 *
 * - `retention-<tier>`: every object moves through the tier's classes on the tier's days and
 *   expires on `expireAfterDays`, which on a versioned bucket only hides it behind a delete
 *   marker; noncurrent versions are then deleted after NONCURRENT_VERSION_EXPIRATION_DAYS, never
 *   before their Object Lock retention ends. Data is therefore kept for the tier's lifetime, not
 *   twice it, which is what the cost model prices.
 * - `remove-expired-delete-markers`: drops the delete marker once no version is left behind it.
 *   It is a rule of its own because S3 refuses `expired_object_delete_marker` next to `days` in
 *   one expiration block.
 *
 * @example
 * new S3BucketLifecycleConfiguration(this, "Lifecycle", { bucket: bucket.id, rule: s3LifecycleRules(tier) });
 */
export function s3LifecycleRules(tier: RetentionTier): S3BucketLifecycleConfigurationRule[] {
  const transitions = classSchedule(tier)
    .filter((period) => period.cls !== "hot")
    .map((period) => ({ day: period.fromDay, storageClass: STORAGE_CLASSES.aws[period.cls].name }));
  const current: S3BucketLifecycleConfigurationRuleTransition[] = transitions.map((t) => ({ days: t.day, storageClass: t.storageClass }));
  return [
    {
      id: `retention-${tier.name}`,
      status: "Enabled",
      // An empty prefix is the whole bucket; an explicit filter keeps the provider from warning
      // that a rule without one is deprecated.
      filter: [{ prefix: "" }],
      ...(current.length > 0 ? { transition: current } : {}),
      expiration: [{ days: tier.expireAfterDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_EXPIRATION_DAYS }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
    },
    {
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: [{ prefix: "" }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
}
