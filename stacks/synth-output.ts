import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";

/*
 * What a synth leaves in the output directory, and the lines that tell the user. cdktf's own
 * `cdktf synth` removes stack folders the app no longer produces; `node dist/main.js` did not,
 * and neither removes the file of the other format: a `cdk.tf` left by `cdktf synth --hcl` next
 * to a new `cdk.tf.json` makes `terraform init` read both and fail on duplicate definitions.
 */

/** File names cdktf writes per stack: `cdk.tf.json`, or `cdk.tf` with `--hcl` (SYNTH_HCL_OUTPUT). */
const JSON_FILE = "cdk.tf.json";
const HCL_FILE = "cdk.tf";

export interface StackReport {
  readonly name: string;
  readonly resources: number;
  /** The synthesized file, under the output directory as the user gave it. */
  readonly file: string;
}

export interface SynthOutcome {
  readonly stacks: readonly StackReport[];
  /** Folders and files removed because the current synth does not produce them, and why. */
  readonly removed: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
}

export interface FinishOptions {
  /**
   * Remove stack folders the app no longer produces. Off under `cdktf synth|diff|deploy`: the CLI
   * lists the folders before it runs the app and removes the orphans itself afterwards, with a
   * `rmSync` that fails (ENOENT, exit 1) on a folder already gone
   * (`@cdktf/cli-core/src/lib/synth-stack.js`, `orphanedDirectories`).
   * @default true
   */
  readonly removeStaleStacks?: boolean;
}

/**
 * The environment variable the cdktf CLI sets for the app it runs (and nothing else does):
 * `@cdktf/cli-core/src/lib/synth-stack.js` passes `CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS`.
 */
export function runByCdktfCli(env: NodeJS.ProcessEnv): boolean {
  return env["CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS"] !== undefined;
}

/**
 * Removes what the current synth did not produce, then reports each stack. Only folders that
 * hold a synthesized stack file are removed: anything else a user keeps under `stacks/` stays.
 */
export function finishSynth(app: App, options: FinishOptions = {}): SynthOutcome {
  const stacksDir = path.join(app.outdir, "stacks");
  const names = app.node.findAll().filter(TerraformStack.isStack).map((s) => s.node.id);
  const own = app.hclOutput ? HCL_FILE : JSON_FILE;
  const other = app.hclOutput ? JSON_FILE : HCL_FILE;
  const removed: Array<{ path: string; reason: string }> = [];
  for (const entry of fs.readdirSync(stacksDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = path.join(stacksDir, entry.name);
    if (options.removeStaleStacks === false || !entry.isDirectory() || names.includes(entry.name)) continue;
    if ([JSON_FILE, HCL_FILE].some((f) => fs.existsSync(path.join(folder, f)))) {
      fs.rmSync(folder, { recursive: true, force: true });
      removed.push({ path: folder, reason: "a stack the configuration no longer produces" });
    }
  }
  for (const name of names) {
    const stale = path.join(stacksDir, name, other);
    if (fs.existsSync(stale)) {
      fs.rmSync(stale);
      removed.push({ path: stale, reason: "left by a synth in the other format; terraform would read both" });
    }
  }
  const stacks = names.map((name) => {
    const file = path.join(stacksDir, name, own);
    return { name, file, resources: countResources(fs.readFileSync(file, "utf8"), app.hclOutput) };
  });
  return { stacks, removed };
}

/** Resource blocks of a synthesized stack (data sources, outputs and providers not counted). */
export function countResources(text: string, hcl: boolean): number {
  if (hcl) return (text.match(/^resource\s+"/gm) ?? []).length;
  const byType = ((JSON.parse(text) as { resource?: Record<string, Record<string, unknown>> }).resource ?? {});
  return Object.values(byType).reduce((n, byId) => n + Object.keys(byId).length, 0);
}

/** One line per stack (name, resources, file), one per removal, and the total last. */
export function formatSynthOutcome(outcome: SynthOutcome): string[] {
  const width = Math.max(...outcome.stacks.map((s) => s.name.length));
  const digits = Math.max(...outcome.stacks.map((s) => String(s.resources).length));
  const lines = outcome.stacks.map((s) => `${s.name.padEnd(width)}  ${String(s.resources).padStart(digits)} resources  ${s.file}`);
  for (const gone of outcome.removed) lines.push(`removed ${gone.path} (${gone.reason})`);
  const total = outcome.stacks.reduce((n, s) => n + s.resources, 0);
  lines.push(`${outcome.stacks.length} stacks, ${total} resources`);
  return lines;
}
