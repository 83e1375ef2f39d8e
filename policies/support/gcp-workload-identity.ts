import { Json, isExpression, isUnknown, valuesAt } from "../model";
import { RuleContext } from "../rule";
import { subjectRepository } from "./ci-subjects";

/**
 * Reading Workload Identity Federation the way IAM evaluates it, for the GCP trust rule: whether a
 * provider's `attribute_condition` (a CEL expression over `assertion`, `attribute` and `google`,
 * cloud.google.com/iam/docs/workload-identity-federation "Attribute conditions") admits one set of
 * repositories, and whether a `principalSet://` member names one repository or a wider set.
 */

/** Token claims that name one repository: GitHub's `repository` / `repository_id`, GitLab's `project_path` / `project_id`. */
const REPOSITORY_CLAIMS: readonly string[] = ["assertion.repository", "assertion.project_path", "assertion.repository_id", "assertion.project_id"];
/** Attribute names taken for a repository claim when no provider of the stack says what they map from. */
const REPOSITORY_ATTRIBUTE_NAMES: readonly string[] = ["repository", "project_path", "repository_id", "project_id"];
/** Claims that carry the whole subject (`repo:<owner>/<name>:...`). */
const SUBJECT_CLAIMS: readonly string[] = ["assertion.sub", "google.subject"];
/**
 * A mapping that reads a repository claim as a whole (`assertion.repository`, or concatenated with
 * another claim: `assertion.repository + ":" + assertion.environment`); not one that takes a part
 * of it (`assertion.repository.split("/")[0]` is the owner) or another claim
 * (`assertion.repository_owner`).
 */
const READS_REPOSITORY = /\bassertion\.(repository|project_path|repository_id|project_id)\b(?!\s*[.[(])/;

/** A provider's `attribute_mapping`: the literal map, or undefined when absent or known only at apply. */
export function attributeMappingOf(attributes: Json): Readonly<Record<string, string>> | undefined {
  const mapping = valuesAt(attributes, "attribute_mapping")[0];
  if (!mapping || typeof mapping !== "object" || Array.isArray(mapping) || isUnknown(mapping)) return undefined;
  const literal: Record<string, string> = {};
  for (const [key, value] of Object.entries(mapping as Json)) if (typeof value === "string" && !isExpression(value)) literal[key] = value.trim();
  return literal;
}

/** What an attribute of the pool holds, as far as the rule can tell: a repository, a whole subject, something else, or unknown. */
export type AttributeMeaning = "repository" | "subject" | "other" | "unknown";

/** The meaning of `attribute.<name>` under one mapping (undefined: the mapping is not known). */
function meaningUnder(mapping: Readonly<Record<string, string>> | undefined, name: string): AttributeMeaning {
  if (mapping === undefined) return REPOSITORY_ATTRIBUTE_NAMES.includes(name) ? "repository" : "unknown";
  const source = mapping[`attribute.${name}`];
  if (source === undefined) return "other";
  if (SUBJECT_CLAIMS.includes(source)) return "subject";
  return READS_REPOSITORY.test(source) ? "repository" : "other";
}

/**
 * The meaning of `attribute.<name>` across the pool providers of the stack: a repository when
 * one maps it from a repository claim and none from anything else; when no provider of the stack
 * has a readable mapping, the conventional names (`repository`, `project_path`) count.
 */
export function attributeMeaning(context: RuleContext, name: string): AttributeMeaning {
  const mappings = context.memo("gcp-workload-identity-mappings", () =>
    context
      .resourcesOf("google_iam_workload_identity_pool_provider")
      .map((p) => attributeMappingOf(p.attributes))
      .filter((m): m is Readonly<Record<string, string>> => m !== undefined),
  );
  if (mappings.length === 0) return meaningUnder(undefined, name);
  const distinct = new Set(mappings.filter((m) => m[`attribute.${name}`] !== undefined).map((m) => meaningUnder(m, name)));
  return distinct.size === 1 ? [...distinct][0]! : "other";
}

type Token = { readonly kind: "string" | "ident" | "symbol"; readonly text: string };

/** CEL tokens (cel-spec, "Syntax"): string literals, dotted identifiers and symbols; undefined for text the reader does not know. */
function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      if (text.startsWith(c.repeat(3), i)) return undefined;
      let value = "";
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\") i++;
        value += text[i] ?? "";
        i++;
      }
      if (i >= text.length) return undefined;
      i++;
      tokens.push({ kind: "string", text: value });
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
      match.lastIndex = i;
      const word = match.exec(text)![0];
      tokens.push({ kind: "ident", text: word });
      i += word.length;
    } else {
      const two = text.slice(i, i + 2);
      const symbol = ["&&", "||", "==", "!=", "<=", ">="].includes(two) ? two : c;
      if (!/^(&&|\|\||==|!=|<=|>=|[()[\]{},!<>+\-*/%?:.0-9])$/.test(symbol)) return undefined;
      tokens.push({ kind: "symbol", text: symbol });
      i += symbol.length;
    }
  }
  return tokens;
}

