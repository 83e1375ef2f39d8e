import { estimateRegistryCost, MAX_REGISTRY_NONCURRENT_DAYS, REGISTRY_NONCURRENT_DAYS, REGISTRY_PROJECTION_MONTHS, RegistryCostInput } from "../../../constructs/shared/registry-cost";
import { NONCURRENT_VERSION_EXPIRATION_DAYS as AWS_NONCURRENT_DAYS } from "../../../constructs/aws/lifecycle-rules";
import { INCOMING_NONCURRENT_DAYS as GCP_INCOMING_NONCURRENT_DAYS } from "../../../constructs/gcp/model-registry";
import { DEFAULT_REGISTRY_SOFT_DELETE_DAYS } from "../../../constructs/azure/model-registry";
import { validationErrorOf } from "../../helpers/errors";

/*
 * Expected figures are worked out by hand from the Standard-class list prices in
 * storage-prices.ts (S3 STANDARD $0.023, GCS STANDARD $0.020, Azure Hot $0.0184 per GB-month)
 * and written as literals. A month is 365.25 / 12 = 30.4375 days, so an upload volume of
 * 30.4375 GB a month is exactly 1 GB a day, and the end of month 1, 12 and 36 is day 30.4375,
 * 365.25 and 1,095.75.
 */

const ONE_GB_A_DAY = 30.4375;

function input(overrides: Partial<RegistryCostInput> = {}): RegistryCostInput {
  return { registry: "fraud-scoring", monthlyUploadGb: ONE_GB_A_DAY, incomingExpiryDays: 14, approvedRetentionDays: 365, ...overrides };
}

describe("projection assumptions", () => {
  test("the months reported are 1, 12 and 36", () => {
    expect(REGISTRY_PROJECTION_MONTHS).toEqual([1, 12, 36]);
  });

  test("a deleted incoming/ upload is billed for 1 more day on AWS, 31 on GCP and 30 on Azure unless stated", () => {
    expect(REGISTRY_NONCURRENT_DAYS).toEqual({ aws: 1, gcp: 31, azure: 30 });
    expect(MAX_REGISTRY_NONCURRENT_DAYS).toBe(365);
  });

  test("those days are the registries' own cleanup at their defaults", () => {
    // AWS: noncurrent versions expire NONCURRENT_VERSION_EXPIRATION_DAYS after the delete marker.
    expect(REGISTRY_NONCURRENT_DAYS.aws).toBe(AWS_NONCURRENT_DAYS);
    // GCP: INCOMING_NONCURRENT_DAYS as a noncurrent version, then the default 30 days of soft delete.
    expect(REGISTRY_NONCURRENT_DAYS.gcp).toBe(GCP_INCOMING_NONCURRENT_DAYS + 30);
    // Azure: versions go with the base blob, then blob soft delete keeps them.
    expect(REGISTRY_NONCURRENT_DAYS.azure).toBe(DEFAULT_REGISTRY_SOFT_DELETE_DAYS);
  });
});

