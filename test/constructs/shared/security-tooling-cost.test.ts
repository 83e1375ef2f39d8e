import { AZURE_SUBSCRIPTION_SCAN_CAP_GB, estimateSecurityToolingCost, SecurityToolingEstimate, SecurityToolingLine } from "../../../constructs/shared/security-tooling-cost";
import { SUBSCRIPTION_MALWARE_SCAN_CAP_GB } from "../../../constructs/azure/defender-plans";
import { SECURITY_TOOLING_PRICES } from "../../../constructs/shared/storage-prices";
import { BlueprintValidationError } from "../../../constructs/shared/validation-error";

/** The line of `estimate` whose item starts with `prefix`; fails the test when there is none or several. */
function line(estimate: SecurityToolingEstimate, prefix: string): SecurityToolingLine {
  const found = estimate.lines.filter((l) => l.item.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0]!;
}

function codes(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (BlueprintValidationError.isValidationError(e)) return e.problems.map((p) => `${p.code} ${p.prop}`);
    throw e;
  }
  return [];
}

const ONE_REGISTRY = { environment: "prod", registries: [{ name: "fraud-scoring", monthlyUploadGb: 100 }], logIngestGbPerDay: 1, dataEventsPerMonth: 1_000_000 };

describe("security tooling cost, AWS", () => {
  // Hand-computed: 100 GB x 0.09 = 9.00; 1,000 objects x 0.215/1,000 = 0.215; 10 x 0.10 (data
  // events per 100k) = 1.00; GuardDuty S3 1 x 0.80 = 0.80; CloudWatch Logs 30.4375 GB x 0.50 =
  // 15.21875 and 90 GB-month x 0.03 = 2.70; 22 metric filters (19 + 2 + 1) x 0.30 = 6.60 and their
  // 22 alarms x 0.10 = 2.20; 4 anomaly alarms x 0.30 = 1.20; Cost Anomaly Detection free.
  const estimate = estimateSecurityToolingCost(ONE_REGISTRY, "aws");

  test("each priced line: quantity, unit price, monthly USD", () => {
    expect(line(estimate, "GuardDuty Malware Protection for S3, data scanned")).toMatchObject({ quantity: 100, unit: "GB scanned", usdPerUnit: 0.09 });
    expect(line(estimate, "GuardDuty Malware Protection for S3, data scanned").monthlyUsd).toBeCloseTo(9, 10);
    expect(line(estimate, "GuardDuty Malware Protection for S3, objects evaluated")).toMatchObject({ quantity: 1, unit: "1,000 objects", usdPerUnit: 0.215 });
    expect(line(estimate, "CloudTrail data events").monthlyUsd).toBeCloseTo(1, 10);
    expect(line(estimate, "GuardDuty S3 Protection").monthlyUsd).toBeCloseTo(0.8, 10);
    expect(line(estimate, "CloudWatch Logs ingestion")).toMatchObject({ quantity: 30.4375, usdPerUnit: 0.5 });
    expect(line(estimate, "CloudWatch Logs ingestion").monthlyUsd).toBeCloseTo(15.21875, 10);
    expect(line(estimate, "CloudWatch Logs storage")).toMatchObject({ quantity: 90, usdPerUnit: 0.03 });
    expect(line(estimate, "CloudWatch custom metric")).toMatchObject({ quantity: 22, usdPerUnit: 0.3 });
    expect(line(estimate, "CloudWatch standard-resolution alarm")).toMatchObject({ quantity: 22, usdPerUnit: 0.1 });
    expect(line(estimate, "CloudWatch anomaly detection alarm")).toMatchObject({ quantity: 4, usdPerUnit: 0.3 });
    expect(line(estimate, "AWS Cost Anomaly Detection")).toMatchObject({ quantity: 2, monthlyUsd: 0 });
  });

  test("the total is the sum of the priced lines; unpriced GuardDuty items are listed, not estimated", () => {
    expect(estimate.totalMonthlyUsd).toBeCloseTo(38.93375, 10);
    expect(estimate.notEstimated).toBe(2);
    expect(line(estimate, "GuardDuty foundational").note).toBe("not estimated: billed on the account's CloudTrail management events, which no setting declares");
    expect(line(estimate, "GuardDuty foundational").monthlyUsd).toBeUndefined();
    expect(line(estimate, "GuardDuty Lambda Protection").note).toMatch(/^not estimated: billed on GB of the functions' network activity/);
    expect(estimate.basis).toBe("AWS us-east-1, first volume band, free tiers not subtracted");
  });

  test("without the detector (guardDuty: false) the malware scanning stays and the detector's lines go", () => {
    const off = estimateSecurityToolingCost({ ...ONE_REGISTRY, threatDetection: false }, "aws");
    expect(off.totalMonthlyUsd).toBeCloseTo(38.13375, 10);
    expect(off.notEstimated).toBe(0);
    expect(off.lines.map((l) => l.item).filter((i) => i.startsWith("GuardDuty"))).toEqual([
      "GuardDuty Malware Protection for S3, data scanned",
      "GuardDuty Malware Protection for S3, objects evaluated",
    ]);
  });

  test("a registry without monthlyUploadGb is named in the scan note and adds nothing to the scanned GB", () => {
    const e = estimateSecurityToolingCost({ ...ONE_REGISTRY, registries: [...ONE_REGISTRY.registries, { name: "llm-adapters" }] }, "aws");
    const scan = line(e, "GuardDuty Malware Protection for S3, data scanned");
    expect(scan.quantity).toBe(100);
    expect(scan.note).toBe(
      "monthlyUploadGb of 2 registries, every uploaded GB scanned once; without llm-adapters, which declares no monthlyUploadGb (not estimated); on with or without the detector",
    );
    // Its gate's alarms are counted: 19 + 2 x 3 filters, 2 x 4 anomaly alarms.
    expect(line(e, "CloudWatch custom metric").quantity).toBe(25);
    expect(line(e, "CloudWatch anomaly detection alarm").quantity).toBe(8);
  });

  test("counts are named inputs: a different trail alarm count and retention change the lines", () => {
    const e = estimateSecurityToolingCost({ ...ONE_REGISTRY, counts: { awsTrailAlarms: 10, awsTrailLogRetentionDays: 30 }, objectsPerGb: 1000 }, "aws");
    expect(line(e, "CloudWatch standard-resolution alarm").quantity).toBe(13);
    expect(line(e, "CloudWatch Logs storage").quantity).toBe(30);
    expect(line(e, "GuardDuty Malware Protection for S3, objects evaluated").quantity).toBe(100);
  });
});

describe("security tooling cost, GCP", () => {
  const two = { ...ONE_REGISTRY, registries: [{ name: "fraud-scoring", monthlyUploadGb: 100 }, { name: "llm-adapters" }], logIngestGbPerDay: 2 };
  const estimate = estimateSecurityToolingCost(two, "gcp");

  test("Cloud Logging beyond the free 50 GiB, alert conditions and their time series; no malware scanning", () => {
    // 2 GB x 30.4375 days = 60.875 GB = 56.694 GiB, less 50 free = 6.694 GiB x 0.50 = 3.347.
    expect(line(estimate, "Cloud Logging storage").quantity).toBeCloseTo(6.694261729717255, 10);
    expect(line(estimate, "Cloud Logging storage").monthlyUsd).toBeCloseTo(3.3471308648586273, 10);
    // 7 audit-log + 2 x 3 gate conditions = 13 x 1.50 = 19.50; 13 x 87,660 executions = 1.13958
    // million time series x 0.35 = 0.398853.
    expect(line(estimate, "Cloud Monitoring alerting policy condition")).toMatchObject({ quantity: 13, usdPerUnit: 1.5, monthlyUsd: 19.5 });
    expect(line(estimate, "Cloud Monitoring alerting, time series returned").quantity).toBeCloseTo(1.13958, 10);
    expect(line(estimate, "Upload malware scanning")).toMatchObject({ quantity: 0, monthlyUsd: 0 });
    expect(line(estimate, "Upload malware scanning").note).toMatch(/^GCP has no managed upload scanner/);
    expect(estimate.totalMonthlyUsd).toBeCloseTo(23.24598386485863, 10);
    expect(estimate.notEstimated).toBe(0);
  });

  test("under the free 50 GiB the log line is 0", () => {
    const e = estimateSecurityToolingCost({ ...ONE_REGISTRY, logIngestGbPerDay: 1 }, "gcp");
    expect(line(e, "Cloud Logging storage")).toMatchObject({ quantity: 0, monthlyUsd: 0 });
  });
});

describe("security tooling cost, Azure", () => {
  test("with the subscription plans: every account covered, the log account's scanning capped, Key Vault listed", () => {
    const e = estimateSecurityToolingCost(ONE_REGISTRY, "azure");
    // 10 (registry account) + 15 (100 GB x 0.15) + 20 (log + gate host account) + 4.565625
    // (30.4375 GB of logs x 0.15) + 0.30 (3 time series) + 1.50 (log search rule) = 51.365625.
    expect(e.totalMonthlyUsd).toBeCloseTo(51.365625, 10);
    expect(e.lines.filter((l) => l.item === "Defender for Storage, per-storage-account plan").map((l) => [l.quantity, l.monthlyUsd])).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(e.lines.filter((l) => l.item === "Defender for Storage on-upload malware scanning").map((l) => l.quantity)).toEqual([100, 30.4375]);
    expect(line(e, "Defender for Key Vault").note).toBe("not estimated: billed on 1 key vault-month (PerKeyVault subplan): no stored price to cite");
    expect(line(e, "Azure Monitor activity log alert rule")).toMatchObject({ quantity: 20, monthlyUsd: 0 });
    expect(e.notEstimated).toBe(3);
  });

  test("the log account's scanning stops at the cap", () => {
    const e = estimateSecurityToolingCost({ ...ONE_REGISTRY, logIngestGbPerDay: 20 }, "azure");
    expect(e.lines.filter((l) => l.item === "Defender for Storage on-upload malware scanning").map((l) => l.quantity)).toEqual([100, 100]);
  });

  test("the cap is the one DefenderPlans sets on the subscription (the two constants held together)", () => {
    expect(AZURE_SUBSCRIPTION_SCAN_CAP_GB).toBe(SUBSCRIPTION_MALWARE_SCAN_CAP_GB);
  });

  test("without the subscription plans (defenderPlans: false) only the registry accounts are covered", () => {
    const e = estimateSecurityToolingCost({ ...ONE_REGISTRY, threatDetection: false }, "azure");
    expect(e.totalMonthlyUsd).toBeCloseTo(26.8, 10);
    expect(e.lines.some((l) => l.item.startsWith("Defender for Key Vault"))).toBe(false);
    expect(e.notEstimated).toBe(2);
  });
});

describe("security tooling cost, inputs", () => {
  test("an environment without registries prices only its fixed tooling", () => {
    const e = estimateSecurityToolingCost({ environment: "dev", registries: [], logIngestGbPerDay: 0, dataEventsPerMonth: 0 }, "aws");
    // 19 trail metric filters x 0.30 + their 19 alarms x 0.10 = 7.60.
    expect(e.totalMonthlyUsd).toBeCloseTo(7.6, 10);
    expect(e.lines.some((l) => l.item.startsWith("GuardDuty Malware"))).toBe(false);
  });

  test("every bad volume and count is reported at once", () => {
    expect(
      codes(() =>
        estimateSecurityToolingCost(
          { environment: "prod", registries: [{ name: "r", monthlyUploadGb: -1 }], logIngestGbPerDay: Number.NaN, dataEventsPerMonth: -5, objectsPerGb: -1, counts: { awsTrailAlarms: 1.5 } },
          "aws",
        ),
      ),
    ).toEqual([
      "SECURITY_COST_VOLUME_OUT_OF_RANGE logIngestGbPerDay",
      "SECURITY_COST_VOLUME_OUT_OF_RANGE dataEventsPerMonth",
      "SECURITY_COST_VOLUME_OUT_OF_RANGE objectsPerGb",
      "SECURITY_COST_VOLUME_OUT_OF_RANGE registries[0].monthlyUploadGb",
      "SECURITY_COST_COUNT_INVALID counts.awsTrailAlarms",
    ]);
  });

  test.each([
    ["SECURITY_COST_VOLUME_OUT_OF_RANGE", { dataEventsPerMonth: -1 }],
    ["SECURITY_COST_COUNT_INVALID", { counts: { gcpAuditAlertConditions: -2 } }],
  ])("%s alone", (code, bad) => {
    const input = { environment: "prod", registries: [], logIngestGbPerDay: 1, dataEventsPerMonth: 0, ...bad };
    expect(codes(() => estimateSecurityToolingCost(input, "gcp")).map((c) => c.split(" ")[0])).toEqual([code]);
  });
});

describe("security tooling prices", () => {
  test("the list prices the estimate rests on", () => {
    const usd = (id: keyof typeof SECURITY_TOOLING_PRICES): number | undefined => SECURITY_TOOLING_PRICES[id].usdPerUnit;
    expect([usd("awsMalwareScanGb"), usd("awsMalwareScanObjects"), usd("awsTrailDataEvents"), usd("awsGuardDutyS3DataEvents"), usd("awsLogsIngestGb"), usd("awsLogsStorageGbMonth")]).toEqual([
      0.09, 0.215, 0.1, 0.8, 0.5, 0.03,
    ]);
    expect([usd("gcpLoggingIngestGib"), usd("gcpAlertCondition"), usd("gcpAlertTimeSeries"), usd("gcpMalwareScan")]).toEqual([0.5, 1.5, 0.35, 0]);
    expect([usd("azureDefenderStorageAccount"), usd("azureDefenderMalwareScanGb"), usd("azureActivityLogAlert"), usd("azureCostAnomalyAlert"), usd("azureDefenderKeyVault")]).toEqual([
      10,
      0.15,
      0,
      0,
      undefined,
    ]);
  });

  test("every price names its pricing page and the month it was read", () => {
    const prices = Object.values(SECURITY_TOOLING_PRICES);
    expect(prices.length).toBe(27);
    expect(prices.filter((p) => !p.source.startsWith("https://"))).toEqual([]);
    expect(prices.filter((p) => p.asOf !== "2026-12")).toEqual([]);
  });
});
