import { BlueprintConfig } from "../../config/schema";
import { Json, defaultConfig, resourcesOf, synthApp } from "../helpers/synth";

/*
 * The Azure promotion gates' network path, end to end from blueprint.config.yaml: each gate app
 * joins its environment's `functions.subnetId`, and every firewall the gate and its host pass
 * admits exactly that subnet: the registry accounts, the gates' host accounts, the vault, and
 * the log account (the environment's own, or its account in the evidence subscription).
 */
const SUBNET = {
  dev: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/network-dev/providers/Microsoft.Network/virtualNetworks/blueprint-dev/subnets/snet-functions",
  prod: "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/network-prod/providers/Microsoft.Network/virtualNetworks/blueprint-prod/subnets/snet-functions",
} as const;
const EVIDENCE_SUBSCRIPTION = "00000000-0000-4000-8000-0000000000e1";

function parsed(name: string, config?: BlueprintConfig): Map<string, Json> {
  return new Map([...synthApp(name, config)].map(([stack, json]) => [stack, JSON.parse(json) as Json]));
}

const pathOf = (body: Json): string => (body["//"] as { metadata: { path: string } }).metadata.path;

/** Storage accounts by construct path below the stack's module, e.g. `registry-fraud-scoring/Resource`. */
function accounts(stack: Json): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(stack, "azurerm_storage_account")).map((a) => [pathOf(a).split("/").slice(2).join("/"), a]));
}

function withEvidence(): BlueprintConfig {
  const config = defaultConfig();
  const azure = config.clouds.azure!;
  return { ...config, clouds: { ...config.clouds, azure: { ...azure, evidence: { subscriptionId: EVIDENCE_SUBSCRIPTION, location: "northeurope" } } } };
}

const own = parsed("azure-gate-network");
const evidence = parsed("azure-gate-network-evidence", withEvidence());

describe.each(["dev", "prod"] as const)("azure-%s gates and firewalls (default config)", (env) => {
  const stack = own.get(`azure-${env}`)!;

  test("both gate apps join the environment's subnet and route all outbound traffic through it", () => {
    const apps = Object.values(resourcesOf(stack, "azurerm_function_app_flex_consumption"));
    expect(apps.map((a) => [a["virtual_network_subnet_id"], (a["site_config"] as Json)["vnet_route_all_enabled"]])).toEqual([
      [SUBNET[env], true],
      [SUBNET[env], true],
    ]);
  });

  test("every storage account the gates reach admits exactly the subnet (registries, hosts, own log account)", () => {
    const rules = Object.fromEntries(Object.entries(accounts(stack)).map(([p, a]) => [p, (a["network_rules"] as Json)["virtual_network_subnet_ids"]]));
    expect(rules).toEqual({
      "registry-fraud-scoring/Resource": [SUBNET[env]],
      "registry-llm-adapters/Resource": [SUBNET[env]],
      "gates/fraud-scoring/HostStorage/Resource": [SUBNET[env]],
      "gates/llm-adapters/HostStorage/Resource": [SUBNET[env]],
      "log-storage/Resource": [SUBNET[env]],
    });
    for (const a of Object.values(accounts(stack))) {
      expect([(a["network_rules"] as Json)["default_action"], a["public_network_access_enabled"]]).toEqual(["Deny", true]);
    }
  });

  test("the vault's network_acls admit exactly the subnet, deny by default", () => {
    const [vault] = Object.values(resourcesOf(stack, "azurerm_key_vault"));
    expect(vault!["network_acls"]).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: ["203.0.113.0/24"], virtual_network_subnet_ids: [SUBNET[env]] });
  });
});

describe("with clouds.azure.evidence", () => {
  test("each environment's log account in evidence-azure admits that environment's gate subnet, and only it", () => {
    const stack = evidence.get("evidence-azure")!;
    const rules = Object.fromEntries(Object.entries(accounts(stack)).map(([p, a]) => [p, (a["network_rules"] as Json)["virtual_network_subnet_ids"]]));
    expect(rules).toEqual({
      "log-storage/Resource": undefined,
      "env-dev/log-storage/Resource": [SUBNET.dev],
      "env-prod/log-storage/Resource": [SUBNET.prod],
    });
  });

  test("the environment keeps its gates on the subnet and has no log account of its own", () => {
    const stack = evidence.get("azure-prod")!;
    expect(Object.keys(accounts(stack)).sort()).toEqual([
      "gates/fraud-scoring/HostStorage/Resource",
      "gates/llm-adapters/HostStorage/Resource",
      "registry-fraud-scoring/Resource",
      "registry-llm-adapters/Resource",
    ]);
    for (const a of Object.values(accounts(stack))) expect((a["network_rules"] as Json)["virtual_network_subnet_ids"]).toEqual([SUBNET.prod]);
    const apps = Object.values(resourcesOf(stack, "azurerm_function_app_flex_consumption"));
    expect(apps.map((a) => a["virtual_network_subnet_id"])).toEqual([SUBNET.prod, SUBNET.prod]);
  });
});
