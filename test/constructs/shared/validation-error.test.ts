import { Lazy, TerraformStack, Testing } from "cdktf";
import { BlueprintValidationError, PropValidator, ValidationProblem } from "../../../constructs/shared/validation-error";
import { validationErrorOf } from "../../helpers/errors";

const problem = { code: "X", constructPath: "s/c", prop: "p", value: "1", accepted: "2" };

describe("BlueprintValidationError", () => {

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

describe("BlueprintValidationError shape", () => {
  test("a value that is not an object is no validation error", () => {
    expect(BlueprintValidationError.isValidationError("BlueprintValidationError")).toBe(false);
    expect(BlueprintValidationError.isValidationError(undefined)).toBe(false);
  });

  test("names itself, keeps its problems and puts one line per problem in its message", () => {
    const second = { code: "Y", constructPath: "s/d", prop: "q", value: '"a"', accepted: "b" };
    const error = new BlueprintValidationError([problem, second]);
    expect(error.name).toBe("BlueprintValidationError");
    expect(error.problems).toEqual([problem, second]);
    expect(error.message).toBe('s/c: p = 1 is invalid [X]; accepted: 2\ns/d: q = "a" is invalid [Y]; accepted: b');
  });
});

describe("PropValidator", () => {
  const rule = { pattern: /^[a-z]+$/, accepted: "1-4 lowercase letters", maxLength: 4 };

  function validator(): PropValidator {
    return new PropValidator(new TerraformStack(Testing.app(), "stack"), "thing");
  }

  function problemsOf(v: PropValidator): readonly ValidationProblem[] {
    return validationErrorOf(() => v.throwIfInvalid()).problems;
  }

  test("a validator with no problems does not throw", () => {
    expect(() => validator().require(true, "X", "p", 1, "any").integerInRange("n", 5, 1, 9, "N").matches("s", "abc", rule, "S").throwIfInvalid()).not.toThrow();
  });

  test("the construct path is the scope's path and the id, or the id alone at the root", () => {
    expect(problemsOf(validator().require(false, "X", "p", 1, "any"))).toEqual([{ code: "X", constructPath: "stack/thing", prop: "p", value: "1", accepted: "any" }]);
    expect(problemsOf(new PropValidator(Testing.app(), "top").require(false, "X", "p", "v", "any"))).toEqual([
      { code: "X", constructPath: "top", prop: "p", value: '"v"', accepted: "any" },
    ]);
  });

  test("integers outside the range, at neither bound, or not whole are reported with the range", () => {
    const v = validator().integerInRange("low", 0, 1, 9, "LOW").integerInRange("high", 10, 1, 9, "HIGH").integerInRange("frac", 1.5, 1, 9, "FRAC");
    v.integerInRange("min", 1, 1, 9, "MIN").integerInRange("max", 9, 1, 9, "MAX").integerInRange("absent", undefined, 1, 9, "ABSENT");
    expect(problemsOf(v)).toEqual([
      { code: "LOW", constructPath: "stack/thing", prop: "low", value: "0", accepted: "an integer from 1 to 9" },
      { code: "HIGH", constructPath: "stack/thing", prop: "high", value: "10", accepted: "an integer from 1 to 9" },
      { code: "FRAC", constructPath: "stack/thing", prop: "frac", value: "1.5", accepted: "an integer from 1 to 9" },
    ]);
  });

  test("an unresolved number is left to apply time", () => {
    expect(() => validator().integerInRange("n", Lazy.numberValue({ produce: () => 0 }), 1, 9, "N").throwIfInvalid()).not.toThrow();
  });

  test("text against a rule: too long or off-pattern is reported with the rule's accepted text", () => {
    const v = validator().matches("long", "abcde", rule, "LONG").matches("chars", "ab1", rule, "CHARS").matches("ok", "abcd", rule, "OK").matches("absent", undefined, rule, "ABSENT");
    v.matches("token", Lazy.stringValue({ produce: () => "ab1" }), rule, "TOKEN");
    expect(problemsOf(v)).toEqual([
      { code: "LONG", constructPath: "stack/thing", prop: "long", value: '"abcde"', accepted: "1-4 lowercase letters" },
      { code: "CHARS", constructPath: "stack/thing", prop: "chars", value: '"ab1"', accepted: "1-4 lowercase letters" },
    ]);
  });

  test("problems of a shared validator are reported after the construct's own", () => {
    const v = validator().require(false, "OWN", "p", true, "false").include([problem]);
    expect(problemsOf(v)).toEqual([{ code: "OWN", constructPath: "stack/thing", prop: "p", value: "true", accepted: "false" }, problem]);
  });
});
