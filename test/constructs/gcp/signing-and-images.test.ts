import { TerraformOutput } from "cdktf";
import { ModelRegistrySpec } from "../../../constructs/shared/model-registry-spec";
import { PROTECTION } from "../../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { AiSupplyChainGcp, AiSupplyChainGcpProps, gcpEnvironmentApis } from "../../../modules/ai-supply-chain-gcp";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/* The GCP module's model-signing key and image repository, built without the config loader. */

const SHARED_PUBLISHER = "serviceAccount:ci-publisher@acme-ai-prod.iam.gserviceaccount.com";
const REGISTRIES: ModelRegistrySpec[] = [
  {
    name: "fraud-scoring",
    publishers: ["serviceAccount:fraud-scoring-publisher@acme-ai-prod.iam.gserviceaccount.com", SHARED_PUBLISHER],
    readers: ["serviceAccount:fraud-scoring-serving@acme-ai-prod.iam.gserviceaccount.com"],
    lineageTags: ["dataset-digest", "source-commit", "eval-report"],
    approvedRetentionDays: 365,
    incomingExpiryDays: 14,
  },
  {
    name: "llm-adapters",
    publishers: ["group:llm-publishers@example.com", SHARED_PUBLISHER],
    readers: ["serviceAccount:llm-serving@acme-ai-prod.iam.gserviceaccount.com"],
    lineageTags: ["dataset-digest", "source-commit", "eval-report"],
    approvedRetentionDays: 30,
    incomingExpiryDays: 7,
  },
];

const PROPS: AiSupplyChainGcpProps = {
  organization: "acme-ai",
  environment: "prod",
  keyRotationDays: 90,
  protection: PROTECTION.strict,
  logs: { retentionTier: RETENTION_TIER_PRESETS["compliance-7y"], lockRetention: true },
  monitoring: { gateRejectionsPerHour: 5, costAnomalyThresholdUsd: 100 },
  projectId: "acme-ai-prod",
  region: "europe-west1",
  labels: { environment: "prod" },
  keyAdminMembers: ["group:kms-admins@example.com"],
  registries: REGISTRIES,
};

/** The module in a test stack, with its outputs emitted as the stack does. */
function synthModule(props: AiSupplyChainGcpProps = PROPS): Json {
  return synthConstruct((scope) => {
    const module = new AiSupplyChainGcp(scope, "supply-chain", props);
    for (const { id, value, description } of module.outputs) new TerraformOutput(scope, id, { value, description });
  });
}

function signingKeyOf(stack: Json): [string, Json] {
  // The gates' attestation key is the other ASYMMETRIC_SIGN key (gcp-gate-permissions.test.ts).
  const keys = Object.entries(resourcesOf(stack, "google_kms_crypto_key")).filter(([, k]) => k["purpose"] === "ASYMMETRIC_SIGN" && k["name"] === "signing");
  expect(keys).toHaveLength(1);
  return keys[0]!;
}

/** The model-serving image repository (each gate function has its own build repository besides). */
function imageRepository(stack: Json): Json {
  const repos = Object.values(resourcesOf(stack, "google_artifact_registry_repository")).filter((r) => (r["labels"] as Json)["purpose"] === "model-images");
  expect(repos).toHaveLength(1);
  return repos[0]!;
}

