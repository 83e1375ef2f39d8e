import { blockingFindings, evaluate } from "../../policies/engine";
import { stackFromSynth } from "../../policies/load-synth";
import { ResourceRule, StackRule, isEnvironmentStack, notApplicable, resourceRule, stackRule, valueOf, UNKNOWN_VALUE } from "../../policies/rule";
import { globToRegExp, isExpired } from "../../policies/acknowledgements";

/* Two small rules with the shapes the catalogue uses, so the engine is tested apart from it. */
const rotation: ResourceRule = resourceRule({
  control: "KEY-ROTATION",
  cloud: "aws",
  title: "t",
  severity: "error",
  appliesTo: ["aws_kms_key"],
  mappings: { nist80053: ["SC-12"] },
  rationale: "r",
  fix: "turn rotation on",
  check(key, context) {
    if (valueOf(key, "key_usage") === "SIGN_VERIFY") return notApplicable();
    const p = context.problems();
    const v = valueOf(key, "enable_key_rotation");
    if (v === UNKNOWN_VALUE) p.unknown("enable_key_rotation");
    else if (v === "relaxed") p.relaxed("rotation relaxed");
    else if (v !== true) p.error("rotation off");
    return p.outcome();
  },
  tests: { compliance: [], noncompliance: [] },
});
const budget: StackRule = stackRule({
  control: "BUDGET-PRESENT",
  cloud: "aws",
  title: "t",
  severity: "error",
  appliesTo: ["aws_budgets_budget"],
  mappings: { nist80053: ["SA-2"] },
  rationale: "r",
  fix: "add a budget",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return notApplicable();
    return context.resourcesOf("aws_budgets_budget").length > 0 ? { status: "compliant" } : context.problems().error("no budget").outcome();
  },
  tests: { compliance: [], noncompliance: [] },
});
const RULES = [rotation, budget];
const NOW = new Date("2026-12-01T12:00:00Z");

function awsStack(name: string, keys: Record<string, unknown>, environment = "prod") {
  return stackFromSynth(name, "cdk.tf.json", { provider: { aws: [{ default_tags: [{ tags: { environment } }] }] }, resource: { aws_kms_key: keys } });
}

test("ids are <CONTROL>-<CLOUD>", () => {
  expect([rotation.id, budget.id]).toEqual(["KEY-ROTATION-AWS", "BUDGET-PRESENT-AWS"]);
});

test("findings carry stack, address, construct path, rule, severity, message and fix; tallies count each outcome", () => {
  const stack = awsStack("aws-prod", {
    a: { "//": { metadata: { path: "aws-prod/keys/a/Resource" } }, enable_key_rotation: false },
    b: { enable_key_rotation: true },
    c: { key_usage: "SIGN_VERIFY" },
  });
  const e = evaluate({ stacks: [stack] }, { rules: RULES, now: NOW });
  expect(e.findings).toEqual([
    { ruleId: "BUDGET-PRESENT-AWS", control: "BUDGET-PRESENT", severity: "error", stack: "aws-prod", address: "(stack)", message: "no budget", fix: "add a budget" },
    { ruleId: "KEY-ROTATION-AWS", control: "KEY-ROTATION", severity: "error", stack: "aws-prod", address: "aws_kms_key.a", resourceType: "aws_kms_key", constructPath: "aws-prod/keys/a/Resource", message: "rotation off", fix: "turn rotation on" },
  ]);
  expect(e.tallies).toEqual([
    { ruleId: "KEY-ROTATION-AWS", stack: "aws-prod", compliant: 1, nonCompliant: 1, notApplicable: 1 },
    { ruleId: "BUDGET-PRESENT-AWS", stack: "aws-prod", compliant: 0, nonCompliant: 1, notApplicable: 0 },
  ]);
  expect(blockingFindings(e).map((f) => f.ruleId)).toEqual(["BUDGET-PRESENT-AWS", "KEY-ROTATION-AWS"]);
});

test("relaxations and unknown values are warnings, never blocking; unknown is marked", () => {
  const e = evaluate({ stacks: [awsStack("aws-dev", { r: { enable_key_rotation: "relaxed" }, u: { enable_key_rotation: "${var.rotate}" } }, "shared")] }, { rules: RULES, now: NOW });
  expect(e.findings.map((f) => [f.address, f.severity, f.message, f.unknown ?? false])).toEqual([
    ["aws_kms_key.r", "warning", "rotation relaxed", false],
    ["aws_kms_key.u", "warning", "enable_key_rotation is known only after apply: check it in the plan", true],
  ]);
  expect(blockingFindings(e)).toEqual([]);
});

