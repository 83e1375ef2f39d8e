/**
 * The gate's code version, recorded as `verifier.version.gate` in every decision record next to
 * the package's SHA-256. Change it with package.json's version (test/functions/promotion-gate/
 * version.test.ts holds them equal).
 */
export const GATE_VERSION = "0.1.0";
