import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { countResources } from "../../stacks/synth-output";
import { EXIT_BAD_INPUT, EXIT_OK, runBlueprint } from "../../stacks/run-blueprint";
import { defaultConfigDoc } from "../helpers/config-scratch";

/*
 * What `npm run synth` tells the user and leaves behind: a line per stack on stdout, the total,
 * and an output directory holding only what the current configuration produces.
 */

const OUT = path.join("test", ".out", "synth-output");
const DEFAULT_CONFIG = path.resolve(__dirname, "..", "..", "blueprint.config.yaml");

interface Run {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string;
}

function synth(outdir: string, config = DEFAULT_CONFIG, env: Record<string, string> = {}): Run {
  let stdout = "";
  let stderr = "";
  const code = runBlueprint({
    env: { BLUEPRINT_CONFIG: config, CDKTF_OUTDIR: outdir, ...env },
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout: stdout.trimEnd().split("\n"), stderr };
}

/** Resources in a written cdk.tf.json, counted here from the file (not by the code under test). */
function resourcesIn(file: string): number {
  const resource = (JSON.parse(fs.readFileSync(file, "utf8")) as { resource: Record<string, object> }).resource;
  return Object.values(resource).map((byId) => Object.keys(byId).length).reduce((a, b) => a + b);
}

function configWithout(cloud: string, name: string): string {
  const doc = defaultConfigDoc<{ clouds: Record<string, { enabled?: boolean }> }>();
  doc.clouds[cloud]!.enabled = false;
  const file = path.join(OUT, `${name}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  return file;
}

beforeAll(() => fs.mkdirSync(OUT, { recursive: true }));
afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

describe("the synth summary", () => {
  const outdir = path.join(OUT, "summary");
  let run: Run;
  beforeAll(() => (run = synth(outdir)));

  test("one line per stack in build order, then the total and the policy summary; nothing on stderr", () => {
    expect(run.code).toBe(EXIT_OK);
    expect(run.stderr).toBe("");
    expect(run.stdout.map((l) => l.split(/\s+/)[0])).toEqual([
      "state-backend-aws",
      "ci-aws-dev",
      "ci-aws-prod",
      "aws-dev",
      "aws-prod",
      "cost-allocation-aws",
      "state-backend-gcp",
      "ci-gcp-dev",
      "ci-gcp-prod",
      "gcp-dev",
      "gcp-prod",
      "state-backend-azure",
      "ci-azure-dev",
      "ci-azure-prod",
      "azure-dev",
      "azure-prod",
      "16",
      "policy:",
    ]);
    expect(run.stdout.at(-1)).toMatch(/^policy: 0 errors, 0 warnings, \d+ acknowledged over 16 stacks \(\d+ rules\)$/);
  });

  test("each stack line names the stack, its resource count and its file", () => {
    const file = path.join(outdir, "stacks", "aws-dev", "cdk.tf.json");
    const line = run.stdout[3]!;
    // Counts are right-aligned to the widest (azure-dev's, three digits): aws-dev's two digits take one more space.
    expect(line).toMatch(/^aws-dev {14}\d{3} resources {2}test\/\.out\/synth-output\/summary\/stacks\/aws-dev\/cdk\.tf\.json$/);
    expect(Number(line.match(/(\d+) resources/)![1])).toBe(resourcesIn(file));
  });

  test("the total adds up every stack's resources as written", () => {
    const stacks = fs.readdirSync(path.join(outdir, "stacks"));
    const total = stacks.map((s) => resourcesIn(path.join(outdir, "stacks", s, "cdk.tf.json"))).reduce((a, b) => a + b);
    expect(run.stdout[16]).toBe(`16 stacks, ${total} resources`);
  });

  test("a bad configuration prints nothing on stdout, its error on stderr, exit 2", () => {
    const bad = path.join(OUT, "bad.yaml");
    fs.writeFileSync(bad, "organization: {}\n");
    const failed = synth(path.join(OUT, "bad-out"), bad);
    expect(failed.code).toBe(EXIT_BAD_INPUT);
    expect(failed.stdout).toEqual([""]);
    expect(failed.stderr).toMatch(/^config error: organization\.name: missing; /);
  });
});

describe("the output directory holds only what this configuration produces", () => {
  test("disabling GCP removes the gcp stack folders of an earlier synth, and says so", () => {
    const outdir = path.join(OUT, "disable-gcp");
    expect(synth(outdir).code).toBe(EXIT_OK);
    const run = synth(outdir, configWithout("gcp", "no-gcp"));
    expect(run.code).toBe(EXIT_OK);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual([
      "aws-dev",
      "aws-prod",
      "azure-dev",
      "azure-prod",
      "ci-aws-dev",
      "ci-aws-prod",
      "ci-azure-dev",
      "ci-azure-prod",
      "cost-allocation-aws",
      "state-backend-aws",
      "state-backend-azure",
    ]);
    const stacks = path.join(outdir, "stacks");
    expect(run.stdout.filter((l) => l.startsWith("removed "))).toEqual([
      `removed ${stacks}/ci-gcp-dev (a stack the configuration no longer produces)`,
      `removed ${stacks}/ci-gcp-prod (a stack the configuration no longer produces)`,
      `removed ${stacks}/gcp-dev (a stack the configuration no longer produces)`,
      `removed ${stacks}/gcp-prod (a stack the configuration no longer produces)`,
      `removed ${stacks}/state-backend-gcp (a stack the configuration no longer produces)`,
    ]);
    expect(run.stdout[run.stdout.length - 2]).toMatch(/^11 stacks, \d+ resources$/);
  });

  test("run by the cdktf CLI, stale stack folders are left for the CLI to remove; a stale cdk.tf is still removed", () => {
    const outdir = path.join(OUT, "under-cli");
    const orphan = path.join(outdir, "stacks", "gcp-old");
    const stale = path.join(outdir, "stacks", "aws-dev", "cdk.tf");
    fs.mkdirSync(orphan, { recursive: true });
    fs.writeFileSync(path.join(orphan, "cdk.tf.json"), "{}\n");
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, "\n");
    // What @cdktf/cli-core's synth-stack.js sets for the app; the CLI then rmSync()s the orphans
    // it listed before the run, and fails with ENOENT when the app already removed one.
    const run = synth(outdir, DEFAULT_CONFIG, { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true" });
    expect(run.code).toBe(EXIT_OK);
    expect(fs.existsSync(path.join(orphan, "cdk.tf.json"))).toBe(true);
    expect(fs.existsSync(stale)).toBe(false);
    expect(run.stdout.filter((l) => l.startsWith("removed "))).toEqual([`removed ${stale} (left by a synth in the other format; terraform would read both)`]);
  });

  test("a folder under stacks/ that holds no synthesized stack is left alone", () => {
    const outdir = path.join(OUT, "keep-foreign");
    const notes = path.join(outdir, "stacks", "notes");
    fs.mkdirSync(notes, { recursive: true });
    fs.writeFileSync(path.join(notes, "README.md"), "mine\n");
    expect(synth(outdir).code).toBe(EXIT_OK);
    expect(fs.readFileSync(path.join(notes, "README.md"), "utf8")).toBe("mine\n");
  });

  test("a cdk.tf from an earlier --hcl synth is removed next to the new cdk.tf.json", () => {
    const outdir = path.join(OUT, "stale-hcl");
    const stale = path.join(outdir, "stacks", "aws-dev", "cdk.tf");
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, 'resource "aws_s3_bucket" "x" {}\n');
    const run = synth(outdir);
    expect(run.code).toBe(EXIT_OK);
    expect(fs.existsSync(stale)).toBe(false);
    // assets/: the promotion-gate function packages cdktf writes next to the stack (TerraformAsset).
    expect(fs.readdirSync(path.dirname(stale)).sort()).toEqual(["assets", "cdk.tf.json"]);
    expect(run.stdout).toContain(`removed ${stale} (left by a synth in the other format; terraform would read both)`);
  });

  test("an HCL synth (SYNTH_HCL_OUTPUT=true, what cdktf synth --hcl sets) removes the cdk.tf.json of an earlier synth", () => {
    const outdir = path.join(OUT, "to-hcl");
    expect(synth(outdir).code).toBe(EXIT_OK);
    const before = process.env["SYNTH_HCL_OUTPUT"];
    process.env["SYNTH_HCL_OUTPUT"] = "true";
    let run: Run;
    try {
      run = synth(outdir);
    } finally {
      if (before === undefined) delete process.env["SYNTH_HCL_OUTPUT"];
      else process.env["SYNTH_HCL_OUTPUT"] = before;
    }
    expect(run.code).toBe(EXIT_OK);
    expect(fs.readdirSync(path.join(outdir, "stacks", "aws-dev")).sort()).toEqual(["assets", "cdk.tf", "metadata.json"]);
    expect(run.stdout[3]).toMatch(/^aws-dev +\d+ resources {2}test\/\.out\/synth-output\/to-hcl\/stacks\/aws-dev\/cdk\.tf$/);
  });
});

describe("countResources", () => {
  test("counts resource blocks of JSON and HCL, not data sources or outputs", () => {
    const json = JSON.stringify({ resource: { aws_s3_bucket: { a: {}, b: {} }, aws_kms_key: { k: {} } }, data: { aws_caller_identity: { me: {} } }, output: { o: {} } });
    expect(countResources(json, false)).toBe(3);
    expect(countResources(JSON.stringify({ output: { o: {} } }), false)).toBe(0);
    const hcl = ['resource "aws_s3_bucket" "a" {', "}", 'data "aws_caller_identity" "me" {', "}", 'resource "aws_kms_key" "k" {', "}", 'output "o" {', "}"].join("\n");
    expect(countResources(hcl, true)).toBe(2);
  });
});
