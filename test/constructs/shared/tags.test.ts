import { GCP_LABEL_VALUE } from "../../../constructs/shared/limits/gcp";
import { MANAGED_BY, TAG_KEYS, gcpLabelValue, standardTags, toGcpLabels } from "../../../constructs/shared/tags";

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
});
