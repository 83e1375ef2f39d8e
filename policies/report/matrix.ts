import { CONTROL_IDS, CONTROLS, ControlId } from "../controls";
import { Evaluation, Finding } from "../engine";
import { Cloud, CLOUDS, StackModel } from "../model";
import { CheckStatus, statusOf } from "./status";

/** Stacks grouped by cloud (aws, gcp, azure, then stacks with none of the three as `other`). */
export type CloudGroup = Cloud | "other";

export function cloudGroups(stacks: readonly StackModel[]): Array<{ cloud: CloudGroup; stacks: StackModel[] }> {
  const groups: Array<{ cloud: CloudGroup; stacks: StackModel[] }> = [];
  for (const cloud of [...CLOUDS, "other"] as const) {
    const members = stacks.filter((s) => (s.cloud ?? "other") === cloud);
    if (members.length > 0) groups.push({ cloud, stacks: members });
  }
  return groups;
}

export interface MatrixCell {
  readonly stack: string;
  readonly status: CheckStatus;
  /** Summed over the control's rules on the stack: resources (or stacks) checked compliant, non-compliant, not applicable. */
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly notApplicable: number;
  /** Findings of the control's rules on the stack, acknowledged ones included. */
  readonly findings: number;
}

export interface MatrixRow {
  readonly control: ControlId;
  readonly title: string;
  /** Rules of the control that ran on this cloud's stacks. */
  readonly rules: string[];
  readonly cells: MatrixCell[];
}

export interface MatrixGroup {
  readonly cloud: CloudGroup;
  readonly stacks: string[];
  readonly rows: MatrixRow[];
}

/**
 * The control × stack matrix, per cloud: a row for every control with a rule that ran on one of
 * the cloud's stacks, its cell read from the engine's tallies and the findings of those rules.
 */
export function buildMatrix(evaluation: Evaluation): MatrixGroup[] {
  const controlOf = new Map(evaluation.rules.map((r) => [r.id, r.control] as const));
  const findingsBy = new Map<string, Finding[]>();
  for (const f of evaluation.findings) {
    const key = `${f.stack}\u0000${f.control}`;
    (findingsBy.get(key) ?? findingsBy.set(key, []).get(key)!).push(f);
  }
  return cloudGroups(evaluation.stacks).map(({ cloud, stacks }) => {
    const names = new Set(stacks.map((s) => s.name));
    const tallies = evaluation.tallies.filter((t) => names.has(t.stack));
    const rows: MatrixRow[] = [];
    for (const control of CONTROL_IDS) {
      const mine = tallies.filter((t) => controlOf.get(t.ruleId) === control);
      if (mine.length === 0) continue;
      const rules = [...new Set(mine.map((t) => t.ruleId))].sort();
      const cells = stacks.map((stack): MatrixCell => {
        const ofStack = mine.filter((t) => t.stack === stack.name);
        const sum = (pick: (t: (typeof ofStack)[number]) => number): number => ofStack.reduce((n, t) => n + pick(t), 0);
        const findings = findingsBy.get(`${stack.name}\u0000${control}`) ?? [];
        const compliant = sum((t) => t.compliant);
        return { stack: stack.name, status: statusOf(findings, compliant), compliant, nonCompliant: sum((t) => t.nonCompliant), notApplicable: sum((t) => t.notApplicable), findings: findings.length };
      });
      rows.push({ control, title: CONTROLS[control], rules, cells });
    }
    return { cloud, stacks: stacks.map((s) => s.name), rows };
  });
}
