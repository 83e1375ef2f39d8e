import { TerraformOutput } from "cdktf";
import { ContainerRegistry, ContainerRegistryProps } from "../../../constructs/gcp/container-registry";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const READER = "serviceAccount:fraud-scoring-serving@acme-ai-prod.iam.gserviceaccount.com";
const PUBLISHER = "serviceAccount:fraud-scoring-publisher@acme-ai-prod.iam.gserviceaccount.com";
const TEAM = "group:llm-publishers@example.com";

function synthImages(props: Partial<Omit<ContainerRegistryProps, "kmsKey">> = {}): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
    const kmsKey = new KmsKey(scope, "registry", { purpose: "registry", keyRing });
    new ContainerRegistry(scope, "images", {
      repositoryId: "acme-ai-prod-images",
      projectId: "acme-ai-prod",
      location: "europe-west1",
      kmsKey,
      readerMembers: [READER],
      publisherMembers: [PUBLISHER, TEAM],
      ...props,
    });
  });
}

describe("gcp ContainerRegistry", () => {
  const stack = synthImages();
  const repository = (): Json => onlyResource(stack, "google_artifact_registry_repository");

  test("a standard Docker repository with immutable tags, scanning inherited, CMEK with the registry key, prevent_destroy", () => {
    expect(repository()).toMatchObject({
      repository_id: "acme-ai-prod-images",
      project: "acme-ai-prod",
      location: "europe-west1",
      format: "DOCKER",
      mode: "STANDARD_REPOSITORY",
      kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.registry_[A-Z0-9]+\.id\}$/),
      docker_config: { immutable_tags: true },
      vulnerability_scanning_config: { enablement_config: "INHERITED" },
      labels: { purpose: "model-images" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("cleanup policies keep the last 10 versions and delete untagged ones after 30 days, for real", () => {
    expect(repository()["cleanup_policy_dry_run"]).toBe(false);
    expect(repository()["cleanup_policies"]).toEqual([
      { id: "keep-recent", action: "KEEP", most_recent_versions: { keep_count: 10 } },
      { id: "delete-untagged", action: "DELETE", condition: { tag_state: "UNTAGGED", older_than: "2592000s" } },
    ]);
  });

  test("keepVersions and untaggedExpiryDays set the policies", () => {
    expect(onlyResource(synthImages({ keepVersions: 3, untaggedExpiryDays: 7 }), "google_artifact_registry_repository")["cleanup_policies"]).toEqual([
      { id: "keep-recent", action: "KEEP", most_recent_versions: { keep_count: 3 } },
      { id: "delete-untagged", action: "DELETE", condition: { tag_state: "UNTAGGED", older_than: "604800s" } },
    ]);
  });

  test("the Artifact Registry service agent (from the project number) holds encrypter/decrypter on the registry key, and the repository waits 120 s after it", () => {
    const grant = onlyResource(stack, "google_kms_crypto_key_iam_member");
    expect(grant).toEqual({
      crypto_key_id: repository()["kms_key_name"],
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: expect.stringMatching(/^serviceAccount:service-\$\{data\.google_project\.images_Project_[A-Z0-9]+\.number\}@gcp-sa-artifactregistry\.iam\.gserviceaccount\.com$/),
    });
    const project = Object.values((stack["data"] as Record<string, Record<string, Json>>)["google_project"]!);
    expect(project.map((p) => p["project_id"])).toEqual(["acme-ai-prod"]);
    const sleep = onlyResource(stack, "time_sleep");
    expect(sleep["create_duration"]).toBe("120s");
    expect(sleep["depends_on"]).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.images_ServiceAgentKeyAccess_[A-Z0-9]+$/)]);
    expect(repository()["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.images_ServiceAgentKeyPropagation_[A-Z0-9]+$/)]);
  });

  test("readers pull, publishers push, on this repository by reference, additively", () => {
    const grants = Object.values(resourcesOf(stack, "google_artifact_registry_repository_iam_member"));
    const repo = expect.stringMatching(/^\$\{google_artifact_registry_repository\.images_[A-Z0-9]+\.name\}$/);
    expect(grants).toHaveLength(3);
    expect(grants).toEqual(expect.arrayContaining([
      { project: "acme-ai-prod", location: "europe-west1", repository: repo, role: "roles/artifactregistry.reader", member: READER },
      { project: "acme-ai-prod", location: "europe-west1", repository: repo, role: "roles/artifactregistry.writer", member: PUBLISHER },
      { project: "acme-ai-prod", location: "europe-west1", repository: repo, role: "roles/artifactregistry.writer", member: TEAM },
    ]));
    expect(resourcesOf(stack, "google_artifact_registry_repository_iam_binding")).toEqual({});
    expect(resourcesOf(stack, "google_artifact_registry_repository_iam_policy")).toEqual({});
  });

  test("no principals, no repository grant", () => {
    expect(resourcesOf(synthImages({ readerMembers: [], publisherMembers: [] }), "google_artifact_registry_repository_iam_member")).toEqual({});
  });

  test("prevent_destroy off only when asked", () => {
    expect(onlyResource(synthImages({ preventDestroy: false }), "google_artifact_registry_repository")["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("registryUrl is <region>-docker.pkg.dev/<project>/<repository id by reference>", () => {
    let images: ContainerRegistry | undefined;
    const s = synthConstruct((scope) => {
      const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
      const kmsKey = new KmsKey(scope, "registry", { purpose: "registry", keyRing });
      images = new ContainerRegistry(scope, "images", { repositoryId: "acme-ai-prod-images", projectId: "acme-ai-prod", location: "europe-west1", kmsKey });
      new TerraformOutput(scope, "url", { value: images.registryUrl });
    });
    expect((s["output"] as Record<string, Json>)["url"]!["value"]).toMatch(/^europe-west1-docker\.pkg\.dev\/acme-ai-prod\/\$\{google_artifact_registry_repository\.images_[A-Z0-9]+\.repository_id\}$/);
  });
});

describe("gcp ContainerRegistry validation", () => {
  test.each(["Acme-images", "1images", "images-", "has_underscore", "a".repeat(64), ""])("GCP_ARTIFACT_REPOSITORY_ID_INVALID: %j", (repositoryId) => {
    expect(validationErrorOf(() => synthImages({ repositoryId })).problems.map((p) => [p.code, p.constructPath, p.prop, p.accepted])).toEqual([
      ["GCP_ARTIFACT_REPOSITORY_ID_INVALID", "test/images", "repositoryId", "1-63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit"],
    ]);
  });

  test("a 63-character id and a one-letter id pass", () => {
    expect(onlyResource(synthImages({ repositoryId: `a${"b".repeat(62)}` }), "google_artifact_registry_repository")["repository_id"]).toHaveLength(63);
    expect(onlyResource(synthImages({ repositoryId: "a" }), "google_artifact_registry_repository")["repository_id"]).toBe("a");
  });

  test.each([0, 1001, 2.5])("GCP_IMAGE_KEEP_VERSIONS_OUT_OF_RANGE: %p", (keepVersions) => {
    expect(validationErrorOf(() => synthImages({ keepVersions })).problems.map((p) => [p.code, p.prop, p.accepted])).toEqual([["GCP_IMAGE_KEEP_VERSIONS_OUT_OF_RANGE", "keepVersions", "an integer from 1 to 1000"]]);
  });

  test.each([0, 366])("GCP_IMAGE_UNTAGGED_EXPIRY_OUT_OF_RANGE: %p", (untaggedExpiryDays) => {
    expect(validationErrorOf(() => synthImages({ untaggedExpiryDays })).problems.map((p) => [p.code, p.prop, p.accepted])).toEqual([
      ["GCP_IMAGE_UNTAGGED_EXPIRY_OUT_OF_RANGE", "untaggedExpiryDays", "an integer from 1 to 365"],
    ]);
  });

  test("GCP_IMAGE_REGISTRY_MEMBER_INVALID: a person as reader and the public as publisher, reported together", () => {
    const error = validationErrorOf(() => synthImages({ readerMembers: ["user:alice@example.com"], publisherMembers: [PUBLISHER, "allUsers"] }));
    expect(error.problems.map((p) => [p.code, p.prop, p.value])).toEqual([
      ["GCP_IMAGE_REGISTRY_MEMBER_INVALID", "readerMembers[0]", '"user:alice@example.com"'],
      ["GCP_IMAGE_REGISTRY_MEMBER_INVALID", "publisherMembers[1]", '"allUsers"'],
    ]);
  });
});
