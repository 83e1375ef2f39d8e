import { createHash } from "node:crypto";
import {
  EVALUATION_REQUIREMENT, EVALUATION_REQUIREMENTS, GATE_MAX_FILES, GATE_MAX_MANIFEST_KB, GATE_MAX_TOTAL_GB,
  MALWARE_SCAN_WAIT_SECONDS, PICKLE_IMPORT, PICKLE_IMPORTS,
} from "../../../constructs/shared/limits/gate";
import { LINEAGE_TAG_KEY } from "../../../constructs/shared/limits/registry";
import { satisfies } from "../../../constructs/shared/limits/text-rule";
import { DEFAULT_ALLOWED_FORMATS, ModelFormat } from "../serialization/formats";

/**
 * What the promotion gate enforces for one registry: built from the registry's configuration
 * (`registries[].gate`, see {@link gatePolicyFromSettings}) and recorded, with its digest, in
 * every decision record, so an auditor can tell which rules a decision applied.
 */
export interface GatePolicy {
  /** The registry's name. */
  readonly registry: string;
  /** Lineage keys every upload must carry (the registry's `lineageTags`). */
  readonly lineageTags: readonly string[];
  /** Evaluation requirements, each checked against the report named by `eval-report`. */
  readonly evaluation: readonly EvaluationRequirement[];
  /** Serialization formats the gate accepts. */
  readonly allowedFormats: readonly ModelFormat[];
  /** Pickle imports accepted beyond the built-in allow-list. */
  readonly extraPickleImports: readonly string[];
  /** Size limits checked from the listing, before any byte is read. */
  readonly limits: GateLimits;
  /** Whose malware scan results every object must carry, and how long the gate waits for them. */
  readonly malwareScan: MalwareScanPolicy;
}

/**
 * The managed scanner whose results the gate reads, fixed by the cloud the gate runs on (never
 * by the function's settings, so nobody with write access to them can turn the check off):
 * AWS GuardDuty Malware Protection for S3 (object tag `GuardDutyMalwareScanStatus`), Azure
 * Defender for Storage malware scanning (blob index tag `Malware Scanning scan result`), and
 * `none` on GCP, where Cloud Storage writes no scan result the gate could read.
 */
export type MalwareScanner = "guardduty-malware-protection-s3" | "defender-for-storage" | "none";

/** The malware-scan part of a policy, as recorded: on GCP it says why there is no check. */
export type MalwareScanPolicy =
  | {
      readonly scanner: Exclude<MalwareScanner, "none">;
      /** `wait`: poll up to `waitSeconds` for missing results; `reject`: decide at once. */
      readonly onMissing: "wait" | "reject";
      readonly waitSeconds: number;
    }
  | { readonly scanner: "none"; readonly reason: string };

/** Why a GCP decision has no malware-scan check: the record carries this text in its policy. */
export const NO_SCANNER_REASON =
  "Cloud Storage has no managed malware scanner whose per-object result the gate can read; the check is not part of this cloud's decisions";

/** Limits of one model version. */
export interface GateLimits {
  /** Sum of every object's size, bytes. */
  readonly maxTotalBytes: number;
  /** Files besides the signature. */
  readonly maxFiles: number;
  /** Size of `model.sig`, bytes. */
  readonly maxManifestBytes: number;
}

/** The comparison operators an evaluation requirement can use. */
export type Comparison = ">=" | "<=" | ">" | "<" | "==";

/** One evaluation requirement, parsed from its config text (EVALUATION_REQUIREMENT). */
export type EvaluationRequirement =
  | { readonly kind: "metric"; readonly text: string; readonly metric: string; readonly op: Comparison; readonly value: number }
  | { readonly kind: "test"; readonly text: string; readonly test: string };

/** A policy that cannot be built: a bad requirement, import or limit. */
export class GatePolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GatePolicyError";
  }
}

/** Parses `accuracy >= 0.9` or `bias_audit passed`. */
export function parseRequirement(text: string): EvaluationRequirement {
  if (!satisfies(EVALUATION_REQUIREMENT, text)) {
    throw new GatePolicyError(`evaluation requirement ${JSON.stringify(text)} is not ${EVALUATION_REQUIREMENT.accepted}`);
  }
  const [name, op, value] = text.split(" ") as [string, string, string | undefined];
  if (op === "passed") return { kind: "test", text, test: name };
  return { kind: "metric", text, metric: name, op: op as Comparison, value: Number(value) };
}

/** A registry's gate settings as the configuration holds them (config/schema.ts `gate`). */
export interface GateSettings {
  readonly evaluation: readonly string[];
  readonly allowedFormats: readonly ModelFormat[];
  readonly allowedPickleImports: readonly string[];
  readonly maxTotalGb: number;
  readonly maxFiles: number;
  readonly maxManifestKb: number;
  /** What the gate does while an object has no malware scan result (config `gate.malwareScan`). */
  readonly malwareScan: { readonly onMissing: "wait" | "reject"; readonly waitSeconds: number };
}

