import { TerraformVariable } from "cdktf";
import { AUDIT_LOG_FILTER, AuditTrail } from "../../../constructs/gcp/audit-trail";
import { ImmutableLogBucket, ImmutableLogBucketProps } from "../../../constructs/gcp/immutable-log-bucket";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { gcpBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { gcpRolesAreLeastPrivilege } from "../../checkers/least-privilege";
import { gcpBucketsBlockPublicAccess } from "../../checkers/public-access";
import { gcpLogBucketsAreWriteOnce } from "../../checkers/write-once";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

function synthLogs(props: Partial<Omit<ImmutableLogBucketProps, "kmsKey">> = {}): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
    const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyRing });
    const logBucket = new ImmutableLogBucket(scope, "logs", {
      bucketName: "acme-ai-prod-logs-acme-ai-prod",
      projectId: "acme-ai-prod",
      location: "europe-west1",
      kmsKey,
      retentionTier: RETENTION_TIER_PRESETS["compliance-7y"],
      ...props,
    });
    new AuditTrail(scope, "audit", { sinkName: "acme-ai-prod-audit", projectId: "acme-ai-prod", logBucket });
  });
}

describe("gcp ImmutableLogBucket", () => {
  const stack = synthLogs();
  const bucket = (): Json => onlyResource(stack, "google_storage_bucket");

  test("retention policy from the tier, locked by default", () => {
    expect(bucket()["retention_policy"]).toEqual({ retention_period: 2557 * 86400, is_locked: true });
  });

  test("locking is off only when asked", () => {
    expect(onlyResource(synthLogs({ lockRetention: false }), "google_storage_bucket")["retention_policy"]).toEqual({
      retention_period: 2557 * 86400,
      is_locked: false,
    });
  });

  test("versioning off: GCS refuses it together with a retention policy", () => {
    expect(bucket()["versioning"]).toEqual({ enabled: false });
  });

  test("uniform access, public access prevention enforced, never force-destroyed, prevent_destroy", () => {
    expect(bucket()).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "enforced", force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test("CMEK with the logs key, the storage service agent granted that key before the bucket exists", () => {
    expect(bucket()["encryption"]).toEqual({ default_kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.key_[A-Z0-9]+\.id\}$/) });
    const grant = onlyResource(stack, "google_kms_crypto_key_iam_member");
    expect(grant).toEqual({
      crypto_key_id: (bucket()["encryption"] as Json)["default_kms_key_name"],
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\.logs_StorageAgent_[A-Z0-9]+\.email_address\}$/),
    });
  });

  test("#8 the bucket waits 120 s after the storage agent's key grant (IAM propagation)", () => {
    const sleep = onlyResource(stack, "time_sleep");
    expect(sleep["create_duration"]).toBe("120s");
    expect(sleep["depends_on"]).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.logs_StorageAgentKeyAccess_[A-Z0-9]+$/)]);
    expect(bucket()["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.logs_StorageAgentKeyPropagation_[A-Z0-9]+$/)]);
  });

  test("lifecycle rules come from the tier", () => {
    const rules = bucket()["lifecycle_rule"] as Array<{ action: Json; condition: Json }>;
    expect(rules.map((r) => [r.action["type"], r.action["storage_class"], r.condition["age"]])).toEqual([
      ["SetStorageClass", "NEARLINE", 30],
      ["SetStorageClass", "COLDLINE", 90],
      ["SetStorageClass", "ARCHIVE", 180],
      ["Delete", undefined, 2557],
    ]);
  });

  test("an invalid bucket name is rejected", () => {
    expect(validationErrorOf(() => synthLogs({ bucketName: "goog-logs" })).problems[0]).toMatchObject({ prop: "bucketName", code: "GCP_GCS_BUCKET_NAME_INVALID" });
  });
});

