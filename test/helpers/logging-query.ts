/*
 * An evaluator for the subset of the Cloud Logging query language the blueprint's log-based
 * metrics use, so a test can say "this audit log entry counts, that one does not" without a
 * Google Cloud project. Semantics follow Google Cloud's "Logging query language" page:
 *
 * - a query is `["NOT"] comparison { ("AND" | "OR") ["NOT"] comparison }`; juxtaposed
 *   comparisons are joined by an implicit AND;
 * - precedence, from the "Boolean operators" section: NOT binds tightest, then OR, then AND, so
 *   `"a" OR NOT "b" AND NOT "c" OR "d"` means `("a" OR (NOT "b")) AND ((NOT "c") OR "d")`
 *   (the reverse of most languages: the blueprint's filters parenthesise every mixed group);
 * - a comparison is `field OP value` with OP one of `=`, `!=`, `:` (has: case-insensitive
 *   substring; `:*` tests that the field is present), `=~` and `!~` (RE2 regular expressions,
 *   matched anywhere in the value unless the pattern anchors itself), or a parenthesised query;
 * - a field path is dotted (`protoPayload.serviceData.policyDelta.bindingDeltas.role`); a
 *   segment may be quoted (`protoPayload."@type"`); a path that runs through a repeated field
 *   matches when any element matches;
 * - values are double-quoted strings or bare words (`false`, `DISABLED`, `*` after `:`).
 *
 * Choices where the page leaves room, each the conservative one (a test can never pass
 * because of a generous assumption about the service):
 * - `=` is exact and case-sensitive (fixtures and filters spell values as the services log them);
 * - `!=` and `!~` do not match a field the entry lacks (use `NOT field:*` for absence);
 * - a comparison on a field holding an object or a list of objects does not match, except `:*`;
 * - global restrictions (a bare value with no field) and `-` for NOT are outside the subset and
 *   throw, so a filter the evaluator cannot read fails its test instead of matching nothing.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Operator = "=" | "!=" | ":" | "=~" | "!~";

/** The parsed query tree. */
export type QueryNode =
  | { readonly kind: "and" | "or"; readonly left: QueryNode; readonly right: QueryNode }
  | { readonly kind: "not"; readonly operand: QueryNode }
  | { readonly kind: "compare"; readonly path: readonly string[]; readonly op: Operator; readonly value: string };

type Token =
  | { readonly type: "op"; readonly text: Operator }
  | { readonly type: "paren"; readonly text: "(" | ")" }
  | { readonly type: "string"; readonly text: string }
  | { readonly type: "word"; readonly text: string };

/** Thrown for a query outside the supported subset (a test bug, not a non-match). */
export class LoggingQuerySyntaxError extends Error {}

const WORD_STOP = " \t\r\n()\"=!:~";

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    const two = query.slice(i, i + 2);
    if (" \t\r\n".includes(c)) {
      i++;
    } else if (two === "!=" || two === "=~" || two === "!~") {
      tokens.push({ type: "op", text: two });
      i += 2;
    } else if (c === "=" || c === ":") {
      tokens.push({ type: "op", text: c });
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ type: "paren", text: c });
      i++;
    } else if (c === '"') {
      let text = "";
      i++;
      while (i < query.length && query[i] !== '"') {
        if (query[i] === "\\" && i + 1 < query.length) i++;
        text += query[i];
        i++;
      }
      if (i >= query.length) throw new LoggingQuerySyntaxError(`unterminated string in ${query}`);
      i++;
      tokens.push({ type: "string", text });
    } else {
      const start = i;
      // A field path may hold quoted segments: `protoPayload."@type"`.
      while (i < query.length && !WORD_STOP.includes(query[i]!)) {
        i++;
        if (query[i - 1] === "." && query[i] === '"') {
          const end = query.indexOf('"', i + 1);
          if (end < 0) throw new LoggingQuerySyntaxError(`unterminated path segment in ${query}`);
          i = end + 1;
        }
      }
      if (i === start) throw new LoggingQuerySyntaxError(`unexpected character ${JSON.stringify(c)} at ${i} in ${query}`);
      tokens.push({ type: "word", text: query.slice(start, i) });
    }
  }
  return tokens;
}

