import { TerraformStack, Testing } from "cdktf";
import { ModelRegistrySpec } from "../../constructs/shared/model-registry-spec";
import { PROTECTION } from "../../constructs/shared/protection";
import { RETENTION_TIER_PRESETS } from "../../constructs/shared/retention-presets";
import { BlueprintValidationError } from "../../constructs/shared/validation-error";
import { AiSupplyChainAzure, AiSupplyChainAzureProps } from "../../modules/ai-supply-chain-azure";
import { Json, resourcesOf } from "../helpers/synth";
import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";

/*
 * CI publisher identities on Azure (README, "Release automation"): principal ids known only at
 * apply time get the same upload and signing grants as a configured publisher, under ids of
 * their own name.
 */

function spec(name: string): ModelRegistrySpec {
  return {
    name,
    publishers: ["00000000-0000-4000-8000-0000000000b1"],
    readers: ["00000000-0000-4000-8000-0000000000c1"],
    lineageTags: ["dataset-digest", "source-commit", "eval-report"],
    approvedRetentionDays: 365,
    incomingExpiryDays: 14,
  };
}

const BASE: AiSupplyChainAzureProps = {
  organization: "acme-ai",
  environment: "prod",
  keyRotationDays: 90,
  protection: PROTECTION.strict,
  logs: { retentionTier: RETENTION_TIER_PRESETS["audit-1y"], lockRetention: true },
  subscriptionId: "00000000-0000-4000-8000-000000000002",
  tenantId: "00000000-0000-4000-8000-000000000000",
  location: "westeurope",
  adminObjectIds: ["00000000-0000-4000-8000-0000000000a1"],
  allowedIpRanges: [],
  registries: [spec("fraud-scoring"), spec("llm-adapters")],
  monitoring: { gateRejectionsPerHour: 5, costAnomalyThresholdUsd: 100 },
  tags: { owner: "ml-platform" },
};

type CiPublisherOf = (principalId: string) => NonNullable<AiSupplyChainAzureProps["ciPublishers"]>;

/** Builds the module with CI publishers whose principal id is a data source's attribute, as in the stack. */
function build(publishers: CiPublisherOf): Json {
  const stack = new TerraformStack(Testing.app(), "azure-prod");
  const identity = new DataAzurermUserAssignedIdentity(stack, "ci", { name: "id-acme-ai-prod-ci-publish-adapters", resourceGroupName: "rg-acme-ai-prod-ci" });
  new AiSupplyChainAzure(stack, "supply-chain", { ...BASE, ciPublishers: publishers(identity.principalId) });
  return JSON.parse(Testing.synth(stack)) as Json;
}

function problemCodes(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (BlueprintValidationError.isValidationError(e)) return e.problems.map((p) => p.code);
    throw e;
  }
  return [];
}

test("a CI publisher gets the incoming container of each of its registries and the signer role, by its name", () => {
  const json = build((principalId) => [{ name: "adapters", principalId, registries: ["llm-adapters"] }]);
  const ci = Object.entries(resourcesOf(json, "azurerm_role_assignment"))
    .filter(([, a]) => a["principal_id"] === "${data.azurerm_user_assigned_identity.ci.principal_id}")
    .map(([id]) => id.replace(/_[0-9A-F]{8}$/, ""));
  expect(ci).toEqual(["supply-chain_registry-llm-adapters_Publish-ci-adapters", "supply-chain_signing-key_Signer-ci-adapters"]);
});

test("a CI publisher of a registry the environment does not have is refused", () => {
  expect(problemCodes(() => build((principalId) => [{ name: "vision", principalId, registries: ["vision"] }]))).toEqual(["AZURE_CI_PUBLISHER_WITHOUT_REGISTRY"]);
});

test("one CI publisher name twice is refused as a duplicate grant", () => {
  const twice = (principalId: string) => ({ name: "adapters", principalId, registries: ["llm-adapters"] });
  expect(problemCodes(() => build((p) => [twice(p), twice(p)]))).toEqual(["AZURE_REGISTRY_GRANT_DUPLICATE"]);
});
