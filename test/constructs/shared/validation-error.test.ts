import { BlueprintValidationError } from "../../../constructs/shared/validation-error";

describe("BlueprintValidationError", () => {
  const problem = { code: "X", constructPath: "s/c", prop: "p", value: "1", accepted: "2" };

  test("is recognised by its symbol, not by instanceof", () => {
    const error = new BlueprintValidationError([problem]);
    expect(BlueprintValidationError.isValidationError(error)).toBe(true);
    // A copy from a second installation of the library carries the same global symbol.
    const foreign = Object.defineProperty(new Error("x"), Symbol.for("ai-supply-chain-blueprint.BlueprintValidationError"), { value: true });
    expect(BlueprintValidationError.isValidationError(foreign)).toBe(true);
    expect(BlueprintValidationError.isValidationError(new Error("x"))).toBe(false);
    expect(BlueprintValidationError.isValidationError(null)).toBe(false);
  });

  test("message names path, prop, value, code and accepted range", () => {
    expect(new BlueprintValidationError([problem]).message).toBe("s/c: p = 1 is invalid [X]; accepted: 2");
  });
});