function splitPath(text: string): string[] {
  const segments: string[] = [];
  let current = "";
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (c === "." && !quoted) {
      segments.push(current);
      current = "";
    } else current += c;
  }
  segments.push(current);
  if (segments.some((s) => s.length === 0)) throw new LoggingQuerySyntaxError(`empty segment in field path ${text}`);
  return segments;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[], private readonly query: string) {}

  public parse(): QueryNode {
    const node = this.parseAnd();
    if (this.position < this.tokens.length) throw this.error("unexpected token");
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t?.type === "word" && t.text === text;
  }

  private error(what: string): LoggingQuerySyntaxError {
    const t = this.peek();
    return new LoggingQuerySyntaxError(`${what} at token ${this.position} (${t === undefined ? "end" : JSON.stringify(t.text)}) in ${this.query}`);
  }

  // AND is the loosest operator; juxtaposed comparisons are an implicit AND.
  private parseAnd(): QueryNode {
    let left = this.parseOr();
    for (;;) {
      if (this.isWord("AND")) {
        this.position++;
      } else if (this.peek() === undefined || (this.peek()!.type === "paren" && this.peek()!.text === ")")) {
        return left;
      }
      left = { kind: "and", left, right: this.parseOr() };
    }
  }

  private parseOr(): QueryNode {
    let left = this.parseNot();
    while (this.isWord("OR")) {
      this.position++;
      left = { kind: "or", left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): QueryNode {
    if (this.isWord("NOT")) {
      this.position++;
      return { kind: "not", operand: this.parseNot() };
    }
    return this.parseComparison();
  }

  private parseComparison(): QueryNode {
    const t = this.peek();
    if (t === undefined) throw this.error("expected a comparison");
    if (t.type === "paren" && t.text === "(") {
      this.position++;
      const inner = this.parseAnd();
      const close = this.peek();
      if (close?.type !== "paren" || close.text !== ")") throw this.error("expected )");
      this.position++;
      return inner;
    }
    if (t.type !== "word" || t.text === "AND" || t.text === "OR") throw this.error("expected a field path (global restrictions are outside the subset)");
    if (t.text.startsWith("-")) throw this.error("`-` for NOT is outside the subset: write NOT");
    this.position++;
    const op = this.peek();
    if (op?.type !== "op") throw this.error("expected a comparison operator after the field path (global restrictions are outside the subset)");
    this.position++;
    const value = this.peek();
    if (value === undefined || (value.type !== "string" && value.type !== "word")) throw this.error("expected a value");
    this.position++;
    return { kind: "compare", path: splitPath(t.text), op: op.text, value: value.text };
  }
}

/** Parses `query`; throws LoggingQuerySyntaxError outside the subset. */
export function parseLoggingQuery(query: string): QueryNode {
  return new Parser(tokenize(query), query).parse();
}

/** Every value `path` reaches in `entry`, descending into each element of a repeated field. */
function valuesAt(entry: JsonValue, path: readonly string[]): JsonValue[] {
  let current: JsonValue[] = [entry];
  for (const segment of path) {
    const next: JsonValue[] = [];
    for (const v of current.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (v !== null && typeof v === "object" && !Array.isArray(v) && segment in v) next.push(v[segment]!);
    }
    current = next;
  }
  return current.flatMap((x) => (Array.isArray(x) ? x : [x]));
}

function scalar(v: JsonValue): string | undefined {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
}

function compare(node: Extract<QueryNode, { kind: "compare" }>, entry: JsonValue): boolean {
  const values = valuesAt(entry, node.path);
  if (node.op === ":" && node.value === "*") return values.length > 0;
  const scalars = values.map(scalar).filter((s): s is string => s !== undefined);
  switch (node.op) {
    case "=":
      return scalars.some((s) => s === node.value);
    case "!=":
      return scalars.length > 0 && scalars.every((s) => s !== node.value);
    case ":":
      return scalars.some((s) => s.toLowerCase().includes(node.value.toLowerCase()));
    case "=~":
      return scalars.some((s) => new RegExp(node.value).test(s));
    case "!~":
      return scalars.length > 0 && scalars.every((s) => !new RegExp(node.value).test(s));
  }
}

function evaluate(node: QueryNode, entry: JsonValue): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, entry) && evaluate(node.right, entry);
    case "or":
      return evaluate(node.left, entry) || evaluate(node.right, entry);
    case "not":
      return !evaluate(node.operand, entry);
    case "compare":
      return compare(node, entry);
  }
}

/** True when the log entry matches the query. */
export function matchesLoggingQuery(query: string, entry: JsonValue): boolean {
  return evaluate(parseLoggingQuery(query), entry);
}
