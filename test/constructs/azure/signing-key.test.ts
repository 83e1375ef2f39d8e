import { TerraformOutput } from "cdktf";
import { SigningKey, SigningKeyProps } from "../../../constructs/azure/signing-key";
import { KmsKey } from "../../../constructs/azure/kms-key";
import { azureKeysRotate } from "../../checkers/key-rotation";
import { validationErrorOf } from "../../helpers/errors";
import { TEST_RESOURCE_GROUP_ID, testKeyVault } from "../../helpers/fixtures";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const PUBLISHER_A = "00000000-0000-4000-8000-0000000000b1";
const PUBLISHER_B = "00000000-0000-4000-8000-0000000000b2";
const GATE = "00000000-0000-4000-8000-0000000000e1";

function synthSigning(props: Partial<Omit<SigningKeyProps, "keyVault">> = {}): Json {
  return synthConstruct((scope) => {
    const keyVault = testKeyVault(scope);
    new SigningKey(scope, "signing", { keyVault, resourceGroupId: TEST_RESOURCE_GROUP_ID, publisherObjectIds: [PUBLISHER_A, PUBLISHER_B], tags: { owner: "ml-platform" }, ...props });
  });
}

function assignments(json: Json): Json[] {
  return Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((a) => String(a["scope"]).includes("azurerm_key_vault_key."));
}

