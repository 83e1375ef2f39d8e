import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand,
  GetObjectCommand, GetObjectCommandOutput, GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command,
  ListObjectVersionsCommand, ObjectVersion, PutObjectCommand, S3ServiceException, UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import type { TokenCredential } from "@azure/core-auth";
import { RestError } from "@azure/core-rest-pipeline";
import type { BlobItem, ContainerListBlobsOptions } from "@azure/storage-blob";
import type { CopyOptions, CreateReadStreamOptions, FileMetadata, FileOptions, GetFilesOptions, SaveOptions } from "@google-cloud/storage";
import { RegistryStore } from "../../../../functions/promotion-gate/storage/registry-store";
import { S3Like, S3RegistryStore } from "../../../../functions/promotion-gate/storage/s3-store";
import { GcsBucketLike, GcsFileLike, GcsRegistryStore, GcsStorageLike } from "../../../../functions/promotion-gate/storage/gcs-store";
import { AzureBlobLike, AzureBlobRegistryStore, AzureContainerLike } from "../../../../functions/promotion-gate/storage/azure-blob-store";

/**
 * In-memory object stores behind the subset of each SDK client the adapters call, answering
 * with the SDK's request and response shapes, versioned the way the registries are (S3 and
 * Azure versioning, GCS generations), and create-only where the request asks for it.
 */

/** One stored version; `bytes` may be absent for objects only their size matters for (multipart). */
export interface FakeVersion {
  readonly id: string;
  readonly size: number;
  readonly bytes?: Buffer;
  readonly metadata: Record<string, string>;
  readonly tags: Record<string, string>;
  /** Whatever else the write asked for (lock, retention, SSE, content type): the request input. */
  readonly extra: Record<string, unknown>;
}

/** A versioned key space: key → versions, the last one current. */
export class VersionedSpace {
  public readonly keys = new Map<string, FakeVersion[]>();
  private counter = 0;

  public put(key: string, bytes: Buffer | { size: number }, metadata: Record<string, string> = {}, tags: Record<string, string> = {}, extra: Record<string, unknown> = {}): FakeVersion {
    this.counter += 1;
    const v: FakeVersion = Buffer.isBuffer(bytes)
      ? { id: `v${this.counter}`, size: bytes.length, bytes, metadata, tags, extra }
      : { id: `v${this.counter}`, size: bytes.size, metadata, tags, extra };
    this.keys.set(key, [...(this.keys.get(key) ?? []), v]);
    return v;
  }

  public current(key: string): FakeVersion | undefined {
    const versions = this.keys.get(key);
    return versions?.[versions.length - 1];
  }

  public version(key: string, id: string | undefined): FakeVersion | undefined {
    return id === undefined ? this.current(key) : this.keys.get(key)?.find((v) => v.id === id);
  }

