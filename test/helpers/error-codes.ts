import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");

/** What a validation code looks like: `KMS_ROTATION_OUT_OF_RANGE`. */
const CODE_SHAPE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/** Folders whose code raises validation errors (tests, bench and the CLI raise none). */
export const PRODUCTION_DIRS = ["config", "constructs", "modules", "stacks"] as const;

/** Every `.ts` file under `dir`, relative to the project root, sorted. */
function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(dir, f))
    .sort();
}

/**
 * Every validation code the production code can raise, with the file it is raised in: the
 * code-shaped string literals that are an argument of a call or `new` (`v.require(ok, "CODE",
 * ...)`, `integerInRange(..., "CODE")`, `problems.add(cloud, "CODE", ...)`) or the value of a
 * `code` property (`{ code: "CODE", ... }`). Found by parsing, not by regular expression, so a
 * code on its own line or a new validator method is still found; enum values such as
 * `purpose: "ENCRYPT_DECRYPT"` are property values of other keys and are not.
 */
export function raisedErrorCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of PRODUCTION_DIRS.flatMap(sources)) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) && CODE_SHAPE.test(node.text)) {
        const parent = node.parent;
        const isArgument = (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && (parent.arguments ?? []).some((a) => a === node);
        const isCodeProperty = ts.isPropertyAssignment(parent) && parent.initializer === node && parent.name.getText(source) === "code";
        if ((isArgument || isCodeProperty) && !found.has(node.text)) found.set(node.text, file);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/**
 * The code-shaped string literals in the test files (all but `exclude`), each as written in a
 * test: a code counts as tested when a test names it as a literal.
 */
export function codesNamedInTests(exclude: readonly string[]): Set<string> {
  const named = new Set<string>();
  const excluded = new Set(exclude.map((f) => path.resolve(ROOT, f)));
  for (const file of sources("test").filter((f) => f.endsWith(".test.ts") && !excluded.has(path.resolve(ROOT, f)))) {
    for (const m of fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(/["'`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["'`]/g)) named.add(m[1]!);
  }
  return named;
}
