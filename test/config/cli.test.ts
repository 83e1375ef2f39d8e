import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_STACKS } from "../helpers/synth";

/*
 * The real entry point in a real process, as `cdktf synth` runs it (cdktf.json's `app`):
 * exit codes and stderr are what a user sees.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join("test", ".out", "cli");

function runMain(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env["PATH"] ?? "", CDKTF_OUTDIR: path.join(SCRATCH, "out"), ...env },
    encoding: "utf8",
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe("main.ts as a process", () => {
  beforeAll(() => fs.mkdirSync(path.join(ROOT, SCRATCH), { recursive: true }));
  afterAll(() => fs.rmSync(path.join(ROOT, SCRATCH), { recursive: true, force: true }));

  test("a bad value exits 2 with one line and no stack trace", () => {
    const bad = fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8").replace('accountId: "111111111111"', 'accountId: "1111"');
    fs.writeFileSync(path.join(ROOT, SCRATCH, "bad.yaml"), bad);
    const { status, stderr, stdout } = runMain({ BLUEPRINT_CONFIG: path.join(SCRATCH, "bad.yaml") });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('config error: clouds.aws.environments.dev.accountId: got "1111"; accepted: an AWS account id of exactly 12 digits, quoted\n');
  });

  test("a missing file exits 2 naming the resolved path", () => {
    const { status, stderr } = runMain({ BLUEPRINT_CONFIG: "nowhere/blueprint.yaml" });
    expect(status).toBe(2);
    expect(stderr.split("\n")[0]).toBe(
      `config error: ${path.join(ROOT, "nowhere/blueprint.yaml")}: file not found; accepted: a YAML file, the default blueprint.config.yaml or the path in BLUEPRINT_CONFIG`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test("the default config synthesizes every stack and exits 0", () => {
    const { status, stderr, stdout } = runMain({});
    expect(stderr).toBe("");
    expect(status).toBe(0);
    // The summary reaches stdout: one line per stack and the total.
    const summary = stdout.trimEnd().split("\n");
    expect(summary).toHaveLength(18);
    expect(summary[16]).toMatch(/^16 stacks, \d+ resources$/);
    expect(summary[17]).toMatch(/^policy: 0 errors, 0 warnings, \d+ acknowledged over 16 stacks/);
    expect(fs.readdirSync(path.join(ROOT, SCRATCH, "out", "stacks")).sort()).toEqual([...DEFAULT_STACKS]);
  });
});

describe("the npm scripts that run the cdktf CLI", () => {
  // cdktf reads CHECKPOINT_DISABLE from the environment only (cdktf.json has no such key); without
  // it an offline run prints "[ERROR] default - getaddrinfo ENOTFOUND checkpoint-api.hashicorp.com".
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

  test.each(["cdktf", "diff", "deploy"])("%s disables the checkpoint call before cdktf starts", (name) => {
    expect(scripts[name]).toMatch(/^CHECKPOINT_DISABLE=1 cdktf\b/);
  });

  test("synth runs the compiled entry point, whose exit codes the README documents", () => {
    expect(scripts["synth"]).toMatch(/ && node dist\/main\.js$/);
  });
});
