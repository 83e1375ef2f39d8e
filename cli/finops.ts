/**
 * `blueprint finops`: what a retention tier costs on each cloud at a given log volume,
 * (`--registries`) what each model registry of the configuration stores and costs for its
 * declared monthly upload volume, and (`--security`) what the security tooling of each
 * environment costs on each cloud: detectors, malware scanning, alarms, their log copies.
 *
 * Argument mistakes print one line, `finops error: <what is wrong>; accepted: <what is accepted>`,
 * and exit 2, the way config errors do: the line says how to fix the call, and neither a stack
 * trace nor a help dump should bury it.
 */
import { CliIo } from "./io";
import { Command, CommanderError } from "commander";
import * as path from "node:path";
import { ConfigError, configPath, loadConfig } from "../config/load";
import { estimateRetentionCost, MAX_INGEST_GB_PER_DAY, RetentionCostEstimate } from "../constructs/shared/retention-cost";
import { Cloud, CLOUDS, RetentionTier, validateRetentionTier } from "../constructs/shared/retention-tier";
import { RETENTION_TIER_PRESET_NAMES, resolveRetentionTier } from "../constructs/shared/retention-presets";
import { STORAGE_PRICES, STORAGE_PRICES_AS_OF, storagePriceBasis } from "../constructs/shared/storage-prices";
import { estimateRegistryCost, REGISTRY_NONCURRENT_DAYS, REGISTRY_PROJECTION_MONTHS, RegistryCostEstimate } from "../constructs/shared/registry-cost";
import { estimateSecurityToolingCost, SecurityToolingEstimate } from "../constructs/shared/security-tooling-cost";
import { SECURITY_TOOLING_PRICE_BASIS, SECURITY_TOOLING_PRICES, SECURITY_TOOLING_PRICES_AS_OF } from "../constructs/shared/storage-prices";
import { securityToolingInput } from "../config/cross-checks";
import type { BlueprintConfig } from "../config/schema";

/** Exit codes: 0 printed (or help shown), 2 bad arguments, 1 anything unexpected. */
export const FINOPS_EXIT_OK = 0;
export const FINOPS_EXIT_UNEXPECTED = 1;
export const FINOPS_EXIT_BAD_INPUT = 2;

/** Where the command writes (cli/io.ts). */
export type FinopsIo = CliIo;

/** One-line summary shown in `blueprint --help`. */
export const FINOPS_SUMMARY = "estimate the monthly storage cost of a log retention tier, and of the model registries, on aws, gcp and azure, and the cost of the security tooling";

const TIER_ACCEPTED = `a preset (${RETENTION_TIER_PRESET_NAMES.join(", ")}) or a custom tier under retentionTiers in the configuration`;
const INGEST_ACCEPTED = `a decimal number of GB per day, greater than 0 and at most ${MAX_INGEST_GB_PER_DAY}`;
const USAGE = "--tier <name> --ingest-gb-per-day <n> [--config <path>]";
/** The help's usage line: the tier estimate, the registry projection, or both. */
const USAGE_LINE = "--tier <name> --ingest-gb-per-day <n> [--registries] [--config <path>] [--security]";
const OPTIONS_ACCEPTED = "--tier <name>, --ingest-gb-per-day <n>, --config <path>, --help, --registries, --security";
const REGISTRIES_ALONE = "or --security alone for the security tooling table, or --registries alone for the model registry storage projection";

/** A plain decimal: no hex, exponent or blanks, so `0x10` or `1e3` is not read as a number silently. */
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A bad argument; its message is already the `what; accepted: ...` text. */
class FinopsArgumentError extends Error {}

/** Where the command runs: the environment and directory a relative --config is read against. */
export interface FinopsContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * A preset needs no configuration; any other name is looked up under `retentionTiers` of the
 * configuration (--config, else BLUEPRINT_CONFIG, else blueprint.config.yaml), which must be valid.
 */
function resolveTier(name: string, configOption: string | undefined, context: FinopsContext): RetentionTier {
  const preset = resolveRetentionTier(name, {});
  if (preset) return preset;
  const file = configFile(configOption, context);
  const config = loadConfig(file);
  const custom = resolveRetentionTier(name, config.retentionTiers);
  if (!custom) {
    const known = [...RETENTION_TIER_PRESET_NAMES, ...Object.keys(config.retentionTiers)].join(", ");
    throw new FinopsArgumentError(`--tier ${quote(name)} is not a known tier; accepted: ${known} (custom tiers read from ${file})`);
  }
  return custom;
}

