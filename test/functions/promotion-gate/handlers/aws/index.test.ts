import { CreateModelPackageCommand } from "@aws-sdk/client-sagemaker";
import { gateEnvironmentVariables } from "../../../../../functions/promotion-gate/handlers/gate-environment";
import { awsGateEnvironmentVariables } from "../../../../../functions/promotion-gate/handlers/aws/environment";
import { createHandler, S3ObjectCreatedEvent } from "../../../../../functions/promotion-gate/handlers/aws/index";
import { modelPackageClientToken, SageMakerLike, SageMakerModelCatalogue } from "../../../../../functions/promotion-gate/handlers/aws/model-catalogue";
import { AWS_GATE_PACKAGE } from "../../../../../functions/promotion-gate/handlers/aws/package";
import { AwsKmsSigner } from "../../../../../functions/promotion-gate/kms/aws-signer";
import { verifyDecisionRecord } from "../../../../../functions/promotion-gate/record";
import { FRAUD_SETTINGS } from "../../gate/gate-fixtures";
import { AWS_KEY_ARN, FakeAwsKms, p256, PaeTap } from "../../kms/fakes";
import { s3World, S3_PROPS } from "../../storage/fakes";
import { GOOD_LINEAGE, instantClock, MODEL, NOW, sha256, SIGNING, signedFiles, VERSION } from "../../storage/run-helpers";

const GROUP = "acme-ai-prod-fraud-scoring";
const LINEAGE_TAGS = ["dataset-digest", "source-commit", "eval-report"];

function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...gateEnvironmentVariables({
      registry: "fraud-scoring",
      lineageTags: LINEAGE_TAGS,
      gate: FRAUD_SETTINGS,
      signingPublicKeyPem: SIGNING.publicPem,
      verifierId: "urn:ai-supply-chain-blueprint:promotion-gate:aws:acme-ai:prod:fraud-scoring",
      packageSha256: "ab".repeat(32),
      policyUri: "urn:ai-supply-chain-blueprint:gate-policy:aws:acme-ai:prod:fraud-scoring",
      approvedRetentionDays: 365,
    }),
    ...awsGateEnvironmentVariables({
      registryBucket: S3_PROPS.bucket,
      registryKeyArn: S3_PROPS.kmsKeyArn,
      logBucket: S3_PROPS.logBucket,
      logRegion: "eu-west-1",
      logKeyArn: S3_PROPS.logKmsKeyArn,
      attestationKeyArn: AWS_KEY_ARN,
      modelPackageGroup: GROUP,
    }),
    AWS_REGION: "eu-west-1",
    ...overrides,
  };
}

function event(key: string, bucket: string = S3_PROPS.bucket): S3ObjectCreatedEvent {
  return { source: "aws.s3", "detail-type": "Object Created", detail: { bucket: { name: bucket }, object: { key, "version-id": "v9" } } };
}

/** A SageMaker fake that remembers client tokens, as CreateModelPackage's idempotency does. */
class FakeSageMaker {
  public readonly calls: Array<Record<string, unknown>> = [];
  private readonly byToken = new Map<string, string>();

  public get client(): SageMakerLike {
    return { send: ((command: unknown) => this.handle(command)) as unknown as SageMakerLike["send"] };
  }

  private async handle(command: unknown): Promise<unknown> {
    if (!(command instanceof CreateModelPackageCommand)) throw new Error("fake SageMaker: unexpected command");
    const input = command.input as Record<string, unknown>;
    this.calls.push(input);
    const token = String(input["ClientToken"]);
    if (!this.byToken.has(token)) this.byToken.set(token, `arn:aws:sagemaker:eu-west-1:222222222222:model-package/${GROUP}/${this.byToken.size + 1}`);
    return { ModelPackageArn: this.byToken.get(token) };
  }
}

/**
 * `scan`: the GuardDuty result every uploaded object gets at once (the deployed bucket's
 * protection plan tags each new object version), or null for objects still unscanned.
 */
function setup(envOverrides: Record<string, string | undefined> = {}, regional: string[] = [], scan: string | null = "NO_THREATS_FOUND", onSleep?: (n: number) => void) {
  const world = s3World();
  const upload = world.upload.bind(world);
  world.upload = (model, version, files, lineage) => {
    upload(model, version, files, lineage);
    if (scan !== null) world.scanAll(model, version, scan);
  };
  const clock = instantClock(onSleep);
  const attestation = p256();
  const tap = new PaeTap();
  const kms = new FakeAwsKms(tap, attestation);
  const sagemaker = new FakeSageMaker();
  const lines: string[] = [];
  const handler = createHandler({
    env: env(envOverrides),
    s3: world.s3.client(),
    // The same fake S3, through a client that records which region it was made for and what it sent.
    s3ForRegion: (region) => {
      const inner = world.s3.client();
      return { send: ((command: { constructor: { name: string } }) => (regional.push(`${region} ${command.constructor.name}`), inner.send(command as never))) as never };
    },
    attestationSigner: (keyArn) => tap.wrap(new AwsKmsSigner({ client: kms.client, keyId: keyArn })),
    catalogue: (group) => new SageMakerModelCatalogue(sagemaker.client, group),
    now: () => NOW,
    clock,
    log: (line) => lines.push(line),
  });
  return { world, attestation, kms, sagemaker, lines, handler, clock };
}

