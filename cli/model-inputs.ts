/**
 * What `blueprint model` reads from its command line and the disk before it signs, verifies or
 * checks anything: the model folder, key files, the signature path, ignore paths and lineage.
 * Every problem here is the caller's input, reported as one `what; accepted: what` line and exit 2.
 */
import { createPublicKey, KeyObject } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import * as path from "node:path";
import { signatureHash } from "../functions/promotion-gate/oms/keys";
import { assertSafeIgnorePath } from "../functions/promotion-gate/oms/names";
import { LINEAGE_TAG_KEY } from "../constructs/shared/limits/registry";
import { satisfies } from "../constructs/shared/limits/text-rule";

/** A bad argument or unreadable input; the message is already `what; accepted: what`. */
export class ModelInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelInputError";
  }
}

/** Renders a user-supplied value on one line, quoted. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** The model folder, resolved against the working directory; it must be a directory. */
export async function modelDir(dir: string, cwd: string): Promise<string> {
  const full = path.resolve(cwd, dir);
  const info = await stat(full).catch(() => undefined);
  if (info === undefined) throw new ModelInputError(`DIR ${quote(dir)} does not exist; accepted: the model's folder`);
  if (!info.isDirectory()) throw new ModelInputError(`DIR ${quote(dir)} is not a directory; accepted: the model's folder (single-file models: put the file in a folder)`);
  return full;
}

/** A key file's text; a missing or unreadable file is bad input, never a stack trace. */
async function readKeyFile(flag: string, file: string, cwd: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : "cannot be read";
    throw new ModelInputError(`${flag} ${quote(file)} ${why}; accepted: a PEM file`);
  }
}

/** The PEM private key for `--private-key` (LocalPemSigner checks it is ECDSA P-256). */
export async function readPrivateKey(file: string, cwd: string): Promise<string> {
  return readKeyFile("--private-key", file, cwd);
}

/**
 * The trusted public key: an ECDSA P-256, P-384 or P-521 key in PEM SubjectPublicKeyInfo, the
 * curves upstream verifies (`sign_ec_key.py` L57-82). Checked here so a wrong file is reported as
 * a bad argument (exit 2), not as a model that failed verification (exit 1).
 */
export async function readPublicKey(file: string, cwd: string): Promise<KeyObject> {
  const text = await readKeyFile("--public-key", file, cwd);
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new ModelInputError(`--public-key ${quote(file)} is not a PEM public key; accepted: a PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") file`);
  }
  try {
    signatureHash(key);
  } catch {
    throw new ModelInputError(`--public-key ${quote(file)} is not an ECDSA key; accepted: an ECDSA P-256, P-384 or P-521 public key`);
  }
  return key;
}

/** A path inside the model folder as a relative POSIX name, or undefined when it lies outside. */
function insideModel(root: string, full: string): string | undefined {
  const rel = path.relative(root, full);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join("/");
}

/**
 * The signature file and its name inside the model (excluded from the manifest and, as upstream
 * records it, listed in `ignore_paths`), or null when it is written outside the model.
 */
export function signatureLocation(root: string, signature: string, cwd: string): { file: string; name: string | null } {
  const file = path.resolve(cwd, signature);
  return { file, name: insideModel(root, file) ?? null };
}

/**
 * `--ignore-paths` values as relative names inside the model. Upstream resolves each against the
 * working directory and keeps those under the model folder (model-transparency
 * `src/model_signing/_cli.py` `_resolve_ignore_paths`); one outside the folder, which upstream
 * drops silently, is refused here, because a publisher who meant to leave a file out would
 * otherwise sign it.
 */
export function ignorePaths(root: string, values: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const value of values) {
    const name = insideModel(root, path.resolve(cwd, value));
    if (name === undefined) {
      throw new ModelInputError(
        `--ignore-paths ${quote(value)} is not inside the model folder ${root} (paths are read from the working directory, as model_signing reads them); accepted: a file or folder under DIR`,
      );
    }
    try {
      assertSafeIgnorePath(name);
    } catch {
      throw new ModelInputError(`--ignore-paths ${quote(value)} contains a glob character or an unsafe name; accepted: a literal file or folder path under DIR`);
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * `--lineage key=value` values, as the gate reads the object tags or metadata of `model.sig`.
 * A key given twice is refused: which one the upload would carry is not clear.
 */
export function parseLineage(values: readonly string[]): Record<string, string> {
  const lineage: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    const key = eq < 0 ? "" : value.slice(0, eq);
    if (!satisfies(LINEAGE_TAG_KEY, key)) {
      throw new ModelInputError(`--lineage ${quote(value)} is not key=value; accepted: key=value where key is ${LINEAGE_TAG_KEY.accepted}, e.g. dataset-digest=sha256:<64 hex>`);
    }
    if (Object.prototype.hasOwnProperty.call(lineage, key)) {
      throw new ModelInputError(`--lineage ${key} is given twice; accepted: each lineage key once`);
    }
    lineage[key] = value.slice(eq + 1);
  }
  return lineage;
}
