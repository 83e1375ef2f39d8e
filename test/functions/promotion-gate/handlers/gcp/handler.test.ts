import { KeyManagementServiceClient } from "@google-cloud/kms";
import { gateEnvironmentVariables, GateEnvironmentError } from "../../../../../functions/promotion-gate/handlers/gate-environment";
import { GcpGateHandlerDeps, createHandler, StorageCloudEvent } from "../../../../../functions/promotion-gate/handlers/gcp/handler";
import { GcpKmsClient, GcpKmsSigner } from "../../../../../functions/promotion-gate/kms/gcp-signer";
import { verifyDecisionRecord } from "../../../../../functions/promotion-gate/record";
import { FRAUD_SETTINGS } from "../../gate/gate-fixtures";
import { FakeGcpKms, GCP_KEY_VERSION, p256, P256, PaeTap } from "../../kms/fakes";
import { FakeGcs, gcsWorld } from "../../storage/fakes";
import { GOOD_LINEAGE, MODEL, sha256, signedFiles, SIGNING, VERSION } from "../../storage/run-helpers";

const NOW = new Date("2026-12-02T06:00:00.000Z");

/** The settings the module writes for the fraud-scoring registry, spelled out as the deployed function sees them. */
function gateEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...gateEnvironmentVariables({
      registry: "fraud-scoring",
      lineageTags: ["dataset-digest", "source-commit", "eval-report"],
      gate: FRAUD_SETTINGS,
      signingPublicKeyPem: SIGNING.publicPem,
      verifierId: "urn:ai-supply-chain-blueprint:promotion-gate:gcp:acme:prod:fraud-scoring",
      packageSha256: "ab".repeat(32),
      policyUri: "urn:ai-supply-chain-blueprint:gate-policy:gcp:acme:prod:fraud-scoring",
      approvedRetentionDays: 365,
    }),
    GATE_REGISTRY_BUCKET: "fraud-scoring-registry",
    GATE_LOG_BUCKET: "prod-logs",
    GATE_ATTESTATION_KEY_VERSION: GCP_KEY_VERSION,
    ...overrides,
  };
}

function finalized(name: string, bucket = "fraud-scoring-registry"): StorageCloudEvent {
  return { id: "evt-1", type: "google.cloud.storage.object.v1.finalized", data: { bucket, name, generation: "1733119200000000" } };
}

interface Setup {
  readonly gcs: FakeGcs;
  readonly kms: FakeGcpKms;
  readonly attestation: P256;
  readonly lines: string[];
  readonly handle: ReturnType<typeof createHandler>;
  readonly upload: (files: Record<string, Buffer>, lineage?: Record<string, string>) => void;
}

function setup(env: NodeJS.ProcessEnv = gateEnv(), extra: Partial<GcpGateHandlerDeps> = {}): Setup {
  const world = gcsWorld();
  const tap = new PaeTap();
  const attestation = p256();
  const kms = new FakeGcpKms(tap, attestation);
  // The fake KMS signs only a PAE it has seen (it checks the digest against it): record each one
  // on its way into the real GcpKmsSigner the handler builds.
  const original = GcpKmsSigner.prototype.sign;
  jest.spyOn(GcpKmsSigner.prototype, "sign").mockImplementation(function (this: GcpKmsSigner, pae: Buffer) {
    return tap.wrap({ sign: (p) => original.call(this, p), publicKeyPem: () => this.publicKeyPem() }).sign(pae);
  });
  const lines: string[] = [];
  const handle = createHandler({ env, storage: () => world.gcs, kms: () => kms, now: () => NOW, log: (l) => lines.push(l), ...extra });
  return { gcs: world.gcs, kms, attestation, lines, handle, upload: (files, lineage = GOOD_LINEAGE) => world.upload(MODEL, VERSION, files, lineage) };
}

afterEach(() => jest.restoreAllMocks());

