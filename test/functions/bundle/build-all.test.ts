import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { buildAll, GATE_PACKAGES } from "../../../functions/bundle/build-all";
import { buildGatePackage, projectRoot } from "../../../functions/bundle/gate-package";

const ROOT = projectRoot(__dirname);
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), "gate-build-"));
afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

describe("the promotion gate's packages", () => {
  test("there is one per cloud, named after it", () => {
    expect(GATE_PACKAGES.map((p) => p.name)).toEqual(["promotion-gate-aws", "promotion-gate-gcp", "promotion-gate-azure"]);
  });

  test.each(GATE_PACKAGES.map((p) => [p.name, p] as const))("%s: two builds from scratch are byte-identical, and hold the bundle and the runtime's files", (name, pkg) => {
    const a = buildGatePackage(pkg, ROOT, path.join(SCRATCH, "a"));
    const b = buildGatePackage(pkg, ROOT, path.join(SCRATCH, "b"));
    expect(a.zipPath).not.toBe(b.zipPath);
    expect(fs.readFileSync(a.zipPath).equals(fs.readFileSync(b.zipPath))).toBe(true);
    expect(b.sha256).toBe(a.sha256);
    const entries = Object.keys(unzipSync(fs.readFileSync(a.zipPath)));
    expect(entries).toEqual([pkg.bundlePath, ...Object.keys(pkg.extraFiles)].sort());
    // No machine path in the package: the bundle names sources relative to the project.
    const text = Buffer.from(unzipSync(fs.readFileSync(a.zipPath))[pkg.bundlePath] as Uint8Array).toString();
    expect(text.includes(ROOT)).toBe(false);
    expect(text.includes(`${os.tmpdir()}${path.sep}`)).toBe(false);
    expect(name).toBe(pkg.name);
  });

  test("buildAll prints one line per package with its sha256", () => {
    const lines: string[] = [];
    buildAll(ROOT, (l) => lines.push(l));
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["promotion-gate-aws.zip", "promotion-gate-gcp.zip", "promotion-gate-azure.zip"]);
    for (const l of lines) expect(l).toMatch(/^promotion-gate-[a-z]+\.zip sha256:[0-9a-f]{64} \d+ bytes node_modules\/\.cache\/promotion-gate\//);
  });
});
