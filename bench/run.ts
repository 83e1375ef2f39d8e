/*
 * `npm run bench`: median wall time and peak RSS of
 *   floor     loading cdktf alone (what no synth can go below),
 *   blueprint `node dist/main.js`: synth of blueprint.config.yaml or BLUEPRINT_CONFIG,
 *   app       cdktf.json's app (bin/cdktf-app.js, its bundle built beforehand): same config,
 *   scale-half, scale  synth of generated configs, 20 and 40 environments on three clouds
 *             (64 and 124 stacks), to show that the cost per stack stays flat,
 *   baseline  bench/baseline: three providers imported from their package roots, one key each,
 *   policy    (in this process) the policy engine over generated plans of 1,000, 10,000 and
 *             100,000 resources, against JSON.parse of the same plans,
 *   model     (bench/model-bench.ts) a generated 200 MB model signed, then verified, hashed and
 *             read, against openssl dgst -sha256 of the same files,
 * each in a fresh Node process, as `cdktf synth` runs them; the rows take turns, so a load
 * change on the machine spreads over all of them. Progress goes to stderr, the table to stdout.
 * Exits 2 when the config is bad (one line), 1 when a run fails or a budget is missed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, configPath, DEFAULT_CONFIG_FILE, loadConfig } from "../config/load";
import { median, Row, runOnce, RunFailed, Sample, stacksIn } from "./measure";
import { scaleConfigYaml } from "./scale-config";
import { measurePolicyEngine, POLICY_BUDGET, reportPolicyEngine } from "./policy-bench";
import { measureModelVerification, reportModelVerification } from "./model-bench";

/** Budgets from the project's acceptance criteria. */
export const BUDGET = { blueprintMedianSeconds: 2, minSpeedupOverBaseline: 5, maxAppOverCompiled: 1.3 } as const;

/** Environments of the scale rows' generated configs, each on AWS, GCP and Azure. */
const SCALE_ENVIRONMENTS = 40;
/** A midpoint, so that linear growth is visible as equal cost per added stack on both legs. */
const HALF_SCALE_ENVIRONMENTS = 20;

/** The project root: the nearest folder with a package.json (run from dist/bench or bench/). */
function projectRoot(from: string): string {
  const parent = path.dirname(from);
  return fs.existsSync(path.join(from, "package.json")) || parent === from ? from : projectRoot(parent);
}

const root = projectRoot(__dirname);
const dist = path.join(root, "dist");
const preload = path.join(dist, "bench", "report-rss.js");

interface Planned extends Row {
  readonly runs: number;
  /** Whether the row synthesizes the blueprint, so a cost per stack means something. */
  readonly perStack?: boolean;
}

interface Measured extends Planned {
  readonly stacks: number;
  readonly samples: Sample[];
}

function parseRuns(argv: readonly string[]): { runs: number; baselineRuns: number } {
  const value = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      console.error(`bench: ${flag} takes a whole number from 1 to 50`);
      process.exit(2);
    }
    return n;
  };
  return { runs: value("--runs", 5), baselineRuns: value("--baseline-runs", 3) };
}

/** The config the blueprint and app rows synthesize (the runs' working directory is root). */
function configLabel(): string {
  const relative = path.relative(root, configPath(process.env, root));
  return relative.startsWith("..") ? configPath(process.env, root) : relative;
}

/** A bad config in one line (the first problem, and how many there are), or undefined. */
function configProblem(label: string): string | undefined {
  try {
    loadConfig(configPath(process.env, root));
    return undefined;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const more = e.lines.length > 1 ? ` (and ${e.lines.length - 1} more)` : "";
    return `bench: ${label}: ${e.lines[0] ?? "config error"}${more}`;
  }
}

