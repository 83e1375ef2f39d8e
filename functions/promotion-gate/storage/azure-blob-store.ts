import type { TokenCredential } from "@azure/core-auth";
import type {
  BlobBeginCopyFromURLOptions, BlobBeginCopyFromURLResponse, BlobDownloadResponseParsed, BlobGetPropertiesResponse,
  BlobGetTagsResponse, BlobItem, BlobSyncCopyFromURLOptions, BlockBlobUploadOptions, ContainerListBlobsOptions,
} from "@azure/storage-blob";
import { DECISION_RECORD_MEDIA_TYPE } from "../record";
import { MalwareScanReader, MalwareScanResult, VersionReader } from "../gate/types";
import {
  ApprovedCopyOptions, ApprovedObject, AZURE_INPUT_DIGEST_METADATA, collect, CopyOutcome, lazyReadable, pinnedObject, rangedSource,
  readEach, RegistryStore, StoredObject, StoreError, WriteOutcome,
} from "./registry-store";

/**
 * The blob index tags Defender for Storage malware scanning writes on each scanned blob
 * ("Understanding malware scanning results": an index tag with the key "Malware Scanning scan
 * result", with the scan time in "Malware Scanning scan time UTC"). Two of the blob's 10 index
 * tags, which is why Azure registries allow 8 lineage tags (config/registry-checks.ts).
 */
export const DEFENDER_SCAN_RESULT_TAG = "Malware Scanning scan result";
/** The scan time tag Defender writes next to the result. */
export const DEFENDER_SCAN_TIME_TAG = "Malware Scanning scan time UTC";

/**
 * The result tag's values ("Understanding malware scanning results"): success states "No
 * threats found" and "Malicious", and "Not scanned" (unsupported type or encryption); an error
 * state carries the error message (e.g. `SAM259201: "Scan failed - internal service error."`),
 * so anything else is a failed scan. Blobs over the scanner's size limit or throughput get no
 * result at all, which the gate treats as missing.
 */
export function defenderResult(value: string): MalwareScanResult {
  switch (value) {
    case "No threats found": return { status: "clean", value };
    case "Malicious": return { status: "threats", value };
    case "Not scanned": return { status: "unsupported", value };
    default: return { status: "failed", value };
  }
}

/**
 * The part of @azure/storage-blob 12.32's `BlobClient` the adapter calls, with the SDK's own
 * option and response types; the real client satisfies it (checked in the tests).
 */
export interface AzureBlobLike {
  readonly url: string;
  withVersion(versionId: string): AzureBlobLike;
  download(offset?: number, count?: number): Promise<Pick<BlobDownloadResponseParsed, "readableStreamBody">>;
  getTags(): Promise<Pick<BlobGetTagsResponse, "tags">>;
  getProperties(): Promise<Pick<BlobGetPropertiesResponse, "metadata">>;
  syncCopyFromURL(copySource: string, options?: BlobSyncCopyFromURLOptions): Promise<unknown>;
  beginCopyFromURL(copySource: string, options?: BlobBeginCopyFromURLOptions): Promise<{ pollUntilDone(): Promise<Pick<BlobBeginCopyFromURLResponse, "copyStatus">> }>;
  getBlockBlobClient(): { upload(body: Buffer, contentLength: number, options?: BlockBlobUploadOptions): Promise<unknown> };
}

/** The part of `ContainerClient` the adapter calls. */
export interface AzureContainerLike {
  readonly url: string;
  getBlobClient(blobName: string): AzureBlobLike;
  listBlobsFlat(options?: ContainerListBlobsOptions): AsyncIterable<BlobItem>;
}

/** One registry account's containers, the log container, and the gate's identity. */
export interface AzureBlobRegistryStoreProps {
  /** The registry account's `incoming` container (constructs/azure/model-registry.ts INCOMING_CONTAINER). */
  readonly incoming: AzureContainerLike;
  /** The registry account's `approved` container, under its time-based immutability policy. */
  readonly approved: AzureContainerLike;
  /** The environment's log container, where decision records go. */
  readonly log: AzureContainerLike;
  /**
   * The gate's Entra ID credential (the one the clients use): Copy Blob From URL reads its
   * source with a bearer token of its own (x-ms-copy-source-authorization), the registry
   * accounts have shared keys turned off, so no SAS.
   */
  readonly credential: TokenCredential;
}

/**
 * Copy Blob From URL copies synchronously "for source blob sizes up to 256 mebibytes (MiB)"
 * (REST API, "Copy Blob From URL"); larger blobs use Copy Blob, which may complete later and is
 * polled.
 */