type Node = { readonly kind: "or" | "and"; readonly items: readonly Node[] } | { readonly kind: "not"; readonly item: Node } | { readonly kind: "atom"; readonly tokens: readonly Token[] };

/** Parses `||`, `&&`, `!` and parentheses; everything between them is an atom. Undefined when unbalanced. */
function parse(tokens: readonly Token[]): Node | undefined {
  let at = 0;
  const peek = (): string | undefined => (tokens[at]?.kind === "symbol" ? tokens[at]!.text : undefined);
  const list = (kind: "or" | "and", separator: string, item: () => Node | undefined): Node | undefined => {
    const items: Node[] = [];
    for (;;) {
      const node = item();
      if (!node) return undefined;
      items.push(node);
      if (peek() !== separator) break;
      at++;
    }
    return items.length === 1 ? items[0] : { kind, items };
  };
  const or = (): Node | undefined => list("or", "||", and);
  const and = (): Node | undefined => list("and", "&&", unary);
  const atomEnds = (): boolean => at >= tokens.length || ["&&", "||", ")"].includes(peek() ?? "");
  function unary(): Node | undefined {
    if (peek() === "!") {
      at++;
      const item = unary();
      return item && { kind: "not", item };
    }
    const start = at;
    if (peek() === "(") {
      at++;
      const inner = or();
      if (!inner || peek() !== ")") return undefined;
      at++;
      if (atomEnds()) return inner;
      at = start;
    }
    let depth = 0;
    while (at < tokens.length && (depth > 0 || !atomEnds())) {
      const s = peek();
      if (s === "(" || s === "[" || s === "{") depth++;
      if (s === ")" || s === "]" || s === "}") depth--;
      if (depth < 0) return undefined;
      at++;
    }
    return at === start ? undefined : { kind: "atom", tokens: tokens.slice(start, at) };
  }
  const node = or();
  return node && at === tokens.length ? node : undefined;
}

/** The literal strings of `[ "a", "b" ]`, or undefined for anything else. */
function literalList(tokens: readonly Token[]): string[] | undefined {
  if (tokens[0]?.text !== "[" || tokens[tokens.length - 1]?.text !== "]") return undefined;
  const values: string[] = [];
  for (let i = 1; i < tokens.length - 1; i += 2) {
    const value = tokens[i]!;
    const after = tokens[i + 1]!;
    if (value.kind !== "string" || (after.text !== "," && i + 1 !== tokens.length - 1)) return undefined;
    values.push(value.text);
  }
  return values.length > 0 ? values : undefined;
}

/** How the condition reads one claim or attribute: as a repository, a whole subject, or neither. */
function claimMeaning(identifier: string, mapping: Readonly<Record<string, string>> | undefined): AttributeMeaning {
  if (REPOSITORY_CLAIMS.includes(identifier)) return "repository";
  if (identifier === "assertion.sub") return "subject";
  if (identifier === "google.subject") return mapping === undefined || mapping["google.subject"] === undefined || mapping["google.subject"] === "assertion.sub" ? "subject" : "other";
  if (identifier.startsWith("attribute.")) return meaningUnder(mapping, identifier.slice("attribute.".length));
  return "other";
}

/** The repositories an atom pins (`claim == "x"`, `"x" == claim`, `claim in ["x", "y"]`), or undefined when it pins none. */
function atomRepositories(tokens: readonly Token[], mapping: Readonly<Record<string, string>> | undefined): string[] | undefined {
  let identifier: Token | undefined;
  let values: string[] | undefined;
  if (tokens.length === 3 && tokens[1]!.text === "==") {
    const [left, , right] = tokens as [Token, Token, Token];
    if (left.kind === "ident" && right.kind === "string") [identifier, values] = [left, [right.text]];
    else if (right.kind === "ident" && left.kind === "string") [identifier, values] = [right, [left.text]];
  } else if (tokens.length >= 4 && tokens[0]!.kind === "ident" && tokens[1]!.kind === "ident" && tokens[1]!.text === "in") {
    [identifier, values] = [tokens[0], literalList(tokens.slice(2))];
  }
  if (!identifier || !values) return undefined;
  const meaning = claimMeaning(identifier.text, mapping);
  if (meaning === "repository") return values;
  if (meaning !== "subject") return undefined;
  const repositories = values.map((v) => subjectRepository(v, false)).map((r) => ("repository" in r ? r.repository : undefined));
  return repositories.every((r) => r !== undefined) ? (repositories as string[]) : undefined;
}

