import { ContainerClient } from "@azure/storage-blob";
import { runGate } from "../../../../functions/promotion-gate/run-gate";
import { StoreError } from "../../../../functions/promotion-gate/storage/registry-store";
import { AzureBlobRegistryStore, AzureContainerLike } from "../../../../functions/promotion-gate/storage/azure-blob-store";
import { AZURE_ACCOUNT_URL, AZURE_LOG_URL, azureWorld, fakeCredential, FakeAzure } from "./fakes";
import { deps, GOOD_LINEAGE, MODEL, sha256, signedFiles, VERSION } from "./run-helpers";

// Fails to compile if AzureContainerLike drifts from @azure/storage-blob 12.32's ContainerClient.
const realContainerFits: AzureContainerLike = new ContainerClient(`${AZURE_ACCOUNT_URL}/incoming`);

const MIB = 1024 ** 2;

function store(azure: FakeAzure): AzureBlobRegistryStore {
  return new AzureBlobRegistryStore({
    incoming: azure.container(`${AZURE_ACCOUNT_URL}/incoming`),
    approved: azure.container(`${AZURE_ACCOUNT_URL}/approved`),
    log: azure.container(AZURE_LOG_URL),
    credential: fakeCredential(),
  });
}

async function storeCode(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (StoreError.isStoreError(e)) return e.code;
    throw e;
  }
  throw new Error("expected a StoreError");
}

