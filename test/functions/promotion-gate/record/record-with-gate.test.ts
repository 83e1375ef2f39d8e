import { createHash } from "node:crypto";
import { decide } from "../../../../functions/promotion-gate/gate/decide";
import { LocalPemSigner } from "../../../../functions/promotion-gate/oms/local-signer";
import { buildDecisionStatement } from "../../../../functions/promotion-gate/record/decision-statement";
import { signDecisionRecord } from "../../../../functions/promotion-gate/record/record-envelope";
import { decisionRecordKey, listingDigest } from "../../../../functions/promotion-gate/record/record-key";
import { verifyDecisionRecord } from "../../../../functions/promotion-gate/record/record-verify";
import { fraudPolicy, GOOD_LINEAGE, MemoryVersion, OS_SYSTEM_PICKLE, signedVersion } from "../gate/gate-fixtures";
import { ecKeys } from "../oms/oms-helpers";
import { context } from "./record-fixtures";

const gateKeys = ecKeys();
const gateSigner = new LocalPemSigner(gateKeys.privatePem);

describe("decision records of real gate decisions", () => {
  test("an accepted upload: PASSED, subject = the OMS root digest, input = the model.sig digest", async () => {
    const { version, keys } = await signedVersion();
    const decision = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    const ctx = context({ version: "1.0.0", lineage: GOOD_LINEAGE });
    const record = await signDecisionRecord(buildDecisionStatement(decision, ctx), gateSigner);
    const verified = verifyDecisionRecord(record, gateKeys.publicPem);
    const sigSha = createHash("sha256").update(version.files.get("model.sig") as Buffer).digest("hex");
    expect(verified.result).toBe("PASSED");
    expect(verified.signatureSha256).toBe(sigSha);
    expect(verified.statement.subject).toEqual([{ name: "fraud-scoring/scorer/1.0.0", digest: { sha256: decision.rootDigest } }]);
    expect(verified.checks.map((c) => c.status)).toEqual(["passed", "passed", "passed", "passed", "passed"]);
    expect(decisionRecordKey("fraud-scoring", "scorer", "1.0.0", sigSha)).toBe(`provenance/fraud-scoring/scorer/1.0.0/${sigSha}.dsse.json`);
  });

  test("a malicious pickle: FAILED, the serialization reason recorded", async () => {
    const { version, keys } = await signedVersion({ "model.pkl": OS_SYSTEM_PICKLE, "eval/report.json": Buffer.from("{}") });
    const decision = await decide(version.input(), { policy: fraudPolicy({ evaluation: [] }), publicKey: keys.publicPem });
    const ctx = context({ version: "1.0.0", policy: fraudPolicy({ evaluation: [] }) });
    const verified = verifyDecisionRecord(await signDecisionRecord(buildDecisionStatement(decision, ctx), gateSigner), gateKeys.publicKey);
    expect(verified.result).toBe("FAILED");
    expect(verified.statement.predicate.verifiedLevels).toEqual(["FAILED"]);
    expect(verified.checks.find((c) => c.id === "serialization")?.status).toBe("failed");
  });

  test("an upload without model.sig: FAILED, the subject is the listing digest", async () => {
    const version = new MemoryVersion({ "model.safetensors": Buffer.from("x") });
    const decision = await decide(version.input(), { policy: fraudPolicy(), publicKey: gateKeys.publicPem });
    const digest = listingDigest(version.objects());
    const ctx = context({ version: "1.0.0", listingDigest: digest });
    const verified = verifyDecisionRecord(await signDecisionRecord(buildDecisionStatement(decision, ctx), gateSigner), gateKeys.publicPem);
    expect(verified.result).toBe("FAILED");
    expect(verified.statement.subject[0]?.digest.sha256).toBe(digest);
    expect(verified.statement.predicate.blueprintGate.subjectDigest).toBe("listing");
    expect(verified.signatureSha256).toBeUndefined();
  });
});