/** --config, else BLUEPRINT_CONFIG, else blueprint.config.yaml, relative to the working directory. */
function configFile(configOption: string | undefined, context: FinopsContext): string {
  return configOption === undefined ? configPath(context.env, context.cwd) : path.resolve(context.cwd, configOption);
}

/** Estimates for the clouds where the tier is valid, and a note for each cloud where it is not. */
function estimatesFor(tier: RetentionTier, ingest: number): { estimates: RetentionCostEstimate[]; notes: string[] } {
  const estimates: RetentionCostEstimate[] = [];
  const notes: string[] = [];
  for (const cloud of CLOUDS) {
    const problems = validateRetentionTier(tier, [cloud]);
    if (problems.length === 0) {
      estimates.push(estimateRetentionCost(tier, cloud, ingest));
    } else {
      notes.push(`${cloud}: not estimated, the tier is invalid there (${[...new Set(problems.map((p) => p.code))].join(", ")})`);
    }
  }
  return { estimates, notes };
}

/** Renders a user-supplied value on one line, quoted. */
function quote(value: string): string {
  return JSON.stringify(value);
}

function parseIngest(raw: string): number {
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(value)) {
    throw new FinopsArgumentError(`--ingest-gb-per-day ${quote(raw)} is not a number; accepted: ${INGEST_ACCEPTED}`);
  }
  if (value <= 0 || value > MAX_INGEST_GB_PER_DAY) {
    throw new FinopsArgumentError(`--ingest-gb-per-day ${quote(raw)} is out of range; accepted: ${INGEST_ACCEPTED}`);
  }
  return value;
}

