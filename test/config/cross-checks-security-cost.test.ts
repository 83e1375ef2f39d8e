import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { securityToolingInput } from "../../config/cross-checks";
import { ConfigError, parseConfig } from "../../config/load";

/*
 * monitoring.maxMonthlySecurityCost fails config load (and so synth) when the environment's
 * security tooling estimate exceeds it on any cloud, as maxMonthlyLogCost does for log storage.
 */

const ROOT = path.resolve(__dirname, "..", "..");
type Doc = { environments: Record<string, { monitoring?: Record<string, unknown> }>; clouds: Record<string, Record<string, unknown>> };

function defaultDoc(): Doc {
  return parse(fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8")) as Doc;
}

function withLimit(env: string, limit: number, change: (d: Doc) => void = () => undefined): Doc {
  const doc = defaultDoc();
  const settings = doc.environments[env]!;
  settings.monitoring = { ...(settings.monitoring ?? {}), maxMonthlySecurityCost: limit };
  change(doc);
  return doc;
}

function errors(doc: Doc): string[] {
  try {
    parseConfig(stringify(doc), "test.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return [...e.lines];
    throw e;
  }
  return [];
}

describe("monitoring.maxMonthlySecurityCost", () => {
  // The default configuration's prod: 2 registries (40 + 200 GB/month), 20 GB/day of audit logs,
  // 2 million data events. AWS: 240 GB x 0.09 = 21.60, 2.4 x 0.215 = 0.516, 20 x 0.10 = 2.00,
  // 2 x 0.80 = 1.60, 608.75 GB x 0.50 = 304.375, 365 days kept (strict) = 7,300 GB-month x 0.03 = 219.00, 25 metrics
  // x 0.30 = 7.50, 25 alarms x 0.10 = 2.50, 8 anomaly alarms x 0.30 = 2.40: 561.491. GCP: 566.94 GiB less
  // 50 free x 0.50 = 258.47, 13 conditions x 1.50 = 19.50, 1.13958 M time series x 0.35 = 0.40:
  // 278.37. Azure: 2 registry accounts 20 + 240 GB x 0.15 = 36 + 4 other accounts 40 + the log
  // account's capped 100 GB x 0.15 = 15 + 6 time series 0.60 + 2 rules 3.00: 104.60.
  test("a limit under two clouds' estimates: one line naming the environment, each cloud over it, its estimate and the limit", () => {
    expect(errors(withLimit("prod", 150))).toEqual([
      "config error: environments.prod.monitoring.maxMonthlySecurityCost: environment prod's security tooling costs $561.49 on aws, $278.37 on gcp per month (2 more items not estimated), above $150.00; " +
        "accepted: a limit of at least $562, fewer registries or lower declared volumes (blueprint finops --security lists every line)",
    ]);
  });

  test("a limit under one cloud's estimate names that cloud only", () => {
    expect(errors(withLimit("prod", 300))).toEqual([
      "config error: environments.prod.monitoring.maxMonthlySecurityCost: environment prod's security tooling costs $561.49 on aws per month (2 more items not estimated), above $300.00; " +
        "accepted: a limit of at least $562, fewer registries or lower declared volumes (blueprint finops --security lists every line)",
    ]);
  });

  test("the limit at the highest estimate's next dollar loads", () => {
    expect(errors(withLimit("prod", 562))).toEqual([]);
  });

  test("guardDuty: false lowers the AWS estimate by the detector's S3 data events (2 x 0.80)", () => {
    const lines = errors(withLimit("prod", 300, (d) => ((d.clouds.aws!.threatDetection as Record<string, unknown>) = { guardDuty: false })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("costs $559.89 on aws per month, above $300.00");
  });

  test("a disabled cloud is not priced", () => {
    const lines = errors(withLimit("prod", 150, (d) => (d.clouds.aws!.enabled = false)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("costs $278.37 on gcp per month, above $150.00; accepted: a limit of at least $279,");
  });
});

describe("securityToolingInput", () => {
  const config = parseConfig(fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8"), "blueprint.config.yaml");

  test("reads the environment's registries on the cloud, its volumes and the cloud's threat detection switch", () => {
    expect(securityToolingInput(config, "prod", "aws")).toEqual({
      environment: "prod",
      registries: [
        { name: "fraud-scoring", monthlyUploadGb: 40 },
        { name: "llm-adapters", monthlyUploadGb: 200 },
      ],
      logIngestGbPerDay: 20,
      dataEventsPerMonth: 2_000_000,
      threatDetection: true,
      counts: { awsTrailLogRetentionDays: 365 },
    });
    expect(securityToolingInput(config, "dev", "azure")?.threatDetection).toBe(true);
    expect(securityToolingInput(config, "dev", "gcp")?.threatDetection).toBeUndefined();
  });

  test("an environment a cloud does not place gives no input", () => {
    expect(securityToolingInput(config, "staging", "aws")).toBeUndefined();
  });
});
