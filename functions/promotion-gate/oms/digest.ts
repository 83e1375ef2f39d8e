import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { OmsError } from "./errors";
import { compareCodePoints, isIgnored } from "./names";

/**
 * Where a model's files come from: a local directory here, an object-store listing in the gate.
 * Names are relative POSIX paths; `open` streams one file so no model file is held in memory.
 */
export interface ModelFiles {
  /** Every file name not matched by `ignorePaths`, sorted in code-point order. */
  list(ignorePaths: readonly string[]): Promise<string[]>;
  open(name: string): Readable;
}

/** SHA-256 of a stream, piped so memory stays at one chunk whatever the file size. */
export async function sha256Stream(input: Readable): Promise<Buffer> {
  const hash = createHash("sha256");
  await pipeline(input, hash);
  return hash.digest();
}

/**
 * Root digest: SHA-256 over the concatenated raw (not hex) resource digests in resource order
 * (spec §6.5.1; model-transparency `_signing/signing.py` L259-272).
 */
export function rootDigest(digestsHex: readonly string[]): string {
  const hash = createHash("sha256");
  for (const d of digestsHex) hash.update(Buffer.from(d, "hex"));
  return hash.digest("hex");
}

/** Options of {@link directoryFiles}. */
export interface DirectoryOptions {
  /**
   * Follow symbolic links to regular files. A link lets a signed name point at a file outside
   * the model, so upstream refuses them unless asked (`serialization.py`
   * `check_file_or_directory`). Links to directories are always refused (cycles).
   * @default false
   */
  readonly allowSymlinks?: boolean;
}

/** A local model directory as {@link ModelFiles}. */
export function directoryFiles(root: string, options: DirectoryOptions = {}): ModelFiles {
  const allowSymlinks = options.allowSymlinks ?? false;
  return {
    async list(ignorePaths) {
      const out: string[] = [];
      await walk(root, "", ignorePaths, allowSymlinks, out);
      return out.sort(compareCodePoints);
    },
    open(name) {
      return createReadStream(join(root, ...name.split("/")));
    },
  };
}

async function walk(
  root: string,
  prefix: string,
  ignorePaths: readonly string[],
  allowSymlinks: boolean,
  out: string[],
): Promise<void> {
  const entries = await readdir(prefix === "" ? root : join(root, ...prefix.split("/")));
  for (const entry of entries) {
    const name = prefix === "" ? entry : `${prefix}/${entry}`;
    // Ignored subtrees are skipped before any stat, as upstream does, so a `.git` full of
    // symlinks does not fail signing.
    if (isIgnored(name, ignorePaths)) continue;
    const full = join(root, ...name.split("/"));
    const info = await lstat(full);
    if (info.isSymbolicLink()) {
      if (!allowSymlinks) {
        throw new OmsError("OMS_SYMLINK_REFUSED", `${name} is a symbolic link and symlinks are not allowed`);
      }
      const target = await stat(full).catch(() => undefined);
      if (target === undefined || !target.isFile()) {
        throw new OmsError("OMS_SYMLINK_REFUSED", `${name} is a symbolic link to something other than a regular file`);
      }
      out.push(name);
    } else if (info.isDirectory()) {
      await walk(root, name, ignorePaths, allowSymlinks, out);
    } else if (info.isFile()) {
      out.push(name);
    } else {
      throw new OmsError("OMS_UNSUPPORTED_FILE", `${name} is neither a regular file nor a directory`);
    }
  }
}
