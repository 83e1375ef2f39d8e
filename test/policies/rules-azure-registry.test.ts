import { ImmutableLogBucket } from "../../constructs/azure/immutable-log-bucket";
import { KmsKey } from "../../constructs/azure/kms-key";
import { ModelRegistry } from "../../constructs/azure/model-registry";
import { rule } from "../../policies/rules/azure/model-uploads-carry-lineage";
import { TEST_RESOURCE_GROUP_ID, testKeyVault } from "../helpers/fixtures";
import { synthConstruct } from "../helpers/synth";
import { describeRule, runCase } from "./rule-cases";

describeRule(rule);

describe("MODEL-LINEAGE-REQUIRED-AZURE on a synthesized ModelRegistry", () => {
  const synth = (gate: boolean) =>
    synthConstruct((scope) => {
      const kmsKey = new KmsKey(scope, "key", { purpose: "registry", keyVault: testKeyVault(scope), tags: {} });
      const registry = new ModelRegistry(scope, "registry", {
        spec: { name: "fraud-scoring", publishers: ["00000000-0000-4000-8000-000000010b01"], readers: ["00000000-0000-4000-8000-000000010c01"], lineageTags: ["dataset-digest"], approvedRetentionDays: 30, incomingExpiryDays: 7 },
        storageAccountName: "stacmefraudsc1a2b3c4d",
        resourceGroupName: "rg-acme-ai-prod",
        resourceGroupId: TEST_RESOURCE_GROUP_ID,
        location: "westeurope",
        kmsKey,
        logStorage: ImmutableLogBucket.fromAttributes({ storageAccountId: "${azurerm_storage_account.logs.id}", storageAccountName: "stlogs", diagnosticCategories: ["StorageRead", "StorageWrite", "StorageDelete"] }),
        ...(gate ? { gateObjectId: "00000000-0000-4000-8000-0000000000e1" } : {}),
        tags: {},
      });
      registry.grantPublish("00000000-0000-4000-8000-000000010b02", "fraud-xgb");
    });

  test("both publishers' assignments on incoming are compliant; readers, the gate and the key grant are not applicable", () => {
    const { findings, tally } = runCase(rule, { name: "registry", stack: synth(true) });
    expect(findings.map((f) => f.message)).toEqual([]);
    expect(tally).toMatchObject({ compliant: 2, nonCompliant: 0 });
  });

  test("an extra unconditioned writer on incoming is reported", () => {
    const stack = synth(false) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const incoming = Object.keys(stack.resource["azurerm_storage_container"]!).find((id) => id.startsWith("registry_Incoming_"))!;
    stack.resource["azurerm_role_assignment"]!["rogue"] = { scope: `\${azurerm_storage_container.${incoming}.id}`, role_definition_name: "Storage Blob Data Contributor", principal_id: "x" };
    const { findings } = runCase(rule, { name: "rogue", stack });
    expect(findings.map((f) => [f.address, f.message])).toEqual([
      ["azurerm_role_assignment.rogue", expect.stringContaining("condition_version is \"absent\"")],
      ["azurerm_role_assignment.rogue", expect.stringContaining("no condition: the assignment on the incoming container")],
    ]);
  });
});
