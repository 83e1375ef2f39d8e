import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/*
 * The bench's exits that need no measurement (no dist build): a bad config, a missing one and a
 * bad flag each stop it at once with one line on stderr and exit 2.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "bench-run");

function bench(args: readonly string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], {
    cwd: ROOT,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run bench", () => {
  beforeAll(() => fs.mkdirSync(SCRATCH, { recursive: true }));
  afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

  test("a bad BLUEPRINT_CONFIG exits 2 with one line naming the file and the first problem", () => {
    const bad = fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8").replace("name: acme-ai ", "name: Acme_AI ");
    fs.writeFileSync(path.join(SCRATCH, "bad.yaml"), bad);
    const { status, stdout, stderr } = bench([], { BLUEPRINT_CONFIG: "test/.out/bench-run/bad.yaml" });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      'bench: test/.out/bench-run/bad.yaml: config error: organization.name: got "Acme_AI"; accepted: 3-16 lowercase letters, digits and single hyphens, starting with a letter, not with goog\n',
    );
  });

  test("a missing BLUEPRINT_CONFIG exits 2 with one line", () => {
    const { status, stderr } = bench([], { BLUEPRINT_CONFIG: "test/.out/bench-run/nowhere.yaml" });
    expect(status).toBe(2);
    expect(stderr).toBe(
      `bench: test/.out/bench-run/nowhere.yaml: config error: ${path.join(ROOT, "test/.out/bench-run/nowhere.yaml")}: file not found; accepted: a YAML file, the default blueprint.config.yaml or the path in BLUEPRINT_CONFIG\n`,
    );
  });

  test("--runs outside 1..50 exits 2 with one line", () => {
    const { status, stderr } = bench(["--runs", "0"], {});
    expect(status).toBe(2);
    expect(stderr).toBe("bench: --runs takes a whole number from 1 to 50\n");
  });
});
