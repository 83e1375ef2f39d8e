import { SerializationError } from "./findings";
import { walkPickle } from "./pickle";
import { ByteSource } from "./source";
import { ZipDirectory, readZipDirectory, ZipLimits } from "./zip";

/**
 * Establishes a model file's format from its bytes, never from its name: a pickle renamed
 * `model.safetensors` is still a pickle. A strong magic that then fails its structure check is
 * FORMAT_MALFORMED (or ZIP_MALFORMED); bytes matching nothing are "unknown" and reject.
 */
export type ModelFormat = "safetensors" | "onnx" | "gguf" | "pickle" | "pytorch-zip";

/** What the gate accepts when the registry's config names no formats. */
export const DEFAULT_ALLOWED_FORMATS: readonly ModelFormat[] = ["safetensors", "onnx", "gguf"];

export type Detection =
  | { readonly format: "safetensors" | "onnx" | "gguf" | "pickle" }
  | { readonly format: "pytorch-zip"; readonly zip: ZipDirectory }
  | { readonly format: "unknown"; readonly reason: string };

export interface DetectLimits extends ZipLimits {
  /**
   * Largest safetensors JSON header read. The format caps it at 100,000,000 bytes
   * (huggingface/safetensors README, "Format"); the default is stricter so a hostile header
   * cannot make the gate hold 100 MB. @default 16 MiB
   */
  readonly maxSafetensorsHeaderBytes?: number;
  /** Top-level protobuf fields walked in an ONNX file. @default 100_000 */
  readonly maxOnnxFields?: number;
  /** Bytes of pickle read per pickle (standalone file or zip entry). @default 64 MiB */
  readonly maxPickleBytes?: number;
  /** @default 5_000_000 */
  readonly maxPickleOpcodes?: number;
}

/** Default for DetectLimits.maxPickleBytes. */
export const DEFAULT_MAX_PICKLE_BYTES = 64 * 1024 * 1024;

const malformed = (why: string): never => {
  throw new SerializationError("FORMAT_MALFORMED", why);
};

/** Detects the format. Throws SerializationError for a recognised magic with a broken structure. */
export async function detectFormat(src: ByteSource, limits: DetectLimits = {}): Promise<Detection> {
  const head = await src.read(0, 24);
  if (head.length >= 4 && head.toString("latin1", 0, 4) === "GGUF") {
    checkGguf(head, src.size);
    return { format: "gguf" };
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    const zip = await readZipDirectory(src, limits);
    // PyTorch >= 1.6 writes `<archive>/data.pkl` (torch/serialization.py _save, archive name
    // defaulting to "archive"); any other zip is not a model format this gate knows.
    if (zip.entries.some((e) => /^[^/]+\/data\.pkl$/.test(e.name))) return { format: "pytorch-zip", zip };
    return { format: "unknown", reason: "a zip archive without a <name>/data.pkl entry" };
  }
  // pickletools.py: "For protocol 2 and above, a pickle must start with" PROTO (0x80, version).
  if (head.length >= 2 && head[0] === 0x80 && (head[1] as number) >= 2 && (head[1] as number) <= 5) return { format: "pickle" };
  if (await isSafetensors(src, head, limits.maxSafetensorsHeaderBytes ?? 16 * 1024 * 1024)) return { format: "safetensors" };
  if (await isOnnx(src, limits.maxOnnxFields ?? 100_000)) return { format: "onnx" };
  if (await isProtocol01Pickle(src, limits)) return { format: "pickle" };
  return { format: "unknown", reason: "no known magic or structure" };
}

/**
 * Protocols 0 and 1 have no header (pickletools.py: PROTO is protocol 2's), so the only proof
 * is structure: the bytes walk as a pickle to STOP, or they import something before breaking
 * (the unpickler would have run that import already, so it must be reported, not called unknown).
 */
async function isProtocol01Pickle(src: ByteSource, limits: DetectLimits): Promise<boolean> {
  const buf = await src.read(0, Math.min(src.size, limits.maxPickleBytes ?? DEFAULT_MAX_PICKLE_BYTES));
  if (buf.length === 0) return false;
  const walk = walkPickle(buf, 0, { maxOpcodes: limits.maxPickleOpcodes, prefixOnly: src.size > buf.length });
  return walk.error === undefined || walk.imports.length + walk.extensionImports.length + walk.unresolvedImports.length > 0;
}

/**
 * GGUF (ggml docs/gguf.md, "File Structure"): uint32 magic "GGUF", uint32 version, then uint64
 * tensor_count and uint64 metadata_kv_count (versions 2 and 3; version 1 used uint32 counts and
 * is obsolete). Only this fixed header is checked: GGUF carries no code, only typed metadata.
 */
function checkGguf(head: Buffer, size: number): void {
  if (size < 24 || head.length < 24) malformed("GGUF file is shorter than its 24-byte header");
  const version = head.readUInt32LE(4);
  if (version !== 2 && version !== 3) malformed(`GGUF version ${version} is not 2 or 3`);
}

/** safetensors dtype widths in bytes (huggingface/safetensors README, "Format" / Dtype enum). */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8,
};

