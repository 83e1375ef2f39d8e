import type { S3Client } from "@aws-sdk/client-s3";
import { APPROVED_PREFIX } from "../../../../constructs/shared/model-registry-spec";
import { AwsKmsSigner } from "../../kms/aws-signer";
import { GateClock } from "../../gate/types";
import { Signer } from "../../oms/sign";
import { GateRunResult, runGate } from "../../run-gate";
import { S3RegistryStore } from "../../storage/s3-store";
import { parseIncomingKey } from "../../storage/incoming-key";
import { GATE_VERSION } from "../../version";
import { GateEnvironmentError, readGateEnvironment } from "../gate-environment";
import { AWS_GATE_ENV } from "./environment";
import { ModelCatalogue, SageMakerLike, SageMakerModelCatalogue } from "./model-catalogue";

/**
 * The EventBridge event S3 sends for a new object ("Object Created", source `aws.s3`; Amazon S3
 * User Guide, "EventBridge event message structure"): only the fields the gate reads.
 */
export interface S3ObjectCreatedEvent {
  readonly source?: string;
  readonly "detail-type"?: string;
  readonly detail?: {
    readonly bucket?: { readonly name?: string };
    readonly object?: { readonly key?: string; readonly "version-id"?: string };
  };
}

/** What one invocation did. */
export type AwsGateOutcome =
  | { readonly status: "ignored"; readonly reason: string }
  | {
      readonly status: "decided" | "replayed";
      readonly accepted: boolean;
      readonly model: string;
      readonly version: string;
      readonly recordKey: string;
      /** The SageMaker model package of an accepted version. */
      readonly modelPackageArn?: string;
    };

/** The SDK clients and settings the handler runs with: real ones in Lambda, fakes in tests. */
export interface AwsGateHandlerDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly s3: Pick<S3Client, "send">;
  /**
   * The S3 client for the log bucket's region, when it differs from the function's
   * (GATE_AWS_LOG_REGION under the evidence-account layout). @default s3
   */
  readonly s3ForRegion?: (region: string) => Pick<S3Client, "send">;
  /** The attestation signer for a key ARN: an AwsKmsSigner over a KMS client in Lambda. */
  readonly attestationSigner: (keyArn: string) => Signer;
  /** The catalogue of the registry's model package group. */
  readonly catalogue: (groupName: string) => ModelCatalogue;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Time for the malware-scan wait. @default the system clock */
  readonly clock?: GateClock;
  /** Where the one JSON summary line goes. @default console.log (CloudWatch Logs in Lambda) */
  readonly log?: (line: string) => void;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new GateEnvironmentError(`environment variable ${name} is not set`);
  return value;
}

/**
 * The gate's Lambda handler over injected clients. Settings are read and checked on the first
 * event, so a misconfigured function fails loudly (and its events go to the dead-letter queue)
 * instead of deciding with a default. An event for another bucket, or for any object other than
 * `incoming/<model>/<version>/model.sig`, is ignored: the EventBridge rule filters the same way,
 * the handler checks again because anyone allowed to put events on the bus could send one.
 * A rejection is a result, not an error: it is logged and recorded and the event is done. Any
 * other failure throws, so Lambda retries the asynchronous event and then dead-letters it.
 */