/** The settings a registry gets when its configuration has no `gate` block. */
export const DEFAULT_GATE_SETTINGS: GateSettings = {
  evaluation: [],
  allowedFormats: DEFAULT_ALLOWED_FORMATS,
  allowedPickleImports: [],
  maxTotalGb: GATE_MAX_TOTAL_GB.default,
  maxFiles: GATE_MAX_FILES.default,
  maxManifestKb: GATE_MAX_MANIFEST_KB.default,
  malwareScan: { onMissing: "wait", waitSeconds: MALWARE_SCAN_WAIT_SECONDS.default },
};

function inRange(what: string, value: number, range: { min: number; max: number }): number {
  if (!Number.isFinite(value) || value < range.min || value > range.max) {
    throw new GatePolicyError(`${what} ${value} is outside ${range.min}-${range.max}`);
  }
  return value;
}

/**
 * Builds the policy for one registry. The config schema checks the same rules first; they are
 * checked again here because the deployed gate reads its policy from the function's settings,
 * which anyone with write access to the function could change.
 */
export function gatePolicyFromSettings(
  registry: string,
  lineageTags: readonly string[],
  settings: GateSettings = DEFAULT_GATE_SETTINGS,
  scanner: MalwareScanner = "none",
): GatePolicy {
  for (const tag of lineageTags) {
    if (!satisfies(LINEAGE_TAG_KEY, tag)) throw new GatePolicyError(`lineage tag ${JSON.stringify(tag)} is not ${LINEAGE_TAG_KEY.accepted}`);
  }
  if (settings.evaluation.length > EVALUATION_REQUIREMENTS.max) {
    throw new GatePolicyError(`${settings.evaluation.length} evaluation requirements; at most ${EVALUATION_REQUIREMENTS.max}`);
  }
  const evaluation = settings.evaluation.map(parseRequirement);
  if (evaluation.length > 0 && !lineageTags.includes("eval-report")) {
    throw new GatePolicyError("evaluation requirements need the eval-report lineage tag, which names the report to check");
  }
  if (settings.allowedPickleImports.length > PICKLE_IMPORTS.max) {
    throw new GatePolicyError(`${settings.allowedPickleImports.length} pickle imports; at most ${PICKLE_IMPORTS.max}`);
  }
  for (const name of settings.allowedPickleImports) {
    if (!satisfies(PICKLE_IMPORT, name)) throw new GatePolicyError(`pickle import ${JSON.stringify(name)} is not ${PICKLE_IMPORT.accepted}`);
  }
  return {
    registry,
    lineageTags: [...lineageTags],
    evaluation,
    allowedFormats: [...settings.allowedFormats],
    extraPickleImports: [...settings.allowedPickleImports],
    limits: {
      maxTotalBytes: Math.round(inRange("maxTotalGb", settings.maxTotalGb, GATE_MAX_TOTAL_GB) * 1e9),
      maxFiles: inRange("maxFiles", settings.maxFiles, GATE_MAX_FILES),
      maxManifestBytes: inRange("maxManifestKb", settings.maxManifestKb, GATE_MAX_MANIFEST_KB) * 1024,
    },
    malwareScan: malwareScanPolicy(settings.malwareScan, scanner),
  };
}

/**
 * Settings written before `malwareScan` existed get the strict default (wait 300 s), never
 * "no check": the scanner comes from the cloud, only the waiting comes from the settings.
 */
function malwareScanPolicy(settings: GateSettings["malwareScan"] | undefined, scanner: MalwareScanner): MalwareScanPolicy {
  if (scanner === "none") return { scanner, reason: NO_SCANNER_REASON };
  const { onMissing, waitSeconds } = settings ?? DEFAULT_GATE_SETTINGS.malwareScan;
  if (onMissing !== "wait" && onMissing !== "reject") {
    throw new GatePolicyError(`malwareScan.onMissing ${JSON.stringify(onMissing)} is not "wait" or "reject"`);
  }
  if (!Number.isInteger(waitSeconds)) throw new GatePolicyError(`malwareScan.waitSeconds ${waitSeconds} is not a whole number of seconds`);
  return { scanner, onMissing, waitSeconds: inRange("malwareScan.waitSeconds", waitSeconds, MALWARE_SCAN_WAIT_SECONDS) };
}

/** JSON with object keys sorted at every level, so equal policies give equal bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the policy's canonical JSON: the decision record's `policy.digest`. */
export function policyDigest(policy: GatePolicy): string {
  return createHash("sha256").update(canonicalJson(policy), "utf8").digest("hex");
}
