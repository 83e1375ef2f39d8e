import * as fs from "node:fs";
import * as path from "node:path";
import { Evaluation } from "../engine";
import { buildAuditReport } from "./audit-report";
import { buildResourceModelJson } from "./conftest";
import { buildEvidence } from "./evidence";
import { FinopsRow } from "./finops";
import { renderHtml } from "./html";
import { stableJson } from "./json";
import { renderMarkdown } from "./markdown";
import { buildSarif } from "./sarif";

/** A file the evidence digests: `name` as the statement records it, `path` where to read it. */
export interface AuditSubject {
  readonly name: string;
  readonly path: string;
}

export interface AuditInputs {
  /** From policies/engine.ts evaluate(). */
  readonly evaluation: Evaluation;
  /** package.json version. */
  readonly toolVersion: string;
  /** Every stack file (or plan), the config file, package-lock.json. */
  readonly subjects: readonly AuditSubject[];
  /** From finopsRows(config); [] when auditing plans without config. */
  readonly finops: readonly FinopsRow[];
  /** --format conftest: also write resource-model.json. */
  readonly conftest?: boolean;
}

/** The files of the pack, rendered in memory: name → text. */
export function renderAuditReports(inputs: AuditInputs): Array<{ name: string; text: string }> {
  const { evaluation, toolVersion, subjects } = inputs;
  const report = buildAuditReport(evaluation, { toolVersion, finops: inputs.finops });
  const files = [
    { name: "report.md", text: renderMarkdown(report) },
    { name: "report.html", text: renderHtml(report) },
    { name: "report.json", text: stableJson(report) },
    { name: "report.sarif", text: stableJson(buildSarif(evaluation, toolVersion, subjects)) },
    ...(inputs.conftest ? [{ name: "resource-model.json", text: stableJson(buildResourceModelJson(evaluation.stacks)) }] : []),
  ];
  files.push({ name: "evidence.json", text: stableJson(buildEvidence(evaluation, toolVersion, subjects, files)) });
  return files.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Writes report.md, report.html, report.json, report.sarif, evidence.json (and resource-model.json) into outDir; returns the file names written, sorted. */
export function writeAuditReports(outDir: string, inputs: AuditInputs): string[] {
  const files = renderAuditReports(inputs);
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(outDir, f.name), f.text);
  return files.map((f) => f.name);
}