export function createHandler(deps: AwsGateHandlerDeps): (event: S3ObjectCreatedEvent) => Promise<AwsGateOutcome> {
  // console.log is what the Node.js runtime turns into a CloudWatch Logs record (with
  // logging_config JSON, one structured record per call: Lambda Developer Guide, "Log and
  // monitor Node.js Lambda functions").
  // eslint-disable-next-line no-console
  const log = deps.log ?? ((line: string) => console.log(line));
  let settings: ReturnType<typeof load> | undefined;
  const load = () => {
    const env = deps.env;
    // GuardDuty Malware Protection for S3 tags each scanned object; the module enables it on
    // the registry bucket's incoming/ prefix with tagging on.
    const gate = readGateEnvironment(env, GATE_VERSION, "guardduty-malware-protection-s3");
    const bucket = required(env, AWS_GATE_ENV.registryBucket);
    const logRegion = required(env, AWS_GATE_ENV.logRegion);
    // Lambda sets AWS_REGION to the function's region (Lambda Developer Guide, "Defined runtime environment variables").
    const otherRegion = logRegion !== env["AWS_REGION"] && deps.s3ForRegion !== undefined;
    const store = new S3RegistryStore({
      client: deps.s3,
      ...(otherRegion ? { logClient: deps.s3ForRegion!(logRegion) } : {}),
      bucket,
      kmsKeyArn: required(env, AWS_GATE_ENV.registryKeyArn),
      logBucket: required(env, AWS_GATE_ENV.logBucket),
      logKmsKeyArn: required(env, AWS_GATE_ENV.logKeyArn),
    });
    const attestationSigner = deps.attestationSigner(required(env, AWS_GATE_ENV.attestationKeyArn));
    const catalogue = deps.catalogue(required(env, AWS_GATE_ENV.modelPackageGroup));
    return { gate, bucket, store, attestationSigner, catalogue };
  };

  return async (event) => {
    settings ??= load();
    const { gate, bucket, store, attestationSigner, catalogue } = settings;
    const key = event.detail?.object?.key;
    const eventBucket = event.detail?.bucket?.name;
    const ignore = (reason: string): AwsGateOutcome => {
      log(JSON.stringify({ gate: "aws", status: "ignored", reason, bucket: eventBucket ?? null, key: key ?? null }));
      return { status: "ignored", reason };
    };
    if (event.source !== "aws.s3" || event["detail-type"] !== "Object Created") return ignore("not an S3 Object Created event");
    if (eventBucket !== bucket) return ignore(`bucket ${JSON.stringify(eventBucket ?? null)} is not the registry bucket`);
    // Keys the gate acts on are [a-z0-9._-] and `/` only, which no encoding changes.
    const target = key === undefined ? null : parseIncomingKey(key);
    if (target === null) return ignore("not incoming/<model>/<version>/model.sig");

    const run: GateRunResult = await runGate(target, {
      store,
      policy: gate.policy,
      publicKey: gate.signingPublicKeyPem,
      attestationSigner,
      verifier: gate.verifier,
      policyUri: gate.policyUri,
      approvedRetentionDays: gate.approvedRetentionDays,
      now: deps.now ?? (() => new Date()),
      ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    });
    let modelPackageArn: string | undefined;
    if (run.decision.accepted) {
      // Also on a replay: a run that crashed after its record but before this call registers
      // now, and the client token returns the package an earlier call created.
      modelPackageArn = await catalogue.registerApproved({
        model: target.model,
        version: target.version,
        approvedUri: `s3://${bucket}/${APPROVED_PREFIX}${target.model}/${target.version}/`,
        recordKey: run.recordKey,
        ...(run.decision.rootDigest === undefined ? {} : { rootDigest: run.decision.rootDigest }),
        verifierId: gate.verifier.id,
      });
    }
    const failed = run.decision.checks.filter((c) => c.status === "failed");
    log(
      JSON.stringify({
        gate: "aws",
        status: run.outcome,
        accepted: run.decision.accepted,
        registry: gate.policy.registry,
        model: target.model,
        version: target.version,
        objectVersionId: event.detail?.object?.["version-id"] ?? null,
        recordKey: run.recordKey,
        failedChecks: failed.map((c) => c.id),
        reasons: failed.flatMap((c) => c.reasons.map((r) => r.code)),
        ...(modelPackageArn === undefined ? {} : { modelPackageArn }),
      }),
    );
    return {
      status: run.outcome,
      accepted: run.decision.accepted,
      model: target.model,
      version: target.version,
      recordKey: run.recordKey,
      ...(modelPackageArn === undefined ? {} : { modelPackageArn }),
    };
  };
}

let real: ((event: S3ObjectCreatedEvent) => Promise<AwsGateOutcome>) | undefined;

/**
 * The Lambda entry point (`index.handler`): SDK clients created on the first event, in the
 * function's region and with its role's credentials (the SDK's default chain).
 */
export async function handler(event: S3ObjectCreatedEvent): Promise<AwsGateOutcome> {
  if (real === undefined) {
    const [{ S3Client }, { KMSClient }, { SageMakerClient }] = await Promise.all([
      import("@aws-sdk/client-s3"),
      import("@aws-sdk/client-kms"),
      import("@aws-sdk/client-sagemaker"),
    ]);
    const sagemaker: SageMakerLike = new SageMakerClient({});
    const kms = new KMSClient({});
    real = createHandler({
      env: process.env,
      s3: new S3Client({}),
      s3ForRegion: (region) => new S3Client({ region }),
      attestationSigner: (keyArn) => new AwsKmsSigner({ client: kms, keyId: keyArn }),
      catalogue: (group) => new SageMakerModelCatalogue(sagemaker, group),
    });
  }
  return real(event);
}
