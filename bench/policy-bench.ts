/*
 * The policy engine's figures for `npm run bench`: generated plans of 1,000, 10,000 and 100,000
 * resources (three plans per size, one per cloud, a third of the resources each), each loaded
 * into the resource model and evaluated with every rule, in this process. The floor is
 * JSON.parse of the same plans: no engine reads a plan faster than it can parse it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluate } from "../policies/engine";
import { stackFromPlan } from "../policies/load-plan";
import { Json } from "../policies/model";
import { generatePlan, templateOf } from "./policy-plan";

export const POLICY_SIZES = [1_000, 10_000, 100_000] as const;
/** Acceptance: 10,000 resources in under a second, and a per-resource cost that stays flat. */
export const POLICY_BUDGET = { tenThousandSeconds: 1, maxPerResourceGrowth: 2 } as const;

export interface PolicyFigure {
  readonly resources: number;
  readonly parseSeconds: number;
  readonly loadSeconds: number;
  readonly evaluateSeconds: number;
  readonly findings: number;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The median of `runs` measurements of each size. */
export function measurePolicyEngine(outdir: string, runs: number): PolicyFigure[] {
  const stacks = ["aws-prod", "gcp-prod", "azure-prod"].map((s) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", s, "cdk.tf.json"), "utf8")) as Json);
  const templates = stacks.map(templateOf);
  return POLICY_SIZES.map((size) => {
    // A third each; the first plan takes the remainder, so the sizes are exact.
    const share = (i: number): number => Math.floor(size / templates.length) + (i === 0 ? size % templates.length : 0);
    const texts = templates.map((t, i) => JSON.stringify(generatePlan(t, share(i), (stacks[i]!["provider"] ?? {}) as Json)));
    const samples: PolicyFigure[] = [];
    for (let r = 0; r < runs; r++) {
      let t = process.hrtime.bigint();
      const plans = texts.map((text) => JSON.parse(text) as Json);
      const parseSeconds = seconds(t);
      t = process.hrtime.bigint();
      const model = { stacks: plans.map((p, i) => stackFromPlan(`plan-${i}`, `plan-${i}.json`, p)) };
      const loadSeconds = seconds(t);
      t = process.hrtime.bigint();
      const evaluation = evaluate(model, { now: new Date("2026-12-01T00:00:00Z") });
      const evaluateSeconds = seconds(t);
      samples.push({ resources: model.stacks.reduce((n, s) => n + s.resources.length, 0), parseSeconds, loadSeconds, evaluateSeconds, findings: evaluation.findings.length });
    }
    samples.sort((a, b) => a.loadSeconds + a.evaluateSeconds - (b.loadSeconds + b.evaluateSeconds));
    return samples[Math.floor(samples.length / 2)]!;
  });
}

/** The table and the budget check; returns the budget failures. */
export function reportPolicyEngine(figures: readonly PolicyFigure[], log: (line: string) => void): string[] {
  log("\n| plan resources | JSON.parse floor s | load s | evaluate s | load + evaluate s | µs per resource | x floor | findings |");
  log("|---:|---:|---:|---:|---:|---:|---:|---:|");
  const perResource = (f: PolicyFigure): number => ((f.loadSeconds + f.evaluateSeconds) / f.resources) * 1e6;
  for (const f of figures) {
    const total = f.loadSeconds + f.evaluateSeconds;
    log(`| ${f.resources.toLocaleString("en-US")} | ${f.parseSeconds.toFixed(3)} | ${f.loadSeconds.toFixed(3)} | ${f.evaluateSeconds.toFixed(3)} | ${total.toFixed(3)} | ${perResource(f).toFixed(1)} | ${(total / f.parseSeconds).toFixed(1)} | ${f.findings} |`);
  }
  const failures: string[] = [];
  const ten = figures.find((f) => f.resources === 10_000);
  if (ten && ten.loadSeconds + ten.evaluateSeconds > POLICY_BUDGET.tenThousandSeconds) failures.push(`policy engine took ${(ten.loadSeconds + ten.evaluateSeconds).toFixed(2)} s for 10,000 resources, above ${POLICY_BUDGET.tenThousandSeconds} s`);
  const first = figures[0];
  const last = figures[figures.length - 1];
  if (first && last) {
    const growth = perResource(last) / perResource(first);
    log(`policy engine per-resource cost, ${last.resources.toLocaleString("en-US")} vs ${first.resources.toLocaleString("en-US")} resources: ${growth.toFixed(2)}x`);
    if (growth > POLICY_BUDGET.maxPerResourceGrowth) failures.push(`per-resource cost grew ${growth.toFixed(2)}x from ${first.resources} to ${last.resources} resources, above ${POLICY_BUDGET.maxPerResourceGrowth}x`);
  }
  return failures;
}
