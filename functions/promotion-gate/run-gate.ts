import { SIGNATURE_FILE_NAME } from "../../constructs/shared/model-registry-spec";
import { decide } from "./gate/decide";
import { onlyScanMissing } from "./gate/malware-scan-check";
import { GatePolicy } from "./gate/policy";
import { checked, reason } from "./gate/reasons";
import { GateCheck, GateClock, GateDecision, GateReason } from "./gate/types";
import { sha256Stream } from "./oms/digest";
import { Signer } from "./oms/sign";
import {
  buildDecisionStatement, decisionRecordKey, listingDigest, RecordError, scanAttempt, signDecisionRecord, unscannedRecordKey,
  verifyDecisionRecord,
} from "./record";
import { RegistryStore, StoredObject, StoreError } from "./storage/registry-store";

/** The version one event is for. */
export interface GateTarget {
  readonly model: string;
  readonly version: string;
}

/** What the gate runs with: the registry's storage, its policy and the environment's keys. */
export interface RunGateDeps {
  readonly store: RegistryStore;
  readonly policy: GatePolicy;
  /** The environment's model-signing public key (PEM), from the deployment, never from the upload. */
  readonly publicKey: string;
  /** The gate's attestation key: signs new records and, by its public key, vouches for existing ones. */
  readonly attestationSigner: Signer;
  /** The VSA `verifier`: the gate's identity URI and component versions. */
  readonly verifier: { readonly id: string; readonly version: Readonly<Record<string, string>> };
  /** Where the policy is defined: the VSA `policy.uri`. */
  readonly policyUri: string;
  /** Days each approved copy stays locked (the registry's `approvedRetentionDays`). */
  readonly approvedRetentionDays: number;
  readonly now: () => Date;
  /** Time for the malware-scan wait (tests inject one that does not sleep). @default the system clock */
  readonly clock?: GateClock;
}

/** The decision, where its record is, and whether this run made it or found it. */
export interface GateRunResult {
  readonly decision: GateDecision;
  readonly recordKey: string;
  /** `decided`: this run decided and wrote the record. `replayed`: a record for this input existed. */
  readonly outcome: "decided" | "replayed";
}

/** Codes of {@link GateRunError}. */
export type GateRunErrorCode =
  /**
   * A record exists at this input's key but does not verify with the attestation key, or is
   * about another registry, model, version or input: someone other than the gate wrote or
   * altered it. Never treated as a retry, never overwritten.
   */
  | "GATE_RECORD_UNTRUSTED"
  /**
   * The policy names a malware scanner but the store reads no scan results: a wiring error,
   * never decided as a pass (the check would be missing from the decision) nor as a rejection.
   */
  | "GATE_SCANNER_UNAVAILABLE";

/** A run that must stop and be looked at, not retried. */
export class GateRunError extends Error {
  constructor(
    public readonly code: GateRunErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "GateRunError";
  }
}

const DAY_MS = 86_400_000;

/**
 * One event's run of the promotion gate, idempotent per upload (issue 10 point 6): the record
 * key is derived from the upload's input digest (the `model.sig` sha256, or the listing digest
 * without one), so a redelivered event finds the record and returns it without a second copy or
 * a second record. Order: decide, copy (create-only, `model.sig` first), then write the
 * record; a crash between copies and record is retried to the same end state, because copies
 * from the same input come back `exists`. The record, written last, marks the promotion done.
 * A rejection only for malware scan results not there yet is recorded under a key of its own
 * per `model.sig` version (record-key.ts unscannedRecordKey), so uploading `model.sig` again
 * once the scan is done gets the upload decided, instead of replaying the rejection.
 */
