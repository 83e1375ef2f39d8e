import { TerraformStack } from "cdktf";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { ModelRegistry } from "../../../constructs/gcp/model-registry";
import { ObjectRetentionRole } from "../../../constructs/gcp/object-retention-role";
import { grantPrefixCreateAndReadOn } from "../../../constructs/gcp/immutable-log-bucket";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const GATE = "serviceAccount:gate@acme-ai-prod.iam.gserviceaccount.com";

function registryWithGate(): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
    const kmsKey = new KmsKey(scope, "registry", { purpose: "registry", keyRing });
    const role = new ObjectRetentionRole(scope, "retention", { projectId: "acme-ai-prod", roleId: "promotionGateApprovedRetention" });
    const registry = new ModelRegistry(scope, "fraud", {
      spec: { name: "fraud-scoring", publishers: [], readers: [], lineageTags: ["dataset-digest"], approvedRetentionDays: 365, incomingExpiryDays: 14 },
      bucketName: "acme-prod-models-fraud-scoring",
      projectId: "acme-ai-prod",
      location: "europe-west1",
      kmsKey,
      usageLogs: { bucketName: "acme-prod-usage" },
    });
    registry.grantGate(GATE, role);
    // Repeating the call returns the same bindings.
    registry.grantGate(GATE, role);
  });
}

describe("gcp ObjectRetentionRole and ModelRegistry.grantGate", () => {
  const stack = registryWithGate();

  test("the custom role: get, setRetention and update only; no delete, no overrideUnlockedRetention", () => {
    expect(onlyResource(stack, "google_project_iam_custom_role")).toMatchObject({
      project: "acme-ai-prod",
      role_id: "promotionGateApprovedRetention",
      permissions: ["storage.objects.get", "storage.objects.setRetention", "storage.objects.update"],
      stage: "GA",
    });
  });

  test("grantGate: read incoming/, create and lock approved/ (title gate-writes-approved), list the bucket; each once", () => {
    const bucket = "${google_storage_bucket.fraud_0D50E5A0.name}";
    const grants = Object.values(resourcesOf(stack, "google_storage_bucket_iam_member")).map((g) => [g["role"], g["member"], (g["condition"] as Json | undefined)?.["title"] ?? null, (g["condition"] as Json | undefined)?.["expression"] ?? null]);
    const under = (prefix: string): string => `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${prefix}")`;
    expect(grants.sort()).toEqual([
      ["projects/acme-ai-prod/roles/promotionGateApprovedRetention", GATE, "gate-writes-approved", under("approved/")],
      ["roles/storage.legacyBucketReader", GATE, null, null],
      ["roles/storage.objectCreator", GATE, "gate-writes-approved", under("approved/")],
      ["roles/storage.objectViewer", GATE, "gate-reads-incoming", under("incoming/")],
    ]);
    const locks = Object.values(resourcesOf(stack, "google_storage_bucket_iam_member")).find((g) => String(g["role"]).includes("/roles/"))!;
    expect(locks["depends_on"]).toEqual([expect.stringMatching(/^google_project_iam_custom_role\.retention_[A-Z0-9]+$/)]);
  });

  test("grantPrefixCreateAndReadOn: create and read under the prefix only", () => {
    const s = synthConstruct((scope) => {
      grantPrefixCreateAndReadOn("prod-logs", GATE, "provenance/", scope, "Records");
    });
    expect(Object.values(resourcesOf(s, "google_storage_bucket_iam_member")).map((g) => [g["bucket"], g["role"], g["member"], g["condition"]])).toEqual([
      ["prod-logs", "roles/storage.objectCreator", GATE, { title: "create-provenance", description: "Only objects under provenance/", expression: 'resource.name.startsWith("projects/_/buckets/prod-logs/objects/provenance/")' }],
      ["prod-logs", "roles/storage.objectViewer", GATE, { title: "read-provenance", description: "Only objects under provenance/", expression: 'resource.name.startsWith("projects/_/buckets/prod-logs/objects/provenance/")' }],
    ]);
  });

  test.each(["ab", "has-hyphen", "x".repeat(65)])("GCP_CUSTOM_ROLE_ID_INVALID: %j", (roleId) => {
    const error = validationErrorOf(() => synthConstruct((scope) => new ObjectRetentionRole(scope as TerraformStack, "retention", { projectId: "acme-ai-prod", roleId })));
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([["GCP_CUSTOM_ROLE_ID_INVALID", "roleId"]]);
  });

  test("GCP_REGISTRY_MEMBER_INVALID: grantGate to a person", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) => {
        const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
        const kmsKey = new KmsKey(scope, "registry", { purpose: "registry", keyRing });
        const role = new ObjectRetentionRole(scope, "retention", { projectId: "acme-ai-prod", roleId: "promotionGateApprovedRetention" });
        new ModelRegistry(scope, "fraud", {
          spec: { name: "fraud-scoring", publishers: [], readers: [], lineageTags: ["dataset-digest"], approvedRetentionDays: 365, incomingExpiryDays: 14 },
          bucketName: "acme-prod-models-fraud-scoring", projectId: "acme-ai-prod", location: "europe-west1", kmsKey, usageLogs: { bucketName: "acme-prod-usage" },
        }).grantGate("user:alice@example.com", role);
      }),
    );
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([["GCP_REGISTRY_MEMBER_INVALID", "member"]]);
  });
});
