import * as fs from "node:fs";
import { App } from "cdktf";
import { ConfigError, configPath, loadConfig } from "../config/load";
import { BlueprintValidationError, formatProblem } from "../constructs/shared/validation-error";
import { BlueprintConfig } from "../config/schema";
import { buildBlueprint } from "./blueprint";
import { withoutTokenStackTraces } from "./token-stack-traces";
import { finishSynth, formatSynthOutcome, runByCdktfCli } from "./synth-output";
import { blockingFindings } from "../policies/engine";
import { findingsReport, findingsSummary } from "../policies/findings-table";
import { evaluateSynthesizedApp } from "../policies/synth-gate";

/**
 * Exit codes: 0 synthesized (policy warnings may print), 2 bad input (config or props),
 * 3 synthesized but a policy error nobody acknowledged, 1 anything unexpected.
 */
export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_POLICY = 3;

export interface RunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly stderr: { write(text: string): unknown };
  /** Where the summary goes (one line per stack, removals, the total). @default - no summary */
  readonly stdout?: { write(text: string): unknown };
  /** What to build from the configuration. @default buildBlueprint, every stack */
  readonly build?: (app: App, config: BlueprintConfig) => unknown;
  /** Clock for acknowledgement expiry. @default the current time */
  readonly now?: Date;
}

/**
 * Loads the configuration, builds every stack and synthesizes them into `CDKTF_OUTDIR`
 * (default `cdktf.out`), removes stack folders and files the synth no longer produces, and
 * prints a summary to stdout. Input problems print one line each to stderr and no stack
 * trace: they are the user's to fix, and a trace would bury the line that says how.
 */
export function runBlueprint(options: RunOptions): number {
  try {
    const config = loadConfig(configPath(options.env));
    const outdir = options.env["CDKTF_OUTDIR"] ?? "cdktf.out";
    // cdktf creates only the last folder of outdir; a nested CDKTF_OUTDIR would fail with ENOENT.
    fs.mkdirSync(outdir, { recursive: true });
    const app = new App({ outdir, skipValidation: false });
    withoutTokenStackTraces(options.env, () => {
      (options.build ?? buildBlueprint)(app, config);
      app.synth();
    });
    const outcome = finishSynth(app, { removeStaleStacks: !runByCdktfCli(options.env) });
    options.stdout?.write(`${formatSynthOutcome(outcome).join("\n")}\n`);
    const evaluation = evaluateSynthesizedApp(app, config.acknowledgements, options.now ?? new Date());
    const open = evaluation.findings.filter((f) => !f.acknowledgement);
    // Warnings print and pass; errors print and fail. Both go to stderr: stdout is the summary.
    if (open.length > 0) options.stderr.write(`${findingsReport(evaluation).join("\n")}\n`);
    else options.stdout?.write(`${findingsSummary(evaluation)}\n`);
    if (blockingFindings(evaluation).length > 0) {
      options.stderr.write("synth error: policy errors above; fix them or acknowledge them in the configuration (README, auditor's guide)\n");
      return EXIT_POLICY;
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof ConfigError) {
      options.stderr.write(`${e.lines.join("\n")}\n`);
      return EXIT_BAD_INPUT;
    }
    if (BlueprintValidationError.isValidationError(e)) {
      options.stderr.write(`${e.problems.map((p) => `synth error: ${formatProblem(p)}`).join("\n")}\n`);
      return EXIT_BAD_INPUT;
    }
    const detail = options.env["BLUEPRINT_DEBUG"] ? `\n${(e as Error).stack ?? ""}` : " (set BLUEPRINT_DEBUG=1 for the stack trace)";
    options.stderr.write(`synth failed: ${(e as Error).message ?? String(e)}${detail}\n`);
    return EXIT_UNEXPECTED;
  }
}
