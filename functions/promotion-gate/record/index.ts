/**
 * The gate's decision record: an in-toto Statement v1 with the SLSA Verification Summary v1
 * predicate, in a DSSE envelope signed by the gate's attestation key, stored under
 * `provenance/<registry>/<model>/<version>/` in the immutable log storage.
 */
export { RecordError, RecordErrorCode } from "./errors";
export {
  buildDecisionStatement, DecisionContext, DecisionStatement, DecisionPredicate, GateExtension, RecordedCheck,
  SubjectDigestKind, IN_TOTO_STATEMENT_TYPE, VSA_PREDICATE_TYPE, GATE_EXTENSION_FIELD, verifiedLevelOf,
} from "./decision-statement";
export { signDecisionRecord, DECISION_RECORD_MEDIA_TYPE } from "./record-envelope";
export { verifyDecisionRecord, VerifiedDecision, MAX_RECORD_BYTES } from "./record-verify";
export { decisionRecordKey, listingDigest, PROVENANCE_PREFIX, scanAttempt, unscannedRecordKey } from "./record-key";