describe("gcp AuditTrail", () => {
  const stack = synthLogs();

  test("#1 the sink and its bucket grant name the bucket through its name attribute, not a literal", () => {
    expect(onlyResource(stack, "google_logging_project_sink")["destination"]).toBe(
      `storage.googleapis.com/\${google_storage_bucket.${Object.keys(resourcesOf(stack, "google_storage_bucket"))[0]!}.name}`,
    );
    expect(onlyResource(stack, "google_storage_bucket_iam_member")["bucket"]).toBe(`\${google_storage_bucket.${Object.keys(resourcesOf(stack, "google_storage_bucket"))[0]!}.name}`);
  });

  test("#13 no custom_writer_identity (Cloud Logging refuses it for Cloud Storage); the sink's own identity holds object-create on the bucket only", () => {
    const sink = onlyResource(stack, "google_logging_project_sink");
    expect(sink["custom_writer_identity"]).toBeUndefined();
    expect(sink["unique_writer_identity"]).toBe(true);
    const grants = Object.values(resourcesOf(stack, "google_storage_bucket_iam_member")).filter((g) => String(g["member"]).includes("writer_identity"));
    expect(grants).toEqual([
      { bucket: expect.stringMatching(/^\$\{google_storage_bucket\..*\.name\}$/), role: "roles/storage.objectCreator", member: expect.stringMatching(/^\$\{google_logging_project_sink\..*\.writer_identity\}$/) },
    ]);
    expect(JSON.stringify(resourcesOf(stack, "google_kms_crypto_key_iam_member"))).not.toContain("writer_identity");
  });

  test("a project sink with its own writer identity sends every audit log to the bucket", () => {
    expect(onlyResource(stack, "google_logging_project_sink")).toMatchObject({
      name: "acme-ai-prod-audit",
      project: "acme-ai-prod",
      destination: expect.stringMatching(/^storage\.googleapis\.com\/\$\{google_storage_bucket\.logs_[A-Z0-9]+\.name\}$/),
      filter: AUDIT_LOG_FILTER,
      unique_writer_identity: true,
    });
  });

  test("the writer identity may create objects in that bucket and nothing else", () => {
    const member = onlyResource(stack, "google_storage_bucket_iam_member");
    expect(member["role"]).toBe("roles/storage.objectCreator");
    expect(member["bucket"]).toMatch(/^\$\{google_storage_bucket\.logs_[A-Z0-9]+\.name\}$/);
    expect(member["member"]).toMatch(/^\$\{google_logging_project_sink\..*\.writer_identity\}$/);
  });

  test("data-access audit logs are on for Cloud Storage and Cloud KMS, except the sink's own deliveries", () => {
    const configs = Object.values(resourcesOf(stack, "google_project_iam_audit_config"));
    expect(configs.map((c) => c["service"])).toEqual(["cloudkms.googleapis.com", "storage.googleapis.com"]);
    const agent = expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\.logs_StorageAgent_[A-Z0-9]+\.email_address\}$/);
    expect(configs[0]!["audit_log_config"]).toEqual([
      { log_type: "ADMIN_READ" },
      { log_type: "DATA_READ", exempted_members: [agent] },
      { log_type: "DATA_WRITE", exempted_members: [agent] },
    ]);
    expect(configs[1]!["audit_log_config"]).toEqual([
      { log_type: "ADMIN_READ" },
      { log_type: "DATA_READ" },
      { log_type: "DATA_WRITE", exempted_members: [expect.stringMatching(/^\$\{google_logging_project_sink\..*\.writer_identity\}$/)] },
    ]);
  });
});

