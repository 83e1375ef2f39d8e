import type { Readable } from "node:stream";
import type {
  CopyOptions, CreateReadStreamOptions, DownloadResponse, FileMetadata, FileOptions, GetFilesOptions, SaveOptions,
} from "@google-cloud/storage";
import { APPROVED_PREFIX, INCOMING_PREFIX } from "../../../constructs/shared/model-registry-spec";
import { DECISION_RECORD_MEDIA_TYPE } from "../record";
import { VersionReader } from "../gate/types";
import {
  ApprovedCopyOptions, ApprovedObject, collect, CopyOutcome, INPUT_DIGEST_METADATA, lazyReadable, pinnedObject, rangedSource,
  RegistryStore, StoredObject, StoreError, WriteOutcome,
} from "./registry-store";

/**
 * The part of @google-cloud/storage 7.22's `File` the adapter calls, with the SDK's own option
 * and response types; the real `File` satisfies it (checked in the tests), fakes implement it.
 */
export interface GcsFileLike {
  readonly name: string;
  readonly metadata: FileMetadata;
  createReadStream(options?: CreateReadStreamOptions): Readable;
  getMetadata(): Promise<[FileMetadata, unknown]>;
  /** `destination` a plain object name: the copy stays in the same bucket (file.js `copy()`). */
  copy(destination: string, options?: CopyOptions): Promise<unknown>;
  save(data: Buffer, options?: SaveOptions): Promise<void>;
  setMetadata(metadata: FileMetadata): Promise<unknown>;
  download(): Promise<DownloadResponse>;
}

/** The part of `Bucket` the adapter calls. */
export interface GcsBucketLike {
  file(name: string, options?: FileOptions): GcsFileLike;
  getFiles(query?: GetFilesOptions): Promise<[GcsFileLike[], ...unknown[]]>;
}

/** The part of `Storage` the adapter calls. */
export interface GcsStorageLike {
  bucket(name: string): GcsBucketLike;
}

/** Where one registry and the environment's log bucket are. */
export interface GcsRegistryStoreProps {
  readonly storage: GcsStorageLike;
  /** The registry bucket (`incoming/` and `approved/`), CMEK by the bucket's default key. */
  readonly bucket: string;
  /** The environment's log bucket, where decision records go. */
  readonly logBucket: string;
}

/**
 * The JSON API's object retention as the rewrite request body carries it: `retention.mode`
 * `Locked` cannot be shortened or removed by anyone ("Object Retention Lock", Cloud Storage
 * documentation). CopyOptions in 7.22 does not declare it, but `File.copy()` sends every option
 * it does not turn into a query parameter as the request body, the destination object resource
 * (build/cjs/src/file.js `copy()`: `json: options`), and objects.rewrite takes an object
 * resource as its body (JSON API, "Objects: rewrite", request body).
 */
type CopyWithRetention = CopyOptions & { retention: { mode: "Locked"; retainUntilTime: string } };

function gcsStatus(e: unknown): number | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "number") return code;
  const status = (e as { response?: { status?: unknown } }).response?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * The registry on Cloud Storage: one bucket with `incoming/` and `approved/`
 * (constructs/gcp/model-registry.ts, object retention enabled), records in the log bucket.
 */
export class GcsRegistryStore implements RegistryStore {
  private readonly registry: GcsBucketLike;
  private readonly log: GcsBucketLike;

  constructor(private readonly props: GcsRegistryStoreProps) {
    this.registry = props.storage.bucket(props.bucket);
    this.log = props.storage.bucket(props.logBucket);
  }

