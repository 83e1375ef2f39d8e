import { satisfies } from "../../../../constructs/shared/limits/text-rule";

describe("satisfies", () => {
  const bounded = { pattern: /^[a-z]+$/, accepted: "letters", maxLength: 3 };
  const unbounded = { pattern: /^[a-z]+$/, accepted: "letters" };

  test("a value up to maxLength that matches the pattern is accepted", () => {
    expect(satisfies(bounded, "abc")).toBe(true);
    expect(satisfies(bounded, "a")).toBe(true);
  });

  test("a value one character over maxLength is refused although the pattern matches", () => {
    expect(satisfies(bounded, "abcd")).toBe(false);
  });

  test("a value within maxLength that does not match the pattern is refused", () => {
    expect(satisfies(bounded, "a1")).toBe(false);
  });

  test("without maxLength only the pattern bounds the value", () => {
    expect(satisfies(unbounded, "a".repeat(1000))).toBe(true);
    expect(satisfies(unbounded, `${"a".repeat(10)}1`)).toBe(false);
  });
});
