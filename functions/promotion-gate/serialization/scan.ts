import { SerializationError, SerializationFinding } from "./findings";
import { DEFAULT_ALLOWED_FORMATS, DEFAULT_MAX_PICKLE_BYTES, DetectLimits, ModelFormat, detectFormat } from "./formats";
import { PickleWalk, walkPickle } from "./pickle";
import { DEFAULT_PICKLE_IMPORT_ALLOW_LIST, isKnownDangerous } from "./pickle-imports";
import { ByteSource, openFileSource } from "./source";
import { readZipEntry } from "./zip";

/**
 * The gate's serialization-safety check for one file: establish the format from the bytes,
 * reject formats off the allow-list, and walk every pickle the file holds (standalone, or the
 * `.pkl` entries of a PyTorch zip) for imports off the import allow-list. Nothing is executed
 * and reads are bounded: headers, the zip central directory and the pickle bytes only.
 */
export interface SerializationPolicy extends DetectLimits {
  /** @default ["safetensors", "onnx", "gguf"] */
  readonly allowedFormats?: readonly ModelFormat[];
  /** Exact `module.name` strings a pickle may import. @default DEFAULT_PICKLE_IMPORT_ALLOW_LIST */
  readonly allowedImports?: readonly string[];
}

/** Consecutive pickles read from one standalone file (legacy torch.save writes five). */
const MAX_PICKLES_PER_FILE = 8;

/** Scans one source; an empty list means the file passes. */
export async function scanSerialization(src: ByteSource, policy: SerializationPolicy = {}): Promise<SerializationFinding[]> {
  const allowedFormats = new Set(policy.allowedFormats ?? DEFAULT_ALLOWED_FORMATS);
  const findings: SerializationFinding[] = [];
  const add = (code: SerializationFinding["code"], message: string, file = src.name, target?: string): void => {
    findings.push(target === undefined ? { code, file, message } : { code, file, message, target });
  };
  try {
    const det = await detectFormat(src, policy);
    if (det.format === "unknown") {
      add("FORMAT_UNKNOWN", `format cannot be established: ${det.reason}`);
      return findings;
    }
    if (!allowedFormats.has(det.format)) add("FORMAT_NOT_ALLOWED", `format ${det.format} is not on the allow-list`);
    // A pickle off the format allow-list is still walked, so the record names what it would import.
    if (det.format === "pickle") {
      await scanStandalonePickle(src, policy, add);
    } else if (det.format === "pytorch-zip") {
      for (const entry of det.zip.entries.filter((e) => e.name.endsWith(".pkl"))) {
        const file = `${src.name}!${entry.name}`;
        try {
          const bytes = await readZipEntry(src, det.zip, entry, policy.maxPickleBytes ?? DEFAULT_MAX_PICKLE_BYTES);
          reportWalk(walkPickle(bytes, 0, { maxOpcodes: policy.maxPickleOpcodes }), file, policy, add);
        } catch (e) {
          if (!(e instanceof SerializationError)) throw e;
          add(e.code, e.message, file);
        }
      }
    }
  } catch (e) {
    if (!(e instanceof SerializationError)) throw e;
    add(e.code, e.message);
  }
  return findings;
}

/** Opens, scans and closes a local file. */
export async function scanSerializationFile(path: string, policy: SerializationPolicy = {}, name = path): Promise<SerializationFinding[]> {
  const src = await openFileSource(path, name);
  try {
    return await scanSerialization(src, policy);
  } finally {
    await src.close();
  }
}

type Add = (code: SerializationFinding["code"], message: string, file?: string, target?: string) => void;

async function scanStandalonePickle(src: ByteSource, policy: SerializationPolicy, add: Add): Promise<void> {
  const maxBytes = policy.maxPickleBytes ?? DEFAULT_MAX_PICKLE_BYTES;
  const buf = await src.read(0, Math.min(src.size, maxBytes));
  const prefixOnly = src.size > buf.length;
  let at = 0;
  for (let n = 0; n < MAX_PICKLES_PER_FILE; n++) {
    const walk = walkPickle(buf, at, { maxOpcodes: policy.maxPickleOpcodes, prefixOnly });
    reportWalk(walk, src.name, policy, add);
    if (walk.error !== undefined) return;
    at = walk.end;
    // Legacy torch.save concatenates pickles, then raw storage bytes no unpickler reads.
    const next = buf[at + 1];
    if (buf[at] !== 0x80 || next === undefined || next < 2 || next > 5) return;
  }
}

function reportWalk(walk: PickleWalk, file: string, policy: SerializationPolicy, add: Add): void {
  // Exact match on the full `module.name`: with protocol 4+ find_class walks dotted names
  // (`OrderedDict.__init__.__globals__`), so a prefix match would let attributes through.
  const allowed = new Set(policy.allowedImports ?? DEFAULT_PICKLE_IMPORT_ALLOW_LIST);
  for (const imp of walk.imports) {
    const target = `${imp.module}.${imp.name}`;
    if (allowed.has(target)) continue;
    const kind = isKnownDangerous(imp.module, imp.name) ? "a known code-execution target" : "outside the allow-list";
    add("PICKLE_UNSAFE_IMPORT", `pickle imports ${target} (${imp.opcode} at byte ${imp.offset}), ${kind}`, file, target);
  }
  for (const offset of walk.unresolvedImports) {
    add("PICKLE_UNRESOLVED_IMPORT", `pickle STACK_GLOBAL at byte ${offset} imports from values that are not two known strings`, file);
  }
  for (const offset of walk.extensionImports) {
    add("PICKLE_EXTENSION_IMPORT", `pickle EXT opcode at byte ${offset} imports through the copyreg extension registry`, file);
  }
  if (walk.error !== undefined) add(walk.error.code, walk.error.message, file);
}
