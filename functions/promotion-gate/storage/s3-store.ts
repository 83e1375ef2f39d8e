import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand,
  GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand,
  ObjectLockMode, PutObjectCommand, S3Client, S3ServiceException, UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { APPROVED_PREFIX, INCOMING_PREFIX } from "../../../constructs/shared/model-registry-spec";
import { DECISION_RECORD_MEDIA_TYPE } from "../record";
import { MalwareScanReader, MalwareScanResult, VersionReader } from "../gate/types";
import {
  ApprovedCopyOptions, ApprovedObject, collect, CopyOutcome, INPUT_DIGEST_METADATA, lazyReadable, pinnedObject, rangedSource,
  readEach, RegistryStore, StoredObject, StoreError, WriteOutcome,
} from "./registry-store";

/**
 * The object tag GuardDuty Malware Protection for S3 adds to each scanned object version when
 * tagging is enabled on the protection plan ("Monitoring S3 object scans with GuardDuty managed
 * tags": `GuardDutyMalwareScanStatus:Scan-Result-Status`).
 */
export const GUARDDUTY_SCAN_TAG = "GuardDutyMalwareScanStatus";

/**
 * The tag's values ("Monitoring S3 object scan status", S3 object potential malware scan result
 * status values): NO_THREATS_FOUND, THREATS_FOUND, UNSUPPORTED (skipped, e.g. over the object
 * size quota), ACCESS_DENIED (GuardDuty's role cannot read the object) and FAILED (internal
 * error). A value outside the list is treated as a failed scan: it never passes.
 */
export function guardDutyResult(value: string): MalwareScanResult {
  switch (value) {
    case "NO_THREATS_FOUND": return { status: "clean", value };
    case "THREATS_FOUND": return { status: "threats", value };
    case "UNSUPPORTED": return { status: "unsupported", value };
    default: return { status: "failed", value };
  }
}

/** The one S3Client method the adapter calls: tests inject a fake with the SDK's shapes. */
export type S3Like = Pick<S3Client, "send">;

/**
 * CopyObject copies "up to 5 GB in size in a single atomic action"; a larger object needs
 * multipart upload with UploadPartCopy (Amazon S3 API Reference, CopyObject; @aws-sdk/client-s3
 * 3.1164.0 CopyObjectCommand). AWS's GB here is 2^30 bytes (the 5 GB part limit is stated as
 * 5 GiB in "Amazon S3 multipart upload limits").
 */
export const S3_COPY_OBJECT_MAX_BYTES = 5 * 1024 ** 3;

/** Parts of a multipart copy: 512 MiB, or larger when 10,000 parts would not hold the object ("multipart upload limits"). */
const PART_BYTES = 512 * 1024 ** 2;
const MAX_PARTS = 10_000;

/** Where one registry and the environment's log bucket are, and the keys their bucket policies require. */
export interface S3RegistryStoreProps {
  readonly client: S3Like;
  /** The registry bucket (`incoming/` and `approved/`). */
  readonly bucket: string;
  /** The registry's KMS key ARN: the bucket policy denies PutObject (CopyObject too) under any other key. */
  readonly kmsKeyArn: string;
  /** The environment's log bucket, where decision records go. */
  readonly logBucket: string;
  /** The log bucket's KMS key ARN. */
  readonly logKmsKeyArn: string;
  /**
   * Client for the log bucket when it is in another region than the registry (the evidence
   * account's): an S3 client signs for one region, and S3 answers a request for a bucket of
   * another region with a 301 redirect (S3 API Reference, "Error responses", PermanentRedirect).
   * @default client
   */
  readonly logClient?: S3Like;
  /**
   * Object Lock mode of each approved copy. COMPLIANCE: nobody, root included, shortens or
   * removes it before `retainUntil` (S3 User Guide, "Object Lock retention modes").
   * @default "COMPLIANCE"
   */
  readonly objectLockMode?: ObjectLockMode;
}

