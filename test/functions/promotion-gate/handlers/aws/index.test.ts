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
import { GOOD_LINEAGE, MODEL, NOW, sha256, SIGNING, signedFiles, VERSION } from "../../storage/run-helpers";

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

function setup(envOverrides: Record<string, string | undefined> = {}, regional: string[] = []) {
  const world = s3World();
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
    log: (line) => lines.push(line),
  });
  return { world, attestation, kms, sagemaker, lines, handler };
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
