import { Acknowledgement, AcknowledgementMatcher, acknowledgedStack, compileAcknowledgement, globToRegExp } from "./acknowledgements";
import { ControlId } from "./controls";
import { Cloud, Resource, ResourceModel, StackModel, compareText } from "./model";
import { Outcome, Problems, Rule, RuleContext, Severity } from "./rule";
import { ACKNOWLEDGEMENT_RULE, RULES } from "./rules";

/** One problem on one resource (or stack), with everything an auditor and a fixer need. */
export interface Finding {
  readonly ruleId: string;
  readonly control: ControlId;
  readonly severity: Severity;
  readonly stack: string;
  /** Terraform address, or `(stack)` for a stack rule's finding, `(config)` for an acknowledgement's. */
  readonly address: string;
  readonly resourceType?: string;
  readonly constructPath?: string;
  readonly message: string;
  readonly fix: string;
  /** The value is decided at apply: neither compliant nor missing. */
  readonly unknown?: boolean;
  /** The acknowledgement that accepts this finding, if any (never an expired one). */
  readonly acknowledgement?: Acknowledgement;
}

/** How one rule fared on one stack: how many resources it passed, failed and did not apply to. */
export interface RuleTally {
  readonly ruleId: string;
  readonly stack: string;
  compliant: number;
  nonCompliant: number;
  notApplicable: number;
}

export interface AcknowledgementUse {
  readonly acknowledgement: Acknowledgement;
  readonly expired: boolean;
  /** Findings it accepted. */
  readonly matched: number;
  /** Names a stack outside this evaluation (an audit of one plan): neither used nor unused. */
  readonly outOfScope: boolean;
}

export interface Evaluation {
  readonly stacks: readonly StackModel[];
  readonly rules: readonly Rule[];
  /** Every finding, acknowledged or not, sorted by stack, address, rule, message. */
  readonly findings: readonly Finding[];
  readonly tallies: readonly RuleTally[];
  readonly acknowledgements: readonly AcknowledgementUse[];
}

export interface EvaluateOptions {
  readonly acknowledgements?: readonly Acknowledgement[];
  /** Clock for expiry. @default the current time */
  readonly now?: Date;
  /** Rules to run. @default every rule of the catalogue */
  readonly rules?: readonly Rule[];
  /** Called after each stack (a progress line on large inputs). */
  readonly onStack?: (stack: StackModel, index: number, total: number) => void;
}

