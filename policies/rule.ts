import { Acknowledgement } from "./acknowledgements";
import { ControlId } from "./controls";
import { Cloud, Json, Resource, StackModel, isExpression, isUnknown, valuesAt } from "./model";

/**
 * A rule in cdk-nag's shape: one control on one cloud (`<CONTROL>-<CLOUD>`, `any` for rules that
 * read every cloud's resources alike), one file named for the compliant state under
 * policies/rules/<cloud>/, and its own Compliance and Noncompliance cases.
 */
export type Severity = "error" | "warning";

export interface Mappings {
  /** Checkov check ids with the same intent, where one exists. */
  readonly checkov?: readonly string[];
  /** CIS benchmark recommendations: `AWS Foundations 3.0 3.6`, `GCP Foundations 2.0 1.10`, `Azure Foundations 2.1 3.15`. */
  readonly cis?: readonly string[];
  /** NIST SP 800-53 Rev. 5 controls, e.g. `SC-12`. */
  readonly nist80053: readonly string[];
}

/** A problem a rule found; `warning` for settings weaker than the default but allowed (relaxations), or values known only after apply. */
export interface Problem {
  readonly message: string;
  readonly severity: Severity;
  /** True when the value is unknown until apply: neither compliant nor missing. */
  readonly unknown?: boolean;
}

export type Outcome =
  | { readonly status: "compliant" }
  | { readonly status: "non-compliant"; readonly problems: readonly Problem[] }
  | { readonly status: "not-applicable"; readonly reason?: string };

export const COMPLIANT: Outcome = Object.freeze({ status: "compliant" });

export function notApplicable(reason?: string): Outcome {
  return reason === undefined ? { status: "not-applicable" } : { status: "not-applicable", reason };
}

/**
 * Collects a rule's problems for one resource: `error` (the rule's severity), `relaxed` (a
 * weaker setting the blueprint allows only with an explicit choice: a warning, so it is never
 * silent), `unknown` (a value apply decides). `outcome()` is compliant when nothing was found.
 */
export class Problems {
  private readonly found: Problem[] = [];
  constructor(private readonly severity: Severity) {}
  error(message: string): this {
    this.found.push({ message, severity: this.severity });
    return this;
  }
  relaxed(message: string): this {
    this.found.push({ message, severity: "warning" });
    return this;
  }
  unknown(what: string): this {
    this.found.push({ message: `${what} is known only after apply: check it in the plan`, severity: "warning", unknown: true });
    return this;
  }
  get count(): number {
    return this.found.length;
  }
  outcome(): Outcome {
    return this.found.length === 0 ? COMPLIANT : { status: "non-compliant", problems: [...this.found] };
  }
}

/** What a rule can ask about the stack a resource is in. */
export interface RuleContext {
  readonly stack: StackModel;
  /** Resources of the stack of any of `types`, in address order. */
  resourcesOf(...types: string[]): readonly Resource[];
  /** The resources of the stack `resource` refers to at `path` (dotted, lists stepped through). */
  referenced(resource: Resource, path: string): readonly Resource[];
  /** Resources of `type` whose attribute `path` refers to `target` (companions: `aws_s3_bucket_versioning.bucket`). */
  referencing(target: Resource, type: string, path: string): readonly Resource[];
  /** A new problem collector at the rule's severity. */
  problems(): Problems;
  /**
   * A value computed once per stack and shared by every check in it (an index of companions by
   * name, grants by member): a rule that scans the stack for each resource would make the
   * engine quadratic on a large plan. `key` names the value; use one per rule or helper.
   */
  memo<T>(key: string, build: () => T): T;
}

/** A case a rule's test runs: a synthesized-stack fragment or a plan, and for Noncompliance the text a finding must contain. */
export interface RuleCase {
  readonly name: string;
  /** `cdk.tf.json` shape: `{ resource: { type: { name: body } }, provider?, data? }`. */
  readonly stack?: Json;
  /** `terraform show -json` shape. */
  readonly plan?: Json;
  /** Noncompliance: a substring of the finding's message. */
  readonly expect?: string;
  /** Noncompliance: the expected severity. @default the rule's severity */
  readonly severity?: Severity;
  /** Acknowledgements the case evaluates with (for ACKNOWLEDGEMENT-VALID-ANY). */
  readonly acknowledgements?: readonly Acknowledgement[];
  /** Clock of the case (ISO date). @default 2026-12-01 */
  readonly now?: string;
}

