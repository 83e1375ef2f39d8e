import * as fs from "node:fs";
import * as path from "node:path";
import { isCelError, run, CelInput, CelValue } from "@bufbuild/cel";
import { parse } from "yaml";

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests and fixtures are plain JSON */

/** One manifest under test/fixtures/admission/ with its expected verdict. */
export interface AdmissionFixture {
  readonly file: string;
  readonly description: string;
  readonly request: { readonly operation: string; readonly subResource?: string };
  readonly expect: { readonly admitted: boolean; readonly failing: readonly string[] };
  readonly object: Record<string, any>;
}

export const FIXTURE_DIR = path.join(__dirname, "..", "..", "fixtures", "admission");

export function loadFixtures(): AdmissionFixture[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, ...(parse(fs.readFileSync(path.join(FIXTURE_DIR, file), "utf8")) as Omit<AdmissionFixture, "file">) }));
}

/** What the policy decided: the ids of the validations that were false, and of those that errored. */
export interface Verdict {
  readonly failing: string[];
  readonly errors: string[];
}

/** The rule id of a validation, from its `[id]` message prefix. */
export function ruleId(message: string): string {
  const id = /^\[([a-z-]+)\] /.exec(message)?.[1];
  if (id === undefined) throw new Error(`message without [id] prefix: ${message}`);
  return id;
}

/**
 * Evaluates `variables` then `validations` (as read back from an emitted VAP spec, Kyverno
 * `cel` block or Gatekeeper `source`) the way the API server binds them ("Validation
 * expression"): `object`, `oldObject`, `request`, `params` and `variables`, each variable
 * seeing the ones before it. An expression that errors counts as failing: failurePolicy Fail.
 */
export function evaluate(
  variables: readonly { name: string; expression: string }[],
  validations: readonly { expression: string; message: string }[],
  bindings: { object: unknown; oldObject?: unknown; request: unknown; params: unknown },
  extraVariables: Record<string, unknown> = {},
): Verdict {
  const vars: Record<string, CelValue> = {};
  for (const [k, v] of Object.entries(extraVariables)) vars[k] = v as CelValue;
  const env = (): Record<string, CelInput> => ({
    object: bindings.object as CelInput,
    oldObject: (bindings.oldObject ?? null) as CelInput,
    request: bindings.request as CelInput,
    params: bindings.params as CelInput,
    variables: { ...vars } as unknown as CelInput,
  });
  const errors: string[] = [];
  for (const v of variables) {
    const value = run(v.expression, env());
    if (isCelError(value)) {
      errors.push(`variable ${v.name}: ${value.message}`);
      continue;
    }
    vars[v.name] = value;
  }
  const failing: string[] = [];
  for (const v of validations) {
    const result = run(v.expression, env());
    if (isCelError(result)) {
      errors.push(`${ruleId(v.message)}: ${result.message}`);
      failing.push(ruleId(v.message));
    } else if (result !== true) {
      failing.push(ruleId(v.message));
    }
  }
  return { failing: failing.sort(), errors };
}
