import { AuditReport } from "./audit-report";
import { CoverageSection } from "./coverage";
import { CLOUD_LABELS, SECTIONS, STATUS_LABELS, VERDICT_LABELS, cellText, usd } from "./present";

/** A value from the input as HTML text: `<script>` in a tag value renders as the characters, never as an element. */
export function htmlEscape(value: string | number | null): string {
  if (value === null) return "—";
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A cell: escaped text, or pre-built markup (`{ html }`) for the few cells the renderer composes itself. */
type Cell = string | number | null | { readonly html: string; readonly attrs?: string };

function td(cell: Cell): string {
  if (cell !== null && typeof cell === "object") return `<td${cell.attrs ?? ""}>${cell.html}</td>`;
  return `<td>${htmlEscape(cell)}</td>`;
}

function table(header: readonly string[], rows: ReadonlyArray<{ cells: readonly Cell[]; attrs?: string }>, attrs = ""): string {
  if (rows.length === 0) return `<p class="none">None.</p>`;
  const head = `<thead><tr>${header.map((h) => `<th scope="col">${htmlEscape(h)}</th>`).join("")}</tr></thead>`;
  const body = rows.map((r) => `<tr${r.attrs ?? ""}>${r.cells.map(td).join("")}</tr>`).join("\n");
  return `<table${attrs}>${head}<tbody>\n${body}\n</tbody></table>`;
}

const flag = (on: boolean): Cell => (on ? { html: "yes", attrs: ' class="flag"' } : "");

function status(statusName: keyof typeof STATUS_LABELS, text: string = STATUS_LABELS[statusName]): Cell {
  return { html: htmlEscape(text), attrs: ` class="st ${statusName}" data-status="${statusName}"` };
}

// Light colours only, so nothing prints as a dark block; inline, so the page needs nothing from the network.
const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1f24; background: #fff; margin: 0 auto; padding: 24px; max-width: 1400px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; margin-top: 32px; } h3 { font-size: 15px; margin: 20px 0 6px; }
header p { margin: 4px 0; } code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; overflow-wrap: anywhere; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; margin: 12px 0; } nav a { color: #0550ae; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; border: 1px solid; }
.verdict.fail { background: #ffebe9; color: #82071e; } .verdict.warn { background: #fff8c5; color: #7d4e00; } .verdict.pass { background: #dafbe1; color: #116329; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: #f6f8fa; position: sticky; top: 0; }
td.num, th.num { text-align: right; }
td.st { white-space: nowrap; font-weight: 600; text-align: center; }
.st.fail { background: #ffebe9; color: #82071e; } .st.warn { background: #fff8c5; color: #7d4e00; } .st.unknown { background: #eaeef2; color: #424a53; }
.st.acknowledged { background: #ddf4ff; color: #0a3069; } .st.pass { background: #dafbe1; color: #116329; } .st.not-applicable { color: #6e7781; font-weight: 400; }
td.flag { color: #82071e; font-weight: 600; }
.none { color: #6e7781; font-style: italic; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { padding: 0; max-width: none; font-size: 10px; background: #fff; color: #000; }
  nav { display: none; }
  section { break-before: page; } section:first-of-type { break-before: auto; }
  table { font-size: 9px; } thead { display: table-header-group; } tr { break-inside: avoid; }
  thead th { position: static; background: #fff; }
  .scroll { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: #000; text-decoration: none; }
}
`;

function coverage(name: string, section: CoverageSection): string {
  const s = section.summary;
  return `<h3>${htmlEscape(name)} <code>${htmlEscape(section.control)}</code></h3>
<p>${s.checked} checked: ${s.pass} pass, ${s.fail} fail, ${s.warn} warn, ${s.unknown} unknown, ${s.acknowledged} acknowledged.</p>
<div class="scroll">${table(
    ["Stack", "Resource", "Rule", "Status", "Detail"],
    section.entries.map((e) => ({ cells: [e.stack, { html: `<code>${htmlEscape(e.address)}</code>` }, e.ruleId, status(e.status), e.messages.join("; ")] })),
    ` class="coverage" data-control="${htmlEscape(section.control)}"`,
  )}</div>`;
}

const code = (text: string | null): Cell => (text === null ? null : { html: `<code>${htmlEscape(text)}</code>` });
const num = (n: number): Cell => ({ html: htmlEscape(n), attrs: ' class="num"' });

/**
 * report.html: one self-contained page (inline CSS, no script, no external asset; a CSP meta
 * refuses anything else), readable on screen and printed (a page per section, light colours).
 */
export function renderHtml(report: AuditReport): string {
  const t = report.totals;
  const sections: Record<(typeof SECTIONS)[number][0], string> = {
    summary: `<div class="scroll">${table(
      ["Stack", "Cloud", "Environment", "Source", "Resources", "Errors", "Warnings", "Acknowledged", "Verdict"],
      report.stacks.map((s) => ({ cells: [s.name, s.cloud, s.environment, s.source, num(s.resources), num(s.errors), num(s.warnings), num(s.acknowledged), status(s.verdict === "warn" ? "warn" : s.verdict, VERDICT_LABELS[s.verdict])] })),
      ' id="summary-table"',
    )}</div>`,
    matrix:
      `<p>Each cell: the status and how many checked resources passed. pass, FAIL (open error), warn (open relaxation), unknown (decided at apply), acknowledged, n/a (nothing to check).</p>` +
      report.matrix
        .map(
          (g) => `<h3>${htmlEscape(CLOUD_LABELS[g.cloud] ?? g.cloud)}</h3>
<div class="scroll">${table(
            ["Control", ...g.stacks],
            g.rows.map((r) => ({ attrs: ` data-control="${htmlEscape(r.control)}"`, cells: [{ html: `<code>${htmlEscape(r.control)}</code><br>${htmlEscape(r.title)}` }, ...r.cells.map((c) => status(c.status, cellText(c)))] })),
            ` class="matrix" id="matrix-${htmlEscape(g.cloud)}" data-cloud="${htmlEscape(g.cloud)}"`,
          )}</div>`,
        )
        .join("\n"),
    inventory: report.inventory
      .map(
        (g) => `<h3>${htmlEscape(CLOUD_LABELS[g.cloud] ?? g.cloud)}</h3>
<div class="scroll">${table(["Resource type", ...g.stacks, "Total"], g.rows.map((r) => ({ cells: [code(r.type), ...g.stacks.map((s) => num(r.counts[s] ?? 0)), num(r.total)] })), ' class="inventory"')}</div>`,
      )
      .join("\n"),
    coverage: coverage("Customer-managed key encryption", report.coverage.encryption) + coverage("Write-once log storage", report.coverage.writeOnce),
    iam: `<p>Grants as the stacks write them. Flags: writes models (registry storage), decrypts logs (the logs key), deletes evidence (delete or bypass on log storage); Deny rows are never flagged; conditions are shown, not evaluated.</p>
<div class="scroll">${table(
      ["Stack", "Source", "Kind", "Effect", "Principal", "Actions / roles", "Resources", "Conditional", "Writes models", "Decrypts logs", "Deletes evidence"],
      report.iam.map((r) => ({
        cells: [r.stack, code(r.source), r.kind, r.effect, { html: r.principals.map((p) => `<code>${htmlEscape(p)}</code>`).join("<br>") }, { html: r.actions.map((a) => `<code>${htmlEscape(a)}</code>`).join("<br>") }, { html: r.resources.map((a) => `<code>${htmlEscape(a)}</code>`).join("<br>") }, r.conditional ? "yes" : "", flag(r.writesModels), flag(r.decryptsLogs), flag(r.deletesEvidence)],
      })),
      ' id="iam-table"',
    )}</div>`,
    finops: `<p>Log storage at steady state (bucket full), list prices, storage only (docs/finops.md).</p>
<div class="scroll">${table(
      ["Environment", "Cloud", "Tier", "Ingest GB/day", "Estimate USD/month", "Max log cost USD/month", "Budget USD/month"],
      report.finops.map((r) => ({ cells: [r.environment, r.cloud, r.tier, num(r.ingestGbPerDay), { html: usd(r.steadyStateMonthlyUsd), attrs: ' class="num"' }, { html: usd(r.maxMonthlyLogCostUsd), attrs: ' class="num"' }, { html: usd(r.budgetMonthlyLimitUsd), attrs: ' class="num"' }] })),
      ' id="finops-table"',
    )}</div>
<h3>Security tooling</h3>
<p>Detectors, malware scanning, alarms and their log copies, list prices, from the declared volumes; lines no declared volume prices are counted, not summed (<code>blueprint finops --security</code> lists every line).</p>
<div class="scroll">${table(
      ["Environment", "Cloud", "Estimate USD/month", "Lines not estimated", "Max security cost USD/month"],
      report.finops.map((r) => ({ cells: [r.environment, r.cloud, { html: usd(r.securityToolingMonthlyUsd), attrs: ' class="num"' }, num(r.securityToolingNotEstimated), { html: usd(r.maxMonthlySecurityCostUsd), attrs: ' class="num"' }] })),
      ' id="security-tooling-table"',
    )}</div>
<h3>Budgets in the stacks</h3>
<div class="scroll">${table(["Stack", "Budget", "Name", "Amount", "Currency"], report.budgets.map((b) => ({ cells: [b.stack, code(b.address), b.name, { html: b.amount === null ? "(known after apply)" : usd(b.amount), attrs: ' class="num"' }, b.currency] })), ' id="budgets-table"')}</div>`,
    acknowledgements: `<div class="scroll">${table(
      ["Rule", "Resource", "Reason", "Owner", "Ticket", "Expires", "Matched", "State"],
      report.acknowledgements.map((a) => ({ cells: [a.rule, code(a.resource), a.reason, a.owner, a.ticket, a.expires, num(a.matched), status(a.state === "active" ? "acknowledged" : a.state === "out-of-scope" ? "not-applicable" : "fail", a.state)] })),
      ' id="acknowledgements-table"',
    )}</div>`,
    findings: `<div class="scroll">${table(
      ["Severity", "Status", "Stack", "Resource", "Construct path", "Rule", "Message", "Fix"],
      report.findings.map((f) => ({
        cells: [
          status(f.status === "acknowledged" ? "acknowledged" : f.severity === "error" ? "fail" : f.unknown ? "unknown" : "warn", f.severity),
          f.status === "acknowledged" ? `acknowledged (${f.acknowledgedBy ?? ""})` : f.unknown ? "open, unknown until apply" : "open",
          f.stack,
          code(f.address),
          code(f.constructPath),
          f.ruleId,
          f.message,
          f.fix,
        ],
      })),
      ' id="findings-table"',
    )}</div>`,
    rules: `<div class="scroll">${table(["Rule", "Control", "Cloud", "Severity", "Title"], report.rules.map((r) => ({ cells: [code(r.id), r.control, r.cloud, r.severity, r.title] })), ' id="rules-table"')}</div>`,
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Audit report: ${htmlEscape(report.tool.name)} ${htmlEscape(report.tool.version)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Audit report</h1>
<p><span class="verdict ${report.verdict}" id="verdict">${htmlEscape(VERDICT_LABELS[report.verdict])}</span></p>
<p>${htmlEscape(report.tool.name)} ${htmlEscape(report.tool.version)}; ${t.rules} rules, rule-set sha256 <code>${htmlEscape(report.ruleSetDigest)}</code>; report schema version ${htmlEscape(report.version)}.</p>
<p>${t.stacks} stacks, ${t.resources} resources, ${t.findings} findings: ${t.errors} open errors, ${t.warnings} open warnings (${t.unknown} unknown until apply), ${t.acknowledged} acknowledged.</p>
<nav><ol>${SECTIONS.map(([id, name]) => `<li><a href="#${id}">${htmlEscape(name)}</a></li>`).join("")}</ol></nav>
</header>
<main>
${SECTIONS.map(([id, name]) => `<section id="${id}">\n<h2>${htmlEscape(name)}</h2>\n${sections[id]}\n</section>`).join("\n")}
</main>
</body>
</html>
`;
}
