import { TerraformStack, Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { standardTags } from "../../constructs/shared/tags";
import { buildBlueprint } from "../../stacks/blueprint";
import { wireEvidenceGcp } from "../../stacks/evidence-gcp";
import { validationErrorOf } from "../helpers/errors";
import { LiteralReference, literalReferences } from "../helpers/literal-references";
import { DEFAULT_STACKS, Json, ResourceMap, allResources, defaultConfig, onlyResource, resourcesOf, synthApp } from "../helpers/synth";

/*
 * #15 (issue 6) on GCP: with clouds.gcp.evidence set, every GCP environment's logs key and
 * write-once log bucket live in the evidence project (stack evidence-gcp), the environments'
 * sinks deliver there across the project boundary, and the environment stacks hold no key,
 * bucket or grant of their evidence. The default configuration (no evidence) is pinned by the
 * snapshots of test/stacks/blueprint.test.ts, which this file does not touch.
 */

const EVIDENCE_PROJECT = "acme-ai-evidence";

/** The default configuration without `ci`, whose grants test/stacks/ci-publishers.test.ts pins. */
function withoutCi(): BlueprintConfig {
  const config = defaultConfig();
  delete (config as { ci?: unknown }).ci;
  return config;
}

/** That configuration with an evidence project. */
function withEvidence(): BlueprintConfig {
  const config = withoutCi();
  return { ...config, clouds: { ...config.clouds, gcp: { ...config.clouds.gcp!, evidence: { projectId: EVIDENCE_PROJECT, region: "europe-west1" } } } };
}

const stacks = new Map([...synthApp("gcp-evidence", withEvidence())].map(([name, json]) => [name, JSON.parse(json) as Json]));
const stack = (name: string): Json => stacks.get(name)!;
const evidence = stack("evidence-gcp");

function dataOf(s: Json, type: string): ResourceMap {
  return ((s["data"] ?? {}) as Record<string, ResourceMap>)[type] ?? {};
}

/** A body without cdktf's `//` metadata. */
function bare(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== "//"));
}

