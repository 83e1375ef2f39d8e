/*
 * One bench row: a command run `runs` times, each in a fresh Node process as `cdktf synth` runs
 * the app, with its wall time and peak RSS (from bench/report-rss.ts, preloaded).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface Sample {
  readonly seconds: number;
  readonly rssMb: number;
}

export interface Row {
  readonly name: string;
  readonly what: string;
  /** Node arguments after the RSS preload: a script and its arguments. */
  readonly args: readonly string[];
  /** Extra environment for every run (e.g. BLUEPRINT_CONFIG of the scale row). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A run that did not exit 0: the bench stops with the child's first stderr line. */
export class RunFailed extends Error {
  constructor(
    readonly row: string,
    readonly status: number | null,
    readonly firstLine: string,
  ) {
    super(`${row} exited with ${String(status)}: ${firstLine}`);
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `row` once with its output in `outdir`; throws RunFailed unless it exits 0. */
export function runOnce(root: string, preload: string, row: Row, outdir: string, rssFile: string): Sample {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["-r", preload, ...row.args], {
    cwd: root,
    env: { ...process.env, ...row.env, CDKTF_OUTDIR: outdir, BENCH_RSS_FILE: rssFile, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    const firstLine = (result.stderr || result.stdout || String(result.error ?? "")).split("\n").find((l) => l.trim() !== "") ?? "";
    throw new RunFailed(row.name, result.status, firstLine.trim());
  }
  return { seconds, rssMb: Number(fs.readFileSync(rssFile, "utf8")) / 1024 };
}

/** Stack folders a run wrote (0 for runs that synthesize nothing). */
export function stacksIn(outdir: string): number {
  const dir = path.join(outdir, "stacks");
  return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
}
