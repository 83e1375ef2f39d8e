import { verifyDecisionRecord } from "../../../../functions/promotion-gate/record";
import { GateRunError, runGate } from "../../../../functions/promotion-gate/run-gate";
import { RegistryStore } from "../../../../functions/promotion-gate/storage/registry-store";
import { gatePolicyFromSettings } from "../../../../functions/promotion-gate/gate/policy";
import { FRAUD_SETTINGS, fraudPolicy } from "../gate/gate-fixtures";
import { azureWorld, FakeWorld, gcsWorld, s3World } from "./fakes";
import { ATTESTATION, deps, GOOD_LINEAGE, goodFiles, instantClock, MODEL, sha256, signedFiles, VERSION } from "./run-helpers";

const ALL_COPIED = ["config.json", "eval/report.json", "model.safetensors", "model.sig"];
const RECORD_KEY = (digest: string): string => `provenance/fraud-scoring/scorer/1.0.0/${digest}.dsse.json`;

/** Where each cloud's store says an approved object is, in its conflict message. */
const APPROVED_URI: Record<string, string> = {
  aws: "s3://fraud-scoring-registry/approved/scorer/1.0.0/model.sig",
  gcp: "gs://fraud-scoring-registry/approved/scorer/1.0.0/model.sig",
  azure: "https://stregfraud.blob.core.windows.net/approved/scorer/1.0.0/model.sig",
};

/** A store whose methods can be replaced one at a time, the rest delegated to `store`. */
function wrap(store: RegistryStore, overrides: Partial<RegistryStore>): RegistryStore {
  return Object.assign(Object.create(store) as RegistryStore, overrides);
}

async function gateError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (e instanceof GateRunError) return e.code;
    throw e;
  }
  throw new Error("expected a GateRunError");
}