export async function runGate(target: GateTarget, deps: RunGateDeps): Promise<GateRunResult> {
  const { store, policy } = deps;
  const { model, version } = target;
  if (policy.malwareScan.scanner !== "none" && store.malwareScans === undefined) {
    throw new GateRunError("GATE_SCANNER_UNAVAILABLE", `the policy requires ${policy.malwareScan.scanner} results, and this store reads none`);
  }
  const objects = await store.listIncoming(model, version);
  const signature = objects.find((o) => o.name === SIGNATURE_FILE_NAME);
  const reader = store.reader(objects);
  const listing = listingDigest(objects);
  // A model.sig over the manifest limit is never hashed: the decision rejects it without
  // reading it, and streaming gigabytes on every redelivery would outlast the function's
  // timeout, so no record would ever be written. Such an upload is keyed by its listing.
  const hashed = signature !== undefined && signature.size <= policy.limits.maxManifestBytes;
  const signatureSha256 = hashed ? (await sha256Stream(reader.open(signature.name))).toString("hex") : undefined;
  const inputDigest = signatureSha256 ?? listing;
  const recordKey = decisionRecordKey(policy.registry, model, version, inputDigest);
  const attestationKey = await deps.attestationSigner.publicKeyPem();
  const expected: ExpectedInput = { signatureSha256, listingDigest: listing };

  const existing = await store.readRecord(recordKey);
  if (existing !== undefined) return { decision: trustedDecision(existing, attestationKey, target, deps, expected), recordKey, outcome: "replayed" };

  // Lineage of the pinned model.sig version: tags changed after the listing are not this upload's.
  const lineage = await store.lineage(signature);
  const malwareScans = policy.malwareScan.scanner === "none" ? undefined : store.malwareScans?.(objects);
  const decided = await decide(
    { model, version, objects, reader, lineage, ...(malwareScans === undefined ? {} : { malwareScans }) },
    { policy, publicKey: deps.publicKey, ...(deps.clock === undefined ? {} : { clock: deps.clock }) },
  );
  let versionCheck = await checkVersion(store, target, inputDigest);
  if (decided.accepted && versionCheck.status === "passed") {
    const conflict = await promote(store, target, objects, decided, inputDigest, deps);
    if (conflict !== undefined) versionCheck = versionFailed([conflict]);
  }
  const checks = [...decided.checks, versionCheck];
  const decision: GateDecision = { ...decided, checks, accepted: decided.accepted && versionCheck.status === "passed" };

  const statement = buildDecisionStatement(decision, {
    registry: policy.registry,
    model,
    version,
    resourceUri: store.incomingUri(model, version),
    signatureUri: store.objectUri(model, version, SIGNATURE_FILE_NAME),
    policy,
    policyUri: deps.policyUri,
    verifier: deps.verifier,
    timeVerified: deps.now().toISOString(),
    lineage,
    // The subject when the decision has no model.sig digest (none uploaded, or over the limits).
    listingDigest: listing,
  });
  const bytes = await signDecisionRecord(statement, deps.attestationSigner);
  const writtenKey = !decision.accepted && signature !== undefined && onlyScanMissing(decision.checks)
    ? unscannedRecordKey(policy.registry, model, version, inputDigest, scanAttempt(signature.pin))
    : recordKey;
  if ((await store.writeRecord(writtenKey, bytes)) === "written") return { decision, recordKey: writtenKey, outcome: "decided" };
  // A concurrent run for the same upload wrote first: its record is the decision.
  const winner = await store.readRecord(writtenKey);
  if (winner === undefined) throw new GateRunError("GATE_RECORD_UNTRUSTED", `${writtenKey} was reported existing but cannot be read`);
  return { decision: trustedDecision(winner, attestationKey, target, deps, expected), recordKey: writtenKey, outcome: "replayed" };
}

/**
 * The `version` check, run for every decision so the record always says whether the version
 * was free: it passes when `approved/<model>/<version>/` is empty or holds only this upload's
 * copies (a promotion interrupted after some copies), and fails when any object there came from
 * another input or from none. A rejected upload gets the check too (it costs one listing, and
 * tells the publisher that a fixed re-upload of an approved version would be refused as well);
 * only an accepted upload is ever copied.
 */
