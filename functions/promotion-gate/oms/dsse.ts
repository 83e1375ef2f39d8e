import { OmsError } from "./errors";

/**
 * DSSE pieces OMS relies on (secure-systems-lab/dsse `protocol.md` v1.0.2, `envelope.md`).
 * OMS itself defines no envelope: it reuses DSSE inside a Sigstore bundle
 * (ossf/model-signing-spec `spec/v1.0.md` §1, §4).
 */

/** The only payload type OMS accepts (model-transparency `_signing/signing.py` L59). */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/**
 * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN = ASCII decimal byte
 * count (dsse `protocol.md`). Signing the PAE rather than the body binds the payload type, so a
 * payload cannot be replayed under another type.
 */
export function preAuthEncoding(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, "utf8"),
    type,
    Buffer.from(` ${body.length} `, "utf8"),
    body,
  ]);
}

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Decodes base64 strictly. DSSE verifiers must accept standard and URL-safe base64 (dsse
 * `protocol.md`), but Node's decoder silently drops characters outside the alphabet
 * (`Buffer.from('!!!!', 'base64')` is empty; research §1.6 step 2), which would let two different
 * texts decode to the same bytes. So the alphabet, padding and canonical form are all checked:
 * re-encoding the decoded bytes must give back the input.
 */
export function decodeBase64Strict(text: string, field: string): Buffer {
  const urlSafe = !STANDARD.test(text) && URL_SAFE.test(text);
  if (!STANDARD.test(text) && !urlSafe) {
    throw new OmsError("OMS_BAD_BASE64", `${field} holds characters outside the base64 alphabet`);
  }
  const padded = text.endsWith("=");
  if (padded && text.length % 4 !== 0) {
    throw new OmsError("OMS_BAD_BASE64", `${field} has base64 padding at a wrong length`);
  }
  const bytes = Buffer.from(text, urlSafe ? "base64url" : "base64");
  const again = bytes.toString(urlSafe ? "base64url" : "base64").replace(/=+$/, "");
  if (again !== text.replace(/=+$/, "")) {
    throw new OmsError("OMS_BAD_BASE64", `${field} is not canonical base64`);
  }
  return bytes;
}