interface RuleBase {
  readonly id: string;
  readonly control: ControlId;
  readonly cloud: Cloud | "any";
  readonly title: string;
  readonly severity: Severity;
  readonly mappings: Mappings;
  readonly rationale: string;
  readonly fix: string;
  readonly tests: { readonly compliance: readonly RuleCase[]; readonly noncompliance: readonly RuleCase[] };
}

/** Checked once per resource of `appliesTo` (`*` for every resource). */
export interface ResourceRule extends RuleBase {
  readonly scope: "resource";
  readonly appliesTo: readonly string[];
  check(resource: Resource, context: RuleContext): Outcome;
}

/** Checked once per stack: presence of something (a budget, an audit trail). Findings name the stack. */
export interface StackRule extends RuleBase {
  readonly scope: "stack";
  /** The resource types whose presence the rule looks for (shown in RULES.md). */
  readonly appliesTo: readonly string[];
  check(context: RuleContext): Outcome;
}

/**
 * Checked by the engine itself over the configuration's acknowledgements (expired, or matching
 * nothing); it exists in the catalogue so its findings carry rule metadata like any other.
 */
export interface AcknowledgementRule extends RuleBase {
  readonly scope: "acknowledgements";
  readonly appliesTo: readonly string[];
}

export type Rule = ResourceRule | StackRule | AcknowledgementRule;

/** Defines a resource rule; the id is `<CONTROL>-<CLOUD>`. */
export function resourceRule(rule: Omit<ResourceRule, "scope" | "id">): ResourceRule {
  return { ...rule, scope: "resource", id: `${rule.control}-${rule.cloud.toUpperCase()}` };
}

/** Defines a stack rule; the id is `<CONTROL>-<CLOUD>`. */
export function stackRule(rule: Omit<StackRule, "scope" | "id">): StackRule {
  return { ...rule, scope: "stack", id: `${rule.control}-${rule.cloud.toUpperCase()}` };
}

/**
 * Stacks that hold no environment's workload: the state backend and cost allocation (`shared`)
 * and the evidence account, project or subscription (`evidence`), whose storage spend the
 * report's FinOps table shows per environment.
 */
const NON_ENVIRONMENT_TAGS: readonly string[] = ["shared", "evidence"];

/** True when a stack describes an environment (not the state backend, cost allocation or evidence stacks). */
export function isEnvironmentStack(stack: StackModel): boolean {
  // A ci-<cloud>-<env> stack carries its environment's tag but holds only the CI identities:
  // the trail, budget and alerts are the environment stack's.
  return stack.environment !== undefined && !NON_ENVIRONMENT_TAGS.includes(stack.environment) && !stack.name.startsWith("ci-");
}

/** The single value at `path`, UNKNOWN for an expression or an unknown-until-apply value, undefined when absent. */
export function valueOf(resource: Resource, path: string): unknown {
  const values = valuesAt(resource.attributes, path);
  const value = values[0];
  if (isUnknown(value) || isExpression(value)) return UNKNOWN_VALUE;
  return value;
}

/** What valueOf returns for a value synth or plan cannot know. */
export const UNKNOWN_VALUE = Symbol("unknown");

/** Parses an IAM-style JSON policy document held in an attribute; UNKNOWN_VALUE when it is an expression, undefined when absent or not JSON. */
export function policyDocument(resource: Resource, path: string): Json | typeof UNKNOWN_VALUE | undefined {
  const raw = valuesAt(resource.attributes, path)[0];
  if (raw === undefined || raw === null) return undefined;
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (typeof raw === "object") return raw as Json;
  if (typeof raw !== "string") return undefined;
  // Synthesized policies embed references (`${aws_s3_bucket.b.arn}`) inside a literal document.
  if (raw.trimStart().startsWith("${")) return UNKNOWN_VALUE;
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return undefined;
  }
}

/** A policy document's statements as a list (IAM accepts one object or a list). */
export function statementsOf(document: Json): Json[] {
  const s = document["Statement"];
  return (Array.isArray(s) ? s : s ? [s] : []) as Json[];
}

/** A value as a list of strings: IAM accepts a string or a list for Action, Resource and principals. */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
