import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { buildGatePackage, projectRoot } from "../../../../../functions/bundle/gate-package";
import { GCP_GATE_PACKAGE } from "../../../../../functions/promotion-gate/handlers/gcp/package";

describe("GCP_GATE_PACKAGE", () => {
  const artifact = buildGatePackage(GCP_GATE_PACKAGE);
  const files = unzipSync(fs.readFileSync(artifact.zipPath));

  test("holds the bundle and a package.json the Node.js 20 buildpack reads, with the Functions Framework pinned", () => {
    expect(Object.keys(files)).toEqual(["index.js", "package.json"]);
    expect(JSON.parse(Buffer.from(files["package.json"]!).toString("utf8"))).toEqual({
      name: "promotion-gate-gcp",
      version: "0.1.0",
      private: true,
      main: "index.js",
      engines: { node: "22" },
      dependencies: { "@google-cloud/functions-framework": "5.0.5" },
    });
  });

  test("leaves the Functions Framework out of the bundle and bundles the SDKs", () => {
    const bundle = Buffer.from(files["index.js"]!).toString("utf8");
    expect(bundle).toContain('require("@google-cloud/functions-framework")');
    expect(bundle).not.toMatch(/require\("@google-cloud\/(storage|kms)"\)/);
  });

  test("the same sources give the same bytes on a rebuild", () => {
    const again = buildGatePackage(GCP_GATE_PACKAGE);
    expect(again.sha256).toBe(artifact.sha256);
    expect(again.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test("loaded as the runtime loads it, the bundle registers the promotionGate CloudEvent function", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-gcp-"));
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
    const modules = path.join(dir, "node_modules", "@google-cloud");
    fs.mkdirSync(modules, { recursive: true });
    fs.symlinkSync(path.join(projectRoot(), "node_modules", "@google-cloud", "functions-framework"), path.join(modules, "functions-framework"));
    const script = [
      `require(${JSON.stringify(path.join(dir, "index.js"))});`,
      `const { getFunction } = require(${JSON.stringify(path.join(modules, "functions-framework", "build", "src", "testing.js"))});`,
      "process.stdout.write(typeof getFunction('promotionGate'));",
    ].join("\n");
    expect(execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" })).toBe("function");
  });
});
