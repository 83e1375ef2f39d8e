import { ControlId } from "../controls";
import { evaluate, Evaluation } from "../engine";
import { Outcome, ResourceRule, Rule } from "../rule";
import { CheckStatus, compareText, statusOf } from "./status";

/** One resource a coverage control checked (not-applicable results are left out). */
export interface CoverageEntry {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly ruleId: string;
  readonly status: CheckStatus;
  /** The findings' messages, empty when it passed. */
  readonly messages: string[];
}

export interface CoverageSummary {
  readonly checked: number;
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
  readonly unknown: number;
  readonly acknowledged: number;
}

export interface CoverageSection {
  readonly control: ControlId;
  readonly summary: CoverageSummary;
  readonly entries: CoverageEntry[];
}

export interface Coverage {
  /** CMK-ENCRYPTION: storage, queues, keys and the rest of that control's resource types. */
  readonly encryption: CoverageSection;
  /** WRITE-ONCE: log stores. */
  readonly writeOnce: CoverageSection;
}

/**
 * Which resources a control's rules found compliant or not. The Evaluation keeps findings and
 * per-stack tallies only, so the control's rules are run again over the same stacks through the
 * engine (same context, same order), recording each resource's outcome; findings (and their
 * acknowledgements) still come from the Evaluation.
 */
function section(evaluation: Evaluation, control: ControlId): CoverageSection {
  const outcomes: Array<{ stack: string; address: string; type: string; ruleId: string; outcome: Outcome }> = [];
  const recording = evaluation.rules
    .filter((r): r is ResourceRule => r.control === control && r.scope === "resource")
    .map(
      (rule): Rule => ({
        ...rule,
        check(resource, context) {
          const outcome = rule.check(resource, context);
          outcomes.push({ stack: resource.stack, address: resource.address, type: resource.type, ruleId: rule.id, outcome });
          return outcome;
        },
      }),
    );
  if (recording.length > 0) evaluate({ stacks: evaluation.stacks }, { rules: recording, now: new Date(0) });
  const entries = outcomes
    .filter((o) => o.outcome.status !== "not-applicable")
    .map((o): CoverageEntry => {
      const findings = evaluation.findings.filter((f) => f.ruleId === o.ruleId && f.stack === o.stack && f.address === o.address);
      return { stack: o.stack, address: o.address, type: o.type, ruleId: o.ruleId, status: statusOf(findings, o.outcome.status === "compliant" ? 1 : 0), messages: findings.map((f) => f.message) };
    })
    .sort((a, b) => compareText(a.stack, b.stack) || compareText(a.address, b.address) || compareText(a.ruleId, b.ruleId));
  const count = (status: CheckStatus): number => entries.filter((e) => e.status === status).length;
  return {
    control,
    summary: { checked: entries.length, pass: count("pass"), fail: count("fail"), warn: count("warn"), unknown: count("unknown"), acknowledged: count("acknowledged") },
    entries,
  };
}

export function buildCoverage(evaluation: Evaluation): Coverage {
  return { encryption: section(evaluation, "CMK-ENCRYPTION"), writeOnce: section(evaluation, "WRITE-ONCE") };
}
