import { createHash } from "node:crypto";
import { GateClock } from "../../../../functions/promotion-gate/gate/types";
import { LocalPemSigner } from "../../../../functions/promotion-gate/oms/local-signer";
import { RunGateDeps } from "../../../../functions/promotion-gate/run-gate";
import { RegistryStore } from "../../../../functions/promotion-gate/storage/registry-store";
import { fraudPolicy, GOOD_LINEAGE, goodFiles, signedVersion } from "../gate/gate-fixtures";
import { ecKeys } from "../oms/oms-helpers";

export const MODEL = "scorer";
export const VERSION = "1.0.0";
/** The run's clock; approved copies are locked 365 days from it. */
export const NOW = new Date("2026-12-02T06:00:00.000Z");

/** Keys generated for the suite: the environment's model-signing key and the gate's attestation key. */
export const SIGNING = ecKeys();
export const ATTESTATION = ecKeys();

export function deps(store: RegistryStore, overrides: Partial<RunGateDeps> = {}): RunGateDeps {
  return {
    store,
    policy: fraudPolicy(),
    publicKey: SIGNING.publicPem,
    attestationSigner: new LocalPemSigner(ATTESTATION.privatePem),
    verifier: { id: "https://example.com/blueprint/promotion-gate", version: { gate: "0.1.0" } },
    policyUri: "https://example.com/blueprint/policies/fraud-scoring",
    approvedRetentionDays: 365,
    now: () => NOW,
    ...overrides,
  };
}

/** The files of a signed upload (model.sig included), signed with the environment's key. */
export async function signedFiles(files: Record<string, Buffer> = goodFiles()): Promise<Record<string, Buffer>> {
  const { version } = await signedVersion(files, SIGNING);
  return Object.fromEntries(version.files);
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export { GOOD_LINEAGE, goodFiles };

/**
 * A clock that never waits: `sleep` moves time forward at once and records the pause, and
 * `onSleep` (the n-th pause, 1-based) lets a test make a scan result land during the wait.
 */
export function instantClock(onSleep: (n: number) => void = () => undefined): GateClock & { readonly slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
      onSleep(slept.length);
    },
  };
}
