import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { s3LifecycleRules } from "../../../constructs/aws/lifecycle-rules";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { onlyResource, synthConstruct } from "../../helpers/synth";

/** The delete-marker rule is the same for every tier. */
const DELETE_MARKERS = {
  id: "remove-expired-delete-markers",
  status: "Enabled",
  filter: [{ prefix: "" }],
  expiration: [{ expiredObjectDeleteMarker: true }],
};

describe("s3LifecycleRules", () => {
  test("compliance-7y: STANDARD_IA, GLACIER_IR, DEEP_ARCHIVE, expiry after 2557 days, noncurrent versions deleted once unlocked", () => {
    expect(s3LifecycleRules(RETENTION_TIER_PRESETS["compliance-7y"])).toEqual([
      {
        id: "retention-compliance-7y",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 90, storageClass: "GLACIER_IR" },
          { days: 180, storageClass: "DEEP_ARCHIVE" },
        ],
        expiration: [{ days: 2557 }],
        noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      DELETE_MARKERS,
    ]);
  });

  test("audit-1y: STANDARD_IA, GLACIER_IR, expiry after 365 days", () => {
    expect(s3LifecycleRules(RETENTION_TIER_PRESETS["audit-1y"])).toEqual([
      {
        id: "retention-audit-1y",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 90, storageClass: "GLACIER_IR" },
        ],
        expiration: [{ days: 365 }],
        noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      DELETE_MARKERS,
    ]);
  });

  test("operational-90d: STANDARD_IA, expiry after 90 days", () => {
    expect(s3LifecycleRules(RETENTION_TIER_PRESETS["operational-90d"])).toEqual([
      {
        id: "retention-operational-90d",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [{ days: 30, storageClass: "STANDARD_IA" }],
        expiration: [{ days: 90 }],
        noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      DELETE_MARKERS,
    ]);
  });

  test("a tier without transitions renders no empty transition blocks", () => {
    const [rule] = s3LifecycleRules({ name: "short", expireAfterDays: 7, immutabilityDays: 7 });
    expect(Object.keys(rule!).sort()).toEqual(["abortIncompleteMultipartUpload", "expiration", "filter", "id", "noncurrentVersionExpiration", "status"]);
  });

  test("synthesizes to the provider's snake_case blocks", () => {
    const stack = synthConstruct((scope) => {
      new S3BucketLifecycleConfiguration(scope, "l", { bucket: "b", rule: s3LifecycleRules(RETENTION_TIER_PRESETS["compliance-7y"]) });
    });
    expect(onlyResource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"]).toEqual([
      {
        id: "retention-compliance-7y",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [
          { days: 30, storage_class: "STANDARD_IA" },
          { days: 90, storage_class: "GLACIER_IR" },
          { days: 180, storage_class: "DEEP_ARCHIVE" },
        ],
        expiration: [{ days: 2557 }],
        noncurrent_version_expiration: [{ noncurrent_days: 1 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
      {
        id: "remove-expired-delete-markers",
        status: "Enabled",
        filter: [{ prefix: "" }],
        // Never next to `days`: S3 refuses both in one expiration block.
        expiration: [{ expired_object_delete_marker: true }],
      },
    ]);
  });
});
