import { TerraformStack, Testing } from "cdktf";
import { ContainerRegistry } from "../../constructs/azure/container-registry";
import { KmsKey } from "../../constructs/azure/kms-key";
import { SigningKey } from "../../constructs/azure/signing-key";
import { evaluate } from "../../policies/engine";
import { stackFromSynth } from "../../policies/load-synth";
import { Rule } from "../../policies/rule";
import { rule as keyAdminSeparated } from "../../policies/rules/azure/key-admins-cannot-use-keys";
import { rule as keysRotate } from "../../policies/rules/azure/keys-rotate";
import { rule as registriesArePrivate } from "../../policies/rules/azure/registries-are-private";
import { rule as registriesHaveNoAdminUser } from "../../policies/rules/azure/registries-have-no-admin-user";
import { rule as roleDefinitionsAreScoped } from "../../policies/rules/azure/role-definitions-are-scoped";
import { rule as roleDefinitionsNameActions } from "../../policies/rules/azure/role-definitions-name-actions";
import { rule as signingKeysArePublisherOnly } from "../../policies/rules/azure/signing-keys-are-publisher-only";
import { rule as storageUsesCustomerManagedKeys } from "../../policies/rules/azure/storage-uses-customer-managed-keys";
import { TEST_RESOURCE_GROUP_ID, testKeyVault } from "../helpers/fixtures";
import { Json } from "../helpers/synth";
import { describeRule } from "./rule-cases";

const PUBLISHER = "00000000-0000-4000-8000-0000000000b1";
const READER = "00000000-0000-4000-8000-0000000000c1";
const GATE = "00000000-0000-4000-8000-0000000000e1";

/** A signing key and an image registry as the Azure module builds them, synthesized. */
function synthImages(): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const keyVault = testKeyVault(stack);
  const registryKey = new KmsKey(stack, "registry-key", { purpose: "registry", keyVault, tags: {} });
  new SigningKey(stack, "signing-key", { keyVault, resourceGroupId: TEST_RESOURCE_GROUP_ID, publisherObjectIds: [PUBLISHER], verifierObjectIds: [GATE], tags: {} });
  new ContainerRegistry(stack, "image-registry", {
    name: "cracmeprod1a2b3c",
    resourceGroupName: "rg-acme-ai-prod",
    location: "westeurope",
    kmsKey: registryKey,
    pullerObjectIds: [READER],
    pusherObjectIds: [PUBLISHER],
    tags: {},
  });
  return JSON.parse(Testing.synth(stack)) as Json;
}

function outcomes(rule: Rule, json: Json) {
  const evaluation = evaluate({ stacks: [stackFromSynth("test", "cdk.tf.json", json)] }, { now: new Date("2026-12-01T12:00:00Z"), rules: [rule] });
  return { findings: evaluation.findings.map((f) => `${f.address}: ${f.message}`), tally: evaluation.tallies.find((t) => t.ruleId === rule.id) };
}

describe("rules over the Azure signing key and image registry", () => {
  describeRule(signingKeysArePublisherOnly);

  test.each([
    ["KEY-ROTATION-AZURE", keysRotate, 2],
    ["SIGNING-KEY-RESTRICTED-AZURE", signingKeysArePublisherOnly, 1],
    ["KEY-ADMIN-SEPARATED-AZURE", keyAdminSeparated, 1],
    ["REGISTRY-NOT-PUBLIC-AZURE", registriesArePrivate, 1],
    ["REGISTRY-NO-ADMIN-USER-AZURE", registriesHaveNoAdminUser, 1],
    ["CMK-ENCRYPTION-AZURE", storageUsesCustomerManagedKeys, 1],
    ["IAM-NO-WILDCARD-ACTION-AZURE", roleDefinitionsNameActions, 3],
    ["IAM-NO-WILDCARD-RESOURCE-AZURE", roleDefinitionsAreScoped, 3],
  ] as const)("%s passes the constructs, with %#: compliant resources judged", (id, rule, minCompliant) => {
    expect(rule.id).toBe(id);
    const { findings, tally } = outcomes(rule, synthImages());
    expect(findings).toEqual([]);
    expect(tally?.compliant).toBeGreaterThanOrEqual(minCompliant);
  });

  test("SIGNING-KEY-RESTRICTED-AZURE fires when the signer role is moved to the vault", () => {
    const json = synthImages();
    const assignments = (json["resource"] as Record<string, Record<string, Json>>)["azurerm_role_assignment"]!;
    const signer = Object.entries(assignments).find(([name]) => name.startsWith("signing-key_Signer-"))!;
    const vault = Object.keys((json["resource"] as Record<string, Json>)["azurerm_key_vault"] as Json)[0]!;
    signer[1]["scope"] = `\${azurerm_key_vault.${vault}.id}`;
    expect(outcomes(signingKeysArePublisherOnly, json).findings).toEqual([expect.stringContaining("which signs, above the key")]);
  });
});