  public list(prefix: string): string[] {
    return [...this.keys.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

/** What every cloud's world offers the scenario tests. */
export interface FakeWorld {
  readonly cloud: string;
  readonly store: RegistryStore;
  /** Uploads files under `incoming/<model>/<version>/`, `model.sig` carrying `lineage`. */
  upload(model: string, version: string, files: Record<string, Buffer>, lineage: Record<string, string>): void;
  /** Overwrites one incoming object (a new version / generation). */
  overwrite(model: string, version: string, name: string, bytes: Buffer): void;
  /** Current bytes under `approved/<model>/<version>/`, by name. */
  approved(model: string, version: string): Map<string, Buffer | undefined>;
  /** Decision record keys in the log storage. */
  recordKeys(): string[];
  /** Puts bytes at a record key directly (tampering). */
  plantRecord(key: string, bytes: Buffer): void;
  /** Successful approved copies and record writes so far. */
  readonly counts: { copies: number; recordWrites: number };
  /** Makes every approved copy after the next `n` fail, as a crash would; `undefined` clears it. */
  failCopiesAfter(n: number | undefined): void;
}

function rangeOf(header: string | undefined, size: number): [number, number] {
  if (header === undefined) return [0, size];
  const m = /^bytes=(\d+)-(\d+)$/.exec(header);
  if (m === null) throw new Error(`fake: bad Range ${header}`);
  return [Number(m[1]), Math.min(size, Number(m[2]) + 1)];
}

function s3Error(status: number, name: string): S3ServiceException {
  return new S3ServiceException({ name, $fault: "client", $metadata: { httpStatusCode: status }, message: name });
}

function body(bytes: Buffer): GetObjectCommandOutput["Body"] {
  const stream = Readable.from([bytes]);
  return Object.assign(stream, {
    transformToByteArray: async () => new Uint8Array(bytes),
    transformToString: async () => bytes.toString("utf8"),
    transformToWebStream: () => {
      throw new Error("fake: no web streams");
    },
  }) as unknown as GetObjectCommandOutput["Body"];
}

/** One call the S3 fake received: the command's class name and its input. */
export interface S3Call {
  readonly command: string;
  readonly input: unknown;
}

/** S3: buckets of versioned keys behind `send`. */
export class FakeS3 {
  public readonly buckets = new Map<string, VersionedSpace>();
  public readonly calls: S3Call[] = [];
  public copyBudget: number | undefined;
  public copies = 0;
  public puts = 0;
  /** ListObjectVersions page size in keys, to exercise pagination. */
  public pageKeys = 2;
  private uploads = new Map<string, { bucket: string; key: string; input: unknown; size: number }>();

  public bucket(name: string): VersionedSpace {
    let b = this.buckets.get(name);
    if (b === undefined) {
      b = new VersionedSpace();
      this.buckets.set(name, b);
    }
    return b;
  }

  public client(): S3Like {
    return { send: (command: unknown) => this.send(command) } as unknown as S3Like;
  }

  private consumeCopy(): void {
    if (this.copyBudget !== undefined) {
      if (this.copyBudget <= 0) throw new Error("fake: crash during copy");
      this.copyBudget -= 1;
    }
  }

  private source(copySource: string): FakeVersion {
    const m = /^([^/]+)\/(.+)\?versionId=(.+)$/.exec(copySource);
    if (m === null) throw new Error(`fake: CopySource without versionId: ${copySource}`);
    const key = m[2]!.split("/").map(decodeURIComponent).join("/");
    const v = this.bucket(m[1]!).version(key, decodeURIComponent(m[3]!));
    if (v === undefined) throw s3Error(404, "NoSuchKey");
    return v;
  }

  public async send(command: unknown): Promise<unknown> {
    const name = (command as { constructor: { name: string } }).constructor.name;
    this.calls.push({ command: name, input: (command as { input: unknown }).input });
    if (command instanceof ListObjectVersionsCommand) {
      const { Bucket, Prefix, KeyMarker } = command.input;
      const keys = this.bucket(Bucket!).list(Prefix ?? "").filter((k) => KeyMarker === undefined || k > KeyMarker);
      const page = keys.slice(0, this.pageKeys);
      const versions: ObjectVersion[] = [];
      const markers: { Key: string; IsLatest: boolean; VersionId: string }[] = [];
      for (const key of page) {
        const all = this.bucket(Bucket!).keys.get(key)!;
        all.forEach((v, i) => {
          const latest = i === all.length - 1;
          if (v.extra.deleteMarker === true) markers.push({ Key: key, IsLatest: latest, VersionId: v.id });
          else versions.push({ Key: key, VersionId: v.id, IsLatest: latest, Size: v.size });
        });
      }
      const truncated = keys.length > page.length;
      return { Versions: versions, DeleteMarkers: markers, IsTruncated: truncated, ...(truncated ? { NextKeyMarker: page[page.length - 1], NextVersionIdMarker: "x" } : {}) };
    }
    if (command instanceof GetObjectCommand) {
      const { Bucket, Key, VersionId, Range } = command.input;
      const v = this.bucket(Bucket!).version(Key!, VersionId);
      if (v === undefined || v.bytes === undefined || v.extra.deleteMarker === true) throw s3Error(404, "NoSuchKey");
      const [start, end] = rangeOf(Range, v.size);
      return { Body: body(v.bytes.subarray(start, end)), VersionId: v.id } satisfies Partial<GetObjectCommandOutput>;
    }
    if (command instanceof GetObjectTaggingCommand) {
      const v = this.bucket(command.input.Bucket!).version(command.input.Key!, command.input.VersionId);
      if (v === undefined) throw s3Error(404, "NoSuchKey");
      return { TagSet: Object.entries(v.tags).map(([Key, Value]) => ({ Key, Value })), VersionId: v.id };
    }
    if (command instanceof ListObjectsV2Command) {
      const b = this.bucket(command.input.Bucket!);
      const keys = b.list(command.input.Prefix ?? "").filter((k) => b.current(k)?.extra.deleteMarker !== true);
      return { Contents: keys.map((Key) => ({ Key, Size: b.current(Key)!.size })), IsTruncated: false, KeyCount: keys.length };
    }
    if (command instanceof HeadObjectCommand) {
      const v = this.bucket(command.input.Bucket!).version(command.input.Key!, command.input.VersionId);
      if (v === undefined) throw s3Error(404, "NotFound");
      return { Metadata: v.metadata, ContentLength: v.size, VersionId: v.id };
    }
    if (command instanceof CopyObjectCommand) {
      const { Bucket, Key, CopySource, IfNoneMatch, Metadata, ...rest } = command.input;
      const src = this.source(CopySource!);
      if (IfNoneMatch === "*" && this.bucket(Bucket!).current(Key!) !== undefined) throw s3Error(412, "PreconditionFailed");
      this.consumeCopy();
      this.copies += 1;
      this.bucket(Bucket!).put(Key!, src.bytes ?? { size: src.size }, Metadata ?? {}, {}, rest);
      return { CopyObjectResult: { ETag: '"etag"' } };
    }
    if (command instanceof CreateMultipartUploadCommand) {
      const id = `upload-${this.uploads.size + 1}`;
      this.uploads.set(id, { bucket: command.input.Bucket!, key: command.input.Key!, input: command.input, size: 0 });
      return { UploadId: id, Bucket: command.input.Bucket, Key: command.input.Key };
    }
    if (command instanceof UploadPartCopyCommand) {
      const up = this.uploads.get(command.input.UploadId!);
      if (up === undefined) throw s3Error(404, "NoSuchUpload");
      up.size = this.source(command.input.CopySource!).size;
      return { CopyPartResult: { ETag: `"part-${command.input.PartNumber}"` } };
    }
    if (command instanceof CompleteMultipartUploadCommand) {
      const up = this.uploads.get(command.input.UploadId!);
      if (up === undefined) throw s3Error(404, "NoSuchUpload");
      if (command.input.IfNoneMatch === "*" && this.bucket(up.bucket).current(up.key) !== undefined) throw s3Error(412, "PreconditionFailed");
      this.consumeCopy();
      this.copies += 1;
      const init = up.input as { Metadata?: Record<string, string> };
      this.bucket(up.bucket).put(up.key, { size: up.size }, init.Metadata ?? {}, {}, { multipart: true });
      return { Bucket: up.bucket, Key: up.key };
    }
    if (command instanceof AbortMultipartUploadCommand) {
      this.uploads.delete(command.input.UploadId!);
      return {};
    }
    if (command instanceof PutObjectCommand) {
      const { Bucket, Key, Body, IfNoneMatch } = command.input;
      if (IfNoneMatch === "*" && this.bucket(Bucket!).current(Key!) !== undefined) throw s3Error(412, "PreconditionFailed");
      this.puts += 1;
      this.bucket(Bucket!).put(Key!, Buffer.from(Body as Buffer));
      return { ETag: '"etag"' };
    }
    throw new Error(`fake S3: unexpected ${name}`);
  }
}

export const S3_PROPS = {
  bucket: "fraud-scoring-registry",
  kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/11111111-2222-3333-4444-555555555555",
  logBucket: "prod-logs",
  logKmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000",
};

/** A world whose cloud has a managed malware scanner that tags each scanned object version. */
export interface ScannedWorld {
  /** Tags the current version of one incoming object with the scanner's result, as GuardDuty or Defender do after a scan. */
  scanResult(model: string, version: string, name: string, value: string): void;
  /** {@link scanResult} on every current incoming object of the version. */
  scanAll(model: string, version: string, value: string): void;
}

export function s3World(): FakeWorld & ScannedWorld & { s3: FakeS3 } {
  const s3 = new FakeS3();
  const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
  const reg = (): VersionedSpace => s3.bucket(S3_PROPS.bucket);
  return {
    cloud: "aws",
    s3,
    store,
    upload(model, version, files, lineage) {
      for (const [name, bytes] of Object.entries(files)) reg().put(`incoming/${model}/${version}/${name}`, bytes, {}, name === "model.sig" ? { ...lineage } : {});
    },
    overwrite(model, version, name, bytes) {
      reg().put(`incoming/${model}/${version}/${name}`, bytes);
    },
    scanResult(model, version, name, value) {
      reg().current(`incoming/${model}/${version}/${name}`)!.tags["GuardDutyMalwareScanStatus"] = value;
    },
    scanAll(model, version, value) {
      for (const key of reg().list(`incoming/${model}/${version}/`)) reg().current(key)!.tags["GuardDutyMalwareScanStatus"] = value;
    },
    approved(model, version) {
      const prefix = `approved/${model}/${version}/`;
      return new Map(reg().list(prefix).map((k) => [k.slice(prefix.length), reg().current(k)!.bytes]));
    },
    recordKeys: () => s3.bucket(S3_PROPS.logBucket).list(""),
    plantRecord: (key, bytes) => void s3.bucket(S3_PROPS.logBucket).put(key, bytes),
    get counts() {
      return { copies: s3.copies, recordWrites: s3.puts };
    },
    failCopiesAfter(n) {
      s3.copyBudget = n;
    },
  };
}

function gcsError(code: number): Error {
  return Object.assign(new Error(`fake GCS ${code}`), { code });
}

/** GCS: buckets of objects with generations, behind Storage/Bucket/File-shaped objects. */
export class FakeGcs implements GcsStorageLike {
  public readonly buckets = new Map<string, VersionedSpace>();
  public readonly copyCalls: { source: string; generation: string | undefined; destination: string; options: unknown }[] = [];
  public readonly saveCalls: { name: string; options: unknown }[] = [];
  public readonly setMetadataCalls: { name: string; metadata: unknown }[] = [];
  /** Makes copies ignore `retention`, as a rewrite that did not apply it would. */
  public dropRetentionOnCopy = false;
  public copyBudget: number | undefined;
  public copies = 0;
  public saves = 0;

  public space(name: string): VersionedSpace {
    let b = this.buckets.get(name);
    if (b === undefined) {
      b = new VersionedSpace();
      this.buckets.set(name, b);
    }
    return b;
  }

  public bucket(name: string): GcsBucketLike {
    return {
      file: (object: string, options?: FileOptions) => this.file(name, object, options?.generation === undefined ? undefined : String(options.generation)),
      getFiles: async (query?: GetFilesOptions) => {
        const space = this.space(name);
        return [space.list(query?.prefix ?? "").map((k) => this.file(name, k, undefined))];
      },
    };
  }

  private file(bucket: string, name: string, generation: string | undefined): GcsFileLike {
    const space = this.space(bucket);
    const pinned = (): FakeVersion => {
      const v = space.version(name, generation === undefined ? undefined : `v${generation}`);
      if (v === undefined) throw gcsError(404);
      return v;
    };
    const meta = (v: FakeVersion): FileMetadata => ({
      name, bucket, generation: v.id.slice(1), size: String(v.size), metadata: v.metadata,
      ...(v.extra.retention === undefined ? {} : { retention: v.extra.retention as FileMetadata["retention"] }),
    });
    const current = space.current(name);
    return {
      name,
      metadata: current === undefined ? { name } : meta(current),
      createReadStream: (options?: CreateReadStreamOptions) => {
        const v = pinned();
        const start = options?.start ?? 0;
        const end = options?.end === undefined ? v.size : options.end + 1;
        return Readable.from([v.bytes!.subarray(start, end)]);
      },
      getMetadata: async () => [meta(pinned()), {}],
      copy: async (destination: string, options?: CopyOptions) => {
        this.copyCalls.push({ source: name, generation, destination, options });
        const src = pinned();
        const o = (options ?? {}) as CopyOptions & { retention?: unknown };
        if (o.preconditionOpts?.ifGenerationMatch === 0 && space.current(destination) !== undefined) throw gcsError(412);
        if (this.copyBudget !== undefined) {
          if (this.copyBudget <= 0) throw new Error("fake: crash during copy");
          this.copyBudget -= 1;
        }
        this.copies += 1;
        space.put(destination, src.bytes ?? { size: src.size }, (o.metadata ?? {}) as Record<string, string>, {}, this.dropRetentionOnCopy ? {} : { retention: o.retention });
        return [{}, {}];
      },
      save: async (data: Buffer, options?: SaveOptions) => {
        this.saveCalls.push({ name, options });
        if (options?.preconditionOpts?.ifGenerationMatch === 0 && space.current(name) !== undefined) throw gcsError(412);
        this.saves += 1;
        space.put(name, Buffer.from(data));
      },
      download: async () => [pinned().bytes!],
      setMetadata: async (metadata: FileMetadata) => {
        this.setMetadataCalls.push({ name, metadata });
        (pinned().extra as Record<string, unknown>).retention = metadata.retention;
        return [{}];
      },
    };
  }
}

export const GCS_PROPS = { bucket: "fraud-scoring-registry", logBucket: "prod-logs" };

export function gcsWorld(): FakeWorld & { gcs: FakeGcs } {
  const gcs = new FakeGcs();
  const store = new GcsRegistryStore({ storage: gcs, ...GCS_PROPS });
  const reg = (): VersionedSpace => gcs.space(GCS_PROPS.bucket);
  return {
    cloud: "gcp",
    gcs,
    store,
    upload(model, version, files, lineage) {
      for (const [name, bytes] of Object.entries(files)) reg().put(`incoming/${model}/${version}/${name}`, bytes, name === "model.sig" ? { ...lineage } : {});
    },
    overwrite(model, version, name, bytes) {
      reg().put(`incoming/${model}/${version}/${name}`, bytes);
    },
    approved(model, version) {
      const prefix = `approved/${model}/${version}/`;
      return new Map(reg().list(prefix).map((k) => [k.slice(prefix.length), reg().current(k)!.bytes]));
    },
    recordKeys: () => gcs.space(GCS_PROPS.logBucket).list(""),
    plantRecord: (key, bytes) => void gcs.space(GCS_PROPS.logBucket).put(key, bytes),
    get counts() {
      return { copies: gcs.copies, recordWrites: gcs.saves };
    },
    failCopiesAfter(n) {
      gcs.copyBudget = n;
    },
  };
}

function azureError(status: number, code: string): RestError {
  return new RestError(code, { statusCode: status, code });
}

export const AZURE_ACCOUNT_URL = "https://stregfraud.blob.core.windows.net";
export const AZURE_LOG_URL = "https://stlogsprod.blob.core.windows.net/audit";

/** Azure: containers of versioned blobs, one account's worth plus a log container. */
export class FakeAzure {
  public readonly containers = new Map<string, VersionedSpace>();
  public readonly copyCalls: { method: "syncCopyFromURL" | "beginCopyFromURL"; target: string; source: string; options: unknown }[] = [];
  public readonly uploadCalls: { target: string; options: unknown }[] = [];
  public copyBudget: number | undefined;
  public copies = 0;
  public uploads = 0;

  public space(url: string): VersionedSpace {
    let c = this.containers.get(url);
    if (c === undefined) {
      c = new VersionedSpace();
      this.containers.set(url, c);
    }
    return c;
  }

  public container(url: string): AzureContainerLike {
    return {
      url,
      getBlobClient: (name) => this.blob(url, name, undefined),
      listBlobsFlat: (options?: ContainerListBlobsOptions) => this.list(url, options),
    };
  }

  private async *list(url: string, options?: ContainerListBlobsOptions): AsyncIterable<BlobItem> {
    const space = this.space(url);
    for (const name of space.list(options?.prefix ?? "")) {
      const all = space.keys.get(name)!;
      const versions = options?.includeVersions === true ? all : [all[all.length - 1]!];
      for (const v of versions) {
        yield {
          name, deleted: false, snapshot: "",
          properties: { lastModified: new Date(0), etag: `"${v.id}"`, contentLength: v.size },
          ...(options?.includeVersions === true ? { versionId: v.id, isCurrentVersion: v === all[all.length - 1] } : {}),
          ...(options?.includeMetadata === true ? { metadata: v.metadata } : {}),
        };
      }
    }
  }

  private resolve(sourceUrl: string): FakeVersion {
    const u = new URL(sourceUrl);
    const versionId = u.searchParams.get("versionid");
    if (versionId === null) throw new Error(`fake: copy source without versionid: ${sourceUrl}`);
    const [, container, ...rest] = u.pathname.split("/");
    const v = this.space(`${u.origin}/${container}`).version(rest.map(decodeURIComponent).join("/"), versionId);
    if (v === undefined) throw azureError(404, "BlobNotFound");
    return v;
  }

  private blob(containerUrl: string, name: string, versionId: string | undefined): AzureBlobLike {
    const space = this.space(containerUrl);
    const url = `${containerUrl}/${name.split("/").map(encodeURIComponent).join("/")}${versionId === undefined ? "" : `?versionid=${encodeURIComponent(versionId)}`}`;
    const pinned = (): FakeVersion => {
      const v = space.version(name, versionId);
      if (v === undefined) throw azureError(404, "BlobNotFound");
      return v;
    };
    const copy = (method: "syncCopyFromURL" | "beginCopyFromURL", source: string, options: { metadata?: Record<string, string>; conditions?: { ifNoneMatch?: string } } | undefined): void => {
      this.copyCalls.push({ method, target: url, source, options });
      const src = this.resolve(source);
      if (options?.conditions?.ifNoneMatch === "*" && space.current(name) !== undefined) throw azureError(409, "BlobAlreadyExists");
      if (this.copyBudget !== undefined) {
        if (this.copyBudget <= 0) throw new Error("fake: crash during copy");
        this.copyBudget -= 1;
      }
      this.copies += 1;
      space.put(name, src.bytes ?? { size: src.size }, options?.metadata ?? {});
    };
    return {
      url,
      withVersion: (v) => this.blob(containerUrl, name, v),
      download: async (offset?: number, count?: number) => {
        const v = pinned();
        const start = offset ?? 0;
        const end = count === undefined ? v.size : start + count;
        return { readableStreamBody: Readable.from([v.bytes!.subarray(start, end)]) };
      },
      getTags: async () => ({ tags: pinned().tags }),
      getProperties: async () => ({ metadata: pinned().metadata }),
      syncCopyFromURL: async (source, options) => {
        copy("syncCopyFromURL", source, options);
        return {};
      },
      beginCopyFromURL: async (source, options) => {
        copy("beginCopyFromURL", source, options);
        return { pollUntilDone: async () => ({ copyStatus: "success" as const }) };
      },
      getBlockBlobClient: () => ({
        upload: async (data: Buffer, _length: number, options) => {
          this.uploadCalls.push({ target: url, options });
          if (options?.conditions?.ifNoneMatch === "*" && space.current(name) !== undefined) throw azureError(409, "BlobAlreadyExists");
          this.uploads += 1;
          space.put(name, Buffer.from(data));
          return {};
        },
      }),
    };
  }
}

/** A credential that hands out a fixed storage token and remembers the scopes asked for. */
export function fakeCredential(): TokenCredential & { scopes: (string | string[])[] } {
  const scopes: (string | string[])[] = [];
  return {
    scopes,
    getToken: async (scope) => {
      scopes.push(scope);
      return { token: "gate-token", expiresOnTimestamp: 4_102_444_800_000 };
    },
  };
}

export function azureWorld(): FakeWorld & ScannedWorld & { azure: FakeAzure; credential: ReturnType<typeof fakeCredential> } {
  const azure = new FakeAzure();
  const credential = fakeCredential();
  const store = new AzureBlobRegistryStore({
    incoming: azure.container(`${AZURE_ACCOUNT_URL}/incoming`),
    approved: azure.container(`${AZURE_ACCOUNT_URL}/approved`),
    log: azure.container(AZURE_LOG_URL),
    credential,
  });
  const incoming = (): VersionedSpace => azure.space(`${AZURE_ACCOUNT_URL}/incoming`);
  const approved = (): VersionedSpace => azure.space(`${AZURE_ACCOUNT_URL}/approved`);
  return {
    cloud: "azure",
    azure,
    credential,
    store,
    upload(model, version, files, lineage) {
      for (const [name, bytes] of Object.entries(files)) incoming().put(`${model}/${version}/${name}`, bytes, {}, name === "model.sig" ? { ...lineage } : {});
    },
    overwrite(model, version, name, bytes) {
      incoming().put(`${model}/${version}/${name}`, bytes);
    },
    scanResult(model, version, name, value) {
      const tags = incoming().current(`${model}/${version}/${name}`)!.tags;
      tags["Malware Scanning scan result"] = value;
      tags["Malware Scanning scan time UTC"] = "2026-12-02 05:59:58Z";
    },
    scanAll(model, version, value) {
      for (const key of incoming().list(`${model}/${version}/`)) {
        const tags = incoming().current(key)!.tags;
        tags["Malware Scanning scan result"] = value;
        tags["Malware Scanning scan time UTC"] = "2026-12-02 05:59:58Z";
      }
    },
    approved(model, version) {
      const prefix = `${model}/${version}/`;
      return new Map(approved().list(prefix).map((k) => [k.slice(prefix.length), approved().current(k)!.bytes]));
    },
    recordKeys: () => azure.space(AZURE_LOG_URL).list(""),
    plantRecord: (key, bytes) => void azure.space(AZURE_LOG_URL).put(key, bytes),
    get counts() {
      return { copies: azure.copies, recordWrites: azure.uploads };
    },
    failCopiesAfter(n) {
      azure.copyBudget = n;
    },
  };
}
