/*
 * The model verifier's figures for `npm run bench`: a generated model of about 200 MB in five
 * files (safetensors weights with valid headers, two shards, config.json, tokenizer.json) is
 * signed with a P-256 key made in the run, then each of these runs in a fresh Node process, in
 * turns, so a load change on the machine spreads over all of them:
 *   read     the files streamed and discarded (the floor: no verifier hashes faster than it reads),
 *   hash     the verifier's own hashing (directoryFiles().digest: sha256File) of every file,
 *   openssl  `openssl dgst -sha256` of the same files (the reference the hashing budget uses),
 *   verify   verifyModelDirectory: envelope, file set and every digest, as the promotion gate runs it.
 * Node rows also time themselves from just before the work to just after it ("in-process"), so
 * the hashing throughput excludes Node's start-up, which no streaming code can shorten. This
 * same file is the child script: `node dist/bench/model-bench.js <mode> ...`.
 * Sizes are in MB of 2^20 bytes, as the peak RSS column of the synth table.
 */
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { directoryFiles, fileDigest } from "../functions/promotion-gate/oms/digest";
import { LocalPemSigner } from "../functions/promotion-gate/oms/local-signer";
import { DEFAULT_IGNORE_PATHS } from "../functions/promotion-gate/oms/names";
import { signModelDirectory } from "../functions/promotion-gate/oms/sign";
import { readBundleFile, verifyModelDirectory } from "../functions/promotion-gate/oms/verify";
import { median, runOnce, Sample } from "./measure";

const MB = 2 ** 20;

/** Acceptance (issue 10, point 7): peak RSS under 100 MB, hashing at least 80% of openssl's. */
export const MODEL_BUDGET = { maxPeakRssMb: 100, minThroughputOfOpenssl: 0.8 } as const;

/** One file of the generated model. */
export interface ModelFileSpec {
  /** Relative POSIX path inside the model folder. */
  readonly name: string;
  /** safetensors: `bytes` exactly, a valid header over F32 tensors; json: a small config; tokenizer: a vocab of about `bytes`. */
  readonly kind: "safetensors" | "config" | "tokenizer";
  readonly bytes: number;
}

/** The bench's model: 120 + 40 + 40 MB of weights, a tokenizer of about 1 MB and a config. */
export const BENCH_MODEL: readonly ModelFileSpec[] = [
  { name: "model.safetensors", kind: "safetensors", bytes: 120 * MB },
  { name: "model-00001-of-00002.safetensors", kind: "safetensors", bytes: 40 * MB },
  { name: "model-00002-of-00002.safetensors", kind: "safetensors", bytes: 40 * MB },
  { name: "config.json", kind: "config", bytes: 0 },
  { name: "tokenizer.json", kind: "tokenizer", bytes: MB },
];

/** The seed of the bench's model: every run hashes the same bytes. */
export const BENCH_SEED = 0x5eed_2026;

