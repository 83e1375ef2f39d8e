import * as fs from "node:fs";
import * as path from "node:path";
import { ContainerClient } from "@azure/storage-blob";
import { INCOMING_CONTAINER } from "../../../../../constructs/azure/model-registry";
import { gateEnvironmentVariables } from "../../../../../functions/promotion-gate/handlers/gate-environment";
import { AZURE_GATE_ENV, AzureGateSettings, readAzureGateSettings } from "../../../../../functions/promotion-gate/handlers/azure/environment";
import { AzureGateClients, BlobEventLike, createHandler, INCOMING_SUBJECT_PREFIX, targetOfEvent } from "../../../../../functions/promotion-gate/handlers/azure/handler";
import { AZURE_GATE_PACKAGE } from "../../../../../functions/promotion-gate/handlers/azure/package";
import { LocalPemSigner } from "../../../../../functions/promotion-gate/oms/local-signer";
import { AzureContainerLike } from "../../../../../functions/promotion-gate/storage/azure-blob-store";
import { verifyDecisionRecord } from "../../../../../functions/promotion-gate/record";
import { FRAUD_SETTINGS } from "../../gate/gate-fixtures";
import { AZURE_ACCOUNT_URL, AZURE_LOG_URL, azureWorld } from "../../storage/fakes";
import { ATTESTATION, GOOD_LINEAGE, instantClock, MODEL, NOW, sha256, SIGNING, signedFiles, VERSION } from "../../storage/run-helpers";

const INCOMING_URL = `${AZURE_ACCOUNT_URL}/incoming`;
const CLIENT_ID = "00000000-0000-4000-8000-0000000000c1";
const KEY_ID = "https://kv-acme-ai-prod-1a2b3.vault.azure.net/keys/gate-attestation/0123456789abcdef0123456789abcdef";

function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...gateEnvironmentVariables({
      registry: "fraud-scoring",
      lineageTags: ["dataset-digest", "source-commit", "eval-report"],
      gate: FRAUD_SETTINGS,
      signingPublicKeyPem: SIGNING.publicPem,
      verifierId: "urn:ai-supply-chain-blueprint:promotion-gate:azure:acme-ai:prod:fraud-scoring",
      packageSha256: "ab".repeat(32),
      policyUri: "urn:ai-supply-chain-blueprint:gate-policy:azure:acme-ai:prod:fraud-scoring",
      approvedRetentionDays: 365,
    }),
    GATE_AZURE_INCOMING_CONTAINER_URL: INCOMING_URL,
    GATE_AZURE_APPROVED_CONTAINER_URL: `${AZURE_ACCOUNT_URL}/approved`,
    GATE_AZURE_LOG_CONTAINER_URL: AZURE_LOG_URL,
    GATE_AZURE_ATTESTATION_KEY_ID: KEY_ID,
    AZURE_CLIENT_ID: CLIENT_ID,
    ...overrides,
  };
}

function blobCreated(name: string, overrides: Partial<BlobEventLike> = {}): BlobEventLike {
  return {
    id: "evt-1",
    eventType: "Microsoft.Storage.BlobCreated",
    subject: `/blobServices/default/containers/incoming/blobs/${name}`,
    data: { url: `${INCOMING_URL}/${name}`, api: "PutBlob" },
    ...overrides,
  };
}

/**
 * `scan`: the Defender for Storage result every uploaded blob gets at once (the deployed
 * account's malware scanning tags each new blob), or null for blobs still unscanned.
 */
function setup(envOverrides: Record<string, string | undefined> = {}, scan: string | null = "No threats found", onSleep?: (n: number) => void) {
  const world = azureWorld();
  const upload = world.upload.bind(world);
  world.upload = (model, version, files, lineage) => {
    upload(model, version, files, lineage);
    if (scan !== null) world.scanAll(model, version, scan);
  };
  const clock = instantClock(onSleep);
  const lines: string[] = [];
  const seen: AzureGateSettings[] = [];
  const clients = (settings: AzureGateSettings): AzureGateClients => {
    seen.push(settings);
    return { store: world.store, attestationSigner: new LocalPemSigner(ATTESTATION.privatePem) };
  };
  const handler = createHandler({ env: env(envOverrides), clients, now: () => NOW, clock, log: (l) => lines.push(l) });
  return { world, lines, seen, handler, clock };
}

