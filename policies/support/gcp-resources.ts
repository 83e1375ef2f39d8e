import { Json, Resource, valuesAt } from "../model";
import { Problems, RuleContext, UNKNOWN_VALUE, valueOf } from "../rule";

/** Small readers shared by the GCP rules. */

export const SECONDS_PER_DAY = 86_400;

/**
 * A Google duration (`"7776000s"`, `"86400.5s"`, as `rotation_period` and
 * `destroy_scheduled_duration` take it) in seconds; UNKNOWN_VALUE for an expression or plan
 * unknown, undefined when absent, NaN when it is not a duration.
 */
export function durationSeconds(resource: Resource, path: string): number | undefined | typeof UNKNOWN_VALUE {
  const value = valueOf(resource, path);
  if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (value === undefined || value === null) return undefined;
  const match = /^(\d+(?:\.\d{1,9})?)s$/.exec(String(value));
  return match ? Number(match[1]) : Number.NaN;
}

/** Days, rounded to two places, for messages. */
export function days(seconds: number): string {
  const n = Math.round((seconds / SECONDS_PER_DAY) * 100) / 100;
  return `${n} ${n === 1 ? "day" : "days"}`;
}

/** The `purpose` label the blueprint's constructs set (`logs`, `usage-logs`, `state`), from labels or effective_labels. */
export function purposeOf(resource: Resource): string | undefined {
  for (const key of ["labels", "effective_labels", "terraform_labels"]) {
    const value = ((resource.attributes[key] ?? {}) as Json)["purpose"];
    if (typeof value === "string") return value;
  }
  return undefined;
}

/** True when a (possibly empty) block is present at `path`: cdktf writes an object, a plan a one-item list. */
export function hasBlock(resource: Resource, path: string): boolean {
  return valuesAt(resource.attributes, path).some((v) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0));
}

/**
 * Checks that `path` names a Cloud KMS key this stack manages (by reference to a
 * `google_kms_crypto_key`): absent is an error; a literal key name, or a reference to anything
 * else (a data source, a variable, another stack's output), is a warning, because the key's
 * rotation, deletion protection and administrators are then checked nowhere in this stack; a
 * value decided at apply without a reference is unknown.
 */
export function checkStackKey(resource: Resource, path: string, context: RuleContext, problems: Problems): void {
  const values = valuesAt(resource.attributes, path).filter((v) => v !== null && v !== "");
  if (values.length === 0) {
    problems.error(`${path} is absent: data is encrypted with a Google-managed key`);
    return;
  }
  if (context.referenced(resource, path).some((r) => r.mode === "managed" && r.type === "google_kms_crypto_key")) return;
  const value = values[0];
  if (typeof value === "string") problems.relaxed(`${path} is ${JSON.stringify(value)}, not a key this stack manages`);
  else problems.unknown(path);
}