describe("azure SigningKey", () => {
  test("an EC-HSM P-256 key named signing that may only sign and verify", () => {
    const key = onlyResource(synthSigning(), "azurerm_key_vault_key");
    expect(key["name"]).toBe("signing");
    expect(key["key_type"]).toBe("EC-HSM");
    expect(key["curve"]).toBe("P-256");
    expect(key["key_opts"]).toEqual(["sign", "verify"]);
    expect(key["key_size"]).toBeUndefined();
    expect(key["tags"]).toEqual({ owner: "ml-platform", purpose: "signing" });
  });

  test("rotates every 90 days, versions expire after 180 and notify 30 days ahead; rotation's expiry changes are ignored", () => {
    const json = synthSigning();
    const key = onlyResource(json, "azurerm_key_vault_key");
    expect(key["rotation_policy"]).toEqual({ automatic: { time_after_creation: "P90D" }, expire_after: "P180D", notify_before_expiry: "P30D" });
    expect(key["lifecycle"]).toEqual({ prevent_destroy: true, ignore_changes: ["expiration_date"] });
    expect(azureKeysRotate(json)).toEqual({ status: "compliant", checked: [expect.stringMatching(/^azurerm_key_vault_key\.signing_Key_/)] });
    expect(onlyResource(synthSigning({ rotationPeriodDays: 180 }), "azurerm_key_vault_key")["rotation_policy"]).toEqual({
      automatic: { time_after_creation: "P180D" },
      expire_after: "P270D",
      notify_before_expiry: "P30D",
    });
  });

  test("waits for the vault's data-plane grant before the key is written", () => {
    expect(onlyResource(synthSigning(), "azurerm_key_vault_key")["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.vault_KeyWritePropagation_[A-Z0-9]+$/)]);
  });

  test("the signer role signs and reads the public key, nothing else, and is defined on the resource group", () => {
    const roles = Object.values(resourcesOf(synthSigning(), "azurerm_role_definition"));
    const signer = roles.find((r) => /^Blueprint model signer \(\$\{azurerm_key_vault\.vault_[A-Za-z0-9_]+\.name\}\)$/.test(String(r["name"])))!;
    expect(signer["permissions"]).toEqual([{ actions: [], data_actions: ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/sign/action"] }]);
    expect(signer["scope"]).toBe(TEST_RESOURCE_GROUP_ID);
    expect(signer["assignable_scopes"]).toEqual([TEST_RESOURCE_GROUP_ID]);
    expect(signer["depends_on"]).toEqual([expect.stringMatching(/^azurerm_key_vault_key\.signing_Key_[A-Z0-9]+$/)]);
  });

  test("the verifier role verifies and reads the public key, never signs", () => {
    const roles = Object.values(resourcesOf(synthSigning(), "azurerm_role_definition"));
    const verifier = roles.find((r) => /^Blueprint model verifier \(\$\{azurerm_key_vault\.vault_[A-Za-z0-9_]+\.name\}\)$/.test(String(r["name"])))!;
    expect(verifier["permissions"]).toEqual([{ actions: [], data_actions: ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/verify/action"] }]);
    expect(verifier["assignable_scopes"]).toEqual([TEST_RESOURCE_GROUP_ID]);
  });

  test("each publisher gets the signer role on the key's versionless resource id, and nothing on the vault", () => {
    const json = synthSigning();
    const onKey = assignments(json);
    expect(onKey.map((a) => a["principal_id"]).sort()).toEqual([PUBLISHER_A, PUBLISHER_B]);
    for (const a of onKey) {
      expect(a["scope"]).toMatch(/^\$\{azurerm_key_vault_key\.signing_Key_[A-Z0-9]+\.resource_versionless_id\}$/);
      expect(a["role_definition_id"]).toMatch(/^\$\{azurerm_role_definition\.signing_SignerRole_[A-Z0-9]+\.role_definition_resource_id\}$/);
    }
    // Only the vault's own key-manager assignments sit on the vault.
    const onVault = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((a) => String(a["scope"]).includes("azurerm_key_vault."));
    expect(onVault.map((a) => a["role_definition_id"])).toEqual([
      expect.stringMatching(/KeyManagerRole/),
      expect.stringMatching(/KeyManagerRole/),
    ]);
  });

  test("logical ids of the assignments are the object ids, so adding a publisher replaces nobody", () => {
    const ids = Object.keys(resourcesOf(synthSigning(), "azurerm_role_assignment")).filter((id) => id.startsWith("signing_"));
    expect(ids).toEqual([expect.stringMatching(`^signing_Signer-${PUBLISHER_A}_`), expect.stringMatching(`^signing_Signer-${PUBLISHER_B}_`)]);
  });

  test("the gate gets the verifier role on the key; no verifier by default", () => {
    expect(assignments(synthSigning()).filter((a) => String(a["role_definition_id"]).includes("VerifierRole"))).toEqual([]);
    const gate = assignments(synthSigning({ publisherObjectIds: [], verifierObjectIds: [GATE] }));
    expect(gate).toHaveLength(1);
    expect(gate[0]!["principal_id"]).toBe(GATE);
    expect(gate[0]!["scope"]).toMatch(/^\$\{azurerm_key_vault_key\.signing_Key_[A-Z0-9]+\.resource_versionless_id\}$/);
    expect(gate[0]!["role_definition_id"]).toMatch(/^\$\{azurerm_role_definition\.signing_VerifierRole_[A-Z0-9]+\.role_definition_resource_id\}$/);
  });

  test("exposes the versionless key id, the ARM id and the public key PEM by reference", () => {
    const json = synthConstruct((scope) => {
      const signing = new SigningKey(scope, "signing", { keyVault: testKeyVault(scope), resourceGroupId: TEST_RESOURCE_GROUP_ID, publisherObjectIds: [], tags: {} });
      new TerraformOutput(scope, "pem", { value: signing.publicKeyPem });
      new TerraformOutput(scope, "key", { value: signing.versionlessKeyId });
      new TerraformOutput(scope, "scope", { value: signing.resourceVersionlessId });
    });
    const outputs = json["output"] as Record<string, Json>;
    expect(outputs["pem"]!["value"]).toMatch(/^\$\{azurerm_key_vault_key\.signing_Key_[A-Z0-9]+\.public_key_pem\}$/);
    expect(outputs["key"]!["value"]).toMatch(/^\$\{azurerm_key_vault_key\.signing_Key_[A-Z0-9]+\.versionless_id\}$/);
    expect(outputs["scope"]!["value"]).toMatch(/^\$\{azurerm_key_vault_key\.signing_Key_[A-Z0-9]+\.resource_versionless_id\}$/);
  });

  test("AZURE_OBJECT_ID_INVALID for a publisher or verifier that is not an object id", () => {
    const err = validationErrorOf(() => synthSigning({ publisherObjectIds: ["alice@example.com"], verifierObjectIds: ["gate"] }));
    expect(err.problems.map((p) => [p.code, p.prop])).toEqual([
      ["AZURE_OBJECT_ID_INVALID", "publisherObjectIds"],
      ["AZURE_OBJECT_ID_INVALID", "verifierObjectIds"],
    ]);
  });

  test("AZURE_SIGNING_PRINCIPAL_DUPLICATE for an object id listed twice", () => {
    const err = validationErrorOf(() => synthSigning({ publisherObjectIds: [PUBLISHER_A, PUBLISHER_A] }));
    expect(err.problems.map((p) => [p.code, p.prop, p.value])).toEqual([["AZURE_SIGNING_PRINCIPAL_DUPLICATE", "publisherObjectIds", `"${PUBLISHER_A}"`]]);
  });

  test("AZURE_RESOURCE_GROUP_ID_INVALID and AZURE_KEY_NAME_INVALID", () => {
    expect(validationErrorOf(() => synthSigning({ resourceGroupId: "rg-acme" })).problems.map((p) => p.code)).toEqual(["AZURE_RESOURCE_GROUP_ID_INVALID"]);
    expect(validationErrorOf(() => synthSigning({ name: "model_signing" })).problems.map((p) => p.code)).toEqual(["AZURE_KEY_NAME_INVALID"]);
  });
});

describe("azure KmsKey curve", () => {
  function synthKey(props: { keyType?: "RSA-HSM" | "EC-HSM"; curve?: "P-256" | "P-384" }): Json {
    return synthConstruct((scope) => {
      new KmsKey(scope, "key", { purpose: "signing", keyVault: testKeyVault(scope), tags: {}, ...props });
    });
  }

  test("EC-HSM takes P-256 when asked and keeps P-384 by default", () => {
    expect(onlyResource(synthKey({ keyType: "EC-HSM", curve: "P-256" }), "azurerm_key_vault_key")["curve"]).toBe("P-256");
    expect(onlyResource(synthKey({ keyType: "EC-HSM" }), "azurerm_key_vault_key")["curve"]).toBe("P-384");
  });

  test("AZURE_KEY_CURVE_NOT_EC for a curve on an RSA key", () => {
    const err = validationErrorOf(() => synthKey({ curve: "P-256" }));
    expect(err.problems.map((p) => [p.code, p.prop, p.value])).toEqual([["AZURE_KEY_CURVE_NOT_EC", "curve", '"P-256"']]);
  });
});

describe("azure SigningKey grants for identities known at apply time", () => {
  const IDENTITY = "00000000-0000-4000-8000-0000000000e9";

  test("grantSign and grantVerify assign the signer and verifier roles on the key alone; custom role names and label", () => {
    const json = synthConstruct((scope) => {
      const keyVault = testKeyVault(scope);
      const key = new SigningKey(scope, "signing", {
        keyVault, resourceGroupId: TEST_RESOURCE_GROUP_ID, publisherObjectIds: [], name: "gate-attestation", label: "the gate attestation key",
        roleNames: { signer: "Blueprint gate attestation signer (kv)", verifier: "Blueprint gate attestation verifier (kv)" }, tags: {},
      });
      key.grantSign("gate-a", IDENTITY, "Gate a signs records.");
      key.grantVerify("auditor", IDENTITY, "Auditor verifies records.");
    });
    const byId = Object.entries(resourcesOf(json, "azurerm_role_assignment"));
    const sign = byId.find(([id]) => id.startsWith("signing_Signer-gate-a_"))![1];
    const verify = byId.find(([id]) => id.startsWith("signing_Verifier-auditor_"))![1];
    expect(sign["scope"]).toMatch(/^\$\{azurerm_key_vault_key\.signing_Key_[A-Z0-9]+\.resource_versionless_id\}$/);
    expect(sign["role_definition_id"]).toMatch(/^\$\{azurerm_role_definition\.signing_SignerRole_[A-Z0-9]+\.role_definition_resource_id\}$/);
    expect([sign["principal_id"], sign["description"]]).toEqual([IDENTITY, "Gate a signs records."]);
    expect(verify["role_definition_id"]).toMatch(/^\$\{azurerm_role_definition\.signing_VerifierRole_[A-Z0-9]+\.role_definition_resource_id\}$/);
    const roles = Object.values(resourcesOf(json, "azurerm_role_definition")).map((r) => [r["name"], r["description"]]).filter(([n]) => String(n).includes("attestation")).sort();
    expect(roles).toEqual([
      ["Blueprint gate attestation signer (kv)", "Sign with the gate attestation key and read its public key; no encrypt, decrypt, wrap, unwrap or key management."],
      ["Blueprint gate attestation verifier (kv)", "Verify with the gate attestation key and read its public key; never sign."],
    ]);
  });

  test("AZURE_SIGNING_PRINCIPAL_DUPLICATE and AZURE_OBJECT_ID_INVALID from a grant method", () => {
    const build = (extra: (k: SigningKey) => void) =>
      synthConstruct((scope) => {
        const key = new SigningKey(scope, "signing", { keyVault: testKeyVault(scope), resourceGroupId: TEST_RESOURCE_GROUP_ID, publisherObjectIds: [], tags: {} });
        extra(key);
      });
    expect(() => build((k) => { k.grantSign("a", IDENTITY, "x"); k.grantSign("a", IDENTITY, "x"); })).toThrow(/AZURE_SIGNING_PRINCIPAL_DUPLICATE/);
    expect(() => build((k) => k.grantVerify("b", "not-an-id", "x"))).toThrow(/AZURE_OBJECT_ID_INVALID/);
  });
});
