import { Json, allResources, resourcesOf, synthApp } from "../helpers/synth";

/*
 * Each environment stack holds one key per purpose on its cloud, and the environment's
 * protection level drives deletion windows, soft delete and prevent_destroy together.
 */
const stacks = new Map([...synthApp("environment-keys")].map(([name, json]) => [name, JSON.parse(json) as Json]));
const stack = (name: string): Json => stacks.get(name)!;
const PURPOSES = ["functions", "logs", "registry"];
/** AWS adds the monitoring key: the alert topic's and the trail's CloudWatch Logs copy's. */
const AWS_PURPOSES = ["functions", "logs", "monitoring", "registry"];

describe.each(["dev", "prod"])("%s keys", (env) => {
  const strict = env === "prod";

  test("AWS: one rotated key and alias per purpose", () => {
    const keys = Object.values(resourcesOf(stack(`aws-${env}`), "aws_kms_key")).filter((k) => k["key_usage"] === "ENCRYPT_DECRYPT");
    expect(keys.map((k) => k["tags"])).toEqual(AWS_PURPOSES.map((purpose) => ({ purpose })));
    for (const key of keys) {
      expect(key["enable_key_rotation"]).toBe(true);
      expect(key["rotation_period_in_days"]).toBe(90);
      expect(key["deletion_window_in_days"]).toBe(strict ? 30 : 7);
      expect(key["lifecycle"]).toEqual({ prevent_destroy: strict });
    }
    const aliases = Object.values(resourcesOf(stack(`aws-${env}`), "aws_kms_alias")).map((a) => a["name"]);
    expect(aliases).toEqual([`alias/acme-ai-${env}-gate-attestation`, ...AWS_PURPOSES.map((p) => `alias/acme-ai-${env}-${p}`), `alias/acme-ai-${env}-signing`]);
  });

  test("AWS: two P-256 signing keys, the gate's attestation key and the publishers' signing key, not rotated automatically (AWS cannot rotate asymmetric keys)", () => {
    const signing = Object.values(resourcesOf(stack(`aws-${env}`), "aws_kms_key")).filter((k) => k["key_usage"] !== "ENCRYPT_DECRYPT");
    expect(signing.map((k) => ({ spec: k["customer_master_key_spec"], usage: k["key_usage"], rotation: k["enable_key_rotation"], window: k["deletion_window_in_days"], tags: k["tags"], lifecycle: k["lifecycle"] }))).toEqual([
      { spec: "ECC_NIST_P256", usage: "SIGN_VERIFY", rotation: false, window: strict ? 30 : 7, tags: { purpose: "gate-attestation" }, lifecycle: { prevent_destroy: strict } },
      { spec: "ECC_NIST_P256", usage: "SIGN_VERIFY", rotation: false, window: strict ? 30 : 7, tags: { purpose: "signing" }, lifecycle: { prevent_destroy: strict } },
    ]);
  });

  test("AWS: key policies name this environment's account and admin role, and no principal of another account", () => {
    const account = env === "prod" ? "222222222222" : "111111111111";
    const roles = resourcesOf(stack(`aws-${env}`), "aws_iam_role");
    // A principal that is not a literal ARN must be a role of this stack, by its ARN attribute: named here by its role name.
    const roleOf = (ref: string): unknown => roles[/^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(ref)?.[1] ?? ""]?.["name"] ?? ref;
    const byReference: Record<string, unknown[]> = {};
    for (const key of Object.values(resourcesOf(stack(`aws-${env}`), "aws_kms_key"))) {
      const policy = JSON.parse(key["policy"] as string) as { Statement: Array<{ Principal: "*" | { AWS?: string | string[] } }> };
      const named = policy.Statement.flatMap((s) => (s.Principal !== "*" && s.Principal.AWS !== undefined ? [s.Principal.AWS] : []));
      expect(named.slice(0, 2)).toEqual([`arn:aws:iam::${account}:root`, `arn:aws:iam::${account}:role/blueprint-key-admin`]);
      const literal = named.flat().filter((arn) => !arn.startsWith("${"));
      expect(literal.filter((arn) => !arn.startsWith(`arn:aws:iam::${account}:`))).toEqual([]);
      byReference[(key["tags"] as Json)["purpose"] as string] = named.flat().filter((arn) => arn.startsWith("${")).map(roleOf);
    }
    // Only the gate's attestation key names roles by reference: the two promotion-gate execution roles of this stack, which sign decision records.
    expect(byReference).toEqual({
      "gate-attestation": [`acme-ai-${env}-gate-fraud-scoring-exec`, `acme-ai-${env}-gate-llm-adapters-exec`],
      functions: [],
      logs: [],
      monitoring: [],
      registry: [],
      signing: [],
    });
  });

  test("GCP: a key ring and one HSM key per purpose, rotated every 90 days", () => {
    const ring = Object.values(resourcesOf(stack(`gcp-${env}`), "google_kms_key_ring"));
    // Standard rings carry their time_static's creation time (issue 6 #6).
    expect(ring.map((r) => r["name"])).toEqual([strict ? `acme-ai-${env}` : expect.stringMatching(/^acme-ai-dev-\$\{time_static\.[A-Za-z0-9_-]+\.unix\}$/)]);
    const keys = Object.values(resourcesOf(stack(`gcp-${env}`), "google_kms_crypto_key")).filter((k) => k["purpose"] === "ENCRYPT_DECRYPT");
    expect(keys.map((k) => k["name"])).toEqual(PURPOSES);
    for (const key of keys) {
      expect(key["rotation_period"]).toBe("7776000s");
      expect(key["destroy_scheduled_duration"]).toBe(`${(strict ? 30 : 7) * 86400}s`);
      expect(key["lifecycle"]).toEqual({ prevent_destroy: strict });
    }
  });

  test("Azure: premium vault with purge protection and one rotated HSM key per purpose", () => {
    const vaults = Object.values(resourcesOf(stack(`azure-${env}`), "azurerm_key_vault"));
    expect(vaults).toHaveLength(1);
    expect(vaults[0]).toMatchObject({
      sku_name: "premium",
      purge_protection_enabled: true,
      rbac_authorization_enabled: true,
      soft_delete_retention_days: strict ? 90 : 7,
      lifecycle: { prevent_destroy: strict },
      network_acls: { default_action: "Deny" },
    });
    const keys = Object.values(resourcesOf(stack(`azure-${env}`), "azurerm_key_vault_key")).filter((k) => k["key_type"] === "RSA-HSM");
    expect(keys.map((k) => k["name"])).toEqual(PURPOSES);
    for (const key of keys) {
      expect(key["key_type"]).toBe("RSA-HSM");
      expect(key["rotation_policy"]).toMatchObject({ automatic: { time_after_creation: "P90D" } });
    }
  });

  test("GCP: two HSM P-256 signing keys (gate attestation, publishers) without a rotation period (Cloud KMS rotates no asymmetric key)", () => {
    const signing = Object.values(resourcesOf(stack(`gcp-${env}`), "google_kms_crypto_key")).filter((k) => k["purpose"] !== "ENCRYPT_DECRYPT");
    expect(signing.map((k) => ({ name: k["name"], purpose: k["purpose"], template: k["version_template"], rotation: k["rotation_period"], lifecycle: k["lifecycle"] }))).toEqual([
      { name: "gate-attestation", purpose: "ASYMMETRIC_SIGN", template: { algorithm: "EC_SIGN_P256_SHA256", protection_level: "HSM" }, rotation: undefined, lifecycle: { prevent_destroy: strict } },
      { name: "signing", purpose: "ASYMMETRIC_SIGN", template: { algorithm: "EC_SIGN_P256_SHA256", protection_level: "HSM" }, rotation: undefined, lifecycle: { prevent_destroy: strict } },
    ]);
  });

  test("Azure: two EC-HSM P-256 signing keys (gate attestation, publishers) that can only sign and verify, rotated like the others", () => {
    const signing = Object.values(resourcesOf(stack(`azure-${env}`), "azurerm_key_vault_key")).filter((k) => k["key_type"] !== "RSA-HSM");
    expect(signing.map((k) => ({ name: k["name"], type: k["key_type"], curve: k["curve"], opts: k["key_opts"], rotation: (k["rotation_policy"] as Json)["automatic"] }))).toEqual([
      { name: "gate-attestation", type: "EC-HSM", curve: "P-256", opts: ["sign", "verify"], rotation: { time_after_creation: "P90D" } },
      { name: "signing", type: "EC-HSM", curve: "P-256", opts: ["sign", "verify"], rotation: { time_after_creation: "P90D" } },
    ]);
  });
});

describe("state-backend stacks are strict whatever the environments say", () => {
  test.each(["state-backend-aws", "state-backend-gcp", "state-backend-azure"])("%s: every stateful resource has prevent_destroy", (name) => {
    const stateful = allResources(stack(name)).filter(([type]) =>
      ["aws_kms_key", "aws_s3_bucket", "google_kms_key_ring", "google_kms_crypto_key", "google_storage_bucket", "azurerm_key_vault", "azurerm_key_vault_key", "azurerm_storage_account"].includes(type),
    );
    expect(stateful.length).toBeGreaterThanOrEqual(2);
    for (const [type, id, body] of stateful) {
      // Azure keys also ignore what rotation changes (issue 6 #2): only prevent_destroy is asserted here.
      expect({ type, id, preventDestroy: (body["lifecycle"] as Json | undefined)?.["prevent_destroy"] }).toEqual({ type, id, preventDestroy: true });
    }
  });
});
