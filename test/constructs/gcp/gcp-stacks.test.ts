import { GCP_RESOURCE_APIS } from "../../../constructs/gcp/project-services";
import { GCS_BUCKET_NAME } from "../../../constructs/shared/limits/gcp";
import { satisfies } from "../../../constructs/shared/limits/text-rule";
import { gcpGateSourceBucketName, gcpLogBucketName, gcpStateUsageLogBucketName } from "../../../constructs/shared/naming";
import { Json, ResourceMap, allResources, onlyResource, resourcesOf, synthApp } from "../../helpers/synth";

/*
 * The GCP stacks of the default configuration, end to end: wiring by attribute, API enablement,
 * propagation waits, per-environment names, rebuildable standard key rings, key administration
 * apart from key use, and usage logs of the state bucket.
 */
const stacks = new Map([...synthApp("gcp-stacks")].map(([name, json]) => [name, JSON.parse(json) as Json]));
const stack = (name: string): Json => stacks.get(name)!;
const GCP_STACKS = ["gcp-dev", "gcp-prod", "state-backend-gcp"] as const;

function dataOf(s: Json, type: string): ResourceMap {
  return ((s["data"] ?? {}) as Record<string, ResourceMap>)[type] ?? {};
}

/** A resource body without cdktf's `//` metadata. */
function bare(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== "//"));
}