async function checkVersion(store: RegistryStore, target: GateTarget, inputDigest: string): Promise<GateCheck> {
  const approved = await store.listApproved(target.model, target.version);
  const foreign = approved.filter((a) => a.inputDigest !== inputDigest);
  if (foreign.length > 0) {
    const first = foreign[0]!;
    return versionFailed([
      reason(
        "GATE_VERSION_APPROVED",
        `${target.model}/${target.version} is already approved from another upload (${foreign.length} object(s), e.g. approved/${target.model}/${target.version}/${first.name}${first.inputDigest === undefined ? ", written without a gate input digest" : `, input ${first.inputDigest}`}); upload a new version instead`,
      ),
    ]);
  }
  const summary = approved.length === 0
    ? `approved/${target.model}/${target.version}/ is empty`
    : `approved/${target.model}/${target.version}/ holds ${approved.length} object(s) of this upload only (an interrupted promotion)`;
  return checked("version", summary, []);
}

function versionFailed(reasons: readonly GateReason[]): GateCheck {
  return checked("version", "the version is already approved from another upload", reasons);
}

/**
 * Copies `model.sig`, then every signed file, each pinned to the version checked. `model.sig`
 * goes first as the version's claim: two uploads racing for one free version both pass the
 * listing, but only one creates `approved/.../model.sig` (create-only), and the other stops
 * before copying any file, so `approved/` never mixes two uploads. Returns the reason when a
 * copy meets another input's object.
 */
async function promote(
  store: RegistryStore, target: GateTarget, objects: readonly StoredObject[], decision: GateDecision, inputDigest: string, deps: RunGateDeps,
): Promise<GateReason | undefined> {
  const retainUntil = new Date(deps.now().getTime() + deps.approvedRetentionDays * DAY_MS);
  const names = [SIGNATURE_FILE_NAME, ...decision.files.map((f) => f.name)];
  for (const name of names) {
    // The signature verified against this listing, so every signed name is in it.
    const obj = objects.find((o) => o.name === name)!;
    try {
      await store.copyToApproved(target.model, target.version, obj, { retainUntil, inputDigest });
    } catch (e) {
      if (StoreError.isStoreError(e) && e.code === "STORE_APPROVED_CONFLICT") {
        return reason("GATE_VERSION_APPROVED", `${target.model}/${target.version} was approved from another upload during this decision: ${e.message}`);
      }
      throw e;
    }
  }
  return undefined;
}

/** What a record of this upload must name: its model.sig digest, or else its listing as the subject. */
interface ExpectedInput {
  readonly signatureSha256: string | undefined;
  readonly listingDigest: string;
}

/**
 * The decision an existing record holds, once it verifies with the attestation key and is about
 * this registry, model, version and input; anything else is tampering, not a retry.
 */

function trustedDecision(bytes: Buffer, attestationKey: string, target: GateTarget, deps: RunGateDeps, expected: ExpectedInput): GateDecision {
  let verified: ReturnType<typeof verifyDecisionRecord>;
  try {
    verified = verifyDecisionRecord(bytes, attestationKey);
  } catch (e) {
    if (e instanceof RecordError) throw new GateRunError("GATE_RECORD_UNTRUSTED", `the existing decision record does not verify with the attestation key: ${e.message}`);
    throw e;
  }
  const gate = verified.statement.predicate.blueprintGate;
  const subject = verified.statement.subject[0];
  const about = `${verified.registry}/${verified.model}/${verified.version}`;
  const wanted = `${deps.policy.registry}/${target.model}/${target.version}`;
  // A record without a model.sig digest names the listing as its subject; else the digest must match.
  const sameInput = verified.signatureSha256 === undefined
    ? gate.subjectDigest === "listing" && subject?.digest.sha256 === expected.listingDigest
    : verified.signatureSha256 === expected.signatureSha256;
  if (about !== wanted || !sameInput) {
    throw new GateRunError(
      "GATE_RECORD_UNTRUSTED",
      `the existing decision record is about ${about} input ${verified.signatureSha256 ?? `listing ${String(subject?.digest.sha256)}`}, not ${wanted} input ${expected.signatureSha256 ?? `listing ${expected.listingDigest}`}`,
    );
  }
  return {
    accepted: verified.result === "PASSED",
    checks: verified.checks,
    ...(verified.signatureSha256 === undefined ? {} : { signatureSha256: verified.signatureSha256 }),
    ...(gate.subjectDigest === "oms-root-digest" && subject !== undefined ? { rootDigest: subject.digest.sha256 } : {}),
    files: gate.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
  };
}
