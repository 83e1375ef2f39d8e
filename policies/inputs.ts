import * as fs from "node:fs";
import * as path from "node:path";
import { loadSynthOutput } from "./load-synth";
import { stackFromPlan } from "./load-plan";
import { Json, ResourceModel, StackModel } from "./model";

/** What the engine reads: a cdktf output folder (every stack in it) or one plan JSON file. */
export type PolicyInput = { readonly kind: "synth"; readonly outdir: string } | { readonly kind: "plan"; readonly file: string; readonly name?: string };

/** A plan's stack name: given, else the file name without `.json` (and a `.plan` suffix). */
export function planStackName(input: { file: string; name?: string }): string {
  return input.name ?? path.basename(input.file).replace(/\.json$/, "").replace(/\.plan$/, "");
}

export class PolicyInputError extends Error {}

function readJson(file: string): Json {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PolicyInputError(`cannot read ${file}: no such file`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new PolicyInputError(`${file} is not JSON (${(e as Error).message}); give the output of terraform show -json plan.out`);
  }
}

export function loadInputs(inputs: readonly PolicyInput[]): ResourceModel {
  const stacks: StackModel[] = [];
  for (const input of inputs) {
    if (input.kind === "synth") {
      if (!fs.existsSync(input.outdir)) throw new PolicyInputError(`cannot read ${input.outdir}: no such folder; run npm run synth first`);
      const found = loadSynthOutput(input.outdir);
      if (found.length === 0) throw new PolicyInputError(`${input.outdir} holds no synthesized stack (no manifest.json or stacks/*/cdk.tf.json)`);
      stacks.push(...found);
    } else {
      const plan = readJson(input.file);
      if (!("resource_changes" in plan) && !("planned_values" in plan)) {
        throw new PolicyInputError(`${input.file} has neither resource_changes nor planned_values: give the output of terraform show -json plan.out`);
      }
      stacks.push(stackFromPlan(planStackName(input), path.basename(input.file), plan));
    }
  }
  const names = new Set<string>();
  for (const s of stacks) {
    if (names.has(s.name)) throw new PolicyInputError(`two inputs are named ${s.name}: give each plan its own name (--plan name=file)`);
    names.add(s.name);
  }
  return { stacks };
}
