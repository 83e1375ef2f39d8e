/**
 * `blueprint audit`: evaluates synthesized stacks (`--input cdktf.out`, the default) and any
 * number of real plans (`--plan plan.json`, the output of `terraform show -json plan.out`)
 * against the rule catalogue, applies the configuration's acknowledgements, prints the open
 * findings and writes the auditor's pack into `--out`. Exit 3 when an unacknowledged error
 * remains, 2 for bad input, 1 for anything unexpected.
 */
import { CliIo } from "./io";
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import { ConfigError, configPath, loadConfig } from "../config/load";
import { BlueprintConfig } from "../config/schema";
import { blockingFindings, evaluate } from "../policies/engine";
import { findingsReport } from "../policies/findings-table";
import { loadInputs, PolicyInput, PolicyInputError } from "../policies/inputs";
import { synthStackFiles } from "../policies/load-synth";
import { finopsRows } from "../policies/report/finops";
import { AuditSubject, writeAuditReports } from "../policies/report/write";

export const AUDIT_EXIT_OK = 0;
export const AUDIT_EXIT_UNEXPECTED = 1;
export const AUDIT_EXIT_BAD_INPUT = 2;
export const AUDIT_EXIT_POLICY = 3;

export const AUDIT_SUMMARY = "check synthesized stacks or terraform plans against the policy rules and write the auditor's report";

const OPTIONS_ACCEPTED = "--input <dir>, --plan [name=]<plan.json> (repeatable), --out <dir>, --format conftest, --config <path>, --as-of <YYYY-MM-DD>, --help";
/** Inputs above this many resources print one progress line per stack. */
const PROGRESS_THRESHOLD = 5000;

/** Where the command writes (cli/io.ts). */
export type AuditIo = CliIo;

export interface AuditContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Clock for acknowledgement expiry. @default the current time */
  readonly now?: Date;
}

class AuditArgumentError extends Error {}

interface AuditOptions {
  input?: string;
  plan: string[];
  out: string;
  format: string[];
  config?: string;
  asOf?: string;
}

function parsePlanOption(raw: string, cwd: string): PolicyInput {
  const eq = raw.indexOf("=");
  const named = eq > 0 && /^[A-Za-z0-9_.-]+$/.test(raw.slice(0, eq));
  return named ? { kind: "plan", name: raw.slice(0, eq), file: path.resolve(cwd, raw.slice(eq + 1)) } : { kind: "plan", file: path.resolve(cwd, raw) };
}

/** The version in the package.json above this file (dist/cli or cli). */
export function toolVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) return String((JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string }).version ?? "0.0.0");
  }
  return "0.0.0";
}

function parseAsOf(raw: string | undefined, fallback: Date): Date {
  if (raw === undefined) return fallback;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T12:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(day.getTime()) || !day.toISOString().startsWith(raw)) throw new AuditArgumentError(`--as-of ${JSON.stringify(raw)} is not a date; accepted: YYYY-MM-DD`);
  return day;
}

