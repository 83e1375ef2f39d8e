import { describeRule, rulesIn } from "./rule-cases";

describe("rules in policies/rules/any", () => {
  const rules = rulesIn("any");
  test("the folder holds rules", () => expect(rules.length).toBeGreaterThan(0));
  for (const rule of rules) describeRule(rule);
});
