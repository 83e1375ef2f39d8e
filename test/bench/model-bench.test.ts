import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { BENCH_MODEL, ModelFileSpec, ModelMeasurement, modelBudgetFailures, Prng, reportModelVerification, safetensorsHeader, writeModel } from "../../bench/model-bench";
import { detectFormat } from "../../functions/promotion-gate/serialization/formats";
import { bufferSource } from "../../functions/promotion-gate/serialization/source";

/*
 * The model bench's pure parts: the generator (same bytes for the same seed, valid safetensors)
 * and the budget check. Nothing here is timed; `npm run bench` does the measuring.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "model-bench");

const SMALL: readonly ModelFileSpec[] = [
  { name: "model.safetensors", kind: "safetensors", bytes: 64 * 1024 },
  { name: "model-00001-of-00002.safetensors", kind: "safetensors", bytes: 8192 + 12 },
  { name: "config.json", kind: "config", bytes: 0 },
  { name: "tokenizer.json", kind: "tokenizer", bytes: 2048 },
];

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of (fs.readdirSync(dir) as string[]).sort()) out[name] = createHash("sha256").update(fs.readFileSync(path.join(dir, name))).digest("hex");
  return out;
}

describe("model bench generator", () => {
  beforeAll(() => fs.mkdirSync(SCRATCH, { recursive: true }));
  afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

  test("the same seed writes the same bytes twice; another seed other weights", () => {
    const a = path.join(SCRATCH, "a");
    const b = path.join(SCRATCH, "b");
    const c = path.join(SCRATCH, "c");
    expect(writeModel(a, SMALL, 7)).toBe(writeModel(b, SMALL, 7));
    writeModel(c, SMALL, 8);
    expect(Object.keys(filesOf(a))).toEqual(["config.json", "model-00001-of-00002.safetensors", "model.safetensors", "tokenizer.json"]);
    expect(filesOf(b)).toEqual(filesOf(a));
    expect(filesOf(c)["model.safetensors"]).not.toBe(filesOf(a)["model.safetensors"]);
    expect(filesOf(c)["config.json"]).toBe(filesOf(a)["config.json"]);
  });

  test("the bytes do not depend on the host: a generated weights buffer pinned", () => {
    const dir = path.join(SCRATCH, "pinned");
    writeModel(dir, [{ name: "w.safetensors", kind: "safetensors", bytes: 8192 }], 1);
    const data = fs.readFileSync(path.join(dir, "w.safetensors")).subarray(4096);
    expect(data.subarray(0, 16).toString("hex")).toBe("72db5aefda18acbcc2f0a73c524fc1dd");
    expect(createHash("sha256").update(data).digest("hex")).toBe("5d603ca769d18ea6c79cdc8afd3c23f75f9c6e7e770de714e62912ced0cea344");
  });

  test("the PRNG repeats for a seed and differs across seeds", () => {
    const first = new Prng(42);
    const again = new Prng(42);
    const other = new Prng(43);
    const seq = Array.from({ length: 8 }, () => first.next());
    expect(Array.from({ length: 8 }, () => again.next())).toEqual(seq);
    expect(Array.from({ length: 8 }, () => other.next())).not.toEqual(seq);
    expect(new Set(seq).size).toBe(8);
  });

  test("weights files are the exact size and valid safetensors", async () => {
    const dir = path.join(SCRATCH, "st");
    writeModel(dir, SMALL, 3);
    const bytes = fs.readFileSync(path.join(dir, "model.safetensors"));
    expect(bytes.length).toBe(64 * 1024);
    expect(bytes.readBigUInt64LE(0)).toBe(4088n);
    await expect(detectFormat(bufferSource("model.safetensors", bytes))).resolves.toEqual({ format: "safetensors" });
    const shard = fs.readFileSync(path.join(dir, "model-00001-of-00002.safetensors"));
    expect(shard.length).toBe(8204);
    await expect(detectFormat(bufferSource("shard", shard))).resolves.toEqual({ format: "safetensors" });
  });

  test("the header lists F32 tensors that cover the buffer without holes", () => {
    const header = safetensorsHeader(4096 + 40);
    expect(header.length).toBe(4096);
    expect(JSON.parse(header.subarray(8).toString("utf8"))).toEqual({
      __metadata__: { format: "pt" },
      "model.layers.0.weight": { dtype: "F32", shape: [2], data_offsets: [0, 8] },
      "model.layers.1.weight": { dtype: "F32", shape: [2], data_offsets: [8, 16] },
      "model.layers.2.weight": { dtype: "F32", shape: [2], data_offsets: [16, 24] },
      "model.layers.3.weight": { dtype: "F32", shape: [4], data_offsets: [24, 40] },
    });
  });

  test("a size that cannot hold F32 tensors after the header is refused", () => {
    expect(() => safetensorsHeader(4096 + 42)).toThrow("a safetensors file of 4138 bytes cannot hold 4 F32 tensors after its header");
    expect(() => safetensorsHeader(4096 + 8)).toThrow("a safetensors file of 4104 bytes cannot hold 4 F32 tensors after its header");
  });

  test("the bench model is 200 MB of weights in three files plus config and tokenizer", () => {
    expect(BENCH_MODEL.map((f) => [f.name, f.kind, f.bytes])).toEqual([
      ["model.safetensors", "safetensors", 125829120],
      ["model-00001-of-00002.safetensors", "safetensors", 41943040],
      ["model-00002-of-00002.safetensors", "safetensors", 41943040],
      ["config.json", "config", 0],
      ["tokenizer.json", "tokenizer", 1048576],
    ]);
  });
});

describe("model bench budgets", () => {
  test("met: RSS below 100 MB, hashing at 0.8x openssl exactly", () => {
    expect(modelBudgetFailures({ verifyPeakRssMb: 99.9, verifyMbPerSecond: 800, opensslMbPerSecond: 1000 })).toEqual([]);
  });

  test("peak RSS of 100 MB misses (the budget is strictly under)", () => {
    expect(modelBudgetFailures({ verifyPeakRssMb: 100, verifyMbPerSecond: 900, opensslMbPerSecond: 1000 })).toEqual([
      "model verification peak RSS 100 MB is not below 100 MB",
    ]);
  });

  test("a missing RSS reading misses rather than passes", () => {
    expect(modelBudgetFailures({ verifyPeakRssMb: Number.NaN, verifyMbPerSecond: 900, opensslMbPerSecond: 1000 })).toEqual([
      "model verification peak RSS NaN MB is not below 100 MB",
    ]);
  });

  test("hashing below 0.8x openssl misses, with both rates", () => {
    expect(modelBudgetFailures({ verifyPeakRssMb: 80, verifyMbPerSecond: 730, opensslMbPerSecond: 1000 })).toEqual([
      "model verification hashes 730 MB/s, 0.730x openssl dgst -sha256's 1000 MB/s, below 0.8x",
    ]);
  });

  test("just under 0.8x misses, and the line shows why (three decimals)", () => {
    expect(modelBudgetFailures({ verifyPeakRssMb: 80, verifyMbPerSecond: 751, opensslMbPerSecond: 940 })).toEqual([
      "model verification hashes 751 MB/s, 0.799x openssl dgst -sha256's 940 MB/s, below 0.8x",
    ]);
  });

  test("both missed gives two lines", () => {
    expect(modelBudgetFailures({ verifyPeakRssMb: 150, verifyMbPerSecond: 100, opensslMbPerSecond: 1000 })).toEqual([
      "model verification peak RSS 150 MB is not below 100 MB",
      "model verification hashes 100 MB/s, 0.100x openssl dgst -sha256's 1000 MB/s, below 0.8x",
    ]);
  });
});

describe("model bench report", () => {
  const measurement = (verifySeconds: number, rssMb: number): ModelMeasurement => ({
    bytes: 200 * 2 ** 20,
    files: 5,
    rows: [
      { name: "read", what: "read", samples: [{ seconds: 0.2, rssMb: 70 }], inProcess: [0.1] },
      { name: "hash", what: "hash", samples: [{ seconds: 0.3, rssMb: 71 }], inProcess: [0.2] },
      { name: "openssl", what: "openssl", samples: [{ seconds: 0.2, rssMb: Number.NaN }], inProcess: [0.2] },
      { name: "verify", what: "verify", samples: [{ seconds: verifySeconds + 0.1, rssMb: rssMb }], inProcess: [verifySeconds] },
    ],
  });

  test("rows against the read floor, the README line and the met line", () => {
    const lines: string[] = [];
    expect(reportModelVerification(measurement(0.25, 80), (l) => lines.push(l))).toEqual([]);
    expect(lines).toEqual([
      "\n| model run | what | median s | min s | in-process median s | MB/s | x read floor | peak RSS MB |",
      "|---|---|---:|---:|---:|---:|---:|---:|",
      "| read | read | 0.20 | 0.20 | 0.100 | 2000 | 1.00 | 70 |",
      "| hash | hash | 0.30 | 0.30 | 0.200 | 1000 | 2.00 | 71 |",
      "| openssl | openssl | 0.20 | 0.20 | 0.200 | 1000 | 2.00 |  |",
      "| verify | verify | 0.35 | 0.35 | 0.250 | 800 | 2.50 | 80 |",
      "model verifier hashing / openssl dgst -sha256: 0.800x (800 vs 1000 MB/s); hash alone 1000 MB/s, read alone 2000 MB/s",
      "README: verifying a 200 MB model of 5 files takes 0.35 s (0.25 s after Node starts), peak RSS 80 MB, 800 MB/s = 0.800x openssl dgst -sha256 on the same files",
      "model budgets met: verify peak RSS < 100 MB, hashing >= 0.8x openssl dgst -sha256",
    ]);
  });

  test("a slow verifier is returned as a failure and no met line is printed", () => {
    const lines: string[] = [];
    expect(reportModelVerification(measurement(0.4, 80), (l) => lines.push(l))).toEqual([
      "model verification hashes 500 MB/s, 0.500x openssl dgst -sha256's 1000 MB/s, below 0.8x",
    ]);
    expect(lines.filter((l) => l.startsWith("model budgets met"))).toEqual([]);
  });
});
