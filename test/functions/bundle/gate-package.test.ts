import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { deterministicZip } from "../../../functions/bundle/deterministic-zip";
import { buildGatePackage, GatePackage, projectRoot } from "../../../functions/bundle/gate-package";

const ROOT = projectRoot(__dirname);

/** A scratch copy of the parts of the project the build reads, so the test can edit a source. */
function scratchProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-package-"));
  for (const f of ["package.json", "package-lock.json", "tsconfig.json"]) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  fs.mkdirSync(path.join(dir, "test", "fixtures"), { recursive: true });
  fs.cpSync(path.join(ROOT, "test", "fixtures", "gate-package"), path.join(dir, "test", "fixtures", "gate-package"), { recursive: true });
  fs.cpSync(path.join(ROOT, "functions", "promotion-gate", "gate"), path.join(dir, "functions", "promotion-gate", "gate"), { recursive: true });
  // Only what labels.ts needs; node_modules through a link so esbuild resolves packages.
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

const PKG: GatePackage = {
  name: "fixture-gate",
  entry: "test/fixtures/gate-package/entry.ts",
  bundlePath: "index.js",
  extraFiles: { "package.json": '{"main":"index.js"}\n' },
};

describe("deterministicZip", () => {
  test("same files in any order give the same bytes; entries sorted, fixed time and mode", () => {
    const a = deterministicZip([{ name: "b.txt", bytes: Buffer.from("b") }, { name: "a/x.js", bytes: Buffer.from("x") }]);
    const b = deterministicZip([{ name: "a/x.js", bytes: Buffer.from("x") }, { name: "b.txt", bytes: Buffer.from("b") }]);
    expect(a.equals(b)).toBe(true);
    expect(Object.keys(unzipSync(a))).toEqual(["a/x.js", "b.txt"]);
    // Local header: DOS time at offset 10, date at 12 (APPNOTE 4.3.7): 12:00:00 and 1980-01-01.
    expect(a.readUInt16LE(10)).toBe(12 << 11);
    expect(a.readUInt16LE(12)).toBe((0 << 9) | (1 << 5) | 1);
    // Central directory: made by Unix (3), external attributes 0100644 << 16.
    const cd = a.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(a[cd + 5]).toBe(3);
    expect(a.readUInt32LE(cd + 38)).toBe(0o100644 * 65536);
  });

  test("the bytes do not depend on the time zone", () => {
    const files = [{ name: "index.js", bytes: Buffer.from("exports.x = 1;\n") }];
    const here = deterministicZip(files);
    const script = `const { deterministicZip } = require(${JSON.stringify(path.join(ROOT, "functions", "bundle", "deterministic-zip.ts"))});
process.stdout.write(deterministicZip([{ name: "index.js", bytes: Buffer.from("exports.x = 1;\\n") }]).toString("hex"));`;
    for (const tz of ["UTC", "Pacific/Kiritimati", "America/St_Johns"]) {
      const hex = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { env: { ...process.env, TZ: tz }, cwd: ROOT }).toString();
      expect(hex).toBe(here.toString("hex"));
    }
  });

  test.each(["", "/abs", "a/../b", "a//b", "./a"])("refuses the entry name %j", (name) => {
    expect(() => deterministicZip([{ name, bytes: Buffer.alloc(0) }])).toThrow("is not a relative POSIX path");
  });

  test("refuses a name twice", () => {
    expect(() => deterministicZip([{ name: "a", bytes: Buffer.alloc(0) }, { name: "a", bytes: Buffer.alloc(1) }])).toThrow("appears twice");
  });
});

describe("buildGatePackage", () => {
  const dir = scratchProject();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("two builds give a byte-identical archive; the artifact's digests are the archive's", () => {
    const first = buildGatePackage(PKG, dir);
    const firstBytes = fs.readFileSync(first.zipPath);
    fs.rmSync(path.join(dir, "node_modules", ".cache"), { recursive: true, force: true });
    const second = buildGatePackage(PKG, dir);
    expect(fs.readFileSync(second.zipPath).equals(firstBytes)).toBe(true);
    expect(second.sha256).toBe(createHash("sha256").update(firstBytes).digest("hex"));
    expect(second.sha256Base64).toBe(createHash("sha256").update(firstBytes).digest("base64"));
    expect(Object.keys(unzipSync(firstBytes))).toEqual(["index.js", "package.json"]);
    expect(Buffer.from(unzipSync(firstBytes)["index.js"] as Uint8Array).toString()).toContain('"tampered file"');
  });

  test("an unchanged source reuses the cache; an edited source rebuilds", () => {
    const a = buildGatePackage(PKG, dir);
    const b = buildGatePackage(PKG, dir);
    expect(b.zipPath).toBe(a.zipPath);
    const labels = path.join(dir, "functions", "promotion-gate", "gate", "labels.ts");
    fs.writeFileSync(labels, fs.readFileSync(labels, "utf8").replace('"tampered file"', '"altered file"'));
    const c = buildGatePackage(PKG, dir);
    expect(c.sha256).not.toBe(a.sha256);
    expect(Buffer.from(unzipSync(fs.readFileSync(c.zipPath))["index.js"] as Uint8Array).toString()).toContain('"altered file"');
  });
});