describe("GCP promotion gate handler", () => {
  test("a finalized model.sig of the registry runs the gate: approved copies, a record signed with the attestation key, one INFO line", async () => {
    const s = setup();
    const files = await signedFiles();
    s.upload(files);
    const out = await s.handle(finalized("incoming/scorer/1.0.0/model.sig"));
    expect(out.status).toBe("ran");
    const recordKey = `provenance/fraud-scoring/scorer/1.0.0/${sha256(files["model.sig"]!)}.dsse.json`;
    expect(out.status === "ran" && out.result.recordKey).toBe(recordKey);
    expect(s.gcs.space("fraud-scoring-registry").list("approved/")).toEqual([
      "approved/scorer/1.0.0/config.json", "approved/scorer/1.0.0/eval/report.json", "approved/scorer/1.0.0/model.safetensors", "approved/scorer/1.0.0/model.sig",
    ]);
    // Locked for the registry's 365 days from the run.
    expect(s.gcs.copyCalls[0]?.options).toMatchObject({ retention: { mode: "Locked", retainUntilTime: "2027-12-02T06:00:00.000Z" }, preconditionOpts: { ifGenerationMatch: 0 } });
    const record = s.gcs.space("prod-logs").current(recordKey)!.bytes!;
    const verified = verifyDecisionRecord(record, s.attestation.publicPem);
    expect(verified.result).toBe("PASSED");
    expect(verified.statement.predicate.verifier).toEqual({
      id: "urn:ai-supply-chain-blueprint:promotion-gate:gcp:acme:prod:fraud-scoring",
      version: { gate: "0.1.0", package: "ab".repeat(32) },
    });
    expect(s.lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        severity: "INFO",
        message: "promotion gate approved fraud-scoring/scorer/1.0.0",
        eventId: "evt-1",
        registry: "fraud-scoring",
        model: "scorer",
        version: "1.0.0",
        generation: "1733119200000000",
        accepted: true,
        outcome: "decided",
        recordKey,
        failedChecks: [],
        reasons: [],
      },
    ]);
    // Signed with the version named in the environment, nothing else.
    expect(s.kms.signRequests.map((r) => (r as { name: string }).name)).toEqual([GCP_KEY_VERSION]);
  });

  test("no malware-scan check on GCP, whatever the registry's malwareScan settings: the record's policy says why", async () => {
    const s = setup();
    const files = await signedFiles();
    s.upload(files);
    await s.handle(finalized("incoming/scorer/1.0.0/model.sig"));
    const record = s.gcs.space("prod-logs").current(`provenance/fraud-scoring/scorer/1.0.0/${sha256(files["model.sig"]!)}.dsse.json`)!.bytes!;
    const verified = verifyDecisionRecord(record, s.attestation.publicPem);
    expect(verified.result).toBe("PASSED");
    expect(verified.checks.map((c) => c.id)).toEqual(["limits", "signature", "lineage", "evaluation", "serialization", "version"]);
    expect(verified.statement.predicate.blueprintGate.policy.malwareScan).toEqual({
      scanner: "none",
      reason: "Cloud Storage has no managed malware scanner whose per-object result the gate can read; the check is not part of this cloud's decisions",
    });
  });

  test("a rejection is a result: no copy, a FAILED record, one WARNING line, and the event is not retried (no throw)", async () => {
    const s = setup();
    s.upload(await signedFiles(), { ...GOOD_LINEAGE, "source-commit": "" });
    const out = await s.handle(finalized("incoming/scorer/1.0.0/model.sig"));
    expect(out.status === "ran" && out.result.decision.accepted).toBe(false);
    expect(s.gcs.space("fraud-scoring-registry").list("approved/")).toEqual([]);
    expect(s.gcs.space("prod-logs").list("provenance/")).toHaveLength(1);
    const line = JSON.parse(s.lines[0]!) as Record<string, unknown>;
    expect([line.severity, line.accepted, line.failedChecks]).toEqual(["WARNING", false, ["lineage"]]);
  });

  test.each([
    ["another file of the upload", finalized("incoming/scorer/1.0.0/model.safetensors"), "incoming/scorer/1.0.0/model.safetensors is not incoming/<model>/<version>/model.sig"],
    ["an approved copy", finalized("approved/scorer/1.0.0/model.sig"), "approved/scorer/1.0.0/model.sig is not incoming/<model>/<version>/model.sig"],
    ["a path that climbs", finalized("incoming/../1.0.0/model.sig"), "incoming/../1.0.0/model.sig is not incoming/<model>/<version>/model.sig"],
    ["another bucket", finalized("incoming/scorer/1.0.0/model.sig", "other-bucket"), "bucket other-bucket is not the registry bucket fraud-scoring-registry"],
    [
      "another event type",
      { type: "google.cloud.storage.object.v1.deleted", data: { bucket: "fraud-scoring-registry", name: "incoming/scorer/1.0.0/model.sig" } },
      "event type google.cloud.storage.object.v1.deleted is not google.cloud.storage.object.v1.finalized",
    ],
    ["an event without an object", { type: "google.cloud.storage.object.v1.finalized", data: { bucket: "fraud-scoring-registry" } }, "the event names no object"],
  ])("ignores %s without touching storage or KMS", async (_name, event, reason) => {
    const s = setup();
    s.upload(await signedFiles());
    const out = await s.handle(event);
    expect(out).toEqual({ status: "ignored", reason });
    expect([s.gcs.copies, s.gcs.saves, s.kms.signRequests.length]).toEqual([0, 0, 0]);
    expect(JSON.parse(s.lines[0]!)).toMatchObject({ severity: "INFO", message: `promotion gate ignored an event: ${reason}` });
  });

  test.each([
    ["GATE_REGISTRY_BUCKET", { GATE_REGISTRY_BUCKET: undefined }, "environment variable GATE_REGISTRY_BUCKET is not set"],
    ["GATE_LOG_BUCKET", { GATE_LOG_BUCKET: "" }, "environment variable GATE_LOG_BUCKET is not set"],
    ["GATE_ATTESTATION_KEY_VERSION", { GATE_ATTESTATION_KEY_VERSION: undefined }, "environment variable GATE_ATTESTATION_KEY_VERSION is not set"],
    [
      "a key instead of a key version",
      { GATE_ATTESTATION_KEY_VERSION: "projects/p/locations/l/keyRings/r/cryptoKeys/gate-attestation" },
      "GATE_ATTESTATION_KEY_VERSION must name a key version (projects/.../cryptoKeys/<key>/cryptoKeyVersions/<n>)",
    ],
    ["a cloud-neutral setting", { GATE_SIGNING_PUBLIC_KEY: undefined }, "environment variable GATE_SIGNING_PUBLIC_KEY is not set"],
  ])("refuses to run without %s (throws, so the event is retried once fixed)", async (_name, overrides, message) => {
    const s = setup(gateEnv(overrides));
    const run = s.handle(finalized("incoming/scorer/1.0.0/model.sig"));
    await expect(run).rejects.toThrow(GateEnvironmentError);
    await expect(s.handle(finalized("incoming/scorer/1.0.0/model.sig"))).rejects.toThrow(message);
  });

  test("a storage failure throws after one ERROR line, so Eventarc redelivers the event", async () => {
    const s = setup();
    s.upload(await signedFiles());
    s.gcs.copyBudget = 0;
    await expect(s.handle(finalized("incoming/scorer/1.0.0/model.sig"))).rejects.toThrow("fake: crash during copy");
    expect(JSON.parse(s.lines[0]!)).toEqual({
      severity: "ERROR",
      message: "promotion gate failed on fraud-scoring/scorer/1.0.0: fake: crash during copy",
      eventId: "evt-1",
    });
    // The redelivery finishes the promotion.
    s.gcs.copyBudget = undefined;
    const again = await s.handle(finalized("incoming/scorer/1.0.0/model.sig"));
    expect(again.status === "ran" && again.result.decision.accepted).toBe(true);
  });

  test("builds its clients once per instance, at the first event", async () => {
    const storage = jest.fn(() => new FakeGcs());
    const kms = jest.fn(() => ({}) as GcpKmsClient);
    const handle = createHandler({ env: gateEnv(), storage, kms, log: () => undefined });
    expect([storage.mock.calls.length, kms.mock.calls.length]).toEqual([0, 0]);
    await handle(finalized("incoming/scorer/1.0.0/config.json"));
    await handle(finalized("incoming/scorer/1.0.0/config.json"));
    expect([storage.mock.calls.length, kms.mock.calls.length]).toEqual([1, 1]);
  });

  test("the real Cloud KMS client satisfies the signer's client interface", () => {
    const client: GcpKmsClient = new KeyManagementServiceClient({ projectId: "p", credentials: { client_email: "a@p.iam.gserviceaccount.com", private_key: "unused" } });
    expect(typeof client.asymmetricSign).toBe("function");
  });
});
