import { createHash, generateKeyPairSync, verify } from "node:crypto";
import { LocalPemSigner } from "../../../../functions/promotion-gate/oms/local-signer";
import { Signer } from "../../../../functions/promotion-gate/oms/sign";
import { buildDecisionStatement } from "../../../../functions/promotion-gate/record/decision-statement";
import { signDecisionRecord } from "../../../../functions/promotion-gate/record/record-envelope";
import { verifyDecisionRecord } from "../../../../functions/promotion-gate/record/record-verify";
import { ecKeys } from "../oms/oms-helpers";
import { context, envelopeOver, FAILED_DECISION, PASSED_DECISION, recordCode, SIG } from "./record-fixtures";

const keys = ecKeys();
const other = ecKeys();
const signer = new LocalPemSigner(keys.privatePem);

interface Envelope {
  payload: string;
  payloadType: string;
  signatures: { keyid: string; sig: string }[];
}

function parse(bytes: Buffer): Envelope {
  return JSON.parse(bytes.toString("utf8")) as Envelope;
}

/** Parsed JSON that a test edits freely before re-signing it; its shape is what is under test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

/** The PASSED statement as plain JSON, to doctor before signing it with the test's own signer. */
function passedJson(): Doc {
  return JSON.parse(JSON.stringify(buildDecisionStatement(PASSED_DECISION, context()))) as Doc;
}

function signedJson(doc: unknown): Buffer {
  return envelopeOver(Buffer.from(JSON.stringify(doc)), keys.privatePem);
}

describe("signDecisionRecord", () => {
  test("writes a DSSE envelope: in-toto payload type, the statement bytes, one DER signature over the PAE, keyid = key hint", async () => {
    const statement = buildDecisionStatement(PASSED_DECISION, context());
    const env = parse(await signDecisionRecord(statement, signer));
    expect(Object.keys(env)).toEqual(["payload", "payloadType", "signatures"]);
    expect(env.payloadType).toBe("application/vnd.in-toto+json");
    const payload = Buffer.from(env.payload, "base64");
    expect(payload.toString("utf8")).toBe(JSON.stringify(statement));
    expect(env.signatures).toEqual([{ keyid: createHash("sha256").update(keys.publicPem).digest("hex"), sig: env.signatures[0]?.sig }]);
    const pae = Buffer.concat([Buffer.from(`DSSEv1 28 application/vnd.in-toto+json ${payload.length} `), payload]);
    const sig = Buffer.from(env.signatures[0]?.sig ?? "", "base64");
    expect(sig[0]).toBe(0x30); // ASN.1 SEQUENCE: DER, not P1363
    expect(verify("sha256", pae, keys.publicKey, sig)).toBe(true);
  });

  test("RECORD_SIGNER_FAILED: a signer whose signature does not verify with its own public key", async () => {
    const wrong: Signer = { sign: (pae) => new LocalPemSigner(other.privatePem).sign(pae), publicKeyPem: () => signer.publicKeyPem() };
    expect(await recordCode(() => signDecisionRecord(buildDecisionStatement(PASSED_DECISION, context()), wrong))).toBe("RECORD_SIGNER_FAILED");
  });

  test("RECORD_SIGNER_FAILED: a signer that throws, or has a P-384 key", async () => {
    const throws: Signer = { sign: () => Promise.reject(new Error("AccessDeniedException")), publicKeyPem: () => signer.publicKeyPem() };
    const p384: Signer = { sign: (pae) => signer.sign(pae), publicKeyPem: () => Promise.resolve(ecKeys("P-384").publicPem) };
    const statement = buildDecisionStatement(PASSED_DECISION, context());
    expect(await recordCode(() => signDecisionRecord(statement, throws))).toBe("RECORD_SIGNER_FAILED");
    expect(await recordCode(() => signDecisionRecord(statement, p384))).toBe("RECORD_SIGNER_FAILED");
  });
});