const SIG_KEY = `incoming/${MODEL}/${VERSION}/model.sig`;

describe("AWS gate handler", () => {
  it("reads and writes decision records through a client of the log bucket's region when it is another (evidence account)", async () => {
    const regional: string[] = [];
    const { world, handler } = setup({ GATE_AWS_LOG_REGION: "eu-central-1" }, regional);
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    const out = await handler(event(SIG_KEY));
    expect(out.status).toBe("decided");
    expect(world.recordKeys()).toHaveLength(1);
    expect(regional).toEqual(["eu-central-1 GetObjectCommand", "eu-central-1 PutObjectCommand"]);
  });

  it("uses the function's own client for records in its own region", async () => {
    const regional: string[] = [];
    const { world, handler } = setup({}, regional);
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    await handler(event(SIG_KEY));
    expect(world.recordKeys()).toHaveLength(1);
    expect(regional).toEqual([]);
  });

  it("approves a good upload, signs the record with the attestation key and registers one Approved model package", async () => {
    const { world, attestation, sagemaker, lines, handler } = setup();
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    const recordKey = `provenance/fraud-scoring/scorer/1.0.0/${sha256(files["model.sig"]!)}.dsse.json`;

    const out = await handler(event(SIG_KEY));

    expect(out).toEqual({
      status: "decided",
      accepted: true,
      model: "scorer",
      version: "1.0.0",
      recordKey,
      modelPackageArn: `arn:aws:sagemaker:eu-west-1:222222222222:model-package/${GROUP}/1`,
    });
    expect(world.recordKeys()).toEqual([recordKey]);
    const record = world.s3.bucket(S3_PROPS.logBucket).current(recordKey)!.bytes!;
    expect(verifyDecisionRecord(record, attestation.publicPem).result).toBe("PASSED");
    expect(sagemaker.calls).toHaveLength(1);
    const call = sagemaker.calls[0]!;
    expect(call).toEqual({
      ModelPackageGroupName: "acme-ai-prod-fraud-scoring",
      ModelPackageDescription: "scorer 1.0.0, approved by the promotion gate: s3://fraud-scoring-registry/approved/scorer/1.0.0/",
      ModelApprovalStatus: "Approved",
      ClientToken: modelPackageClientToken(recordKey),
      MetadataProperties: { GeneratedBy: "urn:ai-supply-chain-blueprint:promotion-gate:aws:acme-ai:prod:fraud-scoring" },
      CustomerMetadataProperties: {
        "gate:approved-uri": "s3://fraud-scoring-registry/approved/scorer/1.0.0/",
        "gate:record-key": recordKey,
        "gate:root-digest": expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(String(call["ClientToken"])).toMatch(/^[0-9a-f]{36}$/);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      gate: "aws", status: "decided", accepted: true, registry: "fraud-scoring", model: "scorer", version: "1.0.0",
      objectVersionId: "v9", recordKey, failedChecks: [], reasons: [], modelPackageArn: `arn:aws:sagemaker:eu-west-1:222222222222:model-package/${GROUP}/1`,
    });
  });

  it("a replayed event finds the record and creates no second model package (same client token)", async () => {
    const { world, sagemaker, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    const first = await handler(event(SIG_KEY));
    const second = await handler(event(SIG_KEY));
    expect(second).toEqual({ ...first, status: "replayed" });
    expect(world.counts.recordWrites).toBe(1);
    expect(sagemaker.calls).toHaveLength(2);
    expect(sagemaker.calls[1]!["ClientToken"]).toBe(sagemaker.calls[0]!["ClientToken"]);
    expect(new Set(sagemaker.calls.map((c) => JSON.stringify(c))).size).toBe(1);
  });

  it("a rejected upload is recorded and returned, not thrown, and registers nothing", async () => {
    const { world, sagemaker, lines, handler } = setup();
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, { "dataset-digest": GOOD_LINEAGE["dataset-digest"] });
    const out = await handler(event(SIG_KEY));
    expect(out).toMatchObject({ status: "decided", accepted: false, model: "scorer", version: "1.0.0" });
    expect(out).not.toHaveProperty("modelPackageArn");
    expect(sagemaker.calls).toEqual([]);
    expect(world.approved(MODEL, VERSION).size).toBe(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ accepted: false, failedChecks: ["lineage"] });
  });

  it.each([
    ["another object of the version", event(`incoming/${MODEL}/${VERSION}/model.safetensors`)],
    ["a signature under approved/", event(`approved/${MODEL}/${VERSION}/model.sig`)],
    ["a key that climbs out of its folder", event(`incoming/../${VERSION}/model.sig`)],
    ["another bucket", event(SIG_KEY, "someone-elses-bucket")],
    ["another event type", { ...event(SIG_KEY), "detail-type": "Object Deleted" }],
    ["another source", { ...event(SIG_KEY), source: "custom.s3" }],
    ["an event without detail", { source: "aws.s3", "detail-type": "Object Created" }],
  ])("ignores %s without touching the registry", async (_name, e) => {
    const { world, sagemaker, handler } = setup();
    const out = await handler(e as S3ObjectCreatedEvent);
    expect(out.status).toBe("ignored");
    expect(world.s3.calls).toEqual([]);
    expect(sagemaker.calls).toEqual([]);
  });

  it("throws, so Lambda retries and dead-letters, when a setting is missing", async () => {
    const { handler } = setup({ GATE_AWS_ATTESTATION_KEY_ARN: undefined });
    await expect(handler(event(SIG_KEY))).rejects.toThrow("environment variable GATE_AWS_ATTESTATION_KEY_ARN is not set");
  });

  it("throws when the catalogue call fails, so the event is retried", async () => {
    const world = s3World();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    world.scanAll(MODEL, VERSION, "NO_THREATS_FOUND");
    const handler = createHandler({
      env: env(),
      s3: world.s3.client(),
      attestationSigner: (keyArn) => {
        const tap = new PaeTap();
        return tap.wrap(new AwsKmsSigner({ client: new FakeAwsKms(tap, p256()).client, keyId: keyArn }));
      },
      catalogue: () => ({ registerApproved: () => Promise.reject(new Error("ThrottlingException")) }),
      now: () => NOW,
      log: () => undefined,
    });
    await expect(handler(event(SIG_KEY))).rejects.toThrow("ThrottlingException");
  });

  it("the package names the handler entry and bundles every SDK (no externals)", () => {
    expect(AWS_GATE_PACKAGE).toEqual({ name: "promotion-gate-aws", entry: "functions/promotion-gate/handlers/aws/index.ts", bundlePath: "index.js", extraFiles: {}, external: [] });
  });
});

