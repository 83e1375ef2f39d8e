import { SerializationFinding } from "../serialization/findings";
import { DEFAULT_PICKLE_IMPORT_ALLOW_LIST } from "../serialization/pickle-imports";
import { scanSerialization } from "../serialization/scan";
import { isWeightFile } from "../serialization/weight-files";
import { GatePolicy } from "./policy";
import { checked, reason } from "./reasons";
import { GateCheck, GateReason, VersionObject, VersionReader } from "./types";

/**
 * Serialization safety of every file (functions/promotion-gate/serialization/scan.ts): formats
 * are established from bytes and held to the registry's allow-list, and pickles are walked
 * opcode by opcode for imports off the import allow-list, never unpickled. A weight file whose
 * format cannot be established rejects; an auxiliary file (JSON, text) passes when its bytes
 * are no model format at all.
 */
export async function checkSerialization(
  names: readonly string[],
  objects: readonly VersionObject[],
  reader: VersionReader,
  policy: GatePolicy,
): Promise<GateCheck> {
  const sizes = new Map(objects.map((o) => [o.name, o.size]));
  const allowedImports = [...DEFAULT_PICKLE_IMPORT_ALLOW_LIST, ...policy.extraPickleImports];
  const reasons: GateReason[] = [];
  let weights = 0;
  for (const name of names) {
    const size = sizes.get(name);
    if (size === undefined) continue;
    const weight = isWeightFile(name);
    if (weight) weights += 1;
    let findings: SerializationFinding[];
    const src = await reader.source(name, size).catch(() => undefined);
    if (src === undefined) {
      reasons.push(reason("GATE_UNREADABLE", `${name} cannot be read for the serialization scan`));
      continue;
    }
    try {
      findings = await scanSerialization(src, { allowedFormats: policy.allowedFormats, allowedImports });
    } finally {
      await src.close?.();
    }
    for (const f of findings) {
      if (f.code === "FORMAT_UNKNOWN" && !weight) continue;
      reasons.push(reason(f.code, `${f.file}: ${f.message}`));
    }
  }
  return checked("serialization", `${names.length} files scanned, ${weights} of them ${weights === 1 ? "a weight file" : "weight files"}; formats allowed: ${policy.allowedFormats.join(", ")}`, reasons);
}
