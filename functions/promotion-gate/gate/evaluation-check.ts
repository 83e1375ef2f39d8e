import { createHash } from "node:crypto";
import { EVALUATION_REPORT_MAX_BYTES } from "../../../constructs/shared/limits/gate";
import { OmsStatement } from "../oms/statement";
import { EvaluationRequirement } from "./policy";
import { readAtMost } from "./read-small";
import { checked, reason, skipped } from "./reasons";
import { GateCheck, GateReason, VersionReader } from "./types";

/**
 * The evaluation report's format (README, "Evaluation report"): a JSON object with `metrics`, a
 * map of metric name to number, and `tests`, a map of test name to `"passed"` or `"failed"`.
 * Other top-level fields (model card, dataset notes) are allowed and ignored.
 */
export interface EvaluationReport {
  readonly metrics: Readonly<Record<string, number>>;
  readonly tests: Readonly<Record<string, "passed" | "failed">>;
}

/** Parses and checks the report's shape; returns a problem instead of throwing. */
export function parseEvaluationReport(bytes: Buffer): EvaluationReport | string {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return "the report is not UTF-8 JSON";
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return "the report is not a JSON object";
  const { metrics = {}, tests = {} } = doc as { metrics?: unknown; tests?: unknown };
  if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) return "metrics is not an object of numbers";
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v !== "number" || !Number.isFinite(v)) return `metric ${JSON.stringify(k)} is not a finite number`;
  }
  if (typeof tests !== "object" || tests === null || Array.isArray(tests)) return "tests is not an object";
  for (const [k, v] of Object.entries(tests)) {
    if (v !== "passed" && v !== "failed") return `test ${JSON.stringify(k)} is neither "passed" nor "failed"`;
  }
  return { metrics: metrics as Record<string, number>, tests: tests as Record<string, "passed" | "failed"> };
}

function compare(actual: number, op: string, wanted: number): boolean {
  switch (op) {
    case ">=": return actual >= wanted;
    case "<=": return actual <= wanted;
    case ">": return actual > wanted;
    case "<": return actual < wanted;
    default: return actual === wanted;
  }
}

function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** Applies each requirement; a metric or test the report does not hold rejects. */
export function applyRequirements(report: EvaluationReport, requirements: readonly EvaluationRequirement[]): GateReason[] {
  const reasons: GateReason[] = [];
  for (const req of requirements) {
    if (req.kind === "test") {
      const result = own(report.tests, req.test);
      if (result === undefined) reasons.push(reason("GATE_TEST_MISSING", `test ${req.test} is not in the report (requirement: ${req.text})`));
      else if (result !== "passed") reasons.push(reason("GATE_TEST_FAILED", `test ${req.test} is ${result} (requirement: ${req.text})`));
      continue;
    }
    const actual = own(report.metrics, req.metric);
    if (actual === undefined) reasons.push(reason("GATE_METRIC_MISSING", `metric ${req.metric} is not in the report (requirement: ${req.text})`));
    else if (!compare(actual, req.op, req.value)) reasons.push(reason("GATE_THRESHOLD_FAILED", `${req.metric} is ${actual}, required ${req.op} ${req.value}`));
  }
  return reasons;
}

/**
 * Responsible-AI thresholds, read from the report the `eval-report` lineage names. Only a
 * verified report counts: the report's bytes are hashed again as they are read and compared
 * with the signed digest, so a report swapped after the signature check is refused too.
 */
export async function checkEvaluation(
  requirements: readonly EvaluationRequirement[],
  reportPath: string | undefined,
  statement: OmsStatement | undefined,
  reader: VersionReader,
): Promise<GateCheck> {
  if (requirements.length === 0) return checked("evaluation", "the registry sets no evaluation requirement", []);
  if (statement === undefined) return skipped("evaluation", "the signature did not verify, so the report is not trusted");
  if (reportPath === undefined) return skipped("evaluation", "no eval-report lineage names the report");
  const signed = statement.resources.find((r) => r.name === reportPath);
  if (signed === undefined) return checked("evaluation", `report ${reportPath}`, [reason("GATE_REPORT_UNSIGNED", `${reportPath} is not one of the signed files`)]);
  const bytes = await readAtMost(reader.open(reportPath), EVALUATION_REPORT_MAX_BYTES).catch(() => undefined);
  if (bytes === undefined) {
    return checked("evaluation", `report ${reportPath}`, [reason("GATE_REPORT_MALFORMED", `${reportPath} cannot be read or is larger than ${EVALUATION_REPORT_MAX_BYTES} bytes`)]);
  }
  if (createHash("sha256").update(bytes).digest("hex") !== signed.digest) {
    return checked("evaluation", `report ${reportPath}`, [reason("OMS_DIGEST_MISMATCH", `${reportPath} changed after its signature was checked`)]);
  }
  const report = parseEvaluationReport(bytes);
  if (typeof report === "string") return checked("evaluation", `report ${reportPath}`, [reason("GATE_REPORT_MALFORMED", `${reportPath}: ${report}`)]);
  const reasons = applyRequirements(report, requirements);
  return checked("evaluation", `${requirements.length} requirements against ${reportPath}: ${requirements.map((r) => r.text).join("; ")}`, reasons);
}