describe.each<[string, () => FakeWorld]>([
  ["S3", s3World],
  ["GCS", gcsWorld],
  ["Azure Blob", azureWorld],
])("runGate on %s", (_name, makeWorld) => {
  let world: FakeWorld;
  let files: Record<string, Buffer>;
  let digest: string;

  beforeEach(async () => {
    world = makeWorld();
    files = await signedFiles();
    digest = sha256(files["model.sig"]!);
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
  });

  it("accepts a good upload, copies every signed file and model.sig, and writes one PASSED record", async () => {
    const run = await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    expect(run.outcome).toBe("decided");
    expect(run.recordKey).toBe(RECORD_KEY(digest));
    expect(run.decision.accepted).toBe(true);
    expect(run.decision.checks.map((c) => [c.id, c.status])).toEqual([
      ["limits", "passed"], ["signature", "passed"], ["lineage", "passed"], ["evaluation", "passed"], ["serialization", "passed"], ["version", "passed"],
    ]);
    expect(run.decision.checks[5]).toEqual({ id: "version", status: "passed", summary: "approved/scorer/1.0.0/ is empty", reasons: [] });
    const approved = world.approved(MODEL, VERSION);
    expect([...approved.keys()]).toEqual(ALL_COPIED);
    for (const name of ALL_COPIED) expect(approved.get(name)).toEqual(files[name]);
    expect(world.counts).toEqual({ copies: 4, recordWrites: 1 });
    expect(world.recordKeys()).toEqual([RECORD_KEY(digest)]);
    const record = verifyDecisionRecord((await world.store.readRecord(RECORD_KEY(digest)))!, ATTESTATION.publicPem);
    expect([record.result, record.registry, record.model, record.version, record.signatureSha256]).toEqual(["PASSED", "fraud-scoring", "scorer", "1.0.0", digest]);
  });

  it("answers a replayed event with the recorded decision: no second copy, no second record", async () => {
    const first = await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    const second = await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    expect(second.outcome).toBe("replayed");
    expect(second.recordKey).toBe(first.recordKey);
    expect(second.decision).toEqual(first.decision);
    expect(world.counts).toEqual({ copies: 4, recordWrites: 1 });
    expect(world.recordKeys()).toEqual([RECORD_KEY(digest)]);
  });

  it("rejects a second upload to an approved version with GATE_VERSION_APPROVED, overwrites nothing, and records the rejection", async () => {
    await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    const other = await signedFiles({ ...goodFiles(), "config.json": Buffer.from('{"architectures":["Other"]}') });
    world.upload(MODEL, VERSION, other, GOOD_LINEAGE);
    const otherDigest = sha256(other["model.sig"]!);

    const run = await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    expect(run.outcome).toBe("decided");
    expect(run.decision.accepted).toBe(false);
    expect(run.decision.checks.slice(0, 5).map((c) => c.status)).toEqual(["passed", "passed", "passed", "passed", "passed"]);
    expect(run.decision.checks[5]).toEqual({
      id: "version",
      status: "failed",
      summary: "the version is already approved from another upload",
      reasons: [{
        code: "GATE_VERSION_APPROVED",
        label: "version already approved",
        message: `scorer/1.0.0 is already approved from another upload (4 object(s), e.g. approved/scorer/1.0.0/config.json, input ${digest}); upload a new version instead`,
      }],
    });
    const approved = world.approved(MODEL, VERSION);
    for (const name of ALL_COPIED) expect(approved.get(name)).toEqual(files[name]);
    expect(world.counts).toEqual({ copies: 4, recordWrites: 2 });
    expect(world.recordKeys()).toEqual([RECORD_KEY(digest), RECORD_KEY(otherDigest)].sort());
    const record = verifyDecisionRecord((await world.store.readRecord(RECORD_KEY(otherDigest)))!, ATTESTATION.publicPem);
    expect(record.result).toBe("FAILED");
  });

  it("finishes a promotion that crashed after half the copies: all copies, one record", async () => {
    world.failCopiesAfter(2);
    await expect(runGate({ model: MODEL, version: VERSION }, deps(world.store))).rejects.toThrow("fake: crash during copy");
    expect([...world.approved(MODEL, VERSION).keys()]).toEqual(["config.json", "model.sig"]);
    expect(world.recordKeys()).toEqual([]);

    world.failCopiesAfter(undefined);
    const run = await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    expect(run.outcome).toBe("decided");
    expect(run.decision.accepted).toBe(true);
    expect(run.decision.checks[5]).toEqual({
      id: "version", status: "passed", summary: "approved/scorer/1.0.0/ holds 2 object(s) of this upload only (an interrupted promotion)", reasons: [],
    });
    const approved = world.approved(MODEL, VERSION);
    expect([...approved.keys()]).toEqual(ALL_COPIED);
    for (const name of ALL_COPIED) expect(approved.get(name)).toEqual(files[name]);
    expect(world.counts).toEqual({ copies: 4, recordWrites: 1 });
    expect(world.recordKeys()).toEqual([RECORD_KEY(digest)]);
  });

  it("reads and copies the listed version when a publisher overwrites a file during the decision", async () => {
    const store = wrap(world.store, {
      listIncoming: async (m, v) => {
        const listed = await world.store.listIncoming(m, v);
        world.overwrite(MODEL, VERSION, "model.safetensors", Buffer.from("swapped bytes, never checked"));
        return listed;
      },
    });
    const run = await runGate({ model: MODEL, version: VERSION }, deps(store));
    expect(run.decision.accepted).toBe(true);
    expect(world.approved(MODEL, VERSION).get("model.safetensors")).toEqual(files["model.safetensors"]);
  });

  it("records a rejected upload without copying anything", async () => {
    world.overwrite(MODEL, VERSION, "config.json", Buffer.from('{"architectures":["Tampered"]}'));
    const run = await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    expect(run.decision.accepted).toBe(false);
    expect(run.decision.checks.find((c) => c.id === "signature")?.reasons.map((r) => r.code)).toEqual(["OMS_DIGEST_MISMATCH"]);
    expect(run.decision.checks[5]).toEqual({ id: "version", status: "passed", summary: "approved/scorer/1.0.0/ is empty", reasons: [] });
    expect([...world.approved(MODEL, VERSION).keys()]).toEqual([]);
    expect(world.counts).toEqual({ copies: 0, recordWrites: 1 });
  });

  it("keys an upload without model.sig by its listing digest and rejects it", async () => {
    const bare = makeWorld();
    bare.upload(MODEL, VERSION, goodFiles(), {});
    const run = await runGate({ model: MODEL, version: VERSION }, deps(bare.store));
    expect(run.recordKey).toMatch(/^provenance\/fraud-scoring\/scorer\/1\.0\.0\/[0-9a-f]{64}\.dsse\.json$/);
    expect(run.recordKey).not.toBe(RECORD_KEY(digest));
    expect(run.decision.accepted).toBe(false);
    expect(run.decision.checks.find((c) => c.id === "signature")?.reasons.map((r) => r.code)).toEqual(["GATE_SIGNATURE_MISSING"]);
    expect(bare.counts).toEqual({ copies: 0, recordWrites: 1 });
  });

  it("records and replays an upload over the limits, keyed by its model.sig", async () => {
    const limited = deps(world.store, { policy: fraudPolicy({ maxFiles: 1 }) });
    const first = await runGate({ model: MODEL, version: VERSION }, limited);
    expect(first.recordKey).toBe(RECORD_KEY(digest));
    expect(first.decision.accepted).toBe(false);
    expect(first.decision.checks[0]?.reasons.map((r) => r.code)).toEqual(["GATE_TOO_MANY_FILES"]);
    const second = await runGate({ model: MODEL, version: VERSION }, limited);
    expect(second.outcome).toBe("replayed");
    expect(second.decision).toEqual(first.decision);
    expect(world.counts).toEqual({ copies: 0, recordWrites: 1 });
  });

  it("never hashes a model.sig over the manifest limit: keyed by the listing, recorded and replayed", async () => {
    const huge = makeWorld();
    huge.upload(MODEL, VERSION, { ...files, "model.sig": Buffer.alloc(2048, 0x7b) }, GOOD_LINEAGE);
    const limited = deps(huge.store, { policy: fraudPolicy({ maxManifestKb: 1 }) });
    const first = await runGate({ model: MODEL, version: VERSION }, limited);
    expect(first.recordKey).toMatch(/^provenance\/fraud-scoring\/scorer\/1\.0\.0\/[0-9a-f]{64}\.dsse\.json$/);
    expect(first.recordKey).not.toBe(RECORD_KEY(sha256(Buffer.alloc(2048, 0x7b))));
    expect(first.decision.checks[0]?.reasons.map((r) => r.code)).toEqual(["GATE_MANIFEST_TOO_LARGE"]);
    const second = await runGate({ model: MODEL, version: VERSION }, limited);
    expect(second.outcome).toBe("replayed");
    expect(second.decision).toEqual(first.decision);
    expect(huge.counts).toEqual({ copies: 0, recordWrites: 1 });
  });

  it("refuses a record at this upload's key that does not verify: GATE_RECORD_UNTRUSTED, nothing copied", async () => {
    world.plantRecord(RECORD_KEY(digest), Buffer.from('{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]}'));
    expect(await gateError(() => runGate({ model: MODEL, version: VERSION }, deps(world.store)))).toBe("GATE_RECORD_UNTRUSTED");
    expect(world.counts).toEqual({ copies: 0, recordWrites: 0 });
  });

  it("refuses a genuine record about another version planted at this upload's key: GATE_RECORD_UNTRUSTED", async () => {
    world.upload(MODEL, "2.0.0", files, GOOD_LINEAGE);
    const other = await runGate({ model: MODEL, version: "2.0.0" }, deps(world.store));
    const fresh = makeWorld();
    fresh.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    fresh.plantRecord(RECORD_KEY(digest), (await world.store.readRecord(other.recordKey))!);
    expect(await gateError(() => runGate({ model: MODEL, version: VERSION }, deps(fresh.store)))).toBe("GATE_RECORD_UNTRUSTED");
    expect(fresh.counts).toEqual({ copies: 0, recordWrites: 0 });
  });

  it("refuses a genuine record of another upload of this version planted at this upload's key: GATE_RECORD_UNTRUSTED", async () => {
    const first = await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    const other = await signedFiles({ ...goodFiles(), "config.json": Buffer.from('{"architectures":["Other"]}') });
    world.upload(MODEL, VERSION, other, GOOD_LINEAGE);
    world.plantRecord(RECORD_KEY(sha256(other["model.sig"]!)), (await world.store.readRecord(first.recordKey))!);
    expect(await gateError(() => runGate({ model: MODEL, version: VERSION }, deps(world.store)))).toBe("GATE_RECORD_UNTRUSTED");
    expect(world.counts).toEqual({ copies: 4, recordWrites: 1 });
  });

  it("returns the record a concurrent run wrote first as replayed", async () => {
    const store = wrap(world.store, {
      writeRecord: async (key, bytes) => {
        await world.store.writeRecord(key, bytes);
        return "exists";
      },
    });
    const run = await runGate({ model: MODEL, version: VERSION }, deps(store));
    expect(run.outcome).toBe("replayed");
    expect(run.decision.accepted).toBe(true);
    expect(world.recordKeys()).toEqual([RECORD_KEY(digest)]);
  });

  it("fails GATE_RECORD_UNTRUSTED when the storage reports a record it cannot then return", async () => {
    const store = wrap(world.store, { writeRecord: async () => "exists" });
    expect(await gateError(() => runGate({ model: MODEL, version: VERSION }, deps(store)))).toBe("GATE_RECORD_UNTRUSTED");
  });

  it("stops at model.sig when another upload claims the version during the decision: no file copied", async () => {
    await runGate({ model: MODEL, version: VERSION }, deps(world.store));
    const other = await signedFiles({ ...goodFiles(), "config.json": Buffer.from('{"architectures":["Other"]}') });
    world.upload(MODEL, VERSION, other, GOOD_LINEAGE);
    // The listing raced the other upload's claim: it saw approved/ still empty.
    const store = wrap(world.store, { listApproved: async () => [] });

    const run = await runGate({ model: MODEL, version: VERSION }, deps(store));
    expect(run.decision.accepted).toBe(false);
    expect(run.decision.checks[5]).toEqual({
      id: "version",
      status: "failed",
      summary: "the version is already approved from another upload",
      reasons: [{
        code: "GATE_VERSION_APPROVED",
        label: "version already approved",
        message: `scorer/1.0.0 was approved from another upload during this decision: ${APPROVED_URI[world.cloud]} already exists from input ${digest}`,
      }],
    });
    const approved = world.approved(MODEL, VERSION);
    for (const name of ALL_COPIED) expect(approved.get(name)).toEqual(files[name]);
    expect(world.counts).toEqual({ copies: 4, recordWrites: 2 });
  });
});

