import { AuditReport } from "./audit-report";
import { CoverageSection } from "./coverage";
import { CLOUD_LABELS, SECTIONS, STATUS_LABELS, VERDICT_LABELS, cellText, usd, yesNo } from "./present";

/**
 * A value from the input, made inert in a Markdown table cell: HTML-significant characters as
 * entities (a `<script>` tag renders as text), Markdown's own characters escaped, one line.
 */
export function mdEscape(value: string | number | null): string {
  if (value === null) return "—";
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*[\]|]/g, "\\$&")
    .replace(/\r?\n/g, " ");
}

function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string[] {
  if (rows.length === 0) return ["_None._", ""];
  return [`| ${header.map(mdEscape).join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(mdEscape).join(" | ")} |`), ""];
}

const title = (id: (typeof SECTIONS)[number][0]): string => SECTIONS.find(([s]) => s === id)![1];

function coverageLines(name: string, section: CoverageSection): string[] {
  const s = section.summary;
  return [
    `### ${name} (${section.control})`,
    "",
    `${s.checked} checked: ${s.pass} pass, ${s.fail} fail, ${s.warn} warn, ${s.unknown} unknown, ${s.acknowledged} acknowledged.`,
    "",
    ...table(
      ["Stack", "Resource", "Rule", "Status", "Detail"],
      section.entries.map((e) => [e.stack, e.address, e.ruleId, STATUS_LABELS[e.status], e.messages.join("; ")]),
    ),
  ];
}

/** report.md: the whole report on one page, every value escaped. */
export function renderMarkdown(report: AuditReport): string {
  const t = report.totals;
  const lines: string[] = [
    `# Audit report`,
    "",
    `Verdict: **${VERDICT_LABELS[report.verdict]}**. ${mdEscape(report.tool.name)} ${mdEscape(report.tool.version)}, ${t.rules} rules (rule-set sha256 \`${report.ruleSetDigest}\`), report schema version ${report.version}.`,
    "",
    `${t.stacks} stacks, ${t.resources} resources, ${t.findings} findings: ${t.errors} open errors, ${t.warnings} open warnings (${t.unknown} unknown until apply), ${t.acknowledged} acknowledged.`,
    "",
    `## ${title("summary")}`,
    "",
    ...table(
      ["Stack", "Cloud", "Environment", "Source", "Resources", "Errors", "Warnings", "Acknowledged", "Verdict"],
      report.stacks.map((s) => [s.name, s.cloud, s.environment, s.source, s.resources, s.errors, s.warnings, s.acknowledged, VERDICT_LABELS[s.verdict]]),
    ),
    `## ${title("matrix")}`,
    "",
    "Each cell: the status and how many checked resources passed (pass, FAIL, warn, unknown, acknowledged, n/a).",
    "",
  ];
  for (const group of report.matrix) {
    lines.push(`### ${CLOUD_LABELS[group.cloud] ?? group.cloud}`, "", ...table(["Control", ...group.stacks], group.rows.map((r) => [`${r.control}: ${r.title}`, ...r.cells.map(cellText)])));
  }
  lines.push(`## ${title("inventory")}`, "");
  for (const group of report.inventory) {
    lines.push(`### ${CLOUD_LABELS[group.cloud] ?? group.cloud}`, "", ...table(["Resource type", ...group.stacks, "Total"], group.rows.map((r) => [r.type, ...group.stacks.map((s) => r.counts[s] ?? 0), r.total])));
  }
  lines.push(`## ${title("coverage")}`, "", ...coverageLines("Customer-managed key encryption", report.coverage.encryption), ...coverageLines("Write-once log storage", report.coverage.writeOnce));
  lines.push(
    `## ${title("iam")}`,
    "",
    "Grants as the stacks write them. Flags: writes models (registry storage), decrypts logs (the logs key), deletes evidence (delete or bypass on log storage); Deny rows are never flagged.",
    "",
    ...table(
      ["Stack", "Source", "Kind", "Effect", "Principal", "Actions / roles", "Resources", "Conditional", "Writes models", "Decrypts logs", "Deletes evidence"],
      report.iam.map((r) => [r.stack, r.source, r.kind, r.effect, r.principals.join(", "), r.actions.join(", "), r.resources.join(", "), yesNo(r.conditional), yesNo(r.writesModels), yesNo(r.decryptsLogs), yesNo(r.deletesEvidence)]),
    ),
  );
  lines.push(
    `## ${title("finops")}`,
    "",
    "Log storage at steady state (bucket full), list prices, storage only (docs/finops.md).",
    "",
    ...table(
      ["Environment", "Cloud", "Tier", "Ingest GB/day", "Estimate USD/month", "Max log cost USD/month", "Budget USD/month"],
      report.finops.map((r) => [r.environment, r.cloud, r.tier, r.ingestGbPerDay, usd(r.steadyStateMonthlyUsd), usd(r.maxMonthlyLogCostUsd), usd(r.budgetMonthlyLimitUsd)]),
    ),
    "### Security tooling",
    "",
    "Detectors, malware scanning, alarms and their log copies, list prices, from the declared volumes; lines no declared volume prices are counted, not summed (`blueprint finops --security` lists every line).",
    "",
    ...table(
      ["Environment", "Cloud", "Estimate USD/month", "Lines not estimated", "Max security cost USD/month"],
      report.finops.map((r) => [r.environment, r.cloud, usd(r.securityToolingMonthlyUsd), r.securityToolingNotEstimated, usd(r.maxMonthlySecurityCostUsd)]),
    ),
    "### Budgets in the stacks",
    "",
    ...table(["Stack", "Budget", "Name", "Amount", "Currency"], report.budgets.map((b) => [b.stack, b.address, b.name, b.amount === null ? "(known after apply)" : usd(b.amount), b.currency])),
  );
  lines.push(
    `## ${title("acknowledgements")}`,
    "",
    ...table(
      ["Rule", "Resource", "Reason", "Owner", "Ticket", "Expires", "Matched", "State"],
      report.acknowledgements.map((a) => [a.rule, a.resource, a.reason, a.owner, a.ticket, a.expires, a.matched, a.state]),
    ),
  );
  lines.push(
    `## ${title("findings")}`,
    "",
    ...table(
      ["Severity", "Status", "Stack", "Resource", "Construct path", "Rule", "Message", "Fix"],
      report.findings.map((f) => [f.severity, f.status === "acknowledged" ? `acknowledged (${f.acknowledgedBy})` : f.unknown ? "open, unknown until apply" : "open", f.stack, f.address, f.constructPath, f.ruleId, f.message, f.fix]),
    ),
  );
  lines.push(`## ${title("rules")}`, "", ...table(["Rule", "Control", "Cloud", "Severity", "Title"], report.rules.map((r) => [r.id, r.control, r.cloud, r.severity, r.title])));
  return `${lines.join("\n").trimEnd()}\n`;
}