describe("estimateRegistryCost", () => {
  test("AWS, 1 GB a day, defaults: every upload promoted, approved/ kept, no steady state", () => {
    const e = estimateRegistryCost(input(), "aws");
    // incoming/ full: 1 GB/day × (14 expiry + 1 noncurrent) = 15 GB (reached on day 15, inside month 1)
    // month 1:  15 + 30.4375 approved   =    45.4375 GB × $0.023 =  $1.0450625
    // month 12: 15 + 365.25 approved    =   380.25   GB × $0.023 =  $8.74575
    // month 36: 15 + 1,095.75 approved  = 1,110.75   GB × $0.023 = $25.54725
    expect(e.className).toBe("STANDARD");
    expect(e.usdPerGbMonth).toBe(0.023);
    expect(e.priceSource).toBe("https://aws.amazon.com/s3/pricing/");
    expect(e.promotedShare).toBe(1);
    expect(e.noncurrentDays).toBe(1);
    expect(e.deleteApprovedAfterRetention).toBe(false);
    expect(e.incomingSteadyGb).toBeCloseTo(15, 9);
    expect(e.approvedGrowthGbPerMonth).toBeCloseTo(30.4375, 9);
    expect(e.points.map((p) => p.month)).toEqual([1, 12, 36]);
    expect(e.points.map((p) => p.incomingGb)).toEqual([15, 15, 15].map((v) => expect.closeTo(v, 9)));
    expect(e.points.map((p) => p.approvedGb)).toEqual([30.4375, 365.25, 1095.75].map((v) => expect.closeTo(v, 9)));
    expect(e.points.map((p) => p.storedGb)).toEqual([45.4375, 380.25, 1110.75].map((v) => expect.closeTo(v, 9)));
    expect(e.points.map((p) => p.monthlyUsd)).toEqual([1.0450625, 8.74575, 25.54725].map((v) => expect.closeTo(v, 9)));
    expect(e.steadyState).toBeUndefined();
  });

  test("GCP: incoming/ takes longer than a month to fill, so month 1 holds every upload so far", () => {
    const e = estimateRegistryCost(input(), "gcp");
    // incoming/ lifetime: 14 expiry + 31 noncurrent and soft delete = 45 days > 30.4375
    // month 1:  incoming 30.4375 (all uploads so far) + approved 30.4375 = 60.875 GB × $0.020 = $1.2175
    // month 12: incoming 45 + approved 365.25 = 410.25 GB × $0.020 = $8.205
    // month 36: incoming 45 + approved 1,095.75 = 1,140.75 GB × $0.020 = $22.815
    expect(e.className).toBe("STANDARD");
    expect(e.priceSource).toBe("https://cloud.google.com/storage/pricing");
    expect(e.incomingSteadyGb).toBeCloseTo(45, 9);
    expect(e.points.map((p) => p.incomingGb)).toEqual([30.4375, 45, 45].map((v) => expect.closeTo(v, 9)));
    expect(e.points.map((p) => p.storedGb)).toEqual([60.875, 410.25, 1140.75].map((v) => expect.closeTo(v, 9)));
    expect(e.points.map((p) => p.monthlyUsd)).toEqual([1.2175, 8.205, 22.815].map((v) => expect.closeTo(v, 9)));
    expect(e.steadyState).toBeUndefined();
  });

  test("Azure, 2 GB a day, half promoted, no noncurrent days", () => {
    const e = estimateRegistryCost(input({ monthlyUploadGb: 60.875, incomingExpiryDays: 7, promotedShare: 0.5, noncurrentDays: 0 }), "azure");
    // incoming/ full: 2 GB/day × 7 days = 14 GB; approved/ gains 0.5 × 60.875 = 30.4375 GB a month
    // month 1:  14 + 30.4375  =    44.4375 GB × $0.0184 =  $0.81765
    // month 12: 14 + 365.25   =   379.25   GB × $0.0184 =  $6.9782
    // month 36: 14 + 1,095.75 = 1,109.75   GB × $0.0184 = $20.4194
    expect(e.className).toBe("Hot");
    expect(e.usdPerGbMonth).toBe(0.0184);
    expect(e.priceSource).toBe("https://azure.microsoft.com/en-us/pricing/details/storage/blobs/");
    expect(e.noncurrentDays).toBe(0);
    expect(e.incomingSteadyGb).toBeCloseTo(14, 9);
    expect(e.approvedGrowthGbPerMonth).toBeCloseTo(30.4375, 9);
    expect(e.points.map((p) => p.storedGb)).toEqual([44.4375, 379.25, 1109.75].map((v) => expect.closeTo(v, 9)));
    expect(e.points.map((p) => p.monthlyUsd)).toEqual([0.81765, 6.9782, 20.4194].map((v) => expect.closeTo(v, 9)));
    expect(e.steadyState).toBeUndefined();
  });

  test("approved/ copies deleted when their 30-day retention ends: steady state from day 30", () => {
    const e = estimateRegistryCost(input({ approvedRetentionDays: 30, deleteApprovedAfterRetention: true }), "aws");
    // incoming/ 15 GB (full on day 15); approved/ holds the last 30 days: 30 GB from day 30 on
    // month 1, 12 and 36: 15 + 30 = 45 GB × $0.023 = $1.035; steady state reached on day max(15, 30) = 30
    expect(e.deleteApprovedAfterRetention).toBe(true);
    expect(e.points.map((p) => p.approvedGb)).toEqual([30, 30, 30].map((v) => expect.closeTo(v, 9)));
    expect(e.points.map((p) => p.monthlyUsd)).toEqual([1.035, 1.035, 1.035].map((v) => expect.closeTo(v, 9)));
    expect(e.steadyState).toEqual({
      month: expect.closeTo(30 / 30.4375, 9),
      reachedAfterDays: 30,
      incomingGb: expect.closeTo(15, 9),
      approvedGb: expect.closeTo(30, 9),
      storedGb: expect.closeTo(45, 9),
      monthlyUsd: expect.closeTo(1.035, 9),
    });
  });

  test("approved/ copies deleted after 400 days: still growing at month 12, full at month 36", () => {
    const e = estimateRegistryCost(input({ approvedRetentionDays: 400, deleteApprovedAfterRetention: true }), "aws");
    // month 12 (day 365.25): 15 + 365.25 = 380.25 GB; month 36: 15 + 400 = 415 GB × $0.023 = $9.545
    expect(e.points.map((p) => p.storedGb)).toEqual([45.4375, 380.25, 415].map((v) => expect.closeTo(v, 9)));
    expect(e.steadyState?.reachedAfterDays).toBe(400);
    expect(e.steadyState?.monthlyUsd).toBeCloseTo(9.545, 9);
  });

  test("nothing promoted: only incoming/, full after expiry + noncurrent days", () => {
    const e = estimateRegistryCost(input({ promotedShare: 0 }), "gcp");
    // incoming/ 1 GB/day × 45 days = 45 GB × $0.020 = $0.90, reached on day 45; approved/ stays empty
    expect(e.approvedGrowthGbPerMonth).toBe(0);
    expect(e.points.map((p) => p.approvedGb)).toEqual([0, 0, 0]);
    expect(e.steadyState).toEqual({
      month: expect.closeTo(45 / 30.4375, 9),
      reachedAfterDays: 45,
      incomingGb: expect.closeTo(45, 9),
      approvedGb: 0,
      storedGb: expect.closeTo(45, 9),
      monthlyUsd: expect.closeTo(0.9, 9),
    });
  });

  test("the same input gives the same estimate", () => {
    expect(estimateRegistryCost(input(), "azure")).toEqual(estimateRegistryCost(input(), "azure"));
  });
});

