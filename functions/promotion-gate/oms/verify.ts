import { createPublicKey, KeyObject, verify as verifySignature } from "node:crypto";
import { open } from "node:fs/promises";
import { DEFAULT_MAX_BUNDLE_BYTES, parseBundle } from "./bundle";
import { directoryFiles, ModelFiles, fileDigest, rootDigest } from "./digest";
import { preAuthEncoding } from "./dsse";
import { OmsError } from "./errors";
import { publicKeyHint, signatureHash } from "./keys";
import { assertSafeIgnorePath, DEFAULT_IGNORE_PATHS } from "./names";
import { OmsStatement, parseStatement } from "./statement";

/** Inputs of {@link verifyModel}. Flag names follow upstream's `model_signing verify key`. */
export interface VerifyOptions {
  /** The model's files (a directory, or an object-store listing in the gate). */
  readonly files: ModelFiles;
  /** The `model.sig` bytes. */
  readonly bundle: Buffer;
  /** The trusted public key, PEM SubjectPublicKeyInfo or a KeyObject. Never taken from the bundle. */
  readonly publicKey: string | KeyObject;
  /**
   * Name of the signature file inside the model, excluded from the comparison (spec §6.2).
   * `null` when it is stored elsewhere.
   * @default "model.sig"
   */
  readonly signatureName?: string | null;
  /** Further relative paths to exclude, like `--ignore-paths`. @default [] */
  readonly ignorePaths?: readonly string[];
  /**
   * Accept files that the signature does not list, like `--ignore-unsigned-files`. Off by
   * default: an unsigned extra file (say a second weights file a loader picks up) is exactly
   * the tampering a signature must catch (spec §8.5).
   * @default false
   */
  readonly ignoreUnsignedFiles?: boolean;
  /** Bundle size cap in bytes. @default DEFAULT_MAX_BUNDLE_BYTES (4 MiB) */
  readonly maxBundleBytes?: number;
}

function parseKey(key: string | KeyObject): KeyObject {
  if (typeof key !== "string") return key;
  try {
    return createPublicKey(key);
  } catch {
    throw new OmsError("OMS_KEY_UNSUPPORTED", "public key is not a readable PEM public key");
  }
}

function sameKey(raw: Buffer, key: KeyObject): boolean {
  try {
    const other = createPublicKey(raw.toString("utf8"));
    return other.export({ type: "spki", format: "der" }).equals(key.export({ type: "spki", format: "der" }));
  } catch {
    return false;
  }
}

/**
 * Checks the envelope: hint, then the signature over PAE(payloadType, payload) with the decoded
 * payload bytes exactly as received (re-serializing could change bytes the signature covers;
 * DSSE `protocol.md`), then the statement those same bytes hold (research §1.6 steps 1-6).
 */
export function verifyEnvelope(bundle: Buffer, publicKey: string | KeyObject, maxBundleBytes?: number): OmsStatement {
  const parsed = parseBundle(bundle, maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES);
  const key = parseKey(publicKey);
  const hash = signatureHash(key);
  // The hint is unauthenticated, so it only gives a clearer reason than a bad signature; a
  // missing hint is accepted as upstream does (`sign_ec_key.py` L168-186).
  if (parsed.hint !== undefined && parsed.hint !== publicKeyHint(key)) {
    throw new OmsError("OMS_HINT_MISMATCH", "bundle publicKey.hint does not match the given public key");
  }
  if (parsed.rawPublicKey !== undefined && !sameKey(parsed.rawPublicKey, key)) {
    throw new OmsError("OMS_HINT_MISMATCH", "bundle publicKey.rawBytes is not the given public key");
  }
  const pae = preAuthEncoding(parsed.payloadType, parsed.payload);
  let ok = false;
  try {
    ok = verifySignature(hash, pae, key, parsed.signature);
  } catch {
    ok = false;
  }
  if (!ok) throw new OmsError("OMS_SIGNATURE_INVALID", "signature does not verify with the given public key");
  const statement = parseStatement(parsed.payload);
  // Upstream's verifier recomputes it and fails with "Manifest is inconsistent"
  // (`_signing/signing.py` L109-125); spec §6.5.1 defines it.
  if (rootDigest(statement.resources.map((r) => r.digest)) !== statement.rootDigest) {
    throw new OmsError("OMS_ROOT_DIGEST_MISMATCH", "subject digest is not the digest of the listed resources");
  }
  return statement;
}

/**
 * Verifies a model against its OMS `key`-method bundle (spec §8; model-transparency
 * `src/model_signing/verifying.py`): envelope first, then the file set and every file's digest,
 * streamed. Returns the verified statement; throws an {@link OmsError} with the first reason.
 * For object stores, which have no symbolic links; a local directory goes through
 * {@link verifyModelDirectory}.
 */
export async function verifyModel(options: VerifyOptions): Promise<OmsStatement> {
  const statement = verifyEnvelope(options.bundle, options.publicKey, options.maxBundleBytes);
  return verifyFiles(statement, options.files, options);
}

/**
 * {@link verifyModel} for a local directory, enumerated with the symlink policy the signature
 * records (spec §6.1.1: "The verifier MUST apply the same `allow_symlinks` policy").
 */
export async function verifyModelDirectory(dir: string, options: Omit<VerifyOptions, "files">): Promise<OmsStatement> {
  const statement = verifyEnvelope(options.bundle, options.publicKey, options.maxBundleBytes);
  const files = directoryFiles(dir, { allowSymlinks: statement.serialization.allow_symlinks });
  return verifyFiles(statement, files, options);
}

async function verifyFiles(
  statement: OmsStatement,
  files: ModelFiles,
  options: Omit<VerifyOptions, "files">,
): Promise<OmsStatement> {
  const extraIgnores = options.ignorePaths ?? [];
  for (const p of extraIgnores) assertSafeIgnorePath(p);
  const signatureName = options.signatureName === undefined ? "model.sig" : options.signatureName;
  // Recorded ignore_paths are honoured as upstream does (`verifying.py` L102-106; spec §6.2.1);
  // they are covered by the signature, so an uploader cannot add one.
  const ignore = [
    ...DEFAULT_IGNORE_PATHS,
    ...(signatureName === null ? [] : [signatureName]),
    ...(statement.serialization.ignore_paths ?? []),
    ...extraIgnores,
  ];
  const present = new Set(await files.list(ignore));
  const missing = statement.resources.find((r) => !present.has(r.name));
  if (missing !== undefined) throw new OmsError("OMS_MISSING_FILE", `signed file ${missing.name} is missing`);
  if (options.ignoreUnsignedFiles !== true) {
    const signed = new Set(statement.resources.map((r) => r.name));
    const extra = [...present].find((n) => !signed.has(n));
    if (extra !== undefined) throw new OmsError("OMS_EXTRA_FILE", `file ${extra} is not covered by the signature`);
  }
  for (const r of statement.resources) {
    const actual = await fileDigest(files, r.name).catch(() => {
      throw new OmsError("OMS_MISSING_FILE", `signed file ${r.name} could not be read`);
    });
    if (actual.toString("hex") !== r.digest) {
      throw new OmsError("OMS_DIGEST_MISMATCH", `file ${r.name} does not match its signed digest`);
    }
  }
  return statement;
}

/**
 * Reads a `model.sig` from disk, refusing it from its size before reading, so a huge file
 * cannot exhaust memory.
 */
export async function readBundleFile(path: string, maxBytes: number = DEFAULT_MAX_BUNDLE_BYTES): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      throw new OmsError("OMS_BUNDLE_TOO_LARGE", `bundle is ${size} bytes, more than the ${maxBytes} allowed`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
