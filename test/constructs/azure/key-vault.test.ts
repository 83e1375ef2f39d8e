import { KEY_VAULT_CRYPTO_OFFICER, KeyVault, KeyVaultProps } from "../../../constructs/azure/key-vault";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const ADMIN = "00000000-0000-4000-8000-0000000000a1";
const DEPLOYER = "00000000-0000-4000-8000-0000000000d1";
const tags = { owner: "ml-platform" };

function synthVault(props: Partial<KeyVaultProps> = {}): Json {
  return synthConstruct(
    (scope) =>
      new KeyVault(scope, "vault", {
        name: "kv-acme-ai-prod-1a2b3",
        resourceGroupName: "rg-acme-ai-prod",
        location: "westeurope",
        tenantId: "00000000-0000-4000-8000-000000000000",
        deployerObjectId: DEPLOYER,
        adminObjectIds: [ADMIN],
        tags,
        ...props,
      }),
  );
}

describe("azure KeyVault", () => {
  const stack = synthVault();
  const vault = onlyResource(stack, "azurerm_key_vault");

  test("premium SKU (HSM-backed keys) with RBAC authorization", () => {
    expect(vault["sku_name"]).toBe("premium");
    expect(vault["rbac_authorization_enabled"]).toBe(true);
  });

  test("purge protection on and 90-day soft delete by default", () => {
    expect(vault["purge_protection_enabled"]).toBe(true);
    expect(vault["soft_delete_retention_days"]).toBe(90);
  });

  test("network ACL denies by default and public network access is off without allowed ranges", () => {
    expect(vault["network_acls"]).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: [] });
    expect(vault["public_network_access_enabled"]).toBe(false);
  });

  test("allowed ranges open the firewall to exactly those ranges, still deny by default", () => {
    const open = onlyResource(synthVault({ allowedIpRanges: ["203.0.113.0/24"] }), "azurerm_key_vault");
    expect(open["public_network_access_enabled"]).toBe(true);
    expect(open["network_acls"]).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: ["203.0.113.0/24"] });
  });

  test("not usable for VM deployment, disk encryption or templates", () => {
    expect(vault).toMatchObject({ enabled_for_deployment: false, enabled_for_disk_encryption: false, enabled_for_template_deployment: false });
  });

  test("prevent_destroy by default and carries the given tags", () => {
    expect(vault["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(vault["tags"]).toEqual(tags);
  });

  test("deployer and admins are Key Vault Crypto Officers on this vault only", () => {
    const assignments = Object.values(resourcesOf(stack, "azurerm_role_assignment"));
    expect(assignments.map((a) => a["principal_id"]).sort()).toEqual([ADMIN, DEPLOYER].sort());
    for (const a of assignments) {
      expect(a["role_definition_name"]).toBe(KEY_VAULT_CRYPTO_OFFICER);
      expect(a["scope"]).toMatch(/^\$\{azurerm_key_vault\.vault_[A-Z0-9]+\.id\}$/);
    }
  });

  test("the deployer listed as admin too is assigned once", () => {
    const assignments = Object.values(resourcesOf(synthVault({ adminObjectIds: [DEPLOYER] }), "azurerm_role_assignment"));
    expect(assignments).toHaveLength(1);
  });

  test.each([
    [{ softDeleteRetentionDays: 6 }, "softDeleteRetentionDays", "KEY_VAULT_SOFT_DELETE_OUT_OF_RANGE"],
    [{ softDeleteRetentionDays: 91 }, "softDeleteRetentionDays", "KEY_VAULT_SOFT_DELETE_OUT_OF_RANGE"],
    [{ name: "1starts-with-digit" }, "name", "KEY_VAULT_NAME_INVALID"],
    [{ name: "kv--double" }, "name", "KEY_VAULT_NAME_INVALID"],
    [{ tenantId: "not-a-uuid" }, "tenantId", "AZURE_TENANT_ID_INVALID"],
    [{ adminObjectIds: [] }, "adminObjectIds", "KEY_VAULT_NO_ADMIN"],
    [{ adminObjectIds: ["bob"] }, "adminObjectIds", "AZURE_OBJECT_ID_INVALID"],
    [{ allowedIpRanges: ["0.0.0.0/-1"] }, "allowedIpRanges", "KEY_VAULT_IP_RANGE_INVALID"],
  ])("rejects %j", (props, prop, code) => {
    const error = validationErrorOf(() => synthVault(props as Partial<KeyVaultProps>));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ constructPath: "test/vault", prop, code });
  });
});