function isS3Status(e: unknown, ...statuses: number[]): boolean {
  return e instanceof S3ServiceException && statuses.includes(e.$metadata.httpStatusCode ?? 0);
}

/** `bucket/key?versionId=v`, the key URL-encoded per segment as x-amz-copy-source requires (CopyObject, CopySource). */
function copySource(bucket: string, obj: StoredObject): string {
  return `${bucket}/${obj.key.split("/").map(encodeURIComponent).join("/")}?versionId=${encodeURIComponent(obj.pin)}`;
}

/**
 * The registry on S3: one bucket with `incoming/` and `approved/` (constructs/aws/model-registry.ts),
 * versioned (Object Lock requires it), records in the log bucket.
 */
export class S3RegistryStore implements RegistryStore {
  private readonly client: S3Like;
  private readonly logClient: S3Like;
  private readonly props: S3RegistryStoreProps;
  private readonly lockMode: ObjectLockMode;

  constructor(props: S3RegistryStoreProps) {
    this.client = props.client;
    this.logClient = props.logClient ?? props.client;
    this.props = props;
    this.lockMode = props.objectLockMode ?? "COMPLIANCE";
  }

  /**
   * ListObjectVersions returns each key's versions with `IsLatest`, and delete markers
   * separately (S3 API Reference, ListObjectVersions): the latest version of each key that is
   * not deleted is the live object, and its VersionId is pinned in the same response, with no
   * window between a listing and a HeadObject.
   */
  public async listIncoming(model: string, version: string): Promise<StoredObject[]> {
    const prefix = `${INCOMING_PREFIX}${model}/${version}/`;
    const out: StoredObject[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListObjectVersionsCommand({ Bucket: this.props.bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
      );
      for (const v of page.Versions ?? []) {
        if (v.IsLatest !== true || v.Key === undefined) continue;
        const name = v.Key.slice(prefix.length);
        // A console "folder" is an empty object named with a trailing `/`: not a file of the version.
        if (name === "" || name.endsWith("/")) continue;
        if (v.VersionId === undefined || v.Size === undefined) throw new StoreError("STORE_BAD_RESPONSE", `listing of ${v.Key} has no VersionId or Size`);
        out.push({ name, size: v.Size, key: v.Key, pin: v.VersionId });
      }
      if (page.IsTruncated !== true) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  public reader(objects: readonly StoredObject[]): VersionReader {
    const get = async (name: string, range?: string): Promise<NodeJS.ReadableStream & { transformToByteArray(): Promise<Uint8Array> }> => {
      const obj = pinnedObject(objects, name);
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.props.bucket, Key: obj.key, VersionId: obj.pin, Range: range }));
      if (res.Body === undefined) throw new StoreError("STORE_BAD_RESPONSE", `GetObject ${obj.key} returned no body`);
      return res.Body as unknown as NodeJS.ReadableStream & { transformToByteArray(): Promise<Uint8Array> };
    };
    return {
      open: (name) => lazyReadable(() => get(name)),
      source: async (name, size) => {
        pinnedObject(objects, name);
        // Range is inclusive at both ends (RFC 9110 §14.1.2, S3 GetObject Range).
        return rangedSource(name, size, async (offset, end) => Buffer.from(await (await get(name, `bytes=${offset}-${end - 1}`)).transformToByteArray()));
      },
    };
  }

  /**
   * Object tags are per version (GetObjectTagging takes VersionId): the tags of the version
   * checked. GuardDuty's scan tag is the scanner's, not the publisher's lineage: it is left out
   * (the malware-scan check records it).
   */
  public async lineage(signature: StoredObject | undefined): Promise<Record<string, string>> {
    if (signature === undefined) return {};
    return Object.fromEntries(Object.entries(await this.tags(signature)).filter(([k]) => k !== GUARDDUTY_SCAN_TAG));
  }

