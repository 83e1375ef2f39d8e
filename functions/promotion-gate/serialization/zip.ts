import { crc32, inflateRawSync } from "node:zlib";
import { SerializationError } from "./findings";
import { ByteSource } from "./source";

/**
 * Just enough of a ZIP reader to find and extract a PyTorch checkpoint's pickle entries, from
 * the central directory (PKWARE APPNOTE.TXT 6.3.x: §4.3.16 end of central directory, §4.3.15
 * zip64 locator, §4.3.14 zip64 end record, §4.3.12 central directory header, §4.5.3 zip64 extra
 * field, §4.3.7 local file header). The central directory is authoritative, as for PyTorch's
 * reader (miniz): a name present only in a local header is never loaded, so never scanned.
 */

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

export interface ZipDirectory {
  readonly entries: readonly ZipEntry[];
  /** Where the central directory starts: every entry's data lies before it. */
  readonly centralDirectoryOffset: number;
}

export interface ZipLimits {
  /** @default 64 MiB: a checkpoint with 100k tensors has a central directory of a few MB. */
  readonly maxCentralDirectoryBytes?: number;
  /** @default 200_000 */
  readonly maxEntries?: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

const bad = (why: string): never => {
  throw new SerializationError("ZIP_MALFORMED", `zip ${why}`);
};

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) bad("has a 64-bit field beyond 2^53");
  return Number(v);
}

/** Reads and checks the central directory. Throws SerializationError(ZIP_MALFORMED). */
export async function readZipDirectory(src: ByteSource, limits: ZipLimits = {}): Promise<ZipDirectory> {
  const maxCd = limits.maxCentralDirectoryBytes ?? 64 * 1024 * 1024;
  const maxEntries = limits.maxEntries ?? 200_000;
  if (src.size < EOCD_SIZE) bad("is shorter than an end of central directory record");
  const tailStart = Math.max(0, src.size - EOCD_SIZE - MAX_COMMENT);
  const tail = await src.read(tailStart, src.size - tailStart);
  // The record is the last signature whose comment length reaches exactly the end of the file.
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) bad("has no end of central directory record");
  const eocdAbs = tailStart + eocd;
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) bad("spans several disks");
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  let cdEndLimit = eocdAbs;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64 (torch.save writes it past 4 GiB): the 20-byte locator sits right before the record.
    if (eocdAbs < 20) bad("announces zip64 without a locator");
    const loc = await src.read(eocdAbs - 20, 20);
    if (loc.readUInt32LE(0) !== ZIP64_LOCATOR_SIG) bad("announces zip64 without a locator");
    const recAt = u64(loc, 8);
    if (recAt + 56 > eocdAbs - 20) bad("has a zip64 end record outside the file");
    const rec = await src.read(recAt, 56);
    if (rec.readUInt32LE(0) !== ZIP64_EOCD_SIG) bad("has a bad zip64 end record signature");
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
    cdEndLimit = recAt;
  }
  if (cdOffset + cdSize > cdEndLimit) bad("has a central directory overlapping its end record");
  if (cdSize > maxCd) bad(`has a central directory of ${cdSize} bytes, over the ${maxCd}-byte limit`);
  if (count > maxEntries) bad(`has ${count} entries, over the ${maxEntries} limit`);
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) bad(`central directory entry ${i} is truncated or has a bad signature`);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cd.length) bad(`central directory entry ${i} runs past the directory`);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    // §4.5.3: the zip64 extra field holds, in this order, only the fields set to 0xFFFFFFFF.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
      let x = 0;
      let z64: Buffer | undefined;
      while (x + 4 <= extra.length) {
        const id = extra.readUInt16LE(x);
        const len = extra.readUInt16LE(x + 2);
        if (x + 4 + len > extra.length) bad(`entry ${i} has a truncated extra field`);
        if (id === 0x0001) z64 = extra.subarray(x + 4, x + 4 + len);
        x += 4 + len;
      }
      if (z64 === undefined) bad(`entry ${i} needs a zip64 extra field and has none`);
      const f = z64 as Buffer;
      let q = 0;
      const take = (): number => {
        if (q + 8 > f.length) bad(`entry ${i} has a short zip64 extra field`);
        q += 8;
        return u64(f, q - 8);
      };
      if (size === 0xffffffff) size = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
    }
    if (localHeaderOffset + 30 + compressedSize > cdOffset) bad(`entry ${i} lies outside the archive data`);
    entries.push({
      name: cd.toString((cd.readUInt16LE(p + 8) & 0x0800) !== 0 ? "utf8" : "latin1", p + 46, p + 46 + nameLen),
      method: cd.readUInt16LE(p + 10),
      flags: cd.readUInt16LE(p + 8),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize,
      size,
      localHeaderOffset,
    });
    p = next;
  }
  if (p !== cd.length) bad("central directory size does not match its entries");
  return { entries, centralDirectoryOffset: cdOffset };
}

/**
 * Extracts one entry, refusing more than `maxBytes` of output. Stored (0) and deflated (8) are
 * the methods PyTorch and Python's zipfile write; anything else cannot be scanned, so it rejects.
 */
export async function readZipEntry(src: ByteSource, dir: ZipDirectory, entry: ZipEntry, maxBytes: number): Promise<Buffer> {
  if ((entry.flags & 0x0001) !== 0) bad(`entry ${entry.name} is encrypted`);
  if (entry.size > maxBytes) {
    throw new SerializationError("PICKLE_TOO_LARGE", `entry ${entry.name} is ${entry.size} bytes, over the ${maxBytes}-byte scan limit`);
  }
  const local = await src.read(entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIG) bad(`entry ${entry.name} has no local header`);
  const dataAt = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataAt + entry.compressedSize > dir.centralDirectoryOffset) bad(`entry ${entry.name} data runs into the central directory`);
  const raw = await src.read(dataAt, entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) bad(`stored entry ${entry.name} has different sizes`);
    data = raw;
  } else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: entry.size + 1 });
    } catch {
      return bad(`entry ${entry.name} does not inflate within its declared size`);
    }
  } else {
    return bad(`entry ${entry.name} uses compression method ${entry.method}`);
  }
  if (data.length !== entry.size) bad(`entry ${entry.name} inflates to ${data.length} bytes, not the declared ${entry.size}`);
  if (crc32(data) !== entry.crc32) bad(`entry ${entry.name} fails its CRC-32`);
  return data;
}
