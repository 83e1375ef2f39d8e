import { TerraformOutput } from "cdktf";
import { ContainerRegistry, ContainerRegistryProps } from "../../../constructs/azure/container-registry";
import { KmsKey } from "../../../constructs/azure/kms-key";
import { validationErrorOf } from "../../helpers/errors";
import { testKeyVault } from "../../helpers/fixtures";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const READER = "00000000-0000-4000-8000-0000000000c1";
const PUBLISHER = "00000000-0000-4000-8000-0000000000b1";

function synthRegistry(props: Partial<Omit<ContainerRegistryProps, "kmsKey">> = {}): Json {
  return synthConstruct((scope) => {
    const keyVault = testKeyVault(scope);
    const kmsKey = new KmsKey(scope, "registry-key", { purpose: "registry", keyVault, tags: {} });
    const acr = new ContainerRegistry(scope, "acr", {
      name: "cracmeprod1a2b3c",
      resourceGroupName: "rg-acme-ai-prod",
      location: "westeurope",
      kmsKey,
      pullerObjectIds: [READER],
      pusherObjectIds: [PUBLISHER],
      tags: { owner: "ml-platform" },
      ...props,
    });
    new TerraformOutput(scope, "login-server", { value: acr.loginServer });
  });
}

function registry(json: Json): Json {
  return onlyResource(json, "azurerm_container_registry");
}

function assignmentsOf(json: Json): Json[] {
  return Object.values(resourcesOf(json, "azurerm_role_assignment"));
}

