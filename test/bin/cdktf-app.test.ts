import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cachePaths, ensureBundle, isFresh } from "../../bin/cdktf-app";
import { runBlueprint } from "../../stacks/run-blueprint";

/*
 * bin/cdktf-app.js is cdktf.json's `app`: the command `cdktf synth|diff|deploy` runs. It must
 * write what the compiled app writes, and never run a bundle older than the sources.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join("test", ".out", "cdktf-app");

/** Every file below `dir`, by path relative to it, with its content. */
function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.set(child, fs.readFileSync(path.join(dir, child), "utf8"));
    }
  };
  walk("");
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe("cdktf.json's app", () => {
  test("is the bundling launcher", () => {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string };
    expect(cdktfJson.app).toBe("node bin/cdktf-app.js");
  });

  test("writes byte-identical files to the app run in process from the same sources", () => {
    fs.rmSync(path.join(ROOT, SCRATCH), { recursive: true, force: true });
    fs.mkdirSync(path.join(ROOT, SCRATCH), { recursive: true });
    // Both runs write to folders at the same depth: the local backend paths in the JSON match.
    const launched = spawnSync(process.execPath, ["bin/cdktf-app.js"], {
      cwd: ROOT,
      env: { PATH: process.env["PATH"] ?? "", CDKTF_OUTDIR: path.join(SCRATCH, "a") },
      encoding: "utf8",
    });
    expect(launched.stderr).toBe("");
    expect(launched.status).toBe(0);

    const stderr: string[] = [];
    const status = runBlueprint({ env: { CDKTF_OUTDIR: path.join(SCRATCH, "b") }, stderr: { write: (t: string) => stderr.push(t) } });
    expect(stderr).toEqual([]);
    expect(status).toBe(0);

    const launchedFiles = filesUnder(path.join(ROOT, SCRATCH, "a"));
    const inProcessFiles = filesUnder(path.join(ROOT, SCRATCH, "b"));
    expect([...launchedFiles.keys()]).toContain(path.join("stacks", "aws-prod", "cdk.tf.json"));
    expect(launchedFiles).toEqual(inProcessFiles);
    // The summary names the output folder; apart from that it is the compiled app's.
    expect(launched.stdout.split("\n").at(-3)).toMatch(/^16 stacks, \d+ resources$/);
    expect(launched.stdout.split("\n").at(-2)).toMatch(/^policy: 0 errors, 0 warnings, \d+ acknowledged over 16 stacks/);
  });
});

describe("the bundle cache", () => {
  const project = path.join(ROOT, SCRATCH, "project");
  const write = (relative: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(project, relative)), { recursive: true });
    fs.writeFileSync(path.join(project, relative), text);
  };
  const runBundle = (bundle: string): string => spawnSync(process.execPath, [bundle], { cwd: project, encoding: "utf8" }).stdout;
  const record = (): { bundle: string; inputs: Record<string, string> } =>
    JSON.parse(fs.readFileSync(cachePaths(project).inputs, "utf8")) as { bundle: string; inputs: Record<string, string> };

  beforeAll(() => {
    fs.rmSync(project, { recursive: true, force: true });
    write("tsconfig.json", '{ "compilerOptions": { "target": "ES2022" } }\n');
    write("node_modules/.package-lock.json", '{ "lockfileVersion": 3 }\n');
    write("lib/word.ts", 'export const WORD: string = "first";\n');
    write("main.ts", 'import { WORD } from "./lib/word";\nprocess.stdout.write(`${WORD}\\n`);\n');
  });

  let first = "";

  test("builds on the first run and records the hash of every input", async () => {
    expect(isFresh(project)).toBe(false);
    const built = await ensureBundle(project);
    first = built.bundle;
    expect(built.rebuilt).toBe(true);
    expect(path.dirname(built.bundle)).toBe(path.join(project, "node_modules", ".cache", "cdktf-app"));
    expect(record().bundle).toBe(path.basename(built.bundle));
    expect(Object.keys(record().inputs)).toEqual(["bin/cdktf-app.js", "lib/word.ts", "main.ts", "node_modules/.package-lock.json", "tsconfig.json"]);
    expect(record().inputs["bin/cdktf-app.js"]).toBe("missing");
    expect(record().inputs["lib/word.ts"]).toMatch(/^[0-9a-f]{64}$/);
    expect(runBundle(built.bundle)).toBe("first\n");
  });

  test("reuses the bundle while no input changed", async () => {
    expect(isFresh(project)).toBe(true);
    await expect(ensureBundle(project)).resolves.toEqual({ bundle: first, rebuilt: false });
  });

  test("rebuilds when an imported source changes, into a bundle of another name, and runs the new code", async () => {
    write("lib/word.ts", 'export const WORD: string = "second";\n');
    expect(isFresh(project)).toBe(false);
    const built = await ensureBundle(project);
    expect(built.rebuilt).toBe(true);
    expect(built.bundle).not.toBe(first);
    expect(record().bundle).toBe(path.basename(built.bundle));
    expect(runBundle(built.bundle)).toBe("second\n");
  });

  test("rebuilds when tsconfig.json changes", () => {
    write("tsconfig.json", '{ "compilerOptions": { "target": "ES2020" } }\n');
    expect(isFresh(project)).toBe(false);
  });

  test("rebuilds after an npm install (node_modules/.package-lock.json rewritten)", async () => {
    await ensureBundle(project);
    expect(isFresh(project)).toBe(true);
    write("node_modules/.package-lock.json", '{ "lockfileVersion": 3, "packages": {} }\n');
    expect(isFresh(project)).toBe(false);
  });

  test("rebuilds when an input is deleted, and fails the build rather than run the old bundle", async () => {
    await ensureBundle(project);
    fs.rmSync(path.join(project, "lib", "word.ts"));
    expect(isFresh(project)).toBe(false);
    await expect(ensureBundle(project)).rejects.toThrow(/Could not resolve "\.\/lib\/word"/);
  });

  test("rebuilds when the recorded hashes are unreadable", async () => {
    write("lib/word.ts", 'export const WORD: string = "third";\n');
    await ensureBundle(project);
    fs.writeFileSync(cachePaths(project).inputs, "{");
    expect(isFresh(project)).toBe(false);
  });

  test("rebuilds when the bundle itself is gone", async () => {
    const { bundle } = await ensureBundle(project);
    fs.rmSync(bundle);
    expect(isFresh(project)).toBe(false);
  });
});
