/**
 * The GCP gate's own settings, beside the cloud-neutral GATE_ENV (../gate-environment.ts):
 * written at synth by the module (modules/ai-supply-chain-gcp.ts, through LockedDownFunction's
 * `environment`) and read at start-up by the handler, one place for the names.
 */
export const GCP_GATE_ENV = {
  /** The registry bucket the gate reads `incoming/` of and writes `approved/` of. */
  registryBucket: "GATE_REGISTRY_BUCKET",
  /** The bucket decision records go to, under `provenance/`. */
  logBucket: "GATE_LOG_BUCKET",
  /**
   * The attestation key version the gate signs records with:
   * `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>/cryptoKeyVersions/<n>`. A version,
   * not the key: a new version (a rotation) never silently changes which key vouches for records.
   */
  attestationKeyVersion: "GATE_ATTESTATION_KEY_VERSION",
} as const;

/** `projects/*\/locations/*\/keyRings/*\/cryptoKeys/*\/cryptoKeyVersions/<n>` (Cloud KMS resource names). */
export const KMS_KEY_VERSION_NAME = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/[1-9][0-9]*$/;

/** The function's entry point name: the handler registers under it (`functions.cloudEvent`), the function names it (`build_config.entry_point`). */
export const GCP_GATE_ENTRY_POINT = "promotionGate";
