/**
 * What the serialization scan reports. A file passes when its finding list is empty; every
 * finding rejects. Codes are stable: the gate's decision record and the CLI print them.
 */
export type SerializationFindingCode =
  /** The bytes match no format this scanner can establish (magic and structure both checked). */
  | "FORMAT_UNKNOWN"
  /** The format was established but is not on the registry's allow-list. */
  | "FORMAT_NOT_ALLOWED"
  /** A recognised format whose structure is inconsistent (bad header length, truncated, ...). */
  | "FORMAT_MALFORMED"
  /** A pickle imports a global outside the allow-list: unpickling it could run that callable. */
  | "PICKLE_UNSAFE_IMPORT"
  /** STACK_GLOBAL's operands are not two known strings, so the import cannot be established. */
  | "PICKLE_UNRESOLVED_IMPORT"
  /** EXT1/EXT2/EXT4 import through the copyreg extension registry, whose content is not in the file. */
  | "PICKLE_EXTENSION_IMPORT"
  /** Truncated stream, unknown opcode, stack or memo misuse, bad argument encoding. */
  | "PICKLE_MALFORMED"
  /** The pickle exceeds the byte or opcode-count limit, so it is not walked to the end. */
  | "PICKLE_TOO_LARGE"
  /** The zip container (end of central directory, central or local headers) is inconsistent. */
  | "ZIP_MALFORMED";

/** One reason a file is rejected. */
export interface SerializationFinding {
  readonly code: SerializationFindingCode;
  /** The scanned file, as the caller named it; a zip entry is `file!entry`. */
  readonly file: string;
  /** One line naming the reason. */
  readonly message: string;
  /** For PICKLE_UNSAFE_IMPORT: the `module.name` imported. */
  readonly target?: string;
}

/** Internal: a bad-input condition found while parsing, turned into a finding by the caller. */
export class SerializationError extends Error {
  constructor(
    public readonly code: SerializationFindingCode,
    message: string,
  ) {
    super(message);
    this.name = "SerializationError";
  }
}
