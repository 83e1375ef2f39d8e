import type {
  S3BucketLifecycleConfigurationRule,
  S3BucketLifecycleConfigurationRuleNoncurrentVersionTransition,
  S3BucketLifecycleConfigurationRuleTransition,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { RetentionTier, STORAGE_CLASSES, classSchedule } from "../shared/retention-tier";

/**
 * Days after which S3 discards the parts of an upload that was never completed: they are billed
 * like objects but invisible in listings, and no log delivery takes a week to finish.
 */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/**
 * S3 lifecycle rules for `tier`, for an `S3BucketLifecycleConfiguration` on a versioned
 * (Object Lock) bucket. Expects a tier that passed `assertValidRetentionTier(tier, ["aws"])`.
 *
 * - `retention-<tier>`: every object moves through the tier's classes on the tier's days and
 *   expires on `expireAfterDays`. Noncurrent versions (an overwritten object, or the version an
 *   expiry turns into a noncurrent one behind a delete marker) follow the same schedule counted
 *   from the day they became noncurrent, so evidence superseded late is kept as long as evidence
 *   written late. Object Lock still refuses to remove any version before its retention ends.
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
  const noncurrent: S3BucketLifecycleConfigurationRuleNoncurrentVersionTransition[] = transitions.map((t) => ({
    noncurrentDays: t.day,
    storageClass: t.storageClass,
  }));
  return [
    {
      id: `retention-${tier.name}`,
      status: "Enabled",
      // An empty prefix is the whole bucket; an explicit filter keeps the provider from warning
      // that a rule without one is deprecated.
      filter: [{ prefix: "" }],
      ...(current.length > 0 ? { transition: current } : {}),
      expiration: [{ days: tier.expireAfterDays }],
      ...(noncurrent.length > 0 ? { noncurrentVersionTransition: noncurrent } : {}),
      noncurrentVersionExpiration: [{ noncurrentDays: tier.expireAfterDays }],
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