describe("verifyDecisionRecord", () => {
  test("a PASSED record round-trips", async () => {
    const statement = buildDecisionStatement(PASSED_DECISION, context());
    const verified = verifyDecisionRecord(await signDecisionRecord(statement, signer), keys.publicPem);
    expect(verified).toEqual({
      statement,
      result: "PASSED",
      registry: "fraud-scoring",
      model: "scorer",
      version: "1.4.0",
      checks: PASSED_DECISION.checks,
      signatureSha256: SIG,
    });
  });

  test("a FAILED record round-trips, with its reasons", async () => {
    const statement = buildDecisionStatement(FAILED_DECISION, context());
    const verified = verifyDecisionRecord(await signDecisionRecord(statement, signer), keys.publicKey);
    expect(verified.result).toBe("FAILED");
    expect(verified.statement).toEqual(statement);
    expect(verified.checks.map((c) => [c.id, c.status, c.reasons.map((r) => r.code)])).toEqual([
      ["limits", "passed", []],
      ["signature", "failed", ["OMS_DIGEST_MISMATCH"]],
      ["lineage", "passed", []],
      ["evaluation", "skipped", ["GATE_NOT_RUN"]],
      ["serialization", "passed", []],
    ]);
  });

  test("unknown fields are ignored (in-toto parsing rules)", () => {
    const doc = passedJson();
    doc.predicate.slsaVersion = "1.1";
    doc.predicate["https://example.com/extra"] = { any: 1 };
    expect(verifyDecisionRecord(signedJson(doc), keys.publicPem).result).toBe("PASSED");
  });

  test("the keyid is not trusted: a wrong hint with a valid signature still verifies", async () => {
    const env = parse(await signDecisionRecord(buildDecisionStatement(PASSED_DECISION, context()), signer));
    env.signatures[0]!.keyid = "ff".repeat(32);
    expect(verifyDecisionRecord(Buffer.from(JSON.stringify(env)), keys.publicPem).result).toBe("PASSED");
  });

  test("RECORD_SIGNATURE_INVALID: a tampered payload (FAILED turned into PASSED)", async () => {
    const env = parse(await signDecisionRecord(buildDecisionStatement(FAILED_DECISION, context()), signer));
    const text = Buffer.from(env.payload, "base64").toString("utf8").replace('"FAILED"', '"PASSED"');
    env.payload = Buffer.from(text).toString("base64");
    expect(await recordCode(() => verifyDecisionRecord(Buffer.from(JSON.stringify(env)), keys.publicPem))).toBe("RECORD_SIGNATURE_INVALID");
  });

  test("RECORD_SIGNATURE_INVALID: the wrong public key", async () => {
    const record = await signDecisionRecord(buildDecisionStatement(PASSED_DECISION, context()), signer);
    expect(await recordCode(() => verifyDecisionRecord(record, other.publicPem))).toBe("RECORD_SIGNATURE_INVALID");
  });

  test("RECORD_BAD_BASE64: payload or sig outside the alphabet, or not canonical", async () => {
    const env = parse(await signDecisionRecord(buildDecisionStatement(PASSED_DECISION, context()), signer));
    const bad = (patch: Partial<Envelope>): Buffer => Buffer.from(JSON.stringify({ ...env, ...patch }));
    expect(await recordCode(() => verifyDecisionRecord(bad({ payload: `!${env.payload}` }), keys.publicPem))).toBe("RECORD_BAD_BASE64");
    expect(await recordCode(() => verifyDecisionRecord(bad({ signatures: [{ keyid: "", sig: "QQ=x" }] }), keys.publicPem))).toBe("RECORD_BAD_BASE64");
    // "QR==" decodes to the same byte as "QQ==": not canonical.
    expect(await recordCode(() => verifyDecisionRecord(bad({ signatures: [{ keyid: "", sig: "QR==" }] }), keys.publicPem))).toBe("RECORD_BAD_BASE64");
  });

  test("RECORD_PREDICATE_TYPE: a validly signed statement of another predicate type", async () => {
    const doc = passedJson();
    doc.predicateType = "https://slsa.dev/provenance/v1";
    expect(await recordCode(() => verifyDecisionRecord(signedJson(doc), keys.publicPem))).toBe("RECORD_PREDICATE_TYPE");
  });

  test("RECORD_TOO_LARGE: over 1 MiB, before parsing", async () => {
    const huge = Buffer.alloc(1024 * 1024 + 1, 0x20);
    expect(await recordCode(() => verifyDecisionRecord(huge, keys.publicPem))).toBe("RECORD_TOO_LARGE");
    const atCap = Buffer.alloc(1024 * 1024, 0x20);
    expect(await recordCode(() => verifyDecisionRecord(atCap, keys.publicPem))).toBe("RECORD_MALFORMED");
  });

  test("RECORD_KEY_UNSUPPORTED: a P-384 key, an RSA key, or text that is no key", async () => {
    const record = await signDecisionRecord(buildDecisionStatement(PASSED_DECISION, context()), signer);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect(await recordCode(() => verifyDecisionRecord(record, ecKeys("P-384").publicPem))).toBe("RECORD_KEY_UNSUPPORTED");
    expect(await recordCode(() => verifyDecisionRecord(record, rsa))).toBe("RECORD_KEY_UNSUPPORTED");
    expect(await recordCode(() => verifyDecisionRecord(record, "not a key"))).toBe("RECORD_KEY_UNSUPPORTED");
  });

  test.each<[string, (env: Envelope) => unknown]>([
    ["not JSON", () => "{"],
    ["an array", () => []],
    ["another payload type", (env) => ({ ...env, payloadType: "application/json" })],
    ["no signature", (env) => ({ ...env, signatures: [] })],
    ["two signatures", (env) => ({ ...env, signatures: [env.signatures[0], env.signatures[0]] })],
    ["a numeric payload", (env) => ({ ...env, payload: 1 })],
  ])("RECORD_MALFORMED envelope: %s", async (_what, doctor) => {
    const env = parse(await signDecisionRecord(buildDecisionStatement(PASSED_DECISION, context()), signer));
    const out = doctor(env);
    const bytes = Buffer.from(typeof out === "string" ? out : JSON.stringify(out));
    expect(await recordCode(() => verifyDecisionRecord(bytes, keys.publicPem))).toBe("RECORD_MALFORMED");
  });

  test.each<[string, (doc: Doc) => void]>([
    ["another statement type", (d) => void (d._type = "https://in-toto.io/Statement/v0.1")],
    ["two subjects", (d) => void d.subject.push(d.subject[0])],
    ["a short subject digest", (d) => void (d.subject[0].digest.sha256 = "abc")],
    ["a result that is neither PASSED nor FAILED", (d) => void (d.predicate.verificationResult = "passed")],
    ["a numeric timeVerified", (d) => void (d.predicate.timeVerified = 1)],
    ["a timeVerified with an offset", (d) => void (d.predicate.timeVerified = "2026-12-02T06:51:12+01:00")],
    ["no policy uri", (d) => void delete d.predicate.policy.uri],
    ["no gate extension", (d) => void delete d.predicate.blueprintGate],
    ["an unknown check status", (d) => void (d.predicate.blueprintGate.checks[0].status = "ok")],
    ["a reason without a code", (d) => void (d.predicate.blueprintGate.checks[0].reasons = [{ label: "x", message: "y" }])],
    ["a non-string lineage value", (d) => void (d.predicate.blueprintGate.lineage["eval-report"] = 3)],
    ["a file digest that is not hex", (d) => void (d.predicate.blueprintGate.files[0].sha256 = "zz")],
    ["an unknown subject digest kind", (d) => void (d.predicate.blueprintGate.subjectDigest = "other")],
  ])("RECORD_MALFORMED statement: %s", async (_what, doctor) => {
    const doc = passedJson();
    doctor(doc);
    expect(await recordCode(() => verifyDecisionRecord(signedJson(doc), keys.publicPem))).toBe("RECORD_MALFORMED");
  });

  test("RECORD_MALFORMED: a signed payload that is not JSON", async () => {
    const bytes = envelopeOver(Buffer.from("not json"), keys.privatePem);
    expect(await recordCode(() => verifyDecisionRecord(bytes, keys.publicPem))).toBe("RECORD_MALFORMED");
  });

  test.each<[string, (doc: Doc) => void]>([
    ["PASSED with a failed check", (d) => void (d.predicate.blueprintGate.checks[2].status = "failed")],
    ["PASSED with a skipped check", (d) => void (d.predicate.blueprintGate.checks[2].status = "skipped")],
    ["PASSED with no checks", (d) => void ((d.predicate.blueprintGate.checks = []), (d.predicate.verifiedLevels = []))],
    ["FAILED with every check passed", (d) => void ((d.predicate.verificationResult = "FAILED"), (d.predicate.verifiedLevels = ["FAILED"]))],
    ["PASSED with levels [FAILED]", (d) => void (d.predicate.verifiedLevels = ["FAILED"])],
    ["PASSED claiming a SLSA build level", (d) => void (d.predicate.verifiedLevels = ["SLSA_BUILD_LEVEL_3"])],
    ["a subject of another version", (d) => void (d.subject[0].name = "fraud-scoring/scorer/1.5.0")],
    ["a doctored threshold", (d) => void (d.predicate.blueprintGate.policy.evaluation[0].value = 0.5)],
    ["another registry's policy", (d) => void (d.predicate.blueprintGate.policy.registry = "other-registry")],
    ["a traversing version", (d) => void ((d.predicate.blueprintGate.version = ".."), (d.subject[0].name = "fraud-scoring/scorer/.."))],
    ["PASSED on a model.sig digest", (d) => void (d.predicate.blueprintGate.subjectDigest = "model-sig")],
    ["a listing subject with an input attestation", (d) => void (d.predicate.blueprintGate.subjectDigest = "listing")],
  ])("RECORD_INCONSISTENT: %s", async (_what, doctor) => {
    const doc = passedJson();
    doctor(doc);
    expect(await recordCode(() => verifyDecisionRecord(signedJson(doc), keys.publicPem))).toBe("RECORD_INCONSISTENT");
  });

  test("RECORD_INCONSISTENT: a FAILED record whose subject is not the model.sig digest it claims", async () => {
    const doc = JSON.parse(JSON.stringify(buildDecisionStatement(FAILED_DECISION, context()))) as Doc;
    doc.subject[0].digest.sha256 = "00".repeat(32);
    expect(await recordCode(() => verifyDecisionRecord(signedJson(doc), keys.publicPem))).toBe("RECORD_INCONSISTENT");
  });
});
