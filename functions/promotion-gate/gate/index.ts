/** The promotion gate's decision engine: cloud-neutral, given a listing and a reader per object. */
export { decide, DecideOptions } from "./decide";
export {
  GatePolicy, GateLimits, GateSettings, EvaluationRequirement, Comparison, GatePolicyError,
  DEFAULT_GATE_SETTINGS, gatePolicyFromSettings, parseRequirement, policyDigest, canonicalJson,
  MalwareScanner, MalwareScanPolicy, NO_SCANNER_REASON,
} from "./policy";
export {
  GateInput, GateDecision, GateCheck, GateCheckId, GateCheckStatus, GateReason, SignedFile, VersionObject, VersionReader,
  GateClock, MalwareScanReader, MalwareScanResult,
} from "./types";
export { checkMalwareScan, onlyScanMissing, SYSTEM_CLOCK } from "./malware-scan-check";
export { EvaluationReport, parseEvaluationReport } from "./evaluation-check";
export { localVersion } from "./local-version";
export { labelOf } from "./labels";
