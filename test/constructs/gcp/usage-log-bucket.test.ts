import { TerraformVariable } from "cdktf";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { UsageLogBucket, UsageLogBucketProps } from "../../../constructs/gcp/usage-log-bucket";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { gcpBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { gcpRolesAreLeastPrivilege } from "../../checkers/least-privilege";
import { gcpBucketsBlockPublicAccess } from "../../checkers/public-access";
import { gcpLogBucketsAreWriteOnce } from "../../checkers/write-once";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

function synthUsage(props: Partial<Omit<UsageLogBucketProps, "kmsKey">> = {}): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-tfstate", projectId: "acme-ai-prod", location: "europe-west1" });
    const kmsKey = new KmsKey(scope, "key", { purpose: "state", keyRing });
    new UsageLogBucket(scope, "usage", {
      bucketName: "acme-ai-tfstate-usage-acme-ai-prod",
      projectId: "acme-ai-prod",
      location: "europe-west1",
      kmsKey,
      retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
      ...props,
    });
  });
}

describe("gcp UsageLogBucket", () => {
  const stack = synthUsage();
  const bucket = (): Json => onlyResource(stack, "google_storage_bucket");

  test("#16 cloud-storage-analytics@google.com may create objects and nothing else", () => {
    expect(onlyResource(stack, "google_storage_bucket_iam_member")).toEqual({
      bucket: expect.stringMatching(/^\$\{google_storage_bucket\.usage_[A-Z0-9]+\.name\}$/),
      role: "roles/storage.objectCreator",
      member: "group:cloud-storage-analytics@google.com",
    });
  });

  test("#16 write-once for the tier, locked by default, lifecycle from the tier, not logging into itself", () => {
    expect(bucket()["retention_policy"]).toEqual({ retention_period: 365 * 86400, is_locked: true });
    const rules = bucket()["lifecycle_rule"] as Array<{ action: Json; condition: Json }>;
    expect(rules.map((r) => [r.action["type"], r.action["storage_class"], r.condition["age"]])).toEqual([
      ["SetStorageClass", "NEARLINE", 30],
      ["SetStorageClass", "COLDLINE", 90],
      ["Delete", undefined, 365],
    ]);
    expect(bucket()["logging"]).toBeUndefined();
    expect(bucket()["versioning"]).toEqual({ enabled: false });
  });

  test("#16 CMEK, uniform access, public access prevention, never force-destroyed, prevent_destroy, after the key grant has propagated", () => {
    expect(bucket()).toMatchObject({
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
      labels: { purpose: "usage-logs" },
      encryption: { default_kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.key_[A-Z0-9]+\.id\}$/) },
    });
    expect(bucket()["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.usage_StorageAgentKeyPropagation_[A-Z0-9]+$/)]);
    expect(onlyResource(stack, "time_sleep")["create_duration"]).toBe("120s");
  });

  test("#16 unlocked only when asked", () => {
    expect(onlyResource(synthUsage({ lockRetention: false }), "google_storage_bucket")["retention_policy"]).toEqual({ retention_period: 365 * 86400, is_locked: false });
  });

  test("#16 an invalid bucket name is rejected", () => {
    expect(validationErrorOf(() => synthUsage({ bucketName: "goog-usage" })).problems[0]).toMatchObject({ prop: "bucketName", code: "GCP_GCS_BUCKET_NAME_INVALID" });
  });
});

describe("gcp UsageLogBucket controls (test/checkers)", () => {
  const stack = synthUsage();
  const bucket = [expect.stringMatching(/^google_storage_bucket\.usage_[A-Z0-9]+$/)];

  test("write-once, CMEK, public access blocked, create-only for the analytics group", () => {
    expect(gcpLogBucketsAreWriteOnce(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(gcpBucketsUseCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(gcpBucketsBlockPublicAccess(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(gcpRolesAreLeastPrivilege(stack)).toEqual({
      status: "compliant",
      checked: [expect.stringMatching(/^google_kms_crypto_key_iam_member\.usage_StorageAgentKeyAccess_[A-Z0-9]+$/), expect.stringMatching(/^google_storage_bucket_iam_member\.usage_LogWriter_[A-Z0-9]+$/)],
    });
  });
});

describe("gcp UsageLogBucket validation and grants", () => {
  test("a bad name and a bad tier are reported together, each once", () => {
    const error = validationErrorOf(() => synthUsage({ bucketName: "acme-google-usage", retentionTier: { name: "short", expireAfterDays: 10, immutabilityDays: 20 } }));
    expect(error.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([
      ["GCP_GCS_BUCKET_NAME_INVALID", "bucketName", "test/usage"],
      ["RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS", "expireAfterDays", "retention-tier/short"],
    ]);
  });

  test("a bucket name known only at apply time (a Terraform variable) passes validation", () => {
    const stack = synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-tfstate", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "state", keyRing });
      const bucketName = new TerraformVariable(scope, "usage_bucket", { type: "string" }).stringValue;
      new UsageLogBucket(scope, "usage", { bucketName, projectId: "acme-ai-prod", location: "europe-west1", kmsKey, retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
    });
    expect(onlyResource(stack, "google_storage_bucket")["name"]).toBe("${var.usage_bucket}");
  });

  test("grantObjectCreate gives another writer object-create only, beside the analytics group's grant", () => {
    const stack = synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-tfstate", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "state", keyRing });
      const usage = new UsageLogBucket(scope, "usage", {
        bucketName: "acme-ai-tfstate-usage-acme-ai-prod",
        projectId: "acme-ai-prod",
        location: "europe-west1",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
      });
      usage.grantObjectCreate("group:other-writers@example.com", scope, "OtherWriter");
    });
    const grants = resourcesOf(stack, "google_storage_bucket_iam_member");
    expect(Object.keys(grants).sort()).toEqual(["OtherWriter", expect.stringMatching(/^usage_LogWriter_[A-Z0-9]+$/)]);
    expect(grants["OtherWriter"]).toEqual({
      bucket: expect.stringMatching(/^\$\{google_storage_bucket\.usage_[A-Z0-9]+\.name\}$/),
      role: "roles/storage.objectCreator",
      member: "group:other-writers@example.com",
    });
  });
});

describe("gcp UsageLogBucket.retentionLocked", () => {
  function locked(lockRetention?: boolean): boolean {
    let bucket: UsageLogBucket | undefined;
    synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyRing });
      bucket = new UsageLogBucket(scope, "logs", {
        bucketName: "acme-ai-prod-logs-acme-ai-prod",
        projectId: "acme-ai-prod",
        location: "europe-west1",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
        lockRetention,
      });
    });
    return bucket!.retentionLocked;
  }

  test("true by default and when asked, false only when asked", () => {
    expect(locked()).toBe(true);
    expect(locked(true)).toBe(true);
    expect(locked(false)).toBe(false);
  });
});