/**
 * xoshiro128** (Blackman and Vigna, prng.di.unimi.it), seeded through splitmix32 so that any
 * 32-bit seed gives a non-zero state. Deterministic, unlike Math.random, so two runs (and two
 * machines) generate and hash the same bytes.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** The next 32-bit unsigned value. */
  public next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Fills `buf` with the next values, little-endian whatever the host, then any tail bytes. */
  public fill(buf: Buffer): void {
    const words = Math.floor(buf.length / 4);
    for (let i = 0; i < words; i++) buf.writeUInt32LE(this.next(), i * 4);
    for (let i = words * 4; i < buf.length; i++) buf[i] = this.next() & 0xff;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Header bytes before the tensor data (8-byte length + padded JSON), so data starts aligned. */
const SAFETENSORS_DATA_START = 4096;
const TENSORS_PER_FILE = 4;

/**
 * The first bytes of a safetensors file of exactly `bytes` (huggingface/safetensors README,
 * "Format": u64 little-endian header length N, N bytes of JSON that may end in spaces, then
 * the tensor buffer, entirely indexed without holes): F32 1-D tensors that cover the buffer.
 */
export function safetensorsHeader(bytes: number): Buffer {
  const buffer = bytes - SAFETENSORS_DATA_START;
  if (buffer < 4 * TENSORS_PER_FILE || buffer % 4 !== 0) throw new Error(`a safetensors file of ${bytes} bytes cannot hold ${TENSORS_PER_FILE} F32 tensors after its header`);
  const elements = buffer / 4;
  const per = Math.floor(elements / TENSORS_PER_FILE);
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let offset = 0;
  for (let i = 0; i < TENSORS_PER_FILE; i++) {
    const n = i === TENSORS_PER_FILE - 1 ? elements - per * i : per;
    header[`model.layers.${i}.weight`] = { dtype: "F32", shape: [n], data_offsets: [offset, offset + n * 4] };
    offset += n * 4;
  }
  const json = JSON.stringify(header);
  const length = SAFETENSORS_DATA_START - 8;
  if (json.length > length) throw new Error("safetensors header does not fit");
  const out = Buffer.alloc(SAFETENSORS_DATA_START, 0x20);
  out.writeBigUInt64LE(BigInt(length), 0);
  out.write(json, 8, "utf8");
  return out;
}

function configJson(): string {
  return `${JSON.stringify({ architectures: ["BenchForCausalLM"], hidden_size: 1024, num_hidden_layers: 12, torch_dtype: "float32", vocab_size: 32000 }, null, 2)}\n`;
}

/** A tokenizer.json with a generated vocab of about `bytes`. */
function tokenizerJson(prng: Prng, bytes: number): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const vocab: Record<string, number> = {};
  let size = 0;
  for (let id = 0; size < bytes; id++) {
    let token = `t${id}_`;
    const len = 3 + (prng.next() % 10);
    for (let i = 0; i < len; i++) token += letters[prng.next() % letters.length];
    vocab[token] = id;
    size += token.length + 12;
  }
  return JSON.stringify({ version: "1.0", model: { type: "BPE", vocab } });
}

/**
 * Writes `files` below `dir` (created), each file from its own PRNG (seed and position), in
 * chunks of 1 MB so memory stays flat. Returns the total bytes written.
 */