/** Per-stack lookups built once: resources by type and address, and who references whom. */
class StackIndex implements RuleContext {
  private readonly byType = new Map<string, Resource[]>();
  private readonly byBase = new Map<string, Resource[]>();
  private referrers?: Map<string, Array<{ resource: Resource; path: string }>>;
  constructor(
    readonly stack: StackModel,
    private readonly severity: () => Severity,
  ) {
    for (const r of stack.resources) {
      if (r.mode === "managed") push(this.byType, r.type, r);
      else push(this.byType, `data.${r.type}`, r);
      push(this.byBase, r.baseAddress, r);
    }
  }
  resourcesOf(...types: string[]): readonly Resource[] {
    if (types.length === 1) return this.byType.get(types[0]!) ?? [];
    return types.flatMap((t) => this.byType.get(t) ?? []).sort((a, b) => compareText(a.address, b.address));
  }
  referenced(resource: Resource, path: string): readonly Resource[] {
    const targets = resource.references.get(path) ?? [];
    return targets.flatMap((t) => this.byBase.get(t) ?? []);
  }
  referencing(target: Resource, type: string, path: string): readonly Resource[] {
    if (!this.referrers) {
      this.referrers = new Map();
      for (const r of this.stack.resources) {
        for (const [p, targets] of r.references) for (const t of targets) push(this.referrers, t, { resource: r, path: p });
      }
    }
    return (this.referrers.get(target.baseAddress) ?? []).filter((e) => e.resource.type === type && e.path === path).map((e) => e.resource);
  }
  problems(): Problems {
    return new Problems(this.severity());
  }
  private readonly memos = new Map<string, unknown>();
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function appliesToCloud(rule: Rule, stackCloud: Cloud | undefined): boolean {
  return rule.cloud === "any" || rule.cloud === stackCloud;
}

/**
 * Runs every rule over every stack, applies the acknowledgements, and reports findings and
 * per-rule tallies. Resource rules run once per resource of their types; stack rules once per
 * stack of their cloud. Acknowledgements that expired, or that accept nothing, become findings
 * of ACKNOWLEDGEMENT-VALID-ANY.
 */
export function evaluate(model: ResourceModel, options: EvaluateOptions = {}): Evaluation {
  const now = options.now ?? new Date();
  const rules = options.rules ?? RULES;
  const matchers = (options.acknowledgements ?? []).map((a) => compileAcknowledgement(a, now));
  const used = new Map<AcknowledgementMatcher, number>(matchers.map((m) => [m, 0]));
  const findings: Finding[] = [];
  const tallies: RuleTally[] = [];
  const byType = new Map<string, Rule[]>();
  const everywhere: Rule[] = [];
  for (const rule of rules) {
    if (rule.scope !== "resource") continue;
    for (const t of rule.appliesTo) (t === "*" ? everywhere : (byType.get(t) ?? byType.set(t, []).get(t)!)).push(rule);
  }
  const acknowledge = (ruleId: string, stack: string, address: string): Acknowledgement | undefined => {
    for (const m of matchers) {
      if (m.expired || !m.matches(ruleId, stack, address)) continue;
      used.set(m, used.get(m)! + 1);
      return m.ack;
    }
    return undefined;
  };
  model.stacks.forEach((stack, index) => {
    let severity: Severity = "error";
    const context = new StackIndex(stack, () => severity);
    const tallyOf = new Map<Rule, RuleTally>();
    for (const rule of rules) {
      if (rule.scope === "acknowledgements" || !appliesToCloud(rule, stack.cloud)) continue;
      const tally: RuleTally = { ruleId: rule.id, stack: stack.name, compliant: 0, nonCompliant: 0, notApplicable: 0 };
      tallyOf.set(rule, tally);
      tallies.push(tally);
    }
    const record = (rule: Rule, outcome: Outcome, resource: Resource | undefined): void => {
      const tally = tallyOf.get(rule)!;
      if (outcome.status === "compliant") tally.compliant++;
      else if (outcome.status === "not-applicable") tally.notApplicable++;
      else {
        tally.nonCompliant++;
        const address = resource?.address ?? "(stack)";
        for (const problem of outcome.problems) {
          const acknowledgement = acknowledge(rule.id, stack.name, address);
          findings.push({
            ruleId: rule.id,
            control: rule.control,
            severity: problem.severity,
            stack: stack.name,
            address,
            ...(resource ? { resourceType: resource.type } : {}),
            ...(resource?.constructPath ? { constructPath: resource.constructPath } : {}),
            message: problem.message,
            fix: rule.fix,
            ...(problem.unknown ? { unknown: true } : {}),
            ...(acknowledgement ? { acknowledgement } : {}),
          });
        }
      }
    };
    for (const resource of stack.resources) {
      const key = resource.mode === "managed" ? resource.type : `data.${resource.type}`;
      const candidates = byType.get(key);
      for (const rule of candidates ?? []) run(rule, resource);
      if (resource.mode === "managed") for (const rule of everywhere) run(rule, resource);
    }
    function run(rule: Rule, resource: Resource): void {
      if (rule.scope !== "resource" || !tallyOf.has(rule)) return;
      severity = rule.severity;
      record(rule, rule.check(resource, context), resource);
    }
    for (const rule of rules) {
      if (rule.scope !== "stack" || !tallyOf.has(rule)) continue;
      severity = rule.severity;
      record(rule, rule.check(context), undefined);
    }
    options.onStack?.(stack, index, model.stacks.length);
  });
  const uses: AcknowledgementUse[] = matchers.map((m) => {
    const named = acknowledgedStack(m.ack);
    const stackPattern = named === undefined ? undefined : globToRegExp(named);
    const outOfScope = stackPattern !== undefined && !model.stacks.some((s) => stackPattern.test(s.name));
    return { acknowledgement: m.ack, expired: m.expired, matched: used.get(m)!, outOfScope };
  });
  for (const use of uses) {
    const ack = use.acknowledgement;
    const label = `acknowledgement of ${ack.rule} for ${ack.resource} (${ack.ticket}, owner ${ack.owner})`;
    if (use.expired) findings.push(acknowledgementFinding(`${label} expired on ${ack.expires}: the findings it covered are open again`));
    else if (use.matched === 0 && !use.outOfScope) findings.push(acknowledgementFinding(`${label} matches no finding: remove it, or correct its rule id or resource pattern`));
  }
  findings.sort(compareFindings);
  return { stacks: model.stacks, rules, findings, tallies, acknowledgements: uses };
}

function acknowledgementFinding(message: string): Finding {
  return { ruleId: ACKNOWLEDGEMENT_RULE.id, control: ACKNOWLEDGEMENT_RULE.control, severity: "error", stack: "(config)", address: "(config)", message, fix: ACKNOWLEDGEMENT_RULE.fix };
}

function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.stack, b.stack) || compareText(a.address, b.address) || compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message);
}

/** Findings that fail synth and audit: errors nobody acknowledged. */
export function blockingFindings(evaluation: Evaluation): Finding[] {
  return evaluation.findings.filter((f) => f.severity === "error" && !f.acknowledgement);
}
