import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { gcsLifecycleRules } from "../../../constructs/gcp/lifecycle-rules";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { onlyResource, synthConstruct } from "../../helpers/synth";

describe("gcsLifecycleRules", () => {
  test("compliance-7y: NEARLINE, COLDLINE, ARCHIVE, delete at 2557 days", () => {
    expect(gcsLifecycleRules(RETENTION_TIER_PRESETS["compliance-7y"])).toEqual([
      { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: 30, matchesStorageClass: ["STANDARD"] } },
      { action: { type: "SetStorageClass", storageClass: "COLDLINE" }, condition: { age: 90, matchesStorageClass: ["STANDARD", "NEARLINE"] } },
      { action: { type: "SetStorageClass", storageClass: "ARCHIVE" }, condition: { age: 180, matchesStorageClass: ["STANDARD", "NEARLINE", "COLDLINE"] } },
      { action: { type: "Delete" }, condition: { age: 2557 } },
    ]);
  });

  test("audit-1y: NEARLINE, COLDLINE, delete at 365 days", () => {
    expect(gcsLifecycleRules(RETENTION_TIER_PRESETS["audit-1y"])).toEqual([
      { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: 30, matchesStorageClass: ["STANDARD"] } },
      { action: { type: "SetStorageClass", storageClass: "COLDLINE" }, condition: { age: 90, matchesStorageClass: ["STANDARD", "NEARLINE"] } },
      { action: { type: "Delete" }, condition: { age: 365 } },
    ]);
  });

  test("operational-90d: NEARLINE, delete at 90 days", () => {
    expect(gcsLifecycleRules(RETENTION_TIER_PRESETS["operational-90d"])).toEqual([
      { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: 30, matchesStorageClass: ["STANDARD"] } },
      { action: { type: "Delete" }, condition: { age: 90 } },
    ]);
  });

  test("a skipped class still counts as warmer: objects already in NEARLINE move on to COLDLINE", () => {
    expect(gcsLifecycleRules({ name: "cold-only", coldAfterDays: 60, expireAfterDays: 400, immutabilityDays: 400 })).toEqual([
      { action: { type: "SetStorageClass", storageClass: "COLDLINE" }, condition: { age: 60, matchesStorageClass: ["STANDARD", "NEARLINE"] } },
      { action: { type: "Delete" }, condition: { age: 400 } },
    ]);
  });

  test("synthesizes to the provider's snake_case blocks", () => {
    const stack = synthConstruct((scope) => {
      new StorageBucket(scope, "b", { name: "b", location: "EU", lifecycleRule: gcsLifecycleRules(RETENTION_TIER_PRESETS["compliance-7y"]) });
    });
    expect(onlyResource(stack, "google_storage_bucket")["lifecycle_rule"]).toEqual([
      { action: { type: "SetStorageClass", storage_class: "NEARLINE" }, condition: { age: 30, matches_storage_class: ["STANDARD"] } },
      { action: { type: "SetStorageClass", storage_class: "COLDLINE" }, condition: { age: 90, matches_storage_class: ["STANDARD", "NEARLINE"] } },
      { action: { type: "SetStorageClass", storage_class: "ARCHIVE" }, condition: { age: 180, matches_storage_class: ["STANDARD", "NEARLINE", "COLDLINE"] } },
      { action: { type: "Delete" }, condition: { age: 2557 } },
    ]);
  });
});