describe("runGate with a malware scanner in the policy", () => {
  const scanning = (onMissing: "wait" | "reject") =>
    gatePolicyFromSettings("fraud-scoring", ["dataset-digest", "source-commit", "eval-report"], { ...FRAUD_SETTINGS, malwareScan: { onMissing, waitSeconds: 300 } }, "guardduty-malware-protection-s3");

  test("a store that reads no scan results cannot run a policy that names a scanner: GATE_SCANNER_UNAVAILABLE, nothing read", async () => {
    const world = gcsWorld();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    const listed = jest.spyOn(world.store, "listIncoming");
    expect(await gateError(() => runGate({ model: MODEL, version: VERSION }, deps(world.store, { policy: scanning("wait") })))).toBe("GATE_SCANNER_UNAVAILABLE");
    expect(listed).not.toHaveBeenCalled();
  });

  test("a threat is a final decision: the input's own key, replayed on the next event even after a re-upload of the same model.sig", async () => {
    const world = s3World();
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    world.scanAll(MODEL, VERSION, "NO_THREATS_FOUND");
    world.scanResult(MODEL, VERSION, "model.safetensors", "THREATS_FOUND");
    const run = () => runGate({ model: MODEL, version: VERSION }, deps(world.store, { policy: scanning("reject"), clock: instantClock() }));
    const first = await run();
    expect(first).toMatchObject({ outcome: "decided", recordKey: RECORD_KEY(sha256(files["model.sig"]!)) });
    expect(first.decision.accepted).toBe(false);
    world.overwrite(MODEL, VERSION, "model.sig", files["model.sig"]!);
    expect(await run()).toMatchObject({ outcome: "replayed", recordKey: RECORD_KEY(sha256(files["model.sig"]!)) });
  });

  test("a missing result with another failure is final too: only a decision that time alone can change gets the unscanned key", async () => {
    const world = s3World();
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, { "dataset-digest": GOOD_LINEAGE["dataset-digest"] });
    const out = await runGate({ model: MODEL, version: VERSION }, deps(world.store, { policy: scanning("reject"), clock: instantClock() }));
    expect(out.recordKey).toBe(RECORD_KEY(sha256(files["model.sig"]!)));
    expect(out.decision.checks.filter((c) => c.status !== "passed").map((c) => c.id)).toEqual(["malware-scan", "lineage", "evaluation"]);
  });
});
