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

/** One place a validation code is raised: the code, the file (relative to the root) and the line. */
export interface RaiseSite {
  readonly code: string;
  readonly file: string;
  readonly line: number;
}

/**
 * The expression a literal stands for once a condition has picked it: `ok ? "A_CODE" :
 * "B_CODE"` and `("A_CODE")` are raised wherever the whole expression is used.
 */
function chosenExpression(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent) || (ts.isConditionalExpression(parent) && parent.condition !== current)) {
      current = parent;
    } else {
      return current;
    }
  }
}

/**
 * The validation codes raised in one source text: the code-shaped string literals that are an
 * argument of a call or `new` (`v.require(ok, "CODE", ...)`, `integerInRange(..., "CODE")`,
 * `matches(prop, value, RULE, "CODE")`, `problems.add(cloud, "CODE", ...)`), directly or as a
 * branch of a conditional, or the value of a `code` property (`{ code: "CODE", ... }`, also in a
 * problem list handed to `include([...])`). Found by parsing, not by regular expression, so a
 * code on its own line or a new validator method is still found; enum values such as
 * `purpose: "ENCRYPT_DECRYPT"` are property values of other keys and are not.
 */
export function codesRaisedIn(file: string, text: string): RaiseSite[] {
  const sites: RaiseSite[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && CODE_SHAPE.test(node.text)) {
      const used = chosenExpression(node);
      const parent = used.parent;
      const isArgument = (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && (parent.arguments ?? []).some((a) => a === used);
      const isCodeProperty = ts.isPropertyAssignment(parent) && parent.initializer === used && parent.name.getText(source) === "code";
      if (isArgument || isCodeProperty) {
        sites.push({ code: node.text, file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

/** Every place the production code raises a validation code, file by file in path order. */
export function raiseSites(): RaiseSite[] {
  return PRODUCTION_DIRS.flatMap(sources).flatMap((file) => codesRaisedIn(file, fs.readFileSync(path.join(ROOT, file), "utf8")));
}

/** Every validation code the production code can raise, with the first file that raises it. */
export function raisedErrorCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { code, file } of raiseSites()) {
    if (!found.has(code)) found.set(code, file);
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