describe("gcp ImmutableLogBucket controls (test/checkers)", () => {
  const bucket = [expect.stringMatching(/^google_storage_bucket\.logs_[A-Z0-9]+$/)];

  test("write-once, CMEK, public access blocked; grants are key use for the storage agent and create-only for the sink", () => {
    const stack = synthLogs();
    expect(gcpLogBucketsAreWriteOnce(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(gcpBucketsUseCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(gcpBucketsBlockPublicAccess(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(gcpRolesAreLeastPrivilege(stack)).toEqual({
      status: "compliant",
      checked: [expect.stringMatching(/^google_kms_crypto_key_iam_member\.logs_StorageAgentKeyAccess_[A-Z0-9]+$/), expect.stringMatching(/^google_storage_bucket_iam_member\.audit_SinkWriter_[A-Z0-9]+$/)],
    });
  });

  test("an unlocked policy is the named loosening the write-once checker reports", () => {
    expect(gcpLogBucketsAreWriteOnce(synthLogs({ lockRetention: false }))).toEqual({
      status: "noncompliant",
      problems: [expect.stringMatching(/^google_storage_bucket\.logs_[A-Z0-9]+: retention policy is_locked is false, not true$/)],
    });
  });
});

test.each(["", "has space", "sink/with/slashes", "s".repeat(101)])("GCP_SINK_NAME_INVALID: %j", (sinkName) => {
  const error = validationErrorOf(() =>
    synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyRing });
      const logBucket = new ImmutableLogBucket(scope, "logs", {
        bucketName: "acme-ai-prod-logs-acme-ai-prod",
        projectId: "acme-ai-prod",
        location: "europe-west1",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["compliance-7y"],
      });
      new AuditTrail(scope, "audit", { sinkName, projectId: "acme-ai-prod", logBucket });
    }),
  );
  expect(error.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([["GCP_SINK_NAME_INVALID", "sinkName", "test/audit"]]);
});

describe("gcp ImmutableLogBucket validation", () => {
  test("GCP_GCS_BUCKET_NAME_INVALID: GCS's reserved and malformed names", () => {
    for (const bucketName of ["goog-logs", "acme-google-logs", "acme-g00gle-logs", "192.168.5.4", "-acme-logs", "Acme-logs", "ab", "a".repeat(64)]) {
      expect(validationErrorOf(() => synthLogs({ bucketName })).problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([["GCP_GCS_BUCKET_NAME_INVALID", "bucketName", "test/logs"]]);
    }
  });

  test("a bad name and a bad tier are reported together, each once", () => {
    const error = validationErrorOf(() =>
      synthLogs({ bucketName: "goog-logs", retentionTier: { name: "too-long", expireAfterDays: 40_000, immutabilityDays: 40_000 } }),
    );
    expect(error.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([
      ["GCP_GCS_BUCKET_NAME_INVALID", "bucketName", "test/logs"],
      ["GCP_GCS_RETENTION_OUT_OF_RANGE", "immutabilityDays", "retention-tier/too-long (gcp)"],
    ]);
  });

  test("a bucket name known only at apply time (a Terraform variable) passes validation", () => {
    const stack = synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyRing });
      const bucketName = new TerraformVariable(scope, "bucket_name", { type: "string" }).stringValue;
      new ImmutableLogBucket(scope, "logs", { bucketName, projectId: "acme-ai-prod", location: "europe-west1", kmsKey, retentionTier: RETENTION_TIER_PRESETS["audit-1y"] });
    });
    expect(onlyResource(stack, "google_storage_bucket")["name"]).toBe("${var.bucket_name}");
  });
});

describe("gcp ImmutableLogBucket.grantObjectCreate", () => {
  test("object-create only, on the bucket by its name attribute, created where the caller says", () => {
    const stack = synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyRing });
      const logs = new ImmutableLogBucket(scope, "logs", {
        bucketName: "acme-ai-prod-logs-acme-ai-prod",
        projectId: "acme-ai-prod",
        location: "europe-west1",
        kmsKey,
        retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
      });
      logs.grantObjectCreate("serviceAccount:writer@acme-ai-prod.iam.gserviceaccount.com", scope, "Writer");
    });
    const [id, grant] = Object.entries(resourcesOf(stack, "google_storage_bucket_iam_member"))[0]!;
    expect(Object.keys(resourcesOf(stack, "google_storage_bucket_iam_member"))).toHaveLength(1);
    expect(id).toBe("Writer");
    expect(grant).toEqual({
      bucket: expect.stringMatching(/^\$\{google_storage_bucket\.logs_[A-Z0-9]+\.name\}$/),
      role: "roles/storage.objectCreator",
      member: "serviceAccount:writer@acme-ai-prod.iam.gserviceaccount.com",
    });
  });
});

test.each([".audit", "_audit"])("GCP_SINK_NAME_INVALID: %j does not start with a letter or digit", (sinkName) => {
  const error = validationErrorOf(() => synthConstruct((scope) => new AuditTrail(scope, "audit", { sinkName, projectId: "acme-ai-prod", evidenceBucket: { bucketName: "acme-ai-prod-logs-acme-ai-evidence", projectId: "acme-ai-evidence" } })));
  expect(error.problems.map((p) => [p.code, p.prop, p.accepted])).toEqual([["GCP_SINK_NAME_INVALID", "sinkName", "1-100 letters, digits, _ - and ., starting with a letter or digit"]]);
});

test("a sink name known only at apply time (a Terraform variable) passes validation", () => {
  const stack = synthConstruct((scope) => {
    const sinkName = new TerraformVariable(scope, "sink_name", { type: "string" }).stringValue;
    new AuditTrail(scope, "audit", { sinkName, projectId: "acme-ai-prod", evidenceBucket: { bucketName: "acme-ai-prod-logs-acme-ai-evidence", projectId: "acme-ai-evidence" } });
  });
  expect(onlyResource(stack, "google_logging_project_sink")["name"]).toBe("${var.sink_name}");
});

describe("gcp ImmutableLogBucket.retentionLocked", () => {
  function locked(lockRetention?: boolean): boolean {
    let bucket: ImmutableLogBucket | undefined;
    synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyRing });
      bucket = new ImmutableLogBucket(scope, "logs", {
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
