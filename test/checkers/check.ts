import { Json, ResourceMap } from "../helpers/synth";

/**
 * The result of one control over one synthesized stack, in cdk-nag's three states. A
 * non-compliant result names every resource that breaks the control and how, so a failing test
 * reads like a finding; "not-applicable" means the stack has nothing the control is about.
 */
export type CheckResult =
  | { readonly status: "compliant"; readonly checked: readonly string[] }
  | { readonly status: "noncompliant"; readonly problems: readonly string[] }
  | { readonly status: "not-applicable" };

/** A control: synthesized stack JSON in, tri-state result out. */
export type Checker = (stack: Json) => CheckResult;

/** One resource of the stack under test, addressed as Terraform does (`type.id`). */
export interface Resource {
  readonly type: string;
  readonly id: string;
  readonly address: string;
  readonly body: Json;
}

/** Every resource of `type` in the stack, in the stack's order. */
export function resources(stack: Json, type: string): Resource[] {
  const byType = (stack["resource"] ?? {}) as Record<string, ResourceMap>;
  return Object.entries(byType[type] ?? {}).map(([id, body]) => ({ type, id, address: `${type}.${id}`, body }));
}

/** `${type.id.attribute}`: how the synthesized JSON refers to an attribute of another resource. */
export function ref(r: Resource, attribute: string): string {
  return `\${${r.address}.${attribute}}`;
}

/**
 * Builds the result from the resources checked and the problems found: no resource means not
 * applicable; any problem means non-compliant.
 */
export function verdict(checked: readonly Resource[], problems: readonly string[]): CheckResult {
  if (checked.length === 0) return { status: "not-applicable" };
  if (problems.length > 0) return { status: "noncompliant", problems: [...problems] };
  return { status: "compliant", checked: checked.map((r) => r.address) };
}

/** The nested block at `key`: cdktf renders a single block as an object, some as a one-item list. */
export function block(body: Json | undefined, key: string): Json | undefined {
  const value = body?.[key];
  if (Array.isArray(value)) return value.length === 1 ? (value[0] as Json) : undefined;
  return value && typeof value === "object" ? (value as Json) : undefined;
}

/** A value as a list: IAM accepts a string or a list of strings for Action, Resource, principals. */
export function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * True when the IAM-style pattern `pattern` (`*` any run of characters, `?` one character,
 * case-insensitive as IAM and Azure action names are) matches the concrete action `action`.
 */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i").test(action);
}

/** Each pair `pattern covers action` among `patterns` and `actions`, as `pattern -> action`. */
export function coveredActions(patterns: readonly string[], actions: readonly string[]): string[] {
  return patterns.flatMap((p) => actions.filter((a) => actionMatches(p, a)).map((a) => `${p} -> ${a}`));
}
