/**
 * ECDSA signature encodings. OMS bundles carry ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }`
 * because upstream hands `sig` straight to `cryptography`'s DER verifier
 * (model-transparency `_signing/sign_ec_key.py` L188-201; research §1.7 step 3). Some signers
 * (Azure Key Vault, WebCrypto) return IEEE P1363 `r || s` instead, so both directions live here.
 */

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** DER INTEGER of a non-negative big-endian magnitude: minimal, with a 0x00 when the top bit is set. */
function derInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let body = magnitude.subarray(start);
  if (body.length === 0) body = Buffer.from([0]);
  if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
}

/** DER signature from big-endian r and s (any leading zeros, as KMS may shorten them). */
export function derFromRS(r: Buffer, s: Buffer): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** DER signature from a P1363 `r || s` of two equal halves (64 bytes for P-256). */
export function derFromP1363(raw: Buffer): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new RangeError(`P1363 signature length ${raw.length} is not two equal halves`);
  }
  const half = raw.length / 2;
  return derFromRS(raw.subarray(0, half), raw.subarray(half));
}
