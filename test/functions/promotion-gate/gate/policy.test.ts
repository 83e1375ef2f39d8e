import { createHash } from "node:crypto";
import { LABELLED_CODES, labelOf } from "../../../../functions/promotion-gate/gate/labels";
import { canonicalJson, DEFAULT_GATE_SETTINGS, gatePolicyFromSettings, GatePolicyError, parseRequirement, policyDigest } from "../../../../functions/promotion-gate/gate/policy";
import { FRAUD_SETTINGS } from "./gate-fixtures";

const TAGS = ["dataset-digest", "source-commit", "eval-report"];

describe("gate policy", () => {
  test.each([
    ["accuracy >= 0.9", { kind: "metric", text: "accuracy >= 0.9", metric: "accuracy", op: ">=", value: 0.9 }],
    ["demographic_parity_difference <= 0.1", { kind: "metric", text: "demographic_parity_difference <= 0.1", metric: "demographic_parity_difference", op: "<=", value: 0.1 }],
    ["loss < .25", { kind: "metric", text: "loss < .25", metric: "loss", op: "<", value: 0.25 }],
    ["delta > -1", { kind: "metric", text: "delta > -1", metric: "delta", op: ">", value: -1 }],
    ["f1.macro == 1", { kind: "metric", text: "f1.macro == 1", metric: "f1.macro", op: "==", value: 1 }],
    ["bias_audit passed", { kind: "test", text: "bias_audit passed", test: "bias_audit" }],
  ])("parses %s", (text, expected) => {
    expect(parseRequirement(text)).toEqual(expected);
  });

  test.each(["accuracy >= 1e3", "accuracy >= 0x10", "accuracy=>0.9", "accuracy  >= 0.9", "accuracy >= ", "1acc >= 0.9", "bias_audit failed", "accuracy != 0.9"])("refuses %j", (text) => {
    expect(() => parseRequirement(text)).toThrow(GatePolicyError);
  });

  test("the default settings: safetensors, ONNX and GGUF; 50 GB, 1000 files, 4 MiB bundle; no requirement", () => {
    expect(gatePolicyFromSettings("fraud-scoring", TAGS, DEFAULT_GATE_SETTINGS)).toEqual({
      registry: "fraud-scoring",
      lineageTags: TAGS,
      evaluation: [],
      allowedFormats: ["safetensors", "onnx", "gguf"],
      extraPickleImports: [],
      limits: { maxTotalBytes: 50_000_000_000, maxFiles: 1000, maxManifestBytes: 4_194_304 },
      malwareScan: { scanner: "none", reason: "Cloud Storage has no managed malware scanner whose per-object result the gate can read; the check is not part of this cloud's decisions" },
    });
  });

  test.each([
    ["a bad lineage tag", ["Dataset"], {}, 'lineage tag "Dataset" is not a tag key'],
    ["requirements without eval-report", ["dataset-digest"], {}, "evaluation requirements need the eval-report lineage tag"],
    ["a bad requirement", TAGS, { evaluation: ["accuracy is high"] }, 'evaluation requirement "accuracy is high" is not'],
    ["too many requirements", TAGS, { evaluation: Array.from({ length: 33 }, (_, i) => `m${i} >= 1`) }, "33 evaluation requirements; at most 32"],
    ["a wildcard import", TAGS, { allowedPickleImports: ["os.*"] }, 'pickle import "os.*" is not a Python global as module.name'],
    ["too many imports", TAGS, { allowedPickleImports: Array.from({ length: 65 }, (_, i) => `m.c${i}`) }, "65 pickle imports; at most 64"],
    ["a size limit of zero", TAGS, { maxTotalGb: 0 }, "maxTotalGb 0 is outside 0.001-5000"],
    ["too many files", TAGS, { maxFiles: 100_001 }, "maxFiles 100001 is outside 1-100000"],
    ["a huge bundle limit", TAGS, { maxManifestKb: 65_537 }, "maxManifestKb 65537 is outside 1-65536"],
    ["a NaN limit", TAGS, { maxFiles: Number.NaN }, "maxFiles NaN is outside 1-100000"],
  ])("refuses %s", (_what, tags, settings, message) => {
    expect(() => gatePolicyFromSettings("r1", tags, { ...FRAUD_SETTINGS, ...settings })).toThrow(message);
  });

  test.each([
    ["guardduty-malware-protection-s3", { onMissing: "reject", waitSeconds: 1 }, { scanner: "guardduty-malware-protection-s3", onMissing: "reject", waitSeconds: 1 }],
    ["defender-for-storage", { onMissing: "wait", waitSeconds: 600 }, { scanner: "defender-for-storage", onMissing: "wait", waitSeconds: 600 }],
  ] as const)("the malware scan policy of %s keeps the registry's wait settings", (scanner, malwareScan, expected) => {
    expect(gatePolicyFromSettings("r1", TAGS, { ...DEFAULT_GATE_SETTINGS, malwareScan }, scanner).malwareScan).toEqual(expected);
  });

  test("settings written before malwareScan existed get the strict default, a wait of 300 s", () => {
    const old: Record<string, unknown> = { ...DEFAULT_GATE_SETTINGS };
    delete old["malwareScan"];
    expect(gatePolicyFromSettings("r1", TAGS, old as unknown as typeof DEFAULT_GATE_SETTINGS, "defender-for-storage").malwareScan).toEqual({
      scanner: "defender-for-storage", onMissing: "wait", waitSeconds: 300,
    });
  });

  test("the GCP policy has no wait: there is no scanner, and the policy says why", () => {
    expect(gatePolicyFromSettings("r1", TAGS, { ...DEFAULT_GATE_SETTINGS, malwareScan: { onMissing: "reject", waitSeconds: 5 } }, "none").malwareScan).toEqual({
      scanner: "none",
      reason: "Cloud Storage has no managed malware scanner whose per-object result the gate can read; the check is not part of this cloud's decisions",
    });
  });

  test.each([
    ["a wait of 0 s", { onMissing: "wait", waitSeconds: 0 }, "malwareScan.waitSeconds 0 is outside 1-600"],
    ["a wait of 601 s", { onMissing: "wait", waitSeconds: 601 }, "malwareScan.waitSeconds 601 is outside 1-600"],
    ["a fractional wait", { onMissing: "wait", waitSeconds: 1.5 }, "malwareScan.waitSeconds 1.5 is not a whole number of seconds"],
    ["an unknown onMissing", { onMissing: "accept", waitSeconds: 10 }, 'malwareScan.onMissing "accept" is not "wait" or "reject"'],
  ])("refuses %s in the malware scan settings", (_what, malwareScan, message) => {
    const settings = { ...FRAUD_SETTINGS, malwareScan: malwareScan as typeof FRAUD_SETTINGS.malwareScan };
    expect(() => gatePolicyFromSettings("r1", TAGS, settings, "guardduty-malware-protection-s3")).toThrow(GatePolicyError);
    expect(() => gatePolicyFromSettings("r1", TAGS, settings, "guardduty-malware-protection-s3")).toThrow(message);
  });

  test("canonical JSON sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: "x" }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"e":2,"f":1}]},"b":1}');
  });

  test("the policy digest is the sha256 of the canonical JSON, and changes with any threshold", () => {
    const policy = gatePolicyFromSettings("r1", ["eval-report"], { ...FRAUD_SETTINGS, evaluation: ["accuracy >= 0.9"] }, "guardduty-malware-protection-s3");
    const text = '{"allowedFormats":["safetensors","onnx","gguf"],"evaluation":[{"kind":"metric","metric":"accuracy","op":">=","text":"accuracy >= 0.9","value":0.9}],"extraPickleImports":[],"limits":{"maxFiles":1000,"maxManifestBytes":4194304,"maxTotalBytes":50000000000},"lineageTags":["eval-report"],"malwareScan":{"onMissing":"wait","scanner":"guardduty-malware-protection-s3","waitSeconds":300},"registry":"r1"}';
    expect(canonicalJson(policy)).toBe(text);
    expect(policyDigest(policy)).toBe(createHash("sha256").update(text).digest("hex"));
    const stricter = gatePolicyFromSettings("r1", ["eval-report"], { ...FRAUD_SETTINGS, evaluation: ["accuracy >= 0.91"] }, "guardduty-malware-protection-s3");
    expect(policyDigest(stricter)).not.toBe(policyDigest(policy));
    const shorterWait = gatePolicyFromSettings("r1", ["eval-report"], { ...FRAUD_SETTINGS, evaluation: ["accuracy >= 0.9"], malwareScan: { onMissing: "wait", waitSeconds: 299 } }, "guardduty-malware-protection-s3");
    expect(policyDigest(shorterWait)).not.toBe(policyDigest(policy));
  });

  test("every reason code has a label a publisher can read; an unknown code is its own label", () => {
    expect(Object.fromEntries(LABELLED_CODES.map((c) => [c, labelOf(c)]))).toEqual({
      OMS_BUNDLE_TOO_LARGE: "oversized bundle", OMS_BUNDLE_MALFORMED: "malformed bundle", OMS_BAD_BASE64: "malformed bundle",
      OMS_KEY_UNSUPPORTED: "unsupported key", OMS_HINT_MISMATCH: "wrong key", OMS_SIGNATURE_INVALID: "wrong key or altered manifest",
      OMS_PAYLOAD_MALFORMED: "malformed bundle", OMS_PREDICATE_TYPE: "wrong predicate type", OMS_SERIALIZATION_UNSUPPORTED: "unsupported serialization",
      OMS_UNSAFE_NAME: "unsafe file name", OMS_DUPLICATE_RESOURCE: "duplicate file name", OMS_ROOT_DIGEST_MISMATCH: "inconsistent manifest",
      OMS_DIGEST_MISMATCH: "tampered file", OMS_EXTRA_FILE: "extra file", OMS_MISSING_FILE: "missing file", OMS_SYMLINK_REFUSED: "symbolic link",
      OMS_UNSUPPORTED_FILE: "unsupported file", OMS_SIGNER_FAILED: "signer failed",
      FORMAT_UNKNOWN: "unknown format", FORMAT_NOT_ALLOWED: "format not allowed", FORMAT_MALFORMED: "malformed model file",
      PICKLE_UNSAFE_IMPORT: "unsafe pickle", PICKLE_UNRESOLVED_IMPORT: "unsafe pickle", PICKLE_EXTENSION_IMPORT: "unsafe pickle",
      PICKLE_MALFORMED: "malformed pickle", PICKLE_TOO_LARGE: "oversized pickle", ZIP_MALFORMED: "malformed zip",
      GATE_SIGNATURE_MISSING: "missing signature", GATE_TOO_LARGE: "over the size limit", GATE_TOO_MANY_FILES: "too many files",
      GATE_MANIFEST_TOO_LARGE: "oversized bundle", GATE_LINEAGE_MISSING: "missing lineage", GATE_LINEAGE_MALFORMED: "malformed lineage",
      GATE_REPORT_UNSIGNED: "unsigned evaluation report", GATE_REPORT_MALFORMED: "malformed evaluation report", GATE_METRIC_MISSING: "missing metric",
      GATE_THRESHOLD_FAILED: "failed threshold", GATE_TEST_MISSING: "missing test result", GATE_TEST_FAILED: "failed test", GATE_NOT_RUN: "not run",
      GATE_VERSION_APPROVED: "version already approved", GATE_UNREADABLE: "unreadable file",
      GATE_MALWARE_FOUND: "malware found", GATE_MALWARE_SCAN_UNSUPPORTED: "not scannable", GATE_MALWARE_SCAN_FAILED: "malware scan failed",
      GATE_MALWARE_SCAN_MISSING: "no malware scan result",
    });
    expect(labelOf("SOMETHING_NEW")).toBe("SOMETHING_NEW");
  });
});
