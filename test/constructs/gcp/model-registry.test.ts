import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { ModelRegistry, ModelRegistryProps } from "../../../constructs/gcp/model-registry";
import { ModelRegistrySpec } from "../../../constructs/shared/model-registry-spec";
import { PROTECTION } from "../../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { AiSupplyChainGcp, AiSupplyChainGcpProps } from "../../../modules/ai-supply-chain-gcp";
import { evaluate } from "../../../policies/engine";
import { stackFromSynth } from "../../../policies/load-synth";
import { rule as approvedModelsAreGateOnly } from "../../../policies/rules/gcp/approved-models-are-gate-only";
import { RULES } from "../../../policies/rules";
import { gcpBucketsUseCustomerManagedKeys } from "../../checkers/cmk-encryption";
import { gcpBucketsBlockPublicAccess } from "../../checkers/public-access";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";
import { runCase } from "../../policies/rule-cases";

/* The GCP model registry: its bucket, its prefix-conditioned grants, and the module's registries. */

const SPEC: ModelRegistrySpec = {
  name: "fraud-scoring",
  publishers: ["serviceAccount:publisher@acme-ai-prod.iam.gserviceaccount.com"],
  readers: ["serviceAccount:serving@acme-ai-prod.iam.gserviceaccount.com"],
  lineageTags: ["dataset-digest", "source-commit", "eval-report"],
  approvedRetentionDays: 365,
  incomingExpiryDays: 14,
};
const PUBLISHER = "serviceAccount:publisher@acme-ai-prod.iam.gserviceaccount.com";
const READER = "serviceAccount:serving@acme-ai-prod.iam.gserviceaccount.com";
const GATE = "serviceAccount:gate@acme-ai-prod.iam.gserviceaccount.com";

type Overrides = Partial<Omit<ModelRegistryProps, "kmsKey" | "usageLogs">>;

function synthRegistry(props: Overrides = {}, use: (r: ModelRegistry) => void = () => undefined): Json {
  return synthConstruct((scope) => {
    const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
    const kmsKey = new KmsKey(scope, "key", { purpose: "registry", keyRing });
    const registry = new ModelRegistry(scope, "registry", {
      spec: SPEC,
      bucketName: "acme-ai-prod-models-fraud-scoring-b56e41",
      projectId: "acme-ai-prod",
      location: "europe-west1",
      kmsKey,
      usageLogs: { bucketName: "acme-ai-prod-usage-000000" },
      ...props,
    });
    use(registry);
  });
}

function bucketRefOf(stack: Json): string {
  return `\${google_storage_bucket.${Object.keys(resourcesOf(stack, "google_storage_bucket"))[0]}.name}`;
}

/** The bucket's bindings without cdktf metadata, by condition title (logical ids order them by a hash). */
function bindings(stack: Json): Json[] {
  const key = (b: Json): string => `${String((b["condition"] as Json | undefined)?.["title"])} ${String(b["member"])}`;
  return Object.values(resourcesOf(stack, "google_storage_bucket_iam_member"))
    .map((b) => Object.fromEntries(Object.entries(b).filter(([k]) => k !== "//" && k !== "depends_on")))
    .sort((a, b) => key(a).localeCompare(key(b)));
}