  /**
   * GuardDuty tags the object version it scanned (a new version is a new scan: GuardDuty
   * "Supportability of Amazon S3 features", S3 versioning), so the result is read with the
   * pinned VersionId: a clean tag on a later overwrite never vouches for the bytes checked.
   * The gate's role has s3:GetObjectVersionTagging on incoming/ (modules/ai-supply-chain-aws.ts
   * gateGrants, ReadIncoming), which GetObjectTagging with a VersionId requires.
   */
  public malwareScans(objects: readonly StoredObject[]): MalwareScanReader {
    return {
      scanner: "GuardDuty Malware Protection for S3",
      results: (names) =>
        readEach(names, async (name) => {
          const value = (await this.tags(pinnedObject(objects, name)))[GUARDDUTY_SCAN_TAG];
          return value === undefined ? undefined : guardDutyResult(value);
        }),
    };
  }

  private async tags(obj: StoredObject): Promise<Record<string, string>> {
    const res = await this.client.send(new GetObjectTaggingCommand({ Bucket: this.props.bucket, Key: obj.key, VersionId: obj.pin }));
    const out: Record<string, string> = {};
    for (const t of res.TagSet ?? []) if (t.Key !== undefined && t.Value !== undefined) out[t.Key] = t.Value;
    return out;
  }

  public async listApproved(model: string, version: string): Promise<ApprovedObject[]> {
    const prefix = `${APPROVED_PREFIX}${model}/${version}/`;
    const keys: string[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.props.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
      if (page.IsTruncated !== true) break;
      token = page.NextContinuationToken;
    }
    const out: ApprovedObject[] = [];
    for (const key of keys) {
      const digest = (await this.headApproved(key))?.digest;
      out.push({ name: key.slice(prefix.length), ...(digest === undefined ? {} : { inputDigest: digest }) });
    }
    return out;
  }

  /**
   * CopyObject with `IfNoneMatch: "*"`: S3 "Copies the object only if the object key name at
   * the destination does not already exist ... Otherwise, Amazon S3 returns a 412 Precondition
   * Failed" (S3 API Reference, CopyObject, If-None-Match; CopyObjectRequest.IfNoneMatch in
   * @aws-sdk/client-s3 3.1164.0), so no HeadObject-then-copy race. Over 5 GB the copy is
   * multipart, and CompleteMultipartUpload takes the same If-None-Match (S3 User Guide,
   * "Conditional writes"). MetadataDirective REPLACE: the copy carries only the gate's metadata,
   * not the publisher's; tags are not copied either (TaggingDirective REPLACE, no tags), the
   * lineage lives in the decision record. Object Lock mode and retain-until date go on the copy
   * itself; the bucket has no default retention (constructs/aws/model-registry.ts).
   */
  public async copyToApproved(model: string, version: string, obj: StoredObject, options: ApprovedCopyOptions): Promise<CopyOutcome> {
    const key = `${APPROVED_PREFIX}${model}/${version}/${obj.name}`;
    const common = {
      Bucket: this.props.bucket,
      Key: key,
      ObjectLockMode: this.lockMode,
      ObjectLockRetainUntilDate: options.retainUntil,
      ServerSideEncryption: "aws:kms" as const,
      SSEKMSKeyId: this.props.kmsKeyArn,
      Metadata: { [INPUT_DIGEST_METADATA]: options.inputDigest },
    };
    try {
      if (obj.size > S3_COPY_OBJECT_MAX_BYTES) {
        // A multipart copy of many GB is not started when the object is there already; the
        // If-None-Match on completion still decides a race.
        if ((await this.headApproved(key)) !== undefined) return this.existing(key, options.inputDigest);
        await this.multipartCopy(obj, common);
      } else {
        await this.client.send(
          new CopyObjectCommand({
            ...common,
            CopySource: copySource(this.props.bucket, obj),
            MetadataDirective: "REPLACE",
            TaggingDirective: "REPLACE",
            IfNoneMatch: "*",
          }),
        );
      }
      return "copied";
    } catch (e) {
      if (isS3Status(e, 412)) return this.existing(key, options.inputDigest);
      throw e;
    }
  }

