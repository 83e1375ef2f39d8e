import * as fs from "node:fs";
import * as path from "node:path";
import { runCli } from "../../cli/blueprint";
import { AUDIT_EXIT_BAD_INPUT, AUDIT_EXIT_OK, AUDIT_EXIT_POLICY } from "../../cli/audit";
import { runBlueprint } from "../../stacks/run-blueprint";

/*
 * `blueprint audit` end to end: the default synth passes and writes the pack; a synthesized
 * stack edited by hand, and a plan that deletes a prod key, fail with the rules that guard them;
 * bad input is one line and exit 2.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "audit-cli");
const SYNTH = path.join(SCRATCH, "cdktf.out");
const NOW = new Date("2026-12-01T12:00:00Z");

async function audit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["audit", ...args], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, { env: {}, cwd: ROOT, now: NOW });
  return { code, stdout, stderr };
}

function errorRules(stderr: string): string[] {
  return [...new Set(stderr.split("\n").filter((l) => l.startsWith("error ")).map((l) => l.split(/\s+/)[3]!))].sort();
}

beforeAll(() => {
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  const code = runBlueprint({ env: { CDKTF_OUTDIR: SYNTH }, stderr: { write: () => true }, now: NOW });
  expect(code).toBe(0);
});

test("the default synth passes and the pack is written", async () => {
  const out = path.join(SCRATCH, "pack");
  const { code, stdout, stderr } = await audit(["--input", SYNTH, "--out", out]);
  expect(code).toBe(AUDIT_EXIT_OK);
  expect(errorRules(stderr)).toEqual([]);
  expect(fs.readdirSync(out).sort()).toEqual(["evidence.json", "report.html", "report.json", "report.md", "report.sarif"]);
  expect(stdout).toBe(`wrote ${["evidence.json", "report.html", "report.json", "report.md", "report.sarif"].map((f) => path.join("test/.out/audit-cli/pack", f)).join(", ")}\n`);
});

test("--format conftest also writes the resource model", async () => {
  const out = path.join(SCRATCH, "conftest");
  expect((await audit(["--input", SYNTH, "--out", out, "--format", "conftest"])).code).toBe(AUDIT_EXIT_OK);
  const model = JSON.parse(fs.readFileSync(path.join(out, "resource-model.json"), "utf8")) as unknown;
  expect(JSON.stringify(model)).toContain('"aws_kms_key"');
});

test("a synthesized stack edited to turn rotation off fails with KEY-ROTATION-AWS", async () => {
  const edited = path.join(SCRATCH, "edited");
  fs.cpSync(SYNTH, edited, { recursive: true });
  const file = path.join(edited, "stacks", "aws-prod", "cdk.tf.json");
  const stack = JSON.parse(fs.readFileSync(file, "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  // A data key: the asymmetric signing keys cannot rotate and are not held to KEY-ROTATION-AWS.
  const key = Object.values(stack.resource["aws_kms_key"]!).find((k) => k["customer_master_key_spec"] === "SYMMETRIC_DEFAULT")!;
  key["enable_key_rotation"] = false;
  fs.writeFileSync(file, JSON.stringify(stack));
  const { code, stderr } = await audit(["--input", edited, "--out", path.join(SCRATCH, "edited-pack")]);
  expect({ code, errors: errorRules(stderr) }).toEqual({ code: AUDIT_EXIT_POLICY, errors: ["KEY-ROTATION-AWS"] });
});

test("a plan that deletes a prod key fails the destroy guard", async () => {
  const stack = JSON.parse(fs.readFileSync(path.join(SYNTH, "stacks", "aws-prod", "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const [name, body] = Object.entries(stack.resource["aws_kms_key"]!)[0]!;
  const before = Object.fromEntries(Object.entries(body).filter(([k]) => !["//", "lifecycle"].includes(k)));
  const plan = {
    format_version: "1.2",
    terraform_version: "1.9.8",
    resource_changes: [{ address: `aws_kms_key.${name}`, mode: "managed", type: "aws_kms_key", name, change: { actions: ["delete"], before: { ...before, tags_all: { environment: "prod" } }, after: null, after_unknown: {} } }],
  };
  const file = path.join(SCRATCH, "aws-prod.plan.json");
  fs.writeFileSync(file, JSON.stringify(plan));
  const { code, stderr } = await audit(["--plan", file, "--out", path.join(SCRATCH, "plan-pack")]);
  expect(code).toBe(AUDIT_EXIT_POLICY);
  expect(errorRules(stderr)).toContain("PROTECTED-NOT-DESTROYED-ANY");
  expect(stderr).toContain(`the plan deletes aws_kms_key.${name}, a KMS key`);
});

test("--as-of after an acknowledgement's expiry reopens its findings", async () => {
  const config = fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8");
  const expiries = [...config.matchAll(/expires: "?(\d{4}-\d{2}-\d{2})"?/g)].map((m) => m[1]!).sort();
  expect(expiries.length).toBeGreaterThan(0);
  const last = new Date(`${expiries[expiries.length - 1]!}T00:00:00Z`);
  const after = new Date(last.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  const { code, stderr } = await audit(["--input", SYNTH, "--out", path.join(SCRATCH, "late"), "--as-of", after]);
  expect(code).toBe(AUDIT_EXIT_POLICY);
  expect(errorRules(stderr)).toContain("ACKNOWLEDGEMENT-VALID-ANY");
});

test.each([
  [["--input", "test/.out/audit-cli/nowhere"], "audit error: cannot read"],
  [["--plan", "package.json"], "audit error: "],
  [["--format", "pdf"], 'audit error: --format "pdf" is not a format; accepted: conftest'],
  [["--as-of", "2027-13-01"], 'audit error: --as-of "2027-13-01" is not a date; accepted: YYYY-MM-DD'],
  [["--colour"], "audit error: unknown option '--colour'; accepted: --input <dir>"],
])("bad input %j exits 2 with one line", async (args, start) => {
  const { code, stderr } = await audit([...args, "--out", path.join(SCRATCH, "never")]);
  expect(code).toBe(AUDIT_EXIT_BAD_INPUT);
  expect(stderr.split("\n").filter((l) => l !== "")).toHaveLength(1);
  expect(stderr.startsWith(start)).toBe(true);
});

test("large inputs print one progress line per stack", async () => {
  const changes = Array.from({ length: 6000 }, (_, i) => ({ address: `aws_sqs_queue.q${i}`, mode: "managed", type: "aws_sqs_queue", name: `q${i}`, change: { actions: ["create"], before: null, after: { name: `q${i}` }, after_unknown: {} } }));
  const file = path.join(SCRATCH, "big.json");
  fs.writeFileSync(file, JSON.stringify({ format_version: "1.2", resource_changes: changes }));
  const { stderr } = await audit(["--plan", `big=${file}`, "--out", path.join(SCRATCH, "big-pack")]);
  expect(stderr.split("\n").filter((l) => l.startsWith("audit: "))).toEqual(["audit: big (1/1), 6000 resources"]);
});