function run(options: AuditOptions, io: AuditIo, context: AuditContext): number {
  const cwd = context.cwd;
  const inputs: PolicyInput[] = options.plan.map((p) => parsePlanOption(p, cwd));
  const outdir = options.input !== undefined || inputs.length === 0 ? path.resolve(cwd, options.input ?? "cdktf.out") : undefined;
  if (outdir) inputs.unshift({ kind: "synth", outdir });
  for (const f of options.format) if (f !== "conftest") throw new AuditArgumentError(`--format ${JSON.stringify(f)} is not a format; accepted: conftest (report.md, .html, .json, .sarif and evidence.json are always written)`);
  const configFile = options.config === undefined ? configPath(context.env, cwd) : path.resolve(cwd, options.config);
  const config: BlueprintConfig | undefined = options.config !== undefined || fs.existsSync(configFile) ? loadConfig(configFile) : undefined;
  const now = parseAsOf(options.asOf, context.now ?? new Date());
  const model = loadInputs(inputs);
  const total = model.stacks.reduce((n, s) => n + s.resources.length, 0);
  const evaluation = evaluate(model, {
    acknowledgements: config?.acknowledgements ?? [],
    now,
    ...(total > PROGRESS_THRESHOLD ? { onStack: (s, i, n) => void io.stderr.write(`audit: ${s.name} (${i + 1}/${n}), ${s.resources.length} resources\n`) } : {}),
  });
  const subjects: AuditSubject[] = [];
  if (outdir) for (const s of synthStackFiles(outdir)) subjects.push({ name: path.relative(cwd, s.file).split(path.sep).join("/"), path: s.file });
  for (const input of inputs) if (input.kind === "plan") subjects.push({ name: path.relative(cwd, input.file).split(path.sep).join("/"), path: input.file });
  if (config) subjects.push({ name: path.relative(cwd, configFile).split(path.sep).join("/"), path: configFile });
  const lockfile = path.join(cwd, "package-lock.json");
  if (fs.existsSync(lockfile)) subjects.push({ name: "package-lock.json", path: lockfile });
  const out = path.resolve(cwd, options.out);
  const written = writeAuditReports(out, { evaluation, toolVersion: toolVersion(), subjects, finops: config ? finopsRows(config) : [], conftest: options.format.includes("conftest") });
  io.stderr.write(`${findingsReport(evaluation).join("\n")}\n`);
  io.stdout.write(`wrote ${written.map((f) => path.join(path.relative(cwd, out) || ".", f)).join(", ")}\n`);
  return blockingFindings(evaluation).length > 0 ? AUDIT_EXIT_POLICY : AUDIT_EXIT_OK;
}

/** Runs `blueprint audit` with the arguments after `audit`. */
export function runAudit(argv: readonly string[], io: AuditIo, context: AuditContext): number {
  const collect = (value: string, previous: string[]): string[] => [...previous, value];
  let code = AUDIT_EXIT_OK;
  const program = new Command("blueprint audit")
    .description(AUDIT_SUMMARY)
    .option("--input <dir>", "cdktf output folder to read (default cdktf.out when no --plan is given)")
    .option("--plan <[name=]file>", "plan JSON from terraform show -json plan.out; repeat for several", collect, [])
    .option("--out <dir>", "where the report files go", "audit")
    .option("--format <format>", "extra output: conftest (the resource model as JSON)", collect, [])
    .option("--config <path>", "configuration with the acknowledgements (default BLUEPRINT_CONFIG or blueprint.config.yaml)")
    .option("--as-of <date>", "judge acknowledgement expiry on this day (YYYY-MM-DD) instead of today")
    .helpOption("--help", "show the options")
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (t) => void io.stdout.write(t), writeErr: (t) => void io.stderr.write(t), outputError: () => undefined })
    .action((options: AuditOptions) => {
      code = run(options, io, context);
    });
  try {
    program.parse([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return AUDIT_EXIT_OK;
      io.stderr.write(`audit error: ${e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").replace(/\.$/, "")}; accepted: ${OPTIONS_ACCEPTED}\n`);
      return AUDIT_EXIT_BAD_INPUT;
    }
    if (e instanceof AuditArgumentError || e instanceof PolicyInputError) {
      io.stderr.write(`audit error: ${e.message}\n`);
      return AUDIT_EXIT_BAD_INPUT;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`${e.lines.join("\n")}\n`);
      return AUDIT_EXIT_BAD_INPUT;
    }
    const detail = context.env["BLUEPRINT_DEBUG"] ? `\n${(e as Error).stack ?? ""}` : " (set BLUEPRINT_DEBUG=1 for the stack trace)";
    io.stderr.write(`audit failed: ${(e as Error).message ?? String(e)}${detail}\n`);
    return AUDIT_EXIT_UNEXPECTED;
  }
}
