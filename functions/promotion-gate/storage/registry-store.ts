import type { ByteSource } from "../serialization/source";
import { Readable } from "node:stream";
import { MalwareScanReader, VersionObject, VersionReader } from "../gate/types";

/**
 * An object of `incoming/<model>/<version>/` with the exact version the listing saw: an S3
 * VersionId, a GCS generation or an Azure versionId. Every read and every copy names that
 * version, so a publisher who overwrites a file while the gate decides cannot get bytes approved
 * that were never checked: the overwrite is a new version the gate never reads.
 */
export interface StoredObject extends VersionObject {
  /** The storage key (S3, GCS object name) or blob name (Azure) of the object. */
  readonly key: string;
  /** The pinned version: S3 VersionId, GCS generation (decimal), Azure versionId. */
  readonly pin: string;
}

/** An object already under `approved/<model>/<version>/`. */
export interface ApprovedObject {
  /** Name relative to the version folder. */
  readonly name: string;
  /**
   * The `gate-input-sha256` metadata the gate writes on every copy (Azure: `gate_input_sha256`,
   * metadata names there must be C# identifiers): the input digest of the upload it promoted.
   * Absent on an object the gate did not write.
   */
  readonly inputDigest?: string;
}

/** What {@link RegistryStore.copyToApproved} needs besides the object. */
export interface ApprovedCopyOptions {
  /** End of the copy's retention (S3 Object Lock, GCS object retention; Azure: the container's policy). */
  readonly retainUntil: Date;
  /** The upload's input digest, written as metadata so a retry recognizes its own copies. */
  readonly inputDigest: string;
}

/** `copied`: created now. `exists`: already there from the same input (a retry after a crash). */
export type CopyOutcome = "copied" | "exists";

/** `written`: created now. `exists`: a record was already at that key (a retry or a concurrent run). */
export type WriteOutcome = "written" | "exists";

/**
 * One registry's storage as the promotion gate uses it, the same on every cloud: read the
 * pinned listing, copy accepted objects into `approved/` create-only with retention, and read
 * and write decision records in the environment's log storage, create-only.
 */
export interface RegistryStore {
  /** The live objects of `incoming/<model>/<version>/`, each pinned to the version listed. */
  listIncoming(model: string, version: string): Promise<StoredObject[]>;
  /** Reads exactly the versions of `objects`; a name not among them is refused. */
  reader(objects: readonly StoredObject[]): VersionReader;
  /**
   * The upload's lineage, read from `signature` (the pinned `model.sig`): S3 object tags, GCS
   * custom metadata, Azure blob index tags. Empty when there is no signature.
   */
  lineage(signature: StoredObject | undefined): Promise<Record<string, string>>;
  /**
   * The managed malware scanner's results for exactly the versions of `objects` (S3 object
   * tags, Azure blob index tags of the pinned version). Absent where the cloud has no scanner
   * whose result the gate can read (GCS); run-gate refuses to run a policy that names a scanner
   * on a store without this method.
   */
  malwareScans?(objects: readonly StoredObject[]): MalwareScanReader;
  /** What is already under `approved/<model>/<version>/`. */
  listApproved(model: string, version: string): Promise<ApprovedObject[]>;
  /**
   * Server-side copy of the pinned `obj` to `approved/<model>/<version>/<name>`, create-only.
   * Throws a {@link StoreError} `STORE_APPROVED_CONFLICT` when an object is already there from
   * another input (or from no gate input at all).
   */
  copyToApproved(model: string, version: string, obj: StoredObject, options: ApprovedCopyOptions): Promise<CopyOutcome>;
  /** A decision record's bytes, or undefined when there is none at `key`. */
  readRecord(key: string): Promise<Buffer | undefined>;
  /** Writes a decision record only if none is at `key`. */
  writeRecord(key: string, bytes: Buffer): Promise<WriteOutcome>;
  /** The incoming version folder as a URI, e.g. `s3://bucket/incoming/m/v/`. */
  incomingUri(model: string, version: string): string;
  /** One incoming object as a URI, e.g. `s3://bucket/incoming/m/v/model.sig`. */
  objectUri(model: string, version: string, name: string): string;
}

