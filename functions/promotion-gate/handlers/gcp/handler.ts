import { GatePolicy } from "../../gate/policy";
import { GcpKmsClient, GcpKmsSigner } from "../../kms/gcp-signer";
import { Signer } from "../../oms/sign";
import { GateRunResult, runGate, RunGateDeps } from "../../run-gate";
import { GcsRegistryStore, GcsStorageLike } from "../../storage/gcs-store";
import { parseIncomingKey } from "../../storage/incoming-key";
import { GATE_VERSION } from "../../version";
import { GateEnvironmentError, readGateEnvironment } from "../gate-environment";
import { GCP_GATE_ENV, KMS_KEY_VERSION_NAME } from "./environment";

/** The CloudEvent type Eventarc delivers for a new object (or a new generation of one). */
export const GCS_FINALIZED_EVENT = "google.cloud.storage.object.v1.finalized";

/**
 * What the handler reads of a CloudEvent: its `type` and the `StorageObjectData` payload
 * (googleapis/google-cloudevents `google/events/cloud/storage/v1/data.proto`: `bucket`, `name`,
 * `generation`, the last an int64 rendered as a decimal string in JSON). The Functions
 * Framework's `CloudEvent<T>` is assignable to it.
 */
export interface StorageCloudEvent {
  readonly id?: string;
  readonly type?: string;
  readonly data?: { readonly bucket?: unknown; readonly name?: unknown; readonly generation?: unknown } | undefined;
}

/** What the handler is built from; the real clients are made lazily, once per instance. */
export interface GcpGateHandlerDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly storage: () => GcsStorageLike;
  readonly kms: () => GcpKmsClient;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** One line per event, JSON (Cloud Logging reads `severity` and `message` of a JSON line on stdout). @default a write to stdout */
  readonly log?: (line: string) => void;
}

/** What one event came to: ignored (not a `model.sig` of this registry) or the gate's run. */
export type GcpGateOutcome = { readonly status: "ignored"; readonly reason: string } | { readonly status: "ran"; readonly result: GateRunResult };

interface Runtime {
  readonly bucket: string;
  readonly deps: RunGateDeps;
  readonly policy: GatePolicy;
}

function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new GateEnvironmentError(`environment variable ${name} is not set`);
  return value;
}

function buildRuntime(deps: GcpGateHandlerDeps): Runtime {
  // No malware-scan check on GCP: Cloud Storage writes no per-object scan result the gate can
  // read. The policy records why (NO_SCANNER_REASON), so every decision record says so.
  const gate = readGateEnvironment(deps.env, GATE_VERSION, "none");
  const bucket = requiredEnv(deps.env, GCP_GATE_ENV.registryBucket);
  const logBucket = requiredEnv(deps.env, GCP_GATE_ENV.logBucket);
  const keyVersionName = requiredEnv(deps.env, GCP_GATE_ENV.attestationKeyVersion);
  if (!KMS_KEY_VERSION_NAME.test(keyVersionName)) {
    throw new GateEnvironmentError(`${GCP_GATE_ENV.attestationKeyVersion} must name a key version (projects/.../cryptoKeys/<key>/cryptoKeyVersions/<n>)`);
  }
  const storage = deps.storage();
  const attestationSigner: Signer = new GcpKmsSigner({ client: deps.kms(), keyVersionName });
  return {
    bucket,
    policy: gate.policy,
    deps: {
      store: new GcsRegistryStore({ storage, bucket, logBucket }),
      policy: gate.policy,
      publicKey: gate.signingPublicKeyPem,
      attestationSigner,
      verifier: gate.verifier,
      policyUri: gate.policyUri,
      approvedRetentionDays: gate.approvedRetentionDays,
      now: deps.now ?? (() => new Date()),
    },
  };
}

/**
 * The promotion gate's CloudEvent handler: a `finalized` event for
 * `incoming/<model>/<version>/model.sig` in this registry's bucket runs the gate for that
 * version; any other object, bucket or event type is ignored (logged, not retried). A
 * rejection is a result, not an error: it is logged and the event is done. Any other failure
 * (storage, KMS, a settings error, an untrusted record) throws, so Eventarc redelivers the event
 * with backoff (the trigger's retry policy); runGate is idempotent per upload, so a redelivery
 * either finishes the promotion or replays the record.
 */
export function createHandler(deps: GcpGateHandlerDeps): (event: StorageCloudEvent) => Promise<GcpGateOutcome> {
  // Cloud Run functions turn each JSON line on stdout into a structured log entry ("Write and
  // view logs", cloud.google.com/functions/docs/monitoring/logging: `severity`, `message`).
  const log = deps.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  let runtime: Runtime | undefined;
  return async (event) => {
    // Settings are read at the first event, not at load: a broken setting fails that event
    // loudly (and is retried once fixed) instead of crashing the instance in a loop.
    runtime ??= buildRuntime(deps);
    const bucket = event.data?.bucket;
    const name = event.data?.name;
    const generation = event.data?.generation;
    const ignore = (reason: string): GcpGateOutcome => {
      log(JSON.stringify({ severity: "INFO", message: `promotion gate ignored an event: ${reason}`, eventId: event.id, bucket, object: name }));
      return { status: "ignored", reason };
    };
    if (event.type !== GCS_FINALIZED_EVENT) return ignore(`event type ${String(event.type)} is not ${GCS_FINALIZED_EVENT}`);
    // The trigger filters on the bucket already; checked again so a trigger pointed at another
    // bucket can never make this gate write approved/ copies of objects it did not list.
    if (bucket !== runtime.bucket) return ignore(`bucket ${String(bucket)} is not the registry bucket ${runtime.bucket}`);
    if (typeof name !== "string") return ignore("the event names no object");
    const target = parseIncomingKey(name);
    if (target === null) return ignore(`${name} is not incoming/<model>/<version>/model.sig`);
    try {
      const result = await runGate(target, runtime.deps);
      const failed = result.decision.checks.filter((c) => c.status === "failed");
      log(
        JSON.stringify({
          severity: result.decision.accepted ? "INFO" : "WARNING",
          message: `promotion gate ${result.decision.accepted ? "approved" : "rejected"} ${runtime.policy.registry}/${target.model}/${target.version}`,
          eventId: event.id,
          registry: runtime.policy.registry,
          model: target.model,
          version: target.version,
          generation: generation === undefined ? undefined : String(generation),
          accepted: result.decision.accepted,
          outcome: result.outcome,
          recordKey: result.recordKey,
          failedChecks: failed.map((c) => c.id),
          reasons: failed.flatMap((c) => c.reasons.map((r) => r.code)),
        }),
      );
      return { status: "ran", result };
    } catch (e) {
      log(
        JSON.stringify({
          severity: "ERROR",
          message: `promotion gate failed on ${runtime.policy.registry}/${target.model}/${target.version}: ${e instanceof Error ? e.message : String(e)}`,
          eventId: event.id,
          code: typeof (e as { code?: unknown }).code === "string" ? (e as { code: string }).code : undefined,
        }),
      );
      throw e;
    }
  };
}
