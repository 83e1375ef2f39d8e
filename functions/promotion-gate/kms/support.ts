import { createHash } from "node:crypto";
import { OmsError } from "../oms/errors";

/** SHA-256 of the DSSE PAE: what every KMS signer sends, never the PAE itself (oms/sign.ts `Signer`). */
export function paeDigest(pae: Buffer): Buffer {
  return createHash("sha256").update(pae).digest();
}

/**
 * One line of an SDK error. SDK messages can carry request dumps over several lines, and the CLI
 * prints `code: message` per line, so newlines are folded and the length capped; no stack.
 */
export function oneLine(e: unknown): string {
  const name = e instanceof Error && e.name !== "Error" ? `${e.name}: ` : "";
  const message = e instanceof Error ? e.message : String(e);
  const line = `${name}${message}`.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** Runs one SDK call; any failure becomes OMS_SIGNER_FAILED naming the operation. OmsErrors pass through. */
export async function callSdk<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (OmsError.isOmsError(e)) throw e;
    throw new OmsError("OMS_SIGNER_FAILED", `${operation} failed: ${oneLine(e)}`);
  }
}

function derIntegerEnd(sig: Uint8Array, at: number, source: string): number {
  const bad = (why: string): OmsError => new OmsError("OMS_SIGNER_FAILED", `${source} signature is not DER ECDSA P-256: ${why}`);
  if (sig[at] !== 0x02) throw bad("expected an INTEGER");
  const len = sig[at + 1] ?? 0;
  const first = sig[at + 2] ?? 0;
  // P-256 r and s are below the 256-bit group order: at most 32 bytes plus one 0x00 sign byte.
  if (len < 1 || len > 33) throw bad(`INTEGER of ${len} bytes`);
  if (at + 2 + len > sig.length) throw bad("INTEGER runs past the end");
  if (first & 0x80) throw bad("negative INTEGER");
  if (first === 0 && len > 1 && ((sig[at + 3] ?? 0) & 0x80) === 0) throw bad("INTEGER with a superfluous leading zero");
  if (len === 33 && first !== 0) throw bad("INTEGER wider than 256 bits");
  if (len === 1 && first === 0) throw bad("zero INTEGER");
  return at + 2 + len;
}

/**
 * Checks that `sig` is exactly `SEQUENCE { INTEGER r, INTEGER s }` in minimal DER (RFC 3279
 * §2.2.3, which AWS `Sign` and Cloud KMS `asymmetricSign` both return) and returns it unchanged.
 * A 64-byte P1363 `r || s` starts with any byte, so it is caught here with a clear reason rather
 * than later as an unexplained "does not verify".
 */
export function assertDerP256(sig: Uint8Array, source: string): Buffer {
  const buf = Buffer.from(sig);
  if (buf[0] !== 0x30) {
    throw new OmsError("OMS_SIGNER_FAILED", `${source} signature is not DER ECDSA P-256: no SEQUENCE (${buf.length} bytes, P1363 r||s?)`);
  }
  const body = buf[1] ?? 0;
  // At most 2 + 33 + 2 + 33 = 70 bytes, so only the short length form is valid.
  if (body >= 0x80 || body + 2 !== buf.length) {
    throw new OmsError("OMS_SIGNER_FAILED", `${source} signature is not DER ECDSA P-256: SEQUENCE length does not match`);
  }
  const afterR = derIntegerEnd(buf, 2, source);
  const afterS = derIntegerEnd(buf, afterR, source);
  if (afterS !== buf.length) {
    throw new OmsError("OMS_SIGNER_FAILED", `${source} signature is not DER ECDSA P-256: trailing bytes`);
  }
  return buf;
}
