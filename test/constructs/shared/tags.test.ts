import { GCP_LABEL_VALUE } from "../../../constructs/shared/limits/gcp";
import { MANAGED_BY, TAG_KEYS, gcpLabelValue, standardTags, toGcpLabels, toTagMap } from "../../../constructs/shared/tags";

const tags = standardTags({ owner: "ML Platform", costCenter: "CC-4021", environment: "prod", dataClassification: "confidential" });

describe("standard tags", () => {
  test("the five keys, managed-by fixed", () => {
    expect(Object.keys(tags).sort()).toEqual([...TAG_KEYS].sort());
    expect(tags["managed-by"]).toBe(MANAGED_BY);
    expect(tags["cost-center"]).toBe("CC-4021");
  });

  test.each([
    ["CC-4021", "cc-4021"],
    ["ML Platform", "ml_platform"],
    ["team@example.com", "team_example_com"],
    ["a/b:c=d+e", "a_b_c_d_e"],
    ["x".repeat(80), "x".repeat(63)],
  ])("GCP label value of %j is %j", (value, label) => {
    expect(gcpLabelValue(value)).toBe(label);
    expect(label).toMatch(GCP_LABEL_VALUE.pattern);
  });

  test("GCP labels keep the keys and normalise every value", () => {
    const labels = toGcpLabels(tags);
    expect(labels).toEqual({
      owner: "ml_platform",
      "cost-center": "cc-4021",
      environment: "prod",
      "data-classification": "confidential",
      "managed-by": "ai-supply-chain-blueprint",
    });
  });

  test("standardTags maps each input to its key and adds managed-by", () => {
    expect(standardTags({ owner: "o", costCenter: "c", environment: "e", dataClassification: "d" })).toEqual({
      owner: "o",
      "cost-center": "c",
      environment: "e",
      "data-classification": "d",
      "managed-by": "ai-supply-chain-blueprint",
    });
  });

  test("AWS and Azure tags keep every value unchanged, in the fixed key order", () => {
    const map = toTagMap(standardTags({ owner: "ML Platform", costCenter: "CC-4021", environment: "prod", dataClassification: "confidential" }));
    expect(Object.entries(map)).toEqual([
      ["owner", "ML Platform"],
      ["cost-center", "CC-4021"],
      ["environment", "prod"],
      ["data-classification", "confidential"],
      ["managed-by", "ai-supply-chain-blueprint"],
    ]);
  });

  test("GCP label values keep underscores, hyphens and digits and cut at 63 characters", () => {
    expect(gcpLabelValue("a_b-9")).toBe("a_b-9");
    expect(gcpLabelValue(`${"y".repeat(63)}Z`)).toBe("y".repeat(63));
    expect(gcpLabelValue("É")).toBe("_");
  });
});
