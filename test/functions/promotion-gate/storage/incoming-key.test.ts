import { parseIncomingKey } from "../../../../functions/promotion-gate/storage/incoming-key";

describe("parseIncomingKey", () => {
  it.each<[string, { model: string; version: string }]>([
    ["incoming/scorer/1.0.0/model.sig", { model: "scorer", version: "1.0.0" }],
    ["incoming/fraud_v2/2026-12-01/model.sig", { model: "fraud_v2", version: "2026-12-01" }],
  ])("S3/GCS key %s → %j", (key, target) => {
    expect(parseIncomingKey(key)).toEqual(target);
  });

  it("reads an Azure blob name of the incoming container", () => {
    expect(parseIncomingKey("scorer/1.0.0/model.sig", "container")).toEqual({ model: "scorer", version: "1.0.0" });
  });

  it.each([
    "incoming/scorer/1.0.0/model.safetensors",
    "incoming/scorer/1.0.0/sub/model.sig",
    "incoming/scorer/model.sig",
    "approved/scorer/1.0.0/model.sig",
    "provenance/scorer/1.0.0/model.sig",
    "incoming/Scorer/1.0.0/model.sig",
    "incoming/scorer/../model.sig",
    "incoming/scorer/1..0/model.sig",
    "incoming/-scorer/1.0.0/model.sig",
    "incoming//1.0.0/model.sig",
    `incoming/${"a".repeat(64)}/1.0.0/model.sig`,
    "incoming/scorer/1.0.0/model.sig/",
    "scorer/1.0.0/model.sig",
  ])("ignores %s", (key) => {
    expect(parseIncomingKey(key)).toBeNull();
  });

  it.each(["incoming/scorer/1.0.0/model.sig", "scorer/1.0.0/weights.bin", "scorer/v/x/model.sig"])("ignores the Azure blob name %s", (name) => {
    expect(parseIncomingKey(name, "container")).toBeNull();
  });
});
