import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { runCli } from "../../cli/blueprint";
import { runFinops } from "../../cli/finops";

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

describe("blueprint program", () => {
  test("routes finops with its options untouched", () => {
    const direct = capture();
    const routed = capture();
    runFinops(["--tier", "audit-1y", "--ingest-gb-per-day", "3"], direct.io, CONTEXT);
    expect(runCli(["finops", "--tier", "audit-1y", "--ingest-gb-per-day", "3"], routed.io, CONTEXT)).toBe(0);
    expect(routed.out()).toBe(direct.out());
  });

  test("routes finops errors with their exit code", () => {
    const c = capture();
    expect(runCli(["finops", "--tier", "nope", "--ingest-gb-per-day", "3"], c.io, CONTEXT)).toBe(2);
    expect(c.err()).toMatch(/^finops error: --tier "nope" is not a known tier; accepted: [^\n]+\n$/);
  });

  test("finops --help is the subcommand's help", () => {
    const c = capture();
    expect(runCli(["finops", "--help"], c.io, CONTEXT)).toBe(0);
    expect(c.out()).toContain("Usage: blueprint finops");
  });

  test.each([
    [[], /^blueprint error: no command given; accepted: a command: audit, finops/],
    [["cost"], /^blueprint error: unknown command 'cost'; accepted: a command: audit, finops/],
    [["--verbose"], /^blueprint error: unknown option '--verbose'; accepted: a command: audit, finops/],
  ])("%p: exit 2 with one line", (argv, expected) => {
    const c = capture();
    expect(runCli(argv, c.io, CONTEXT)).toBe(2);
    expect(c.err()).toMatch(expected);
    expect(c.err().split("\n")).toEqual([expect.any(String), ""]);
    expect(c.out()).toBe("");
  });
});

describe("cli/blueprint.ts as a process", () => {
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
