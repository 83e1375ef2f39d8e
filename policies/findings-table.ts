import { Evaluation, Finding, blockingFindings } from "./engine";

/**
 * The findings as the terminal shows them after synth and audit: one aligned row per finding
 * (severity, stack, resource, rule, message) with its fix on the next line, errors first.
 * Acknowledged findings are counted, not listed: the report lists them with owner and ticket.
 */
export function findingsTable(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const rows = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  const header = ["SEVERITY", "STACK", "RESOURCE", "RULE"];
  const cells = rows.map((f) => [f.severity, f.stack, f.address, f.ruleId]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const pad = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join("  ");
  const indent = " ".repeat(widths.reduce((a, b) => a + b + 2, 0));
  const lines = [`${pad(header)}  MESSAGE`];
  rows.forEach((f, i) => {
    lines.push(`${pad(cells[i]!)}  ${f.message}`);
    lines.push(`${indent}fix: ${f.fix}`);
  });
  return lines;
}

/** The one-line summary: `policy: 0 errors, 4 warnings, 5 acknowledged over 10 stacks (85 rules)`. */
export function findingsSummary(evaluation: Evaluation): string {
  const open = evaluation.findings.filter((f) => !f.acknowledgement);
  const errors = blockingFindings(evaluation).length;
  const warnings = open.filter((f) => f.severity === "warning").length;
  const acknowledged = evaluation.findings.length - open.length;
  const s = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `policy: ${s(errors, "error")}, ${s(warnings, "warning")}, ${acknowledged} acknowledged over ${s(evaluation.stacks.length, "stack")} (${s(evaluation.rules.length, "rule")})`;
}

/** What synth and audit print: the summary, then every open finding. */
export function findingsReport(evaluation: Evaluation): string[] {
  return [findingsSummary(evaluation), ...findingsTable(evaluation.findings.filter((f) => !f.acknowledgement))];
}