export function writeModel(dir: string, files: readonly ModelFileSpec[], seed: number): number {
  fs.mkdirSync(dir, { recursive: true });
  let total = 0;
  files.forEach((f, index) => {
    const prng = new Prng((seed ^ Math.imul(index + 1, 0x27d4eb2d)) >>> 0);
    const file = path.join(dir, ...f.name.split("/"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (f.kind === "config") {
      fs.writeFileSync(file, configJson());
    } else if (f.kind === "tokenizer") {
      fs.writeFileSync(file, tokenizerJson(prng, f.bytes));
    } else {
      const fd = fs.openSync(file, "w");
      try {
        fs.writeSync(fd, safetensorsHeader(f.bytes));
        const chunk = Buffer.alloc(MB);
        for (let left = f.bytes - SAFETENSORS_DATA_START; left > 0; left -= chunk.length) {
          const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
          prng.fill(part);
          fs.writeSync(fd, part);
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    total += fs.statSync(file).size;
  });
  return total;
}

/** The figures the budgets are checked against. */
export interface ModelFigures {
  /** Largest peak RSS of the verify runs, MB. */
  readonly verifyPeakRssMb: number;
  /** Model bytes over the verify runs' median in-process time, MB/s. */
  readonly verifyMbPerSecond: number;
  /** Model bytes over the openssl runs' median wall time, MB/s. */
  readonly opensslMbPerSecond: number;
}

/** The missed budgets, one line each (empty when all are met). */
export function modelBudgetFailures(f: ModelFigures): string[] {
  const failures: string[] = [];
  if (!(f.verifyPeakRssMb < MODEL_BUDGET.maxPeakRssMb)) {
    failures.push(`model verification peak RSS ${f.verifyPeakRssMb.toFixed(0)} MB is not below ${MODEL_BUDGET.maxPeakRssMb} MB`);
  }
  const ratio = f.verifyMbPerSecond / f.opensslMbPerSecond;
  if (!(ratio >= MODEL_BUDGET.minThroughputOfOpenssl)) {
    failures.push(
      `model verification hashes ${f.verifyMbPerSecond.toFixed(0)} MB/s, ${ratio.toFixed(3)}x openssl dgst -sha256's ${f.opensslMbPerSecond.toFixed(0)} MB/s, below ${MODEL_BUDGET.minThroughputOfOpenssl}x`,
    );
  }
  return failures;
}

/** One measured row: wall time and RSS per run, and the child's own time of its work. */
interface ModelRow {
  readonly name: "read" | "hash" | "openssl" | "verify";
  readonly what: string;
  readonly samples: Sample[];
  readonly inProcess: number[];
}

export interface ModelMeasurement {
  readonly bytes: number;
  readonly files: number;
  readonly rows: readonly ModelRow[];
}

/** The model's files as paths, in the order the verifier lists them (model.sig excluded). */
function modelPaths(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((n) => n.split(path.sep).join("/"))
    .filter((n) => n !== "model.sig" && fs.statSync(path.join(dir, n)).isFile())
    .sort()
    .map((n) => path.join(dir, n));
}

function openssl(files: readonly string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync("openssl", ["dgst", "-sha256", ...files], { encoding: "utf8", maxBuffer: 1 * MB });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`openssl dgst -sha256 failed: ${(r.stderr || String(r.error ?? "")).split("\n")[0] ?? ""}`);
  return seconds;
}

/**
 * Generates, signs and measures the model in a temporary folder, removed afterwards whatever
 * happens. `preload` is bench/report-rss's compiled file; this file's compiled twin sits beside it.
 */
export function measureModelVerification(root: string, preload: string, runs: number): ModelMeasurement {
  const child = path.join(path.dirname(preload), "model-bench.js");
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-model-"));
  try {
    const dir = path.join(scratch, "bench-model");
    const bytes = writeModel(dir, BENCH_MODEL, BENCH_SEED);
    const publicKey = path.join(scratch, "public.pem");
    const timeFile = path.join(scratch, "seconds");
    const node = (name: ModelRow["name"], mode: string, extra: readonly string[] = []): Sample & { inProcess: number } => {
      const sample = runOnce(root, preload, { name, what: mode, args: [child, mode, dir, timeFile, ...extra] }, path.join(scratch, "out"), path.join(scratch, "rss"));
      return { ...sample, inProcess: Number(fs.readFileSync(timeFile, "utf8")) };
    };
    node("verify", "sign", [publicKey]);
    const files = modelPaths(dir);
    // Untimed: fills the page cache, so every row reads the same cached bytes.
    node("read", "read");
    const label = `${(bytes / MB).toFixed(0)} MB, ${files.length} files`;
    const rows: ModelRow[] = [
      { name: "read", what: `${label}: fs.createReadStream in the verifier's chunks, discarded`, samples: [], inProcess: [] },
      { name: "hash", what: "directoryFiles().digest (sha256File, double-buffered), every file", samples: [], inProcess: [] },
      { name: "openssl", what: "`openssl dgst -sha256` of the same files", samples: [], inProcess: [] },
      { name: "verify", what: "verifyModelDirectory (P-256 bundle made in the run)", samples: [], inProcess: [] },
    ];
    for (let i = 0; i < runs; i++) {
      for (const row of rows) {
        if (row.name === "openssl") {
          const seconds = openssl(files);
          row.samples.push({ seconds, rssMb: Number.NaN });
          row.inProcess.push(seconds);
        } else {
          const s = node(row.name, row.name, row.name === "verify" ? [publicKey] : []);
          row.samples.push({ seconds: s.seconds, rssMb: s.rssMb });
          row.inProcess.push(s.inProcess);
        }
        console.error(`bench: model ${row.name} ${i + 1}/${runs} ${row.samples[i]!.seconds.toFixed(2)} s`);
      }
    }
    return { bytes, files: files.length, rows };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The table, the README line and the budget check; returns the budget failures. */
export function reportModelVerification(m: ModelMeasurement, log: (line: string) => void): string[] {
  const row = (name: ModelRow["name"]): ModelRow => m.rows.find((r) => r.name === name)!;
  const wall = (r: ModelRow): number => median(r.samples.map((s) => s.seconds));
  const work = (r: ModelRow): number => median(r.inProcess);
  const rate = (r: ModelRow): number => m.bytes / MB / work(r);
  const floor = work(row("read"));
  log("\n| model run | what | median s | min s | in-process median s | MB/s | x read floor | peak RSS MB |");
  log("|---|---|---:|---:|---:|---:|---:|---:|");
  for (const r of m.rows) {
    const rss = Math.max(...r.samples.map((s) => s.rssMb));
    const min = Math.min(...r.samples.map((s) => s.seconds));
    log(`| ${r.name} | ${r.what} | ${wall(r).toFixed(2)} | ${min.toFixed(2)} | ${work(r).toFixed(3)} | ${rate(r).toFixed(0)} | ${(work(r) / floor).toFixed(2)} | ${Number.isNaN(rss) ? "" : rss.toFixed(0)} |`);
  }
  const verify = row("verify");
  const figures: ModelFigures = {
    verifyPeakRssMb: Math.max(...verify.samples.map((s) => s.rssMb)),
    verifyMbPerSecond: rate(verify),
    opensslMbPerSecond: rate(row("openssl")),
  };
  const ratio = figures.verifyMbPerSecond / figures.opensslMbPerSecond;
  log(`model verifier hashing / openssl dgst -sha256: ${ratio.toFixed(3)}x (${figures.verifyMbPerSecond.toFixed(0)} vs ${figures.opensslMbPerSecond.toFixed(0)} MB/s); hash alone ${rate(row("hash")).toFixed(0)} MB/s, read alone ${rate(row("read")).toFixed(0)} MB/s`);
  log(
    `README: verifying a ${(m.bytes / MB).toFixed(0)} MB model of ${m.files} files takes ${wall(verify).toFixed(2)} s (${work(verify).toFixed(2)} s after Node starts), ` +
      `peak RSS ${figures.verifyPeakRssMb.toFixed(0)} MB, ${figures.verifyMbPerSecond.toFixed(0)} MB/s = ${ratio.toFixed(3)}x openssl dgst -sha256 on the same files`,
  );
  const failures = modelBudgetFailures(figures);
  if (failures.length === 0) {
    log(`model budgets met: verify peak RSS < ${MODEL_BUDGET.maxPeakRssMb} MB, hashing >= ${MODEL_BUDGET.minThroughputOfOpenssl}x openssl dgst -sha256`);
  }
  return failures;
}

/** The child: `model-bench.js <sign|read|hash|verify> <model dir> <seconds file> [public key file]`. */
async function childMain(argv: readonly string[]): Promise<void> {
  const [mode, dir, timeFile, keyFile] = argv;
  if (dir === undefined || timeFile === undefined) throw new Error("usage: model-bench.js <mode> <model dir> <seconds file> [public key file]");
  const started = process.hrtime.bigint();
  const ignore = [...DEFAULT_IGNORE_PATHS, "model.sig"];
  if (mode === "sign" && keyFile !== undefined) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const signer = new LocalPemSigner(privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    fs.writeFileSync(path.join(dir, "model.sig"), await signModelDirectory(dir, signer));
    fs.writeFileSync(keyFile, publicKey.export({ type: "spki", format: "pem" }).toString());
  } else if (mode === "read" || mode === "hash") {
    const files = directoryFiles(dir);
    for (const name of await files.list(ignore)) {
      if (mode === "hash") await fileDigest(files, name);
      else await pipeline(files.open(name), new Writable({ write: (_chunk, _encoding, done) => done() }));
    }
  } else if (mode === "verify" && keyFile !== undefined) {
    const statement = await verifyModelDirectory(dir, { bundle: await readBundleFile(path.join(dir, "model.sig")), publicKey: fs.readFileSync(keyFile, "utf8") });
    if (statement.resources.length === 0) throw new Error("verified no file");
  } else {
    throw new Error(`unknown mode ${String(mode)}`);
  }
  fs.writeFileSync(timeFile, String(Number(process.hrtime.bigint() - started) / 1e9));
}

if (require.main === module) {
  childMain(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`model-bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
