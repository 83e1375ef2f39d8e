/**
 * Stable reasons an OpenSSF Model Signing (OMS) bundle is rejected. The gate's decision record and
 * the CLI print these codes, so they must never be renamed.
 */
export type OmsErrorCode =
  | "OMS_BUNDLE_TOO_LARGE"
  | "OMS_BUNDLE_MALFORMED"
  | "OMS_BAD_BASE64"
  | "OMS_KEY_UNSUPPORTED"
  | "OMS_HINT_MISMATCH"
  | "OMS_SIGNATURE_INVALID"
  | "OMS_PAYLOAD_MALFORMED"
  | "OMS_PREDICATE_TYPE"
  | "OMS_SERIALIZATION_UNSUPPORTED"
  | "OMS_UNSAFE_NAME"
  | "OMS_DUPLICATE_RESOURCE"
  | "OMS_ROOT_DIGEST_MISMATCH"
  | "OMS_DIGEST_MISMATCH"
  | "OMS_EXTRA_FILE"
  | "OMS_MISSING_FILE"
  | "OMS_SYMLINK_REFUSED"
  | "OMS_UNSUPPORTED_FILE"
  | "OMS_SIGNER_FAILED";

const OMS_ERROR = Symbol.for("ai-supply-chain-blueprint.OmsError");

/**
 * A rejected bundle or model. Carries a stable code and a one-line reason; callers print
 * `code: message` and never a stack trace, since the input is untrusted data, not a bug.
 */
export class OmsError extends Error {
  /** True for any OmsError, even from a second copy of this module (instanceof would not be). */
  public static isOmsError(x: unknown): x is OmsError {
    return typeof x === "object" && x !== null && OMS_ERROR in x;
  }

  public readonly code: OmsErrorCode;

  constructor(code: OmsErrorCode, message: string) {
    super(message);
    this.name = "OmsError";
    this.code = code;
    Object.defineProperty(this, OMS_ERROR, { value: true });
  }
}
