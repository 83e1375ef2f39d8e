/*
 * `npm run bench`: median wall time and peak RSS of
 *   floor     loading cdktf alone (what no synth can go below),
 *   blueprint synth of the default configuration (every stack),
 *   baseline  bench/baseline: three providers imported from their package roots, one key each,
 * each in a fresh Node process, as `cdktf synth` runs them. Exits 1 when a budget is missed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Budgets from the project's acceptance criteria. */
export const BUDGET = { blueprintMedianSeconds: 2, minSpeedupOverBaseline: 5 } as const;

interface Sample {
  readonly seconds: number;
  readonly rssMb: number;
}

interface Measurement {
  readonly name: string;
  readonly what: string;
  readonly samples: readonly Sample[];
}

const root = path.resolve(__dirname, "..", "..");
const dist = path.join(root, "dist");
const preload = path.join(dist, "bench", "report-rss.js");

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(name: string, what: string, args: readonly string[], runs: number): Measurement {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const rssFile = path.join(scratch, `rss-${i}`);
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ["-r", preload, ...args], {
        cwd: root,
        env: { ...process.env, CDKTF_OUTDIR: path.join(scratch, `out-${i}`), BENCH_RSS_FILE: rssFile, CHECKPOINT_DISABLE: "1" },
        encoding: "utf8",
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.status !== 0) {
        throw new Error(`${name} exited with ${String(result.status)}: ${result.stderr}`);
      }
      samples.push({ seconds, rssMb: Number(fs.readFileSync(rssFile, "utf8")) / 1024 });
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { name, what, samples };
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

function main(): number {
  const { runs, baselineRuns } = parseRuns(process.argv.slice(2));
  const results = [
    measure("floor", "node -e require('cdktf')", ["-e", "require('cdktf')"], runs),
    measure("blueprint", "synth of blueprint.config.yaml (all 10 stacks)", [path.join(dist, "main.js")], runs),
    measure("baseline", "root imports, 3 providers, one key each", [path.join(dist, "bench", "baseline", "main.js")], baselineRuns),
  ];
  const med = (m: Measurement): number => median(m.samples.map((s) => s.seconds));
  const rss = (m: Measurement): number => Math.max(...m.samples.map((s) => s.rssMb));
  const [floor, blueprint, baseline] = results as [Measurement, Measurement, Measurement];

  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`);
  console.log(`runs: ${runs} (baseline ${baselineRuns})\n`);
  console.log("| run | what | median s | min s | peak RSS MB |");
  console.log("|---|---|---:|---:|---:|");
  for (const m of results) {
    const min = Math.min(...m.samples.map((s) => s.seconds));
    console.log(`| ${m.name} | ${m.what} | ${med(m).toFixed(2)} | ${min.toFixed(2)} | ${rss(m).toFixed(0)} |`);
  }
  const speedup = med(baseline) / med(blueprint);
  console.log(`\nblueprint above floor: ${(med(blueprint) - med(floor)).toFixed(2)} s`);
  console.log(`speedup over baseline: ${speedup.toFixed(1)}x`);

  const failures: string[] = [];
  if (med(blueprint) > BUDGET.blueprintMedianSeconds) {
    failures.push(`blueprint median ${med(blueprint).toFixed(2)} s exceeds ${BUDGET.blueprintMedianSeconds} s`);
  }
  if (speedup < BUDGET.minSpeedupOverBaseline) {
    failures.push(`speedup ${speedup.toFixed(1)}x is below ${BUDGET.minSpeedupOverBaseline}x`);
  }
  for (const f of failures) console.error(`bench: budget missed: ${f}`);
  if (failures.length === 0) console.log(`budgets met: median <= ${BUDGET.blueprintMedianSeconds} s, speedup >= ${BUDGET.minSpeedupOverBaseline}x`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = main();
