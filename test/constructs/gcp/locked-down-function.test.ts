import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { LockedDownFunction, LockedDownFunctionProps } from "../../../constructs/gcp/locked-down-function";
import { gcpBucketsBlockPublicAccess } from "../../checkers/public-access";
import { gcpBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { validationErrorOf } from "../../helpers/errors";
import { allResources, Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";
import { TerraformStack, Testing } from "cdktf";

const SHA = "9ba2bc80261d111bba0a38b1d04a2fb5871d80287ac51d894f7c8136348f7347";
const ZIP = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ldf-")), "code.zip");
fs.writeFileSync(ZIP, "zip bytes");

function props(scope: TerraformStack, over: Partial<LockedDownFunctionProps> = {}): LockedDownFunctionProps {
  const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
  const kmsKey = new KmsKey(scope, "functions", { purpose: "functions", keyRing });
  return {
    name: "acme-prod-gate-fraud-scoring",
    projectId: "acme-ai-prod",
    location: "europe-west1",
    accountIdPrefix: "gate-fraud-1a2b",
    sourceBucketName: "acme-prod-fn-src-1a2b3c",
    kmsKey,
    usageLogs: { bucketName: "acme-prod-usage-logs" },
    code: { zipPath: ZIP, sha256: SHA },
    entryPoint: "promotionGate",
    trigger: { bucketName: "acme-prod-models-fraud-scoring-abc123" },
    environment: { GATE_REGISTRY: "fraud-scoring" },
    maxInstances: 10,
    ...over,
  };
}

function synthFunction(over: Partial<LockedDownFunctionProps> = {}): Json {
  return synthConstruct((scope) => {
    new LockedDownFunction(scope, "gate", props(scope as TerraformStack, over));
  });
}

const fnRef = (attr: string): RegExp => new RegExp(`^\\$\\{google_cloudfunctions2_function\\.gate_[A-Z0-9]+\\.${attr.replace(/[.[\]]/g, "\\$&")}\\}$`);
const saRef = (which: "Run" | "Bld" | "Trg", attr: string): RegExp => new RegExp(`^\\$\\{google_service_account\\.gate_${which}Account_[A-Z0-9]+\\.${attr}\\}$`);
const saMember = (which: "Run" | "Bld" | "Trg"): RegExp => new RegExp(`^serviceAccount:\\$\\{google_service_account\\.gate_${which}Account_[A-Z0-9]+\\.email\\}$`);
const KEY_REF = /^\$\{google_kms_crypto_key\.functions_[A-Z0-9]+\.id\}$/;

describe("gcp LockedDownFunction", () => {
  const stack = synthFunction();
  const fn = (): Json => onlyResource(stack, "google_cloudfunctions2_function");

  test("three dedicated service accounts: runtime, build and trigger, no keys", () => {
    const accounts = Object.values(resourcesOf(stack, "google_service_account")).map((a) => [a["account_id"], a["project"]]);
    expect(accounts.sort()).toEqual([
      ["gate-fraud-1a2b-bld", "acme-ai-prod"],
      ["gate-fraud-1a2b-run", "acme-ai-prod"],
      ["gate-fraud-1a2b-trg", "acme-ai-prod"],
    ]);
    expect(resourcesOf(stack, "google_service_account_key")).toEqual({});
  });

  test("runs as the runtime account, builds as the separate build account", () => {
    expect(fn()["service_config"]).toMatchObject({ service_account_email: expect.stringMatching(saRef("Run", "email")) });
    expect((fn()["build_config"] as Json)["service_account"]).toMatch(saRef("Bld", "id"));
  });

  test("internal-only ingress, all traffic on the latest revision, bounded instances, one event per instance", () => {
    expect(fn()["service_config"]).toMatchObject({
      ingress_settings: "ALLOW_INTERNAL_ONLY",
      all_traffic_on_latest_revision: true,
      min_instance_count: 0,
      max_instance_count: 10,
      max_instance_request_concurrency: 1,
      timeout_seconds: 540,
      available_memory: "512Mi",
      environment_variables: { GATE_REGISTRY: "fraud-scoring" },
    });
  });

  test("CMEK with the functions key on the function, its image repository and its source bucket", () => {
    expect(fn()["kms_key_name"]).toMatch(KEY_REF);
    const repository = onlyResource(stack, "google_artifact_registry_repository");
    expect(repository).toMatchObject({
      repository_id: "acme-prod-gate-fraud-scoring-build",
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      kms_key_name: expect.stringMatching(KEY_REF),
      docker_config: { immutable_tags: true },
      vulnerability_scanning_config: { enablement_config: "INHERITED" },
      lifecycle: { prevent_destroy: true },
    });
    expect((fn()["build_config"] as Json)["docker_repository"]).toMatch(/^\$\{google_artifact_registry_repository\.gate_ImageRepository_[A-Z0-9]+\.id\}$/);
    expect(gcpBucketsUseCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked: [expect.stringMatching(/^google_storage_bucket\.gate_SourceBucket_[A-Z0-9]+$/)] });
  });

  test("the service agents that encrypt for the function get the functions key and nothing else", () => {
    const grants = Object.values(resourcesOf(stack, "google_kms_crypto_key_iam_member")).map((g) => [g["role"], g["member"]]);
    const agent = (domain: string): RegExp => new RegExp(`^serviceAccount:service-\\$\\{data\\.google_project\\.gate_FunctionAgentsProject_[A-Z0-9]+\\.number\\}@${domain.replace(/\./g, "\\.")}$`);
    expect(grants).toEqual([
      ["roles/cloudkms.cryptoKeyEncrypterDecrypter", expect.stringMatching(agent("gcp-sa-artifactregistry.iam.gserviceaccount.com"))],
      ["roles/cloudkms.cryptoKeyEncrypterDecrypter", expect.stringMatching(agent("serverless-robot-prod.iam.gserviceaccount.com"))],
      ["roles/cloudkms.cryptoKeyEncrypterDecrypter", expect.stringMatching(agent("gcf-admin-robot.iam.gserviceaccount.com"))],
      ["roles/cloudkms.cryptoKeyEncrypterDecrypter", expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\.gate_StorageAgent_[A-Z0-9]+\.email_address\}$/)],
    ]);
    for (const g of Object.values(resourcesOf(stack, "google_kms_crypto_key_iam_member"))) expect(g["crypto_key_id"]).toMatch(KEY_REF);
  });

  test("the source bucket: baseline, versioned, soft delete, usage-logged, noncurrent zips expire, never public", () => {
    expect(onlyResource(stack, "google_storage_bucket")).toMatchObject({
      name: "acme-prod-fn-src-1a2b3c",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      versioning: { enabled: true },
      soft_delete_policy: { retention_duration_seconds: 604800 },
      logging: { log_bucket: "acme-prod-usage-logs", log_object_prefix: "function-source/" },
      lifecycle_rule: [{ action: { type: "Delete" }, condition: { days_since_noncurrent_time: 30, with_state: "ARCHIVED" } }],
      lifecycle: { prevent_destroy: true },
    });
    expect(gcpBucketsBlockPublicAccess(stack).status).toBe("compliant");
  });

  test("the code is an asset uploaded under its sha256, and the build reads that object's generation", () => {
    const object = onlyResource(stack, "google_storage_bucket_object");
    expect(object).toMatchObject({
      name: `${SHA}.zip`,
      content_type: "application/zip",
      source: `assets/function-package-${SHA.slice(0, 16)}/${SHA}/code.zip`,
    });
    expect((fn()["build_config"] as Json)).toMatchObject({
      runtime: "nodejs22",
      entry_point: "promotionGate",
      source: {
        storage_source: {
          bucket: expect.stringMatching(/^\$\{google_storage_bucket\.gate_SourceBucket_[A-Z0-9]+\.name\}$/),
          object: expect.stringMatching(/^\$\{google_storage_bucket_object\.gate_SourceObject_[A-Z0-9]+\.name\}$/),
          generation: expect.stringMatching(/^\$\{google_storage_bucket_object\.gate_SourceObject_[A-Z0-9]+\.generation\}$/),
        },
      },
    });
  });

  test("the Eventarc trigger: finalized objects of the registry bucket, its own identity, retried on failure", () => {
    expect(fn()["event_trigger"]).toEqual({
      event_type: "google.cloud.storage.object.v1.finalized",
      trigger_region: "europe-west1",
      event_filters: [{ attribute: "bucket", value: "acme-prod-models-fraud-scoring-abc123" }],
      service_account_email: expect.stringMatching(saRef("Trg", "email")),
      retry_policy: "RETRY_POLICY_RETRY",
    });
    const noRetry = onlyResource(synthFunction({ trigger: { bucketName: "b-1", retry: false } }), "google_cloudfunctions2_function");
    expect(noRetry["event_trigger"]).toMatchObject({ retry_policy: "RETRY_POLICY_DO_NOT_RETRY" });
  });

  test("the trigger identity invokes this function's service only; no public invoker anywhere", () => {
    const invoker = onlyResource(stack, "google_cloud_run_service_iam_member");
    expect(invoker).toEqual({
      project: "acme-ai-prod",
      location: "europe-west1",
      service: expect.stringMatching(fnRef("service_config[0].service")),
      role: "roles/run.invoker",
      member: expect.stringMatching(saMember("Trg")),
    });
    const members = allResources(stack).flatMap(([, , body]) => [body["member"], ...((body["members"] as unknown[] | undefined) ?? [])]);
    expect(members.filter((m) => m === "allUsers" || m === "allAuthenticatedUsers")).toEqual([]);
  });

  test("project-level grants: exactly the trigger's event receiver, the build's log writer and the storage agent's publisher", () => {
    const project = Object.values(resourcesOf(stack, "google_project_iam_member")).map((g) => [g["role"], g["member"]]);
    expect(project).toEqual([
      ["roles/logging.logWriter", expect.stringMatching(saMember("Bld"))],
      ["roles/pubsub.publisher", expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\.gate_StorageAgentForEvents_[A-Z0-9]+\.email_address\}$/)],
      ["roles/eventarc.eventReceiver", expect.stringMatching(saMember("Trg"))],
    ]);
  });

  test("the build identity reads the source bucket and pushes to the function's repository, nothing else", () => {
    expect(Object.values(resourcesOf(stack, "google_storage_bucket_iam_member")).map((g) => [g["role"], g["member"], g["bucket"]])).toEqual([
      ["roles/storage.objectViewer", expect.stringMatching(saMember("Bld")), expect.stringMatching(/^\$\{google_storage_bucket\.gate_SourceBucket_[A-Z0-9]+\.name\}$/)],
    ]);
    expect(Object.values(resourcesOf(stack, "google_artifact_registry_repository_iam_member")).map((g) => [g["role"], g["member"]])).toEqual([
      ["roles/artifactregistry.writer", expect.stringMatching(saMember("Bld"))],
    ]);
  });

  test("the runtime identity is granted nothing by the function itself", () => {
    const runtimeGrants = allResources(stack).filter(([, , body]) => typeof body["member"] === "string" && saMember("Run").test(body["member"]));
    expect(runtimeGrants).toEqual([]);
  });

  test("two functions on one key share the agents' key grants and the storage agent's publisher grant", () => {
    const two = synthConstruct((scope) => {
      const p = props(scope as TerraformStack);
      new LockedDownFunction(scope, "a", p);
      new LockedDownFunction(scope, "b", { ...p, name: "other-fn", accountIdPrefix: "other-fn", sourceBucketName: "other-fn-src" });
    });
    expect(Object.keys(resourcesOf(two, "google_kms_crypto_key_iam_member"))).toHaveLength(4);
    expect(Object.values(resourcesOf(two, "google_project_iam_member")).filter((g) => g["role"] === "roles/pubsub.publisher")).toHaveLength(1);
    expect(Object.keys(resourcesOf(two, "google_cloudfunctions2_function"))).toHaveLength(2);
  });

  test.each([
    ["name", { name: "Gate_Fraud" }, "GCP_FUNCTION_NAME_INVALID"],
    ["name too long", { name: `a${"b".repeat(49)}` }, "GCP_FUNCTION_NAME_INVALID"],
    ["accountIdPrefix", { accountIdPrefix: "g" }, "GCP_FUNCTION_ACCOUNT_PREFIX_INVALID"],
    ["accountIdPrefix too long", { accountIdPrefix: `g${"a".repeat(26)}` }, "GCP_FUNCTION_ACCOUNT_PREFIX_INVALID"],
    ["sourceBucketName", { sourceBucketName: "UP" }, "GCP_GCS_BUCKET_NAME_INVALID"],
    ["maxInstances 0", { maxInstances: 0 }, "GCP_FUNCTION_MAX_INSTANCES_OUT_OF_RANGE"],
    ["maxInstances 101", { maxInstances: 101 }, "GCP_FUNCTION_MAX_INSTANCES_OUT_OF_RANGE"],
    ["timeoutSeconds 541", { timeoutSeconds: 541 }, "GCP_FUNCTION_TIMEOUT_OUT_OF_RANGE"],
    ["noncurrentCodeDays 0", { noncurrentCodeDays: 0 }, "GCP_FUNCTION_NONCURRENT_DAYS_OUT_OF_RANGE"],
    ["code.sha256", { code: { zipPath: ZIP, sha256: "ABC" } }, "GCP_FUNCTION_CODE_SHA256_INVALID"],
    ["entryPoint", { entryPoint: "" }, "GCP_FUNCTION_ENTRY_POINT_INVALID"],
  ])("refuses a bad %s", (_name, over, code) => {
    const error = validationErrorOf(() => {
      const app = Testing.app();
      const scope = new TerraformStack(app, "t");
      new LockedDownFunction(scope, "gate", props(scope, over as Partial<LockedDownFunctionProps>));
    });
    expect(error.problems.map((p) => p.code)).toEqual([code]);
  });
});