describe("gcp ModelRegistry bucket", () => {
  const stack = synthRegistry();
  const bucket = (): Json => onlyResource(stack, "google_storage_bucket");

  test("#9 baseline: uniform access, public access prevention enforced, Standard class, never force-destroyed, prevent_destroy", () => {
    expect(bucket()).toMatchObject({
      name: "acme-ai-prod-models-fraud-scoring-b56e41",
      project: "acme-ai-prod",
      location: "europe-west1",
      storage_class: "STANDARD",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("#9 CMEK with the registry key, after the storage agent's key grant has propagated", () => {
    expect(bucket()["encryption"]).toEqual({ default_kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.key_[A-Z0-9]+\.id\}$/) });
    expect(bucket()["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.registry_StorageAgentKeyPropagation_[A-Z0-9]+$/)]);
    expect(onlyResource(stack, "google_kms_crypto_key_iam_member")).toMatchObject({
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\.registry_StorageAgent_[A-Z0-9]+\.email_address\}$/),
    });
  });

  test("#9 versioning on, 30 days of soft delete, object retention enabled for the gate's locks, no bucket retention policy", () => {
    expect(bucket()["versioning"]).toEqual({ enabled: true });
    expect(bucket()["soft_delete_policy"]).toEqual({ retention_duration_seconds: 2592000 });
    expect(bucket()["enable_object_retention"]).toBe(true);
    expect(bucket()["retention_policy"]).toBeUndefined();
  });

  test("#9 lifecycle: incoming/ expires after incomingExpiryDays, its noncurrent versions a day later, nothing for approved/", () => {
    expect(bucket()["lifecycle_rule"]).toEqual([
      { action: { type: "Delete" }, condition: { age: 14, matches_prefix: ["incoming/"], with_state: "LIVE" } },
      { action: { type: "Delete" }, condition: { days_since_noncurrent_time: 1, matches_prefix: ["incoming/"], with_state: "ARCHIVED" } },
    ]);
  });

  test("#9 usage logs to the usage-log bucket under models/<registry>/, labels purpose and registry", () => {
    expect(bucket()["logging"]).toEqual({ log_bucket: "acme-ai-prod-usage-000000", log_object_prefix: "models/fraud-scoring/" });
    expect(bucket()["labels"]).toEqual({ purpose: "model-registry", registry: "fraud-scoring" });
  });

  test("#9 soft delete and destroy protection follow their props", () => {
    const relaxed = onlyResource(synthRegistry({ softDeleteRetentionDays: 7, preventDestroy: false }), "google_storage_bucket");
    expect(relaxed["soft_delete_policy"]).toEqual({ retention_duration_seconds: 604800 });
    expect(relaxed["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("#9 without grants and without a gate nobody holds any binding: approved/ is unwritable", () => {
    expect(resourcesOf(stack, "google_storage_bucket_iam_member")).toEqual({});
  });

  test("#9 CMEK and public access controls (test/checkers)", () => {
    const checked = [expect.stringMatching(/^google_storage_bucket\.registry_[A-Z0-9]+$/)];
    expect(gcpBucketsUseCustomerManagedKeys(stack)).toEqual({ status: "compliant", checked });
    expect(gcpBucketsBlockPublicAccess(stack)).toEqual({ status: "compliant", checked });
  });

  test("#9 attributes: approved URI and the gate's settings", () => {
    let registry: ModelRegistry | undefined;
    synthRegistry({}, (r) => (registry = r));
    expect(registry!.approvedUri).toMatch(/^gs:\/\/\$\{TfToken\[TOKEN\.\d+\]\}\/approved\/$/);
    expect([registry!.registryName, registry!.approvedRetentionDays, registry!.lineageTags]).toEqual(["fraud-scoring", 365, ["dataset-digest", "source-commit", "eval-report"]]);
  });
});

describe("gcp ModelRegistry grants", () => {
  test("#9 grantPublish without a model: object-create on incoming/ only, with a stable condition title", () => {
    const stack = synthRegistry({}, (r) => r.grantPublish(PUBLISHER));
    const ref = bucketRefOf(stack);
    expect(bindings(stack)).toEqual([
      {
        bucket: ref,
        role: "roles/storage.objectCreator",
        member: PUBLISHER,
        condition: { title: "publish-incoming", description: "Only objects under incoming/", expression: `resource.name.startsWith("projects/_/buckets/${ref}/objects/incoming/")` },
      },
    ]);
  });

  test("#9 grantPublish with a model: the condition names that model's incoming/ prefix", () => {
    const stack = synthRegistry({}, (r) => r.grantPublish(PUBLISHER, "fraud-model"));
    const ref = bucketRefOf(stack);
    expect(bindings(stack)[0]!["condition"]).toEqual({
      title: "publish-incoming-fraud-model",
      description: "Only objects under incoming/fraud-model/",
      expression: `resource.name.startsWith("projects/_/buckets/${ref}/objects/incoming/fraud-model/")`,
    });
  });

  test("#9 grantRead: object viewer on approved/ (one model's with a model), never incoming/", () => {
    const stack = synthRegistry({}, (r) => {
      r.grantRead(READER);
      r.grantRead("group:llm-serving@example.com", "fraud-model");
    });
    const ref = bucketRefOf(stack);
    expect(bindings(stack)).toEqual([
      {
        bucket: ref,
        role: "roles/storage.objectViewer",
        member: READER,
        condition: { title: "read-approved", description: "Only objects under approved/", expression: `resource.name.startsWith("projects/_/buckets/${ref}/objects/approved/")` },
      },
      {
        bucket: ref,
        role: "roles/storage.objectViewer",
        member: "group:llm-serving@example.com",
        condition: { title: "read-approved-fraud-model", description: "Only objects under approved/fraud-model/", expression: `resource.name.startsWith("projects/_/buckets/${ref}/objects/approved/fraud-model/")` },
      },
    ]);
  });

  test("#9 the gate is the only writer of approved/ and reads incoming/", () => {
    const stack = synthRegistry({ gateMember: GATE });
    const ref = bucketRefOf(stack);
    expect(bindings(stack)).toEqual([
      {
        bucket: ref,
        role: "roles/storage.objectViewer",
        member: GATE,
        condition: { title: "gate-reads-incoming", description: "Only objects under incoming/", expression: `resource.name.startsWith("projects/_/buckets/${ref}/objects/incoming/")` },
      },
      {
        bucket: ref,
        role: "roles/storage.objectCreator",
        member: GATE,
        condition: { title: "gate-writes-approved", description: "Only objects under approved/", expression: `resource.name.startsWith("projects/_/buckets/${ref}/objects/approved/")` },
      },
    ]);
  });

  describe("every binding of a registry with publishers, readers and a gate", () => {
    const stack = synthRegistry({ gateMember: GATE }, (r) => {
      r.grantPublish(PUBLISHER);
      r.grantPublish(PUBLISHER, "fraud-model");
      r.grantRead(READER);
    });
    const all = (): Json[] => bindings(stack);

    test("is additive (iam_member), never authoritative", () => {
      expect(all()).toHaveLength(5);
      expect(resourcesOf(stack, "google_storage_bucket_iam_binding")).toEqual({});
      expect(resourcesOf(stack, "google_storage_bucket_iam_policy")).toEqual({});
    });

    test("carries a prefix condition, writes only under incoming/ except the gate's one binding", () => {
      expect(all().map((b) => [b["role"], b["member"], (b["condition"] as Json | undefined)?.["title"]])).toEqual([
        ["roles/storage.objectViewer", GATE, "gate-reads-incoming"],
        ["roles/storage.objectCreator", GATE, "gate-writes-approved"],
        ["roles/storage.objectCreator", PUBLISHER, "publish-incoming"],
        ["roles/storage.objectCreator", PUBLISHER, "publish-incoming-fraud-model"],
        ["roles/storage.objectViewer", READER, "read-approved"],
      ]);
    });

    test("names no public principal and grants no key role (the storage agent encrypts for them)", () => {
      expect([...new Set(all().map((b) => b["member"]))].sort()).toEqual([GATE, READER, PUBLISHER].sort());
      expect(Object.values(resourcesOf(stack, "google_kms_crypto_key_iam_member")).map((g) => g["member"])).toEqual([
        expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\.registry_StorageAgent_[A-Z0-9]+\.email_address\}$/),
      ]);
    });

    test("passes MODEL-APPROVAL-GATED-GCP, each binding compliant", () => {
      const { findings, tally } = runCase(approvedModelsAreGateOnly, { name: "registry", stack });
      expect(findings.map((f) => f.message)).toEqual([]);
      expect(tally?.compliant).toBe(6); // the bucket and its 5 bindings
    });
  });

  test("#9 a repeated grant returns the same binding", () => {
    const stack = synthRegistry({}, (r) => {
      expect(r.grantPublish(PUBLISHER)).toBe(r.grantPublish(PUBLISHER));
    });
    expect(bindings(stack)).toHaveLength(1);
  });
});

describe("gcp ModelRegistry validation", () => {
  const codes = (build: () => unknown): string[][] => validationErrorOf(build).problems.map((p) => [p.code, p.prop, p.value]);

  test("GCP_REGISTRY_NAME_INVALID and GCP_GCS_BUCKET_NAME_INVALID, reported together", () => {
    expect(codes(() => synthRegistry({ spec: { ...SPEC, name: "Fraud" }, bucketName: "goog-models" }))).toEqual([
      ["GCP_REGISTRY_NAME_INVALID", "spec.name", '"Fraud"'],
      ["GCP_GCS_BUCKET_NAME_INVALID", "bucketName", '"goog-models"'],
    ]);
  });

  test("GCP_REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE and GCP_REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE", () => {
    expect(codes(() => synthRegistry({ spec: { ...SPEC, incomingExpiryDays: 0, approvedRetentionDays: 36501 } }))).toEqual([
      ["GCP_REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE", "spec.incomingExpiryDays", "0"],
      ["GCP_REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE", "spec.approvedRetentionDays", "36501"],
    ]);
  });

  test("GCP_REGISTRY_SOFT_DELETE_OUT_OF_RANGE below 7 and above 90 days", () => {
    expect(codes(() => synthRegistry({ softDeleteRetentionDays: 6 }))).toEqual([["GCP_REGISTRY_SOFT_DELETE_OUT_OF_RANGE", "softDeleteRetentionDays", "6"]]);
    expect(codes(() => synthRegistry({ softDeleteRetentionDays: 91 }))).toEqual([["GCP_REGISTRY_SOFT_DELETE_OUT_OF_RANGE", "softDeleteRetentionDays", "91"]]);
  });

  test("GCP_REGISTRY_MEMBER_INVALID for a public gate and for a person as publisher", () => {
    expect(codes(() => synthRegistry({ gateMember: "allUsers" }))).toEqual([["GCP_REGISTRY_MEMBER_INVALID", "gateMember", '"allUsers"']]);
    expect(codes(() => synthRegistry({}, (r) => r.grantPublish("user:alice@example.com")))).toEqual([["GCP_REGISTRY_MEMBER_INVALID", "member", '"user:alice@example.com"']]);
    expect(codes(() => synthRegistry({}, (r) => r.grantRead("allAuthenticatedUsers")))).toEqual([["GCP_REGISTRY_MEMBER_INVALID", "member", '"allAuthenticatedUsers"']]);
  });

  test("GCP_REGISTRY_MODEL_NAME_INVALID for a model that could match another model's prefix", () => {
    expect(codes(() => synthRegistry({}, (r) => r.grantPublish(PUBLISHER, "fraud/other")))).toEqual([["GCP_REGISTRY_MODEL_NAME_INVALID", "model", '"fraud/other"']]);
    expect(codes(() => synthRegistry({}, (r) => r.grantRead(READER, "*")))).toEqual([["GCP_REGISTRY_MODEL_NAME_INVALID", "model", '"*"']]);
  });
});

describe("gcp module registries", () => {
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
    keyAdminMembers: [],
    registries: [SPEC, { ...SPEC, name: "llm-adapters", publishers: ["group:llm-publishers@example.com"], readers: [READER], incomingExpiryDays: 7 }],
  };
  let module: AiSupplyChainGcp | undefined;
  const stack = synthConstruct((scope) => (module = new AiSupplyChainGcp(scope, "supply-chain", PROPS)));
  const registryBuckets = (s: Json): Json[] => Object.values(resourcesOf(s, "google_storage_bucket")).filter((b) => (b["labels"] as Json)["purpose"] === "model-registry");

  test("#9 one bucket per registry, in the environment's project, with its expiry", () => {
    expect(registryBuckets(stack).map((b) => [b["name"], b["project"], (b["lifecycle_rule"] as Json[])[0]])).toEqual([
      ["acme-ai-prod-models-fraud-scoring-b56e41", "acme-ai-prod", { action: { type: "Delete" }, condition: { age: 14, matches_prefix: ["incoming/"], with_state: "LIVE" } }],
      ["acme-ai-prod-models-llm-adapters-b56e41", "acme-ai-prod", { action: { type: "Delete" }, condition: { age: 7, matches_prefix: ["incoming/"], with_state: "LIVE" } }],
    ]);
    expect(module!.registries.map((r) => r.registryName)).toEqual(["fraud-scoring", "llm-adapters"]);
  });

  test("#9 publishers and readers are granted on their registry", () => {
    // The promotion gates' own grants are pinned in gcp-gate-permissions.test.ts.
    const notGate = (b: Json): boolean => !String(b["member"]).includes("google_service_account.");
    expect(Object.values(resourcesOf(stack, "google_storage_bucket_iam_member")).filter((b) => b["condition"] !== undefined && notGate(b)).map((b) => [b["member"], b["role"], (b["condition"] as Json)["title"]])).toEqual([
      [PUBLISHER, "roles/storage.objectCreator", "publish-incoming"],
      [READER, "roles/storage.objectViewer", "read-approved"],
      ["group:llm-publishers@example.com", "roles/storage.objectCreator", "publish-incoming"],
      [READER, "roles/storage.objectViewer", "read-approved"],
    ]);
  });

  test("#9 one usage-log bucket for the registries, encrypted with the logs key, each registry logging into it by reference", () => {
    const usage = Object.entries(resourcesOf(stack, "google_storage_bucket")).filter(([, b]) => (b["labels"] as Json)["purpose"] === "usage-logs");
    expect(usage.map(([, b]) => [b["name"], (b["retention_policy"] as Json)["is_locked"], (b["encryption"] as Json)["default_kms_key_name"]])).toEqual([
      ["acme-ai-prod-usage-25a44f", true, expect.stringMatching(/^\$\{google_kms_crypto_key\.supply-chain_keys_logs_[A-Z0-9]+\.id\}$/)],
    ]);
    expect(registryBuckets(stack).map((b) => b["logging"])).toEqual([
      { log_bucket: `\${google_storage_bucket.${usage[0]![0]}.name}`, log_object_prefix: "models/fraud-scoring/" },
      { log_bucket: `\${google_storage_bucket.${usage[0]![0]}.name}`, log_object_prefix: "models/llm-adapters/" },
    ]);
  });

  test("#9 the registries' key grant belongs to the registries group, not to the first registry", () => {
    expect(Object.keys(resourcesOf(stack, "time_sleep")).filter((k) => k.startsWith("supply-chain_registries"))).toEqual([expect.stringMatching(/^supply-chain_registries_StorageAgentKeyPropagation_[A-Z0-9]+$/)]);
  });

  test("#9 data-access audit logs (DATA_READ, DATA_WRITE) cover Cloud Storage in the registries' project", () => {
    const storage = Object.values(resourcesOf(stack, "google_project_iam_audit_config")).filter((c) => c["service"] === "storage.googleapis.com");
    expect(storage.map((c) => [c["project"], (c["audit_log_config"] as Json[]).map((l) => l["log_type"])])).toEqual([["acme-ai-prod", ["ADMIN_READ", "DATA_READ", "DATA_WRITE"]]]);
  });

  test("#9 outputs: each registry's bucket and approved URI, with descriptions", () => {
    const outputs = module!.outputs.filter((o) => o.id.startsWith("registry-"));
    expect(outputs.map((o) => [o.id, o.sensitive])).toEqual([
      ["registry-fraud-scoring-bucket", undefined],
      ["registry-fraud-scoring-uri", undefined],
      ["registry-llm-adapters-bucket", undefined],
      ["registry-llm-adapters-uri", undefined],
    ]);
    expect(outputs.map((o) => o.value)).toEqual([
      module!.registries[0]!.bucketName,
      expect.stringMatching(/^gs:\/\/\$\{TfToken\[TOKEN\.\d+\]\}\/approved\/$/),
      module!.registries[1]!.bucketName,
      expect.stringMatching(/^gs:\/\/\$\{TfToken\[TOKEN\.\d+\]\}\/approved\/$/),
    ]);
    expect(outputs.map((o) => o.description.length > 20)).toEqual([true, true, true, true]);
  });

  test("#9 the module's stack passes every policy rule on the registries' resources", () => {
    const evaluation = evaluate({ stacks: [stackFromSynth("gcp-prod", "cdk.tf.json", stack)] }, { now: new Date("2026-12-01T12:00:00Z"), rules: RULES });
    // Cost labels come from the stack's provider (default_labels), which this module-only stack lacks.
    const mine = evaluation.findings.filter((f) => /supply-chain_registr/.test(f.address) && f.ruleId !== "COST-TAGS-GCP");
    expect(mine.map((f) => `${f.ruleId} ${f.address}: ${f.message}`)).toEqual([]);
    expect(evaluation.tallies.filter((t) => t.ruleId === "MODEL-APPROVAL-GATED-GCP").map((t) => t.compliant)).toEqual([14]); // 2 buckets + 4 publisher/reader bindings + 4 gate bindings per registry
  });

  test("#9 with an evidence project the registries stay in the environment's project; the usage logs use the registry key", () => {
    const evidence = synthConstruct((scope) => new AiSupplyChainGcp(scope, "supply-chain", { ...PROPS, evidence: { projectId: "acme-ai-evidence" } }));
    expect(registryBuckets(evidence).map((b) => [b["name"], b["project"]])).toEqual([
      ["acme-ai-prod-models-fraud-scoring-b56e41", "acme-ai-prod"],
      ["acme-ai-prod-models-llm-adapters-b56e41", "acme-ai-prod"],
    ]);
    const usage = Object.values(resourcesOf(evidence, "google_storage_bucket")).filter((b) => (b["labels"] as Json)["purpose"] === "usage-logs");
    expect(usage.map((b) => [b["project"], (b["encryption"] as Json)["default_kms_key_name"]])).toEqual([["acme-ai-prod", expect.stringMatching(/^\$\{google_kms_crypto_key\.supply-chain_keys_registry_[A-Z0-9]+\.id\}$/)]]);
    const storage = Object.values(resourcesOf(evidence, "google_project_iam_audit_config")).filter((c) => c["service"] === "storage.googleapis.com");
    expect(storage.map((c) => [c["project"], (c["audit_log_config"] as Json[]).map((l) => l["log_type"])])).toEqual([["acme-ai-prod", ["ADMIN_READ", "DATA_READ", "DATA_WRITE"]]]);
    const evaluation = evaluate({ stacks: [stackFromSynth("gcp-prod", "cdk.tf.json", evidence)] }, { now: new Date("2026-12-01T12:00:00Z"), rules: RULES });
    const mine = evaluation.findings.filter((f) => /supply-chain_registr/.test(f.address) && f.ruleId !== "COST-TAGS-GCP");
    expect(mine.map((f) => `${f.ruleId} ${f.address}: ${f.message}`)).toEqual([]);
  });

  test("#9 without registries: no registry bucket, no usage-log bucket, no registry output", () => {
    let bare: AiSupplyChainGcp | undefined;
    const s = synthConstruct((scope) => (bare = new AiSupplyChainGcp(scope, "supply-chain", { ...PROPS, registries: [] })));
    expect(Object.values(resourcesOf(s, "google_storage_bucket")).map((b) => (b["labels"] as Json)["purpose"])).toEqual(["logs"]);
    expect(bare!.registries).toEqual([]);
    expect(bare!.outputs.filter((o) => o.id.startsWith("registry-"))).toEqual([]);
  });
});