describe("azure ContainerRegistry", () => {
  test("Premium, admin user off, anonymous pull off, public network off, export off", () => {
    const acr = registry(synthRegistry());
    expect(acr["sku"]).toBe("Premium");
    expect(acr["admin_enabled"]).toBe(false);
    expect(acr["anonymous_pull_enabled"]).toBe(false);
    expect(acr["public_network_access_enabled"]).toBe(false);
    expect(acr["export_policy_enabled"]).toBe(false);
    expect(acr["trust_policy_enabled"]).toBeUndefined();
    expect(acr["tags"]).toEqual({ owner: "ml-platform" });
  });

  test("a dedicated data endpoint; trusted Azure services pass by default, none when refused", () => {
    expect(registry(synthRegistry())["data_endpoint_enabled"]).toBe(true);
    expect(registry(synthRegistry())["network_rule_bypass_option"]).toBe("AzureServices");
    expect(registry(synthRegistry({ trustedServicesBypass: false }))["network_rule_bypass_option"]).toBe("None");
  });

  test("untagged manifests are deleted after 7 days by default, or the days given", () => {
    expect(registry(synthRegistry())["retention_policy_in_days"]).toBe(7);
    expect(registry(synthRegistry({ untaggedRetentionDays: 30 }))["retention_policy_in_days"]).toBe(30);
  });

  test("zone-redundant in a location with availability zones, not elsewhere, unless told", () => {
    expect(registry(synthRegistry())["zone_redundancy_enabled"]).toBe(true);
    expect(registry(synthRegistry({ location: "West Europe" }))["zone_redundancy_enabled"]).toBe(true);
    expect(registry(synthRegistry({ location: "westcentralus" }))["zone_redundancy_enabled"]).toBe(false);
    expect(registry(synthRegistry({ location: "westcentralus", zoneRedundant: true }))["zone_redundancy_enabled"]).toBe(true);
    expect(registry(synthRegistry({ zoneRedundant: false }))["zone_redundancy_enabled"]).toBe(false);
  });

  test("encrypts with the registry key's versionless id through its user-assigned identity", () => {
    const json = synthRegistry();
    const acr = registry(json);
    expect(acr["encryption"]).toEqual([
      {
        key_vault_key_id: expect.stringMatching(/^\$\{azurerm_key_vault_key\.registry-key_[A-Z0-9]+\.versionless_id\}$/),
        identity_client_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.acr_Identity_[A-Z0-9]+\.client_id\}$/),
      },
    ]);
    expect(acr["identity"]).toEqual({ type: "UserAssigned", identity_ids: [expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.acr_Identity_[A-Z0-9]+\.id\}$/)] });
    expect(onlyResource(json, "azurerm_user_assigned_identity")).toEqual({ name: "id-cracmeprod1a2b3c", resource_group_name: "rg-acme-ai-prod", location: "westeurope", tags: { owner: "ml-platform" } });
  });

  test("the identity may wrap and unwrap with the registry key only, and the registry waits for that grant", () => {
    const json = synthRegistry();
    const keyAccess = assignmentsOf(json).filter((a) => a["role_definition_name"] === "Key Vault Crypto Service Encryption User");
    expect(keyAccess).toEqual([
      {
        scope: expect.stringMatching(/^\$\{azurerm_key_vault_key\.registry-key_[A-Z0-9]+\.resource_versionless_id\}$/),
        role_definition_name: "Key Vault Crypto Service Encryption User",
        principal_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.acr_Identity_[A-Z0-9]+\.principal_id\}$/),
      },
    ]);
    const waits = Object.entries(resourcesOf(json, "time_sleep")).filter(([id]) => id.startsWith("acr_"));
    expect(waits).toEqual([[expect.stringMatching(/^acr_IdentityKeyAccessPropagation_/), { create_duration: "120s", depends_on: [expect.stringMatching(/^azurerm_role_assignment\.acr_IdentityKeyAccess_[A-Z0-9]+$/)] }]]);
    expect(registry(json)["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.acr_IdentityKeyAccessPropagation_[A-Z0-9]+$/)]);
  });

  test("readers get AcrPull and publishers AcrPush, on this registry only", () => {
    const onRegistry = assignmentsOf(synthRegistry()).filter((a) => String(a["scope"]).startsWith("${azurerm_container_registry."));
    expect(onRegistry).toEqual([
      { scope: expect.stringMatching(/^\$\{azurerm_container_registry\.acr_[A-Z0-9]+\.id\}$/), role_definition_name: "AcrPull", principal_id: READER },
      { scope: expect.stringMatching(/^\$\{azurerm_container_registry\.acr_[A-Z0-9]+\.id\}$/), role_definition_name: "AcrPush", principal_id: PUBLISHER },
    ]);
    const none = assignmentsOf(synthRegistry({ pullerObjectIds: [], pusherObjectIds: [] })).filter((a) => String(a["scope"]).startsWith("${azurerm_container_registry."));
    expect(none).toEqual([]);
  });

  test("a CanNotDelete lock and prevent_destroy by default; neither when switched off", () => {
    const json = synthRegistry();
    const locks = Object.values(resourcesOf(json, "azurerm_management_lock")).filter((l) => String(l["scope"]).includes("azurerm_container_registry"));
    expect(locks).toEqual([{
      name: "blueprint-evidence-cannot-delete",
      scope: expect.stringMatching(/^\$\{azurerm_container_registry\.acr_[A-Z0-9]+\.id\}$/),
      lock_level: "CanNotDelete",
      notes: "Image registry (the images production runs): remove only through the documented break-glass procedure.",
    }]);
    expect(registry(json)["lifecycle"]).toEqual({ prevent_destroy: true });
    const loose = synthRegistry({ deleteLock: false, preventDestroy: false });
    // The vault's own lock remains; the registry has none.
    expect(Object.values(resourcesOf(loose, "azurerm_management_lock")).filter((l) => String(l["scope"]).includes("azurerm_container_registry"))).toEqual([]);
    expect(registry(loose)["lifecycle"]).toEqual({ prevent_destroy: false });
  });

  test("exposes the login server by reference", () => {
    expect((synthRegistry()["output"] as Record<string, Json>)["login-server"]!["value"]).toMatch(/^\$\{azurerm_container_registry\.acr_[A-Z0-9]+\.login_server\}$/);
  });

  test("AZURE_CONTAINER_REGISTRY_NAME_INVALID for hyphens, 4 or 51 characters", () => {
    for (const name of ["cr-acme-prod", "cr12", "c".repeat(51)]) {
      expect(validationErrorOf(() => synthRegistry({ name })).problems.map((p) => [p.code, p.prop])).toEqual([["AZURE_CONTAINER_REGISTRY_NAME_INVALID", "name"]]);
    }
  });

  test("AZURE_REGISTRY_RETENTION_OUT_OF_RANGE below 1 or above 365 days", () => {
    for (const untaggedRetentionDays of [0, 366, 1.5]) {
      expect(validationErrorOf(() => synthRegistry({ untaggedRetentionDays })).problems.map((p) => p.code)).toEqual(["AZURE_REGISTRY_RETENTION_OUT_OF_RANGE"]);
    }
  });

  test("AZURE_OBJECT_ID_INVALID and AZURE_REGISTRY_PRINCIPAL_DUPLICATE", () => {
    expect(validationErrorOf(() => synthRegistry({ pullerObjectIds: ["reader"] })).problems.map((p) => [p.code, p.prop])).toEqual([["AZURE_OBJECT_ID_INVALID", "pullerObjectIds"]]);
    expect(validationErrorOf(() => synthRegistry({ pusherObjectIds: [PUBLISHER, PUBLISHER] })).problems.map((p) => [p.code, p.prop])).toEqual([["AZURE_REGISTRY_PRINCIPAL_DUPLICATE", "pusherObjectIds"]]);
  });
});
