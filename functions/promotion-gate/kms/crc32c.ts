/**
 * CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF
 * (RFC 3720 §12.1 and appendix B.4). Cloud KMS uses it for its end-to-end integrity fields
 * ("Verifying end-to-end data integrity", cloud.google.com/kms/docs/data-integrity-guidelines).
 * KMS payloads here are a 32-byte digest, a ~72-byte signature and a ~180-byte PEM, so a
 * byte-at-a-time table is fast enough and avoids a native dependency.
 */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C of `data` as an unsigned 32-bit integer. */
export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
