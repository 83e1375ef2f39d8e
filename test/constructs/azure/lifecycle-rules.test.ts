import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { azureManagementPolicyRules } from "../../../constructs/azure/lifecycle-rules";
import { RETENTION_TIER_PRESETS } from "../../../constructs/shared/retention-presets";
import { validationErrorOf } from "../../helpers/errors";
import { onlyResource, synthConstruct } from "../../helpers/synth";

const PREFIXES = ["audit-logs/", "insights-logs-auditevent/"];

/** Append blobs (diagnostic logs) can only be deleted by a lifecycle rule, never tiered. */
function appendRule(name: string, days: number): object {
  return {
    name: `retention-${name}-append`,
    enabled: true,
    filters: { blobTypes: ["appendBlob"], prefixMatch: PREFIXES },
    actions: { baseBlob: { deleteAfterDaysSinceCreationGreaterThan: days } },
  };
}

describe("azureManagementPolicyRules", () => {
  test("compliance-7y: Cool, Cold, Archive, delete after 2557 days; append blobs only deleted", () => {
    expect(azureManagementPolicyRules(RETENTION_TIER_PRESETS["compliance-7y"], PREFIXES)).toEqual([
      {
        name: "retention-compliance-7y",
        enabled: true,
        filters: { blobTypes: ["blockBlob"], prefixMatch: PREFIXES },
        actions: {
          baseBlob: {
            tierToCoolAfterDaysSinceCreationGreaterThan: 30,
            tierToColdAfterDaysSinceCreationGreaterThan: 90,
            tierToArchiveAfterDaysSinceCreationGreaterThan: 180,
            deleteAfterDaysSinceCreationGreaterThan: 2557,
          },
        },
      },
      appendRule("compliance-7y", 2557),
    ]);
  });

  test("audit-1y: Cool, Cold, delete after 365 days", () => {
    expect(azureManagementPolicyRules(RETENTION_TIER_PRESETS["audit-1y"], PREFIXES)).toEqual([
      {
        name: "retention-audit-1y",
        enabled: true,
        filters: { blobTypes: ["blockBlob"], prefixMatch: PREFIXES },
        actions: {
          baseBlob: {
            tierToCoolAfterDaysSinceCreationGreaterThan: 30,
            tierToColdAfterDaysSinceCreationGreaterThan: 90,
            deleteAfterDaysSinceCreationGreaterThan: 365,
          },
        },
      },
      appendRule("audit-1y", 365),
    ]);
  });

  test("operational-90d: Cool, delete after 90 days", () => {
    expect(azureManagementPolicyRules(RETENTION_TIER_PRESETS["operational-90d"], PREFIXES)).toEqual([
      {
        name: "retention-operational-90d",
        enabled: true,
        filters: { blobTypes: ["blockBlob"], prefixMatch: PREFIXES },
        actions: { baseBlob: { tierToCoolAfterDaysSinceCreationGreaterThan: 30, deleteAfterDaysSinceCreationGreaterThan: 90 } },
      },
      appendRule("operational-90d", 90),
    ]);
  });

  test("synthesizes to the provider's snake_case blocks", () => {
    const stack = synthConstruct((scope) => {
      new StorageManagementPolicy(scope, "p", { storageAccountId: "account-id", rule: azureManagementPolicyRules(RETENTION_TIER_PRESETS["compliance-7y"], PREFIXES) });
    });
    expect(onlyResource(stack, "azurerm_storage_management_policy")["rule"]).toEqual([
      {
        name: "retention-compliance-7y",
        enabled: true,
        filters: { blob_types: ["blockBlob"], prefix_match: PREFIXES },
        actions: {
          base_blob: {
            tier_to_cool_after_days_since_creation_greater_than: 30,
            tier_to_cold_after_days_since_creation_greater_than: 90,
            tier_to_archive_after_days_since_creation_greater_than: 180,
            delete_after_days_since_creation_greater_than: 2557,
          },
        },
      },
      {
        name: "retention-compliance-7y-append",
        enabled: true,
        filters: { blob_types: ["appendBlob"], prefix_match: PREFIXES },
        actions: { base_blob: { delete_after_days_since_creation_greater_than: 2557 } },
      },
    ]);
  });

  test("does not share the caller's prefix array", () => {
    const prefixes = ["audit-logs/"];
    const [block] = azureManagementPolicyRules(RETENTION_TIER_PRESETS["audit-1y"], prefixes);
    prefixes.push("later/");
    expect(block!.filters.prefixMatch).toEqual(["audit-logs/"]);
  });

  test("refuses rule names and prefixes Azure would refuse, all at once", () => {
    const tier = { ...RETENTION_TIER_PRESETS["audit-1y"], name: "audit 1y" };
    const tooMany = Array.from({ length: 11 }, (_, i) => `c${i}/`);
    const error = validationErrorOf(() => azureManagementPolicyRules(tier, tooMany));
    expect(error.problems.map((p) => [p.constructPath, p.prop, p.code])).toEqual([
      ["retention-tier/audit 1y (azure)", "name", "AZURE_LIFECYCLE_RULE_NAME_INVALID"],
      ["retention-tier/audit 1y (azure)", "name", "AZURE_LIFECYCLE_RULE_NAME_INVALID"],
      ["retention-tier/audit 1y (azure)", "prefixMatch", "AZURE_PREFIX_MATCH_INVALID"],
    ]);
    expect(error.message).toContain('name = "retention-audit 1y-append" is invalid');
    expect(validationErrorOf(() => azureManagementPolicyRules(RETENTION_TIER_PRESETS["audit-1y"], ["/audit-logs"])).problems[0]!.code).toBe("AZURE_PREFIX_MATCH_INVALID");
  });

  test.each([
    [["audit-logs/", "/insights-logs-auditevent/"], '["audit-logs/","/insights-logs-auditevent/"]'],
    [["audit-logs/", ""], '["audit-logs/",""]'],
  ])("AZURE_PREFIX_MATCH_INVALID: one prefix that starts with / or is empty among valid ones, %j", (prefixes, value) => {
    const error = validationErrorOf(() => azureManagementPolicyRules(RETENTION_TIER_PRESETS["audit-1y"], prefixes));
    expect(error.problems).toEqual([
      {
        code: "AZURE_PREFIX_MATCH_INVALID",
        constructPath: "retention-tier/audit-1y (azure)",
        prop: "prefixMatch",
        value,
        accepted: "at most 10 prefixes, each starting with a container name",
      },
    ]);
  });

  test("ten prefixes are accepted", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `c${i}/`);
    expect(azureManagementPolicyRules(RETENTION_TIER_PRESETS["audit-1y"], ten).map((r) => r.filters.prefixMatch)).toEqual([ten, ten]);
  });
});
