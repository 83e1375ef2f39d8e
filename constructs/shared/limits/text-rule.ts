/**
 * A rule a text value must satisfy, stated once for both readers: the config schema (zod) and the
 * constructs' prop validation. `accepted` is what an error message shows as the accepted range.
 */
export interface TextRule {
  /** Anchored pattern the whole value must match. */
  readonly pattern: RegExp;
  /** Human-readable accepted range, e.g. "3-63 lowercase letters, digits, - and .". */
  readonly accepted: string;
  /** Longest accepted value, when the pattern alone does not bound it. @default - the pattern alone bounds the length */
  readonly maxLength?: number;
}

/** True when `value` satisfies `rule`. */
export function satisfies(rule: TextRule, value: string): boolean {
  return (rule.maxLength === undefined || value.length <= rule.maxLength) && rule.pattern.test(value);
}
