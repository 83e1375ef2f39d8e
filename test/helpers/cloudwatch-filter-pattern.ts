/*
 * An evaluator for the subset of CloudWatch Logs JSON filter patterns the blueprint's metric
 * filters use, so a test can say "this CloudTrail record fires the alarm, that one does not"
 * without an AWS account. Semantics follow the CloudWatch Logs user guide, "Filter pattern
 * syntax for metric filters" ("Using metric filters to match terms and extract values from
 * JSON log events", "Using compound expressions to match terms in JSON objects"):
 *
 * - a pattern is `{ <expression> }`; conditions are joined by `&&` and `||` with parentheses,
 *   and the order of operations is `()` > `&&` > `||`;
 * - a condition is `$.selector = value`, `$.selector != value`, `$.selector IS TRUE|FALSE|NULL`
 *   or `$.selector NOT EXISTS` (`EXISTS` is parsed too; that guide says AWS does not support
 *   it, so no blueprint pattern uses it);
 * - values are quoted strings or bare words; `*` in a value is a wildcard for any text;
 * - a selector that points at an object or an array does not match.
 *
 * One point the guide leaves open is `!=` on a field the event lacks. This evaluator does not
 * match it (the conservative reading: a pattern that must fire on a missing field says
 * `NOT EXISTS`, as the blueprint's approved-writes filter does), so a test can never pass
 * because of a generous assumption about the service.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Condition =
  | { readonly kind: "compare"; readonly selector: string; readonly negated: boolean; readonly value: string; readonly quoted: boolean }
  | { readonly kind: "is"; readonly selector: string; readonly literal: "TRUE" | "FALSE" | "NULL" }
  | { readonly kind: "exists"; readonly selector: string; readonly exists: boolean };

/** The parsed expression tree. */
export type Expression =
  | { readonly kind: "and"; readonly left: Expression; readonly right: Expression }
  | { readonly kind: "or"; readonly left: Expression; readonly right: Expression }
  | { readonly kind: "condition"; readonly condition: Condition };

type Token =
  | { readonly type: "punct"; readonly text: "{" | "}" | "(" | ")" | "&&" | "||" | "=" | "!=" }
  | { readonly type: "selector"; readonly text: string }
  | { readonly type: "string"; readonly text: string }
  | { readonly type: "word"; readonly text: string };