describe("estimateRegistryCost input errors", () => {
  const CASES: Array<[string, Partial<RegistryCostInput>, string, string]> = [
    ["REGISTRY_UPLOAD_OUT_OF_RANGE", { monthlyUploadGb: 0 }, "monthlyUploadGb", "a number of GB per month from 0.001 to 10000000"],
    ["REGISTRY_UPLOAD_OUT_OF_RANGE", { monthlyUploadGb: 10_000_001 }, "monthlyUploadGb", "a number of GB per month from 0.001 to 10000000"],
    ["REGISTRY_UPLOAD_OUT_OF_RANGE", { monthlyUploadGb: Number.NaN }, "monthlyUploadGb", "a number of GB per month from 0.001 to 10000000"],
    ["REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE", { incomingExpiryDays: 0 }, "incomingExpiryDays", "an integer from 1 to 365"],
    ["REGISTRY_INCOMING_EXPIRY_OUT_OF_RANGE", { incomingExpiryDays: 1.5 }, "incomingExpiryDays", "an integer from 1 to 365"],
    ["REGISTRY_APPROVED_RETENTION_OUT_OF_RANGE", { approvedRetentionDays: 36_501 }, "approvedRetentionDays", "an integer from 1 to 36500"],
    ["REGISTRY_PROMOTED_SHARE_OUT_OF_RANGE", { promotedShare: 1.01 }, "promotedShare", "a number from 0 to 1"],
    ["REGISTRY_PROMOTED_SHARE_OUT_OF_RANGE", { promotedShare: -0.1 }, "promotedShare", "a number from 0 to 1"],
    ["REGISTRY_NONCURRENT_DAYS_OUT_OF_RANGE", { noncurrentDays: 366 }, "noncurrentDays", "an integer from 0 to 365"],
    ["REGISTRY_NONCURRENT_DAYS_OUT_OF_RANGE", { noncurrentDays: -1 }, "noncurrentDays", "an integer from 0 to 365"],
  ];

  test.each(CASES)("%s: %p", (code, overrides, prop, accepted) => {
    const error = validationErrorOf(() => estimateRegistryCost(input(overrides), "aws"));
    expect(error.problems).toEqual([{ code, constructPath: "registry-cost/fraud-scoring", prop, value: String(Object.values(overrides)[0]), accepted }]);
  });

  test("every problem is reported at once, in one line each", () => {
    const error = validationErrorOf(() => estimateRegistryCost(input({ monthlyUploadGb: -1, promotedShare: 2 }), "gcp"));
    expect(error.problems.map((p) => p.code)).toEqual(["REGISTRY_UPLOAD_OUT_OF_RANGE", "REGISTRY_PROMOTED_SHARE_OUT_OF_RANGE"]);
    expect(error.message).toBe(
      [
        "registry-cost/fraud-scoring: monthlyUploadGb = -1 is invalid [REGISTRY_UPLOAD_OUT_OF_RANGE]; accepted: a number of GB per month from 0.001 to 10000000",
        "registry-cost/fraud-scoring: promotedShare = 2 is invalid [REGISTRY_PROMOTED_SHARE_OUT_OF_RANGE]; accepted: a number from 0 to 1",
      ].join("\n"),
    );
  });
});
