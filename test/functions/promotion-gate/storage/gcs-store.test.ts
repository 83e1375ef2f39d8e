import { Storage } from "@google-cloud/storage";
import { runGate } from "../../../../functions/promotion-gate/run-gate";
import { StoreError } from "../../../../functions/promotion-gate/storage/registry-store";
import { GcsRegistryStore, GcsStorageLike } from "../../../../functions/promotion-gate/storage/gcs-store";
import { FakeGcs, GCS_PROPS, gcsWorld } from "./fakes";
import { deps, GOOD_LINEAGE, MODEL, sha256, signedFiles, VERSION } from "./run-helpers";

// Fails to compile if GcsStorageLike drifts from @google-cloud/storage 7.22's Storage.
const realStorageFits: GcsStorageLike = new Storage({ projectId: "example" });

async function storeCode(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (StoreError.isStoreError(e)) return e.code;
    throw e;
  }
  throw new Error("expected a StoreError");
}

describe("GcsRegistryStore", () => {
  it("is typed against the real Storage client", () => {
    expect(typeof realStorageFits.bucket).toBe("function");
  });

  it("rewrites the pinned generation create-only with a Locked retention and the gate's metadata, and saves the record create-only", async () => {
    const world = gcsWorld();
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    const digest = sha256(files["model.sig"]!);
    await runGate({ model: MODEL, version: VERSION }, deps(world.store));

    expect(world.gcs.copyCalls.map((c) => [c.source, c.generation, c.destination])).toEqual([
      ["incoming/scorer/1.0.0/model.sig", "4", "approved/scorer/1.0.0/model.sig"],
      ["incoming/scorer/1.0.0/config.json", "2", "approved/scorer/1.0.0/config.json"],
      ["incoming/scorer/1.0.0/eval/report.json", "3", "approved/scorer/1.0.0/eval/report.json"],
      ["incoming/scorer/1.0.0/model.safetensors", "1", "approved/scorer/1.0.0/model.safetensors"],
    ]);
    expect(world.gcs.copyCalls[3]?.options).toEqual({
      metadata: { "gate-input-sha256": digest },
      retention: { mode: "Locked", retainUntilTime: "2027-12-02T06:00:00.000Z" },
      preconditionOpts: { ifGenerationMatch: 0 },
    });
    expect(world.gcs.setMetadataCalls).toEqual([]);
    expect(world.gcs.space("fraud-scoring-registry").current("approved/scorer/1.0.0/model.safetensors")?.extra).toEqual({
      retention: { mode: "Locked", retainUntilTime: "2027-12-02T06:00:00.000Z" },
    });
    expect(world.gcs.saveCalls).toEqual([{
      name: `provenance/fraud-scoring/scorer/1.0.0/${digest}.dsse.json`,
      options: { contentType: "application/vnd.in-toto.verification_summary+dsse", resumable: false, preconditionOpts: { ifGenerationMatch: 0 } },
    }]);
    expect(world.gcs.space("prod-logs").list("")).toEqual([`provenance/fraud-scoring/scorer/1.0.0/${digest}.dsse.json`]);
  });

  it("locks a copy by a metadata patch when the rewrite did not apply the retention", async () => {
    const gcs = new FakeGcs();
    gcs.dropRetentionOnCopy = true;
    const store = new GcsRegistryStore({ storage: gcs, ...GCS_PROPS });
    gcs.space(GCS_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("a"));
    const [obj] = await store.listIncoming("m", "v");
    expect(await store.copyToApproved("m", "v", obj!, { retainUntil: new Date("2027-01-01T00:00:00Z"), inputDigest: "d".repeat(64) })).toBe("copied");
    expect(gcs.setMetadataCalls).toEqual([
      { name: "approved/m/v/a.bin", metadata: { retention: { mode: "Locked", retainUntilTime: "2027-01-01T00:00:00.000Z" } } },
    ]);
  });

  it("locks its own earlier copy that a crash left without retention", async () => {
    const gcs = new FakeGcs();
    const store = new GcsRegistryStore({ storage: gcs, ...GCS_PROPS });
    gcs.space(GCS_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("a"));
    gcs.space(GCS_PROPS.bucket).put("approved/m/v/a.bin", Buffer.from("a"), { "gate-input-sha256": "d".repeat(64) });
    const [obj] = await store.listIncoming("m", "v");
    expect(await store.copyToApproved("m", "v", obj!, { retainUntil: new Date("2027-01-01T00:00:00Z"), inputDigest: "d".repeat(64) })).toBe("exists");
    expect(gcs.setMetadataCalls).toEqual([
      { name: "approved/m/v/a.bin", metadata: { retention: { mode: "Locked", retainUntilTime: "2027-01-01T00:00:00.000Z" } } },
    ]);
  });

  it("reads lineage from the custom metadata of the pinned model.sig generation", async () => {
    const gcs = new FakeGcs();
    const store = new GcsRegistryStore({ storage: gcs, ...GCS_PROPS });
    gcs.space(GCS_PROPS.bucket).put("incoming/m/v/model.sig", Buffer.from("sig"), { "source-commit": "a".repeat(40) });
    const objects = await store.listIncoming("m", "v");
    gcs.space(GCS_PROPS.bucket).put("incoming/m/v/model.sig", Buffer.from("sig2"), { "source-commit": "b".repeat(40) });
    expect(await store.lineage(objects[0])).toEqual({ "source-commit": "a".repeat(40) });
    expect(await store.lineage(undefined)).toEqual({});
  });

  it("lists live objects with their generation, skipping folder markers and other versions", async () => {
    const gcs = new FakeGcs();
    const store = new GcsRegistryStore({ storage: gcs, ...GCS_PROPS });
    const b = gcs.space(GCS_PROPS.bucket);
    b.put("incoming/m/v/", Buffer.alloc(0));
    b.put("incoming/m/v/a.bin", Buffer.from("abc"));
    b.put("incoming/m/v2/b.bin", Buffer.from("b"));
    expect(await store.listIncoming("m", "v")).toEqual([{ name: "a.bin", size: 3, key: "incoming/m/v/a.bin", pin: "2" }]);
  });

  it("reads the pinned generation by inclusive ranges", async () => {
    const gcs = new FakeGcs();
    const store = new GcsRegistryStore({ storage: gcs, ...GCS_PROPS });
    gcs.space(GCS_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("0123456789"));
    const objects = await store.listIncoming("m", "v");
    gcs.space(GCS_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("overwritten!"));
    const source = await store.reader(objects).source("a.bin", 10);
    expect((await source.read(2, 3)).toString()).toBe("234");
    expect((await source.read(8, 100)).toString()).toBe("89");
    expect((await source.read(12, 1)).length).toBe(0);
    expect(await storeCode(() => store.reader(objects).source("zz", 1))).toBe("STORE_UNKNOWN_OBJECT");
  });

  it("refuses a listing entry without a generation: STORE_BAD_RESPONSE", async () => {
    const storage: GcsStorageLike = {
      bucket: () => ({
        file: () => { throw new Error("unused"); },
        getFiles: async () => [[{ name: "incoming/m/v/a.bin", metadata: { size: "1" } } as never]],
      }),
    };
    const store = new GcsRegistryStore({ storage, ...GCS_PROPS });
    expect(await storeCode(() => store.listIncoming("m", "v"))).toBe("STORE_BAD_RESPONSE");
  });

  it("answers exists for its own earlier copy and STORE_APPROVED_CONFLICT for another input's", async () => {
    const gcs = new FakeGcs();
    const store = new GcsRegistryStore({ storage: gcs, ...GCS_PROPS });
    gcs.space(GCS_PROPS.bucket).put("incoming/m/v/a.bin", Buffer.from("a"));
    gcs.space(GCS_PROPS.bucket).put("approved/m/v/a.bin", Buffer.from("a"), { "gate-input-sha256": "d".repeat(64) });
    const [obj] = await store.listIncoming("m", "v");
    const options = { retainUntil: new Date("2027-01-01T00:00:00Z"), inputDigest: "d".repeat(64) };
    expect(await store.copyToApproved("m", "v", obj!, options)).toBe("exists");
    expect(await storeCode(() => store.copyToApproved("m", "v", obj!, { ...options, inputDigest: "e".repeat(64) }))).toBe("STORE_APPROVED_CONFLICT");
    expect(await store.listApproved("m", "v")).toEqual([{ name: "a.bin", inputDigest: "d".repeat(64) }]);
  });

  it("reads no record where there is none, and writes a record only once", async () => {
    const gcs = new FakeGcs();
    const store = new GcsRegistryStore({ storage: gcs, ...GCS_PROPS });
    expect(await store.readRecord("provenance/x.dsse.json")).toBeUndefined();
    expect(await store.writeRecord("provenance/x.dsse.json", Buffer.from("one"))).toBe("written");
    expect(await store.writeRecord("provenance/x.dsse.json", Buffer.from("two"))).toBe("exists");
    expect((await store.readRecord("provenance/x.dsse.json"))?.toString()).toBe("one");
  });

  it("names the version folder and its objects as gs:// URIs", () => {
    const store = new GcsRegistryStore({ storage: new FakeGcs(), ...GCS_PROPS });
    expect(store.incomingUri("m", "v")).toBe("gs://fraud-scoring-registry/incoming/m/v/");
    expect(store.objectUri("m", "v", "model.sig")).toBe("gs://fraud-scoring-registry/incoming/m/v/model.sig");
  });
});