describe("azure promotion gate handler", () => {
  test("a signed upload's model.sig event is decided, promoted and logged as one JSON line", async () => {
    const { world, lines, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    const out = await handler(blobCreated(`${MODEL}/${VERSION}/model.sig`));
    expect(out.status).toBe("decided");
    expect(world.approved(MODEL, VERSION).size).toBe(4);
    expect(world.recordKeys()).toEqual([expect.stringMatching(/^provenance\/fraud-scoring\/scorer\/1\.0\.0\/[0-9a-f]{64}\.dsse\.json$/)]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      gate: "promotion-gate",
      cloud: "azure",
      registry: "fraud-scoring",
      event: "evt-1",
      model: "scorer",
      version: "1.0.0",
      status: "decided",
      accepted: true,
      recordKey: world.recordKeys()[0],
      failedChecks: [],
      reasons: [],
    });
  });

  test("a redelivered event replays the record: no second copy, no second record", async () => {
    const { world, lines, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    await handler(blobCreated(`${MODEL}/${VERSION}/model.sig`));
    const counts = world.counts;
    await handler(blobCreated(`${MODEL}/${VERSION}/model.sig`));
    expect(world.counts).toEqual(counts);
    expect(JSON.parse(lines[1]!)).toMatchObject({ status: "replayed", accepted: true });
  });

  test("a rejection is returned and logged, not thrown: Event Grid must not retry a decision", async () => {
    const { world, lines, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), {});
    const out = await handler(blobCreated(`${MODEL}/${VERSION}/model.sig`));
    expect(out.status).toBe("decided");
    expect(world.approved(MODEL, VERSION).size).toBe(0);
    const line = JSON.parse(lines[0]!) as { accepted: boolean; failedChecks: string[]; reasons: string[] };
    expect(line.accepted).toBe(false);
    expect(line.failedChecks).toContain("lineage");
    expect(line.reasons.length).toBeGreaterThan(0);
  });

  test.each([
    ["another file of the upload", blobCreated(`${MODEL}/${VERSION}/model.safetensors`), "is not <model>/<version>/model.sig"],
    ["a blob deleted", blobCreated(`${MODEL}/${VERSION}/model.sig`, { eventType: "Microsoft.Storage.BlobDeleted" }), "event type Microsoft.Storage.BlobDeleted is not Microsoft.Storage.BlobCreated"],
    ["a blob in approved", blobCreated(`${MODEL}/${VERSION}/model.sig`, { subject: `/blobServices/default/containers/approved/blobs/${MODEL}/${VERSION}/model.sig` }), "is not under /blobServices/default/containers/incoming/blobs/"],
    ["a url in another account", blobCreated(`${MODEL}/${VERSION}/model.sig`, { data: { url: `https://other.blob.core.windows.net/incoming/${MODEL}/${VERSION}/model.sig` } }), "is not https://stregfraud.blob.core.windows.net/incoming/scorer/1.0.0/model.sig"],
    ["no data", blobCreated(`${MODEL}/${VERSION}/model.sig`, { data: undefined }), "data.url undefined"],
    ["a path escaping the version", blobCreated(`${MODEL}/../model.sig`), "is not <model>/<version>/model.sig"],
  ])("ignores %s without touching storage", async (_name, event, reason) => {
    const { world, lines, handler } = setup();
    const out = await handler(event);
    expect(out).toEqual({ status: "ignored", reason: expect.stringContaining(reason) });
    expect(world.counts).toEqual({ copies: 0, recordWrites: 0 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ status: "ignored", registry: "fraud-scoring" });
  });

  test("a missing setting throws on the first event (the platform retries, then dead-letters)", async () => {
    const { handler } = setup({ GATE_AZURE_LOG_CONTAINER_URL: undefined });
    await expect(handler(blobCreated(`${MODEL}/${VERSION}/model.sig`))).rejects.toThrow("environment variable GATE_AZURE_LOG_CONTAINER_URL is not set");
  });

  test("a storage failure throws rather than being logged as a decision", async () => {
    const { world, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    world.failCopiesAfter(1);
    await expect(handler(blobCreated(`${MODEL}/${VERSION}/model.sig`))).rejects.toThrow("fake: crash during copy");
  });

  test("settings and clients are built once per instance", async () => {
    const { seen, handler } = setup();
    await handler(blobCreated("a/1/other.bin"));
    await handler(blobCreated("a/1/other.bin"));
    expect(seen).toEqual([
      {
        incomingContainerUrl: "https://stregfraud.blob.core.windows.net/incoming",
        approvedContainerUrl: "https://stregfraud.blob.core.windows.net/approved",
        logContainerUrl: "https://stlogsprod.blob.core.windows.net/audit",
        attestationKeyId: KEY_ID,
        clientId: CLIENT_ID,
      },
    ]);
  });
});

describe("azure gate settings", () => {
  test("the names the construct writes and the handler reads", () => {
    expect(AZURE_GATE_ENV).toEqual({
      incomingContainerUrl: "GATE_AZURE_INCOMING_CONTAINER_URL",
      approvedContainerUrl: "GATE_AZURE_APPROVED_CONTAINER_URL",
      logContainerUrl: "GATE_AZURE_LOG_CONTAINER_URL",
      attestationKeyId: "GATE_AZURE_ATTESTATION_KEY_ID",
      clientId: "AZURE_CLIENT_ID",
    });
  });

  test.each([
    [{ GATE_AZURE_INCOMING_CONTAINER_URL: "http://stregfraud.blob.core.windows.net/incoming" }, "GATE_AZURE_INCOMING_CONTAINER_URL must be https://<account host>/<container>"],
    [{ GATE_AZURE_APPROVED_CONTAINER_URL: `${AZURE_ACCOUNT_URL}/approved?sv=2024&sig=x` }, "GATE_AZURE_APPROVED_CONTAINER_URL must be https://<account host>/<container>, without a query"],
    [{ AZURE_CLIENT_ID: "gate" }, "AZURE_CLIENT_ID must be the identity's client id (a UUID)"],
    [{ GATE_AZURE_ATTESTATION_KEY_ID: "" }, "environment variable GATE_AZURE_ATTESTATION_KEY_ID is not set"],
  ])("refuses %j", (overrides, message) => {
    expect(() => readAzureGateSettings(env(overrides))).toThrow(message);
  });

  test("the subject prefix names the registry's incoming container", () => {
    expect(INCOMING_SUBJECT_PREFIX).toBe(`/blobServices/default/containers/${INCOMING_CONTAINER}/blobs/`);
    expect(targetOfEvent(blobCreated("fraud-xgb/2.1.0/model.sig"), INCOMING_URL)).toEqual({ model: "fraud-xgb", version: "2.1.0" });
  });

  test("the real ContainerClient satisfies the store's container interface", () => {
    const real: AzureContainerLike = new ContainerClient(`${AZURE_ACCOUNT_URL}/incoming`);
    expect(real.url).toBe("https://stregfraud.blob.core.windows.net/incoming");
  });
});

describe("azure gate package", () => {
  test("bundles index.ts with host.json 2.0 and the extension bundle v4, package.json main index.js", () => {
    expect(AZURE_GATE_PACKAGE.name).toBe("promotion-gate-azure");
    expect(AZURE_GATE_PACKAGE.entry).toBe("functions/promotion-gate/handlers/azure/index.ts");
    expect(fs.existsSync(path.resolve(__dirname, "../../../../..", AZURE_GATE_PACKAGE.entry))).toBe(true);
    expect(AZURE_GATE_PACKAGE.bundlePath).toBe("index.js");
    expect(AZURE_GATE_PACKAGE.external).toEqual(["@azure/functions-core"]);
    expect(JSON.parse(AZURE_GATE_PACKAGE.extraFiles["host.json"]!)).toEqual({
      version: "2.0",
      extensionBundle: { id: "Microsoft.Azure.Functions.ExtensionBundle", version: "[4.*, 5.0.0)" },
      logging: { logLevel: { default: "Information" } },
    });
    expect(JSON.parse(AZURE_GATE_PACKAGE.extraFiles["package.json"]!)).toEqual({ name: "promotion-gate-azure", version: "0.1.0", private: true, main: "index.js" });
  });
});

describe("azure gate handler logging", () => {
  test("the invocation's logger, when given, receives the line instead of the default", async () => {
    const { lines, handler } = setup();
    const mine: string[] = [];
    await handler(blobCreated("a/1/other.bin"), (l) => mine.push(l));
    expect(lines).toEqual([]);
    expect(JSON.parse(mine[0]!)).toMatchObject({ status: "ignored" });
  });

  test("realClients builds the store and the signer without a network call", async () => {
    const { realClients } = await import("../../../../../functions/promotion-gate/handlers/azure/clients");
    const clients = realClients({
      incomingContainerUrl: INCOMING_URL,
      approvedContainerUrl: `${AZURE_ACCOUNT_URL}/approved`,
      logContainerUrl: AZURE_LOG_URL,
      attestationKeyId: KEY_ID,
      clientId: CLIENT_ID,
    });
    expect(clients.store.incomingUri("m", "1")).toBe("https://stregfraud.blob.core.windows.net/incoming/m/1/");
    expect(() => realClients({ incomingContainerUrl: INCOMING_URL, approvedContainerUrl: INCOMING_URL, logContainerUrl: AZURE_LOG_URL, attestationKeyId: "https://kv.vault.azure.net/keys/k", clientId: CLIENT_ID })).toThrow(/no version/);
  });
});

/** GATE_SETTINGS with the registry's malware scan settings changed. */
function malwareEnv(onMissing: "wait" | "reject", waitSeconds = 300): Record<string, string> {
  return {
    GATE_SETTINGS: JSON.stringify({ lineageTags: ["dataset-digest", "source-commit", "eval-report"], gate: { ...FRAUD_SETTINGS, malwareScan: { onMissing, waitSeconds } } }),
  };
}

const SIG_BLOB = `${MODEL}/${VERSION}/model.sig`;

function logLine(lines: string[], i = 0): { accepted: boolean; failedChecks: string[]; reasons: string[] } {
  return JSON.parse(lines[i]!) as { accepted: boolean; failedChecks: string[]; reasons: string[] };
}

describe("azure promotion gate handler: Defender for Storage malware scanning results", () => {
  test("clean: every blob tagged \"No threats found\" is approved; the policy names Defender; the scan tags are not lineage", async () => {
    const { world, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    const out = await handler(blobCreated(SIG_BLOB));
    expect(out.status === "decided" && out.result.decision.accepted).toBe(true);
    const key = world.recordKeys()[0]!;
    const verified = verifyDecisionRecord(world.azure.space(AZURE_LOG_URL).current(key)!.bytes!, ATTESTATION.publicPem);
    expect(verified.checks.map((c) => `${c.id} ${c.status}`)).toEqual([
      "limits passed", "signature passed", "malware-scan passed", "lineage passed", "evaluation passed", "serialization passed", "version passed",
    ]);
    expect(verified.statement.predicate.blueprintGate.policy.malwareScan).toEqual({ scanner: "defender-for-storage", onMissing: "wait", waitSeconds: 300 });
    expect(verified.statement.predicate.blueprintGate.lineage).toEqual(GOOD_LINEAGE);
  });

  test("infected: \"Malicious\" rejects with the threat reason and copies nothing", async () => {
    const { world, lines, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    world.scanResult(MODEL, VERSION, "model.safetensors", "Malicious");
    await handler(blobCreated(SIG_BLOB));
    expect(world.approved(MODEL, VERSION).size).toBe(0);
    expect(logLine(lines)).toMatchObject({ accepted: false, failedChecks: ["malware-scan"], reasons: ["GATE_MALWARE_FOUND"] });
  });

  test.each([
    ["Not scanned", "GATE_MALWARE_SCAN_UNSUPPORTED"],
    ['SAM259201: "Scan failed - internal service error."', "GATE_MALWARE_SCAN_FAILED"],
  ])("a scan that is not clean (%s) rejects as %s", async (value, code) => {
    const { world, lines, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    world.scanResult(MODEL, VERSION, "config.json", value);
    await handler(blobCreated(SIG_BLOB));
    expect(logLine(lines)).toMatchObject({ accepted: false, failedChecks: ["malware-scan"], reasons: [code] });
  });

  test("unscanned + reject: rejected at once", async () => {
    const { world, clock, lines, handler } = setup(malwareEnv("reject"), null);
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    await handler(blobCreated(SIG_BLOB));
    expect(clock.slept).toEqual([]);
    expect(logLine(lines)).toMatchObject({ accepted: false, failedChecks: ["malware-scan"], reasons: ["GATE_MALWARE_SCAN_MISSING"] });
  });

  test("unscanned + wait: polls, then rejects under the unscanned key; after the scan a re-upload of model.sig is approved", async () => {
    const { world, clock, lines, handler } = setup(malwareEnv("wait", 10), null);
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    await handler(blobCreated(SIG_BLOB));
    expect(clock.slept).toEqual([2000, 4000, 4000]);
    const digest = sha256(files["model.sig"]!);
    // The fake's model.sig is its 4th blob version: v4.
    expect(world.recordKeys()).toEqual([`provenance/fraud-scoring/scorer/1.0.0/${digest}.unscanned-8e38a1ea5c681c8e.dsse.json`]);
    expect(logLine(lines)).toMatchObject({ accepted: false, reasons: ["GATE_MALWARE_SCAN_MISSING"] });

    world.scanAll(MODEL, VERSION, "No threats found");
    world.overwrite(MODEL, VERSION, "model.sig", files["model.sig"]!);
    world.scanResult(MODEL, VERSION, "model.sig", "No threats found");
    Object.assign(world.azure.space(INCOMING_URL).current(SIG_BLOB)!.tags, GOOD_LINEAGE);
    await handler(blobCreated(SIG_BLOB));
    expect(logLine(lines, 1)).toMatchObject({ accepted: true, status: "decided", recordKey: `provenance/fraud-scoring/scorer/1.0.0/${digest}.dsse.json` });
    expect(world.approved(MODEL, VERSION).size).toBe(4);
  });

  test("a result landing during the wait: approved", async () => {
    let tagAll = (): void => undefined;
    const { world, clock, lines, handler } = setup({}, null, (n) => {
      if (n === 1) tagAll();
    });
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    tagAll = () => world.scanAll(MODEL, VERSION, "No threats found");
    await handler(blobCreated(SIG_BLOB));
    expect(clock.slept).toEqual([2000]);
    expect(logLine(lines)).toMatchObject({ accepted: true, failedChecks: [] });
  });
});
