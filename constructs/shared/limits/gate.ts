import { TextRule } from "./text-rule";

/*
 * Limits of a registry's promotion-gate settings (`registries[].gate` in the configuration).
 * The config schema and the gate itself read these, so a value the schema admits is one the gate
 * understands, and the gate refuses the same values when it is handed a policy by hand.
 */

/**
 * One evaluation requirement: `<metric> <op> <number>` (ops `>=`, `<=`, `>`, `<`, `==`) or
 * `<test> passed`. Metric and test names are what the evaluation report's `metrics` and `tests`
 * maps use: a letter, then up to 63 letters, digits, `_`, `.` and `-`. Numbers are plain
 * decimals, so `1e3` or `0x10` cannot slip in as something other than what the reader sees.
 */
export const EVALUATION_REQUIREMENT: TextRule = {
  pattern: /^[A-Za-z][A-Za-z0-9_.-]{0,63} (?:(?:>=|<=|>|<|==) -?(?:\d+(?:\.\d+)?|\.\d+)|passed)$/,
  accepted: "`<metric> <op> <number>` with op >=, <=, >, < or == (e.g. `accuracy >= 0.9`), or `<test> passed` (e.g. `bias_audit passed`)",
};

/** Requirements per registry: each is one line of the decision record. */
export const EVALUATION_REQUIREMENTS = { max: 32 } as const;

/**
 * A pickle import a registry adds to the gate's built-in allow-list: `module.name` with Python
 * identifiers (dotted module path). Exact names only: a wildcard would admit `os.*`.
 */
export const PICKLE_IMPORT: TextRule = {
  pattern: /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/,
  accepted: "a Python global as module.name (e.g. collections.OrderedDict), no wildcards",
  maxLength: 200,
};

/** Extra pickle imports per registry. */
export const PICKLE_IMPORTS = { max: 64 } as const;

/** Total bytes of one model version, in GB (10^9 bytes). The gate reads every byte once. */
export const GATE_MAX_TOTAL_GB = { min: 0.001, max: 5_000, default: 50 } as const;

/** Files in one model version (the signature excluded). Each is one manifest entry and one copy. */
export const GATE_MAX_FILES = { min: 1, max: 100_000, default: 1_000 } as const;

/**
 * Size of `model.sig`, in KiB. The bundle is parsed in memory, so it is capped before it is read;
 * 4 MiB holds a manifest of about 20,000 files.
 */
export const GATE_MAX_MANIFEST_KB = { min: 1, max: 65_536, default: 4_096 } as const;

/** Largest evaluation report the gate parses, bytes: it is JSON held in memory. */
export const EVALUATION_REPORT_MAX_BYTES = 1024 * 1024;

/** `sha256:` and 64 lowercase hex digits: the dataset digest lineage value. */
export const SHA256_DIGEST_VALUE: TextRule = {
  pattern: /^sha256:[0-9a-f]{64}$/,
  accepted: "sha256: followed by 64 lowercase hex digits",
};

/** A full git commit id: 40 (SHA-1) or 64 (SHA-256 object format) lowercase hex digits. */
export const GIT_COMMIT_VALUE: TextRule = {
  pattern: /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/,
  accepted: "a full git commit id: 40 or 64 lowercase hex digits",
};

/**
 * Any other lineage value: 1-256 characters that S3 object tags, Azure blob index tags and GCS
 * metadata all store unchanged (letters, digits, spaces and `+ - = . _ : / @`).
 */
export const LINEAGE_VALUE: TextRule = {
  pattern: /^[A-Za-z0-9 +\-=._:/@]{1,256}$/,
  accepted: "1-256 letters, digits, spaces and + - = . _ : / @",
};

/**
 * Seconds the gate waits for every object's malware scan result (GuardDuty's object tag, Defender
 * for Storage's index tag) before it decides without one, which is a rejection. The gate runs
 * for at most 900 s on Lambda; the wait stays well inside that, leaving time to hash and copy.
 */
export const MALWARE_SCAN_WAIT_SECONDS = { min: 1, max: 600, default: 300 } as const;

/**
 * Lineage tags of an Azure registry: at most 8. A blob holds at most 10 index tags ("Manage and
 * find Azure Blob data with blob index tags"), and Defender for Storage malware scanning writes 2
 * on every scanned blob, `model.sig` included ("Understanding malware scanning results": "Malware
 * Scanning scan result" and "Malware Scanning scan time UTC"). With 9 or 10 lineage tags on
 * `model.sig` Defender could not tag it and the gate would reject every upload for a missing
 * result. AWS keeps 9 (LINEAGE_TAGS): GuardDuty adds one tag of S3's 10 per object.
 */
export const AZURE_LINEAGE_TAGS = { max: 8 } as const;
