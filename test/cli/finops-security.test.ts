import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { formatSecurityTooling, projectSecurityTooling, runFinops } from "../../cli/finops";
import { loadConfig } from "../../config/load";

const ROOT = path.resolve(__dirname, "..", "..");
const CONTEXT = { env: {}, cwd: ROOT };
const SCRATCH = path.join(ROOT, "test", ".out", "finops-security");

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

/** The parts of the configuration document these tests change. */
interface Doc {
  environments: Record<string, { logs: Record<string, unknown>; monitoring?: Record<string, unknown> }>;
  clouds: Record<string, { enabled?: boolean; threatDetection?: Record<string, boolean>; environments: Record<string, { registries: Array<{ name: string; monthlyUploadGb?: number }> }> }>;
}

/**
 * The default configuration with every volume the security table prices set here, as literals:
 * prod 10 GB/day of audit logs and 500,000 data events, its registries 40 and 200 GB/month on
 * every cloud; GCP disabled; optionally a security cost limit on prod.
 */
function literalConfig(name: string, change: (d: Doc) => void = () => undefined): string {
  const doc = parse(fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8")) as Doc;
  const prod = doc.environments["prod"]!;
  prod.logs["ingestGbPerDay"] = 10;
  Reflect.deleteProperty(prod.logs, "maxMonthlyLogCost");
  prod.monitoring = { ...prod.monitoring, dataEventsPerMonth: 500_000 };
  for (const cloud of ["aws", "gcp", "azure"]) {
    const registries = doc.clouds[cloud]!.environments["prod"]!.registries;
    registries[0] = { ...registries[0]!, name: "fraud-scoring", monthlyUploadGb: 40 };
    registries[1] = { ...registries[1]!, name: "llm-adapters", monthlyUploadGb: 200 };
  }
  doc.clouds["gcp"]!.enabled = false;
  doc.clouds["aws"]!.threatDetection = { guardDuty: true };
  doc.clouds["azure"]!.threatDetection = { defenderPlans: true };
  change(doc);
  fs.mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, `${name}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  return file;
}

/** Table rows of one cloud and environment, split on the column gaps. */
function rowsOf(stdout: string, cloud: string, environment: string): string[][] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith(`${cloud} `))
    .map((l) => l.split(/\s{2,}/))
    .filter((cells) => cells[1] === environment);
}

afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

describe("blueprint finops --security", () => {
  test("AWS prod: every line with quantity, unit price, monthly USD and its basis; the total; exit 0", () => {
    const c = capture();
    expect(runFinops(["--security", "--config", literalConfig("aws")], c.io, CONTEXT)).toBe(0);
    expect(c.err()).toBe("");
    const rows = rowsOf(c.out(), "aws", "prod").map((r) => r.slice(2, 7));
    expect(rows).toEqual([
      // 240 GB x 0.09 = 21.60; 2,400 objects x 0.215/1,000 = 0.516
      ["GuardDuty Malware Protection for S3, data scanned", "GB scanned", "240.00", "0.09", "21.60"],
      ["GuardDuty Malware Protection for S3, objects evaluated", "1,000 objects", "2.40", "0.215", "0.52"],
      // 500,000 events: 5 x 0.10 per 100,000; GuardDuty 0.5 x 0.80 per million
      ["CloudTrail data events recorded (trail)", "100,000 events", "5.00", "0.1", "0.50"],
      ["GuardDuty S3 Protection, CloudTrail S3 data events analysed (first 500 million)", "1,000,000 events", "0.50", "0.8", "0.40"],
      ["GuardDuty foundational, CloudTrail management events analysed", "1,000,000 events", "-", "4", "-"],
      ["GuardDuty Lambda Protection, network activity logs analysed (first 500 GB)", "GB analysed", "-", "1", "-"],
      // 10 GB/day x 30.4375 = 304.375 GB x 0.50 = 152.1875; 365 days kept (strict: the function log retention) = 3,650 GB-month x 0.03
      ["CloudWatch Logs ingestion, Standard log class", "GB ingested", "304.38", "0.5", "152.19"],
      ["CloudWatch Logs storage (archive)", "GB-month", "3,650.00", "0.03", "109.50"],
      // 19 trail filters + 2 registries x (2 trail + 1 gate) = 25 metrics and 25 alarms; 2 x 4 anomaly alarms
      ["CloudWatch custom metric written by a metric filter (first 10,000)", "metric-month", "25.00", "0.3", "7.50"],
      ["CloudWatch standard-resolution alarm", "alarm metric-month", "25.00", "0.1", "2.50"],
      ["CloudWatch anomaly detection alarm (3 standard alarm metrics)", "alarm-month", "8.00", "0.3", "2.40"],
      ["AWS Cost Anomaly Detection monitors and subscriptions", "monitor-month", "2.00", "0", "0.00"],
      // 21.60 + 0.516 + 0.50 + 0.40 + 152.1875 + 109.50 + 7.50 + 2.50 + 2.40 = 297.1035
      ["(total)", "297.10", "2 lines not estimated, not in the total"],
    ]);
    const notEstimated = rowsOf(c.out(), "aws", "prod").find((r) => r[2] === "GuardDuty foundational, CloudTrail management events analysed");
    expect(notEstimated?.[7]).toBe("not estimated: billed on the account's CloudTrail management events, which no setting declares");
  });

  test("Azure prod: the registry accounts, the subscription plan's other accounts, the capped log scanning; GCP disabled is left out", () => {
    const c = capture();
    expect(runFinops(["--security", "--config", literalConfig("azure")], c.io, CONTEXT)).toBe(0);
    const rows = rowsOf(c.out(), "azure", "prod").map((r) => r.slice(2, 7));
    // 2 x 10 + 240 GB x 0.15 + 3 x 10 + min(304.375, 100) GB x 0.15 + 6 x 0.10 + 2 x 1.50 = 104.60
    expect(rows.slice(0, -1).map((r) => [r[0], r[2], r[4]])).toEqual([
      ["Defender for Storage, per-storage-account plan", "2.00", "20.00"],
      ["Defender for Storage on-upload malware scanning", "240.00", "36.00"],
      ["Defender for Storage, per-storage-account plan", "3.00", "30.00"],
      ["Defender for Storage on-upload malware scanning", "100.00", "15.00"],
      ["Defender for Key Vault (PerKeyVault subplan)", "-", "-"],
      ["Defender for Storage, transactions above those the per-account price includes", "-", "-"],
      ["Azure Monitor metric alert rule, time series monitored (static or dynamic threshold)", "6.00", "0.60"],
      ["Azure Monitor log search alert rule evaluated every 5 minutes", "2.00", "3.00"],
      ["Azure Monitor activity log alert rule", "20.00", "0.00"],
      ["Cost Management anomaly alert", "1.00", "0.00"],
      ["Log Analytics Analytics-plan ingestion, pay-as-you-go", "-", "-"],
    ]);
    expect(rows[rows.length - 1]).toEqual(["(total)", "104.60", "3 lines not estimated, not in the total"]);
    expect(c.out().split("\n").filter((l) => l.startsWith("gcp "))).toEqual([]);
  });

  test("defenderPlans: false prices only the registry accounts", () => {
    const c = capture();
    expect(runFinops(["--security", "--config", literalConfig("no-plans", (d) => (d.clouds["azure"]!.threatDetection = { defenderPlans: false }))], c.io, CONTEXT)).toBe(0);
    // 20 + 36 + 0.60 + 3.00
    expect(rowsOf(c.out(), "azure", "prod").pop()).toEqual(["azure", "prod", "(total)", "59.60", "2 lines not estimated, not in the total"]);
  });

  test("the header, the price date, each cloud's region basis and the sources are printed", () => {
    const c = capture();
    runFinops(["--security", "--config", literalConfig("footer")], c.io, CONTEXT);
    const out = c.out();
    expect(out).toMatch(/^security tooling per environment and cloud, USD per month/);
    expect(out).toMatch(/\ncloud {2}environment {2}item +unit +quantity {2}USD\/unit {2}USD\/month {2}basis of the quantity\n/);
    expect(out).toContain("prices: list prices as of 2026-12: aws = AWS us-east-1, first volume band, free tiers not subtracted;");
    expect(out).toContain("azure = Azure East US, pay-as-you-go, free allowances not subtracted; other regions differ");
    expect(out).toContain("\n  https://aws.amazon.com/cloudtrail/pricing/: CloudTrail data events recorded (trail)\n");
    // A source whose figure came from another stored page names that page and what is unsettled.
    expect(out).toContain(
      "\n  https://cloud.google.com/monitoring/alerts/cost-control (figures from the worked examples of the stored 'Manage alerting costs' page; a newer copy bills time-series points returned and its rate was not stored: verify): Cloud Monitoring alerting policy condition; Cloud Monitoring alerting, time series returned\n",
    );
  });

  test("output is byte-identical across runs", () => {
    const a = capture();
    const b = capture();
    runFinops(["--security"], a.io, CONTEXT);
    runFinops(["--security", "--config", "blueprint.config.yaml"], b.io, CONTEXT);
    expect(a.out()).toBe(b.out());
    expect(a.out()).not.toBe("");
  });

  test("with --registries: the registry projection first, then the security table", () => {
    const c = capture();
    expect(runFinops(["--security", "--registries"], c.io, CONTEXT)).toBe(0);
    const out = c.out();
    expect(out).toMatch(/^model registry storage/);
    expect(out.indexOf("\nsecurity tooling per environment")).toBeGreaterThan(out.indexOf("excluded: requests (the copy to approved/"));
  });

  test("with --tier and --ingest-gb-per-day: the tier table first, then the security table", () => {
    const c = capture();
    expect(runFinops(["--tier", "operational-90d", "--ingest-gb-per-day", "100", "--security"], c.io, CONTEXT)).toBe(0);
    expect(c.out()).toMatch(/^retention tier operational-90d/);
    expect(c.out()).toContain("\nsecurity tooling per environment and cloud");
    expect(c.out()).not.toContain("model registry storage");
  });

  test("--security with only --tier is an error, exit 2, nothing on stdout", () => {
    const c = capture();
    expect(runFinops(["--security", "--tier", "audit-1y"], c.io, CONTEXT)).toBe(2);
    expect(c.out()).toBe("");
    expect(c.err()).toMatch(/^finops error: --ingest-gb-per-day is missing; accepted: [^\n]+\n$/);
  });

  test("a missing --tier names --security alone as another way to run", () => {
    const c = capture();
    expect(runFinops([], c.io, CONTEXT)).toBe(2);
    expect(c.err()).toMatch(/, or --security alone for the security tooling table, or --registries alone for the model registry storage projection\n$/);
  });

  test("an unknown option names --security among the accepted ones", () => {
    const c = capture();
    expect(runFinops(["--securty"], c.io, CONTEXT)).toBe(2);
    expect(c.err()).toBe("finops error: unknown option '--securty'; accepted: --tier <name>, --ingest-gb-per-day <n>, --config <path>, --help, --registries, --security\n");
  });

  test("--help lists --security", () => {
    const c = capture();
    expect(runFinops(["--help"], c.io, CONTEXT)).toBe(0);
    const help = c.out().replace(/\s+/g, " ");
    expect(help).toContain("--security price the security tooling of every environment in the configuration, per cloud");
    expect(help).toContain("Usage: blueprint finops --tier <name> --ingest-gb-per-day <n> [--registries] [--config <path>] [--security]");
  });

  test("a configuration over its maxMonthlySecurityCost is a config error, exit 2: the check and the table price the same", () => {
    const c = capture();
    const file = literalConfig("over-limit", (d) => (d.environments["prod"]!.monitoring = { ...d.environments["prod"]!.monitoring, maxMonthlySecurityCost: 297 }));
    expect(runFinops(["--security", "--config", file], c.io, CONTEXT)).toBe(2);
    expect(c.out()).toBe("");
    expect(c.err()).toBe(
      "config error: environments.prod.monitoring.maxMonthlySecurityCost: environment prod's security tooling costs $297.10 on aws per month (2 more items not estimated), above $297.00; " +
        "accepted: a limit of at least $298, fewer registries or lower declared volumes (blueprint finops --security lists every line)\n",
    );
  });

  test("a configuration that cannot be read is reported as a config error, exit 2", () => {
    const c = capture();
    expect(runFinops(["--security", "--config", path.join(SCRATCH, "missing.yaml")], c.io, CONTEXT)).toBe(2);
    expect(c.err()).toMatch(/^config error: .*missing\.yaml: file not found; /);
  });

  test("no environments: the table says so", () => {
    expect(formatSecurityTooling([])).toContain("\nno environments in the configuration\n");
  });

  test("projectSecurityTooling: one estimate per enabled cloud and environment, in cloud order", () => {
    const estimates = projectSecurityTooling(loadConfig(literalConfig("project")));
    expect(estimates.map((e) => `${e.cloud} ${e.environment}`)).toEqual(["aws dev", "aws prod", "azure dev", "azure prod"]);
    expect(estimates[1]!.totalMonthlyUsd).toBeCloseTo(297.1035, 10);
  });
});
