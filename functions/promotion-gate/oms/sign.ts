import { createPublicKey, verify as verifySignature } from "node:crypto";
import { basename, resolve } from "node:path";
import { bundleJson } from "./bundle";
import { directoryFiles, ModelFiles, fileDigest, rootDigest } from "./digest";
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from "./dsse";
import { OmsError } from "./errors";
import { publicKeyHint, signatureHash } from "./keys";
import { assertSafeIgnorePath, DEFAULT_IGNORE_PATHS } from "./names";
import { OmsResource, statementJson } from "./statement";

/**
 * Something that holds an ECDSA P-256 private key: a local PEM file, or a cloud KMS key. It is
 * given the DSSE PAE and returns ECDSA-SHA256 over it. A KMS signer sends the PAE's SHA-256 as a
 * precomputed digest, never the PAE itself, because KMS APIs cap raw messages (AWS `Sign` RAW:
 * 4096 bytes) and manifests exceed that (research §1.7 step 2); a local key signs the PAE with
 * node:crypto, which hashes it once.
 */
export interface Signer {
  /** Signs `pae` with ECDSA over its SHA-256; returns an ASN.1 DER signature. */
  sign(pae: Buffer): Promise<Buffer>;
  /** The matching public key as PEM SubjectPublicKeyInfo. */
  publicKeyPem(): Promise<string>;
}

/** Inputs of {@link signModel}. Flag names follow upstream's `model_signing sign key`. */
export interface SignOptions {
  readonly files: ModelFiles;
  readonly signer: Signer;
  /** `subject[0].name`, informational (spec §6.5); upstream uses the model folder's basename. */
  readonly subjectName: string;
  /**
   * Name of the signature file inside the model, excluded and recorded in `ignore_paths` as
   * upstream's CLI does (spec §6.2). `null` when it is written elsewhere.
   * @default "model.sig"
   */
  readonly signatureName?: string | null;
  /** Further relative paths to exclude, like `--ignore-paths`. @default [] */
  readonly ignorePaths?: readonly string[];
  /** Recorded as `allow_symlinks`; must match how `files` was built. @default false */
  readonly allowSymlinks?: boolean;
}

/**
 * Produces a `model.sig` (OMS v1.0, `key` method, `files` serialization, sha256; research §1.2
 * and §1.7). Every file is hashed as a stream. The signature is checked against the signer's
 * public key before the bundle is returned, so a signer that answers with the wrong key or a
 * P1363 signature fails here rather than at the gate.
 */
export async function signModel(options: SignOptions): Promise<string> {
  const userIgnores = options.ignorePaths ?? [];
  for (const p of userIgnores) assertSafeIgnorePath(p);
  const signatureName = options.signatureName === undefined ? "model.sig" : options.signatureName;
  const ignore = [...new Set([...DEFAULT_IGNORE_PATHS, ...(signatureName === null ? [] : [signatureName]), ...userIgnores])];

  const resources: OmsResource[] = [];
  for (const name of await options.files.list(ignore)) {
    const digest = await fileDigest(options.files, name);
    resources.push({ name, algorithm: "sha256", digest: digest.toString("hex") });
  }
  if (resources.length === 0) {
    // Spec §5.2.1: resources MUST contain at least one entry.
    throw new OmsError("OMS_MISSING_FILE", "the model has no file to sign");
  }
  const payload = Buffer.from(
    statementJson({
      subjectName: options.subjectName,
      rootDigest: rootDigest(resources.map((r) => r.digest)),
      resources,
      serialization: { method: "files", hash_type: "sha256", allow_symlinks: options.allowSymlinks ?? false, ignore_paths: ignore },
    }),
    "utf8",
  );

  const key = createPublicKey(await options.signer.publicKeyPem());
  if (signatureHash(key) !== "sha256") {
    // The signer contract passes a SHA-256 digest; upstream verifies P-384 with SHA-384.
    throw new OmsError("OMS_KEY_UNSUPPORTED", "signing key is not ECDSA P-256");
  }
  const pae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload);
  let der: Buffer;
  try {
    der = await options.signer.sign(pae);
  } catch (e) {
    throw new OmsError("OMS_SIGNER_FAILED", `signer failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  let ok = false;
  try {
    ok = verifySignature("sha256", pae, key, der);
  } catch {
    ok = false;
  }
  if (!ok) throw new OmsError("OMS_SIGNER_FAILED", "signer returned a signature that does not verify with its public key");
  return bundleJson(publicKeyHint(key), payload, der);
}

/** {@link signModel} for a local directory, with upstream's subject name (the folder's basename). */
export async function signModelDirectory(
  dir: string,
  signer: Signer,
  options: Omit<SignOptions, "files" | "signer" | "subjectName"> = {},
): Promise<string> {
  const allowSymlinks = options.allowSymlinks ?? false;
  return signModel({ ...options, files: directoryFiles(dir, { allowSymlinks }), signer, subjectName: basename(resolve(dir)) });
}
