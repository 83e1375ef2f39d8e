import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { ModelRegistrySpec } from "../../../constructs/shared/model-registry-spec";
import { PROTECTION } from "../../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { AiSupplyChainAzure } from "../../../modules/ai-supply-chain-azure";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf } from "../../helpers/synth";

const ADMIN = "00000000-0000-4000-8000-0000000000a1";
const PUB_A = "00000000-0000-4000-8000-0000000000b1";
const PUB_B = "00000000-0000-4000-8000-0000000000b2";
const READER = "00000000-0000-4000-8000-0000000000c1";

function spec(name: string, publishers: string[], readers: string[]): ModelRegistrySpec {
  return { name, publishers, readers, lineageTags: ["dataset-digest", "source-commit", "eval-report"], approvedRetentionDays: 365, incomingExpiryDays: 14 };
}

function build(registries: readonly ModelRegistrySpec[]): { module: AiSupplyChainAzure; json: Json } {
  const stack = new TerraformStack(Testing.app(), "azure-prod");
  const module = new AiSupplyChainAzure(stack, "supply-chain", {
    organization: "acme-ai",
    environment: "prod",
    keyRotationDays: 120,
    protection: PROTECTION.strict,
    logs: { retentionTier: RETENTION_TIER_PRESETS["audit-1y"], lockRetention: true },
    subscriptionId: "00000000-0000-4000-8000-000000000001",
    tenantId: "00000000-0000-4000-8000-000000000000",
    location: "westeurope",
    adminObjectIds: [ADMIN],
    allowedIpRanges: [],
    registries,
    monitoring: { emails: ["security@example.com"], gateRejectionsPerHour: 5, costAnomalyThresholdUsd: 100 },
    tags: { owner: "ml-platform" },
  });
  // As the stack emits them, so the test sees the rendered references.
  for (const output of module.outputs) new TerraformOutput(stack, output.id, { value: output.value, description: output.description });
  return { module, json: JSON.parse(Testing.synth(stack)) as Json };
}

const TWO_REGISTRIES = [spec("fraud-scoring", [PUB_A, PUB_B], [READER]), spec("llm-adapters", [PUB_B], [READER])];

describe("AiSupplyChainAzure signing key and image registry", () => {
  test("one signer assignment per publisher across all registries, on the signing key", () => {
    const { json } = build(TWO_REGISTRIES);
    const signers = Object.entries(resourcesOf(json, "azurerm_role_assignment")).filter(([id]) => id.includes("signing-key_Signer-"));
    expect(signers.map(([, a]) => a["principal_id"]).sort()).toEqual([PUB_A, PUB_B]);
    const key = Object.values(resourcesOf(json, "azurerm_key_vault_key")).find((k) => k["name"] === "signing")!;
    expect(key["curve"]).toBe("P-256");
    expect(key["rotation_policy"]).toEqual({ automatic: { time_after_creation: "P120D" }, expire_after: "P210D", notify_before_expiry: "P30D" });
  });

  test("the registry: readers pull, publishers push (union, once each), encrypted with the registry key, locked under strict", () => {
    const { json } = build(TWO_REGISTRIES);
    const acr = onlyResource(json, "azurerm_container_registry");
    expect(acr["name"]).toMatch(/^cracmeaiprod[a-z0-9]{6}$/);
    expect(acr["encryption"]).toEqual([{ key_vault_key_id: expect.stringMatching(/^\$\{azurerm_key_vault_key\.supply-chain_keys_registry_[A-Z0-9]+\.versionless_id\}$/), identity_client_id: expect.any(String) }]);
    const onAcr = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((a) => String(a["scope"]).startsWith("${azurerm_container_registry."));
    expect(onAcr.map((a) => [a["role_definition_name"], a["principal_id"]])).toEqual([
      ["AcrPull", READER],
      ["AcrPush", PUB_A],
      ["AcrPush", PUB_B],
    ]);
    expect(Object.values(resourcesOf(json, "azurerm_management_lock")).filter((l) => String(l["scope"]).startsWith("${azurerm_container_registry."))).toHaveLength(1);
  });

  test("outputs: signing key, its public key and the image registry's login server, with descriptions", () => {
    const { module, json } = build(TWO_REGISTRIES);
    const byId = Object.fromEntries(module.outputs.map((o) => [o.id, o]));
    expect(byId["signing-key"]!.description).toEqual(expect.stringContaining("EC-HSM P-256"));
    expect(byId["signing-public-key"]!.description).toEqual(expect.stringContaining("PEM public key"));
    expect(byId["image-registry"]!.description).toEqual(expect.stringContaining("Login server"));
    expect(byId["signing-public-key"]!.sensitive).toBeUndefined();
    const outputs = json["output"] as Record<string, Json>;
    expect(outputs["signing-key"]!["value"]).toMatch(/^\$\{azurerm_key_vault_key\.supply-chain_signing-key_Key_[A-Z0-9]+\.versionless_id\}$/);
    expect(outputs["signing-public-key"]!["value"]).toMatch(/^\$\{azurerm_key_vault_key\.supply-chain_signing-key_Key_[A-Z0-9]+\.public_key_pem\}$/);
    expect(outputs["image-registry"]!["value"]).toMatch(/^\$\{azurerm_container_registry\.supply-chain_image-registry_[A-Z0-9]+\.login_server\}$/);
  });

  test("without registries there is no signing key, no container registry and no output for them: nobody could sign or push", () => {
    const { json } = build([]);
    expect(Object.values(resourcesOf(json, "azurerm_key_vault_key")).filter((k) => k["key_type"] === "EC-HSM")).toEqual([]);
    expect(resourcesOf(json, "azurerm_container_registry")).toEqual({});
    expect(Object.keys((json["output"] as Json | undefined) ?? {}).filter((o) => o.startsWith("signing") || o === "image-registry")).toEqual([]);
  });

  test("AZURE_PUBLISHER_IS_KEY_ADMIN: a key administrator listed as a publisher", () => {
    expect(validationErrorOf(() => build([spec("fraud-scoring", [ADMIN], [READER])])).problems).toEqual([
      {
        code: "AZURE_PUBLISHER_IS_KEY_ADMIN",
        constructPath: "azure-prod/supply-chain/signing-key",
        prop: "registries[].publishers",
        value: ADMIN,
        accepted: expect.stringContaining("a key administrator must not also sign models"),
      },
    ]);
  });
});