export const AZURE_SYNC_COPY_MAX_BYTES = 256 * 1024 ** 2;

/** The scope of an Azure Storage data-plane token (Azure Storage, "Authorize access ... using Microsoft Entra ID"). */
const STORAGE_SCOPE = "https://storage.azure.com/.default";

function azureStatus(e: unknown): number | undefined {
  const status = typeof e === "object" && e !== null ? (e as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === "number" ? status : undefined;
}

/**
 * A write with `ifNoneMatch: "*"` on an existing blob fails with 409 BlobAlreadyExists (Put
 * Blob, Copy Blob) or 412 ConditionNotMet ("Specifying conditional headers for Blob service
 * operations"); either means "already there".
 */
function alreadyExists(e: unknown): boolean {
  const status = azureStatus(e);
  return status === 409 || status === 412;
}

/**
 * The registry on Azure Blob Storage: one account with the containers `incoming` and `approved`,
 * blob names `<model>/<version>/<file>`, blob versioning on (constructs/azure/model-registry.ts),
 * records in the environment's log container.
 */
export class AzureBlobRegistryStore implements RegistryStore {
  constructor(private readonly props: AzureBlobRegistryStoreProps) {}

  /**
   * `includeVersions` lists every version with `isCurrentVersion` and its `versionId` (List
   * Blobs, `include=versions`), so the pin comes from the same response as the size: the
   * current version of each blob is the live object.
   */
  public async listIncoming(model: string, version: string): Promise<StoredObject[]> {
    const prefix = `${model}/${version}/`;
    const out: StoredObject[] = [];
    for await (const item of this.props.incoming.listBlobsFlat({ prefix, includeVersions: true })) {
      if (item.isCurrentVersion !== true) continue;
      const name = item.name.slice(prefix.length);
      if (name === "" || name.endsWith("/")) continue;
      const size = item.properties.contentLength;
      if (item.versionId === undefined || size === undefined) throw new StoreError("STORE_BAD_RESPONSE", `listing of ${item.name} has no versionId or contentLength`);
      out.push({ name, size, key: item.name, pin: item.versionId });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** `withVersion(versionId)` reads that version only, whatever the current blob is now. */
  public reader(objects: readonly StoredObject[]): VersionReader {
    const blob = (name: string): AzureBlobLike => {
      const obj = pinnedObject(objects, name);
      return this.props.incoming.getBlobClient(obj.key).withVersion(obj.pin);
    };
    const body = async (b: AzureBlobLike, offset: number, count?: number): Promise<NodeJS.ReadableStream> => {
      const res = await b.download(offset, count);
      if (res.readableStreamBody === undefined) throw new StoreError("STORE_BAD_RESPONSE", `download of ${b.url} returned no body`);
      return res.readableStreamBody;
    };
    return {
      open: (name) => lazyReadable(async () => body(blob(name), 0)),
      source: async (name, size) => {
        const b = blob(name);
        return rangedSource(name, size, async (offset, end) => collect(await body(b, offset, end - offset)));
      },
    };
  }

  /**
   * Blob index tags of the pinned `model.sig` version (Get Blob Tags takes `versionid`), without
   * Defender's two scan tags: they are the scanner's, recorded by the malware-scan check.
   */
  public async lineage(signature: StoredObject | undefined): Promise<Record<string, string>> {
    if (signature === undefined) return {};
    const { tags } = await this.props.incoming.getBlobClient(signature.key).withVersion(signature.pin).getTags();
    return Object.fromEntries(Object.entries(tags).filter(([k]) => k !== DEFENDER_SCAN_RESULT_TAG && k !== DEFENDER_SCAN_TIME_TAG));
  }

  /**
   * Defender's result tag of each pinned version (Get Blob Tags with `versionid`): an overwrite
   * is a new version with its own scan. The gate's custom role on `incoming` holds
   * `blobs/tags/read` (constructs/azure/model-registry.ts GATE_INCOMING_DATA_ACTIONS), which Get
   * Blob Tags needs, so no further grant.
   */
  public malwareScans(objects: readonly StoredObject[]): MalwareScanReader {
    return {
      scanner: "Microsoft Defender for Storage",
      results: (names) =>
        readEach(names, async (name) => {
          const obj = pinnedObject(objects, name);
          const { tags } = await this.props.incoming.getBlobClient(obj.key).withVersion(obj.pin).getTags();
          const value = tags[DEFENDER_SCAN_RESULT_TAG];
          return value === undefined ? undefined : defenderResult(value);
        }),
    };
  }

  public async listApproved(model: string, version: string): Promise<ApprovedObject[]> {
    const prefix = `${model}/${version}/`;
    const out: ApprovedObject[] = [];
    for await (const item of this.props.approved.listBlobsFlat({ prefix, includeMetadata: true })) {
      const digest = item.metadata?.[AZURE_INPUT_DIGEST_METADATA];
      out.push({ name: item.name.slice(prefix.length), ...(digest === undefined ? {} : { inputDigest: digest }) });
    }
    return out;
  }

  /**
   * Copies the pinned version (its URL carries `versionid`) create-only (`ifNoneMatch: "*"`)
   * with the gate's metadata only (metadata given replaces the source's, Copy Blob
   * `x-ms-meta-name`). No per-blob retention call: the `approved` container's time-based
   * immutability policy protects every blob written into it for approvedRetentionDays
   * ("Time-based retention policies for immutable blob data": container-level WORM applies to
   * all blobs in the container); `retainUntil` is what that policy already enforces.
   * Up to 256 MiB Copy Blob From URL, the source authorized by the gate's own bearer token
   * (`sourceAuthorization`, "Only Bearer type is supported", BlobSyncCopyFromURLOptions in
   * 12.32; REST x-ms-copy-source-authorization, version 2020-10-02); above, Copy Blob, which
   * within one account reads the source with the caller's own authorization (the source URL
   * needs no SAS when the request is authorized with Entra ID in the same account: Copy Blob,
   * "Authorization"; Azure/azure-powershell PR #15152 relies on it), polled until done.
   */
  public async copyToApproved(model: string, version: string, obj: StoredObject, options: ApprovedCopyOptions): Promise<CopyOutcome> {
    const name = `${model}/${version}/${obj.name}`;
    const source = this.props.incoming.getBlobClient(obj.key).withVersion(obj.pin).url;
    const target = this.props.approved.getBlobClient(name);
    const metadata = { [AZURE_INPUT_DIGEST_METADATA]: options.inputDigest };
    const conditions = { ifNoneMatch: "*" };
    try {
      if (obj.size <= AZURE_SYNC_COPY_MAX_BYTES) {
        const token = await this.props.credential.getToken(STORAGE_SCOPE);
        if (token === null) throw new StoreError("STORE_BAD_RESPONSE", "the gate's credential returned no storage token");
        await target.syncCopyFromURL(source, { metadata, conditions, sourceAuthorization: { scheme: "Bearer", value: token.token } });
      } else {
        const poller = await target.beginCopyFromURL(source, { metadata, conditions });
        const done = await poller.pollUntilDone();
        if (done.copyStatus !== "success") throw new StoreError("STORE_BAD_RESPONSE", `copy of ${source} ended ${String(done.copyStatus)}`);
      }
      return "copied";
    } catch (e) {
      if (!alreadyExists(e)) throw e;
    }
    const { metadata: found } = await target.getProperties();
    const digest = found?.[AZURE_INPUT_DIGEST_METADATA];
    if (digest === options.inputDigest) return "exists";
    throw new StoreError("STORE_APPROVED_CONFLICT", `${target.url} already exists from ${digest === undefined ? "no gate input" : `input ${digest}`}`);
  }

  public async readRecord(key: string): Promise<Buffer | undefined> {
    try {
      const res = await this.props.log.getBlobClient(key).download(0);
      return res.readableStreamBody === undefined ? undefined : await collect(res.readableStreamBody);
    } catch (e) {
      if (azureStatus(e) === 404) return undefined;
      throw e;
    }
  }

  /** Put Blob with `If-None-Match: *`: created only if no blob has the name. */
  public async writeRecord(key: string, bytes: Buffer): Promise<WriteOutcome> {
    try {
      await this.props.log.getBlobClient(key).getBlockBlobClient().upload(bytes, bytes.length, {
        conditions: { ifNoneMatch: "*" },
        blobHTTPHeaders: { blobContentType: DECISION_RECORD_MEDIA_TYPE },
      });
      return "written";
    } catch (e) {
      if (alreadyExists(e)) return "exists";
      throw e;
    }
  }

  /** `https://<account>.blob.core.windows.net/incoming/<model>/<version>/`. */
  public incomingUri(model: string, version: string): string {
    return `${this.props.incoming.url}/${model}/${version}/`;
  }

  public objectUri(model: string, version: string, name: string): string {
    return `${this.props.incoming.url}/${model}/${version}/${name}`;
  }
}
