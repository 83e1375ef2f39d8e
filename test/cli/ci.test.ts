import * as fs from "node:fs";
import * as path from "node:path";
import { runCli } from "../../cli/blueprint";
import { CI_EXIT_BAD_INPUT, CI_EXIT_OK } from "../../cli/ci";
import { ConfigScratch, defaultConfigDoc } from "../helpers/config-scratch";

/*
 * `blueprint ci init` end to end: it writes the committed examples/ci/github tree byte for byte,
 * the same bytes every time, into --out (default the working directory), one line per file; bad
 * input is one line and exit 2.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "ci-cli");
const CONFIG = path.join(ROOT, "blueprint.config.yaml");
const scratch = new ConfigScratch("ci-cli-configs");

async function ci(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["ci", ...args], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, { env: {}, cwd });
  return { code, stdout, stderr };
}

/** Every file under `dir`, relative, `/`-separated, sorted; dot-folders included. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p).split(path.sep).join("/"), fs.readFileSync(p));
    }
  };
  walk(dir);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

beforeAll(() => {
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  fs.mkdirSync(SCRATCH, { recursive: true });
});

afterAll(() => scratch.remove());

const GITHUB_FILES = [
  ".github/workflows/pull-request.yml",
  ".github/workflows/deploy.yml",
  "model-repositories/fraud-scoring/.github/workflows/publish-model.yml",
  "model-repositories/llm-adapters/.github/workflows/publish-model.yml",
];

test("init --provider github writes the files, creating folders, one line each", async () => {
  const out = path.join(SCRATCH, "github");
  const result = await ci(["init", "--provider", "github", "--out", out, "--config", CONFIG]);
  expect(result).toEqual({ code: CI_EXIT_OK, stdout: GITHUB_FILES.map((f) => `wrote test/.out/ci-cli/github/${f}\n`).join(""), stderr: "" });
  expect([...tree(out).keys()]).toEqual([...GITHUB_FILES].sort());
});

test("examples/ci/github is exactly what the command writes for the default configuration", async () => {
  const out = path.join(SCRATCH, "examples-github");
  expect((await ci(["init", "--provider", "github", "--out", out])).code).toBe(CI_EXIT_OK);
  const written = tree(out);
  const committed = tree(path.join(ROOT, "examples", "ci", "github"));
  expect([...committed.keys()]).toEqual([...written.keys()]);
  expect([...committed.entries()].filter(([name, bytes]) => !bytes.equals(written.get(name)!)).map(([name]) => name)).toEqual([]);
});

test("two runs write byte-identical files", async () => {
  const a = path.join(SCRATCH, "run-a");
  const b = path.join(SCRATCH, "run-b");
  await ci(["init", "--out", a]);
  await ci(["init", "--out", b]);
  const first = tree(a);
  const second = tree(b);
  expect(first.size).toBe(4);
  expect([...second.keys()]).toEqual([...first.keys()]);
  expect([...first.entries()].filter(([name, bytes]) => !bytes.equals(second.get(name)!)).map(([name]) => name)).toEqual([]);
});

test("--provider defaults to ci.provider and --out to the working directory", async () => {
  const cwd = path.join(SCRATCH, "cwd");
  fs.mkdirSync(cwd, { recursive: true });
  const result = await ci(["init", "--config", CONFIG], cwd);
  expect(result).toEqual({ code: CI_EXIT_OK, stdout: GITHUB_FILES.map((f) => `wrote ${f}\n`).join(""), stderr: "" });
  expect([...tree(cwd).keys()]).toEqual([...GITHUB_FILES].sort());
});

test("--provider gitlab renders GitLab CI when the configuration's provider is gitlab", async () => {
  const doc = defaultConfigDoc<{ ci: Record<string, unknown> }>();
  doc.ci["provider"] = "gitlab";
  const file = scratch.write(doc);
  const out = path.join(SCRATCH, "gitlab");
  const result = await ci(["init", "--provider", "gitlab", "--out", out, "--config", file]);
  expect(result.code).toBe(CI_EXIT_OK);
  expect(result.stderr).toBe("");
  expect([...tree(out).keys()]).toEqual([".gitlab-ci.yml", "model-repositories/fraud-scoring/.gitlab-ci.yml", "model-repositories/llm-adapters/.gitlab-ci.yml"]);
});

test("a configuration without a ci block: exit 2, one line", async () => {
  const doc = defaultConfigDoc();
  delete doc["ci"];
  const file = scratch.write(doc);
  const result = await ci(["init", "--provider", "github", "--out", path.join(SCRATCH, "none"), "--config", file]);
  expect(result).toEqual({
    code: CI_EXIT_BAD_INPUT,
    stdout: "",
    stderr: `ci error: ${file} has no ci block, so there is nothing to run the pipelines as; accepted: a ci block (provider, repository, environments) in the configuration\n`,
  });
  expect(fs.existsSync(path.join(SCRATCH, "none"))).toBe(false);
});

test("--provider that is not ci.provider: exit 2, one line saying why", async () => {
  const result = await ci(["init", "--provider", "gitlab", "--out", path.join(SCRATCH, "mismatch"), "--config", CONFIG]);
  expect(result).toEqual({
    code: CI_EXIT_BAD_INPUT,
    stdout: "",
    stderr: `ci error: --provider gitlab does not match ci.provider github in ${CONFIG}, whose identities trust only github tokens; accepted: --provider github, or change ci.provider\n`,
  });
  expect(fs.existsSync(path.join(SCRATCH, "mismatch"))).toBe(false);
});

test("an unknown provider: exit 2, one line", async () => {
  expect(await ci(["init", "--provider", "jenkins"])).toEqual({
    code: CI_EXIT_BAD_INPUT,
    stdout: "",
    stderr:
      "ci error: option '--provider <name>' argument 'jenkins' is invalid. Allowed choices are github, gitlab; accepted: blueprint ci init --provider github|gitlab [--out <dir>] [--config <path>]\n",
  });
});

test.each([
  [[], "ci error: no subcommand given; accepted: blueprint ci init --provider github|gitlab [--out <dir>] [--config <path>]\n"],
  [["plan"], "ci error: unknown command 'plan'; accepted: blueprint ci init --provider github|gitlab [--out <dir>] [--config <path>]\n"],
  [["init", "--force"], "ci error: unknown option '--force'; accepted: blueprint ci init --provider github|gitlab [--out <dir>] [--config <path>]\n"],
])("bad arguments %j: exit 2, one line", async (args, stderr) => {
  expect(await ci(args)).toEqual({ code: CI_EXIT_BAD_INPUT, stdout: "", stderr });
});

test("a missing configuration file is the configuration's own one-line error, exit 2", async () => {
  const result = await ci(["init", "--config", path.join(SCRATCH, "absent.yaml"), "--out", path.join(SCRATCH, "absent")]);
  expect(result.code).toBe(CI_EXIT_BAD_INPUT);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n").length).toBe(1);
});

test("blueprint --help lists ci", async () => {
  let stdout = "";
  const code = await runCli(["--help"], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } }, { env: {}, cwd: ROOT });
  expect(code).toBe(0);
  expect(stdout).toContain("ci [options...]");
});