function grantsOn(stack: Json, keyId: string): Array<[unknown, unknown]> {
  return Object.values(resourcesOf(stack, "google_kms_crypto_key_iam_member"))
    .filter((g) => g["crypto_key_id"] === `\${google_kms_crypto_key.${keyId}.id}`)
    .map((g) => [g["role"], g["member"]] as [unknown, unknown])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("AiSupplyChainGcp signing key and images", () => {
  const stack = synthModule();

  test("one signing key in the environment's ring, the strict protection's 30-day window and prevent_destroy", () => {
    const [, key] = signingKeyOf(stack);
    expect(key).toMatchObject({
      name: "signing",
      key_ring: expect.stringMatching(/^\$\{google_kms_key_ring\.supply-chain_key-ring_[A-Z0-9]+\.id\}$/),
      destroy_scheduled_duration: "2592000s",
      version_template: { algorithm: "EC_SIGN_P256_SHA256", protection_level: "HSM" },
      lifecycle: { prevent_destroy: true },
    });
    expect(key["rotation_period"]).toBeUndefined();
  });

  test("the union of the registries' publishers may sign, each once; nobody else is granted on the signing key", () => {
    const [id] = signingKeyOf(stack);
    expect(grantsOn(stack, id)).toEqual([
      ["roles/cloudkms.publicKeyViewer", "group:llm-publishers@example.com"],
      ["roles/cloudkms.publicKeyViewer", "serviceAccount:ci-publisher@acme-ai-prod.iam.gserviceaccount.com"],
      ["roles/cloudkms.publicKeyViewer", "serviceAccount:fraud-scoring-publisher@acme-ai-prod.iam.gserviceaccount.com"],
      ["roles/cloudkms.signer", "group:llm-publishers@example.com"],
      ["roles/cloudkms.signer", "serviceAccount:ci-publisher@acme-ai-prod.iam.gserviceaccount.com"],
      ["roles/cloudkms.signer", "serviceAccount:fraud-scoring-publisher@acme-ai-prod.iam.gserviceaccount.com"],
    ]);
  });

  test("the image repository: <org>-<env>-images, CMEK with the environment's registry key, immutable tags", () => {
    expect(imageRepository(stack)).toMatchObject({
      repository_id: "acme-ai-prod-images",
      project: "acme-ai-prod",
      location: "europe-west1",
      format: "DOCKER",
      kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.supply-chain_keys_registry_[A-Z0-9]+\.id\}$/),
      docker_config: { immutable_tags: true },
      vulnerability_scanning_config: { enablement_config: "INHERITED" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("every registry's readers pull and publishers push, each once", () => {
    const grants = Object.values(resourcesOf(stack, "google_artifact_registry_repository_iam_member"))
      .filter((g) => String(g["repository"]).includes("supply-chain_container-registry_"))
      .map((g) => [g["role"], g["member"]])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(grants).toEqual([
      ["roles/artifactregistry.reader", "serviceAccount:fraud-scoring-serving@acme-ai-prod.iam.gserviceaccount.com"],
      ["roles/artifactregistry.reader", "serviceAccount:llm-serving@acme-ai-prod.iam.gserviceaccount.com"],
      ["roles/artifactregistry.writer", "group:llm-publishers@example.com"],
      ["roles/artifactregistry.writer", "serviceAccount:ci-publisher@acme-ai-prod.iam.gserviceaccount.com"],
      ["roles/artifactregistry.writer", "serviceAccount:fraud-scoring-publisher@acme-ai-prod.iam.gserviceaccount.com"],
    ]);
  });

  test("Artifact Registry's data-access audit logs are on", () => {
    const configs = Object.values(resourcesOf(stack, "google_project_iam_audit_config")).filter((c) => c["service"] === "artifactregistry.googleapis.com");
    expect(configs.map((c) => [c["project"], c["audit_log_config"]])).toEqual([["acme-ai-prod", [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }]]]);
  });

  test("the repository and its IAM depend on the Artifact Registry and Container Scanning APIs", () => {
    expect(imageRepository(stack)["depends_on"]).toEqual(
      expect.arrayContaining([expect.stringMatching(/^google_project_service\.supply-chain_apis_artifactregistry_[A-Z0-9]+$/), expect.stringMatching(/^google_project_service\.supply-chain_apis_containerscanning_[A-Z0-9]+$/)]),
    );
  });

  test("outputs: signing-key, signing-public-key (version 1's PEM) and image-registry, with descriptions", () => {
    const outputs = stack["output"] as Record<string, Json>;
    const [keyId] = signingKeyOf(stack);
    expect(outputs["signing-key"]!["value"]).toBe(`\${google_kms_crypto_key.${keyId}.id}`);
    expect(outputs["signing-public-key"]!["value"]).toMatch(/^\$\{data\.google_kms_crypto_key_version\.supply-chain_signing-key_PublicKey_[A-Z0-9]+\.public_key\[0\]\.pem\}$/);
    expect(outputs["image-registry"]!["value"]).toMatch(/^europe-west1-docker\.pkg\.dev\/acme-ai-prod\/\$\{google_artifact_registry_repository\.supply-chain_container-registry_[A-Z0-9]+\.repository_id\}$/);
    for (const id of ["signing-key", "signing-public-key", "image-registry"]) expect(outputs[id]!["description"]).toEqual(expect.stringMatching(/\S{10,}/));
    expect(outputs["signing-public-key"]!["sensitive"]).toBeUndefined();
  });

  test("standard protection: 7-day window, no prevent_destroy on the signing key and the repository", () => {
    const s = synthModule({ ...PROPS, protection: PROTECTION.standard });
    expect(signingKeyOf(s)[1]).toMatchObject({ destroy_scheduled_duration: "604800s", lifecycle: { prevent_destroy: false } });
    expect(imageRepository(s)["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("without registries there is no signing key, no repository and no output for them: nobody could sign or push", () => {
    const s = synthModule({ ...PROPS, registries: [] });
    expect(Object.values(resourcesOf(s, "google_kms_crypto_key")).filter((k) => k["purpose"] === "ASYMMETRIC_SIGN")).toEqual([]);
    expect(resourcesOf(s, "google_artifact_registry_repository")).toEqual({});
    expect(resourcesOf(s, "google_artifact_registry_repository_iam_member")).toEqual({});
  });
});

test("gcpEnvironmentApis: Artifact Registry and Container Scanning on every environment, budgets only with a budget", () => {
  expect(gcpEnvironmentApis(false)).toEqual([
    "cloudkms.googleapis.com",
    "storage.googleapis.com",
    "logging.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "artifactregistry.googleapis.com",
    "containerscanning.googleapis.com",
  ]);
  expect(gcpEnvironmentApis(true).slice(-2)).toEqual(["monitoring.googleapis.com", "billingbudgets.googleapis.com"]);
  // With registries, the promotion gates' APIs: IAM (their accounts), Cloud Functions, Cloud Build, Cloud Run, Eventarc, Pub/Sub.
  expect(gcpEnvironmentApis(false, true).slice(6)).toEqual([
    "iam.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudbuild.googleapis.com",
    "run.googleapis.com",
    "eventarc.googleapis.com",
    "pubsub.googleapis.com",
  ]);
});

test("a GitOps bootstrap adds the Kubernetes Engine API, which its cluster lookup calls", () => {
  expect(gcpEnvironmentApis(false, false, true).slice(-1)).toEqual(["container.googleapis.com"]);
  expect(gcpEnvironmentApis(false, false, false)).not.toContain("container.googleapis.com");
});
