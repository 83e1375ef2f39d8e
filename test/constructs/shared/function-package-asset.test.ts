import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { functionPackageAssetPath } from "../../../constructs/shared/function-package-asset";

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), "function-package-asset-"));
const ZIP = path.join(DIR, "promotion-gate-aws-0123456789abcdef.zip");
fs.writeFileSync(ZIP, "zip bytes");
const SHA = "0123456789abcdef".repeat(4);
const OTHER_SHA = "fedcba9876543210".repeat(4);

function stack(): TerraformStack {
  return new TerraformStack(new App({ outdir: path.join(DIR, "out") }), "s");
}

describe("functionPackageAssetPath", () => {
  test("one asset per stack and package, at the stack's root, in a folder named by the digest", () => {
    const s = stack();
    const a = functionPackageAssetPath(new Construct(s, "gate-a"), { zipPath: ZIP, sha256: SHA, name: "promotion-gate-aws" });
    const b = functionPackageAssetPath(new Construct(new Construct(s, "nested"), "gate-b"), { zipPath: ZIP, sha256: SHA, name: "promotion-gate-aws" });
    expect(a).toBe(b);
    expect(a).toBe(`assets/function-package-promotion-gate-aws/${SHA}/promotion-gate-aws-0123456789abcdef.zip`);
    expect(s.node.children.map((c) => c.node.id).filter((id) => id.startsWith("function-package-"))).toEqual(["function-package-promotion-gate-aws"]);
  });

  test("each stack has its own asset", () => {
    const one = functionPackageAssetPath(stack(), { zipPath: ZIP, sha256: SHA, name: "p" });
    const two = stack();
    functionPackageAssetPath(two, { zipPath: ZIP, sha256: SHA, name: "p" });
    expect(two.node.tryFindChild("function-package-p")).toBeDefined();
    expect(one).toBe(`assets/function-package-p/${SHA}/promotion-gate-aws-0123456789abcdef.zip`);
  });

  test("without a name the id is the digest's first 16 hex digits", () => {
    expect(functionPackageAssetPath(stack(), { zipPath: ZIP, sha256: SHA })).toBe(`assets/function-package-0123456789abcdef/${SHA}/promotion-gate-aws-0123456789abcdef.zip`);
  });

  test("two packages of one name and different digests in a stack are refused", () => {
    const s = stack();
    functionPackageAssetPath(s, { zipPath: ZIP, sha256: SHA, name: "p" });
    expect(() => functionPackageAssetPath(new Construct(s, "other"), { zipPath: ZIP, sha256: OTHER_SHA, name: "p" })).toThrow("FUNCTION_PACKAGE_NAME_TAKEN");
  });
});