  private async multipartCopy(
    obj: StoredObject,
    common: { Bucket: string; Key: string; ObjectLockMode: ObjectLockMode; ObjectLockRetainUntilDate: Date; ServerSideEncryption: "aws:kms"; SSEKMSKeyId: string; Metadata: Record<string, string> },
  ): Promise<void> {
    const created = await this.client.send(new CreateMultipartUploadCommand(common));
    const uploadId = created.UploadId;
    if (uploadId === undefined) throw new StoreError("STORE_BAD_RESPONSE", `CreateMultipartUpload ${common.Key} returned no UploadId`);
    try {
      const partBytes = Math.max(PART_BYTES, Math.ceil(obj.size / MAX_PARTS));
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let start = 0, n = 1; start < obj.size; start += partBytes, n++) {
        const end = Math.min(obj.size, start + partBytes) - 1;
        const res = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: common.Bucket, Key: common.Key, UploadId: uploadId, PartNumber: n,
            CopySource: copySource(this.props.bucket, obj), CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        const etag = res.CopyPartResult?.ETag;
        if (etag === undefined) throw new StoreError("STORE_BAD_RESPONSE", `UploadPartCopy ${common.Key} part ${n} returned no ETag`);
        parts.push({ ETag: etag, PartNumber: n });
      }
      await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: common.Bucket, Key: common.Key, UploadId: uploadId, MultipartUpload: { Parts: parts }, IfNoneMatch: "*" }),
      );
    } catch (e) {
      // An abandoned upload's parts are billed until aborted (the bucket's lifecycle also aborts them).
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: common.Bucket, Key: common.Key, UploadId: uploadId })).catch(() => undefined);
      throw e;
    }
  }

  /** The approved object's metadata, or undefined when there is no object at `key`. */
  private async headApproved(key: string): Promise<{ digest?: string } | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.props.bucket, Key: key }));
      const digest = head.Metadata?.[INPUT_DIGEST_METADATA];
      return digest === undefined ? {} : { digest };
    } catch (e) {
      if (isS3Status(e, 404)) return undefined;
      throw e;
    }
  }

  private async existing(key: string, inputDigest: string): Promise<CopyOutcome> {
    const found = (await this.headApproved(key))?.digest;
    if (found === inputDigest) return "exists";
    throw new StoreError("STORE_APPROVED_CONFLICT", `s3://${this.props.bucket}/${key} already exists from ${found === undefined ? "no gate input" : `input ${found}`}`);
  }

  public async readRecord(key: string): Promise<Buffer | undefined> {
    try {
      const res = await this.logClient.send(new GetObjectCommand({ Bucket: this.props.logBucket, Key: key }));
      if (res.Body === undefined) return undefined;
      return await collect(res.Body as unknown as NodeJS.ReadableStream);
    } catch (e) {
      if (isS3Status(e, 404)) return undefined;
      throw e;
    }
  }

  /**
   * PutObject with `IfNoneMatch: "*"` writes only if no object has the key, else 412 (S3 User
   * Guide, "Add preconditions to S3 operations with conditional requests", conditional writes);
   * SSE-KMS with the log bucket's key, which that bucket's policy requires.
   */
  public async writeRecord(key: string, bytes: Buffer): Promise<WriteOutcome> {
    try {
      await this.logClient.send(
        new PutObjectCommand({
          Bucket: this.props.logBucket, Key: key, Body: bytes, ContentType: DECISION_RECORD_MEDIA_TYPE, IfNoneMatch: "*",
          ServerSideEncryption: "aws:kms", SSEKMSKeyId: this.props.logKmsKeyArn,
        }),
      );
      return "written";
    } catch (e) {
      if (isS3Status(e, 412)) return "exists";
      throw e;
    }
  }

  public incomingUri(model: string, version: string): string {
    return `s3://${this.props.bucket}/${INCOMING_PREFIX}${model}/${version}/`;
  }

  public objectUri(model: string, version: string, name: string): string {
    return `s3://${this.props.bucket}/${INCOMING_PREFIX}${model}/${version}/${name}`;
  }
}
