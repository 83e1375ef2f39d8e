import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { TerraformVariable } from "cdktf";
import { KeyVault, KeyVaultProps } from "../../../constructs/azure/key-vault";
import { PropagationDelay } from "../../../constructs/shared/propagation-delay";
import { azureRolesAreLeastPrivilege } from "../../checkers/least-privilege";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const ADMIN = "00000000-0000-4000-8000-0000000000a1";
const ADMIN_2 = "00000000-0000-4000-8000-0000000000a2";
const DEPLOYER = "00000000-0000-4000-8000-0000000000d1";
const RG_ID = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod";
const tags = { owner: "ml-platform" };

function synthVault(props: Partial<KeyVaultProps> = {}): Json {
  return synthConstruct(
    (scope) =>
      new KeyVault(scope, "vault", {
        name: "kv-acme-ai-prod-1a2b3",
        resourceGroupName: "rg-acme-ai-prod",
        resourceGroupId: RG_ID,
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
  const vault = (): Json => onlyResource(stack, "azurerm_key_vault");

  test("the whole vault: premium, RBAC, purge protection, no VM, disk or template use, firewall deny, tags, prevent_destroy", () => {
    expect(vault()).toEqual({
      name: "kv-acme-ai-prod-1a2b3",
      resource_group_name: "rg-acme-ai-prod",
      location: "westeurope",
      tenant_id: "00000000-0000-4000-8000-000000000000",
      sku_name: "premium",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      enabled_for_deployment: false,
      enabled_for_disk_encryption: false,
      enabled_for_template_deployment: false,
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: [] },
      tags: { owner: "ml-platform" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("prevent_destroy false when asked; a soft-delete period of 7 days is accepted", () => {
    const json = synthVault({ preventDestroy: false, softDeleteRetentionDays: 7 });
    expect(onlyResource(json, "azurerm_key_vault")).toMatchObject({ lifecycle: { prevent_destroy: false }, soft_delete_retention_days: 7 });
  });

  test("premium SKU (HSM-backed keys) with RBAC authorization", () => {
    expect(vault()["sku_name"]).toBe("premium");
    expect(vault()["rbac_authorization_enabled"]).toBe(true);
  });

  test("purge protection on and 90-day soft delete by default", () => {
    expect(vault()["purge_protection_enabled"]).toBe(true);
    expect(vault()["soft_delete_retention_days"]).toBe(90);
  });

  test("network ACL denies by default and public network access is off without allowed ranges", () => {
    expect(vault()["network_acls"]).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: [] });
    expect(vault()["public_network_access_enabled"]).toBe(false);
  });

  test("allowed ranges open the firewall to exactly those ranges, still deny by default", () => {
    const open = onlyResource(synthVault({ allowedIpRanges: ["203.0.113.0/24"] }), "azurerm_key_vault");
    expect(open["public_network_access_enabled"]).toBe(true);
    expect(open["network_acls"]).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: ["203.0.113.0/24"] });
  });

  test("not usable for VM deployment, disk encryption or templates", () => {
    expect(vault()).toMatchObject({ enabled_for_deployment: false, enabled_for_disk_encryption: false, enabled_for_template_deployment: false });
  });

  test("prevent_destroy by default and carries the given tags", () => {
    expect(vault()["lifecycle"]).toEqual({ prevent_destroy: true });
    expect(vault()["tags"]).toEqual(tags);
  });

  test("#14 the key-manager role manages keys and cannot use, back up or restore them", () => {
    const role = onlyResource(stack, "azurerm_role_definition");
    expect(role["description"]).toBe("Create, rotate, tag, delete and recover keys and set rotation policies; no cryptographic use, backup or restore.");
    expect(role["permissions"]).toEqual([
      {
        actions: ["Microsoft.KeyVault/vaults/read"],
        data_actions: [
          "Microsoft.KeyVault/vaults/keys/read",
          "Microsoft.KeyVault/vaults/keys/create/action",
          "Microsoft.KeyVault/vaults/keys/update/action",
          "Microsoft.KeyVault/vaults/keys/rotate/action",
          "Microsoft.KeyVault/vaults/keys/delete",
          "Microsoft.KeyVault/vaults/keys/recover/action",
          "Microsoft.KeyVault/vaults/keyrotationpolicies/read",
          "Microsoft.KeyVault/vaults/keyrotationpolicies/write",
        ],
      },
    ]);
    expect(role["scope"]).toBe(RG_ID);
    expect(role["assignable_scopes"]).toEqual([RG_ID]);
    // Unique per tenant through the (global) vault name, by reference.
    expect(role["name"]).toMatch(/^Blueprint key manager \(\$\{azurerm_key_vault\.vault_[A-Z0-9]+\.name\}\)$/);
  });

  test("#14 no built-in Key Vault role that can use keys is assigned, to anyone", () => {
    const assignments = Object.values(resourcesOf(stack, "azurerm_role_assignment"));
    expect(assignments).toHaveLength(2);
    expect(azureRolesAreLeastPrivilege(stack)).toEqual({
      status: "compliant",
      checked: [
        expect.stringMatching(/^azurerm_role_assignment\.vault_AdminKeyManager_[A-Z0-9]+$/),
        expect.stringMatching(/^azurerm_role_assignment\.vault_DeployerKeyManager_[A-Z0-9]+$/),
        expect.stringMatching(/^azurerm_role_definition\.vault_KeyManagerRole_[A-Z0-9]+$/),
      ],
    });
    for (const a of assignments) {
      expect(a["role_definition_name"]).toBeUndefined();
      expect(a["role_definition_id"]).toMatch(/^\$\{azurerm_role_definition\.vault_KeyManagerRole_[A-Z0-9]+\.role_definition_resource_id\}$/);
      expect(a["scope"]).toMatch(/^\$\{azurerm_key_vault\.vault_[A-Z0-9]+\.id\}$/);
    }
  });

  test("#4 the deployer gets the role directly; admins through a set that subtracts the deployer in Terraform", () => {
    const assignments = resourcesOf(stack, "azurerm_role_assignment");
    const deployer = Object.entries(assignments).find(([id]) => id.includes("DeployerKeyManager"))![1];
    expect(deployer["principal_id"]).toBe(DEPLOYER);
    const admins = Object.entries(assignments).find(([id]) => id.includes("AdminKeyManager"))![1];
    expect(admins["for_each"]).toBe(`\${toset(setsubtract(toset(["${ADMIN}"]), ["${DEPLOYER}"]))}`);
    expect(admins["principal_id"]).toBe("${each.value}");
  });

  test("#4 with the deployer known only to Terraform, the filter compares with data.azurerm_client_config", () => {
    const json = synthConstruct((scope) => {
      const client = new DataAzurermClientConfig(scope, "deployer", {});
      new KeyVault(scope, "vault", {
        name: "kv-acme-ai-prod-1a2b3",
        resourceGroupName: "rg-acme-ai-prod",
        resourceGroupId: RG_ID,
        location: "westeurope",
        tenantId: "00000000-0000-4000-8000-000000000000",
        deployerObjectId: client.objectId,
        adminObjectIds: [ADMIN, ADMIN_2, ADMIN],
        tags,
      });
    });
    const assignments = Object.values(resourcesOf(json, "azurerm_role_assignment"));
    const admins = assignments.filter((a) => a["for_each"] !== undefined);
    expect(admins).toHaveLength(1);
    expect(admins[0]!["for_each"]).toBe(`\${toset(setsubtract(toset(["${ADMIN}", "${ADMIN_2}"]), [data.azurerm_client_config.deployer.object_id]))}`);
    // No assignment names an admin directly: a listed deployer can never be assigned twice.
    expect(assignments.map((a) => a["principal_id"]).sort()).toEqual(["${data.azurerm_client_config.deployer.object_id}", "${each.value}"]);
  });

  test("#8 the wait after the deployer's grant says what it waits for", () => {
    const reasons: string[] = [];
    synthConstruct((scope) => {
      const vault = new KeyVault(scope, "vault", {
        name: "kv-acme-ai-prod-1a2b3",
        resourceGroupName: "rg-acme-ai-prod",
        resourceGroupId: RG_ID,
        location: "westeurope",
        tenantId: "00000000-0000-4000-8000-000000000000",
        deployerObjectId: DEPLOYER,
        adminObjectIds: [ADMIN],
        tags,
      });
      reasons.push((vault.node.findChild("KeyWritePropagation") as PropagationDelay).reason);
    });
    expect(reasons).toEqual(["the deployer's key-manager assignment on the vault, before Terraform writes keys through the data plane"]);
  });

  test("#8 keys wait 120 s after the deployer's data-plane grant", () => {
    const sleep = onlyResource(stack, "time_sleep");
    expect(sleep["create_duration"]).toBe("120s");
    expect(sleep["depends_on"]).toEqual([expect.stringMatching(/^azurerm_role_assignment\.vault_DeployerKeyManager_[A-Z0-9]+$/)]);
  });

  test("#14 a CanNotDelete lock on the vault by default, none when asked", () => {
    expect(onlyResource(stack, "azurerm_management_lock")).toEqual({
      name: "blueprint-evidence-cannot-delete",
      scope: expect.stringMatching(/^\$\{azurerm_key_vault\.vault_[A-Z0-9]+\.id\}$/),
      lock_level: "CanNotDelete",
      notes: "Audit evidence (the keys of this vault decrypt the logs and state): remove only through the documented break-glass procedure.",
    });
    expect(resourcesOf(synthVault({ deleteLock: false }), "azurerm_management_lock")).toEqual({});
  });

  const VAULT_NAME = "3-24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen";
  const OBJECT_ID = "an Entra ID object id: a UUID such as 00000000-0000-4000-8000-000000000000";
  const IP_RANGE = "a public IPv4 address or a CIDR range up to /30, such as 203.0.113.0/24 (a single address without /32)";
  test.each([
    [{ softDeleteRetentionDays: 6 }, "softDeleteRetentionDays", "AZURE_KEY_VAULT_SOFT_DELETE_OUT_OF_RANGE", "6", "an integer from 7 to 90"],
    [{ softDeleteRetentionDays: 91 }, "softDeleteRetentionDays", "AZURE_KEY_VAULT_SOFT_DELETE_OUT_OF_RANGE", "91", "an integer from 7 to 90"],
    [{ name: "1starts-with-digit" }, "name", "AZURE_KEY_VAULT_NAME_INVALID", '"1starts-with-digit"', VAULT_NAME],
    [{ name: "kv--double" }, "name", "AZURE_KEY_VAULT_NAME_INVALID", '"kv--double"', VAULT_NAME],
    [{ name: "kv-ends-with-" }, "name", "AZURE_KEY_VAULT_NAME_INVALID", '"kv-ends-with-"', VAULT_NAME],
    [{ name: "kv-acme-ai-prod-1a2b3-xyz" }, "name", "AZURE_KEY_VAULT_NAME_INVALID", '"kv-acme-ai-prod-1a2b3-xyz"', VAULT_NAME],
    [{ tenantId: "not-a-uuid" }, "tenantId", "AZURE_TENANT_ID_INVALID", '"not-a-uuid"', "a UUID such as 00000000-0000-4000-8000-000000000000"],
    [{ deployerObjectId: "deployer" }, "deployerObjectId", "AZURE_OBJECT_ID_INVALID", '"deployer"', OBJECT_ID],
    [{ adminObjectIds: [] }, "adminObjectIds", "AZURE_KEY_VAULT_NO_ADMIN", '"[]"', "at least one Entra ID object id"],
    [{ adminObjectIds: ["bob"] }, "adminObjectIds", "AZURE_OBJECT_ID_INVALID", '"bob"', OBJECT_ID],
    [{ allowedIpRanges: ["0.0.0.0/-1"] }, "allowedIpRanges", "AZURE_KEY_VAULT_IP_RANGE_INVALID", '"0.0.0.0/-1"', IP_RANGE],
    [{ allowedIpRanges: ["10.0.0.0/8"] }, "allowedIpRanges", "AZURE_KEY_VAULT_IP_RANGE_INVALID", '"10.0.0.0/8"', IP_RANGE],
    [{ allowedIpRanges: ["203.0.113.7/32"] }, "allowedIpRanges", "AZURE_KEY_VAULT_IP_RANGE_INVALID", '"203.0.113.7/32"', IP_RANGE],
  ])("rejects %j", (props, prop, code, value, accepted) => {
    const error = validationErrorOf(() => synthVault(props as Partial<KeyVaultProps>));
    expect(error.problems).toEqual([{ code, constructPath: "test/vault", prop, value, accepted }]);
  });
});

describe("azure KeyVault with values known only at apply time", () => {
  test("#2 a vault name and tenant from variables and the deployer from data.azurerm_client_config pass validation", () => {
    const json = synthConstruct((scope) => {
      const name = new TerraformVariable(scope, "vault_name", { type: "string" });
      const tenant = new TerraformVariable(scope, "tenant_id", { type: "string" });
      const client = new DataAzurermClientConfig(scope, "deployer", {});
      new KeyVault(scope, "vault", {
        name: name.stringValue,
        resourceGroupName: "rg-acme-ai-prod",
        resourceGroupId: RG_ID,
        location: "westeurope",
        tenantId: tenant.stringValue,
        deployerObjectId: client.objectId,
        adminObjectIds: [ADMIN],
        tags,
      });
    });
    expect(onlyResource(json, "azurerm_key_vault")).toMatchObject({ name: "${var.vault_name}", tenant_id: "${var.tenant_id}" });
  });
});
