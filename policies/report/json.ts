/**
 * JSON the same inputs always render byte for byte: two-space indent, a final newline, and keys
 * in the order the report builders create them (every object is built with literal keys).
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