/** Identical trees of files (names and bytes) below a and b. */
function sameFiles(a: string, b: string): boolean {
  const list = (dir: string): string[] => (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
  const names = list(a);
  if (names.length === 0 || names.join("\n") !== list(b).join("\n")) return false;
  return names.every((n) => fs.statSync(path.join(a, n)).isDirectory() || fs.readFileSync(path.join(a, n)).equals(fs.readFileSync(path.join(b, n))));
}

function measureAll(rows: readonly Planned[], scratch: string): Measured[] {
  const measured: Measured[] = rows.map((r) => ({ ...r, stacks: 0, samples: [] }));
  const most = Math.max(...rows.map((r) => r.runs));
  const stacks = new Map<string, number>();
  for (let i = 0; i < most; i++) {
    for (const m of measured) {
      if (i >= m.runs) continue;
      const outdir = path.join(scratch, `${m.name}-${i}`);
      const sample = runOnce(root, preload, m, outdir, path.join(scratch, `rss-${m.name}-${i}`));
      m.samples.push(sample);
      stacks.set(m.name, stacksIn(outdir));
      fs.rmSync(outdir, { recursive: true, force: true });
      console.error(`bench: ${m.name} ${i + 1}/${m.runs} ${sample.seconds.toFixed(2)} s`);
    }
  }
  return measured.map((m) => ({ ...m, stacks: stacks.get(m.name) ?? 0 }));
}

function main(): number {
  const { runs, baselineRuns } = parseRuns(process.argv.slice(2));
  const label = configLabel();
  const problem = configProblem(label);
  if (problem) {
    console.error(problem);
    return 2;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  try {
    const blueprintRow: Row = { name: "blueprint", what: `\`node dist/main.js\`: synth of ${label}`, args: [path.join(dist, "main.js")] };
    const appRow: Row = { name: "app", what: "`node bin/cdktf-app.js` (cdktf.json app), same config", args: [path.join(root, "bin", "cdktf-app.js")] };

    // Untimed first runs: a bad config stops here in one line; the app builds its bundle if
    // stale; and the app must write exactly what the compiled app writes.
    console.error(`bench: checking ${label} with node dist/main.js, building the app bundle if stale (untimed)`);
    try {
      runOnce(root, preload, blueprintRow, path.join(scratch, "check-blueprint"), path.join(scratch, "rss-check"));
    } catch (e) {
      if (e instanceof RunFailed && e.status === 2) {
        console.error(`bench: ${label}: ${e.firstLine}`);
        return 2;
      }
      throw e;
    }
    runOnce(root, preload, appRow, path.join(scratch, "check-app"), path.join(scratch, "rss-check"));
    const appSame = sameFiles(path.join(scratch, "check-blueprint"), path.join(scratch, "check-app"));

    const scaleRow = (name: string, environments: number): Planned => {
      const file = path.join(scratch, `${name}.yaml`);
      fs.writeFileSync(file, scaleConfigYaml(path.join(root, DEFAULT_CONFIG_FILE), environments));
      const what = `synth of a generated config: ${environments} environments on 3 clouds`;
      return { name, what, args: [path.join(dist, "main.js")], env: { BLUEPRINT_CONFIG: file }, runs: baselineRuns, perStack: true };
    };
    const results = measureAll(
      [
        { name: "floor", what: "`node -e \"require('cdktf')\"`", args: ["-e", "require('cdktf')"], runs },
        { ...blueprintRow, runs, perStack: true },
        { ...appRow, runs, perStack: true },
        scaleRow("scale-half", HALF_SCALE_ENVIRONMENTS),
        scaleRow("scale", SCALE_ENVIRONMENTS),
        { name: "baseline", what: "root imports, 3 providers, one key each", args: [path.join(dist, "bench", "baseline", "main.js")], runs: baselineRuns },
      ],
      scratch,
    );
    const synthCode = report(results, { runs, baselineRuns, label, appSame });
    console.error("bench: policy engine over generated plans");
    const policyFailures = reportPolicyEngine(measurePolicyEngine(path.join(scratch, "check-blueprint"), runs), (line) => console.log(line));
    for (const f of policyFailures) console.error(`bench: budget missed: ${f}`);
    if (policyFailures.length === 0) console.log(`policy budgets met: 10,000 resources <= ${POLICY_BUDGET.tenThousandSeconds} s, per-resource cost growth <= ${POLICY_BUDGET.maxPerResourceGrowth}x`);
    console.error("bench: model verification (generates, signs and verifies a 200 MB model)");
    const modelFailures = reportModelVerification(measureModelVerification(root, preload, runs), (line) => console.log(line));
    for (const f of modelFailures) console.error(`bench: budget missed: ${f}`);
    return synthCode === 0 && policyFailures.length === 0 && modelFailures.length === 0 ? 0 : 1;
  } catch (e) {
    console.error(`bench: ${(e as Error).message}`);
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function report(results: readonly Measured[], o: { runs: number; baselineRuns: number; label: string; appSame: boolean }): number {
  const byName = new Map(results.map((m) => [m.name, m]));
  const med = (name: string): number => median(byName.get(name)!.samples.map((s) => s.seconds));
  const floor = med("floor");
  const perStackMs = (m: Measured): string => (m.perStack && m.stacks > 0 ? (((med(m.name) - floor) / m.stacks) * 1000).toFixed(0) : "");
  /** Cost of each stack added between two rows: equal on both legs when growth is linear. */
  const addedMs = (a: Measured, b: Measured): string => (((med(b.name) - med(a.name)) / (b.stacks - a.stacks)) * 1000).toFixed(0);

  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`);
  console.log(`runs: ${o.runs} (scale and baseline ${o.baselineRuns})\n`);
  console.log("| run | what | stacks | median s | min s | ms per stack above floor | peak RSS MB |");
  console.log("|---|---|---:|---:|---:|---:|---:|");
  for (const m of results) {
    const min = Math.min(...m.samples.map((s) => s.seconds));
    const rss = Math.max(...m.samples.map((s) => s.rssMb));
    console.log(`| ${m.name} | ${m.what} | ${m.stacks || ""} | ${med(m.name).toFixed(2)} | ${min.toFixed(2)} | ${perStackMs(m)} | ${rss.toFixed(0)} |`);
  }
  const appRatio = med("app") / med("blueprint");
  const speedup = med("baseline") / med("blueprint");
  const blueprint = byName.get("blueprint")!;
  const half = byName.get("scale-half")!;
  const scale = byName.get("scale")!;
  console.log(`\nblueprint above floor: ${(med("blueprint") - floor).toFixed(2)} s`);
  console.log(`app / blueprint: ${appRatio.toFixed(2)}x; app output identical to node dist/main.js: ${o.appSame ? "yes" : "NO"}`);
  console.log(`per stack above floor: ${perStackMs(blueprint)} ms at ${blueprint.stacks} stacks, ${perStackMs(half)} ms at ${half.stacks}, ${perStackMs(scale)} ms at ${scale.stacks}`);
  console.log(`per added stack: ${addedMs(blueprint, half)} ms from ${blueprint.stacks} to ${half.stacks} stacks, ${addedMs(half, scale)} ms from ${half.stacks} to ${scale.stacks}`);
  console.log(`speedup over baseline: ${speedup.toFixed(1)}x`);

  const failures: string[] = [];
  // The 2 s budget is for the default config; another config may be larger by design.
  if (o.label === DEFAULT_CONFIG_FILE && med("blueprint") > BUDGET.blueprintMedianSeconds) {
    failures.push(`blueprint median ${med("blueprint").toFixed(2)} s exceeds ${BUDGET.blueprintMedianSeconds} s`);
  }
  if (speedup < BUDGET.minSpeedupOverBaseline) failures.push(`speedup ${speedup.toFixed(1)}x is below ${BUDGET.minSpeedupOverBaseline}x`);
  if (appRatio > BUDGET.maxAppOverCompiled) failures.push(`app takes ${appRatio.toFixed(2)}x node dist/main.js, above ${BUDGET.maxAppOverCompiled}x`);
  if (!o.appSame) failures.push("the app's output differs from node dist/main.js's");
  for (const f of failures) console.error(`bench: budget missed: ${f}`);
  if (failures.length === 0) {
    console.log(`budgets met: blueprint median <= ${BUDGET.blueprintMedianSeconds} s, speedup >= ${BUDGET.minSpeedupOverBaseline}x, app <= ${BUDGET.maxAppOverCompiled}x node dist/main.js, same output`);
  }
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = main();
