import { blockingFindings, evaluate } from "../../policies/engine";
import { stackFromSynth } from "../../policies/load-synth";
import { ResourceRule, StackRule, isEnvironmentStack, notApplicable, resourceRule, stackRule, valueOf, UNKNOWN_VALUE } from "../../policies/rule";
import { acknowledgedStack, globToRegExp, isExpired } from "../../policies/acknowledgements";
import { ACKNOWLEDGEMENT_RULE } from "../../policies/rules";

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

describe("the rule context", () => {
  const seen: Record<string, unknown> = {};
  let builds = 0;
  const probe: ResourceRule = resourceRule({
    control: "COST-TAGS",
    cloud: "any",
    title: "t",
    severity: "warning",
    appliesTo: ["*", "data.aws_caller_identity"],
    mappings: { nist80053: ["CM-8"] },
    rationale: "r",
    fix: "f",
    check(resource, context) {
      seen[resource.address] = {
        mixed: context.resourcesOf("aws_s3_bucket", "aws_kms_key").map((r) => r.address),
        single: context.resourcesOf("aws_kms_key").map((r) => r.address),
        data: context.resourcesOf("data.aws_caller_identity").map((r) => r.address),
        referenced: context.referenced(resource, "kms_master_key_id").map((r) => r.address),
        referencing: context.referencing(resource, "aws_s3_bucket", "kms_master_key_id").map((r) => r.address),
        wrongPath: context.referencing(resource, "aws_s3_bucket", "bucket").map((r) => r.address),
        memo: context.memo("probe", () => ++builds),
      };
      return context.problems().error(`seen ${resource.address}`).outcome();
    },
    tests: { compliance: [], noncompliance: [] },
  });
  // Evaluated inside each test, so mutation testing credits the test that checks the outcome.
  const run = () => {
    builds = 0;
    for (const k of Object.keys(seen)) Reflect.deleteProperty(seen, k);
    const stack = stackFromSynth("s", "cdk.tf.json", {
      provider: { aws: [{}] },
      data: { aws_caller_identity: { me: {} } },
      resource: { aws_s3_bucket: { b: { kms_master_key_id: "${aws_kms_key.k.arn}" } }, aws_kms_key: { k: {}, a: {} } },
    });
    return evaluate({ stacks: [stack] }, { rules: [probe], now: NOW });
  };

  test("an any-cloud rule runs on every managed resource and on the data sources it names, once each", () => {
    const e = run();
    expect(Object.keys(seen).sort()).toEqual(["aws_kms_key.a", "aws_kms_key.k", "aws_s3_bucket.b", "data.aws_caller_identity.me"]);
    expect(e.tallies).toEqual([{ ruleId: "COST-TAGS-ANY", stack: "s", compliant: 0, nonCompliant: 4, notApplicable: 0 }]);
  });

  test("findings take the rule's severity; resourcesOf merges types in address order; references resolve both ways; memo builds once per stack", () => {
    const e = run();
    expect(new Set(e.findings.map((f) => f.severity))).toEqual(new Set(["warning"]));
    expect(seen["aws_kms_key.k"]).toEqual({
      mixed: ["aws_kms_key.a", "aws_kms_key.k", "aws_s3_bucket.b"],
      single: ["aws_kms_key.k", "aws_kms_key.a"],
      data: ["data.aws_caller_identity.me"],
      referenced: [],
      referencing: ["aws_s3_bucket.b"],
      wrongPath: [],
      memo: 1,
    });
    expect((seen["aws_s3_bucket.b"] as { referenced: string[] }).referenced).toEqual(["aws_kms_key.k"]);
    expect(builds).toBe(1);
  });
});