/**
 * safetensors (huggingface/safetensors README, "Format"): 8 bytes little-endian u64 N, then an
 * N-byte UTF-8 JSON object starting with `{` (trailing spaces allowed), then the byte buffer.
 * Each tensor entry has `dtype`, `shape`, `data_offsets` [begin, end) relative to the buffer;
 * "the byte buffer needs to be entirely indexed, and cannot contain holes", which is checked so
 * no unindexed bytes (a hidden payload) ride along. `__metadata__` is a string-to-string map.
 * Not safetensors when the length or the opening `{` does not fit; malformed past that point.
 */
async function isSafetensors(src: ByteSource, head: Buffer, maxHeader: number): Promise<boolean> {
  if (head.length < 9) return false;
  const n = head.readBigUInt64LE(0);
  if (n < 2n || n > BigInt(maxHeader) || n > BigInt(src.size - 8) || head[8] !== 0x7b) return false;
  const headerLen = Number(n);
  const raw = await src.read(8, headerLen);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    return malformed("safetensors header is not UTF-8 JSON");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) malformed("safetensors header is not a JSON object");
  const bufferLen = src.size - 8 - headerLen;
  const spans: Array<readonly [number, number]> = [];
  for (const [key, value] of Object.entries(header as Record<string, unknown>)) {
    if (key === "__metadata__") {
      if (typeof value !== "object" || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== "string")) {
        malformed("safetensors __metadata__ is not a string-to-string map");
      }
      continue;
    }
    const t = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const offsets = t?.data_offsets;
    const shape = t?.shape;
    if (typeof t !== "object" || t === null || typeof t.dtype !== "string" || !/^[A-Z0-9_]+$/.test(t.dtype)
      || !Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)
      || !Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      return malformed(`safetensors tensor ${JSON.stringify(key.slice(0, 80))} lacks a valid dtype, shape or data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > bufferLen) malformed(`safetensors tensor ${JSON.stringify(key.slice(0, 80))} lies outside the byte buffer`);
    const width = DTYPE_BYTES[t.dtype];
    if (width !== undefined && (shape as number[]).reduce((a, d) => a * d, 1) * width !== end - begin) {
      malformed(`safetensors tensor ${JSON.stringify(key.slice(0, 80))} size does not match its dtype and shape`);
    }
    spans.push([begin, end]);
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let covered = 0;
  for (const [begin, end] of spans) {
    if (begin !== covered) malformed("safetensors byte buffer has a hole or overlapping tensors");
    covered = end;
  }
  if (covered !== bufferLen) malformed("safetensors byte buffer has bytes no tensor indexes");
  return true;
}

/**
 * ONNX is a protobuf ModelProto (onnx/onnx.proto, onnx 1.23: ir_version=1, producer_name=2,
 * producer_version=3, domain=4, model_version=5, doc_string=6, graph=7, opset_import=8,
 * metadata_props=14, training_info=20, functions=25, configuration=26). Protobuf has no magic, so
 * the check is conservative: every top-level field must be one of those numbers with its wire
 * type (varint for 1 and 5, length-delimited for the rest), the fields must tile the file exactly,
 * ir_version must be 1..32 (IR_VERSION is 14 in onnx 1.23), and graph and opset_import must be
 * present (docs/IR.md: a model MUST import at least one operator set). Nested messages are not
 * decoded: ONNX holds operators and tensors, no code a loader runs. External-data files (raw
 * tensor bytes next to the .onnx) have no structure and so come out unknown.
 */
const ONNX_FIELDS: ReadonlyMap<number, number> = new Map([
  [1, 0], [2, 2], [3, 2], [4, 2], [5, 0], [6, 2], [7, 2], [8, 2], [14, 2], [20, 2], [25, 2], [26, 2],
]);

async function isOnnx(src: ByteSource, maxFields: number): Promise<boolean> {
  let pos = 0;
  let irVersion: bigint | undefined;
  let graph = false;
  let opset = false;
  for (let fields = 0; pos < src.size; fields++) {
    if (fields >= maxFields) return false;
    const chunk = await src.read(pos, 20);
    const tag = varint(chunk, 0);
    if (tag === undefined) return false;
    const field = Number(tag.value >> 3n);
    const wire = Number(tag.value & 7n);
    if (ONNX_FIELDS.get(field) !== wire) return false;
    const arg = varint(chunk, tag.next);
    if (arg === undefined) return false;
    if (wire === 0) {
      if (field === 1) irVersion = arg.value;
      pos += arg.next;
    } else {
      if (arg.value > BigInt(src.size - pos - arg.next)) return false;
      if (field === 7) graph = true;
      if (field === 8) opset = true;
      pos += arg.next + Number(arg.value);
    }
  }
  return pos === src.size && irVersion !== undefined && irVersion >= 1n && irVersion <= 32n && graph && opset;
}

/** A base-128 varint of at most 10 bytes (protobuf encoding guide), or undefined when cut short. */
function varint(buf: Buffer, at: number): { value: bigint; next: number } | undefined {
  let value = 0n;
  for (let i = 0; i < 10 && at + i < buf.length; i++) {
    const b = buf[at + i] as number;
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return undefined;
}