function idOf(s: Json, type: string): string {
  const ids = Object.keys(resourcesOf(s, type));
  expect(ids).toHaveLength(1);
  return ids[0]!;
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

/** The one bucket labelled `purpose`, as [id, body]: the log bucket (`logs`) shares the stack with the model registries and their usage-log bucket. */
function bucketOf(s: Json, purpose: string): [string, Json] {
  const found = Object.entries(resourcesOf(s, "google_storage_bucket")).filter(([, b]) => (b["labels"] as Json)["purpose"] === purpose);
  if (found.length !== 1) throw new Error(`expected one bucket labelled purpose=${purpose}, found ${found.length}`);
  return found[0]!;
}

describe.each(["dev", "prod"] as const)("gcp-%s", (env) => {
  const s = stack(`gcp-${env}`);
  const [bucketId, logBucket] = bucketOf(s, "logs");

  test("#10 the sink depends on the Logging and Cloud Resource Manager APIs", () => {
    expect(onlyResource(s, "google_logging_project_sink")["depends_on"]).toEqual([
      expect.stringMatching(/^google_project_service\.supply-chain_apis_logging_[A-Z0-9]+$/),
      expect.stringMatching(/^google_project_service\.supply-chain_apis_cloudresourcemanager_[A-Z0-9]+$/),
    ]);
  });

  test("#1 the sink destination and its bucket grant refer to the log bucket's name attribute", () => {
    expect(onlyResource(s, "google_logging_project_sink")["destination"]).toBe(`storage.googleapis.com/\${google_storage_bucket.${bucketId}.name}`);
    const writer = Object.values(resourcesOf(s, "google_storage_bucket_iam_member")).filter((m) => String(m["member"]).includes("writer_identity"));
    expect(writer.map((m) => m["bucket"])).toEqual([`\${google_storage_bucket.${bucketId}.name}`]);
  });

  test("#1 no attribute of the stack holds the name of any of its buckets as a literal", () => {
    const names = Object.values(resourcesOf(s, "google_storage_bucket")).map((b) => b["name"] as string);
    // The log bucket, two registries, their usage logs and the two gates' source buckets.
    expect(names).toHaveLength(6);
    const holders = allResources(s).filter(([type, , body]) => type !== "google_storage_bucket" && names.some((name) => JSON.stringify(body).includes(name)));
    expect(holders).toEqual([]);
  });

  test("#9 the log bucket name carries the environment", () => {
    expect(logBucket["name"]).toBe(`acme-ai-${env}-logs-acme-ai-${env}`);
  });

  test("#8 the log bucket waits 120 s after the storage agent's grant on the logs key", () => {
    const [grantId, grant] = one(s, "google_kms_crypto_key_iam_member", "supply-chain_log-bucket_StorageAgentKeyAccess_");
    const [sleepId, sleep] = one(s, "time_sleep", "supply-chain_log-bucket_");
    const [logsKeyId] = one(s, "google_kms_crypto_key", "supply-chain_keys_logs_");
    expect(bare(sleep)).toEqual({ create_duration: "120s", depends_on: [`google_kms_crypto_key_iam_member.${grantId}`] });
    expect(logBucket["depends_on"]).toContain(`time_sleep.${sleepId}`);
    expect(logBucket["encryption"]).toEqual({ default_kms_key_name: `\${google_kms_crypto_key.${logsKeyId}.id}` });
    expect(grant["crypto_key_id"]).toBe(`\${google_kms_crypto_key.${logsKeyId}.id}`);
  });

  test("#8 the model registries wait 120 s after the storage agent's grant on the registry key; their usage-log bucket, on the logs key, waits for the log bucket's grant", () => {
    const [registryGrantId, registryGrant] = one(s, "google_kms_crypto_key_iam_member", "supply-chain_registries_StorageAgentKeyAccess_");
    const [registrySleepId, registrySleep] = one(s, "time_sleep", "supply-chain_registries_");
    const [logGrantId] = one(s, "google_kms_crypto_key_iam_member", "supply-chain_log-bucket_StorageAgentKeyAccess_");
    const [logSleepId] = one(s, "time_sleep", "supply-chain_log-bucket_");
    const [registryKeyId] = one(s, "google_kms_crypto_key", "supply-chain_keys_registry_");
    const [logsKeyId] = one(s, "google_kms_crypto_key", "supply-chain_keys_logs_");
    expect(bare(registrySleep)).toEqual({ create_duration: "120s", depends_on: [`google_kms_crypto_key_iam_member.${registryGrantId}`] });
    expect(registryGrant["crypto_key_id"]).toBe(`\${google_kms_crypto_key.${registryKeyId}.id}`);
    for (const prefix of ["supply-chain_registries_fraud-scoring_", "supply-chain_registries_llm-adapters_"]) {
      const [, bucket] = one(s, "google_storage_bucket", prefix);
      expect([prefix, bucket["encryption"]]).toEqual([prefix, { default_kms_key_name: `\${google_kms_crypto_key.${registryKeyId}.id}` }]);
      expect([prefix, bucket["depends_on"]]).toEqual([prefix, expect.arrayContaining([`time_sleep.${registrySleepId}`])]);
    }
    const [, usage] = bucketOf(s, "usage-logs");
    expect(usage["encryption"]).toEqual({ default_kms_key_name: `\${google_kms_crypto_key.${logsKeyId}.id}` });
    expect(usage["depends_on"]).toContain(`time_sleep.${logSleepId}`);
    expect(logGrantId).not.toBe(registryGrantId);
  });

  test("#10 the environment's APIs are enabled, never disabled on destroy", () => {
    expect(Object.values(resourcesOf(s, "google_project_service")).map((p) => [p["project"], p["service"], p["disable_on_destroy"]])).toEqual([
      [`acme-ai-${env}`, "artifactregistry.googleapis.com", false],
      [`acme-ai-${env}`, "billingbudgets.googleapis.com", false],
      [`acme-ai-${env}`, "cloudbuild.googleapis.com", false],
      [`acme-ai-${env}`, "cloudfunctions.googleapis.com", false],
      [`acme-ai-${env}`, "cloudkms.googleapis.com", false],
      [`acme-ai-${env}`, "cloudresourcemanager.googleapis.com", false],
      [`acme-ai-${env}`, "container.googleapis.com", false],
      [`acme-ai-${env}`, "containerscanning.googleapis.com", false],
      [`acme-ai-${env}`, "eventarc.googleapis.com", false],
      [`acme-ai-${env}`, "iam.googleapis.com", false],
      [`acme-ai-${env}`, "logging.googleapis.com", false],
      [`acme-ai-${env}`, "monitoring.googleapis.com", false],
      [`acme-ai-${env}`, "pubsub.googleapis.com", false],
      [`acme-ai-${env}`, "run.googleapis.com", false],
      [`acme-ai-${env}`, "storage.googleapis.com", false],
    ]);
  });

  test("#13 key administrators hold roles/cloudkms.admin on the ring; key use goes only to the service agents and the signing publishers, never to an administrator", () => {
    const admins = bare(onlyResource(s, "google_kms_key_ring_iam_binding"));
    expect(admins).toEqual({
      key_ring_id: `\${google_kms_key_ring.${idOf(s, "google_kms_key_ring")}.id}`,
      role: "roles/cloudkms.admin",
      members: ["group:kms-admins@example.com"],
      depends_on: [expect.stringMatching(/^google_project_service\.supply-chain_apis_cloudkms_[A-Z0-9]+$/)],
    });
    const users = Object.values(resourcesOf(s, "google_kms_crypto_key_iam_member"));
    const keyRef = (prefix: string): string => `\${google_kms_crypto_key.${one(s, "google_kms_crypto_key", prefix)[0]}.id}`;
    const agent = (prefix: string): string => `serviceAccount:\${data.google_storage_project_service_account.${oneData(s, "google_storage_project_service_account", prefix)[0]}.email_address}`;
    const [projectId] = oneData(s, "google_project", "supply-chain_container-registry_Project_");
    const signing = keyRef("supply-chain_signing-key_");
    const attestation = keyRef("supply-chain_gate-attestation-key_");
    const functions = keyRef("supply-chain_keys_functions_");
    const gate = (registry: string): string => `serviceAccount:\${google_service_account.${one(s, "google_service_account", `supply-chain_gates_${registry}_RunAccount_`)[0]}.email}`;
    const [agentsProject] = oneData(s, "google_project", "supply-chain_gates_FunctionAgentsProject_");
    const functionAgent = (domain: string): string => `serviceAccount:service-\${data.google_project.${agentsProject}.number}@${domain}`;
    expect(users.map((u) => [u["crypto_key_id"], u["role"], u["member"]]).sort()).toEqual(
      [
        // The gates sign decision records with the attestation key; readers verify them.
        [attestation, "roles/cloudkms.signer", gate("fraud-scoring")],
        [attestation, "roles/cloudkms.signer", gate("llm-adapters")],
        [attestation, "roles/cloudkms.publicKeyViewer", gate("fraud-scoring")],
        [attestation, "roles/cloudkms.publicKeyViewer", gate("llm-adapters")],
        [attestation, "roles/cloudkms.publicKeyViewer", `serviceAccount:fraud-scoring-serving@acme-ai-${env}.iam.gserviceaccount.com`],
        [attestation, "roles/cloudkms.publicKeyViewer", `serviceAccount:llm-serving@acme-ai-${env}.iam.gserviceaccount.com`],
        // The service agents that encrypt the gate functions, their images and their code.
        [functions, "roles/cloudkms.cryptoKeyEncrypterDecrypter", functionAgent("gcf-admin-robot.iam.gserviceaccount.com")],
        [functions, "roles/cloudkms.cryptoKeyEncrypterDecrypter", functionAgent("gcp-sa-artifactregistry.iam.gserviceaccount.com")],
        [functions, "roles/cloudkms.cryptoKeyEncrypterDecrypter", functionAgent("serverless-robot-prod.iam.gserviceaccount.com")],
        [functions, "roles/cloudkms.cryptoKeyEncrypterDecrypter", agent("supply-chain_gates_StorageAgent_")],
        [keyRef("supply-chain_keys_logs_"), "roles/cloudkms.cryptoKeyEncrypterDecrypter", agent("supply-chain_log-bucket_StorageAgent_")],
        [keyRef("supply-chain_keys_registry_"), "roles/cloudkms.cryptoKeyEncrypterDecrypter", agent("supply-chain_registries_StorageAgent_")],
        [keyRef("supply-chain_keys_registry_"), "roles/cloudkms.cryptoKeyEncrypterDecrypter", `serviceAccount:service-\${data.google_project.${projectId}.number}@gcp-sa-artifactregistry.iam.gserviceaccount.com`],
        [signing, "roles/cloudkms.publicKeyViewer", "group:llm-publishers@example.com"],
        [signing, "roles/cloudkms.publicKeyViewer", `serviceAccount:fraud-scoring-publisher@acme-ai-${env}.iam.gserviceaccount.com`],
        [signing, "roles/cloudkms.signer", "group:llm-publishers@example.com"],
        [signing, "roles/cloudkms.signer", `serviceAccount:fraud-scoring-publisher@acme-ai-${env}.iam.gserviceaccount.com`],
        // The CI publisher service accounts of ci-gcp-<env> sign like any publisher.
        [signing, "roles/cloudkms.publicKeyViewer", `serviceAccount:ci-pub-fraud-scoring@acme-ai-${env}.iam.gserviceaccount.com`],
        [signing, "roles/cloudkms.publicKeyViewer", `serviceAccount:ci-pub-llm-adapters@acme-ai-${env}.iam.gserviceaccount.com`],
        [signing, "roles/cloudkms.signer", `serviceAccount:ci-pub-fraud-scoring@acme-ai-${env}.iam.gserviceaccount.com`],
        [signing, "roles/cloudkms.signer", `serviceAccount:ci-pub-llm-adapters@acme-ai-${env}.iam.gserviceaccount.com`],
      ].sort(),
    );
    expect(users.filter((u) => u["member"] === "group:kms-admins@example.com")).toEqual([]);
  });
});

test("#6 standard (dev): the key ring name carries a time_static's creation time, so destroy then apply creates a fresh ring", () => {
  const s = stack("gcp-dev");
  const staticId = idOf(s, "time_static");
  expect(onlyResource(s, "google_kms_key_ring")).toMatchObject({ name: `acme-ai-dev-\${time_static.${staticId}.unix}`, lifecycle: { prevent_destroy: false } });
  for (const key of Object.values(resourcesOf(s, "google_kms_crypto_key"))) {
    expect(key).toMatchObject({ lifecycle: { prevent_destroy: false }, destroy_scheduled_duration: "604800s" });
  }
});

test("#6 strict (prod): a fixed key ring name and prevent_destroy on the ring and every key, no time_static", () => {
  const s = stack("gcp-prod");
  expect(onlyResource(s, "google_kms_key_ring")).toMatchObject({ name: "acme-ai-prod", lifecycle: { prevent_destroy: true } });
  expect(resourcesOf(s, "time_static")).toEqual({});
  for (const key of Object.values(resourcesOf(s, "google_kms_crypto_key"))) {
    expect(key["lifecycle"]).toEqual({ prevent_destroy: true });
  }
});

test("#9 the two environments share no per-environment name", () => {
  const names = (env: string): string[] =>
    allResources(stack(`gcp-${env}`))
      .filter(([type]) => ["google_storage_bucket", "google_logging_project_sink", "google_billing_budget"].includes(type))
      .map(([, , body]) => String(body["name"] ?? body["display_name"]));
  // The log bucket, two model registries, their usage-log bucket, two gate source buckets, the sink and the budget.
  expect(names("dev")).toHaveLength(8);
  expect(names("dev").filter((n) => names("prod").includes(n))).toEqual([]);
});

test("#9 state-backend-gcp sets nothing project-wide and authoritative (it may share a project with an environment)", () => {
  const types = new Set(allResources(stack("state-backend-gcp")).map(([type]) => type));
  expect([...types].filter((t) => t.startsWith("google_project_iam") || t === "google_logging_project_sink" || t === "google_project_service_identity")).toEqual([]);
  expect([...types].sort()).toEqual([
    "google_kms_crypto_key",
    "google_kms_crypto_key_iam_member",
    "google_kms_key_ring",
    "google_kms_key_ring_iam_binding",
    "google_project_service",
    "google_storage_bucket",
    "google_storage_bucket_iam_member",
    "time_sleep",
  ]);
});

test("#9 the longest names the configuration allows fit GCS's 63 characters", () => {
  const org = "a".repeat(16);
  const env = "e".repeat(10);
  const project = `p${"0".repeat(29)}`;
  expect(gcpLogBucketName(org, env, project)).toHaveLength(63);
  expect(satisfies(GCS_BUCKET_NAME, gcpLogBucketName(org, env, project))).toBe(true);
  expect(satisfies(GCS_BUCKET_NAME, gcpStateUsageLogBucketName(org, project))).toBe(true);
  expect(satisfies(GCS_BUCKET_NAME, gcpGateSourceBucketName(org, env, `r${"e".repeat(23)}`, project))).toBe(true);
  expect(gcpLogBucketName("acme-ai", "dev", "acme-ai-dev")).not.toBe(gcpLogBucketName("acme-ai", "prod", "acme-ai-dev"));
});

test("#10 every google resource and data source of every GCP stack depends on the API it calls", () => {
  for (const name of GCP_STACKS) {
    const s = stack(name);
    const services = new Map(Object.entries(resourcesOf(s, "google_project_service")).map(([id, body]) => [body["service"] as string, `google_project_service.${id}`]));
    const data = Object.entries((s["data"] ?? {}) as Record<string, ResourceMap>).flatMap(([type, byId]) => Object.values(byId).map((b) => [type, b] as const));
    const checked = [...allResources(s).map(([type, , body]) => [type, body] as const), ...data].filter(([type]) => type.startsWith("google_") && type !== "google_project_service");
    expect(checked.length).toBeGreaterThan(5);
    for (const [type, body] of checked) {
      const apis = GCP_RESOURCE_APIS[type] ?? [];
      // google_client_config returns the provider's own token and project: it calls no API.
      if (type === "google_client_config") {
        expect(apis).toEqual([]);
        continue;
      }
      expect([type, apis.length > 0]).toEqual([type, true]);
      expect([type, body["depends_on"]]).toEqual([type, expect.arrayContaining(apis.map((api) => services.get(api)))]);
      expect([type, apis.map((api) => services.has(api))]).toEqual([type, apis.map(() => true)]);
    }
  }
});

test("#10 state-backend-gcp enables Cloud KMS and Cloud Storage in the state project", () => {
  expect(Object.values(resourcesOf(stack("state-backend-gcp"), "google_project_service")).map((p) => [p["project"], p["service"], p["disable_on_destroy"]])).toEqual([
    ["acme-ai-prod", "cloudkms.googleapis.com", false],
    ["acme-ai-prod", "storage.googleapis.com", false],
  ]);
});

describe("state-backend-gcp", () => {
  const s = stack("state-backend-gcp");
  const buckets = Object.entries(resourcesOf(s, "google_storage_bucket"));
  const [stateId, state] = buckets.find(([, b]) => (b["labels"] as Json)["purpose"] === "state")!;
  const [usageId, usage] = buckets.find(([, b]) => (b["labels"] as Json)["purpose"] === "usage-logs")!;

  test("#16 the state bucket's usage logs go to the usage-log bucket, by its name attribute", () => {
    expect(buckets).toHaveLength(2);
    expect(state["logging"]).toEqual({ log_bucket: `\${google_storage_bucket.${usageId}.name}`, log_object_prefix: "tfstate/" });
    expect(usage["logging"]).toBeUndefined();
    expect(usage).toMatchObject({ name: "acme-ai-tfstate-usage-acme-ai-prod", retention_policy: { retention_period: 365 * 86400, is_locked: true }, force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(onlyResource(s, "google_storage_bucket_iam_member")).toMatchObject({ bucket: `\${google_storage_bucket.${usageId}.name}`, role: "roles/storage.objectCreator", member: "group:cloud-storage-analytics@google.com" });
  });

  test("#8 both buckets wait for the one storage-agent grant on the state key, which keeps its logical id", () => {
    const grantId = idOf(s, "google_kms_crypto_key_iam_member");
    expect(grantId).toMatch(/^state_bucket_StorageAgentKeyAccess_[A-Z0-9]+$/);
    const sleepId = idOf(s, "time_sleep");
    expect(bare(onlyResource(s, "time_sleep"))).toEqual({ create_duration: "120s", depends_on: [`google_kms_crypto_key_iam_member.${grantId}`] });
    expect(state["depends_on"]).toContain(`time_sleep.${sleepId}`);
    expect(usage["depends_on"]).toContain(`time_sleep.${sleepId}`);
    expect(Object.keys(dataOf(s, "google_storage_project_service_account"))).toHaveLength(1);
  });

  test("#13 key administrators on the state ring too, and the state key used only by the storage agent", () => {
    expect(onlyResource(s, "google_kms_key_ring_iam_binding")).toMatchObject({ role: "roles/cloudkms.admin", members: ["group:kms-admins@example.com"] });
    expect(onlyResource(s, "google_kms_crypto_key_iam_member")["member"]).toMatch(/^serviceAccount:\$\{data\.google_storage_project_service_account\./);
    expect(stateId).toMatch(/^state_bucket_/);
  });
});
