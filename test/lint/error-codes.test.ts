import { codesNamedInTests, codesRaisedIn, raisedErrorCodes } from "../helpers/error-codes";

/*
 * Every validation code the production code can raise is named, as a string literal, by some
 * test: a new code without a test makes this fail with the code and the file that raises it.
 */

const THIS_FILE = "test/lint/error-codes.test.ts";

describe("validation error codes", () => {
  const raised = raisedErrorCodes();

  test("the scan finds the codes raised in each way the code base raises them", () => {
    const source = [
      'v.require(ok, "REQUIRE_CODE", "p", value, "x");',
      'v.integerInRange("days", days, 1, 30, "RANGE_CODE");',
      'v.matches("name", name, BUCKET_NAME, "MATCHES_CODE");',
      "v.include([{ code: \"LISTED_CODE\", constructPath: path, prop: \"p\", value: \"1\", accepted: \"2\" }]);",
      'problems.add(cloud, "ADD_CODE", prop, day, accepted);',
      'v.require(ok, strict ? "STRICT_CODE" : ("LOOSE_CODE"), "p", value, "x");',
      'new Key(scope, "k", { purpose: "ENCRYPT_DECRYPT" });',
      'const variable = process.env["BLUEPRINT_CONFIG"];',
      'const picked = ok ? "NOT_RAISED_A" : "NOT_RAISED_B";',
    ].join("\n");
    expect(codesRaisedIn("constructs/x.ts", source)).toEqual([
      { code: "REQUIRE_CODE", file: "constructs/x.ts", line: 1 },
      { code: "RANGE_CODE", file: "constructs/x.ts", line: 2 },
      { code: "MATCHES_CODE", file: "constructs/x.ts", line: 3 },
      { code: "LISTED_CODE", file: "constructs/x.ts", line: 4 },
      { code: "ADD_CODE", file: "constructs/x.ts", line: 5 },
      { code: "STRICT_CODE", file: "constructs/x.ts", line: 6 },
      { code: "LOOSE_CODE", file: "constructs/x.ts", line: 6 },
    ]);
  });

  test("the scan reads the production files", () => {
    expect(raised.get("RETENTION_TRANSITIONS_OUT_OF_ORDER")).toBe("constructs/shared/retention-tier.ts");
    expect(raised.get("BUDGET_RECIPIENT_INVALID")).toBe("constructs/shared/budget-alerts.ts");
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