describe("AzureBlobRegistryStore", () => {
  it("is typed against the real ContainerClient", () => {
    expect(realContainerFits.url).toBe("https://stregfraud.blob.core.windows.net/incoming");
  });

  it("copies the pinned version into approved create-only with the gate's metadata and its own bearer token, and uploads the record create-only", async () => {
    const world = azureWorld();
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    const digest = sha256(files["model.sig"]!);
    await runGate({ model: MODEL, version: VERSION }, deps(world.store));

    expect(world.azure.copyCalls.map((c) => c.method)).toEqual(["syncCopyFromURL", "syncCopyFromURL", "syncCopyFromURL", "syncCopyFromURL"]);
    expect(world.azure.copyCalls[3]).toEqual({
      method: "syncCopyFromURL",
      target: "https://stregfraud.blob.core.windows.net/approved/scorer/1.0.0/model.safetensors",
      source: "https://stregfraud.blob.core.windows.net/incoming/scorer/1.0.0/model.safetensors?versionid=v1",
      options: {
        metadata: { gate_input_sha256: digest },
        conditions: { ifNoneMatch: "*" },
        sourceAuthorization: { scheme: "Bearer", value: "gate-token" },
      },
    });
    expect(world.credential.scopes).toEqual(["https://storage.azure.com/.default", "https://storage.azure.com/.default", "https://storage.azure.com/.default", "https://storage.azure.com/.default"]);
    expect(world.azure.uploadCalls).toEqual([{
      target: `https://stlogsprod.blob.core.windows.net/audit/provenance/fraud-scoring/scorer/1.0.0/${digest}.dsse.json`,
      options: { conditions: { ifNoneMatch: "*" }, blobHTTPHeaders: { blobContentType: "application/vnd.in-toto.verification_summary+dsse" } },
    }]);
  });

  it("copies a blob over 256 MiB with Copy Blob, polled, create-only", async () => {
    const azure = new FakeAzure();
    const s = store(azure);
    azure.space(`${AZURE_ACCOUNT_URL}/incoming`).put("m/v/big.bin", { size: 256 * MIB + 1 });
    azure.space(`${AZURE_ACCOUNT_URL}/incoming`).put("m/v/edge.bin", { size: 256 * MIB });
    const objects = await s.listIncoming("m", "v");
    const options = { retainUntil: new Date("2027-01-01T00:00:00Z"), inputDigest: "d".repeat(64) };
    for (const o of objects) expect(await s.copyToApproved("m", "v", o, options)).toBe("copied");
    expect(azure.copyCalls).toEqual([
      {
        method: "beginCopyFromURL",
        target: "https://stregfraud.blob.core.windows.net/approved/m/v/big.bin",
        source: "https://stregfraud.blob.core.windows.net/incoming/m/v/big.bin?versionid=v1",
        options: { metadata: { gate_input_sha256: "d".repeat(64) }, conditions: { ifNoneMatch: "*" } },
      },
      {
        method: "syncCopyFromURL",
        target: "https://stregfraud.blob.core.windows.net/approved/m/v/edge.bin",
        source: "https://stregfraud.blob.core.windows.net/incoming/m/v/edge.bin?versionid=v2",
        options: { metadata: { gate_input_sha256: "d".repeat(64) }, conditions: { ifNoneMatch: "*" }, sourceAuthorization: { scheme: "Bearer", value: "gate-token" } },
      },
    ]);
  });

  it("lists the current version of each blob with its versionId, and reads that version by range", async () => {
    const azure = new FakeAzure();
    const s = store(azure);
    const incoming = azure.space(`${AZURE_ACCOUNT_URL}/incoming`);
    incoming.put("m/v/a.bin", Buffer.from("old"));
    incoming.put("m/v/a.bin", Buffer.from("0123456789"));
    incoming.put("m/v2/b.bin", Buffer.from("b"));
    const objects = await s.listIncoming("m", "v");
    expect(objects).toEqual([{ name: "a.bin", size: 10, key: "m/v/a.bin", pin: "v2" }]);
    incoming.put("m/v/a.bin", Buffer.from("overwritten"));
    const source = await s.reader(objects).source("a.bin", 10);
    expect((await source.read(2, 3)).toString()).toBe("234");
    expect((await source.read(8, 100)).toString()).toBe("89");
    expect(await storeCode(() => s.reader(objects).source("zz", 1))).toBe("STORE_UNKNOWN_OBJECT");
  });

  it("reads lineage from the blob index tags of the pinned model.sig version", async () => {
    const azure = new FakeAzure();
    const s = store(azure);
    azure.space(`${AZURE_ACCOUNT_URL}/incoming`).put("m/v/model.sig", Buffer.from("sig"), {}, { "source-commit": "a".repeat(40) });
    const objects = await s.listIncoming("m", "v");
    azure.space(`${AZURE_ACCOUNT_URL}/incoming`).put("m/v/model.sig", Buffer.from("sig2"), {}, { "source-commit": "b".repeat(40) });
    expect(await s.lineage(objects[0])).toEqual({ "source-commit": "a".repeat(40) });
  });

  it("answers exists for its own earlier copy and STORE_APPROVED_CONFLICT for another input's", async () => {
    const azure = new FakeAzure();
    const s = store(azure);
    azure.space(`${AZURE_ACCOUNT_URL}/incoming`).put("m/v/a.bin", Buffer.from("a"));
    azure.space(`${AZURE_ACCOUNT_URL}/approved`).put("m/v/a.bin", Buffer.from("a"), { gate_input_sha256: "d".repeat(64) });
    const [obj] = await s.listIncoming("m", "v");
    const options = { retainUntil: new Date("2027-01-01T00:00:00Z"), inputDigest: "d".repeat(64) };
    expect(await s.copyToApproved("m", "v", obj!, options)).toBe("exists");
    expect(await storeCode(() => s.copyToApproved("m", "v", obj!, { ...options, inputDigest: "e".repeat(64) }))).toBe("STORE_APPROVED_CONFLICT");
    expect(await s.listApproved("m", "v")).toEqual([{ name: "a.bin", inputDigest: "d".repeat(64) }]);
  });

  it("refuses a listing entry without a versionId: STORE_BAD_RESPONSE", async () => {
    const container: AzureContainerLike = {
      url: `${AZURE_ACCOUNT_URL}/incoming`,
      getBlobClient: () => { throw new Error("unused"); },
      listBlobsFlat: async function* () {
        yield { name: "m/v/a.bin", deleted: false, snapshot: "", isCurrentVersion: true, properties: { lastModified: new Date(0), etag: '"e"', contentLength: 1 } };
      },
    };
    const s = new AzureBlobRegistryStore({ incoming: container, approved: container, log: container, credential: fakeCredential() });
    expect(await storeCode(() => s.listIncoming("m", "v"))).toBe("STORE_BAD_RESPONSE");
  });

  it("reads no record where there is none, and writes a record only once", async () => {
    const s = store(new FakeAzure());
    expect(await s.readRecord("provenance/x.dsse.json")).toBeUndefined();
    expect(await s.writeRecord("provenance/x.dsse.json", Buffer.from("one"))).toBe("written");
    expect(await s.writeRecord("provenance/x.dsse.json", Buffer.from("two"))).toBe("exists");
    expect((await s.readRecord("provenance/x.dsse.json"))?.toString()).toBe("one");
  });

  it("names the version folder and its objects by their blob URLs", () => {
    const s = store(new FakeAzure());
    expect(s.incomingUri("m", "v")).toBe("https://stregfraud.blob.core.windows.net/incoming/m/v/");
    expect(s.objectUri("m", "v", "model.sig")).toBe("https://stregfraud.blob.core.windows.net/incoming/m/v/model.sig");
  });
});