/** The repositories a node admits at most, or undefined when some way through it admits any repository. */
function pinned(node: Node, mapping: Readonly<Record<string, string>> | undefined): string[] | undefined {
  if (node.kind === "atom") return atomRepositories(node.tokens, mapping);
  if (node.kind === "not") return undefined;
  const each = node.items.map((item) => pinned(item, mapping));
  // && holds when every conjunct does: one pinned conjunct is enough. || holds when any
  // alternative does: each must be pinned.
  if (node.kind === "and") return each.find((r) => r !== undefined);
  return each.every((r) => r !== undefined) ? [...new Set(each.flat() as string[])] : undefined;
}

/** Why a condition that pins no repository is too broad, in an auditor's words. */
function breadth(text: string, mapping: Readonly<Record<string, string>> | undefined): string {
  for (const [, name] of text.matchAll(/\battribute\.([A-Za-z0-9_]+)\b/g)) {
    const source = mapping?.[`attribute.${name!}`];
    if (source !== undefined && meaningUnder(mapping, name!) === "other") return `attribute.${name!} is mapped from ${source}, not from the repository claim`;
  }
  if (/\b(assertion|attribute)\.(repository|project_path)\.(startsWith|endsWith|matches|contains)\s*\(/.test(text) || /\b(startsWith|endsWith|matches|contains)\s*\([^)]*\b(assertion|attribute)\.(repository|project_path)\b/.test(text)) {
    return "startsWith, endsWith, matches or contains over the repository also admits other repositories (acme/app admits acme/app-fork)";
  }
  if (/\bassertion\.(repository_owner|repository_owner_id|namespace_path|namespace_id)\b/.test(text)) return "an owner or group condition admits every repository of that owner or group, forks' owners' repositories included";
  if (/\?/.test(text)) return "a conditional (?:) expression is not read as a repository binding";
  return "no comparison of assertion.repository (GitLab: assertion.project_path) with literal values holds in every alternative";
}

/**
 * The repositories a provider's `attribute_condition` admits, or why it admits any repository:
 * the condition must require a repository claim to equal (`==`) or be `in` a list of literal
 * values in every `||` alternative; an `&&` needs one such conjunct. `mapping` is the provider's
 * `attribute_mapping` (for `attribute.*` names), undefined when not known.
 */
export function conditionRepositories(text: string, mapping: Readonly<Record<string, string>> | undefined): { repositories: readonly string[] } | { problem: string } {
  const tokens = tokenize(text);
  const tree = tokens && !tokens.some((t) => t.kind === "symbol" && t.text === "?") ? parse(tokens) : undefined;
  const repositories = tree && pinned(tree, mapping);
  return repositories ? { repositories } : { problem: breadth(text, mapping) };
}

/** What a `principalSet://` member of a workload identity pool admits. */
export type PoolMember = { readonly kind: "pool" } | { readonly kind: "group"; readonly group: string } | { readonly kind: "attribute"; readonly name: string; readonly value: string };

/**
 * Reads a workload identity pool `principalSet://` member (IAM docs, "Principal identifiers":
 * `.../workloadIdentityPools/<pool>/*`, `.../group/<group>`, `.../attribute.<name>/<value>`), the
 * pool part possibly a reference (`${google_iam_workload_identity_pool.ci.name}`); undefined for
 * other members (`principal://` names one subject; workforce pools are people).
 */
export function poolMemberOf(member: string): PoolMember | undefined {
  if (!member.startsWith("principalSet://") || member.includes("/workforcePools/")) return undefined;
  if (member.endsWith("/*")) return { kind: "pool" };
  const attribute = /\/attribute\.([A-Za-z0-9_]+)\/(.+)$/.exec(member);
  if (attribute) return { kind: "attribute", name: attribute[1]!, value: attribute[2]! };
  const group = /\/group\/([^/]+)$/.exec(member);
  return group ? { kind: "group", group: group[1]! } : undefined;
}
