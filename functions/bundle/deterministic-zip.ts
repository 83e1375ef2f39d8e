import { zipSync } from "fflate";

/** One file of an archive: a relative POSIX path and its bytes. */
export interface ArchiveFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The timestamp every entry carries. Zip stores a DOS date in local time and fflate reads it
 * with the Date's local getters, so a Date built from local components gives the same bytes in
 * every time zone; noon keeps it clear of any daylight-saving gap at midnight.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);

/** Unix regular file, rw-r--r--, in the upper half of the external attributes (APPNOTE 4.4.15). */
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/**
 * A zip whose bytes depend only on the files: entries sorted by name, one fixed timestamp,
 * fixed permissions and "made by" Unix (so Lambda and the other runtimes extract them readable),
 * deflate at a fixed level. Two builds of the same sources give the same archive, so its
 * SHA-256 names the code in the synthesized stack and a rebuild changes nothing.
 */
export function deterministicZip(files: readonly ArchiveFile[]): Buffer {
  const names = new Set<string>();
  for (const f of files) {
    if (f.name === "" || f.name.startsWith("/") || f.name.split("/").some((s) => s === ".." || s === "." || s === "")) {
      throw new Error(`archive entry ${JSON.stringify(f.name)} is not a relative POSIX path`);
    }
    if (names.has(f.name)) throw new Error(`archive entry ${f.name} appears twice`);
    names.add(f.name);
  }
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: Record<string, [Uint8Array, { mtime: Date; attrs: number; os: number; level: 9 }]> = {};
  for (const f of sorted) entries[f.name] = [f.bytes, { mtime: FIXED_MTIME, attrs: REGULAR_FILE_0644, os: 3, level: 9 }];
  return Buffer.from(zipSync(entries));
}
