import { OmsError } from "./errors";
import { decodeBase64Strict, IN_TOTO_PAYLOAD_TYPE } from "./dsse";

/** Sigstore bundle media type OMS writes (model-transparency `_signing/sign_sigstore_pb.py` L43). */
export const BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

/**
 * Default cap on `model.sig`. The manifest grows about 150 bytes per file, so 4 MiB covers tens
 * of thousands of files while bounding what an uploader can make the gate parse in memory.
 */
export const DEFAULT_MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

/** The parts of a `key`-method bundle a verifier needs, decoded. */
export interface ParsedBundle {
  /** `publicKey.hint`, when present. */
  readonly hint?: string;
  /** `publicKey.rawBytes` decoded: the older form verifiers should still accept (spec §11.1). */
  readonly rawPublicKey?: Buffer;
  readonly payloadType: string;
  /** The exact signed payload bytes. */
  readonly payload: Buffer;
  /** DER ECDSA signature. */
  readonly signature: Buffer;
}

function malformed(reason: string): OmsError {
  return new OmsError("OMS_BUNDLE_MALFORMED", `bundle ${reason}`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * Parses and shape-checks a `model.sig` (research §1.2 and §1.6 step 1; sigstore-js
 * `packages/bundle/src/validate.ts` also rejects more or fewer than one signature).
 * `keyid` may be absent, "" or null and is ignored: DSSE says it "MUST NOT be used for security
 * decisions" (spec §4.1). `tlogEntries` may be absent or [] (spec §11.1).
 */
export function parseBundle(bytes: Buffer, maxBytes: number = DEFAULT_MAX_BUNDLE_BYTES): ParsedBundle {
  if (bytes.length > maxBytes) {
    throw new OmsError("OMS_BUNDLE_TOO_LARGE", `bundle is ${bytes.length} bytes, more than the ${maxBytes} allowed`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw malformed("is not JSON");
  }
  if (!isObject(doc)) throw malformed("is not a JSON object");
  if (doc.mediaType !== BUNDLE_MEDIA_TYPE) throw malformed(`mediaType is not ${BUNDLE_MEDIA_TYPE}`);
  const material = doc.verificationMaterial;
  if (!isObject(material) || !isObject(material.publicKey)) {
    throw malformed("has no verificationMaterial.publicKey (only the key method is supported)");
  }
  const { hint, rawBytes } = material.publicKey;
  if (hint !== undefined && typeof hint !== "string") throw malformed("publicKey.hint is not a string");
  if (rawBytes !== undefined && typeof rawBytes !== "string") throw malformed("publicKey.rawBytes is not a string");
  const env = doc.dsseEnvelope;
  if (!isObject(env)) throw malformed("has no dsseEnvelope");
  if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw malformed(`payloadType is not ${IN_TOTO_PAYLOAD_TYPE}`);
  if (typeof env.payload !== "string") throw malformed("payload is not a string");
  const sigs = env.signatures;
  if (!Array.isArray(sigs) || sigs.length !== 1) throw malformed("must carry exactly one signature");
  const sig: unknown = sigs[0];
  if (!isObject(sig) || typeof sig.sig !== "string") throw malformed("signature has no sig");
  return {
    ...(hint === undefined ? {} : { hint }),
    ...(rawBytes === undefined ? {} : { rawPublicKey: decodeBase64Strict(rawBytes, "publicKey.rawBytes") }),
    payloadType: env.payloadType,
    payload: decodeBase64Strict(env.payload, "dsseEnvelope.payload"),
    signature: decodeBase64Strict(sig.sig, "signatures[0].sig"),
  };
}

/** Serializes a bundle as upstream's `key` method writes it (research §1.2, §1.7 step 4). */
export function bundleJson(hint: string, payload: Buffer, derSignature: Buffer): string {
  return JSON.stringify({
    mediaType: BUNDLE_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint }, tlogEntries: [] },
    dsseEnvelope: {
      payload: payload.toString("base64"),
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: derSignature.toString("base64"), keyid: "" }],
    },
  });
}