/** The one resource of `type` whose logical id starts with `prefix`, as [id, body]. */
function one(s: Json, type: string, prefix: string): [string, Json] {
  const found = Object.entries(resourcesOf(s, type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return found[0]!;
}

function oneData(s: Json, type: string, prefix: string): [string, Json] {
  const found = Object.entries(dataOf(s, type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one data.${type} ${prefix}*, found ${found.length}`);
  return found[0]!;
}

test("#15 the evidence layout adds evidence-gcp after state-backend-gcp and before the GCP environments", () => {
  const names = buildBlueprint(Testing.app(), withEvidence()).map((s) => s.node.id);
  expect(names.filter((n) => n.includes("gcp"))).toEqual(["state-backend-gcp", "evidence-gcp", "gcp-dev", "gcp-prod", "evidence-gates-gcp"]);
  expect([...stacks.keys()].sort()).toEqual([...DEFAULT_STACKS.filter((n) => !n.startsWith("ci-")), "evidence-gcp", "evidence-gates-gcp"].sort());
});

test("#15 the default configuration has no evidence stack", () => {
  const names = buildBlueprint(Testing.app(), defaultConfig()).map((s) => s.node.id);
  expect(names).not.toContain("evidence-gcp");
});

describe("evidence-gcp", () => {
  test("#15 deploys into the evidence project, labelled environment=evidence, with its state in the GCP backend", () => {
    const provider = ((evidence["provider"] as Record<string, Json[]>)["google"]!)[0]!;
    expect(provider["project"]).toBe("acme-ai-evidence");
    expect(provider["region"]).toBe("europe-west1");
    expect((provider["default_labels"] as Json)["environment"]).toBe("evidence");
    expect((evidence["terraform"] as Json)["backend"]).toEqual({ local: { path: "../../../../../terraform.evidence-gcp.tfstate" } });
  });

  test("#15 #10 enables the four APIs it calls in the evidence project, never disabled on destroy", () => {
    expect(Object.values(resourcesOf(evidence, "google_project_service")).map((p) => [p["project"], p["service"], p["disable_on_destroy"]])).toEqual([
      ["acme-ai-evidence", "cloudkms.googleapis.com", false],
      ["acme-ai-evidence", "cloudresourcemanager.googleapis.com", false],
      ["acme-ai-evidence", "logging.googleapis.com", false],
      ["acme-ai-evidence", "storage.googleapis.com", false],
    ]);
  });

  test("#15 #6 one key ring per environment: prod (strict) fixed and protected, dev (standard) rebuildable", () => {
    const [, prodRing] = one(evidence, "google_kms_key_ring", "evidence_prod_key-ring_");
    const [, devRing] = one(evidence, "google_kms_key_ring", "evidence_dev_key-ring_");
    const [staticId] = one(evidence, "time_static", "evidence_dev_key-ring_Created_");
    expect(bare(prodRing)).toMatchObject({ name: "acme-ai-prod", project: "acme-ai-evidence", location: "europe-west1", lifecycle: { prevent_destroy: true } });
    expect(bare(devRing)).toMatchObject({ name: `acme-ai-dev-\${time_static.${staticId}.unix}`, project: "acme-ai-evidence", lifecycle: { prevent_destroy: false } });
    expect(Object.keys(resourcesOf(evidence, "time_static"))).toHaveLength(1);
  });

  test.each([
    ["prod", true, "2592000s"],
    ["dev", false, "604800s"],
  ] as const)("#15 the %s logs key: HSM, rotated every 90 days, the environment's deletion window and protection", (env, strict, window) => {
    const [ringId] = one(evidence, "google_kms_key_ring", `evidence_${env}_key-ring_`);
    const [, key] = one(evidence, "google_kms_crypto_key", `evidence_${env}_logs-key_`);
    expect(bare(key)).toEqual({
      name: "logs",
      key_ring: `\${google_kms_key_ring.${ringId}.id}`,
      purpose: "ENCRYPT_DECRYPT",
      rotation_period: "7776000s",
      destroy_scheduled_duration: window,
      version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "HSM" },
      labels: { purpose: "logs" },
      lifecycle: { prevent_destroy: strict },
      depends_on: [expect.stringMatching(/^google_project_service\.evidence_apis_cloudkms_[A-Z0-9]+$/)],
    });
  });

  test.each([
    ["prod", true, 2557],
    ["dev", false, 90],
  ] as const)("#15 the %s log bucket: named for the evidence project, the environment's tier and lock, CMEK with its logs key", (env, locked, days) => {
    const [keyId] = one(evidence, "google_kms_crypto_key", `evidence_${env}_logs-key_`);
    const [, bucket] = one(evidence, "google_storage_bucket", `evidence_${env}_log-bucket_`);
    expect(bucket).toMatchObject({
      name: `acme-ai-${env}-logs-acme-ai-evidence`,
      project: "acme-ai-evidence",
      location: "europe-west1",
      retention_policy: { retention_period: days * 86400, is_locked: locked },
      encryption: { default_kms_key_name: `\${google_kms_crypto_key.${keyId}.id}` },
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      versioning: { enabled: false },
      lifecycle: { prevent_destroy: locked },
    });
  });

  test.each(["prod", "dev"])("#15 #8 the %s logs key is used by the evidence project's storage agent only, and the bucket waits 120 s for that grant", (env) => {
    const [keyId] = one(evidence, "google_kms_crypto_key", `evidence_${env}_logs-key_`);
    const [grantId, grant] = one(evidence, "google_kms_crypto_key_iam_member", `evidence_${env}_log-bucket_StorageAgentKeyAccess_`);
    const [agentId, agent] = oneData(evidence, "google_storage_project_service_account", `evidence_${env}_log-bucket_StorageAgent_`);
    expect(agent["project"]).toBe("acme-ai-evidence");
    expect([grant["crypto_key_id"], grant["role"], grant["member"]]).toEqual([
      `\${google_kms_crypto_key.${keyId}.id}`,
      "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      `serviceAccount:\${data.google_storage_project_service_account.${agentId}.email_address}`,
    ]);
    const [sleepId, sleep] = one(evidence, "time_sleep", `evidence_${env}_log-bucket_StorageAgentKeyPropagation_`);
    expect(bare(sleep)).toEqual({ create_duration: "120s", depends_on: [`google_kms_crypto_key_iam_member.${grantId}`] });
    expect(one(evidence, "google_storage_bucket", `evidence_${env}_log-bucket_`)[1]["depends_on"]).toContain(`time_sleep.${sleepId}`);
  });

  test("#15 #13 key use goes to the storage agent alone: no other member holds a key role", () => {
    expect(Object.values(resourcesOf(evidence, "google_kms_crypto_key_iam_member")).map((m) => m["role"])).toEqual([
      "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      "roles/cloudkms.cryptoKeyEncrypterDecrypter",
    ]);
  });

  test.each(["prod", "dev"])("#15 #13 the key administrators hold roles/cloudkms.admin on the %s ring, and nothing else", (env) => {
    const [ringId] = one(evidence, "google_kms_key_ring", `evidence_${env}_key-ring_`);
    const [, admins] = one(evidence, "google_kms_key_ring_iam_binding", `evidence_${env}_key-ring_Admins_`);
    expect(bare(admins)).toEqual({
      key_ring_id: `\${google_kms_key_ring.${ringId}.id}`,
      role: "roles/cloudkms.admin",
      members: ["group:kms-admins@example.com"],
      depends_on: [expect.stringMatching(/^google_project_service\.evidence_apis_cloudkms_[A-Z0-9]+$/)],
    });
  });

  test.each(["prod", "dev"])("#15 the identity the %s sink writes as (its project's Logging service agent) may create objects in its bucket, nothing else", (env) => {
    const [settingsId, settings] = oneData(evidence, "google_logging_project_settings", `evidence_${env}_sink-writer-identity_`);
    expect(settings["project"]).toBe(`acme-ai-${env}`);
    const [bucketId] = one(evidence, "google_storage_bucket", `evidence_${env}_log-bucket_`);
    const [, grant] = one(evidence, "google_storage_bucket_iam_member", `evidence_${env}_sink-writer_`);
    expect(bare(grant)).toEqual({
      bucket: `\${google_storage_bucket.${bucketId}.name}`,
      role: "roles/storage.objectCreator",
      member: `serviceAccount:\${data.google_logging_project_settings.${settingsId}.logging_service_account_id}`,
      depends_on: [expect.stringMatching(/^google_project_service\.evidence_apis_storage_[A-Z0-9]+$/)],
    });
  });

  test("#15 the only bucket grants are the two writers' object-create", () => {
    expect(Object.values(resourcesOf(evidence, "google_storage_bucket_iam_member")).map((m) => m["role"])).toEqual(["roles/storage.objectCreator", "roles/storage.objectCreator"]);
  });

  test("#15 data-access audit logs in the evidence project, exempting only the deliveries (the writers' object creation, the storage agent's key use)", () => {
    const [devWriter] = oneData(evidence, "google_logging_project_settings", "evidence_dev_sink-writer-identity_");
    const [prodWriter] = oneData(evidence, "google_logging_project_settings", "evidence_prod_sink-writer-identity_");
    const [agent] = oneData(evidence, "google_storage_project_service_account", "evidence_dev_log-bucket_StorageAgent_");
    const agentMember = `serviceAccount:\${data.google_storage_project_service_account.${agent}.email_address}`;
    const configs = Object.values(resourcesOf(evidence, "google_project_iam_audit_config")).map((c) => [c["project"], c["service"], c["audit_log_config"]]);
    expect(configs).toEqual([
      [
        "acme-ai-evidence",
        "cloudkms.googleapis.com",
        [
          { log_type: "ADMIN_READ" },
          { log_type: "DATA_READ", exempted_members: [agentMember] },
          { log_type: "DATA_WRITE", exempted_members: [agentMember] },
        ],
      ],
      [
        "acme-ai-evidence",
        "storage.googleapis.com",
        [
          { log_type: "ADMIN_READ" },
          { log_type: "DATA_READ" },
          {
            log_type: "DATA_WRITE",
            exempted_members: [
              `serviceAccount:\${data.google_logging_project_settings.${devWriter}.logging_service_account_id}`,
              `serviceAccount:\${data.google_logging_project_settings.${prodWriter}.logging_service_account_id}`,
            ],
          },
        ],
      ],
    ]);
  });

  test("#15 a strict environment's evidence puts a lien on the evidence project: its deletion fails until the lien is removed", () => {
    const [projectId, project] = oneData(evidence, "google_project", "evidence_project_");
    expect(project["project_id"]).toBe("acme-ai-evidence");
    expect(bare(onlyResource(evidence, "google_resource_manager_lien"))).toEqual({
      parent: `projects/\${data.google_project.${projectId}.number}`,
      restrictions: ["resourcemanager.projects.delete"],
      origin: "ai-supply-chain-blueprint",
      reason: "Holds the write-once audit evidence of strict environments",
      depends_on: [expect.stringMatching(/^google_project_service\.evidence_apis_cloudresourcemanager_[A-Z0-9]+$/)],
    });
  });

  test("#15 outputs each environment's logs key and log bucket by attribute", () => {
    const [devKey] = one(evidence, "google_kms_crypto_key", "evidence_dev_logs-key_");
    const [prodBucket] = one(evidence, "google_storage_bucket", "evidence_prod_log-bucket_");
    const outputs = evidence["output"] as Record<string, Json>;
    expect(Object.keys(outputs).sort()).toEqual(["dev-log-bucket", "dev-logs-key", "prod-log-bucket", "prod-logs-key"]);
    expect(outputs["dev-logs-key"]!["value"]).toBe(`\${google_kms_crypto_key.${devKey}.id}`);
    expect(outputs["prod-log-bucket"]!["value"]).toBe(`\${google_storage_bucket.${prodBucket}.name}`);
  });

  test("#1 no attribute holds, as a literal, the name of another resource of the evidence stack", () => {
    // One coincidence, not a reference: the default configuration names each environment's
    // project like its key ring (`acme-ai-prod`), and the Logging settings lookup names the
    // environment's project, a configuration input like the provider's own project.
    const coincidence = (r: LiteralReference): boolean =>
      r.consumer.type === "data.google_logging_project_settings" && r.consumer.path === "project" && r.producer.type === "google_kms_key_ring" && r.value === "acme-ai-prod";
    const found = literalReferences(evidence);
    expect(found.filter(coincidence)).toHaveLength(1);
    expect(found.filter((r) => !coincidence(r)).map((r) => r.describe())).toEqual([]);
  });
});

describe.each([
  // The per-environment suffixes of the registry, usage-log and gate source bucket names (naming.ts,
  // a hash of org, environment, project and, for a gate's source bucket, its registry).
  ["dev", "standard", "9b68f7", "35884e", "eb1e7940", "bfdbda53"],
  ["prod", "strict", "b56e41", "25a44f", "0df35464", "3c7791a5"],
] as const)("gcp-%s (%s) with an evidence project", (env, level, modelsSuffix, usageSuffix, fraudSourceSuffix, adaptersSourceSuffix) => {
  const s = stack(`gcp-${env}`);

  test("#15 holds no log bucket, no logs key and no grant on anything of the evidence project", () => {
    const [fraudId] = one(s, "google_storage_bucket", "supply-chain_registries_fraud-scoring_");
    const [adaptersId] = one(s, "google_storage_bucket", "supply-chain_registries_llm-adapters_");
    const [usageId] = one(s, "google_storage_bucket", "supply-chain_registry-usage-logs_");
    // The model registries and their usage-log bucket stay in the environment's project; no bucket
    // of the environment is an audit-log bucket (purpose `logs`).
    expect(Object.values(resourcesOf(s, "google_storage_bucket")).map((b) => [b["name"], (b["labels"] as Json)["purpose"], b["project"]])).toEqual([
      // The promotion gates' source buckets (one per registry's function), in the environment's project.
      [`acme-ai-${env}-gate-src-${fraudSourceSuffix}`, "function-source", `acme-ai-${env}`],
      [`acme-ai-${env}-gate-src-${adaptersSourceSuffix}`, "function-source", `acme-ai-${env}`],
      [`acme-ai-${env}-models-fraud-scoring-${modelsSuffix}`, "model-registry", `acme-ai-${env}`],
      [`acme-ai-${env}-models-llm-adapters-${modelsSuffix}`, "model-registry", `acme-ai-${env}`],
      [`acme-ai-${env}-usage-${usageSuffix}`, "usage-logs", `acme-ai-${env}`],
    ]);
    // Every bucket grant is on one of those three buckets, by attribute; none reaches the evidence project.
    const bucketRef = (id: string): string => `\${google_storage_bucket.${id}.name}`;
    const account = (prefix: string): string => `serviceAccount:\${google_service_account.${one(s, "google_service_account", prefix)[0]}.email}`;
    const [fraudSourceId] = one(s, "google_storage_bucket", "supply-chain_gates_fraud-scoring_SourceBucket_");
    const [adaptersSourceId] = one(s, "google_storage_bucket", "supply-chain_gates_llm-adapters_SourceBucket_");
    const fraudGate = account("supply-chain_gates_fraud-scoring_RunAccount_");
    const adaptersGate = account("supply-chain_gates_llm-adapters_RunAccount_");
    const retention = `projects/acme-ai-${env}/roles/promotionGateApprovedRetention`;
    // With an evidence project the gates hold grants on their own source and registry buckets
    // only: none on the evidence project's log bucket.
    expect(Object.values(resourcesOf(s, "google_storage_bucket_iam_member")).map((m) => [m["bucket"], m["role"], m["member"]])).toEqual([
      [bucketRef(fraudSourceId), "roles/storage.objectViewer", account("supply-chain_gates_fraud-scoring_BldAccount_")],
      [bucketRef(adaptersSourceId), "roles/storage.objectViewer", account("supply-chain_gates_llm-adapters_BldAccount_")],
      [bucketRef(fraudId), "roles/storage.legacyBucketReader", fraudGate],
      [bucketRef(fraudId), retention, fraudGate],
      [bucketRef(fraudId), "roles/storage.objectViewer", fraudGate],
      [bucketRef(fraudId), "roles/storage.objectCreator", fraudGate],
      [bucketRef(fraudId), "roles/storage.objectCreator", `serviceAccount:fraud-scoring-publisher@acme-ai-${env}.iam.gserviceaccount.com`],
      [bucketRef(fraudId), "roles/storage.objectViewer", `serviceAccount:fraud-scoring-serving@acme-ai-${env}.iam.gserviceaccount.com`],
      [bucketRef(adaptersId), "roles/storage.legacyBucketReader", adaptersGate],
      [bucketRef(adaptersId), retention, adaptersGate],
      [bucketRef(adaptersId), "roles/storage.objectViewer", adaptersGate],
      [bucketRef(adaptersId), "roles/storage.objectCreator", adaptersGate],
      [bucketRef(adaptersId), "roles/storage.objectCreator", "group:llm-publishers@example.com"],
      [bucketRef(adaptersId), "roles/storage.objectViewer", `serviceAccount:llm-serving@acme-ai-${env}.iam.gserviceaccount.com`],
      [bucketRef(usageId), "roles/storage.objectCreator", "group:cloud-storage-analytics@google.com"],
    ]);
    // Key grants only on the environment's registry and signing keys: the logs key is not in this stack.
    const keyRef = (prefix: string): string => `\${google_kms_crypto_key.${one(s, "google_kms_crypto_key", prefix)[0]}.id}`;
    const [agentId] = oneData(s, "google_storage_project_service_account", "supply-chain_registry-usage-logs_StorageAgent_");
    const [projectId] = oneData(s, "google_project", "supply-chain_container-registry_Project_");
    const signing = keyRef("supply-chain_signing-key_");
    const attestation = keyRef("supply-chain_gate-attestation-key_");
    const functions = keyRef("supply-chain_keys_functions_");
    const [eventsAgentId] = oneData(s, "google_storage_project_service_account", "supply-chain_gates_StorageAgent_");
    const [agentsProjectId] = oneData(s, "google_project", "supply-chain_gates_FunctionAgentsProject_");
    const functionAgent = (domain: string): string => `serviceAccount:service-\${data.google_project.${agentsProjectId}.number}@${domain}`;
    expect(
      Object.values(resourcesOf(s, "google_kms_crypto_key_iam_member"))
        .map((m) => [m["crypto_key_id"], m["role"], m["member"]])
        .sort(),
    ).toEqual(
      [
        [keyRef("supply-chain_keys_registry_"), "roles/cloudkms.cryptoKeyEncrypterDecrypter", `serviceAccount:service-\${data.google_project.${projectId}.number}@gcp-sa-artifactregistry.iam.gserviceaccount.com`],
        [keyRef("supply-chain_keys_registry_"), "roles/cloudkms.cryptoKeyEncrypterDecrypter", `serviceAccount:\${data.google_storage_project_service_account.${agentId}.email_address}`],
        [signing, "roles/cloudkms.publicKeyViewer", "group:llm-publishers@example.com"],
        [signing, "roles/cloudkms.publicKeyViewer", `serviceAccount:fraud-scoring-publisher@acme-ai-${env}.iam.gserviceaccount.com`],
        [signing, "roles/cloudkms.signer", "group:llm-publishers@example.com"],
        [signing, "roles/cloudkms.signer", `serviceAccount:fraud-scoring-publisher@acme-ai-${env}.iam.gserviceaccount.com`],
        // The gates sign decision records with the attestation key; the registries' readers verify them.
        [attestation, "roles/cloudkms.publicKeyViewer", fraudGate],
        [attestation, "roles/cloudkms.publicKeyViewer", adaptersGate],
        [attestation, "roles/cloudkms.publicKeyViewer", `serviceAccount:fraud-scoring-serving@acme-ai-${env}.iam.gserviceaccount.com`],
        [attestation, "roles/cloudkms.publicKeyViewer", `serviceAccount:llm-serving@acme-ai-${env}.iam.gserviceaccount.com`],
        [attestation, "roles/cloudkms.signer", fraudGate],
        [attestation, "roles/cloudkms.signer", adaptersGate],
        // The functions key (CMEK of the gates' source, images and function) goes to the service agents that use it.
        [functions, "roles/cloudkms.cryptoKeyEncrypterDecrypter", `serviceAccount:\${data.google_storage_project_service_account.${eventsAgentId}.email_address}`],
        [functions, "roles/cloudkms.cryptoKeyEncrypterDecrypter", functionAgent("gcf-admin-robot.iam.gserviceaccount.com")],
        [functions, "roles/cloudkms.cryptoKeyEncrypterDecrypter", functionAgent("gcp-sa-artifactregistry.iam.gserviceaccount.com")],
        [functions, "roles/cloudkms.cryptoKeyEncrypterDecrypter", functionAgent("serverless-robot-prod.iam.gserviceaccount.com")],
      ].sort(),
    );
    expect(Object.values(resourcesOf(s, "google_kms_crypto_key")).map((k) => [k["name"], k["purpose"]])).toEqual([
      ["gate-attestation", "ASYMMETRIC_SIGN"],
      ["functions", "ENCRYPT_DECRYPT"],
      ["registry", "ENCRYPT_DECRYPT"],
      ["signing", "ASYMMETRIC_SIGN"],
    ]);
    expect(allResources(s).filter(([, , body]) => body["project"] === EVIDENCE_PROJECT)).toEqual([]);
  });

  test("#15 the registries and their usage-log bucket use the environment's registry key and wait for its storage-agent grant (there is no logs key to borrow)", () => {
    const [, usage] = one(s, "google_storage_bucket", "supply-chain_registry-usage-logs_");
    const [grantId] = one(s, "google_kms_crypto_key_iam_member", "supply-chain_registry-usage-logs_StorageAgentKeyAccess_");
    const [sleepId, sleep] = one(s, "time_sleep", "supply-chain_registry-usage-logs_");
    const [registryKeyId] = one(s, "google_kms_crypto_key", "supply-chain_keys_registry_");
    expect(bare(sleep)).toEqual({ create_duration: "120s", depends_on: [`google_kms_crypto_key_iam_member.${grantId}`] });
    for (const prefix of ["supply-chain_registries_fraud-scoring_", "supply-chain_registries_llm-adapters_", "supply-chain_registry-usage-logs_"]) {
      const [, bucket] = one(s, "google_storage_bucket", prefix);
      expect([prefix, bucket["encryption"]]).toEqual([prefix, { default_kms_key_name: `\${google_kms_crypto_key.${registryKeyId}.id}` }]);
      expect([prefix, bucket["depends_on"]]).toEqual([prefix, expect.arrayContaining([`time_sleep.${sleepId}`])]);
    }
    expect(usage["logging"]).toBeUndefined();
  });

  test("#15 the sink delivers into the environment's bucket in the evidence project, the one evidence-gcp creates", () => {
    const sink = onlyResource(s, "google_logging_project_sink");
    expect(sink).toMatchObject({
      name: `acme-ai-${env}-audit`,
      project: `acme-ai-${env}`,
      destination: `storage.googleapis.com/acme-ai-${env}-logs-acme-ai-evidence`,
      filter: 'logName:"cloudaudit.googleapis.com"',
      unique_writer_identity: true,
    });
    expect(sink["custom_writer_identity"]).toBeUndefined();
    const [, bucket] = one(evidence, "google_storage_bucket", `evidence_${env}_log-bucket_`);
    expect(sink["destination"]).toBe(`storage.googleapis.com/${String(bucket["name"])}`);
  });

  test("#15 the apply fails when the sink writes as anyone but the identity evidence-gcp granted", () => {
    const [settingsId, settings] = oneData(s, "google_logging_project_settings", "supply-chain_audit-trail_WriterIdentity_");
    expect(settings["project"]).toBe(`acme-ai-${env}`);
    expect((onlyResource(s, "google_logging_project_sink")["lifecycle"] as Json)["postcondition"]).toEqual([
      {
        condition: `\${(self.writer_identity == "serviceAccount:\${data.google_logging_project_settings.${settingsId}.logging_service_account_id}")}`,
        error_message: "The sink's writer identity is not the project's Logging service agent, which the evidence stack granted object-create on the evidence bucket.",
      },
    ]);
    // Both stacks read the same project's Logging settings: the granted and the checked identity are one.
    const [, granted] = oneData(evidence, "google_logging_project_settings", `evidence_${env}_sink-writer-identity_`);
    expect(granted["project"]).toBe(settings["project"]);
  });

  test("#15 the environment's own data-access audit logs stay in its stack, with no exemption (no delivery happens in this project)", () => {
    const configs = Object.values(resourcesOf(s, "google_project_iam_audit_config")).map((c) => [c["project"], c["service"], c["audit_log_config"]]);
    const all = [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }];
    expect(configs).toEqual([
      [`acme-ai-${env}`, "cloudkms.googleapis.com", all],
      [`acme-ai-${env}`, "storage.googleapis.com", all],
      // The container registry's image pulls and pushes, audited like the buckets.
      [`acme-ai-${env}`, "artifactregistry.googleapis.com", all],
    ]);
  });

  test("#15 output logs-key names the evidence stack's key", () => {
    const outputs = s["output"] as Record<string, Json>;
    expect(outputs["logs-key"]!["value"]).toBe(level === "strict" ? "projects/acme-ai-evidence/locations/europe-west1/keyRings/acme-ai-prod/cryptoKeys/logs" : "evidence-gcp:dev-logs-key");
  });

  test("#15 the logs key the output names is the one evidence-gcp creates", () => {
    const [, ring] = one(evidence, "google_kms_key_ring", `evidence_${env}_key-ring_`);
    const value = String((s["output"] as Record<string, Json>)["logs-key"]!["value"]);
    const fixed = `projects/acme-ai-evidence/locations/${String(ring["location"])}/keyRings/${String(ring["name"])}/cryptoKeys/logs`;
    expect(value).toBe(level === "strict" ? fixed : `evidence-gcp:${env}-logs-key`);
    expect(Object.keys(evidence["output"] as Json)).toContain(`${env}-logs-key`);
  });

  test("#1 no attribute holds, as a literal, the name of another resource of the stack", () => {
    expect(literalReferences(s).map((r) => r.describe())).toEqual([]);
  });
});

test("#15 the evidence layout changes no other cloud's stacks", () => {
  const defaults = new Map([...synthApp("gcp-evidence-baseline", withoutCi())].map(([name, json]) => [name, json]));
  const others = DEFAULT_STACKS.filter((n) => !n.startsWith("gcp-") && !n.startsWith("ci-") && n !== "state-backend-gcp");
  expect(others.length).toBeGreaterThan(0);
  for (const name of others) {
    expect([name, JSON.stringify(stack(name))]).toEqual([name, JSON.stringify(JSON.parse(defaults.get(name)!))]);
  }
  // The state backend does not change either: it serves the evidence stack like any other.
  expect(JSON.stringify(stack("state-backend-gcp"))).toBe(JSON.stringify(JSON.parse(defaults.get("state-backend-gcp")!)));
});

test("#15 every google resource of the evidence stack is in the evidence project", () => {
  const projects = allResources(evidence)
    .filter(([type]) => type.startsWith("google_"))
    .map(([, , body]) => body["project"] ?? "by reference");
  expect(projects.length).toBeGreaterThan(0);
  expect([...new Set(projects)].sort()).toEqual(["acme-ai-evidence", "by reference"]);
});

test.each([
  ["no clouds.gcp.evidence", (c: BlueprintConfig): BlueprintConfig => c, "clouds.gcp.evidence"],
  ["no clouds.gcp", (c: BlueprintConfig): BlueprintConfig => ({ ...c, clouds: { ...c.clouds, gcp: undefined } }), "clouds.gcp"],
])("GCP_EVIDENCE_NOT_CONFIGURED: wiring evidence-gcp with %s is a validation error", (_what, edit, prop) => {
  const stack = new TerraformStack(Testing.app(), "evidence-gcp");
  const config = edit(defaultConfig());
  const error = validationErrorOf(() => wireEvidenceGcp(stack, { config, tags: standardTags({ owner: "o", costCenter: "c", environment: "evidence", dataClassification: "confidential" }), backend: { stackName: "evidence-gcp", outdir: "test/.out/unused", organization: "acme-ai" } }));
  expect(error.problems.map((p) => [p.code, p.constructPath, p.prop])).toEqual([["GCP_EVIDENCE_NOT_CONFIGURED", "evidence-gcp", prop]]);
});
