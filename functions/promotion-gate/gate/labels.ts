/**
 * What each reason code means to a publisher, in two or three words: the CLI prints
 * `<check>: <label>: <message>` and the decision record keeps code, label and message. Labels
 * may be reworded; codes may not (they are the record's stable part).
 */
const LABELS: Readonly<Record<string, string>> = {
  OMS_BUNDLE_TOO_LARGE: "oversized bundle",
  OMS_BUNDLE_MALFORMED: "malformed bundle",
  OMS_BAD_BASE64: "malformed bundle",
  OMS_KEY_UNSUPPORTED: "unsupported key",
  OMS_HINT_MISMATCH: "wrong key",
  OMS_SIGNATURE_INVALID: "wrong key or altered manifest",
  OMS_PAYLOAD_MALFORMED: "malformed bundle",
  OMS_PREDICATE_TYPE: "wrong predicate type",
  OMS_SERIALIZATION_UNSUPPORTED: "unsupported serialization",
  OMS_UNSAFE_NAME: "unsafe file name",
  OMS_DUPLICATE_RESOURCE: "duplicate file name",
  OMS_ROOT_DIGEST_MISMATCH: "inconsistent manifest",
  OMS_DIGEST_MISMATCH: "tampered file",
  OMS_EXTRA_FILE: "extra file",
  OMS_MISSING_FILE: "missing file",
  OMS_SYMLINK_REFUSED: "symbolic link",
  OMS_UNSUPPORTED_FILE: "unsupported file",
  OMS_SIGNER_FAILED: "signer failed",
  FORMAT_UNKNOWN: "unknown format",
  FORMAT_NOT_ALLOWED: "format not allowed",
  FORMAT_MALFORMED: "malformed model file",
  PICKLE_UNSAFE_IMPORT: "unsafe pickle",
  PICKLE_UNRESOLVED_IMPORT: "unsafe pickle",
  PICKLE_EXTENSION_IMPORT: "unsafe pickle",
  PICKLE_MALFORMED: "malformed pickle",
  PICKLE_TOO_LARGE: "oversized pickle",
  ZIP_MALFORMED: "malformed zip",
  GATE_SIGNATURE_MISSING: "missing signature",
  GATE_TOO_LARGE: "over the size limit",
  GATE_TOO_MANY_FILES: "too many files",
  GATE_MANIFEST_TOO_LARGE: "oversized bundle",
  GATE_LINEAGE_MISSING: "missing lineage",
  GATE_LINEAGE_MALFORMED: "malformed lineage",
  GATE_REPORT_UNSIGNED: "unsigned evaluation report",
  GATE_REPORT_MALFORMED: "malformed evaluation report",
  GATE_METRIC_MISSING: "missing metric",
  GATE_THRESHOLD_FAILED: "failed threshold",
  GATE_TEST_MISSING: "missing test result",
  GATE_TEST_FAILED: "failed test",
  GATE_NOT_RUN: "not run",
  GATE_VERSION_APPROVED: "version already approved",
  GATE_UNREADABLE: "unreadable file",
  GATE_MALWARE_FOUND: "malware found",
  GATE_MALWARE_SCAN_UNSUPPORTED: "not scannable",
  GATE_MALWARE_SCAN_FAILED: "malware scan failed",
  GATE_MALWARE_SCAN_MISSING: "no malware scan result",
};

/** The label of a reason code; an unknown code is its own label. */
export function labelOf(code: string): string {
  return LABELS[code] ?? code;
}

/** Every code with a label, for the tests that pin each one. */
export const LABELLED_CODES: readonly string[] = Object.keys(LABELS);