/** Codes of {@link StoreError}. */
export type StoreErrorCode =
  /** `approved/` already holds the object from another input: never overwritten. */
  | "STORE_APPROVED_CONFLICT"
  /** The reader was asked for an object the pinned listing does not hold. */
  | "STORE_UNKNOWN_OBJECT"
  /** The storage answered something the adapter cannot use (a listing entry without a version, ...). */
  | "STORE_BAD_RESPONSE";

/** A storage failure the gate must not retry its way around. */
export class StoreError extends Error {
  constructor(
    public readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }

  static isStoreError(e: unknown): e is StoreError {
    return e instanceof StoreError;
  }
}

/** Metadata key of the input digest on S3 and GCS copies. */
export const INPUT_DIGEST_METADATA = "gate-input-sha256";

/**
 * Azure metadata names must be C# identifiers ("Naming and Referencing Containers, Blobs, and
 * Metadata": "Metadata names must adhere to the naming rules for C# identifiers"), so no `-`.
 */
export const AZURE_INPUT_DIGEST_METADATA = "gate_input_sha256";

/** How many tag reads one poll of the malware scan results has in flight at once. */
export const SCAN_READ_CONCURRENCY = 8;

/** `read` for every name, at most {@link SCAN_READ_CONCURRENCY} at a time, in a map by name. */
export async function readEach<T>(names: readonly string[], read: (name: string) => Promise<T>): Promise<Record<string, T>> {
  const out: Record<string, T> = {};
  for (let i = 0; i < names.length; i += SCAN_READ_CONCURRENCY) {
    const batch = names.slice(i, i + SCAN_READ_CONCURRENCY);
    const values = await Promise.all(batch.map(read));
    batch.forEach((name, j) => {
      out[name] = values[j] as T;
    });
  }
  return out;
}

/** Looks up the pinned object of `name`, or refuses. */
export function pinnedObject(objects: readonly StoredObject[], name: string): StoredObject {
  const found = objects.find((o) => o.name === name);
  if (found === undefined) throw new StoreError("STORE_UNKNOWN_OBJECT", `${name} is not in the pinned listing`);
  return found;
}

/**
 * A Readable that starts as soon as `open` resolves: VersionReader.open is synchronous, the
 * storage calls are not. An error opening the object becomes the stream's error.
 */
export function lazyReadable(open: () => Promise<NodeJS.ReadableStream>): Readable {
  let source: NodeJS.ReadableStream | undefined;
  let started = false;
  const out = new Readable({
    read() {
      if (started) {
        source?.resume();
        return;
      }
      started = true;
      open().then(
        (s) => {
          source = s;
          s.on("data", (chunk: Buffer | string) => {
            if (!out.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk)) s.pause();
          });
          s.on("end", () => out.push(null));
          s.on("error", (e: Error) => out.destroy(e));
        },
        (e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))),
      );
    },
    destroy(error, callback) {
      // A reader that stops early (a digest mismatch) must not leave the download running.
      const s = source as (NodeJS.ReadableStream & { destroy?: (e?: Error) => void }) | undefined;
      s?.destroy?.();
      callback(error);
    },
  });
  return out;
}

/** Collects a stream into one buffer (bounded reads of the serialization scan only). */
export async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The end (exclusive) of a bounded read, clipped to the object. */
export function readEnd(size: number, offset: number, length: number): number {
  return Math.min(size, offset + Math.max(0, length));
}

/**
 * A {@link ByteSource} over ranged reads of one pinned object: `readRange(offset, end)` returns
 * the bytes in [offset, end), and is never called for an empty range or past the object's end.
 */
export function rangedSource(name: string, size: number, readRange: (offset: number, end: number) => Promise<Buffer>): ByteSource {
  return {
    name,
    size,
    read: async (offset, length) => {
      const end = readEnd(size, offset, length);
      return end <= offset ? Buffer.alloc(0) : readRange(offset, end);
    },
  };
}
