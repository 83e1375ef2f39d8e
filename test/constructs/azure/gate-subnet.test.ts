import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ImmutableLogBucket } from "../../../constructs/azure/immutable-log-bucket";
import { KeyVault } from "../../../constructs/azure/key-vault";
import { KmsKey } from "../../../constructs/azure/kms-key";
import { LockedDownFunction } from "../../../constructs/azure/locked-down-function";
import { ModelRegistry } from "../../../constructs/azure/model-registry";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { validationErrorOf } from "../../helpers/errors";
import { TEST_RESOURCE_GROUP_ID, testKeyVault } from "../../helpers/fixtures";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

/*
 * The promotion gate's network path: the app joins a subnet by VNet integration and routes all
 * outbound traffic into it; every firewall it must pass (vault, registry, log and host accounts)
 * admits exactly that subnet beside the deployers' ranges, and public network access stays on
 * (service endpoints reach the public endpoint through the virtual network rules).
 */
const SUBNET = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/network-prod/providers/Microsoft.Network/virtualNetworks/blueprint-prod/subnets/snet-functions";
const BAD_SUBNET = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/network-prod/providers/Microsoft.Network/virtualNetworks/blueprint-prod";
const TAGS = { owner: "ml-platform" };
const ZIP = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gate-subnet-")), "pkg.zip");
fs.writeFileSync(ZIP, "zip bytes");

function vault(allowedSubnetIds?: string[], allowedIpRanges: string[] = []): Json {
  return synthConstruct(
    (scope) =>
      new KeyVault(scope, "vault", {
        name: "kv-acme-ai-prod-1a2b3",
        resourceGroupName: "rg-acme-ai-prod",
        resourceGroupId: TEST_RESOURCE_GROUP_ID,
        location: "westeurope",
        tenantId: "00000000-0000-4000-8000-000000000000",
        deployerObjectId: "00000000-0000-4000-8000-0000000000d1",
        adminObjectIds: ["00000000-0000-4000-8000-0000000000a1"],
        allowedIpRanges,
        ...(allowedSubnetIds === undefined ? {} : { allowedSubnetIds }),
        tags: TAGS,
      }),
  );
}

function logs(allowedSubnetIds?: string[]): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "logs", keyVault: testKeyVault(scope), tags: {} });
    new ImmutableLogBucket(scope, "logs", {
      storageAccountName: "stacmeailogs1a2b3c",
      resourceGroupName: "rg-acme-ai-prod",
      location: "westeurope",
      kmsKey,
      retentionTier: RETENTION_TIER_PRESETS["audit-1y"],
      diagnosticCategories: ["StorageRead"],
      ...(allowedSubnetIds === undefined ? {} : { allowedSubnetIds }),
      tags: TAGS,
    });
  });
}

function registry(allowedSubnetIds?: string[]): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "registry", keyVault: testKeyVault(scope), tags: {} });
    new ModelRegistry(scope, "registry", {
      spec: {
        name: "fraud-scoring",
        publishers: ["00000000-0000-4000-8000-000000010b01"],
        readers: ["00000000-0000-4000-8000-000000010c01"],
        lineageTags: ["dataset-digest", "source-commit", "eval-report"],
        approvedRetentionDays: 365,
        incomingExpiryDays: 14,
      },
      storageAccountName: "stacmefraudsc1a2b3c4d",
      resourceGroupName: "rg-acme-ai-prod",
      resourceGroupId: TEST_RESOURCE_GROUP_ID,
      location: "westeurope",
      kmsKey,
      logStorage: ImmutableLogBucket.fromAttributes({ storageAccountId: "${azurerm_storage_account.logs.id}", storageAccountName: "stacmelogs1a2b3c4d", diagnosticCategories: ["StorageRead", "StorageWrite", "StorageDelete"] }),
      ...(allowedSubnetIds === undefined ? {} : { allowedSubnetIds }),
      tags: TAGS,
    });
  });
}

function gate(virtualNetworkSubnetId?: string): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "functions", keyVault: testKeyVault(scope), tags: {} });
    new LockedDownFunction(scope, "fn", {
      name: "func-acme-prod-gate-fraud-1a2b3c",
      resourceGroupName: "rg-acme-ai-prod",
      location: "westeurope",
      hostStorageAccountName: "stacmefnprod1a2b3c",
      kmsKey,
      logStorage: ImmutableLogBucket.fromAttributes({ storageAccountId: "${azurerm_storage_account.logs.id}", storageAccountName: "stacmelogs1a2b3c4d", diagnosticCategories: ["StorageRead", "StorageWrite", "StorageDelete"] }),
      package: { zipPath: ZIP, sha256: "ab".repeat(32) },
      maximumInstanceCount: 10,
      logRetentionDays: 365,
      traceSampling: 1,
      publicIngressServiceTags: ["AzureEventGrid"],
      deployerIpRanges: ["203.0.113.0/24"],
      ...(virtualNetworkSubnetId === undefined ? {} : { virtualNetworkSubnetId }),
      tags: TAGS,
    });
  });
}

