import { Json, allResources, resourcesOf, synthApp } from "../../helpers/synth";

/*
 * The promotion gate of the default configuration's GCP environments, as synthesized: every
 * permission its identity holds, and the function's controls, read from the stack JSON.
 */
const stacks = new Map([...synthApp("gcp-gate")].map(([name, json]) => [name, JSON.parse(json) as Json]));

/** `${type.id.attr}` → `id`. */
function refId(value: unknown, type: string, attr: string): string | undefined {
  const m = new RegExp(`^\\$\\{${type}\\.([^.}]+)\\.${attr.replace(/[[\].]/g, "\\$&")}\\}$`).exec(String(value));
  return m?.[1];
}

/** The gate function of `registry`, as [logical id, body]. */
function gateOf(s: Json, registry: string): [string, Json] {
  const found = Object.entries(resourcesOf(s, "google_cloudfunctions2_function")).filter(([id]) => id.startsWith(`supply-chain_gates_${registry}_`));
  expect(found).toHaveLength(1);
  return found[0]!;
}

function gateMember(s: Json, registry: string): string {
  const ids = Object.keys(resourcesOf(s, "google_service_account")).filter((id) => id.startsWith(`supply-chain_gates_${registry}_RunAccount_`));
  expect(ids).toHaveLength(1);
  return `serviceAccount:\${google_service_account.${ids[0]}.email}`;
}

/** What a bucket or key reference names, in words: `registry fraud-scoring`, `log bucket`, `key gate-attestation`. */
function describeTarget(s: Json, type: string, body: Json): string {
  if (type === "google_storage_bucket_iam_member") {
    const bucket = resourcesOf(s, "google_storage_bucket")[refId(body["bucket"], "google_storage_bucket", "name") ?? ""];
    const labels = (bucket?.["labels"] ?? {}) as Json;
    return labels["purpose"] === "model-registry" ? `registry ${String(labels["registry"])}` : `bucket ${String(labels["purpose"])}`;
  }
  if (type === "google_kms_crypto_key_iam_member") {
    const key = resourcesOf(s, "google_kms_crypto_key")[refId(body["crypto_key_id"], "google_kms_crypto_key", "id") ?? ""];
    return `key ${String(key?.["name"])}`;
  }
  return type;
}

