import { OmsError } from "./errors";

/**
 * Resource-name and ignore-path rules (ossf/model-signing-spec `spec/v1.0.md` §6.1.2: names are
 * case-sensitive POSIX paths relative to the model root, no `..`, no leading `/`). A verifier
 * that joined an unchecked name onto the model root could be made to hash, and so vouch for, a
 * file outside the model.
 */
export function assertSafeName(name: string, field: string): void {
  const bad =
    name.length === 0 ||
    name.startsWith("/") ||
    name.includes("\\") ||
    name.includes("\0") ||
    name.split("/").some((s) => s === ".." || s === "." || s === "");
  if (bad) {
    throw new OmsError("OMS_UNSAFE_NAME", `${field} ${JSON.stringify(name)} is not a safe relative POSIX path`);
  }
}

/**
 * Ignore paths follow the name rules and also carry no glob characters (spec §6.2.1: entries
 * "MUST NOT contain glob characters (`*`, `?`, `[`), leading `/`, or `../` components"). A
 * recorded "" or "." would otherwise exclude the whole model from the comparison.
 */
export function assertSafeIgnorePath(path: string): void {
  assertSafeName(path, "ignore path");
  if (/[*?[]/.test(path)) {
    throw new OmsError("OMS_UNSAFE_NAME", `ignore path ${JSON.stringify(path)} contains a glob character`);
  }
}

/**
 * Default exclusions of the `files` serialization: top-level git metadata (spec §6.2;
 * model-transparency `src/model_signing/hashing.py` L163-171). The signature file is added by
 * the caller because its name is configurable.
 */
export const DEFAULT_IGNORE_PATHS: readonly string[] = [".git", ".gitattributes", ".github", ".gitignore"];

/**
 * Upstream ignores a path when it is the ignored path or lies under it
 * (`_serialization/serialization.py` `should_ignore`: `path.is_relative_to(ignore_path)`).
 */
export function isIgnored(name: string, ignorePaths: readonly string[]): boolean {
  return ignorePaths.some((p) => name === p || name.startsWith(`${p}/`));
}

/**
 * Unicode code-point order of the whole name (spec §5.2.1: "sorted lexicographically by the
 * `name` field using Unicode code point ordering"). Upstream sorts `pathlib.PurePath` keys
 * component by component instead (model-transparency `manifest.py` L451 with `_File`
 * `order=True`, L116-124), which differs only when a name has a character below `/` next to a
 * directory boundary (`a.txt` vs `a/b`). Both verifiers compare resources as a set and recompute
 * the root digest in the listed order (`_signing/signing.py` L109-125), so either order verifies.
 */
export function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