/** GATE_SETTINGS with the registry's malware scan settings changed. */
function malwareEnv(onMissing: "wait" | "reject", waitSeconds = 300): Record<string, string> {
  return { GATE_SETTINGS: JSON.stringify({ lineageTags: LINEAGE_TAGS, gate: { ...FRAUD_SETTINGS, malwareScan: { onMissing, waitSeconds } } }) };
}

function recordOf(world: ReturnType<typeof s3World>, key: string, publicPem: string) {
  return verifyDecisionRecord(world.s3.bucket(S3_PROPS.logBucket).current(key)!.bytes!, publicPem);
}

describe("AWS gate handler: GuardDuty Malware Protection for S3 results", () => {
  it("clean: every object tagged NO_THREATS_FOUND is approved; the record lists the check and the policy names GuardDuty", async () => {
    const { world, attestation, handler } = setup();
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    const out = await handler(event(SIG_KEY));
    expect(out).toMatchObject({ status: "decided", accepted: true });
    const verified = recordOf(world, world.recordKeys()[0]!, attestation.publicPem);
    expect(verified.checks.map((c) => `${c.id} ${c.status}`)).toEqual([
      "limits passed", "signature passed", "malware-scan passed", "lineage passed", "evaluation passed", "serialization passed", "version passed",
    ]);
    expect(verified.statement.predicate.blueprintGate.policy.malwareScan).toEqual({ scanner: "guardduty-malware-protection-s3", onMissing: "wait", waitSeconds: 300 });
    // GuardDuty's tag is the scanner's, not the publisher's lineage.
    expect(verified.statement.predicate.blueprintGate.lineage).toEqual(GOOD_LINEAGE);
    // Each result is read from the version listed (GetObjectTagging with its VersionId).
    const tagReads = world.s3.calls.filter((c) => c.command === "GetObjectTaggingCommand").map((c) => c.input);
    expect(tagReads).toEqual(expect.arrayContaining([
      { Bucket: S3_PROPS.bucket, Key: `incoming/${MODEL}/${VERSION}/model.safetensors`, VersionId: "v1" },
      { Bucket: S3_PROPS.bucket, Key: `incoming/${MODEL}/${VERSION}/model.sig`, VersionId: "v4" },
    ]));
  });

  it("infected: THREATS_FOUND rejects with the threat reason; nothing is copied or registered", async () => {
    const { world, sagemaker, lines, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    world.scanResult(MODEL, VERSION, "model.safetensors", "THREATS_FOUND");
    const out = await handler(event(SIG_KEY));
    expect(out).toMatchObject({ status: "decided", accepted: false });
    expect(world.approved(MODEL, VERSION).size).toBe(0);
    expect(sagemaker.calls).toEqual([]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ accepted: false, failedChecks: ["malware-scan"], reasons: ["GATE_MALWARE_FOUND"] });
  });

  it("UNSUPPORTED (GuardDuty skipped the object) rejects", async () => {
    const { world, lines, handler } = setup();
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    world.scanResult(MODEL, VERSION, "model.safetensors", "UNSUPPORTED");
    expect(await handler(event(SIG_KEY))).toMatchObject({ accepted: false });
    expect(JSON.parse(lines[0]!)).toMatchObject({ failedChecks: ["malware-scan"], reasons: ["GATE_MALWARE_SCAN_UNSUPPORTED"] });
  });

  it("unscanned + reject: rejected at once, no pause", async () => {
    const { world, clock, lines, handler } = setup(malwareEnv("reject"), [], null);
    world.upload(MODEL, VERSION, await signedFiles(), GOOD_LINEAGE);
    expect(await handler(event(SIG_KEY))).toMatchObject({ status: "decided", accepted: false });
    expect(clock.slept).toEqual([]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ failedChecks: ["malware-scan"], reasons: ["GATE_MALWARE_SCAN_MISSING"] });
  });

  it("unscanned + wait: polls up to waitSeconds, rejects under a key of its own, and a re-upload of model.sig after the scan is approved", async () => {
    const { world, clock, attestation, sagemaker, handler } = setup(malwareEnv("wait", 30), [], null);
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    const digest = sha256(files["model.sig"]!);

    const first = await handler(event(SIG_KEY));
    expect(clock.slept).toEqual([2000, 4000, 8000, 16000]);
    const unscannedKey = `provenance/fraud-scoring/scorer/1.0.0/${digest}.unscanned-8e38a1ea5c681c8e.dsse.json`;
    expect(first).toMatchObject({ status: "decided", accepted: false, recordKey: unscannedKey });
    expect(recordOf(world, unscannedKey, attestation.publicPem).checks.find((c) => c.id === "malware-scan")!.reasons.map((r) => r.code)).toEqual(["GATE_MALWARE_SCAN_MISSING"]);

    // The same event again (a redelivery) meets the same key: still one record.
    expect(await handler(event(SIG_KEY))).toMatchObject({ status: "replayed", accepted: false, recordKey: unscannedKey });

    // GuardDuty finishes; the publisher uploads the same model.sig again (a new object version, a new event).
    world.scanAll(MODEL, VERSION, "NO_THREATS_FOUND");
    world.overwrite(MODEL, VERSION, "model.sig", files["model.sig"]!);
    world.scanResult(MODEL, VERSION, "model.sig", "NO_THREATS_FOUND");
    Object.assign(world.s3.bucket(S3_PROPS.bucket).current(SIG_KEY)!.tags, GOOD_LINEAGE);
    const finalKey = `provenance/fraud-scoring/scorer/1.0.0/${digest}.dsse.json`;
    expect(await handler(event(SIG_KEY))).toMatchObject({ status: "decided", accepted: true, recordKey: finalKey });
    expect(world.recordKeys().sort()).toEqual([finalKey, unscannedKey].sort());
    expect(world.approved(MODEL, VERSION).size).toBe(4);
    expect(sagemaker.calls).toHaveLength(1);
  });

  it("a result landing during the wait: approved, with the input's own record key", async () => {
    let tagAll = (): void => undefined;
    const { world, clock, handler } = setup({}, [], null, (n) => {
      if (n === 2) tagAll();
    });
    const files = await signedFiles();
    world.upload(MODEL, VERSION, files, GOOD_LINEAGE);
    tagAll = () => world.scanAll(MODEL, VERSION, "NO_THREATS_FOUND");
    const out = await handler(event(SIG_KEY));
    expect(clock.slept).toEqual([2000, 4000]);
    expect(out).toMatchObject({ status: "decided", accepted: true, recordKey: `provenance/fraud-scoring/scorer/1.0.0/${sha256(files["model.sig"]!)}.dsse.json` });
  });
});
