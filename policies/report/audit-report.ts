import { createHash } from "node:crypto";
import { Acknowledgement } from "../acknowledgements";
import { ControlId } from "../controls";
import { Evaluation, Finding } from "../engine";
import { Cloud, StackModel } from "../model";
import { Rule, Severity } from "../rule";
import { buildCoverage, Coverage } from "./coverage";
import { BudgetRow, budgetsIn, FinopsRow } from "./finops";
import { buildIamTable, IamRow } from "./iam";
import { REPORT_VERSION, TOOL_NAME } from "./identity";
import { buildInventory, InventoryGroup } from "./inventory";
import { buildMatrix, MatrixGroup } from "./matrix";
import { compareText, countFindings, FindingCounts, Verdict, verdictOf } from "./status";

/**
 * The one report model every format renders (report.md, report.html, report.json): built from
 * the Evaluation's stacks, rules, tallies and findings only, in a fixed key and row order, so the
 * same inputs give byte-identical files. docs/report-schema.json is its JSON Schema.
 */
export interface StackSummary extends FindingCounts {
  readonly name: string;
  readonly cloud: Cloud | null;
  readonly environment: string | null;
  readonly source: "synth" | "plan";
  readonly file: string;
  /** Managed resources (data sources are not counted). */
  readonly resources: number;
  readonly verdict: Verdict;
}

/** An acknowledgement as the report lists it: the configuration's fields, and how it fared. */
export interface AcknowledgementRow extends Acknowledgement {
  /** Findings it accepted. */
  readonly matched: number;
  /** active: in force and used; expired; unused: matches nothing; out-of-scope: names a stack this audit did not read. */
  readonly state: "active" | "expired" | "unused" | "out-of-scope";
}

export interface FindingRow {
  readonly severity: Severity;
  readonly status: "open" | "acknowledged";
  readonly stack: string;
  readonly address: string;
  readonly resourceType: string | null;
  readonly constructPath: string | null;
  readonly ruleId: string;
  readonly control: ControlId;
  readonly message: string;
  readonly fix: string;
  /** The value is decided at apply. */
  readonly unknown: boolean;
  /** Ticket of the acknowledgement that accepts it. */
  readonly acknowledgedBy: string | null;
}

export interface RuleRow {
  readonly id: string;
  readonly control: ControlId;
  readonly cloud: Cloud | "any";
  readonly title: string;
  readonly severity: Severity;
}

export interface AuditReport {
  readonly version: typeof REPORT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  /** sha256 of the rule set (ruleSetDigest). */
  readonly ruleSetDigest: string;
  readonly verdict: Verdict;
  readonly totals: FindingCounts & { readonly stacks: number; readonly resources: number; readonly findings: number; readonly blocking: number; readonly rules: number };
  readonly stacks: StackSummary[];
  readonly matrix: MatrixGroup[];
  readonly inventory: InventoryGroup[];
  readonly coverage: Coverage;
  readonly iam: IamRow[];
  readonly finops: FinopsRow[];
  readonly budgets: BudgetRow[];
  readonly acknowledgements: AcknowledgementRow[];
  readonly findings: FindingRow[];
  readonly rules: RuleRow[];
}

/**
 * sha256 (hex) over the rule set: the rules sorted by id, each as
 * `{"id","title","severity","mappings":{"checkov":[...],"cis":[...],"nist80053":[...]}}` (absent
 * lists as []), serialised as one JSON array. A rule added, removed, retitled, re-graded or
 * re-mapped changes it; rationale, fix and check code do not (docs/audit-report.md).
 */
export function ruleSetDigest(rules: readonly Rule[]): string {
  const canonical = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => ({ id: r.id, title: r.title, severity: r.severity, mappings: { checkov: [...(r.mappings.checkov ?? [])], cis: [...(r.mappings.cis ?? [])], nist80053: [...r.mappings.nist80053] } }));
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

function summarise(stack: StackModel, findings: readonly Finding[]): StackSummary {
  const counts = countFindings(findings.filter((f) => f.stack === stack.name));
  return {
    name: stack.name,
    cloud: stack.cloud ?? null,
    environment: stack.environment ?? null,
    source: stack.source,
    file: stack.file,
    resources: stack.resources.filter((r) => r.mode === "managed").length,
    ...counts,
    verdict: verdictOf(counts),
  };
}

function findingRow(f: Finding): FindingRow {
  return {
    severity: f.severity,
    status: f.acknowledgement ? "acknowledged" : "open",
    stack: f.stack,
    address: f.address,
    resourceType: f.resourceType ?? null,
    constructPath: f.constructPath ?? null,
    ruleId: f.ruleId,
    control: f.control,
    message: f.message,
    fix: f.fix,
    unknown: f.unknown === true,
    acknowledgedBy: f.acknowledgement?.ticket ?? null,
  };
}

function acknowledgementRows(evaluation: Evaluation): AcknowledgementRow[] {
  return evaluation.acknowledgements.map((use) => {
    const a = use.acknowledgement;
    const state: AcknowledgementRow["state"] = use.expired ? "expired" : use.matched > 0 ? "active" : use.outOfScope ? "out-of-scope" : "unused";
    return { rule: a.rule, resource: a.resource, reason: a.reason, owner: a.owner, ticket: a.ticket, expires: a.expires, matched: use.matched, state };
  });
}

export interface ReportOptions {
  readonly toolVersion: string;
  readonly finops: readonly FinopsRow[];
}

export function buildAuditReport(evaluation: Evaluation, options: ReportOptions): AuditReport {
  const counts = countFindings(evaluation.findings);
  return {
    version: REPORT_VERSION,
    tool: { name: TOOL_NAME, version: options.toolVersion },
    ruleSetDigest: ruleSetDigest(evaluation.rules),
    verdict: verdictOf(counts),
    totals: {
      stacks: evaluation.stacks.length,
      resources: evaluation.stacks.reduce((n, s) => n + s.resources.filter((r) => r.mode === "managed").length, 0),
      rules: evaluation.rules.length,
      findings: evaluation.findings.length,
      ...counts,
      blocking: counts.errors,
    },
    stacks: evaluation.stacks.map((s) => summarise(s, evaluation.findings)),
    matrix: buildMatrix(evaluation),
    inventory: buildInventory(evaluation.stacks),
    coverage: buildCoverage(evaluation),
    iam: buildIamTable(evaluation.stacks),
    finops: options.finops.map((r) => ({ environment: r.environment, cloud: r.cloud, tier: r.tier, ingestGbPerDay: r.ingestGbPerDay, steadyStateMonthlyUsd: r.steadyStateMonthlyUsd, maxMonthlyLogCostUsd: r.maxMonthlyLogCostUsd, budgetMonthlyLimitUsd: r.budgetMonthlyLimitUsd, securityToolingMonthlyUsd: r.securityToolingMonthlyUsd, securityToolingNotEstimated: r.securityToolingNotEstimated, maxMonthlySecurityCostUsd: r.maxMonthlySecurityCostUsd })),
    budgets: budgetsIn(evaluation.stacks),
    acknowledgements: acknowledgementRows(evaluation),
    findings: evaluation.findings.map(findingRow),
    rules: [...evaluation.rules].sort((a, b) => compareText(a.id, b.id)).map((r) => ({ id: r.id, control: r.control, cloud: r.cloud, title: r.title, severity: r.severity })),
  };
}
