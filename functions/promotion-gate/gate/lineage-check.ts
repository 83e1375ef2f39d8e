import { GIT_COMMIT_VALUE, LINEAGE_VALUE, SHA256_DIGEST_VALUE } from "../../../constructs/shared/limits/gate";
import { satisfies, TextRule } from "../../../constructs/shared/limits/text-rule";
import { assertSafeName } from "../oms/names";
import { checked, reason } from "./reasons";
import { GateCheck, GateReason } from "./types";

/**
 * The lineage keys whose values have a known form. Any other configured key must be present
 * with a value in LINEAGE_VALUE's form. Lineage is what lets an incident responder go from a
 * served model back to the data and code that made it, so a tag that is present but says
 * nothing useful (`dataset-digest: latest`) rejects like a missing one.
 */
const VALUE_RULES: Readonly<Record<string, TextRule>> = {
  "dataset-digest": SHA256_DIGEST_VALUE,
  "source-commit": GIT_COMMIT_VALUE,
};

/** The lineage key whose value names the evaluation report inside the version folder. */
export const EVAL_REPORT_KEY = "eval-report";

/**
 * The report path is a safe relative name (no `..`, no leading `/`: OMS name rules) and one of
 * the files the signature covers, so the report the gate reads is the one the publisher signed.
 */
function reportPathProblem(value: string, signedNames: ReadonlySet<string> | undefined): string | undefined {
  try {
    assertSafeName(value, "eval-report");
  } catch {
    return `eval-report ${JSON.stringify(value)} is not a relative path inside the version folder`;
  }
  if (!value.endsWith(".json")) return `eval-report ${JSON.stringify(value)} does not name a .json report`;
  if (signedNames !== undefined && !signedNames.has(value)) return `eval-report ${JSON.stringify(value)} is not one of the signed files`;
  return undefined;
}

/**
 * Every required lineage key is present and well formed. `signedNames` is the verified file set,
 * or undefined when the signature did not verify (the report path is then checked for form only).
 */
export function checkLineage(lineage: Readonly<Record<string, string>>, required: readonly string[], signedNames: ReadonlySet<string> | undefined): GateCheck {
  const reasons: GateReason[] = [];
  for (const key of required) {
    const value = Object.prototype.hasOwnProperty.call(lineage, key) ? lineage[key] : undefined;
    if (value === undefined || value === "") {
      reasons.push(reason("GATE_LINEAGE_MISSING", `lineage ${key} is missing`));
      continue;
    }
    if (key === EVAL_REPORT_KEY) {
      const problem = reportPathProblem(value, signedNames);
      if (problem !== undefined) reasons.push(reason("GATE_LINEAGE_MALFORMED", problem));
      continue;
    }
    const rule = VALUE_RULES[key] ?? LINEAGE_VALUE;
    if (!satisfies(rule, value)) {
      reasons.push(reason("GATE_LINEAGE_MALFORMED", `lineage ${key} ${JSON.stringify(value.slice(0, 80))} is not ${rule.accepted}`));
    }
  }
  return checked("lineage", `${required.length} lineage keys required: ${required.join(", ")}`, reasons);
}