/** Thrown for a pattern outside the supported subset (a test bug, not a non-match). */
export class FilterPatternSyntaxError extends Error {}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (s: string): boolean => pattern.startsWith(s, i);
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (at("&&") || at("||") || at("!=")) {
      tokens.push({ type: "punct", text: pattern.slice(i, i + 2) as "&&" | "||" | "!=" });
      i += 2;
    } else if (c === "{" || c === "}" || c === "(" || c === ")" || c === "=") {
      tokens.push({ type: "punct", text: c });
      i++;
    } else if (c === '"') {
      let text = "";
      i++;
      while (i < pattern.length && pattern[i] !== '"') {
        if (pattern[i] === "\\" && i + 1 < pattern.length) i++;
        text += pattern[i];
        i++;
      }
      if (i >= pattern.length) throw new FilterPatternSyntaxError(`unterminated string in ${pattern}`);
      i++;
      tokens.push({ type: "string", text });
    } else {
      const start = i;
      while (i < pattern.length && !" \t\r\n{}()=\"".includes(pattern[i]!) && !at("&&") && !at("||") && !at("!=")) i++;
      const text = pattern.slice(start, i);
      tokens.push(text.startsWith("$.") ? { type: "selector", text } : { type: "word", text });
    }
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  public parsePattern(): Expression {
    this.expectPunct("{");
    const expression = this.parseOr();
    this.expectPunct("}");
    if (this.position !== this.tokens.length) throw new FilterPatternSyntaxError(`unexpected ${this.peek()?.text ?? "end"} after the closing brace`);
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.peekPunct("||")) {
      this.position++;
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parsePrimary();
    while (this.peekPunct("&&")) {
      this.position++;
      left = { kind: "and", left, right: this.parsePrimary() };
    }
    return left;
  }

  private parsePrimary(): Expression {
    if (this.peekPunct("(")) {
      this.position++;
      const inner = this.parseOr();
      this.expectPunct(")");
      return inner;
    }
    return { kind: "condition", condition: this.parseCondition() };
  }

  private parseCondition(): Condition {
    const selectorToken = this.next();
    if (selectorToken.type !== "selector") throw new FilterPatternSyntaxError(`expected a $. selector, found ${selectorToken.text}`);
    const selector = selectorToken.text;
    const operator = this.next();
    if (operator.type === "punct" && (operator.text === "=" || operator.text === "!=")) {
      const value = this.next();
      if (value.type !== "string" && value.type !== "word") throw new FilterPatternSyntaxError(`expected a value after ${selector} ${operator.text}`);
      return { kind: "compare", selector, negated: operator.text === "!=", value: value.text, quoted: value.type === "string" };
    }
    if (operator.type === "word" && operator.text === "IS") {
      const literal = this.next();
      if (literal.type !== "word" || !["TRUE", "FALSE", "NULL"].includes(literal.text)) throw new FilterPatternSyntaxError(`expected TRUE, FALSE or NULL after ${selector} IS`);
      return { kind: "is", selector, literal: literal.text as "TRUE" | "FALSE" | "NULL" };
    }
    if (operator.type === "word" && operator.text === "NOT") {
      const exists = this.next();
      if (exists.type !== "word" || exists.text !== "EXISTS") throw new FilterPatternSyntaxError(`expected EXISTS after ${selector} NOT`);
      return { kind: "exists", selector, exists: false };
    }
    if (operator.type === "word" && operator.text === "EXISTS") return { kind: "exists", selector, exists: true };
    throw new FilterPatternSyntaxError(`unsupported operator ${operator.text} after ${selector}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private peekPunct(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.type === "punct" && t.text === text;
  }

  private next(): Token {
    const t = this.tokens[this.position];
    if (t === undefined) throw new FilterPatternSyntaxError("unexpected end of pattern");
    this.position++;
    return t;
  }

  private expectPunct(text: string): void {
    const t = this.next();
    if (t.type !== "punct" || t.text !== text) throw new FilterPatternSyntaxError(`expected ${text}, found ${t.text}`);
  }
}

/** Parses a JSON filter pattern; throws FilterPatternSyntaxError outside the supported subset. */
export function parseFilterPattern(pattern: string): Expression {
  return new Parser(tokenize(pattern)).parsePattern();
}

/** `$.a.b[0].c` → the value there, or undefined when any step is missing. */
export function select(event: JsonValue, selector: string): JsonValue | undefined {
  const steps = selector
    .slice(2)
    .split(".")
    .flatMap((part) => {
      const name = part.replace(/\[\d+\]/g, "");
      const indexes = [...part.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
      return [...(name === "" ? [] : [name]), ...indexes];
    });
  let current: JsonValue | undefined = event;
  for (const step of steps) {
    if (current === null || current === undefined || typeof current !== "object") return undefined;
    if (typeof step === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = current[step];
    }
  }
  return current;
}

/** Glob with `*` for any text, whole-string. */
function wildcardMatches(value: string, glob: string): boolean {
  const parts = glob.split("*");
  if (parts.length === 1) return value === glob;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!value.startsWith(first) || value.length < first.length + last.length || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, position);
    if (found < 0 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}

function equals(field: JsonValue, value: string, quoted: boolean): boolean {
  if (typeof field === "number" && !quoted && !value.includes("*") && value.trim() !== "" && !Number.isNaN(Number(value))) return field === Number(value);
  return wildcardMatches(String(field), value);
}

function evaluateCondition(condition: Condition, event: JsonValue): boolean {
  const field = select(event, condition.selector);
  switch (condition.kind) {
    case "exists":
      return (field !== undefined) === condition.exists;
    case "is":
      return condition.literal === "NULL" ? field === null : field === (condition.literal === "TRUE");
    case "compare": {
      // Missing fields, nulls, objects and arrays match neither `=` nor `!=` (see the file comment).
      if (field === undefined || field === null || typeof field === "object") return false;
      return equals(field, condition.value, condition.quoted) !== condition.negated;
    }
  }
}

function evaluate(expression: Expression, event: JsonValue): boolean {
  switch (expression.kind) {
    case "and":
      return evaluate(expression.left, event) && evaluate(expression.right, event);
    case "or":
      return evaluate(expression.left, event) || evaluate(expression.right, event);
    case "condition":
      return evaluateCondition(expression.condition, event);
  }
}

/** True when the JSON log event (one CloudTrail record) matches the filter pattern. */
export function filterPatternMatches(pattern: string, event: JsonValue): boolean {
  return evaluate(parseFilterPattern(pattern), event);
}
