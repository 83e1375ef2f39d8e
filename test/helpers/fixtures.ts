import { Construct } from "constructs";
import { KeyVault } from "../../constructs/azure/key-vault";

export const TEST_TENANT = "00000000-0000-4000-8000-000000000000";
export const TEST_DEPLOYER = "00000000-0000-4000-8000-0000000000d1";
export const TEST_ADMIN = "00000000-0000-4000-8000-0000000000a1";
export const TEST_RESOURCE_GROUP_ID = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-prod";

/** A valid Key Vault for tests of constructs that need one. */
export function testKeyVault(scope: Construct, name = "kv-acme-ai-prod-1a2b3"): KeyVault {
  return new KeyVault(scope, "vault", {
    name,
    resourceGroupName: "rg-acme-ai-prod",
    resourceGroupId: TEST_RESOURCE_GROUP_ID,
    location: "westeurope",
    tenantId: TEST_TENANT,
    deployerObjectId: TEST_DEPLOYER,
    adminObjectIds: [TEST_ADMIN],
    tags: {},
  });
}
