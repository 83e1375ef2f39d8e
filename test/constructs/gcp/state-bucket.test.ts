import { TerraformVariable } from "cdktf";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { StateBucket } from "../../../constructs/gcp/state-bucket";
import { gcpBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { gcpRolesAreLeastPrivilege } from "../../checkers/least-privilege";
import { gcpBucketsBlockPublicAccess } from "../../checkers/public-access";
import { gcpLogBucketsAreWriteOnce } from "../../checkers/write-once";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

function synthBucket(bucketName = "acme-ai-tfstate-acme-ai-prod", noncurrentVersionDays?: number): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-tfstate", projectId: "acme-ai-prod", location: "europe-west1" });
    const kmsKey = new KmsKey(scope, "key", { purpose: "state", keyRing });
    const usageLogs = { bucketName: "acme-ai-tfstate-usage-acme-ai-prod" };
    new StateBucket(scope, "state", { bucketName, projectId: "acme-ai-prod", location: "europe-west1", kmsKey, usageLogs, noncurrentVersionDays });
  });
}

describe("gcp StateBucket", () => {
  const stack = synthBucket();
  const bucket = (): Json => onlyResource(stack, "google_storage_bucket");

  test("uniform bucket-level access and enforced public access prevention", () => {
    expect(bucket()["uniform_bucket_level_access"]).toBe(true);
    expect(bucket()["public_access_prevention"]).toBe("enforced");
  });

  test("CMEK with the state key", () => {
    expect(bucket()["encryption"]).toEqual({ default_kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.key_[A-Z0-9]+\.id\}$/) });
  });

  test("the Cloud Storage service agent may use exactly that key, before the bucket exists", () => {
    const member = onlyResource(stack, "google_kms_crypto_key_iam_member");
    expect(member["role"]).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
    expect(member["crypto_key_id"]).toBe(bucket()["encryption"] && (bucket()["encryption"] as Json)["default_kms_key_name"]);
    expect(member["member"]).toMatch(/^serviceAccount:\$\{data\.google_storage_project_service_account\.state_StorageAgent_[A-Z0-9]+\.email_address\}$/);
  });

  test("#8 the bucket waits 120 s after the storage agent's key grant (IAM propagation)", () => {
    const sleep = onlyResource(stack, "time_sleep");
    expect(sleep["create_duration"]).toBe("120s");
    expect(sleep["depends_on"]).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.state_StorageAgentKeyAccess_[A-Z0-9]+$/)]);
    expect(bucket()["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.state_StorageAgentKeyPropagation_[A-Z0-9]+$/)]);
  });

  test("#16 usage logs go to the usage-log bucket under tfstate/", () => {
    expect(bucket()["logging"]).toEqual({ log_bucket: "acme-ai-tfstate-usage-acme-ai-prod", log_object_prefix: "tfstate/" });
  });

  test("versioned, never force-destroyed, prevent_destroy", () => {
    expect(bucket()["versioning"]).toEqual({ enabled: true });
    expect(bucket()["force_destroy"]).toBe(false);
    expect(bucket()["lifecycle"]).toEqual({ prevent_destroy: true });
  });

  test("superseded versions are deleted after 365 days", () => {
    expect(bucket()["lifecycle_rule"]).toEqual([{ action: { type: "Delete" }, condition: { days_since_noncurrent_time: 365, with_state: "ARCHIVED" } }]);
  });

  test("the whole bucket: baseline, versioned, CMEK, noncurrent versions deleted, labelled, usage-logged, protected", () => {
    expect(bucket()).toEqual({
      name: "acme-ai-tfstate-acme-ai-prod",
      project: "acme-ai-prod",
      location: "europe-west1",
      storage_class: "STANDARD",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      versioning: { enabled: true },
      encryption: { default_kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.key_[A-Z0-9]+\.id\}$/) },
      lifecycle_rule: [{ action: { type: "Delete" }, condition: { days_since_noncurrent_time: 365, with_state: "ARCHIVED" } }],
      labels: { purpose: "state" },
      logging: { log_bucket: "acme-ai-tfstate-usage-acme-ai-prod", log_object_prefix: "tfstate/" },
      depends_on: [expect.stringMatching(/^time_sleep\.state_StorageAgentKeyPropagation_[A-Z0-9]+$/)],
      lifecycle: { prevent_destroy: true },
    });
  });

  test("a chosen noncurrent-version retention, and prevent_destroy off only when asked", () => {
    const stack = synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-tfstate", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "state", keyRing });
      const usageLogs = { bucketName: "acme-ai-tfstate-usage-acme-ai-prod" };
      new StateBucket(scope, "state", { bucketName: "acme-ai-tfstate-acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1", kmsKey, usageLogs, noncurrentVersionDays: 30, preventDestroy: false });
    });
    expect(onlyResource(stack, "google_storage_bucket")).toMatchObject({
      lifecycle_rule: [{ action: { type: "Delete" }, condition: { days_since_noncurrent_time: 30, with_state: "ARCHIVED" } }],
      lifecycle: { prevent_destroy: false },
    });
  });

  test("rejects an invalid name and retention", () => {
    const error = validationErrorOf(() => synthBucket("goog-state", 5));
    expect(error.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([
      ["GCP_GCS_BUCKET_NAME_INVALID", "bucketName", "test/state"],
      ["GCP_STATE_RETENTION_OUT_OF_RANGE", "noncurrentVersionDays", "test/state"],
    ]);
    expect(error.problems[1]!.accepted).toBe("an integer from 30 to 3650");
  });

  test("a bucket name known only at apply time (a Terraform variable) passes validation", () => {
    const stack = synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-tfstate", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "key", { purpose: "state", keyRing });
      const bucketName = new TerraformVariable(scope, "state_bucket", { type: "string" }).stringValue;
      new StateBucket(scope, "state", { bucketName, projectId: "acme-ai-prod", location: "europe-west1", kmsKey, usageLogs: { bucketName: "acme-ai-tfstate-usage-acme-ai-prod" } });
    });
    expect(onlyResource(stack, "google_storage_bucket")["name"]).toBe("${var.state_bucket}");
  });
});

describe("gcp StateBucket controls (test/checkers)", () => {
  const stack = synthBucket();
  const bucket = [expect.stringMatching(/^google_storage_bucket\.state_[A-Z0-9]+$/)];

  test("CMEK, public access blocked, key use for the storage agent only; versioned state, not write-once", () => {
    expect(gcpBucketsUseCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(gcpBucketsBlockPublicAccess(stack)).toEqual({ status: "compliant", checked: bucket });
    expect(gcpRolesAreLeastPrivilege(stack)).toEqual({ status: "compliant", checked: [expect.stringMatching(/^google_kms_crypto_key_iam_member\.state_StorageAgentKeyAccess_[A-Z0-9]+$/)] });
    expect(gcpLogBucketsAreWriteOnce(stack)).toEqual({ status: "not-applicable" });
  });
});
