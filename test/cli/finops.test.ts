import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { runCli } from "../../cli/blueprint";
import { formatRegistryProjection, projectRegistries, runFinops } from "../../cli/finops";
import { loadConfig } from "../../config/load";

const ROOT = path.resolve(__dirname, "..", "..");
/** The environment of every in-process run: the default config of this repository, whatever the shell exports. */
const CONTEXT = { env: {}, cwd: ROOT };

function capture(): { io: { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean } }; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    io: {
      stdout: { write: (t: string) => ((out += t), true) },
      stderr: { write: (t: string) => ((err += t), true) },
    },
    out: () => out,
    err: () => err,
  };
}

function rows(stdout: string): string[] {
  return stdout.split("\n").filter((line) => /^(aws|gcp|azure)\s/.test(line));
}

describe("blueprint finops", () => {
  test("a good run prints one row per cloud, the price basis, and exits 0", () => {
    const c = capture();
    const code = runFinops(["--tier", "operational-90d", "--ingest-gb-per-day", "100"], c.io, CONTEXT);
    expect(code).toBe(0);
    expect(c.err()).toBe("");
    const table = rows(c.out());
    expect(table.map((r) => r.split(/\s+/)[0])).toEqual(["aws", "gcp", "azure"]);
    // aws: hand-computed in retention-cost.test.ts — $144.00 steady, $207.00 all hot, $63.00 (30.4 %), 9,000 GB, $4.7310
    expect(table[0]!.split(/\s+/)).toEqual(["aws", "144.00", "207.00", "63.00", "30.4", "9,000.0", "4.7310"]);
    expect(c.out()).toContain("as of 2026-11");
    expect(c.out()).toContain("us-east-1");
  });

  test("output is byte-identical across runs", () => {
    const a = capture();
    const b = capture();
    runFinops(["--tier", "compliance-7y", "--ingest-gb-per-day", "12.5"], a.io, CONTEXT);
    runFinops(["--ingest-gb-per-day=12.5", "--tier=compliance-7y"], b.io, CONTEXT);
    expect(a.out()).toBe(b.out());
    expect(a.out()).not.toBe("");
  });

  test("--help prints usage naming the presets and exits 0", () => {
    const c = capture();
    expect(runFinops(["--help"], c.io, CONTEXT)).toBe(0);
    expect(c.out()).toContain("Usage: blueprint finops --tier <name> --ingest-gb-per-day <n>");
    // Help wraps to the terminal's width: compare with the line breaks folded away.
    const help = c.out().replace(/\s+/g, " ");
    expect(help).toContain("compliance-7y, audit-1y, operational-90d");
    expect(help).toContain("--config <path> configuration to read custom tiers from");
    expect(c.err()).toBe("");
  });

  const BAD: Array<[string, string[], RegExp]> = [
    ["unknown tier", ["--tier", "forever", "--ingest-gb-per-day", "1"], /^finops error: --tier "forever" is not a known tier; accepted: compliance-7y, audit-1y, operational-90d, investigations-2y \(custom tiers read from .*blueprint\.config\.yaml\)$/],
    ["non-numeric ingest", ["--tier", "audit-1y", "--ingest-gb-per-day", "lots"], /^finops error: --ingest-gb-per-day "lots" is not a number; accepted: /],
    ["hex ingest", ["--tier", "audit-1y", "--ingest-gb-per-day", "0x10"], /^finops error: --ingest-gb-per-day "0x10" is not a number; /],
    ["negative ingest", ["--tier", "audit-1y", "--ingest-gb-per-day", "-5"], /^finops error: --ingest-gb-per-day "-5" is out of range; accepted: .*greater than 0/],
    ["zero ingest", ["--tier", "audit-1y", "--ingest-gb-per-day", "0"], /^finops error: --ingest-gb-per-day "0" is out of range; /],
    ["too large ingest", ["--tier", "audit-1y", "--ingest-gb-per-day", "1000000.5"], /^finops error: --ingest-gb-per-day "1000000.5" is out of range; accepted: .*at most 1000000$/],
    ["missing --tier", ["--ingest-gb-per-day", "1"], /^finops error: --tier is missing; accepted: a preset \(compliance-7y, audit-1y, operational-90d\) or a custom tier/],
    ["missing --ingest-gb-per-day", ["--tier", "audit-1y"], /^finops error: --ingest-gb-per-day is missing; accepted: /],
    ["no options at all", [], /^finops error: --tier is missing; /],
    ["option without its value", ["--tier", "audit-1y", "--ingest-gb-per-day"], /^finops error: option '--ingest-gb-per-day <n>' argument missing; accepted: blueprint finops --tier <name> --ingest-gb-per-day <n> \[--config <path>\]$/],
    ["unknown option", ["--tier", "audit-1y", "--ingest-gb-per-day", "1", "--region", "eu"], /^finops error: unknown option '--region'; accepted: --tier <name>, --ingest-gb-per-day <n>, --config <path>, --help/],
    ["misspelt option, no suggestion line", ["--tir", "audit-1y", "--ingest-gb-per-day", "1"], /^finops error: unknown option '--tir'; accepted: /],
    ["custom tier unknown to the given config", ["--tier", "forever", "--ingest-gb-per-day", "1", "--config", "blueprint.config.yaml"], /^finops error: --tier "forever" is not a known tier; accepted: .*investigations-2y/],
    ["stray argument", ["--tier", "audit-1y", "--ingest-gb-per-day", "1", "extra"], /^finops error: too many arguments for 'finops'.*; accepted: /],
    ["value with a newline", ["--tier", "audit\n1y", "--ingest-gb-per-day", "1"], /^finops error: --tier "audit\\n1y" is not a known tier; /],
  ];

  test.each(BAD)("%s: exit 2, one stderr line, no stack trace, nothing on stdout", (_name, argv, expected) => {
    const c = capture();
    expect(runFinops(argv, c.io, CONTEXT)).toBe(2);
    expect(c.out()).toBe("");
    const err = c.err();
    expect(err.endsWith("\n")).toBe(true);
    const lines = err.slice(0, -1).split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^finops error: .+; accepted: .+/);
    expect(lines[0]).toMatch(expected);
    expect(err).not.toMatch(/\n\s+at /);
    expect(err).not.toContain("    at ");
    expect(err).not.toContain("Usage:");
  });
});