/** Every grant to `member` in the stack, one line each: target, role, and the condition's object prefix. */
function grantsTo(s: Json, member: string): string[] {
  const lines: string[] = [];
  for (const [type, , body] of allResources(s)) {
    const members = [body["member"], ...((body["members"] as unknown[] | undefined) ?? [])];
    if (!members.includes(member)) continue;
    const condition = body["condition"] as Json | undefined;
    const prefix = condition === undefined ? undefined : /\/objects\/([^"]*)"\)$/.exec(String(condition["expression"]))?.[1];
    lines.push(`${describeTarget(s, type, body)} ${String(body["role"])}${condition === undefined ? "" : ` under ${String(prefix)}`}`);
  }
  return lines.sort();
}

describe.each(["dev", "prod"] as const)("gcp-%s promotion gate", (env) => {
  const s = stacks.get(`gcp-${env}`)!;

  test("the union of the fraud-scoring gate's permissions is exactly read incoming/, create and lock approved/, list its registry, create and read provenance/, sign with the attestation key", () => {
    expect(grantsTo(s, gateMember(s, "fraud-scoring"))).toEqual([
      "bucket logs roles/storage.objectCreator under provenance/fraud-scoring/",
      "bucket logs roles/storage.objectViewer under provenance/fraud-scoring/",
      "key gate-attestation roles/cloudkms.publicKeyViewer",
      "key gate-attestation roles/cloudkms.signer",
      `registry fraud-scoring projects/acme-ai-${env}/roles/promotionGateApprovedRetention under approved/`,
      "registry fraud-scoring roles/storage.legacyBucketReader",
      "registry fraud-scoring roles/storage.objectCreator under approved/",
      "registry fraud-scoring roles/storage.objectViewer under incoming/",
    ]);
  });

  test("each registry's gate has its own identity: the llm-adapters gate holds the same grants on its own registry only", () => {
    expect(gateMember(s, "llm-adapters")).not.toBe(gateMember(s, "fraud-scoring"));
    expect(grantsTo(s, gateMember(s, "llm-adapters"))).toEqual([
      "bucket logs roles/storage.objectCreator under provenance/llm-adapters/",
      "bucket logs roles/storage.objectViewer under provenance/llm-adapters/",
      "key gate-attestation roles/cloudkms.publicKeyViewer",
      "key gate-attestation roles/cloudkms.signer",
      `registry llm-adapters projects/acme-ai-${env}/roles/promotionGateApprovedRetention under approved/`,
      "registry llm-adapters roles/storage.legacyBucketReader",
      "registry llm-adapters roles/storage.objectCreator under approved/",
      "registry llm-adapters roles/storage.objectViewer under incoming/",
    ]);
  });

  test("the retention role locks and reads back, and cannot delete, overwrite or unlock", () => {
    const roles = Object.values(resourcesOf(s, "google_project_iam_custom_role"));
    expect(roles.map((r) => [r["project"], r["role_id"], r["permissions"], r["stage"]])).toEqual([
      [`acme-ai-${env}`, "promotionGateApprovedRetention", ["storage.objects.get", "storage.objects.setRetention", "storage.objects.update"], "GA"],
    ]);
  });

  test.each([
    ["fraud-scoring", "provenance/fraud-scoring/", "provenance/llm-adapters/"],
    ["llm-adapters", "provenance/llm-adapters/", "provenance/fraud-scoring/"],
  ])("the %s gate's record grants admit its own registry's records only (%s, never %s)", (registry, own, other) => {
    const gate = gateMember(s, registry);
    const [logsId] = Object.entries(resourcesOf(s, "google_storage_bucket")).find(([, b]) => (b["labels"] as Json)["purpose"] === "logs")!;
    const onLogs = Object.values(resourcesOf(s, "google_storage_bucket_iam_member")).filter((b) => b["member"] === gate && b["bucket"] === `\${google_storage_bucket.${logsId}.name}`);
    const expressions = onLogs.map((b) => String((b["condition"] as Json)["expression"]));
    expect(expressions).toEqual([
      `resource.name.startsWith("projects/_/buckets/\${google_storage_bucket.${logsId}.name}/objects/${own}")`,
      `resource.name.startsWith("projects/_/buckets/\${google_storage_bucket.${logsId}.name}/objects/${own}")`,
    ]);
    expect(expressions.some((e) => e.includes(`/objects/${other}`) || e.endsWith('/objects/provenance/")'))).toBe(false);
  });

  test("the gates' conditions name their own bucket: approved/ bindings carry the gate-writes-approved title", () => {
    const gate = gateMember(s, "fraud-scoring");
    const [registryId] = Object.entries(resourcesOf(s, "google_storage_bucket")).find(([, b]) => (b["labels"] as Json)["registry"] === "fraud-scoring")!;
    const onApproved = Object.values(resourcesOf(s, "google_storage_bucket_iam_member")).filter((b) => b["member"] === gate && String((b["condition"] as Json | undefined)?.["expression"]).includes("/objects/approved/"));
    expect(onApproved.map((b) => b["condition"])).toEqual([
      { title: "gate-writes-approved", description: "Only objects under approved/", expression: `resource.name.startsWith("projects/_/buckets/\${google_storage_bucket.${registryId}.name}/objects/approved/")` },
      { title: "gate-writes-approved", description: "Only objects under approved/", expression: `resource.name.startsWith("projects/_/buckets/\${google_storage_bucket.${registryId}.name}/objects/approved/")` },
    ]);
  });

  test("the function: internal only, max instances from the protection level, runtime identity, CMEK, triggered by its registry bucket", () => {
    const [, fn] = gateOf(s, "fraud-scoring");
    const [registryId] = Object.entries(resourcesOf(s, "google_storage_bucket")).find(([, b]) => (b["labels"] as Json)["registry"] === "fraud-scoring")!;
    expect(fn["service_config"]).toMatchObject({ ingress_settings: "ALLOW_INTERNAL_ONLY", max_instance_count: env === "prod" ? 10 : 2, service_account_email: gateMember(s, "fraud-scoring").replace("serviceAccount:", "") });
    expect(fn["kms_key_name"]).toMatch(/^\$\{google_kms_crypto_key\.supply-chain_keys_functions_[A-Z0-9]+\.id\}$/);
    expect(fn["event_trigger"]).toMatchObject({
      event_type: "google.cloud.storage.object.v1.finalized",
      event_filters: [{ attribute: "bucket", value: `\${google_storage_bucket.${registryId}.name}` }],
      retry_policy: "RETRY_POLICY_RETRY",
    });
  });

  test("the function runs the package by digest: the source object and GATE_PACKAGE_SHA256 carry the zip's sha256", () => {
    const [, fn] = gateOf(s, "fraud-scoring");
    const sha = ((fn["service_config"] as Json)["environment_variables"] as Record<string, string>)["GATE_PACKAGE_SHA256"]!;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const storageSource = ((fn["build_config"] as Json)["source"] as Json)["storage_source"] as Json;
    const object = resourcesOf(s, "google_storage_bucket_object")[refId(storageSource["object"], "google_storage_bucket_object", "name")!]!;
    expect(object["name"]).toBe(`${sha}.zip`);
    // A relative asset path (never this machine's), the archive named by the same digest.
    expect(object["source"]).toBe(`assets/function-package-promotion-gate-gcp/${sha}/promotion-gate-gcp-${sha.slice(0, 16)}.zip`);
    expect(storageSource["generation"]).toMatch(/^\$\{google_storage_bucket_object\.[^.]+\.generation\}$/);
  });

  test("the environment the handler reads: registry bucket and log bucket by reference, attestation key version 1", () => {
    const [, fn] = gateOf(s, "fraud-scoring");
    const env_ = (fn["service_config"] as Json)["environment_variables"] as Record<string, string>;
    expect(env_["GATE_REGISTRY"]).toBe("fraud-scoring");
    expect(env_["GATE_REGISTRY_BUCKET"]).toMatch(/^\$\{google_storage_bucket\.supply-chain_registries_fraud-scoring_[A-Z0-9]+\.name\}$/);
    expect(env_["GATE_LOG_BUCKET"]).toMatch(/^\$\{google_storage_bucket\.supply-chain_log-bucket_[A-Z0-9]+\.name\}$/);
    expect(env_["GATE_ATTESTATION_KEY_VERSION"]).toMatch(/^\$\{google_kms_crypto_key\.supply-chain_gate-attestation-key_[A-Z0-9]+\.id\}\/cryptoKeyVersions\/1$/);
    expect(env_["GATE_SIGNING_PUBLIC_KEY"]).toMatch(/^\$\{data\.google_kms_crypto_key_version\.supply-chain_signing-key_PublicKey_[A-Z0-9]+\.public_key\[0\]\.pem\}$/);
    expect(env_["GATE_VERIFIER_ID"]).toBe(`urn:ai-supply-chain-blueprint:promotion-gate:gcp:acme-ai:${env}:fraud-scoring`);
    expect(env_["GATE_APPROVED_RETENTION_DAYS"]).toBe("365");
  });

  test("the attestation key: P-256 signing in the environment's ring, its public key an output", () => {
    const keys = Object.values(resourcesOf(s, "google_kms_crypto_key")).filter((k) => k["name"] === "gate-attestation");
    expect(keys.map((k) => [k["purpose"], k["version_template"], k["labels"]])).toEqual([["ASYMMETRIC_SIGN", { algorithm: "EC_SIGN_P256_SHA256", protection_level: "HSM" }, { purpose: "gate-attestation" }]]);
    expect(((s["output"] as Record<string, Json>)["gate-attestation-public-key"] ?? {})["value"]).toMatch(/^\$\{data\.google_kms_crypto_key_version\.supply-chain_gate-attestation-key_PublicKey_[A-Z0-9]+\.public_key\[0\]\.pem\}$/);
  });

  test("nothing is granted on the model-signing key to a gate (it verifies with the public key in its environment)", () => {
    const signingId = Object.entries(resourcesOf(s, "google_kms_crypto_key")).find(([, k]) => k["name"] === "signing")![0];
    const onSigning = Object.values(resourcesOf(s, "google_kms_crypto_key_iam_member")).filter((g) => g["crypto_key_id"] === `\${google_kms_crypto_key.${signingId}.id}`);
    expect(onSigning.filter((g) => String(g["member"]).includes("google_service_account."))).toEqual([]);
  });
});