  /** Live objects only (no `versions: true`), each with the generation the listing returned. */
  public async listIncoming(model: string, version: string): Promise<StoredObject[]> {
    const prefix = `${INCOMING_PREFIX}${model}/${version}/`;
    const [files] = await this.registry.getFiles({ prefix });
    const out: StoredObject[] = [];
    for (const f of files) {
      const name = f.name.slice(prefix.length);
      if (name === "" || name.endsWith("/")) continue;
      const { generation, size } = f.metadata;
      if (generation === undefined || size === undefined) throw new StoreError("STORE_BAD_RESPONSE", `listing of ${f.name} has no generation or size`);
      out.push({ name, size: Number(size), key: f.name, pin: String(generation) });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** `file(name, {generation})` reads that generation only, also after an overwrite (FileOptions.generation). */
  public reader(objects: readonly StoredObject[]): VersionReader {
    const file = (name: string): GcsFileLike => {
      const obj = pinnedObject(objects, name);
      return this.registry.file(obj.key, { generation: obj.pin });
    };
    return {
      open: (name) => lazyReadable(async () => file(name).createReadStream()),
      source: async (name, size) => {
        const f = file(name);
        // `end` is inclusive (CreateReadStreamOptions; file.js sets `Range: bytes=start-end`).
        return rangedSource(name, size, (offset, end) => collect(f.createReadStream({ start: offset, end: end - 1 })));
      },
    };
  }

  /** Custom metadata of the pinned `model.sig` generation: GCS has no object tags (docs/model-registries.md). */
  public async lineage(signature: StoredObject | undefined): Promise<Record<string, string>> {
    if (signature === undefined) return {};
    const [meta] = await this.registry.file(signature.key, { generation: signature.pin }).getMetadata();
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(meta.metadata ?? {})) if (v !== null && v !== undefined) out[k] = String(v);
    return out;
  }

  public async listApproved(model: string, version: string): Promise<ApprovedObject[]> {
    const prefix = `${APPROVED_PREFIX}${model}/${version}/`;
    const [files] = await this.registry.getFiles({ prefix });
    return files.map((f) => {
      const digest = f.metadata.metadata?.[INPUT_DIGEST_METADATA];
      return { name: f.name.slice(prefix.length), ...(typeof digest === "string" ? { inputDigest: digest } : {}) };
    });
  }

  /**
   * objects.rewrite of the pinned generation (`sourceGeneration`, file.js `copy()` sets it from
   * the source File's generation) with `ifGenerationMatch: 0`: the rewrite succeeds only if no
   * live object has the destination name, else 412 (Cloud Storage, "Request preconditions").
   * When the rewrite needs several calls, 7.22 repeats it with only the rewriteToken, which
   * the API allows: calls carrying a rewriteToken may omit the other fields (JSON API,
   * "Objects: rewrite", `rewriteToken`). The bucket's default CMEK encrypts the copy
   * (objects.rewrite `destinationKmsKeyName`: when unset, the bucket's default key).
   */
  public async copyToApproved(model: string, version: string, obj: StoredObject, options: ApprovedCopyOptions): Promise<CopyOutcome> {
    const key = `${APPROVED_PREFIX}${model}/${version}/${obj.name}`;
    const copy: CopyWithRetention = {
      metadata: { [INPUT_DIGEST_METADATA]: options.inputDigest },
      retention: { mode: "Locked", retainUntilTime: options.retainUntil.toISOString() },
      preconditionOpts: { ifGenerationMatch: 0 },
    };
    let outcome: CopyOutcome = "copied";
    try {
      await this.registry.file(obj.key, { generation: obj.pin }).copy(key, copy);
    } catch (e) {
      if (gcsStatus(e) !== 412) throw e;
      outcome = "exists";
    }
    const target = this.registry.file(key);
    const [meta] = await target.getMetadata();
    const found = meta.metadata?.[INPUT_DIGEST_METADATA];
    if (found !== options.inputDigest) {
      throw new StoreError("STORE_APPROVED_CONFLICT", `gs://${this.props.bucket}/${key} already exists from ${typeof found === "string" ? `input ${found}` : "no gate input"}`);
    }
    // The copy's own retention is read back rather than trusted: had the rewrite not applied
    // it, or a run crashed between copy and lock, the object is locked now by a patch, which
    // sets retention on an existing object (objects.patch `retention`, "Use object retention":
    // set a retention configuration on an existing object; needs storage.objects.setRetention).
    if (meta.retention?.mode !== "Locked") await target.setMetadata({ retention: copy.retention });
    return outcome;
  }

  public async readRecord(key: string): Promise<Buffer | undefined> {
    try {
      const [bytes] = await this.log.file(key).download();
      return bytes;
    } catch (e) {
      if (gcsStatus(e) === 404) return undefined;
      throw e;
    }
  }

  /**
   * Create-only: `ifGenerationMatch: 0` ("Request preconditions": 0 matches only when no live
   * object exists); a simple upload adds `preconditionOpts` to the query (file.js
   * `startSimpleUpload_`). A record is small, so no resumable session.
   */
  public async writeRecord(key: string, bytes: Buffer): Promise<WriteOutcome> {
    try {
      await this.log.file(key).save(bytes, { contentType: DECISION_RECORD_MEDIA_TYPE, resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
      return "written";
    } catch (e) {
      if (gcsStatus(e) === 412) return "exists";
      throw e;
    }
  }

  public incomingUri(model: string, version: string): string {
    return `gs://${this.props.bucket}/${INCOMING_PREFIX}${model}/${version}/`;
  }

  public objectUri(model: string, version: string, name: string): string {
    return `gs://${this.props.bucket}/${INCOMING_PREFIX}${model}/${version}/${name}`;
  }
}