test("rules of another cloud do not run on a stack", () => {
  const gcp = stackFromSynth("gcp-prod", "cdk.tf.json", { provider: { google: [{ default_labels: { environment: "prod" } }] }, resource: { aws_kms_key: { k: {} } } });
  expect(evaluate({ stacks: [gcp] }, { rules: RULES, now: NOW }).tallies).toEqual([]);
});

describe("acknowledgements", () => {
  const ack = { rule: "KEY-ROTATION-AWS", resource: "aws-prod/aws_kms_key.*", reason: "asymmetric signing key", owner: "ml-platform", ticket: "SEC-1", expires: "2026-12-01" };
  const stack = () => awsStack("aws-prod", { a: { enable_key_rotation: false }, b: { enable_key_rotation: false } });

  test("a current acknowledgement accepts every finding it matches and is counted", () => {
    const e = evaluate({ stacks: [stack()] }, { rules: [rotation], now: NOW, acknowledgements: [ack] });
    expect(e.findings.map((f) => [f.address, f.acknowledgement?.ticket])).toEqual([
      ["aws_kms_key.a", "SEC-1"],
      ["aws_kms_key.b", "SEC-1"],
    ]);
    expect(blockingFindings(e)).toEqual([]);
    expect(e.acknowledgements).toEqual([{ acknowledgement: ack, expired: false, matched: 2, outOfScope: false }]);
  });

  test("the expiry day still counts; the day after, the findings are open and the acknowledgement is an error", () => {
    const e = evaluate({ stacks: [stack()] }, { rules: [rotation], now: new Date("2026-12-02T00:00:00Z"), acknowledgements: [ack] });
    expect(blockingFindings(e).map((f) => `${f.ruleId} ${f.address}`)).toEqual([
      "ACKNOWLEDGEMENT-VALID-ANY (config)",
      "KEY-ROTATION-AWS aws_kms_key.a",
      "KEY-ROTATION-AWS aws_kms_key.b",
    ]);
    expect(e.findings[0]!.message).toBe("acknowledgement of KEY-ROTATION-AWS for aws-prod/aws_kms_key.* (SEC-1, owner ml-platform) expired on 2026-12-01: the findings it covered are open again");
  });

  test("one that matches nothing is an error; one naming a stack outside the evaluation is neither used nor unused", () => {
    const unused = { ...ack, resource: "aws_kms_key.zzz" };
    const elsewhere = { ...ack, resource: "aws-dev/aws_kms_key.a" };
    const globbed = { ...ack, resource: "*-prod/aws_kms_key.zzz" };
    const e = evaluate({ stacks: [stack()] }, { rules: [rotation], now: NOW, acknowledgements: [unused, elsewhere, globbed] });
    expect(e.findings.filter((f) => f.ruleId === "ACKNOWLEDGEMENT-VALID-ANY").map((f) => f.message)).toEqual([
      "acknowledgement of KEY-ROTATION-AWS for *-prod/aws_kms_key.zzz (SEC-1, owner ml-platform) matches no finding: remove it, or correct its rule id or resource pattern",
      "acknowledgement of KEY-ROTATION-AWS for aws_kms_key.zzz (SEC-1, owner ml-platform) matches no finding: remove it, or correct its rule id or resource pattern",
    ]);
    expect(e.acknowledgements.map((a) => [a.acknowledgement.resource, a.matched, a.outOfScope])).toEqual([
      ["aws_kms_key.zzz", 0, false],
      ["aws-dev/aws_kms_key.a", 0, true],
      ["*-prod/aws_kms_key.zzz", 0, false],
    ]);
  });

  test("globs: * any run, ? one character, everything else literal", () => {
    expect(globToRegExp("aws_kms_key.*").test("aws_kms_key.a.b")).toBe(true);
    expect(globToRegExp("aws_kms_key.?").test("aws_kms_key.ab")).toBe(false);
    expect(globToRegExp("a.b").test("axb")).toBe(false);
    expect(globToRegExp('x["k"]').test('x["k"]')).toBe(true);
  });

  test("expiry is the end of the day in UTC; a malformed date counts as expired", () => {
    expect(isExpired("2026-12-01", new Date("2026-12-01T23:59:59Z"))).toBe(false);
    expect(isExpired("2026-12-01", new Date("2026-12-02T00:00:00Z"))).toBe(true);
    expect(isExpired("someday", NOW)).toBe(true);
  });
});

test("onStack is called once per stack, in order", () => {
  const seen: string[] = [];
  evaluate({ stacks: [awsStack("a", {}), awsStack("b", {})] }, { rules: RULES, now: NOW, onStack: (s, i, n) => seen.push(`${s.name} ${i + 1}/${n}`) });
  expect(seen).toEqual(["a 1/2", "b 2/2"]);
});
