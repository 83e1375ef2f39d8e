/** The promotion gate's decision engine: cloud-neutral, given a listing and a reader per object. */
export { decide, DecideOptions } from "./decide";
export {
  GatePolicy, GateLimits, GateSettings, EvaluationRequirement, Comparison, GatePolicyError,
  DEFAULT_GATE_SETTINGS, gatePolicyFromSettings, parseRequirement, policyDigest, canonicalJson,
} from "./policy";
export { GateInput, GateDecision, GateCheck, GateCheckId, GateCheckStatus, GateReason, SignedFile, VersionObject, VersionReader } from "./types";
export { EvaluationReport, parseEvaluationReport } from "./evaluation-check";
export { localVersion } from "./local-version";
export { labelOf } from "./labels";
