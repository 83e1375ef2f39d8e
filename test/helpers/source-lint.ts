import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/*
 * Readers of the project's own sources for the lint tests in test/lint/: each takes a file name
 * and its text, so a test can run it on a small in-memory source that breaks the rule and see it
 * fail, as well as on the files in the repository.
 */

export const ROOT = path.resolve(__dirname, "..", "..");

/** A source file: its path relative to the project root and its text. */
export interface Source {
  readonly file: string;
  readonly text: string;
}

/** Every `.ts` file under `dir` (relative to the root), optionally not recursing, sorted. */
export function sourcesUnder(dir: string, options: { recursive?: boolean } = {}): Source[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: options.recursive ?? true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(dir, f).split(path.sep).join("/"))
    .sort()
    .map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), "utf8") }));
}

function parse({ file, text }: Source): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The text of a JSDoc comment or tag comment, whether plain or with `{@link}` parts. */
function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  if (comment === undefined) return "";
  return typeof comment === "string" ? comment : comment.map((part) => part.text).join("");
}

/** An exported interface declared in a file, with its members. */
export interface ExportedInterface {
  readonly name: string;
  readonly line: number;
  /** Property names, in declaration order (methods excluded). */
  readonly properties: readonly string[];
  /** Method names, in declaration order. */
  readonly methods: readonly string[];
}

/** The interfaces `source` exports. */
export function exportedInterfaces(src: Source): ExportedInterface[] {
  const source = parse(src);
  return source.statements.filter(ts.isInterfaceDeclaration).filter(isExported).map((decl) => ({
    name: decl.name.text,
    line: lineOf(source, decl),
    properties: decl.members.filter(ts.isPropertySignature).map((m) => m.name.getText(source)),
    methods: decl.members.filter(ts.isMethodSignature).map((m) => m.name.getText(source)),
  }));
}

/**
 * Properties of exported interfaces whose documentation breaks the house style, as
 * `file:line: Interface.prop: what is missing`: every property has a JSDoc comment saying what
 * it is, and every optional property's JSDoc has a `@default` that states the default or the
 * behaviour, never `@default undefined`.
 */
export function propDocProblems(src: Source): string[] {
  const source = parse(src);
  const problems: string[] = [];
  for (const decl of source.statements.filter(ts.isInterfaceDeclaration).filter(isExported)) {
    for (const member of decl.members.filter(ts.isPropertySignature)) {
      const where = `${src.file}:${lineOf(source, member)}: ${decl.name.text}.${member.name.getText(source)}`;
      const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
      const description = docs.map((d) => commentText(d.comment)).join("").trim();
      const defaults = docs.flatMap((d) => d.tags ?? []).filter((t) => t.tagName.text === "default").map((t) => commentText(t.comment).trim());
      if (docs.length === 0) {
        problems.push(`${where}: no JSDoc comment`);
        continue;
      }
      if (description === "") problems.push(`${where}: JSDoc says nothing about the property`);
      if (member.questionToken === undefined) continue;
      if (defaults.length === 0) problems.push(`${where}: optional without @default`);
      else if (defaults.some((d) => d === "" || d === "undefined")) problems.push(`${where}: @default must state the default or the behaviour, not "${defaults.join(", ")}"`);
    }
  }
  return problems;
}

/** A regular expression literal in a source: where it is and its text. */
export interface RegexLiteral {
  readonly file: string;
  readonly line: number;
  /** The literal as written, e.g. `/^[a-z]+$/`. */
  readonly text: string;
  /** The name of the variable or property it initialises, when it initialises one. */
  readonly name: string | undefined;
}

/** Every regular expression literal in `source` that is anchored at the start (`/^...`). */
export function anchoredRegexLiterals(src: Source): RegexLiteral[] {
  const source = parse(src);
  const found: RegexLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral && node.getText(source).startsWith("/^")) {
      const parent = node.parent;
      const name = ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) ? parent.name.getText(source) : undefined;
      found.push({ file: src.file, line: lineOf(source, node), text: node.getText(source), name });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** How a name is used at one place in the code. */
export type NameUse = "property" | "attribute" | "attribute read" | "parameter" | "type" | "import";

/** One use of a watched name. */
export interface NameSite {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly use: NameUse;
}

/**
 * Where any of `names` is used in `source` as a name (never in a comment or as string content):
 * a property of an interface, type literal or object literal (`property`), a class field
 * (`attribute`), a property read (`attribute read`), a parameter or destructured binding, a
 * declared type, or an imported or exported name.
 */
export function namesUsed(src: Source, names: readonly string[]): NameSite[] {
  const source = parse(src);
  const wanted = new Set(names);
  const found: NameSite[] = [];
  const useOf = (node: ts.Identifier): NameUse | undefined => {
    const parent = node.parent;
    if ((ts.isPropertySignature(parent) || ts.isPropertyAssignment(parent) || ts.isMethodSignature(parent)) && parent.name === node) return "property";
    if (ts.isShorthandPropertyAssignment(parent)) return "property";
    if (ts.isPropertyDeclaration(parent) && parent.name === node) return "attribute";
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return "attribute read";
    if (ts.isParameter(parent) && parent.name === node) return "parameter";
    if (ts.isBindingElement(parent) && (parent.name === node || parent.propertyName === node)) return "parameter";
    if ((ts.isInterfaceDeclaration(parent) || ts.isTypeAliasDeclaration(parent) || ts.isClassDeclaration(parent)) && parent.name === node) return "type";
    if (ts.isTypeReferenceNode(parent) || ts.isExpressionWithTypeArguments(parent)) return "type";
    if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return "import";
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && wanted.has(node.text)) {
      const use = useOf(node);
      if (use !== undefined) found.push({ file: src.file, line: lineOf(source, node), name: node.text, use });
    }
    if (ts.isStringLiteral(node) && wanted.has(node.text) && ts.isPropertyAssignment(node.parent) && node.parent.name === node) {
      found.push({ file: src.file, line: lineOf(source, node), name: node.text, use: "property" });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The properties of the props a class's constructor takes (its last parameter), resolving a
 * type alias and `extends` of interfaces declared in the same file; undefined when the class or
 * its props type is not declared there.
 */
export function constructorProps(src: Source, className: string): { typeName: string; properties: string[] } | undefined {
  const source = parse(src);
  const cls = source.statements.filter(ts.isClassDeclaration).find((c) => c.name?.text === className);
  const ctor = cls?.members.find(ts.isConstructorDeclaration);
  const last = ctor?.parameters[ctor.parameters.length - 1];
  if (!last?.type || !ts.isTypeReferenceNode(last.type)) return undefined;
  const typeName = last.type.typeName.getText(source);
  const properties = propertiesOfNamed(source, typeName, new Set());
  return properties === undefined ? undefined : { typeName, properties };
}

function propertiesOfNamed(source: ts.SourceFile, name: string, seen: Set<string>): string[] | undefined {
  if (seen.has(name)) return [];
  seen.add(name);
  const alias = source.statements.filter(ts.isTypeAliasDeclaration).find((a) => a.name.text === name);
  if (alias) return ts.isTypeReferenceNode(alias.type) ? propertiesOfNamed(source, alias.type.typeName.getText(source), seen) : undefined;
  const decl = source.statements.filter(ts.isInterfaceDeclaration).find((i) => i.name.text === name);
  if (!decl) return undefined;
  const inherited = (decl.heritageClauses ?? []).flatMap((h) => h.types.flatMap((t) => propertiesOfNamed(source, t.expression.getText(source), seen) ?? []));
  return [...inherited, ...decl.members.filter(ts.isPropertySignature).map((m) => m.name.getText(source))];
}
