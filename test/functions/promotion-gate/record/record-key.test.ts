import { decisionRecordKey, listingDigest, scanAttempt, unscannedRecordKey } from "../../../../functions/promotion-gate/record/record-key";
import { recordCode, SIG } from "./record-fixtures";

describe("decisionRecordKey", () => {
  test("provenance/<registry>/<model>/<version>/<inputDigest>.dsse.json", () => {
    expect(decisionRecordKey("fraud-scoring", "scorer", "1.4.0", SIG)).toBe(`provenance/fraud-scoring/scorer/1.4.0/${SIG}.dsse.json`);
  });

  test.each([
    ["a registry with a slash", ["fraud/scoring", "scorer", "1.4.0", SIG]],
    ["a model ..", ["fraud-scoring", "..", "1.4.0", SIG]],
    ["a model containing ..", ["fraud-scoring", "a..b", "1.4.0", SIG]],
    ["a version with a slash", ["fraud-scoring", "scorer", "1/../../x", SIG]],
    ["an empty version", ["fraud-scoring", "scorer", "", SIG]],
    ["an upper-case version", ["fraud-scoring", "scorer", "V1", SIG]],
    ["a digest that is a path", ["fraud-scoring", "scorer", "1.4.0", "../../x"]],
    ["an upper-case digest", ["fraud-scoring", "scorer", "1.4.0", SIG.toUpperCase()]],
  ])("RECORD_NAME_INVALID: %s", async (_what, [registry, model, version, digest]) => {
    expect(await recordCode(() => decisionRecordKey(registry as string, model as string, version as string, digest as string))).toBe("RECORD_NAME_INVALID");
  });
});

describe("listingDigest", () => {
  test("sha256 of the sorted [name, size] JSON, whatever order the storage listed", () => {
    // printf '%s' '[["a.bin",3],["model.sig",10],["z/b.bin",7]]' | openssl dgst -sha256
    const expected = "dff84a2f1dd1f3b1a2101b710a9837214320b70e962cc139dfc5814cf60a45a7";
    expect(listingDigest([{ name: "z/b.bin", size: 7 }, { name: "a.bin", size: 3 }, { name: "model.sig", size: 10 }])).toBe(expected);
    expect(listingDigest([{ name: "a.bin", size: 3 }, { name: "model.sig", size: 10 }, { name: "z/b.bin", size: 7 }])).toBe(expected);
  });

  test("an empty listing, and a size change gives another digest", () => {
    // printf '%s' '[]' | openssl dgst -sha256
    expect(listingDigest([])).toBe("4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945");
    expect(listingDigest([{ name: "a.bin", size: 4 }])).not.toBe(listingDigest([{ name: "a.bin", size: 3 }]));
  });

  test("a decision awaiting malware scan results has a key of its own per model.sig version", async () => {
    const digest = "ab".repeat(32);
    expect(scanAttempt("v4")).toBe("8e38a1ea5c681c8e");
    expect(unscannedRecordKey("fraud-scoring", "scorer", "1.0.0", digest, scanAttempt("v4"))).toBe(
      `provenance/fraud-scoring/scorer/1.0.0/${digest}.unscanned-8e38a1ea5c681c8e.dsse.json`,
    );
    expect(await recordCode(() => unscannedRecordKey("fraud-scoring", "scorer", "1.0.0", digest, "../x"))).toBe("RECORD_NAME_INVALID");
    expect(await recordCode(() => unscannedRecordKey("fraud-scoring", "scorer", "..", digest, scanAttempt("v4")))).toBe("RECORD_NAME_INVALID");
  });
});
