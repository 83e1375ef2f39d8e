import { z } from "zod";
import { TextRule, satisfies } from "../constructs/shared/limits/text-rule";

/**
 * Every schema node carries the sentence a user needs to fix it. Errors read
 * `<what is wrong>; <what is accepted>`, so the loader can print one line per problem.
 */
type RawIssue = z.core.$ZodRawIssue;

export interface Accepts {
  error: (issue: RawIssue) => string;
}

export function describeInput(input: unknown): string {
  if (input === undefined) return "missing";
  if (input === null) return "got null";
  if (Array.isArray(input)) return "got a list";
  if (typeof input === "object") return "got a mapping";
  const shown = typeof input === "string" ? JSON.stringify(input) : String(input);
  const clipped = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  return `got ${typeof input === "string" ? "" : `${typeof input} `}${clipped}`;
}

/** Error option for a leaf: `got "x"; accepted: <accepted>`. */
export function accepts(accepted: string): Accepts {
  return { error: (issue) => `${describeInput(issue.input)}; accepted: ${accepted}` };
}

/** Error option for a strict mapping: names the keys it knows. */
export function acceptsKeys(keys: readonly string[]): Accepts {
  const list = keys.join(", ");
  return {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key; accepted: one of the keys ${list}`
        : `${describeInput(issue.input)}; accepted: a mapping with keys ${list}`,
  };
}

/** A strict object whose unknown keys and wrong type name the accepted keys. */
export function mapping<T extends z.core.$ZodLooseShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  return z.strictObject(shape, acceptsKeys(Object.keys(shape)));
}

/** Integer in [min, max] with one message for every way it can be wrong. */
export function integer(min: number, max: number, unit = ""): z.ZodNumber {
  const a = accepts(`an integer from ${min} to ${max}${unit ? ` ${unit}` : ""}`);
  return z.number(a).int(a).min(min, a).max(max, a);
}

/** String matching `pattern`, described by `accepted`. */
export function text(pattern: RegExp, accepted: string): z.ZodString {
  const a = accepts(accepted);
  return z.string(a).regex(pattern, a);
}

/**
 * String satisfying a rule from constructs/shared/limits/, the same rule the constructs check,
 * so a value the config accepts is one the constructs accept. `accepted` defaults to the rule's
 * own text; pass one to name the field (e.g. "an S3 bucket name: " + rule.accepted).
 */
export function rule(textRule: TextRule, accepted: string = textRule.accepted): z.ZodString {
  const a = accepts(accepted);
  return z.string(a).refine((value) => satisfies(textRule, value), a);
}

/** One of a fixed list of strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, accepts(values.join(" | ")));
}

/** Map from names to values, where both the names and the values are checked. */
export function namedMap<V extends z.ZodType>(keyPattern: RegExp, keyAccepted: string, value: V): z.ZodRecord<z.ZodString, V> {
  const key = z.string(accepts(keyAccepted)).regex(keyPattern, accepts(keyAccepted));
  return z.record(key, value, {
    error: (issue) =>
      issue.code === "invalid_key"
        ? `invalid name; accepted: ${keyAccepted}`
        : `${describeInput(issue.input)}; accepted: a mapping from names to settings`,
  });
}

/**
 * A list of `min` to `max` items. The count is checked only once the value is a list of valid
 * items: zod's own `.min`/`.max` also run on a string (it has a length), so a string where a
 * list belongs printed one line for the type and a second, identical one for the length.
 * A wrong count names the count (`got 6 email addresses`), so the user sees how many to remove.
 */
export function list<T extends z.ZodType>(item: T, min: number, max: number, accepted: string, noun: string): z.ZodArray<T> {
  return z.array(item, accepts(accepted)).superRefine((items, ctx) => {
    if (items.length >= min && items.length <= max) return;
    const got = items.length === 0 ? "got an empty list" : `got ${items.length} ${noun}`;
    ctx.addIssue({ code: "custom", message: `${got}; accepted: ${accepted}`, input: items });
  });
}

/**
 * Error option for a union told apart by a `type` field (the backends): a wrong or missing
 * type is reported as such, with the accepted types, rather than as "got a mapping" (zod
 * reports an unmatched discriminator at `<path>.type` with the whole mapping as input).
 */
export function acceptsTypes(types: readonly string[], what: string): Accepts {
  const listed = types.join(" or ");
  return {
    error: (issue) => {
      const discriminator = issue.code === "invalid_union" ? issue.discriminator : undefined;
      if (discriminator === undefined) return `${describeInput(issue.input)}; accepted: a mapping whose type is ${listed}`;
      const value = (issue.input as Record<string, unknown>)[discriminator];
      if (value === undefined) return `missing; accepted: ${listed}`;
      const shown = typeof value === "string" ? JSON.stringify(value) : describeInput(value).replace(/^got /, "");
      return `unknown ${what} ${shown}; accepted: ${listed} (lowercase)`;
    },
  };
}

/** A number (fractions allowed) in [min, max]. */
export function amount(min: number, max: number, accepted: string): z.ZodNumber {
  const a = accepts(accepted);
  return z.number(a).min(min, a).max(max, a);
}
