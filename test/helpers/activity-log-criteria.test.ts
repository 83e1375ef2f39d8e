import { activityLogAlertFires, criteriaMatch, inScope, recordField } from "./activity-log-criteria";

/*
 * The matcher the activity-log alert tests trust: each case tells a right reading of the
 * criteria semantics (allOf of leaves, anyOf for plural fields, case-insensitive whole-value
 * equality, scope containment) from a wrong one.
 */

const SUB = "/subscriptions/00000000-0000-4000-8000-000000000002";
const VAULT = `${SUB}/resourceGroups/rg-acme-ai-prod/providers/Microsoft.KeyVault/vaults/kv-acme-ai-prod-1a2b3`;

/** A record in the activity log event schema's shape: `{ value, localizedValue }` objects and plain strings. */
const RECORD = {
  caller: "mallory@example.com",
  category: { value: "Administrative", localizedValue: "Administrative" },
  level: "Informational",
  operationName: { value: "Microsoft.KeyVault/vaults/delete", localizedValue: "Delete Key Vault" },
  resourceGroupName: "rg-acme-ai-prod",
  resourceProviderName: { value: "Microsoft.KeyVault", localizedValue: "Microsoft.KeyVault" },
  resourceType: { value: "Microsoft.KeyVault/vaults", localizedValue: "Microsoft.KeyVault/vaults" },
  resourceId: VAULT,
  status: { value: "Succeeded", localizedValue: "Succeeded" },
  subStatus: { value: "OK", localizedValue: "OK (HTTP Status Code: 200)" },
};

function alert(criteria: Record<string, unknown>, scopes: string[] = [SUB], enabled = true): Record<string, unknown> {
  return { scopes, criteria, enabled };
}

describe("activity-log criteria matcher", () => {
  test("reads the value of a { value, localizedValue } field and a plain string field", () => {
    expect(recordField(RECORD, "operationName")).toBe("Microsoft.KeyVault/vaults/delete");
    expect(recordField(RECORD, "caller")).toBe("mallory@example.com");
    expect(recordField(RECORD, "missing")).toBeUndefined();
  });

  test("every criteria field must hold (allOf)", () => {
    expect(criteriaMatch({ category: "Administrative", operation_name: "Microsoft.KeyVault/vaults/delete" }, RECORD)).toBe(true);
    expect(criteriaMatch({ category: "Administrative", operation_name: "Microsoft.KeyVault/vaults/write" }, RECORD)).toBe(false);
    expect(criteriaMatch({ category: "Security", operation_name: "Microsoft.KeyVault/vaults/delete" }, RECORD)).toBe(false);
  });

  test("values compare case-insensitively, as whole values (never a prefix or substring)", () => {
    expect(criteriaMatch({ operation_name: "microsoft.keyvault/VAULTS/delete" }, RECORD)).toBe(true);
    expect(criteriaMatch({ operation_name: "Microsoft.KeyVault/vaults" }, RECORD)).toBe(false);
    expect(criteriaMatch({ operation_name: "Microsoft.KeyVault/vaults/delete/extra" }, RECORD)).toBe(false);
    expect(criteriaMatch({ resource_type: "microsoft.keyvault/vaults" }, RECORD)).toBe(true);
  });

  test("a plural field holds when any of its values matches (anyOf)", () => {
    expect(criteriaMatch({ statuses: ["Succeeded", "Failed"] }, RECORD)).toBe(true);
    expect(criteriaMatch({ statuses: ["Started", "Failed"] }, RECORD)).toBe(false);
    expect(criteriaMatch({ levels: ["Warning", "informational"] }, RECORD)).toBe(true);
    expect(criteriaMatch({ statuses: [] }, RECORD)).toBe(false);
  });

  test("caller, level, resource id, group and provider compare against their record fields", () => {
    expect(criteriaMatch({ caller: "MALLORY@example.com", level: "Informational", resource_id: VAULT.toLowerCase(), resource_group: "rg-acme-ai-prod", resource_provider: "Microsoft.KeyVault", sub_status: "OK" }, RECORD)).toBe(true);
    expect(criteriaMatch({ caller: "alice@example.com" }, RECORD)).toBe(false);
    expect(criteriaMatch({ resource_group: "rg-other" }, RECORD)).toBe(false);
  });

  test("a field the record lacks never matches", () => {
    const withoutStatus: Record<string, unknown> = { ...RECORD };
    delete withoutStatus["status"];
    expect(criteriaMatch({ status: "Succeeded" }, withoutStatus)).toBe(false);
  });

  test("a criteria field the matcher does not know throws instead of being ignored", () => {
    expect(() => criteriaMatch({ resource_health: [{ current: ["Unavailable"] }] }, RECORD)).toThrow("criteria.resource_health is not understood by this matcher");
  });

  test("scope containment is at a / boundary and case-insensitive", () => {
    expect(inScope(SUB, VAULT)).toBe(true);
    expect(inScope(SUB.toUpperCase(), VAULT)).toBe(true);
    expect(inScope(`${SUB}/resourceGroups/rg-acme-ai-prod`, VAULT)).toBe(true);
    expect(inScope(`${SUB}/resourceGroups/rg-acme-ai`, VAULT)).toBe(false);
    expect(inScope(SUB, SUB)).toBe(true);
  });

  test("an alert fires only on records inside its scopes, and never when disabled", () => {
    const criteria = { category: "Administrative", operation_name: "Microsoft.KeyVault/vaults/delete" };
    expect(activityLogAlertFires(alert(criteria), RECORD)).toBe(true);
    expect(activityLogAlertFires(alert(criteria, ["/subscriptions/00000000-0000-4000-8000-000000000009"]), RECORD)).toBe(false);
    expect(activityLogAlertFires(alert(criteria, [SUB], false), RECORD)).toBe(false);
  });
});