describe("blueprint finops with custom tiers", () => {
  const scratch = path.join(__dirname, "..", ".out", "finops-config");
  beforeAll(() => fs.mkdirSync(scratch, { recursive: true }));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test("a custom tier of the default configuration is estimated on every cloud", () => {
    const c = capture();
    expect(runFinops(["--tier", "investigations-2y", "--ingest-gb-per-day", "10"], c.io, CONTEXT)).toBe(0);
    expect(c.out()).toMatch(/^retention tier investigations-2y, ingest 10 GB\/day/);
    expect(c.out()).toMatch(/\naws\s/);
    expect(c.out()).toMatch(/\ngcp\s/);
    expect(c.out()).toMatch(/\nazure\s/);
  });

  test("--config selects another file; a cloud where the tier is invalid is named, not estimated", () => {
    const config = fs
      .readFileSync(path.join(__dirname, "..", "..", "blueprint.config.yaml"), "utf8")
      .replace("investigations-2y:\n    warmAfterDays: 30", "investigations-2y:\n    warmAfterDays: 10\n    acceptEarlyDeletionFees: true")
      .replace("  aws:\n    adminRoleName", "  aws:\n    enabled: false\n    adminRoleName");
    const file = path.join(scratch, "early-warm.yaml");
    // AWS is disabled in this file, so the configuration is valid while the tier is not valid on AWS.
    fs.writeFileSync(file, config);
    const c = capture();
    expect(runFinops(["--tier", "investigations-2y", "--ingest-gb-per-day", "10", "--config", file], c.io, CONTEXT)).toBe(0);
    expect(c.out()).not.toMatch(/\naws\s+\d/);
    expect(c.out()).toContain("aws: not estimated, the tier is invalid there (AWS_S3_STANDARD_IA_TOO_EARLY)");
    expect(c.out()).toMatch(/\ngcp\s+\d/);
  });

  test("a configuration that cannot be read is reported as config errors, exit 2", () => {
    const c = capture();
    expect(runFinops(["--tier", "investigations-2y", "--ingest-gb-per-day", "1", "--config", path.join(scratch, "missing.yaml")], c.io, CONTEXT)).toBe(2);
    expect(c.err()).toMatch(/^config error: .*missing\.yaml: file not found; /);
    expect(c.err().trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("blueprint finops --registries", () => {
  const scratch = path.join(__dirname, "..", ".out", "finops-registries");
  beforeAll(() => fs.mkdirSync(scratch, { recursive: true }));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  function registryRows(stdout: string): string[][] {
    return rows(stdout).map((r) => r.split(/\s{2,}/));
  }

  test("with the default configuration: one row per registry, a total per cloud and environment, exit 0", () => {
    const c = capture();
    expect(runFinops(["--registries"], c.io, CONTEXT)).toBe(0);
    expect(c.err()).toBe("");
    const table = registryRows(c.out());
    expect(table.map((r) => r.slice(0, 3).join(" "))).toEqual([
      "aws dev fraud-scoring",
      "aws dev llm-adapters",
      "aws dev (total)",
      "aws prod fraud-scoring",
      "aws prod llm-adapters",
      "aws prod (total)",
      "gcp dev fraud-scoring",
      "gcp dev llm-adapters",
      "gcp dev (total)",
      "gcp prod fraud-scoring",
      "gcp prod llm-adapters",
      "gcp prod (total)",
      "azure dev fraud-scoring",
      "azure dev llm-adapters",
      "azure dev (total)",
      "azure prod fraud-scoring",
      "azure prod llm-adapters",
      "azure prod (total)",
    ]);
    // aws dev fraud-scoring: 10 GB/month, incomingExpiryDays 14 (default) + 1 noncurrent day on AWS
    //   incoming/ full = 10 × 15 / 30.4375 = 4.928 GB; every upload promoted and kept
    //   month 1:  4.928 + 10  =  14.928 GB × $0.023 = $0.3433
    //   month 12: 4.928 + 120 = 124.928 GB × $0.023 = $2.8733
    //   month 36: 4.928 + 360 = 364.928 GB × $0.023 = $8.3933
    expect(table[0]).toEqual(["aws", "dev", "fraud-scoring", "10.0", "4.9", "14.9", "0.34", "124.9", "2.87", "364.9", "8.39"]);
    // aws prod llm-adapters: 200 GB/month, incomingExpiryDays 7 + 1: 200 × 8 / 30.4375 = 52.567 GB
    //   month 1:  252.567 GB × $0.023 = $5.8090; month 12: 2,452.567 GB = $56.4090; month 36: 7,252.567 GB = $166.8090
    expect(table[4]).toEqual(["aws", "prod", "llm-adapters", "200.0", "52.6", "252.6", "5.81", "2,452.6", "56.41", "7,252.6", "166.81"]);
    // aws prod total: fraud-scoring 40 GB/month, 40 × 15 / 30.4375 = 19.713 GB in incoming/, plus the row above
    //   incoming/ 19.713 + 52.567 = 72.279; month 1: 59.713 + 252.567 = 312.279 GB = $7.1824
    //   month 12: 499.713 + 2,452.567 = 2,952.279 GB = $67.9024; month 36: 8,712.279 GB = $200.3824
    expect(table[5]).toEqual(["aws", "prod", "(total)", "240.0", "72.3", "312.3", "7.18", "2,952.3", "67.90", "8,712.3", "200.38"]);
    // gcp dev fraud-scoring: 14 + 31 = 45 days in incoming/, longer than a month:
    //   month 1 holds every upload so far, 10 GB, plus its 10 GB copy = 20 GB × $0.020 = $0.40
    //   incoming/ full = 10 × 45 / 30.4375 = 14.784 GB; month 12: 134.784 GB = $2.6957; month 36: 374.784 GB = $7.4957
    expect(table[6]).toEqual(["gcp", "dev", "fraud-scoring", "10.0", "14.8", "20.0", "0.40", "134.8", "2.70", "374.8", "7.50"]);
    // azure prod llm-adapters: 7 + 30 soft delete = 37 days; month 1: 200 + 200 = 400 GB × $0.0184 = $7.36
    //   incoming/ full = 200 × 37 / 30.4375 = 243.121 GB; month 12: 2,643.121 GB = $48.6334; month 36: 7,443.121 GB = $136.9534
    expect(table[16]).toEqual(["azure", "prod", "llm-adapters", "200.0", "243.1", "400.0", "7.36", "2,643.1", "48.63", "7,443.1", "136.95"]);
    expect(c.out()).toMatch(/^model registry storage, from monthlyUploadGb in the configuration, Standard class, GB stored at the end of month 1, 12, 36/);
    expect(c.out()).toContain("every upload is promoted to approved/ (the upper bound)");
    expect(c.out()).toContain("approved/ copies are kept after their retention ends (nothing expires approved/)");
    expect(c.out()).toContain("aws STANDARD 0.023 (AWS S3, us-east-1, first 50 TB/month band; https://aws.amazon.com/s3/pricing/)");
    expect(c.out()).toContain("gcp STANDARD 0.02 (Google Cloud Storage, us-central1 (single region); https://cloud.google.com/storage/pricing)");
    expect(c.out()).toContain("azure Hot 0.0184 (Azure Blob Storage, LRS, East US, Hot first 50 TB/month band; https://azure.microsoft.com/en-us/pricing/details/storage/blobs/)");
    expect(c.out()).not.toContain("retention tier");
  });

  test("output is byte-identical across runs", () => {
    const a = capture();
    const b = capture();
    runFinops(["--registries"], a.io, CONTEXT);
    runFinops(["--registries", "--config", "blueprint.config.yaml"], b.io, CONTEXT);
    expect(a.out()).toBe(b.out());
    expect(a.out()).not.toBe("");
  });

  test("a registry without monthlyUploadGb is listed as not projected; a disabled cloud is left out", () => {
    const config = fs
      .readFileSync(path.join(__dirname, "..", "..", "blueprint.config.yaml"), "utf8")
      // The first occurrence is aws dev fraud-scoring's.
      .replace("            monthlyUploadGb: 10\n", "")
      .replace("  azure:\n    tenantId", "  azure:\n    enabled: false\n    tenantId");
    const file = path.join(scratch, "unprojected.yaml");
    fs.writeFileSync(file, config);
    const c = capture();
    expect(runFinops(["--registries", "--config", file], c.io, CONTEXT)).toBe(0);
    const lines = rows(c.out());
    expect(lines[0]).toMatch(/^aws {4}dev {10}fraud-scoring {2}not projected: no monthlyUploadGb$/);
    // One projected registry left in aws dev: no total row for it.
    expect(registryRows(c.out()).map((r) => r.slice(0, 3).join(" "))).toEqual([
      "aws dev fraud-scoring",
      "aws dev llm-adapters",
      "aws prod fraud-scoring",
      "aws prod llm-adapters",
      "aws prod (total)",
      "gcp dev fraud-scoring",
      "gcp dev llm-adapters",
      "gcp dev (total)",
      "gcp prod fraud-scoring",
      "gcp prod llm-adapters",
      "gcp prod (total)",
    ]);
  });

  test("with --tier and --ingest-gb-per-day: the tier table first, then the registries", () => {
    const c = capture();
    expect(runFinops(["--tier", "operational-90d", "--ingest-gb-per-day", "100", "--registries"], c.io, CONTEXT)).toBe(0);
    const out = c.out();
    expect(out).toMatch(/^retention tier operational-90d, ingest 100 GB\/day/);
    expect(out.indexOf("\nmodel registry storage")).toBeGreaterThan(out.indexOf("excluded: requests and lifecycle"));
    // The tier's aws row, as in the first test of this file, and the registries' first row.
    expect(rows(out)[0]!.split(/\s+/)).toEqual(["aws", "144.00", "207.00", "63.00", "30.4", "9,000.0", "4.7310"]);
    expect(registryRows(out)[3]![2]).toBe("fraud-scoring");
  });

  test("--registries with only one of the tier options is still an error, with nothing on stdout", () => {
    const c = capture();
    expect(runFinops(["--registries", "--tier", "audit-1y"], c.io, CONTEXT)).toBe(2);
    expect(c.out()).toBe("");
    expect(c.err()).toMatch(/^finops error: --ingest-gb-per-day is missing; accepted: [^\n]+\n$/);
  });

  test("a missing --tier names --registries as the other way to run", () => {
    const c = capture();
    expect(runFinops([], c.io, CONTEXT)).toBe(2);
    expect(c.err()).toMatch(/; accepted: a preset .*, or --registries alone for the model registry storage projection\n$/);
  });

  test("--help lists --registries", () => {
    const c = capture();
    expect(runFinops(["--help"], c.io, CONTEXT)).toBe(0);
    const help = c.out().replace(/\s+/g, " ");
    expect(help).toContain("--registries project the storage of every model registry in the configuration");
    expect(help).toContain("Usage: blueprint finops --tier <name> --ingest-gb-per-day <n> [--registries] [--config <path>]");
  });

  test("an empty projection says there are no registries", () => {
    expect(formatRegistryProjection([])).toContain("\nno registries in the configuration\n");
  });

  test("projectRegistries gives each registry its cloud's estimate, with the config's days", () => {
    const projection = projectRegistries(loadConfig(path.join(ROOT, "blueprint.config.yaml")));
    expect(projection).toHaveLength(12);
    const awsProdLlm = projection.find((r) => r.cloud === "aws" && r.environment === "prod" && r.registry === "llm-adapters");
    expect(awsProdLlm?.estimate).toMatchObject({ monthlyUploadGb: 200, incomingExpiryDays: 7, approvedRetentionDays: 730, promotedShare: 1, noncurrentDays: 1, className: "STANDARD" });
    expect(awsProdLlm?.estimate?.steadyState).toBeUndefined();
  });
});

describe("blueprint program", () => {
  test("routes finops with its options untouched", async () => {
    const direct = capture();
    const routed = capture();
    runFinops(["--tier", "audit-1y", "--ingest-gb-per-day", "3"], direct.io, CONTEXT);
    expect(await runCli(["finops", "--tier", "audit-1y", "--ingest-gb-per-day", "3"], routed.io, CONTEXT)).toBe(0);
    expect(routed.out()).toBe(direct.out());
  });

  test("routes finops errors with their exit code", async () => {
    const c = capture();
    expect(await runCli(["finops", "--tier", "nope", "--ingest-gb-per-day", "3"], c.io, CONTEXT)).toBe(2);
    expect(c.err()).toMatch(/^finops error: --tier "nope" is not a known tier; accepted: [^\n]+\n$/);
  });

  test("finops --help is the subcommand's help", async () => {
    const c = capture();
    expect(await runCli(["finops", "--help"], c.io, CONTEXT)).toBe(0);
    expect(c.out()).toContain("Usage: blueprint finops");
  });

  test.each([
    [[], /^blueprint error: no command given; accepted: a command: audit, finops/],
    [["cost"], /^blueprint error: unknown command 'cost'; accepted: a command: audit, finops/],
    [["--verbose"], /^blueprint error: unknown option '--verbose'; accepted: a command: audit, finops/],
  ])("%p: exit 2 with one line", async (argv, expected) => {
    const c = capture();
    expect(await runCli(argv, c.io, CONTEXT)).toBe(2);
    expect(c.err()).toMatch(expected);
    expect(c.err().split("\n")).toEqual([expect.any(String), ""]);
    expect(c.out()).toBe("");
  });
});

describe("cli/blueprint.ts as a process", () => {
  test("finops --registries prints the registry projection of the default configuration and exits 0", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "cli/blueprint.ts", "finops", "--registries"], {
      cwd: ROOT,
      env: { PATH: process.env["PATH"] ?? "" },
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    // The same aws dev fraud-scoring row as in the in-process test above.
    expect(rows(result.stdout)[0]).toMatch(/^aws\s+dev\s+fraud-scoring\s+10\.0\s+4\.9\s+14\.9\s+0\.34\s+124\.9\s+2\.87\s+364\.9\s+8\.39$/);
  });

  test("finops --tier compliance-7y --ingest-gb-per-day 100 prints three cloud rows and exits 0", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "cli/blueprint.ts", "finops", "--tier", "compliance-7y", "--ingest-gb-per-day", "100"], {
      cwd: ROOT,
      env: { PATH: process.env["PATH"] ?? "" },
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(rows(result.stdout).map((r) => r.split(/\s+/)[0])).toEqual(["aws", "gcp", "azure"]);
    // aws: 30 d × 100 GB × 0.023 + 60 × 100 × 0.0125 + 90 × 100 × 0.004 + 2,377 × 100 × 0.00099
    //    = 69 + 75 + 36 + 235.323 = $415.32 a month
    expect(rows(result.stdout)[0]).toMatch(/^aws\s+415\.32\s/);
  });

  test("a bad argument exits 2 with one line and no stack trace", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "cli/blueprint.ts", "finops", "--tier", "compliance-7y", "--ingest-gb-per-day", "-1"], {
      cwd: ROOT,
      env: { PATH: process.env["PATH"] ?? "" },
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^finops error: --ingest-gb-per-day "-1" is out of range; accepted: [^\n]+\n$/);
  });
});
