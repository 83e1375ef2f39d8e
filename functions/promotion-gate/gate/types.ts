import { Readable } from "node:stream";
import { ByteSource } from "../serialization/source";

/**
 * The gate's view of one uploaded model version, `incoming/<model>/<version>/`, wherever it is
 * stored: an S3, GCS or Azure listing in the deployed gate, a local folder in `blueprint model
 * check`. Object names are relative to the version folder.
 */
export interface VersionObject {
  /** Name relative to the version folder, e.g. `weights/model.safetensors` or `model.sig`. */
  readonly name: string;
  /** Size in bytes, from the listing. */
  readonly size: number;
}

/**
 * Reads a version's objects. Each read must return the bytes of the object the listing named
 * (the adapters pin S3 version ids, GCS generations and Azure version ids), so a publisher who
 * overwrites a file during the decision cannot get bytes approved that were never checked.
 */
export interface VersionReader {
  /** A stream of the whole object, for hashing. */
  open(name: string): Readable;
  /** Random access by bounded reads, for the serialization scan. `close` when done. */
  source(name: string, size: number): Promise<ByteSource & { close?(): Promise<void> }>;
}

/** What the decision engine decides on. */
export interface GateInput {
  /** `<model>` of `incoming/<model>/<version>/`. */
  readonly model: string;
  /** `<version>` of `incoming/<model>/<version>/`. */
  readonly version: string;
  /** Every object under the version folder, `model.sig` included. */
  readonly objects: readonly VersionObject[];
  readonly reader: VersionReader;
  /**
   * The upload's lineage: the object tags (S3, Azure blob index tags) or custom metadata (GCS)
   * of `model.sig`, or `--lineage key=value` in `blueprint model check`.
   */
  readonly lineage: Readonly<Record<string, string>>;
  /**
   * The malware scan results of the listed objects, where the cloud's managed scanner writes
   * them (S3 object tags of GuardDuty Malware Protection for S3, Azure blob index tags of
   * Defender for Storage). Absent in `blueprint model check`: a local folder has no scan yet.
   * @default - none; the malware-scan check is then listed as deferred, not run
   */
  readonly malwareScans?: MalwareScanReader;
}

/**
 * What a managed scanner said about one object version, normalized across clouds: `clean` is
 * the only result that passes. `value` is the scanner's own word, kept for the record.
 */
export interface MalwareScanResult {
  readonly status: "clean" | "threats" | "unsupported" | "failed";
  /** The tag value as the scanner wrote it, e.g. `NO_THREATS_FOUND` or `Malicious`. */
  readonly value: string;
}

/** Reads the scan results of a pinned listing (one object version each). */
export interface MalwareScanReader {
  /** The scanner, for the record and the publisher, e.g. `GuardDuty Malware Protection for S3`. */
  readonly scanner: string;
  /** The current result of each named object; `undefined` when the scanner has written none yet. */
  results(names: readonly string[]): Promise<Readonly<Record<string, MalwareScanResult | undefined>>>;
}

/** Time as the malware-scan wait sees it, injected so tests run without waiting. */
export interface GateClock {
  /** Milliseconds since some fixed point. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Stable ids of the gate's checks, in the order they run and are recorded. */
export type GateCheckId = "limits" | "signature" | "malware-scan" | "lineage" | "evaluation" | "serialization" | "version";

/** A check's outcome. `skipped` is never a pass: a decision with a skipped check is a rejection. */
export type GateCheckStatus = "passed" | "failed" | "skipped";

/** One reason a check failed or was skipped. */
export interface GateReason {
  /** Stable code: an OMS_* code, a serialization finding code, or a GATE_* code. */
  readonly code: string;
  /** What a publisher reads: `tampered file`, `unsafe pickle`, `failed threshold`, ... */
  readonly label: string;
  /** One line naming the file, tag, metric or limit and what was wrong with it. */
  readonly message: string;
}

/** One check of a decision. */
export interface GateCheck {
  readonly id: GateCheckId;
  readonly status: GateCheckStatus;
  /** What was checked, one line, also when it passed (e.g. `12 files, 1.2 GB, limit 50 GB`). */
  readonly summary: string;
  /** Empty when passed. */
  readonly reasons: readonly GateReason[];
}

/** A signed file of the version, as the verified manifest lists it. */
export interface SignedFile {
  readonly name: string;
  /** sha256, lowercase hex. */
  readonly sha256: string;
}

/** The decision on one upload. */
export interface GateDecision {
  /** True only when every check passed. */
  readonly accepted: boolean;
  readonly checks: readonly GateCheck[];
  /** sha256 (hex) of the `model.sig` bytes: the decision record's input attestation. Absent when there is none. */
  readonly signatureSha256?: string;
  /** The manifest's root digest (sha256 hex) when the signature verified. */
  readonly rootDigest?: string;
  /** The verified files, sorted by name, when the signature verified: what the gate copies. */
  readonly files: readonly SignedFile[];
  /**
   * Checks the policy requires but that only the deployed gate can run (the malware scan of a
   * local folder in `blueprint model check`): listed, never recorded as passed.
   * @default - none
   */
  readonly deferredChecks?: ReadonlyArray<{ readonly id: GateCheckId; readonly summary: string }>;
}
