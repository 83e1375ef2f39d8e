import { MatrixCell } from "./matrix";
import { CheckStatus, Verdict } from "./status";

/** Words both page formats use, so report.md and report.html read the same. */
export const STATUS_LABELS: Readonly<Record<CheckStatus, string>> = {
  fail: "FAIL",
  warn: "warn",
  unknown: "unknown",
  acknowledged: "acknowledged",
  pass: "pass",
  "not-applicable": "n/a",
};

export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = { fail: "FAIL: unacknowledged errors", warn: "pass with warnings", pass: "pass" };

export const CLOUD_LABELS: Readonly<Record<string, string>> = { aws: "AWS", gcp: "Google Cloud", azure: "Azure", other: "Other stacks" };

/** A matrix cell's text: the status, and how many resources passed of those checked. */
export function cellText(cell: MatrixCell): string {
  const checked = cell.compliant + cell.nonCompliant;
  return checked === 0 ? STATUS_LABELS[cell.status] : `${STATUS_LABELS[cell.status]} ${cell.compliant}/${checked}`;
}

/** USD with two decimals and comma thousands, locale-independent. */
export function usd(value: number | null): string {
  if (value === null) return "—";
  const [whole = "0", fraction = "00"] = Math.abs(value).toFixed(2).split(".");
  return `${value < 0 ? "-" : ""}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction}`;
}

export function yesNo(value: boolean): string {
  return value ? "yes" : "";
}

/** The section headings, in page order (the HTML's ids come from the same list). */
export const SECTIONS = [
  ["summary", "Summary"],
  ["matrix", "Controls by stack"],
  ["inventory", "Inventory"],
  ["coverage", "Encryption and immutability coverage"],
  ["iam", "Who can do what"],
  ["finops", "FinOps"],
  ["acknowledgements", "Acknowledgements"],
  ["findings", "Findings"],
  ["rules", "Rules"],
] as const;
