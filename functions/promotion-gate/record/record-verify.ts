import { createHash, createPublicKey, KeyObject, verify as verifySignature } from "node:crypto";
import { canonicalJson } from "../gate/policy";
import { GateCheck, GateCheckId } from "../gate/types";
import { decodeBase64Strict, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from "../oms/dsse";
import { OmsError } from "../oms/errors";
import {
  DecisionStatement, IN_TOTO_STATEMENT_TYPE, resultOf, SubjectDigestKind, verifiedLevels, VSA_PREDICATE_TYPE,
} from "./decision-statement";
import { RecordError, RecordErrorCode } from "./errors";
import { isP256 } from "./record-envelope";
import { assertModelName, assertRegistryName } from "./record-key";

/**
 * Largest record accepted. A record holds one check list and the policy, a few kB; the file
 * list grows about 100 bytes per file. 1 MiB bounds what a planted file can make a verifier
 * parse in memory.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** A record that verified: its statement and the fields a caller acts on. */
export interface VerifiedDecision {
  readonly statement: DecisionStatement;
  readonly result: "PASSED" | "FAILED";
  readonly registry: string;
  readonly model: string;
  readonly version: string;
  readonly checks: GateCheck[];
  /** The `model.sig` digest the record lists as its input attestation, when it has one. */
  readonly signatureSha256?: string;
}

type Json = Record<string, unknown>;

function fail(code: RecordErrorCode, message: string): RecordError {
  return new RecordError(code, message);
}

function malformed(message: string): RecordError {
  return fail("RECORD_MALFORMED", message);
}

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function obj(x: unknown, what: string): Json {
  if (!isObject(x)) throw malformed(`${what} is not an object`);
  return x;
}

function str(x: unknown, what: string): string {
  if (typeof x !== "string") throw malformed(`${what} is not a string`);
  return x;
}

function arr(x: unknown, what: string): unknown[] {
  if (!Array.isArray(x)) throw malformed(`${what} is not an array`);
  return x;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The form buildDecisionStatement writes (in-toto `field_types.md` Timestamp: RFC 3339 in UTC). */
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const CHECK_ID = /^[a-z][a-z0-9-]{0,62}$/;
const STATUSES = new Set(["passed", "failed", "skipped"]);
const SUBJECT_KINDS = new Set<SubjectDigestKind>(["oms-root-digest", "model-sig", "listing"]);

function sha256Of(x: unknown, what: string): string {
  const digest = obj(x, what);
  const hex = str(digest.sha256, `${what}.sha256`);
  if (!SHA256_HEX.test(hex)) throw malformed(`${what}.sha256 is not 64 lowercase hex digits`);
  return hex;
}

function stringMap(x: unknown, what: string): Record<string, string> {
  const map = obj(x, what);
  for (const [k, v] of Object.entries(map)) str(v, `${what}.${k}`);
  return map as Record<string, string>;
}

function parseCheck(x: unknown, i: number): GateCheck {
  const what = `blueprintGate.checks[${i}]`;
  const c = obj(x, what);
  const id = str(c.id, `${what}.id`);
  if (!CHECK_ID.test(id)) throw malformed(`${what}.id is not a check id`);
  const status = str(c.status, `${what}.status`);
  if (!STATUSES.has(status)) throw malformed(`${what}.status is not passed, failed or skipped`);
  const summary = str(c.summary, `${what}.summary`);
  const reasons = arr(c.reasons, `${what}.reasons`).map((r, j) => {
    const reason = obj(r, `${what}.reasons[${j}]`);
    return {
      code: str(reason.code, `${what}.reasons[${j}].code`),
      label: str(reason.label, `${what}.reasons[${j}].label`),
      message: str(reason.message, `${what}.reasons[${j}].message`),
    };
  });
  // The check ids of future gate versions are not known here; they are recorded, not interpreted.
  return { id: id as GateCheckId, status: status as GateCheck["status"], summary, reasons };
}

function decodeB64(text: string, field: string): Buffer {
  try {
    return decodeBase64Strict(text, field);
  } catch (e) {
    if (OmsError.isOmsError(e)) throw fail("RECORD_BAD_BASE64", e.message);
    throw e;
  }
}

function publicKeyOf(publicKey: string | KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  } catch {
    throw fail("RECORD_KEY_UNSUPPORTED", "the public key is not a readable PEM public key");
  }
  if (key.type !== "public" || !isP256(key)) throw fail("RECORD_KEY_UNSUPPORTED", "the public key is not an ECDSA P-256 public key");
  return key;
}

/** Parses the envelope and checks the signature over the decoded payload bytes; returns them. */
function verifiedPayload(bytes: Buffer, key: KeyObject): Buffer {
  if (bytes.length > MAX_RECORD_BYTES) {
    throw fail("RECORD_TOO_LARGE", `record is ${bytes.length} bytes, more than the ${MAX_RECORD_BYTES} allowed`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw malformed("record is not JSON");
  }
  const env = obj(doc, "record");
  if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw malformed(`payloadType is not ${IN_TOTO_PAYLOAD_TYPE}`);
  const payloadText = str(env.payload, "payload");
  const sigs = arr(env.signatures, "signatures");
  // The gate signs with one key; a second signature would be one nobody checks.
  if (sigs.length !== 1) throw malformed("record must carry exactly one signature");
  const sig = obj(sigs[0], "signatures[0]");
  const sigText = str(sig.sig, "signatures[0].sig");
  // keyid is not read: DSSE `envelope.md` says it "MUST NOT be used for security decisions".
  const payload = decodeB64(payloadText, "payload");
  const signature = decodeB64(sigText, "signatures[0].sig");
  let ok = false;
  try {
    ok = verifySignature("sha256", preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload), key, signature);
  } catch {
    ok = false;
  }
  if (!ok) throw fail("RECORD_SIGNATURE_INVALID", "the record's signature does not verify with the given public key");
  return payload;
}

function inconsistent(message: string): RecordError {
  return fail("RECORD_INCONSISTENT", message);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Verifies a decision record: size cap, envelope shape, strict base64, the ECDSA P-256 signature
 * over PAE of the decoded payload bytes (never a re-serialization, which could differ from what
 * was signed), then the statement: in-toto Statement v1, SLSA VSA v1, each field's type, and
 * that the fields agree with each other (result vs checks, subject vs names, policy digest vs
 * the recorded policy). Unknown fields are ignored, as in-toto `spec/v1/README.md` requires.
 * Throws a {@link RecordError}.
 */
export function verifyDecisionRecord(bytes: Buffer, publicKey: string | KeyObject): VerifiedDecision {
  const key = publicKeyOf(publicKey);
  const payload = verifiedPayload(bytes, key);
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString("utf8"));
  } catch {
    throw malformed("payload is not JSON");
  }
  const st = obj(doc, "statement");
  if (st._type !== IN_TOTO_STATEMENT_TYPE) throw malformed(`_type is not ${IN_TOTO_STATEMENT_TYPE}`);
  if (st.predicateType !== VSA_PREDICATE_TYPE) {
    throw fail("RECORD_PREDICATE_TYPE", `predicateType ${JSON.stringify(st.predicateType)} is not ${VSA_PREDICATE_TYPE}`);
  }
  const subjects = arr(st.subject, "subject");
  if (subjects.length !== 1) throw malformed("subject must list exactly one model version");
  const subject = obj(subjects[0], "subject[0]");
  const subjectName = str(subject.name, "subject[0].name");
  const subjectDigest = sha256Of(subject.digest, "subject[0].digest");

  const p = obj(st.predicate, "predicate");
  const verifier = obj(p.verifier, "predicate.verifier");
  str(verifier.id, "predicate.verifier.id");
  if (verifier.version !== undefined) stringMap(verifier.version, "predicate.verifier.version");
  const time = str(p.timeVerified, "predicate.timeVerified");
  if (!RFC3339_UTC.test(time) || Number.isNaN(Date.parse(time))) throw malformed("predicate.timeVerified is not an RFC 3339 UTC timestamp");
  str(p.resourceUri, "predicate.resourceUri");
  const policy = obj(p.policy, "predicate.policy");
  str(policy.uri, "predicate.policy.uri");
  const policyDigest = sha256Of(policy.digest, "predicate.policy.digest");
  let signatureSha256: string | undefined;
  if (p.inputAttestations !== undefined) {
    const inputs = arr(p.inputAttestations, "predicate.inputAttestations");
    if (inputs.length !== 1) throw malformed("predicate.inputAttestations must list the model.sig alone");
    const input = obj(inputs[0], "predicate.inputAttestations[0]");
    str(input.uri, "predicate.inputAttestations[0].uri");
    signatureSha256 = sha256Of(input.digest, "predicate.inputAttestations[0].digest");
  }
  const result = p.verificationResult;
  if (result !== "PASSED" && result !== "FAILED") throw malformed("predicate.verificationResult is not PASSED or FAILED");
  const levels = arr(p.verifiedLevels, "predicate.verifiedLevels").map((l, i) => str(l, `predicate.verifiedLevels[${i}]`));

  const gate = obj(p.blueprintGate, "predicate.blueprintGate");
  const registry = str(gate.registry, "blueprintGate.registry");
  const model = str(gate.model, "blueprintGate.model");
  const version = str(gate.version, "blueprintGate.version");
  const kind = str(gate.subjectDigest, "blueprintGate.subjectDigest") as SubjectDigestKind;
  if (!SUBJECT_KINDS.has(kind)) throw malformed("blueprintGate.subjectDigest is not oms-root-digest, model-sig or listing");
  stringMap(gate.lineage, "blueprintGate.lineage");
  const gatePolicy = obj(gate.policy, "blueprintGate.policy");
  const checks = arr(gate.checks, "blueprintGate.checks").map(parseCheck);
  arr(gate.files, "blueprintGate.files").forEach((f, i) => {
    const file = obj(f, `blueprintGate.files[${i}]`);
    str(file.name, `blueprintGate.files[${i}].name`);
    if (!SHA256_HEX.test(str(file.sha256, `blueprintGate.files[${i}].sha256`))) throw malformed(`blueprintGate.files[${i}].sha256 is not 64 lowercase hex digits`);
  });

  // Consistency. The signature proves who wrote the record; these prove it says one thing.
  for (const check of [() => assertRegistryName(registry), () => assertModelName("model", model), () => assertModelName("version", version)]) {
    try {
      check();
    } catch (e) {
      throw inconsistent(e instanceof Error ? e.message : String(e));
    }
  }
  if (subjectName !== `${registry}/${model}/${version}`) {
    throw inconsistent(`subject name ${JSON.stringify(subjectName)} is not ${registry}/${model}/${version}`);
  }
  if (gatePolicy.registry !== registry) throw inconsistent("the recorded policy is another registry's");
  const recomputed = createHash("sha256").update(canonicalJson(gatePolicy), "utf8").digest("hex");
  if (recomputed !== policyDigest) throw inconsistent("policy.digest is not the sha256 of the recorded policy");
  const expected = resultOf(checks);
  if (result !== expected) throw inconsistent(`verificationResult is ${result} but the checks say ${expected}`);
  if (!sameList(levels, verifiedLevels(result, checks))) {
    throw inconsistent(`verifiedLevels ${JSON.stringify(levels)} do not match the result and its checks`);
  }
  if (result === "PASSED" && kind !== "oms-root-digest") throw inconsistent("a PASSED record's subject must be the manifest's root digest");
  if ((kind === "listing") !== (signatureSha256 === undefined)) {
    throw inconsistent("the subject says no model.sig exactly when inputAttestations is absent, and it does not");
  }
  if (kind === "model-sig" && subjectDigest !== signatureSha256) {
    throw inconsistent("the subject digest is not the model.sig digest it claims to be");
  }

  return {
    statement: doc as DecisionStatement,
    result,
    registry,
    model,
    version,
    checks,
    ...(signatureSha256 === undefined ? {} : { signatureSha256 }),
  };
}
