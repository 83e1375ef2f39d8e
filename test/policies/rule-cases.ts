import * as fs from "node:fs";
import * as path from "node:path";
import { evaluate } from "../../policies/engine";
import { stackFromPlan } from "../../policies/load-plan";
import { stackFromSynth } from "../../policies/load-synth";
import { Rule, RuleCase } from "../../policies/rule";
import { RULES } from "../../policies/rules";

/** Runs one case of `rule` through the whole engine, as synth and audit would. */
export function runCase(rule: Rule, c: RuleCase) {
  const stack = c.plan ? stackFromPlan("case", "case.json", c.plan) : stackFromSynth("case", "cdk.tf.json", c.stack ?? {});
  // The rule alone, so a case sees only its own findings; the acknowledgement rule's cases need
  // the catalogue's findings to acknowledge.
  const rules = rule.scope === "acknowledgements" ? RULES : [rule];
  const evaluation = evaluate({ stacks: [stack] }, { now: new Date(c.now ?? "2026-12-01T12:00:00Z"), acknowledgements: c.acknowledgements ?? [], rules });
  const findings = evaluation.findings.filter((f) => f.ruleId === rule.id);
  const tally = evaluation.tallies.find((t) => t.ruleId === rule.id);
  return { findings, tally, evaluation };
}

/**
 * cdk-nag's habit: every rule proves it fires on each Noncompliance case (with the expected
 * text and severity) and stays silent on each Compliance case, where it must also have found
 * something to pass (a compliant result, not "not applicable").
 */
export function describeRule(rule: Rule): void {
  describe(`${rule.id}`, () => {
    test("has at least one Compliance and one Noncompliance case", () => {
      expect(rule.tests.compliance.length).toBeGreaterThanOrEqual(1);
      expect(rule.tests.noncompliance.length).toBeGreaterThanOrEqual(1);
    });
    test.each(rule.tests.compliance.map((c, i) => [i + 1, c.name, c] as const))("Compliance %i: %s", (_i, _name, c) => {
      const { findings, tally } = runCase(rule, c);
      expect(findings.map((f) => f.message)).toEqual([]);
      if (rule.scope !== "acknowledgements") expect(tally?.compliant).toBeGreaterThanOrEqual(1);
    });
    test.each(rule.tests.noncompliance.map((c, i) => [i + 1, c.name, c] as const))("Noncompliance %i: %s", (_i, _name, c) => {
      expect(c.expect).toEqual(expect.any(String));
      const { findings } = runCase(rule, c);
      expect(findings.map((f) => ({ severity: f.severity, matches: f.message.includes(c.expect!) }))).toContainEqual({ severity: c.severity ?? rule.severity, matches: true });
    });
  });
}

/** Loads every rule file of one folder directly, so each cloud's rules are tested on their own. */
export function rulesIn(folder: "aws" | "gcp" | "azure" | "any"): Rule[] {
  const dir = path.join(__dirname, "../../policies/rules", folder);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .map((f) => (require(path.join(dir, f)) as { rule: Rule }).rule);
}