/** Commander's own messages, reduced to one line and given the accepted form. */
function fromCommander(e: CommanderError): string {
  const what = e.message
    .replace(/^error: /, "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\.$/, "")
    .trim();
  const accepted = e.code === "commander.optionMissingArgument" ? `blueprint finops ${USAGE}` : OPTIONS_ACCEPTED;
  return `${what}; accepted: ${accepted}`;
}

/** Fixed decimals with comma thousands separators; locale-independent so output is byte-stable. */
function amount(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = "0", fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** Renders the estimates as a fixed-width table with a header and the price basis below. */
export function formatFinopsTable(tierName: string, ingestGbPerDay: number, estimates: readonly RetentionCostEstimate[]): string {
  const header = ["cloud", "steady-state USD/month", "all-hot USD/month", "saving USD/month", "saving %", "stored GB", "1-day cohort lifetime USD"];
  const rows = estimates.map((e) => [
    e.cloud,
    amount(e.steadyStateMonthlyUsd, 2),
    amount(e.allHotMonthlyUsd, 2),
    amount(e.savingMonthlyUsd, 2),
    amount(e.savingPercent, 1),
    amount(e.storedGbAtSteadyState, 1),
    amount(e.cohortLifetimeUsd, 4),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  // Cloud names left-aligned, figures right-aligned so decimal points line up.
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [
    `retention tier ${tierName}, ingest ${String(ingestGbPerDay)} GB/day, storage only, at steady state (bucket full)`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `prices: ${storagePriceBasis()}; other regions differ`,
    "excluded: requests and lifecycle transitions, retrieval, per-object overhead, minimum object sizes, egress, taxes (see docs/finops.md)",
    "",
  ].join("\n");
}

/** One registry of one environment on one cloud: its projection, or why there is none. */
export interface RegistryProjectionRow {
  readonly cloud: Cloud;
  readonly environment: string;
  readonly registry: string;
  /** Absent when the registry declares no `monthlyUploadGb`: listed as not projected. */
  readonly estimate?: RegistryCostEstimate;
}

interface RegistryEntry {
  readonly name: string;
  readonly approvedRetentionDays: number;
  readonly incomingExpiryDays: number;
  readonly monthlyUploadGb?: number | undefined;
}

/** The registries of each enabled cloud, in cloud order, then environment and registry order as the configuration lists them. */
function registryEntries(config: BlueprintConfig): Array<{ cloud: Cloud; environment: string; registry: RegistryEntry }> {
  const entries: Array<{ cloud: Cloud; environment: string; registry: RegistryEntry }> = [];
  for (const cloud of CLOUDS) {
    const settings: { enabled: boolean; environments: Record<string, { registries: readonly RegistryEntry[] }> } | undefined = config.clouds[cloud];
    if (!settings?.enabled) continue;
    for (const [environment, placement] of Object.entries(settings.environments)) {
      for (const registry of placement.registries) entries.push({ cloud, environment, registry });
    }
  }
  return entries;
}

/**
 * The storage projection of every registry in `config` on its cloud, with the model's
 * assumptions (every upload promoted, approved/ copies kept, the cloud's noncurrent days).
 */
export function projectRegistries(config: BlueprintConfig): RegistryProjectionRow[] {
  return registryEntries(config).map(({ cloud, environment, registry }) => {
    if (registry.monthlyUploadGb === undefined) return { cloud, environment, registry: registry.name };
    const estimate = estimateRegistryCost(
      {
        registry: registry.name,
        monthlyUploadGb: registry.monthlyUploadGb,
        incomingExpiryDays: registry.incomingExpiryDays,
        approvedRetentionDays: registry.approvedRetentionDays,
      },
      cloud,
    );
    return { cloud, environment, registry: registry.name, estimate };
  });
}

/**
 * Renders rows as fixed-width columns, names left-aligned and figures right-aligned. A row
 * shorter than the header ends in one free-text cell (e.g. "not projected: ..."), which is
 * written as it is and does not widen the figure columns.
 */
function columns(header: readonly string[], body: ReadonlyArray<readonly string[]>, leftAligned: number): string[] {
  const full = [header, ...body.filter((r) => r.length === header.length)];
  const widths = header.map((_h, i) => Math.max(...full.map((r) => (r[i] ?? "").length)));
  return [header, ...body].map((cells) =>
    cells
      .map((c, i) => (i < leftAligned ? c.padEnd(widths[i] ?? 0) : cells.length === header.length ? c.padStart(widths[i] ?? 0) : c))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * Renders the registry projection: one row per registry, a `(total)` row per cloud and
 * environment with projected registries, the assumptions above and the prices below.
 */
export function formatRegistryProjection(projection: readonly RegistryProjectionRow[]): string {
  const months = REGISTRY_PROJECTION_MONTHS;
  const header = ["cloud", "environment", "registry", "upload GB/month", "incoming/ GB full", ...months.flatMap((m) => [`GB month ${m}`, `USD month ${m}`])];
  const figures = (upload: number, incoming: number, points: ReadonlyArray<{ storedGb: number; monthlyUsd: number }>): string[] => [
    amount(upload, 1),
    amount(incoming, 1),
    ...points.flatMap((p) => [amount(p.storedGb, 1), amount(p.monthlyUsd, 2)]),
  ];
  const body: string[][] = [];
  const groups = new Map<string, RegistryProjectionRow[]>();
  for (const row of projection) {
    const key = `${row.cloud}\u0000${row.environment}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const rows of groups.values()) {
    const projected: RegistryCostEstimate[] = [];
    for (const row of rows) {
      if (row.estimate === undefined) {
        body.push([row.cloud, row.environment, row.registry, "not projected: no monthlyUploadGb"]);
        continue;
      }
      projected.push(row.estimate);
      body.push([row.cloud, row.environment, row.registry, ...figures(row.estimate.monthlyUploadGb, row.estimate.incomingSteadyGb, row.estimate.points)]);
    }
    const first = rows[0];
    if (projected.length > 1 && first !== undefined) {
      const sum = (f: (e: RegistryCostEstimate) => number): number => projected.reduce((t, e) => t + f(e), 0);
      const points = months.map((_m, i) => ({ storedGb: sum((e) => e.points[i]?.storedGb ?? 0), monthlyUsd: sum((e) => e.points[i]?.monthlyUsd ?? 0) }));
      body.push([first.cloud, first.environment, "(total)", ...figures(sum((e) => e.monthlyUploadGb), sum((e) => e.incomingSteadyGb), points)]);
    }
  }
  const lines = columns(header, body, 3);
  const noncurrent = CLOUDS.map((c) => `${c} ${REGISTRY_NONCURRENT_DAYS[c]}`).join(", ");
  const prices = CLOUDS.map((c) => {
    const hot = STORAGE_PRICES[c].classes.hot;
    return `${c} ${hot.className} ${String(hot.usdPerGbMonth)} (${STORAGE_PRICES[c].basis}; ${hot.source})`;
  }).join("; ");
  return [
    `model registry storage, from monthlyUploadGb in the configuration, Standard class, GB stored at the end of month ${months.join(", ")} and what it costs per month`,
    "assumptions: every upload is promoted to approved/ (the upper bound); approved/ copies are kept after their retention ends (nothing expires approved/), so approved/ grows by the upload volume every month and there is no steady state;",
    `  incoming/ keeps each upload for incomingExpiryDays, then as a noncurrent or soft-deleted version for a further ${noncurrent} days; "incoming/ GB full" is what it holds once that many days have passed`,
    "",
    ...(body.length === 0 ? ["no registries in the configuration"] : lines),
    "",
    `prices: Standard class list prices in USD per GB-month as of ${STORAGE_PRICES_AS_OF}: ${prices}; other regions differ`,
    "excluded: requests (the copy to approved/ is a request), model.sig and other small objects, retrieval, egress, container images, replication, taxes (see docs/finops.md)",
    "",
  ].join("\n");
}

/**
 * The security tooling estimate of every environment of `config` on every enabled cloud that
 * places it, in cloud order, then environment order as the cloud lists them; priced on the same
 * input the monitoring.maxMonthlySecurityCost check prices (config/cross-checks.ts).
 */
export function projectSecurityTooling(config: BlueprintConfig): SecurityToolingEstimate[] {
  const estimates: SecurityToolingEstimate[] = [];
  for (const cloud of CLOUDS) {
    const settings = config.clouds[cloud];
    if (!settings?.enabled) continue;
    for (const environment of Object.keys(settings.environments)) {
      const input = securityToolingInput(config, environment, cloud);
      if (input !== undefined) estimates.push(estimateSecurityToolingCost(input, cloud));
    }
  }
  return estimates;
}

/** A price as the table lists it: the plain number, so 0.215 reads as 0.215. */
function unitPrice(usd: number | undefined): string {
  return usd === undefined ? "-" : String(usd);
}

/**
 * Renders the security tooling estimates: one row per line (cloud, environment, item, unit,
 * quantity, USD per unit, USD per month, then the assumption or "not estimated: billed on ..."
 * as free text), a `(total)` row per cloud and environment, and below it the prices' date, the
 * region basis of each cloud and every source.
 */
export function formatSecurityTooling(estimates: readonly SecurityToolingEstimate[]): string {
  const header = ["cloud", "environment", "item", "unit", "quantity", "USD/unit", "USD/month", "basis of the quantity"];
  const body: string[][] = [];
  for (const e of estimates) {
    for (const l of e.lines) {
      body.push([e.cloud, e.environment, l.item, l.unit, l.quantity === undefined ? "-" : amount(l.quantity, 2), unitPrice(l.usdPerUnit), l.monthlyUsd === undefined ? "-" : amount(l.monthlyUsd, 2), l.note]);
    }
    const unpriced = e.notEstimated === 0 ? "every line estimated" : `${e.notEstimated} line${e.notEstimated === 1 ? "" : "s"} not estimated, not in the total`;
    body.push([e.cloud, e.environment, "(total)", "", "", "", amount(e.totalMonthlyUsd, 2), unpriced]);
  }
  // Names and units left-aligned, figures right-aligned; the last column is free text, unpadded.
  const widths = header.map((_h, i) => Math.max(header[i]?.length ?? 0, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : i < 4 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const sources = new Map<string, string>();
  for (const price of Object.values(SECURITY_TOOLING_PRICES)) {
    const where = price.readFrom === "" ? price.source : `${price.source} (${price.readFrom})`;
    sources.set(where, [sources.get(where), price.item].filter((x) => x !== undefined).join("; "));
  }
  return [
    "security tooling per environment and cloud, USD per month, from the configuration's monthlyUploadGb, logs.ingestGbPerDay, monitoring.dataEventsPerMonth and threatDetection switches",
    "assumptions: every uploaded GB is scanned once; alarm and alert counts are the constructs' defaults (DEFAULT_SECURITY_TOOLING_COUNTS in constructs/shared/security-tooling-cost.ts); lines marked not estimated add nothing to the total",
    "",
    ...(estimates.length === 0 ? ["no environments in the configuration"] : [line(header), ...body.map(line)]),
    "",
    `prices: list prices as of ${SECURITY_TOOLING_PRICES_AS_OF}: ${CLOUDS.map((c) => `${c} = ${SECURITY_TOOLING_PRICE_BASIS[c]}`).join("; ")}; other regions differ`,
    "sources:",
    ...[...sources.entries()].map(([where, items]) => `  ${where}: ${items}`),
    "excluded: bucket and vault requests, notification delivery, EventBridge (AWS service events are free), KMS keys, organisation-level services (Security Command Center, a delegated GuardDuty administrator), taxes (see docs/finops.md)",
    "",
  ].join("\n");
}

interface FinopsOptions {
  readonly tier?: string;
  readonly ingestGbPerDay?: string;
  readonly config?: string;
  readonly registries?: boolean;
  readonly security?: boolean;
}

function buildCommand(io: FinopsIo, onRun: (options: FinopsOptions) => void): Command {
  const command = new Command("finops")
    .description(
      `${FINOPS_SUMMARY}.\nWith --registries, also projects each model registry's storage from its monthlyUploadGb; --registries alone prints only that.\nWith --security, also prices each environment's security tooling (detectors, malware scanning, alarms, their log copies); --security alone prints only that.\nPrices are list prices for one region per cloud; see docs/finops.md for the basis and what is excluded.`,
    )
    .usage(USAGE_LINE)
    // Required, but checked in the action: commander checks required options before unknown
    // ones, and `--tir x` should be reported as the typo it is, not as a missing --tier.
    .option("--tier <name>", `required: retention tier, ${TIER_ACCEPTED}`)
    .option("--ingest-gb-per-day <n>", `required: log volume written per day, ${INGEST_ACCEPTED}`)
    .option("--registries", "project the storage of every model registry in the configuration")
    .option("--security", "price the security tooling of every environment in the configuration, per cloud")
    .option("--config <path>", "configuration to read custom tiers from, and the registries with --registries (default: $BLUEPRINT_CONFIG, else blueprint.config.yaml)")
    .helpOption("-h, --help", "show this help")
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // Errors are rewritten to one line by runFinops; commander's own copy would be a second line.
      outputError: () => undefined,
    })
    .action((options: FinopsOptions) => onRun(options));
  // Only for the usage line in --help ("blueprint finops ..."); parsing starts at `command`.
  new Command("blueprint").addCommand(command);
  return command;
}

/**
 * Runs `blueprint finops` with `argv`, the arguments after `finops`, writing the table to
 * `io.stdout` or one error line to `io.stderr`. Returns the exit code: 0 printed, 2 bad
 * arguments, 1 unexpected failure.
 */
export function runFinops(argv: readonly string[], io: FinopsIo, context: FinopsContext = { env: process.env, cwd: process.cwd() }): number {
  try {
    buildCommand(io, (options) => {
      const configTablesAlone = (options.registries === true || options.security === true) && options.tier === undefined && options.ingestGbPerDay === undefined;
      let output = "";
      if (!configTablesAlone) {
        if (options.tier === undefined) throw new FinopsArgumentError(`--tier is missing; accepted: ${TIER_ACCEPTED}, ${REGISTRIES_ALONE}`);
        if (options.ingestGbPerDay === undefined) throw new FinopsArgumentError(`--ingest-gb-per-day is missing; accepted: ${INGEST_ACCEPTED}`);
        const ingest = parseIngest(options.ingestGbPerDay);
        const tier = resolveTier(options.tier, options.config, context);
        const { estimates, notes } = estimatesFor(tier, ingest);
        output += formatFinopsTable(tier.name, ingest, estimates) + notes.map((note) => `${note}\n`).join("");
      }
      const config = options.registries === true || options.security === true ? loadConfig(configFile(options.config, context)) : undefined;
      if (options.registries === true && config !== undefined) {
        output += (output === "" ? "" : "\n") + formatRegistryProjection(projectRegistries(config));
      }
      if (options.security === true && config !== undefined) {
        output += (output === "" ? "" : "\n") + formatSecurityTooling(projectSecurityTooling(config));
      }
      // Written once, after every check: a bad argument leaves stdout empty.
      io.stdout.write(output);
    }).parse([...argv], { from: "user" });
    return FINOPS_EXIT_OK;
  } catch (e) {
    if (e instanceof ConfigError) {
      // The configuration's own one-line-per-problem report.
      io.stderr.write(`${e.lines.join("\n")}\n`);
      return FINOPS_EXIT_BAD_INPUT;
    }
    if (e instanceof CommanderError) {
      // Help was asked for and printed: not an error.
      if (e.exitCode === 0) return FINOPS_EXIT_OK;
      io.stderr.write(`finops error: ${fromCommander(e)}\n`);
      return FINOPS_EXIT_BAD_INPUT;
    }
    if (e instanceof FinopsArgumentError) {
      io.stderr.write(`finops error: ${e.message}\n`);
      return FINOPS_EXIT_BAD_INPUT;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`finops failed: ${message.replace(/\s*\n\s*/g, " ")}\n`);
    return FINOPS_EXIT_UNEXPECTED;
  }
}
