import { CopyObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { runGate } from "../../../../functions/promotion-gate/run-gate";
import { StoreError } from "../../../../functions/promotion-gate/storage/registry-store";
import { S3Like, S3RegistryStore } from "../../../../functions/promotion-gate/storage/s3-store";
import { FakeS3, S3_PROPS, s3World } from "./fakes";
import { deps, GOOD_LINEAGE, MODEL, sha256, signedFiles, VERSION } from "./run-helpers";

const REGISTRY_KEY = "arn:aws:kms:eu-west-1:222222222222:key/11111111-2222-3333-4444-555555555555";
const LOG_KEY = "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000";
const RETAIN_UNTIL = new Date("2027-12-02T06:00:00.000Z");
const GIB = 1024 ** 3;

// The real client is what the adapter is typed against: this line fails to compile if S3Like drifts from it.
const realClientFits: S3Like = new S3Client({ region: "eu-west-1" });

async function storeCode(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (StoreError.isStoreError(e)) return e.code;
    throw e;
  }
  throw new Error("expected a StoreError");
}

function inputsOf(s3: FakeS3, command: string): unknown[] {
  return s3.calls.filter((c) => c.command === command).map((c) => c.input);
}

describe("S3RegistryStore", () => {
  it("is typed against the real S3Client", () => {
    expect(typeof realClientFits.send).toBe("function");
  });

  it("copies with COMPLIANCE Object Lock, the retain-until date, SSE-KMS with the registry key, the gate's metadata only, create-only", async () => {
    const world = s3World();
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    const digest = sha256(files["model.sig"]!);
    await runGate({ model: MODEL, version: VERSION }, deps(world.store));

    const copies = inputsOf(world.s3, "CopyObjectCommand") as CopyObjectCommandInput[];
    expect(copies.map((c) => c.Key)).toEqual([
      "approved/scorer/1.0.0/model.sig", "approved/scorer/1.0.0/config.json", "approved/scorer/1.0.0/eval/report.json", "approved/scorer/1.0.0/model.safetensors",
    ]);
    // Uploaded in the order model.safetensors, config.json, eval/report.json, model.sig: versions v1..v4.
    expect(copies[3]).toEqual({
      Bucket: "fraud-scoring-registry",
      Key: "approved/scorer/1.0.0/model.safetensors",
      CopySource: "fraud-scoring-registry/incoming/scorer/1.0.0/model.safetensors?versionId=v1",
      ObjectLockMode: "COMPLIANCE",
      ObjectLockRetainUntilDate: RETAIN_UNTIL,
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: REGISTRY_KEY,
      Metadata: { "gate-input-sha256": digest },
      MetadataDirective: "REPLACE",
      TaggingDirective: "REPLACE",
      IfNoneMatch: "*",
    });
    expect(copies[2]?.CopySource).toBe("fraud-scoring-registry/incoming/scorer/1.0.0/eval/report.json?versionId=v3");
    expect(inputsOf(world.s3, "PutObjectCommand")).toEqual([{
      Bucket: "prod-logs",
      Key: `provenance/fraud-scoring/scorer/1.0.0/${digest}.dsse.json`,
      Body: expect.any(Buffer),
      ContentType: "application/vnd.in-toto.verification_summary+dsse",
      IfNoneMatch: "*",
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: LOG_KEY,
    }]);
    expect(inputsOf(world.s3, "GetObjectTaggingCommand")).toEqual([
      { Bucket: "fraud-scoring-registry", Key: "incoming/scorer/1.0.0/model.sig", VersionId: "v4" },
    ]);
  });

  it("takes the lock mode from its props", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS, objectLockMode: "GOVERNANCE" });
    s3.bucket(S3_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("a"));
    const [obj] = await store.listIncoming("m", "v");
    await store.copyToApproved("m", "v", obj!, { retainUntil: RETAIN_UNTIL, inputDigest: "d".repeat(64) });
    expect((inputsOf(s3, "CopyObjectCommand")[0] as CopyObjectCommandInput).ObjectLockMode).toBe("GOVERNANCE");
  });

  it("copies an object over 5 GiB by multipart copy with the same lock, SSE and metadata, 512 MiB parts, completion create-only", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    s3.bucket(S3_PROPS.bucket).put("incoming/m/v/big.safetensors", { size: 6 * GIB });
    const [obj] = await store.listIncoming("m", "v");
    expect(await store.copyToApproved("m", "v", obj!, { retainUntil: RETAIN_UNTIL, inputDigest: "d".repeat(64) })).toBe("copied");

    expect(inputsOf(s3, "CopyObjectCommand")).toEqual([]);
    expect(inputsOf(s3, "CreateMultipartUploadCommand")).toEqual([{
      Bucket: "fraud-scoring-registry",
      Key: "approved/m/v/big.safetensors",
      ObjectLockMode: "COMPLIANCE",
      ObjectLockRetainUntilDate: RETAIN_UNTIL,
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: REGISTRY_KEY,
      Metadata: { "gate-input-sha256": "d".repeat(64) },
    }]);
    const parts = inputsOf(s3, "UploadPartCopyCommand") as { PartNumber: number; CopySourceRange: string; CopySource: string }[];
    expect(parts).toHaveLength(12);
    expect(parts[0]).toEqual({
      Bucket: "fraud-scoring-registry", Key: "approved/m/v/big.safetensors", UploadId: "upload-1", PartNumber: 1,
      CopySource: "fraud-scoring-registry/incoming/m/v/big.safetensors?versionId=v1", CopySourceRange: "bytes=0-536870911",
    });
    expect(parts[11]?.CopySourceRange).toBe("bytes=5905580032-6442450943");
    expect(inputsOf(s3, "CompleteMultipartUploadCommand")).toEqual([{
      Bucket: "fraud-scoring-registry", Key: "approved/m/v/big.safetensors", UploadId: "upload-1", IfNoneMatch: "*",
      MultipartUpload: { Parts: Array.from({ length: 12 }, (_, i) => ({ ETag: `"part-${i + 1}"`, PartNumber: i + 1 })) },
    }]);
    expect(s3.bucket(S3_PROPS.bucket).current("approved/m/v/big.safetensors")?.size).toBe(6 * GIB);
  });

  it("uses CopyObject up to exactly 5 GiB", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    s3.bucket(S3_PROPS.bucket).put("incoming/m/v/edge.bin", { size: 5 * GIB });
    const [obj] = await store.listIncoming("m", "v");
    await store.copyToApproved("m", "v", obj!, { retainUntil: RETAIN_UNTIL, inputDigest: "d".repeat(64) });
    expect(inputsOf(s3, "CopyObjectCommand")).toHaveLength(1);
    expect(inputsOf(s3, "CreateMultipartUploadCommand")).toEqual([]);
  });

  it("does not start a multipart copy when the object is already there from the same input", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    s3.bucket(S3_PROPS.bucket).put("incoming/m/v/big.bin", { size: 6 * GIB });
    s3.bucket(S3_PROPS.bucket).put("approved/m/v/big.bin", { size: 6 * GIB }, { "gate-input-sha256": "d".repeat(64) });
    const [obj] = await store.listIncoming("m", "v");
    expect(await store.copyToApproved("m", "v", obj!, { retainUntil: RETAIN_UNTIL, inputDigest: "d".repeat(64) })).toBe("exists");
    expect(inputsOf(s3, "CreateMultipartUploadCommand")).toEqual([]);
  });

  it("aborts a multipart copy that fails part-way", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    s3.bucket(S3_PROPS.bucket).put("incoming/m/v/big.bin", { size: 6 * GIB });
    const [obj] = await store.listIncoming("m", "v");
    s3.copyBudget = 0;
    await expect(store.copyToApproved("m", "v", obj!, { retainUntil: RETAIN_UNTIL, inputDigest: "d".repeat(64) })).rejects.toThrow("fake: crash during copy");
    expect(inputsOf(s3, "AbortMultipartUploadCommand")).toEqual([{ Bucket: "fraud-scoring-registry", Key: "approved/m/v/big.bin", UploadId: "upload-1" }]);
  });

  it("lists the latest version of each key across pages, skipping deleted keys and folder markers", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    const b = s3.bucket(S3_PROPS.bucket);
    b.put("incoming/m/v/", Buffer.alloc(0));
    b.put("incoming/m/v/a.bin", Buffer.from("old"));
    b.put("incoming/m/v/a.bin", Buffer.from("newer"));
    b.put("incoming/m/v/gone.bin", Buffer.from("x"));
    b.put("incoming/m/v/gone.bin", { size: 0 }, {}, {}, { deleteMarker: true });
    b.put("incoming/m/v/z/c.bin", Buffer.from("c"));
    b.put("incoming/m/v2/other.bin", Buffer.from("o"));
    expect(await store.listIncoming("m", "v")).toEqual([
      { name: "a.bin", size: 5, key: "incoming/m/v/a.bin", pin: "v3" },
      { name: "z/c.bin", size: 1, key: "incoming/m/v/z/c.bin", pin: "v6" },
    ]);
    expect(inputsOf(s3, "ListObjectVersionsCommand").length).toBeGreaterThan(1);
  });

  it("refuses a listing entry without a VersionId: STORE_BAD_RESPONSE", async () => {
    const client = { send: async () => ({ Versions: [{ Key: "incoming/m/v/a.bin", IsLatest: true, Size: 1 }], IsTruncated: false }) } as unknown as S3Like;
    const store = new S3RegistryStore({ client, ...S3_PROPS });
    expect(await storeCode(() => store.listIncoming("m", "v"))).toBe("STORE_BAD_RESPONSE");
  });

  it("reads the pinned version by range, and refuses a name outside the listing: STORE_UNKNOWN_OBJECT", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    s3.bucket(S3_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("0123456789"));
    const objects = await store.listIncoming("m", "v");
    s3.bucket(S3_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("overwritten"));
    const source = await store.reader(objects).source("a.bin", 10);
    expect((await source.read(2, 3)).toString()).toBe("234");
    expect((await source.read(8, 100)).toString()).toBe("89");
    expect((await source.read(10, 5)).length).toBe(0);
    expect(inputsOf(s3, "GetObjectCommand")).toEqual([
      { Bucket: "fraud-scoring-registry", Key: "incoming/m/v/a.bin", VersionId: "v1", Range: "bytes=2-4" },
      { Bucket: "fraud-scoring-registry", Key: "incoming/m/v/a.bin", VersionId: "v1", Range: "bytes=8-9" },
    ]);
    expect(await storeCode(() => store.reader(objects).source("b.bin", 1))).toBe("STORE_UNKNOWN_OBJECT");
  });

  it("throws STORE_APPROVED_CONFLICT when approved/ holds the object from another input, and leaves it", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    s3.bucket(S3_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("new"));
    s3.bucket(S3_PROPS.bucket).put("approved/m/v/a.bin", Buffer.from("old"), { "gate-input-sha256": "e".repeat(64) });
    const [obj] = await store.listIncoming("m", "v");
    expect(await storeCode(() => store.copyToApproved("m", "v", obj!, { retainUntil: RETAIN_UNTIL, inputDigest: "d".repeat(64) }))).toBe("STORE_APPROVED_CONFLICT");
    expect(s3.bucket(S3_PROPS.bucket).current("approved/m/v/a.bin")?.bytes?.toString()).toBe("old");
  });

  it("reports approved objects with their input digest, or none", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    s3.bucket(S3_PROPS.bucket).put("approved/m/v/a.bin", Buffer.from("a"), { "gate-input-sha256": "e".repeat(64) });
    s3.bucket(S3_PROPS.bucket).put("approved/m/v/b.bin", Buffer.from("b"));
    expect(await store.listApproved("m", "v")).toEqual([{ name: "a.bin", inputDigest: "e".repeat(64) }, { name: "b.bin" }]);
  });

  it("reads no record where there is none, and writes a record only once", async () => {
    const s3 = new FakeS3();
    const store = new S3RegistryStore({ client: s3.client(), ...S3_PROPS });
    expect(await store.readRecord("provenance/x.dsse.json")).toBeUndefined();
    expect(await store.writeRecord("provenance/x.dsse.json", Buffer.from("one"))).toBe("written");
    expect(await store.writeRecord("provenance/x.dsse.json", Buffer.from("two"))).toBe("exists");
    expect((await store.readRecord("provenance/x.dsse.json"))?.toString()).toBe("one");
  });

  it("names the version folder and its objects as s3:// URIs", () => {
    const store = new S3RegistryStore({ client: new FakeS3().client(), ...S3_PROPS });
    expect(store.incomingUri("m", "v")).toBe("s3://fraud-scoring-registry/incoming/m/v/");
    expect(store.objectUri("m", "v", "model.sig")).toBe("s3://fraud-scoring-registry/incoming/m/v/model.sig");
  });
});