test("the first current acknowledgement that matches takes the finding; an expired one never does", () => {
  const stack = awsStack("aws-prod", { a: { enable_key_rotation: false } });
  const base = { rule: "KEY-ROTATION-AWS", reason: "asymmetric signing key", owner: "ml-platform", expires: "2027-01-31" };
  const expired = { ...base, resource: "*", ticket: "OLD-1", expires: "2026-01-31" };
  const first = { ...base, resource: "aws_kms_key.*", ticket: "SEC-1" };
  const second = { ...base, resource: "aws_kms_key.a", ticket: "SEC-2" };
  const e = evaluate({ stacks: [stack] }, { rules: [rotation], now: NOW, acknowledgements: [expired, first, second] });
  expect(e.findings.filter((f) => f.ruleId === "KEY-ROTATION-AWS").map((f) => f.acknowledgement?.ticket)).toEqual(["SEC-1"]);
  expect(e.acknowledgements.map((a) => [a.acknowledgement.ticket, a.expired, a.matched])).toEqual([
    ["OLD-1", true, 0],
    ["SEC-1", false, 1],
    ["SEC-2", false, 0],
  ]);
  expect(e.findings.filter((f) => f.ruleId === "ACKNOWLEDGEMENT-VALID-ANY").map((f) => ({ stack: f.stack, address: f.address, severity: f.severity, control: f.control }))).toEqual([
    { stack: "(config)", address: "(config)", severity: "error", control: "ACKNOWLEDGEMENT-VALID" },
    { stack: "(config)", address: "(config)", severity: "error", control: "ACKNOWLEDGEMENT-VALID" },
  ]);
});

test("findings sort by stack, address, rule, then message", () => {
  const e = evaluate({ stacks: [awsStack("b-stack", { z: { enable_key_rotation: false } }), awsStack("a-stack", { y: {}, x: { enable_key_rotation: false } })] }, { rules: RULES, now: NOW });
  expect(e.findings.map((f) => `${f.stack} ${f.address} ${f.ruleId}`)).toEqual([
    "a-stack (stack) BUDGET-PRESENT-AWS",
    "a-stack aws_kms_key.x KEY-ROTATION-AWS",
    "a-stack aws_kms_key.y KEY-ROTATION-AWS",
    "b-stack (stack) BUDGET-PRESENT-AWS",
    "b-stack aws_kms_key.z KEY-ROTATION-AWS",
  ]);
});

test("acknowledgement details: a leading slash names no stack, ? matches one character, the last millisecond of the day still counts", () => {
  expect(acknowledgedStack({ rule: "X", resource: "/aws_kms_key.k", reason: "r", owner: "o", ticket: "t", expires: "2027-01-01" })).toBeUndefined();
  expect(acknowledgedStack({ rule: "X", resource: "aws-dev/aws_kms_key.k", reason: "r", owner: "o", ticket: "t", expires: "2027-01-01" })).toBe("aws-dev");
  expect(globToRegExp("aws_kms_key.?").test("aws_kms_key.a")).toBe(true);
  expect(isExpired("2026-12-01", new Date("2026-12-01T23:59:59.999Z"))).toBe(false);
});

test("an acknowledgement whose stack glob matches one of several stacks is in scope; the acknowledgement rule has no tally", () => {
  const ack = { rule: "KEY-ROTATION-AWS", resource: "*-prod/aws_kms_key.none", reason: "asymmetric signing key", owner: "ml-platform", ticket: "SEC-1", expires: "2027-01-31" };
  const e = evaluate({ stacks: [awsStack("a-prod", {}), awsStack("b-dev", {})] }, { rules: [rotation, ACKNOWLEDGEMENT_RULE], now: NOW, acknowledgements: [ack] });
  expect(e.acknowledgements.map((a) => a.outOfScope)).toEqual([false]);
  expect(e.findings.map((f) => f.ruleId)).toEqual(["ACKNOWLEDGEMENT-VALID-ANY"]);
  expect(e.tallies.map((t) => `${t.ruleId} ${t.stack}`)).toEqual(["KEY-ROTATION-AWS a-prod", "KEY-ROTATION-AWS b-dev"]);
});

test("resourcesOf several types skips the types the stack lacks", () => {
  let found: string[] = [];
  const lookup: StackRule = stackRule({ ...budget, check: (context) => ((found = context.resourcesOf("aws_kms_key", "aws_none").map((r) => r.address)), { status: "compliant" }) });
  evaluate({ stacks: [awsStack("s", { k: {} })] }, { rules: [lookup], now: NOW });
  expect(found).toEqual(["aws_kms_key.k"]);
});
