import { createHash } from "node:crypto";

/*
 * Key ids of an ASCII-armored OpenPGP public key, so config can tell that a signing key's `id`
 * names the key pasted beside it: Argo CD admits commits by key id and Flux by the keys in its
 * secret, and a mismatch would make one engine refuse every commit the other admits.
 * RFC 9580: armor §6.2 (CRC-24 §6.1), packet headers §4.2, key ids and fingerprints §5.5.4.
 */

const CRC24_INIT = 0xb704ce;
const CRC24_POLY = 0x1864cfb;

function crc24(bytes: Uint8Array): number {
  let crc = CRC24_INIT;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
  }
  return crc & 0xffffff;
}

/** The binary body of an armored block, or undefined when the armor or its checksum is broken. */
function dearmor(armored: string): Buffer | undefined {
  const lines = armored.trim().split(/\r?\n/);
  const begin = lines.findIndex((l) => l.trim() === "-----BEGIN PGP PUBLIC KEY BLOCK-----");
  const end = lines.findIndex((l) => l.trim() === "-----END PGP PUBLIC KEY BLOCK-----");
  if (begin < 0 || end <= begin) return undefined;
  // Armor headers ("Comment: ...") end at the first blank line; RFC 9580 allows none at all.
  let body = lines.slice(begin + 1, end).map((l) => l.trim());
  const blank = body.indexOf("");
  if (blank >= 0 && body.slice(0, blank).every((l) => l.includes(": "))) body = body.slice(blank + 1);
  const checksumLine = body.length > 0 && body[body.length - 1]!.startsWith("=") ? body.pop() : undefined;
  const base64 = body.join("");
  const bytes = Buffer.from(base64, "base64");
  // Node skips characters outside base64 silently: a round trip that differs means a broken block.
  if (bytes.length === 0 || bytes.toString("base64") !== base64) return undefined;
  if (checksumLine !== undefined) {
    const sum = Buffer.from(checksumLine.slice(1), "base64");
    if (sum.length !== 3 || sum.readUIntBE(0, 3) !== crc24(bytes)) return undefined;
  }
  return bytes;
}

interface Packet {
  readonly tag: number;
  readonly body: Buffer;
}

/** Packets of a transferable public key; undefined on a truncated or partial-length packet. */
function packets(bytes: Buffer): Packet[] | undefined {
  const out: Packet[] = [];
  let at = 0;
  while (at < bytes.length) {
    const header = bytes[at]!;
    if ((header & 0x80) === 0) return undefined;
    let tag: number;
    let length: number;
    if (header & 0x40) {
      tag = header & 0x3f;
      const first = bytes[at + 1];
      if (first === undefined) return undefined;
      if (first < 192) {
        length = first;
        at += 2;
      } else if (first < 224) {
        length = ((first - 192) << 8) + (bytes[at + 2] ?? 0) + 192;
        at += 3;
      } else if (first === 255) {
        if (at + 6 > bytes.length) return undefined;
        length = bytes.readUInt32BE(at + 2);
        at += 6;
      } else {
        return undefined; // partial lengths never occur in key packets
      }
    } else {
      tag = (header >> 2) & 0x0f;
      const type = header & 0x03;
      if (type === 3) return undefined;
      const size = [1, 2, 4][type]!;
      if (at + 1 + size > bytes.length) return undefined;
      length = bytes.readUIntBE(at + 1, size);
      at += 1 + size;
    }
    if (at + length > bytes.length) return undefined;
    out.push({ tag, body: bytes.subarray(at, at + length) });
    at += length;
  }
  return out;
}

const PUBLIC_KEY = 6;
const PUBLIC_SUBKEY = 14;

/** RFC 9580 §5.5.4: v4 ids are a SHA-1 fingerprint's last 8 bytes, v5 and v6 a SHA-256's first 8. */
function keyId(body: Buffer): string | undefined {
  const version = body[0];
  const len2 = Buffer.from([body.length >> 8, body.length & 0xff]);
  const len4 = Buffer.alloc(4);
  len4.writeUInt32BE(body.length);
  if (version === 4) {
    return createHash("sha1").update(Buffer.from([0x99])).update(len2).update(body).digest().subarray(12).toString("hex").toUpperCase();
  }
  if (version === 5 || version === 6) {
    const prefix = version === 5 ? 0x9a : 0x9b;
    return createHash("sha256").update(Buffer.from([prefix])).update(len4).update(body).digest().subarray(0, 8).toString("hex").toUpperCase();
  }
  return undefined;
}

/**
 * The key ids (16 uppercase hex digits) of the primary key and every subkey of an armored
 * public key, primary first; undefined when the block cannot be read (broken armor, wrong
 * checksum, no public key packet).
 */
export function openPgpKeyIds(armored: string): string[] | undefined {
  const bytes = dearmor(armored);
  const list = bytes && packets(bytes);
  if (!list || list[0]?.tag !== PUBLIC_KEY) return undefined;
  const ids = list.filter((p) => p.tag === PUBLIC_KEY || p.tag === PUBLIC_SUBKEY).map((p) => keyId(p.body));
  return ids.every((id): id is string => id !== undefined) ? ids : undefined;
}
