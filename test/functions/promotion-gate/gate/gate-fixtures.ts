import { Readable } from "node:stream";
import { gatePolicyFromSettings, GatePolicy, GateSettings } from "../../../../functions/promotion-gate/gate/policy";
import { GateInput, VersionObject, VersionReader } from "../../../../functions/promotion-gate/gate/types";
import { LocalPemSigner } from "../../../../functions/promotion-gate/oms/local-signer";
import { signModel } from "../../../../functions/promotion-gate/oms/sign";
import { bufferSource } from "../../../../functions/promotion-gate/serialization/source";
import { ecKeys } from "../oms/oms-helpers";

/** safetensors bytes: u64 LE header length, JSON header, the tensor bytes (two F32 values). */
export function safetensorsBytes(): Buffer {
  const json = Buffer.from(JSON.stringify({ w: { dtype: "F32", shape: [2], data_offsets: [0, 8] } }), "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40])]);
}

/**
 * A protocol-0 pickle whose first opcode is `GLOBAL os system` (`c` + "os\nsystem\n"), then
 * `(S'id'\ntR.`: unpickling it runs `os.system("id")`. Written by hand, never executed.
 */
export const OS_SYSTEM_PICKLE = Buffer.from("cos\nsystem\n(S'id'\ntR.", "latin1");

export const GOOD_REPORT = { metrics: { accuracy: 0.93, demographic_parity_difference: 0.04 }, tests: { bias_audit: "passed" } };

export const GOOD_LINEAGE = {
  "dataset-digest": `sha256:${"ab".repeat(32)}`,
  "source-commit": "0123456789abcdef0123456789abcdef01234567",
  "eval-report": "eval/report.json",
};

export const FRAUD_SETTINGS: GateSettings = {
  evaluation: ["accuracy >= 0.9", "demographic_parity_difference <= 0.1", "bias_audit passed"],
  allowedFormats: ["safetensors", "onnx", "gguf"],
  allowedPickleImports: [],
  maxTotalGb: 50,
  maxFiles: 1000,
  maxManifestKb: 4096,
  malwareScan: { onMissing: "wait", waitSeconds: 300 },
};

export function fraudPolicy(settings: Partial<GateSettings> = {}): GatePolicy {
  return gatePolicyFromSettings("fraud-scoring", ["dataset-digest", "source-commit", "eval-report"], { ...FRAUD_SETTINGS, ...settings });
}

/** The default model: weights, a config, and the evaluation report. */
export function goodFiles(report: object = GOOD_REPORT): Record<string, Buffer> {
  return {
    "model.safetensors": safetensorsBytes(),
    "config.json": Buffer.from('{"architectures":["Scorer"]}'),
    "eval/report.json": Buffer.from(JSON.stringify(report)),
  };
}

/** An in-memory version; `files` may be changed after signing to tamper with it. */
export class MemoryVersion {
  public readonly files: Map<string, Buffer>;
  public opens = 0;

  constructor(files: Record<string, Buffer>) {
    this.files = new Map(Object.entries(files));
  }

  public objects(): VersionObject[] {
    return [...this.files].map(([name, bytes]) => ({ name, size: bytes.length }));
  }

  public reader(): VersionReader {
    return {
      open: (name) => {
        this.opens += 1;
        const bytes = this.files.get(name);
        if (bytes === undefined) throw new Error(`no object ${name}`);
        return Readable.from([bytes]);
      },
      source: async (name) => {
        const bytes = this.files.get(name);
        if (bytes === undefined) throw new Error(`no object ${name}`);
        return bufferSource(name, bytes);
      },
    };
  }

  public input(lineage: Record<string, string> = GOOD_LINEAGE): GateInput {
    return { model: "scorer", version: "1.0.0", objects: this.objects(), reader: this.reader(), lineage };
  }
}

/** Signs `files` with a fresh P-256 key and returns the version with `model.sig` added. */
export async function signedVersion(files: Record<string, Buffer> = goodFiles(), keys = ecKeys()): Promise<{ version: MemoryVersion; keys: ReturnType<typeof ecKeys> }> {
  const unsigned = new MemoryVersion(files);
  const bundle = await signModel({
    files: {
      list: async (ignore) => [...unsigned.files.keys()].filter((n) => !ignore.includes(n)).sort(),
      open: (name) => Readable.from([unsigned.files.get(name) as Buffer]),
    },
    signer: new LocalPemSigner(keys.privatePem),
    subjectName: "scorer",
  });
  return { version: new MemoryVersion({ ...files, "model.sig": Buffer.from(bundle, "utf8") }), keys };
}
