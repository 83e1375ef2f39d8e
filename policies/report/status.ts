import { Finding } from "../engine";

/**
 * How a control (matrix cell) or one resource (coverage list) fared, worst first:
 * fail (an open error), warn (an open relaxation), unknown (only values apply decides),
 * acknowledged (every finding accepted), pass (checked and compliant), not-applicable.
 */
export type CheckStatus = "fail" | "warn" | "unknown" | "acknowledged" | "pass" | "not-applicable";

export const CHECK_STATUSES: readonly CheckStatus[] = ["fail", "warn", "unknown", "acknowledged", "pass", "not-applicable"];

/** The status of a set of findings about something that was checked `compliant` times without a problem. */
export function statusOf(findings: readonly Finding[], compliant: number): CheckStatus {
  const open = findings.filter((f) => !f.acknowledgement);
  if (open.some((f) => f.severity === "error")) return "fail";
  if (open.some((f) => f.severity === "warning" && !f.unknown)) return "warn";
  if (open.length > 0) return "unknown";
  if (findings.length > 0) return "acknowledged";
  return compliant > 0 ? "pass" : "not-applicable";
}

/** Findings nobody acknowledged, by severity; `unknown` counts the open warnings about values apply decides. */
export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly unknown: number;
  readonly acknowledged: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const open = findings.filter((f) => !f.acknowledgement);
  return {
    errors: open.filter((f) => f.severity === "error").length,
    warnings: open.filter((f) => f.severity === "warning").length,
    unknown: open.filter((f) => f.unknown === true).length,
    acknowledged: findings.length - open.length,
  };
}

/** fail: an open error; warn: open warnings only; pass: nothing open. */
export type Verdict = "fail" | "warn" | "pass";

export function verdictOf(counts: FindingCounts): Verdict {
  if (counts.errors > 0) return "fail";
  return counts.warnings > 0 ? "warn" : "pass";
}

export { compareText } from "../model";