const account = (json: Json): Json => onlyResource(json, "azurerm_storage_account");
const problems = (build: () => unknown): Array<[string, string]> => validationErrorOf(build).problems.map((p) => [p.code, p.prop]);

describe("azure gate subnet: the app", () => {
  test("VNet integration into the subnet, all outbound traffic routed through it", () => {
    const app = onlyResource(gate(SUBNET), "azurerm_function_app_flex_consumption");
    expect(app["virtual_network_subnet_id"]).toBe(SUBNET);
    expect((app["site_config"] as Json)["vnet_route_all_enabled"]).toBe(true);
  });

  test("the host account admits exactly the subnet and the deployers' range, deny by default", () => {
    const host = account(gate(SUBNET));
    expect(host["network_rules"]).toEqual({ default_action: "Deny", bypass: ["AzureServices"], ip_rules: ["203.0.113.0/24"], virtual_network_subnet_ids: [SUBNET] });
    expect(host["public_network_access_enabled"]).toBe(true);
  });

  test("without a subnet: no VNet integration, no route-all, no virtual network rule", () => {
    const json = gate();
    const app = onlyResource(json, "azurerm_function_app_flex_consumption");
    expect(app["virtual_network_subnet_id"]).toBeUndefined();
    expect((app["site_config"] as Json)["vnet_route_all_enabled"]).toBeUndefined();
    expect((account(json)["network_rules"] as Json)["virtual_network_subnet_ids"]).toBeUndefined();
  });

  test("AZURE_SUBNET_ID_INVALID for a virtual network id given as the subnet", () => {
    expect(problems(() => gate(BAD_SUBNET))).toEqual([["AZURE_SUBNET_ID_INVALID", "virtualNetworkSubnetId"]]);
  });
});

describe("azure gate subnet: the vault", () => {
  test("network_acls admit exactly the subnet, deny by default, public network access on for the service endpoint", () => {
    const kv = onlyResource(vault([SUBNET]), "azurerm_key_vault");
    expect(kv["network_acls"]).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: [], virtual_network_subnet_ids: [SUBNET] });
    expect(kv["public_network_access_enabled"]).toBe(true);
  });

  test("a subnet listed twice is admitted once", () => {
    const kv = onlyResource(vault([SUBNET, SUBNET], ["203.0.113.0/24"]), "azurerm_key_vault");
    expect((kv["network_acls"] as Json)["virtual_network_subnet_ids"]).toEqual([SUBNET]);
  });

  test("no subnet and no range: public network access off, no virtual network rule", () => {
    const kv = onlyResource(vault(), "azurerm_key_vault");
    expect(kv["public_network_access_enabled"]).toBe(false);
    expect((kv["network_acls"] as Json)["virtual_network_subnet_ids"]).toBeUndefined();
  });

  test("AZURE_SUBNET_ID_INVALID on the vault", () => {
    expect(problems(() => vault([BAD_SUBNET]))).toEqual([["AZURE_SUBNET_ID_INVALID", "allowedSubnetIds"]]);
  });
});

describe("azure gate subnet: registry and log accounts", () => {
  test.each([
    ["registry", registry],
    ["log", logs],
  ] as const)("the %s account admits exactly the subnet, deny by default, public network access on", (_name, build) => {
    const a = account(build([SUBNET]));
    expect(a["network_rules"]).toEqual({ default_action: "Deny", bypass: ["AzureServices"], ip_rules: [], virtual_network_subnet_ids: [SUBNET] });
    expect(a["public_network_access_enabled"]).toBe(true);
  });

  test.each([
    ["registry", registry],
    ["log", logs],
  ] as const)("the %s account without a subnet stays closed: public network access off", (_name, build) => {
    const a = account(build());
    expect(a["network_rules"]).toEqual({ default_action: "Deny", bypass: ["AzureServices"], ip_rules: [] });
    expect(a["public_network_access_enabled"]).toBe(false);
  });

  test("AZURE_SUBNET_ID_INVALID on the registry and log accounts", () => {
    expect(problems(() => registry([BAD_SUBNET]))).toEqual([["AZURE_SUBNET_ID_INVALID", "allowedSubnetIds"]]);
    expect(problems(() => logs([BAD_SUBNET]))).toEqual([["AZURE_SUBNET_ID_INVALID", "allowedSubnetIds"]]);
  });
});
