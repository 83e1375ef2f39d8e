/**
 * Stable reasons a decision record cannot be made or does not verify. `blueprint model
 * provenance verify` prints them and auditors' scripts match on them, so they are never renamed.
 */
export type RecordErrorCode =
  /** The record file is over {@link MAX_RECORD_BYTES}. */
  | "RECORD_TOO_LARGE"
  /** Not a DSSE envelope, or the statement inside has the wrong shape or types. */
  | "RECORD_MALFORMED"
  /** `payload` or `sig` is not strict, canonical base64. */
  | "RECORD_BAD_BASE64"
  /** The public key given to check the record is not an ECDSA P-256 key. */
  | "RECORD_KEY_UNSUPPORTED"
  /** The signature does not verify with the gate's public key: tampered, or signed by another key. */
  | "RECORD_SIGNATURE_INVALID"
  /** The statement is not a SLSA Verification Summary. */
  | "RECORD_PREDICATE_TYPE"
  /** Signed, well-formed, but its fields contradict each other (result vs checks, policy vs digest, ...). */
  | "RECORD_INCONSISTENT"
  /** A registry, model, version or digest that cannot name a record (a `/`, `..`, ...). */
  | "RECORD_NAME_INVALID"
  /** What the gate gave to build the statement is incomplete or contradictory. */
  | "RECORD_CONTEXT_INVALID"
  /** The signer failed, or returned a signature its own public key does not verify. */
  | "RECORD_SIGNER_FAILED";

const RECORD_ERROR = Symbol.for("ai-supply-chain-blueprint.RecordError");

/**
 * A record that cannot be made or trusted. Carries a stable code and a one-line reason; callers
 * print `code: message`, never a stack trace, since a record is untrusted data until verified.
 */
export class RecordError extends Error {
  /** True for any RecordError, even from a second copy of this module (instanceof would not be). */
  public static isRecordError(x: unknown): x is RecordError {
    return typeof x === "object" && x !== null && RECORD_ERROR in x;
  }

  public readonly code: RecordErrorCode;

  constructor(code: RecordErrorCode, message: string) {
    super(message);
    this.name = "RecordError";
    this.code = code;
    Object.defineProperty(this, RECORD_ERROR, { value: true });
  }
}
