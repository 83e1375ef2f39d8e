import { open } from "node:fs/promises";

/**
 * Random access to a model file by bounded reads. The gate reads objects by range (S3 GetObject
 * Range, GCS and Azure ranged reads) and the CLI reads local files; neither reads a whole model
 * into memory: the scan asks only for headers, a zip's central directory and its pickle entries.
 */
export interface ByteSource {
  /** Name used in findings (the object key or file path). */
  readonly name: string;
  readonly size: number;
  /** Exactly `length` bytes at `offset`, or fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Buffer>;
}

/** A source over bytes already in memory (tests, small objects). */
export function bufferSource(name: string, bytes: Buffer): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** Opens a local file; `close` must be called when the scan is done. */
export async function openFileSource(path: string, name = path): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await open(path, "r");
  const { size } = await handle.stat();
  return {
    name,
    size,
    read: async (offset, length) => {
      const want = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const { bytesRead } = await handle.read(buf, got, want - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
    close: () => handle.close(),
  };
}
