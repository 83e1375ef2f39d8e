import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { blockingFindings, Evaluation } from "../engine";
import { ruleSetDigest } from "./audit-report";
import { EVIDENCE_PREDICATE_TYPE, IN_TOTO_STATEMENT_TYPE, TOOL_NAME } from "./identity";
import { compareText } from "./status";

export interface EvidenceSubject {
  readonly name: string;
  readonly path: string;
}

export function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

export function sha256Text(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * evidence.json: an in-toto Statement v1 whose subjects are the files the audit read (stack
 * files or plans, the configuration, the lockfile) with their sha256, and whose predicate
 * (EVIDENCE_PREDICATE_TYPE) records the tool, the rule-set digest, the findings summary, the
 * acknowledgements and the digests of the report files written beside it. No timestamp: the
 * same inputs give the same bytes, so a statement can be re-derived and compared.
 */
export function buildEvidence(evaluation: Evaluation, toolVersion: string, subjects: readonly EvidenceSubject[], reports: ReadonlyArray<{ name: string; text: string }>): Record<string, unknown> {
  const open = evaluation.findings.filter((f) => !f.acknowledgement);
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [...subjects].sort((a, b) => compareText(a.name, b.name)).map((s) => ({ name: s.name, digest: { sha256: sha256File(s.path) } })),
    predicateType: EVIDENCE_PREDICATE_TYPE,
    predicate: {
      tool: { name: TOOL_NAME, version: toolVersion },
      ruleSet: { digest: { sha256: ruleSetDigest(evaluation.rules) }, rules: evaluation.rules.length },
      stacks: evaluation.stacks.map((s) => ({ name: s.name, source: s.source, file: s.file })),
      findings: {
        total: evaluation.findings.length,
        error: open.filter((f) => f.severity === "error").length,
        warning: open.filter((f) => f.severity === "warning").length,
        acknowledged: evaluation.findings.length - open.length,
        blocking: blockingFindings(evaluation).length,
      },
      acknowledgements: evaluation.acknowledgements.map((u) => ({
        rule: u.acknowledgement.rule,
        resource: u.acknowledgement.resource,
        reason: u.acknowledgement.reason,
        owner: u.acknowledgement.owner,
        ticket: u.acknowledgement.ticket,
        expires: u.acknowledgement.expires,
        matched: u.matched,
        expired: u.expired,
      })),
      reports: [...reports].sort((a, b) => compareText(a.name, b.name)).map((r) => ({ name: r.name, digest: { sha256: sha256Text(r.text) } })),
    },
  };
}
