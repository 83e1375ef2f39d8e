import { GateClock } from "../../gate/types";
import { Signer } from "../../oms/sign";
import { GateRunResult, runGate } from "../../run-gate";
import { parseIncomingKey } from "../../storage/incoming-key";
import { RegistryStore } from "../../storage/registry-store";
import { GATE_VERSION } from "../../version";
import { GateEnvironment, readGateEnvironment } from "../gate-environment";
import { AzureGateSettings, readAzureGateSettings } from "./environment";

/** The Event Grid event type of a blob written to a storage account ("Azure Blob Storage as an Event Grid source"). */
export const BLOB_CREATED = "Microsoft.Storage.BlobCreated";

/**
 * Subject prefix of a BlobCreated event in the registry's upload container (`incoming`,
 * constructs/azure/model-registry.ts INCOMING_CONTAINER; spelled out here so the bundle does not
 * pull in the construct and with it cdktf; test/functions/promotion-gate/handlers/azure holds
 * the two equal).
 */
export const INCOMING_SUBJECT_PREFIX = "/blobServices/default/containers/incoming/blobs/";

/** The part of an Event Grid event (schema `EventGridEvent`, @azure/functions 4.16) the handler reads. */
export interface BlobEventLike {
  readonly id?: string;
  readonly eventType: string;
  readonly subject: string;
  readonly data?: Record<string, unknown>;
}

/** What one event led to. */
export type AzureGateOutcome =
  | { readonly status: "ignored"; readonly reason: string }
  | { readonly status: "decided"; readonly result: GateRunResult };

/** The clients one gate runs with, built once per instance from its settings. */
export interface AzureGateClients {
  readonly store: RegistryStore;
  readonly attestationSigner: Signer;
}

export interface AzureHandlerDeps {
  /** The function's settings. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Builds the store and the attestation signer (real SDK clients in the deployed function). */
  readonly clients: (settings: AzureGateSettings) => AzureGateClients;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Time for the malware-scan wait. @default the system clock */
  readonly clock?: GateClock;
  /**
   * Where the one JSON line per event goes when the invocation gives no logger.
   * @default a line on standard output
   */
  readonly log?: (line: string) => void;
}

/**
 * The `<model>/<version>` an event is for, or why it is ignored. Only a BlobCreated event whose
 * subject names `incoming/<model>/<version>/model.sig` and whose `data.url` is in the configured
 * upload container counts: the subscription's filters select the same events, and checking again
 * here means a subscription widened by hand can make the gate do nothing it would not have done.
 */
export function targetOfEvent(event: BlobEventLike, incomingContainerUrl: string): { model: string; version: string } | { ignored: string } {
  if (event.eventType !== BLOB_CREATED) return { ignored: `event type ${event.eventType} is not ${BLOB_CREATED}` };
  if (!event.subject.startsWith(INCOMING_SUBJECT_PREFIX)) return { ignored: `subject ${event.subject} is not under ${INCOMING_SUBJECT_PREFIX}` };
  const name = event.subject.slice(INCOMING_SUBJECT_PREFIX.length);
  const url = event.data?.["url"];
  if (typeof url !== "string" || url !== `${incomingContainerUrl}/${name}`) return { ignored: `data.url ${String(url)} is not ${incomingContainerUrl}/${name}` };
  const target = parseIncomingKey(name, "container");
  if (target === null) return { ignored: `${name} is not <model>/<version>/model.sig` };
  return target;
}

/**
 * The Event Grid handler: parse, run the gate, log one JSON line. A rejection is a decision
 * (recorded, returned); anything else (a missing setting, a storage or Key Vault error, an
 * untrusted existing record) throws, so Event Grid retries and finally dead-letters the event.
 * Settings and clients are read on the first event and kept for the instance's life.
 */
export function createHandler(deps: AzureHandlerDeps): (event: BlobEventLike, invocationLog?: (line: string) => void) => Promise<AzureGateOutcome> {
  let state: { gate: GateEnvironment; azure: AzureGateSettings; clients: AzureGateClients } | undefined;
  const fallback = deps.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = deps.now ?? (() => new Date());
  return async (event, invocationLog) => {
    const log = invocationLog ?? fallback;
    if (state === undefined) {
      const env = deps.env ?? process.env;
      // Defender for Storage malware scanning writes its result as a blob index tag. A wait longer
      // than Event Grid's acknowledgement timeout ("Event Grid message delivery and retry": a
      // webhook that does not acknowledge within 60 s gets the event again) means a redelivery
      // runs next to the waiting one; runGate stays correct (create-only copies and records,
      // one winner per key), it only costs a second wait.
      const gate = readGateEnvironment(env, GATE_VERSION, "defender-for-storage");
      const azure = readAzureGateSettings(env);
      state = { gate, azure, clients: deps.clients(azure) };
    }
    const { gate, azure, clients } = state;
    const target = targetOfEvent(event, azure.incomingContainerUrl);
    if ("ignored" in target) {
      log(JSON.stringify({ gate: "promotion-gate", cloud: "azure", registry: gate.policy.registry, event: event.id ?? null, status: "ignored", reason: target.ignored }));
      return { status: "ignored", reason: target.ignored };
    }
    const result = await runGate(target, {
      store: clients.store,
      policy: gate.policy,
      publicKey: gate.signingPublicKeyPem,
      attestationSigner: clients.attestationSigner,
      verifier: gate.verifier,
      policyUri: gate.policyUri,
      approvedRetentionDays: gate.approvedRetentionDays,
      now,
      ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    });
    const failed = result.decision.checks.filter((c) => c.status !== "passed");
    log(
      JSON.stringify({
        gate: "promotion-gate",
        cloud: "azure",
        registry: gate.policy.registry,
        event: event.id ?? null,
        model: target.model,
        version: target.version,
        status: result.outcome,
        accepted: result.decision.accepted,
        recordKey: result.recordKey,
        failedChecks: failed.map((c) => c.id),
        reasons: failed.flatMap((c) => c.reasons.map((r) => r.code)),
      }),
    );
    return { status: "decided", result };
  };
}
