/*
 * An evaluator for the subset of EventBridge event patterns the blueprint's rules use, so a test
 * can say "this GuardDuty event reaches the alert topic, that one does not" without an AWS
 * account. Semantics follow the EventBridge User Guide, "Amazon EventBridge event patterns" and
 * "Content filtering in Amazon EventBridge event patterns":
 *
 * - a pattern is an object; every field it names must match (AND), fields it does not name are
 *   ignored; a nested object matches the event's nested object field by field;
 * - a leaf is an array of matchers, any of which may match (OR); an exact matcher is a string,
 *   number, boolean or null and compares by value (numbers as numbers);
 * - when the event's value is an array, the leaf matches if any element matches;
 * - content filters: `{ "prefix": "s" }`, `{ "numeric": [op, n, (op, n)] }` with `=`, `<`,
 *   `<=`, `>`, `>=` (numbers only), `{ "anything-but": v | [v...] | { "prefix": "s" } }` (a
 *   missing field does not match it), `{ "exists": true|false }`, `{ "wildcard": "a*b" }`;
 * - a field the event lacks matches only `{ "exists": false }`.
 *
 * Anything else in a pattern throws EventPatternSyntaxError: a test bug, never a silent miss.
 */

export type EventValue = null | boolean | number | string | EventValue[] | { [key: string]: EventValue };

/** Thrown for a pattern outside the supported subset. */
export class EventPatternSyntaxError extends Error {}

type Leaf = EventValue | undefined;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function numericMatches(value: Leaf, spec: unknown): boolean {
  if (!Array.isArray(spec) || spec.length === 0 || spec.length % 2 !== 0 || spec.length > 4) throw new EventPatternSyntaxError(`bad numeric matcher ${JSON.stringify(spec)}`);
  if (typeof value !== "number") return false;
  for (let i = 0; i < spec.length; i += 2) {
    const op = spec[i];
    const n = spec[i + 1];
    if (typeof n !== "number") throw new EventPatternSyntaxError(`numeric bound ${JSON.stringify(n)} is not a number`);
    const ok = op === "=" ? value === n : op === "<" ? value < n : op === "<=" ? value <= n : op === ">" ? value > n : op === ">=" ? value >= n : undefined;
    if (ok === undefined) throw new EventPatternSyntaxError(`unknown numeric operator ${String(op)}`);
    if (!ok) return false;
  }
  return true;
}

function wildcardMatches(value: string, glob: string): boolean {
  const parts = glob.split("*");
  if (parts.length === 1) return value === glob;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!value.startsWith(first) || value.length < first.length + last.length || !value.endsWith(last)) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, at);
    if (found < 0 || found + middle.length > value.length - last.length) return false;
    at = found + middle.length;
  }
  return true;
}

/** One matcher against one scalar (or absent) event value. */
function matcherMatches(value: Leaf, matcher: unknown): boolean {
  if (matcher === null || typeof matcher === "string" || typeof matcher === "number" || typeof matcher === "boolean") {
    return value !== undefined && value === matcher;
  }
  if (!isObject(matcher)) throw new EventPatternSyntaxError(`unsupported matcher ${JSON.stringify(matcher)}`);
  const keys = Object.keys(matcher);
  if (keys.length !== 1) throw new EventPatternSyntaxError(`a content filter has exactly one key: ${JSON.stringify(matcher)}`);
  const key = keys[0]!;
  const spec = matcher[key];
  switch (key) {
    case "prefix":
      if (typeof spec !== "string") throw new EventPatternSyntaxError("prefix takes a string");
      return typeof value === "string" && value.startsWith(spec);
    case "numeric":
      return numericMatches(value, spec);
    case "exists":
      if (typeof spec !== "boolean") throw new EventPatternSyntaxError("exists takes a boolean");
      return spec ? value !== undefined : value === undefined;
    case "wildcard":
      if (typeof spec !== "string") throw new EventPatternSyntaxError("wildcard takes a string");
      return typeof value === "string" && wildcardMatches(value, spec);
    case "anything-but": {
      if (value === undefined) return false;
      if (isObject(spec)) {
        if (Object.keys(spec).length !== 1 || typeof spec["prefix"] !== "string") throw new EventPatternSyntaxError("anything-but takes values or { prefix }");
        return !(typeof value === "string" && value.startsWith(spec["prefix"]));
      }
      const excluded = Array.isArray(spec) ? spec : [spec];
      if (excluded.some((e) => !(e === null || ["string", "number", "boolean"].includes(typeof e)))) throw new EventPatternSyntaxError("anything-but values must be scalars");
      return !excluded.includes(value);
    }
    default:
      throw new EventPatternSyntaxError(`unsupported content filter ${key}`);
  }
}

/** A leaf (array of matchers) against the event's value there, array values element-wise. */
function leafMatches(value: Leaf, matchers: readonly unknown[]): boolean {
  if (matchers.length === 0) throw new EventPatternSyntaxError("an empty array matches nothing: not a pattern EventBridge accepts");
  const values: Leaf[] = Array.isArray(value) ? (value.length === 0 ? [undefined] : value) : [value];
  // `exists` looks at the field, not at its elements.
  return matchers.some((m) => (isObject(m) && "exists" in m ? matcherMatches(value, m) : values.some((v) => matcherMatches(v, m))));
}

function objectMatches(event: EventValue | undefined, pattern: Record<string, unknown>): boolean {
  const entries = Object.entries(pattern);
  if (entries.length === 0) throw new EventPatternSyntaxError("an empty object is not a pattern");
  return entries.every(([field, sub]) => {
    const value = isObject(event) ? (event as Record<string, EventValue>)[field] : undefined;
    if (Array.isArray(sub)) return leafMatches(value, sub);
    if (isObject(sub)) return isObject(value) && objectMatches(value, sub);
    throw new EventPatternSyntaxError(`field ${field}: a pattern value is an array or an object, not ${JSON.stringify(sub)}`);
  });
}

/** Whether `event` matches the EventBridge `pattern` (a JSON string, as rules carry it, or an object). */
export function eventPatternMatches(pattern: string | Record<string, unknown>, event: EventValue): boolean {
  const parsed: unknown = typeof pattern === "string" ? JSON.parse(pattern) : pattern;
  if (!isObject(parsed)) throw new EventPatternSyntaxError("a pattern is a JSON object");
  return objectMatches(event, parsed);
}
