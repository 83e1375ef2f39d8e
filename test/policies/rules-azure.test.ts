import { describeRule, rulesIn } from "./rule-cases";

describe("rules in policies/rules/azure", () => {
  const rules = rulesIn("azure");
  test("the folder holds rules", () => expect(rules.length).toBeGreaterThan(0));
  for (const rule of rules) describeRule(rule);
});
