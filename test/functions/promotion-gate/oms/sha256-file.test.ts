import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { directoryFiles, fileDigest, sha256File, sha256Stream } from "../../../../functions/promotion-gate/oms/digest";

const DIR = mkdtempSync(join(tmpdir(), "sha256-file-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** Bytes that differ at every offset, so a chunk hashed twice or skipped changes the digest. */
function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 11)) & 0xff;
  return b;
}

describe("sha256File: the double-buffered local hash", () => {
  // The chunk is 1 MiB: sizes around its boundaries catch an off-by-one in the read positions.
  test.each([0, 1, 1024 * 1024 - 1, 1024 * 1024, 1024 * 1024 + 1, 2 * 1024 * 1024, 3.5 * 1024 * 1024])("%d bytes hash as one SHA-256 of the whole file", async (size) => {
    const bytes = pattern(size);
    const file = join(DIR, `f-${size}`);
    writeFileSync(file, bytes);
    expect((await sha256File(file)).toString("hex")).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  test("the empty file's digest is the well-known constant", async () => {
    writeFileSync(join(DIR, "empty"), "");
    expect((await sha256File(join(DIR, "empty"))).toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  test("a missing file rejects", async () => {
    await expect(sha256File(join(DIR, "nope"))).rejects.toThrow(/ENOENT/);
  });

  test("directoryFiles hashes through sha256File; sources without digest() fall back to the stream", async () => {
    writeFileSync(join(DIR, "abc"), "abc");
    const local = directoryFiles(DIR);
    expect((await fileDigest(local, "abc")).toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const streamed = { list: async () => ["abc"], open: () => Readable.from([Buffer.from("abc")]) };
    expect((await fileDigest(streamed, "abc")).toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect((await sha256Stream(Readable.from(["a", "bc"]))).toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
