import { codesNamedInTests, raisedErrorCodes } from "../helpers/error-codes";

/*
 * Every validation code the production code can raise is named, as a string literal, by some
 * test: a new code without a test makes this fail with the code and the file that raises it.
 */

const THIS_FILE = "test/lint/error-codes.test.ts";

describe("validation error codes", () => {
  const raised = raisedErrorCodes();

  test("the scan finds the codes raised in each way the code base raises them", () => {
    // PropValidator.require, PropValidator.integerInRange, a problem list's add, a { code } literal.
    expect(raised.get("KMS_ALIAS_INVALID")).toBe("constructs/aws/kms-key.ts");
    expect(raised.get("KMS_ROTATION_OUT_OF_RANGE")).toBe("constructs/aws/kms-key.ts");
    expect(raised.get("RETENTION_TRANSITIONS_OUT_OF_ORDER")).toBe("constructs/shared/retention-tier.ts");
    expect(raised.get("AZURE_PREFIX_MATCH_INVALID")).toBe("constructs/azure/lifecycle-rules.ts");
    // Enum values and environment variable names have the same shape but are not codes.
    expect(raised.has("ENCRYPT_DECRYPT")).toBe(false);
    expect(raised.has("BLUEPRINT_CONFIG")).toBe(false);
    expect(raised.size).toBeGreaterThan(50);
  });

  test("every raised code is named by a test", () => {
    const named = codesNamedInTests([THIS_FILE]);
    const untested = [...raised].filter(([code]) => !named.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(untested).toEqual([]);
  });
});
