import { createPublicKey, KeyObject, verify as verifySignature } from "node:crypto";
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from "../oms/dsse";
import { publicKeyHint } from "../oms/keys";
import { Signer } from "../oms/sign";
import { DecisionStatement } from "./decision-statement";
import { RecordError } from "./errors";

/**
 * Content type of a stored record: in-toto `spec/v1/envelope.md` says an envelope in arbitrary
 * storage SHOULD be `application/vnd.in-toto.<predicate>+dsse` (research §2.2).
 */
export const DECISION_RECORD_MEDIA_TYPE = "application/vnd.in-toto.verification_summary+dsse";

/** True when `key` is ECDSA P-256, the only curve the {@link Signer} contract (SHA-256) covers. */
export function isP256(key: KeyObject): boolean {
  return key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1";
}

/**
 * Signs a decision statement into a DSSE envelope (secure-systems-lab/dsse `envelope.md`,
 * research §2.2): `payload` = base64 of the statement's JSON bytes, one signature = base64 DER
 * ECDSA-SHA256 over PAE(payloadType, payload bytes), `keyid` = the key's OMS hint (a lookup aid
 * only: DSSE says keyid "MUST NOT be used for security decisions"). The signature is checked
 * against the signer's public key before the bytes are returned, so a misconfigured KMS key
 * (wrong key, wrong algorithm, P1363 instead of DER) fails at the gate, where it is noticed, not
 * months later at an auditor's desk.
 */
export async function signDecisionRecord(statement: DecisionStatement, signer: Signer): Promise<Buffer> {
  let key: KeyObject;
  try {
    key = createPublicKey(await signer.publicKeyPem());
  } catch (e) {
    throw new RecordError("RECORD_SIGNER_FAILED", `signer has no readable public key: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isP256(key)) throw new RecordError("RECORD_SIGNER_FAILED", "the record signing key is not ECDSA P-256");
  const payload = Buffer.from(JSON.stringify(statement), "utf8");
  const pae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload);
  let der: Buffer;
  try {
    der = await signer.sign(pae);
  } catch (e) {
    throw new RecordError("RECORD_SIGNER_FAILED", `signer failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  let ok = false;
  try {
    ok = verifySignature("sha256", pae, key, der);
  } catch {
    ok = false;
  }
  if (!ok) throw new RecordError("RECORD_SIGNER_FAILED", "signer returned a signature that does not verify with its public key");
  return Buffer.from(
    JSON.stringify({
      payload: payload.toString("base64"),
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ keyid: publicKeyHint(key), sig: der.toString("base64") }],
    }),
    "utf8",
  );
}
