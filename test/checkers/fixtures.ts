import { Json } from "../helpers/synth";

/** A copy of `stack` changed by `change`: each Noncompliance case breaks one thing of a compliant stack. */
export function variant(stack: Json, change: (copy: { resource: Record<string, Record<string, Json>> }) => void): Json {
  const copy = structuredClone(stack) as { resource: Record<string, Record<string, Json>> };
  change(copy);
  return copy as unknown as Json;
}

/** A policy attribute as the synthesized JSON holds it. */
export function policy(...statements: Json[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The statements of a policy attribute, to change one in a variant. */
export function statementsIn(policyJson: unknown): Json[] {
  return (JSON.parse(String(policyJson)) as { Statement: Json[] }).Statement;
}

/** Replaces the policy attribute of `body` with `change` applied to its statements. */
export function editPolicy(body: Json, change: (statements: Json[]) => void): void {
  const statements = statementsIn(body["policy"]);
  change(statements);
  body["policy"] = policy(...statements);
}
