import { Readable } from "node:stream";
import { decide } from "../../../../functions/promotion-gate/gate/decide";
import { GateDecision } from "../../../../functions/promotion-gate/gate/types";
import { ecKeys } from "../oms/oms-helpers";
import { fraudPolicy, goodFiles, GOOD_LINEAGE, GOOD_REPORT, OS_SYSTEM_PICKLE, safetensorsBytes, signedVersion } from "./gate-fixtures";

/** `check id → status` and the failing codes, the shape most assertions compare. */
function outline(d: GateDecision): Record<string, string> {
  return Object.fromEntries(d.checks.map((c) => [c.id, c.status === "passed" ? "passed" : `${c.status} ${c.reasons.map((r) => r.code).join(",")}`]));
}

function reasonsOf(d: GateDecision, id: string): Array<{ code: string; label: string; message: string }> {
  const check = d.checks.find((c) => c.id === id);
  if (check === undefined) throw new Error(`no ${id} check`);
  return check.reasons.map((r) => ({ ...r }));
}

const ALL_PASSED = { limits: "passed", signature: "passed", lineage: "passed", evaluation: "passed", serialization: "passed" };

describe("decide: the gate's checks on one upload", () => {
  test("a signed model with its lineage and a passing report is accepted, every check passed", async () => {
    const { version, keys } = await signedVersion();
    const d = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(outline(d)).toEqual(ALL_PASSED);
    expect(d.accepted).toBe(true);
    expect(d.files.map((f) => f.name)).toEqual(["config.json", "eval/report.json", "model.safetensors"]);
    expect(d.signatureSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.rootDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(d.checks.map((c) => c.summary)).toEqual([
      `3 files, ${version.objects().reduce((n, o) => n + o.size, 0)} bytes with model.sig; limits 1000 files, 50.00 GB, model.sig 4194304 bytes`,
      "model.sig verifies with the registry's signing key; 3 files match their signed digests",
      "3 lineage keys required: dataset-digest, source-commit, eval-report",
      "3 requirements against eval/report.json: accuracy >= 0.9; demographic_parity_difference <= 0.1; bias_audit passed",
      "3 files scanned, 1 of them a weight file; formats allowed: safetensors, onnx, gguf",
    ]);
  });

  test("tampered bytes reject as a tampered file, naming it", async () => {
    const { version, keys } = await signedVersion();
    version.files.set("model.safetensors", Buffer.concat([safetensorsBytes().subarray(0, -1), Buffer.from([0x41])]));
    const d = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(d.accepted).toBe(false);
    expect(reasonsOf(d, "signature")).toEqual([{ code: "OMS_DIGEST_MISMATCH", label: "tampered file", message: "file model.safetensors does not match its signed digest" }]);
    // The report is trusted only when the signature verified.
    expect(outline(d).evaluation).toBe("skipped GATE_NOT_RUN");
    expect(d.files).toEqual([]);
  });

  test("a bundle checked with another key rejects as a wrong key", async () => {
    const { version } = await signedVersion();
    const d = await decide(version.input(), { policy: fraudPolicy(), publicKey: ecKeys().publicPem });
    expect(reasonsOf(d, "signature")).toEqual([{ code: "OMS_HINT_MISMATCH", label: "wrong key", message: "bundle publicKey.hint does not match the given public key" }]);
  });

  test("an extra unsigned file rejects; a missing signed file rejects", async () => {
    const extra = await signedVersion();
    extra.version.files.set("adapter.safetensors", safetensorsBytes());
    const e = await decide(extra.version.input(), { policy: fraudPolicy(), publicKey: extra.keys.publicPem });
    expect(reasonsOf(e, "signature")).toEqual([{ code: "OMS_EXTRA_FILE", label: "extra file", message: "file adapter.safetensors is not covered by the signature" }]);
    // Without a valid signature every uploaded file is scanned, the extra one included.
    expect(outline(e).serialization).toBe("passed");

    const missing = await signedVersion();
    missing.version.files.delete("config.json");
    const m = await decide(missing.version.input(), { policy: fraudPolicy(), publicKey: missing.keys.publicPem });
    expect(reasonsOf(m, "signature")).toEqual([{ code: "OMS_MISSING_FILE", label: "missing file", message: "signed file config.json is missing" }]);
  });

  test("an upload without model.sig rejects as a missing signature", async () => {
    const { version, keys } = await signedVersion();
    version.files.delete("model.sig");
    const d = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(outline(d)).toEqual({ ...ALL_PASSED, signature: "failed GATE_SIGNATURE_MISSING", evaluation: "skipped GATE_NOT_RUN" });
    expect(d.signatureSha256).toBeUndefined();
  });

  test("a malformed bundle rejects with its OMS code", async () => {
    const { version, keys } = await signedVersion();
    version.files.set("model.sig", Buffer.from("{not json"));
    const d = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(outline(d).signature).toBe("failed OMS_BUNDLE_MALFORMED");
    expect(reasonsOf(d, "signature")[0]?.label).toBe("malformed bundle");
  });

  test.each([
    ["dataset-digest", "missing", undefined, "GATE_LINEAGE_MISSING", "lineage dataset-digest is missing"],
    ["dataset-digest", "not a sha256", "sha256:abc", "GATE_LINEAGE_MALFORMED", 'lineage dataset-digest "sha256:abc" is not sha256: followed by 64 lowercase hex digits'],
    ["source-commit", "a short sha", "0123456", "GATE_LINEAGE_MALFORMED", 'lineage source-commit "0123456" is not a full git commit id: 40 or 64 lowercase hex digits'],
    ["source-commit", "a branch name", "main", "GATE_LINEAGE_MALFORMED", 'lineage source-commit "main" is not a full git commit id: 40 or 64 lowercase hex digits'],
    ["eval-report", "traversing", "../report.json", "GATE_LINEAGE_MALFORMED", 'eval-report "../report.json" is not a relative path inside the version folder'],
    ["eval-report", "absolute", "/eval/report.json", "GATE_LINEAGE_MALFORMED", 'eval-report "/eval/report.json" is not a relative path inside the version folder'],
    ["eval-report", "not json", "eval/report.txt", "GATE_LINEAGE_MALFORMED", 'eval-report "eval/report.txt" does not name a .json report'],
    ["eval-report", "not signed", "eval/other.json", "GATE_LINEAGE_MALFORMED", 'eval-report "eval/other.json" is not one of the signed files'],
  ])("lineage %s %s rejects", async (key, _what, value, code, message) => {
    const { version, keys } = await signedVersion();
    const lineage: Record<string, string> = Object.fromEntries(
      Object.entries({ ...GOOD_LINEAGE, [key]: value }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const d = await decide(version.input(lineage), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(d.accepted).toBe(false);
    expect(reasonsOf(d, "lineage")).toContainEqual({ code, label: code === "GATE_LINEAGE_MISSING" ? "missing lineage" : "malformed lineage", message });
  });

  test("a custom lineage key must be present and in the common tag form", async () => {
    const { version, keys } = await signedVersion();
    const policy = { ...fraudPolicy(), lineageTags: ["dataset-digest", "source-commit", "eval-report", "base-model"] };
    const missing = await decide(version.input(), { policy, publicKey: keys.publicPem });
    expect(reasonsOf(missing, "lineage")).toEqual([{ code: "GATE_LINEAGE_MISSING", label: "missing lineage", message: "lineage base-model is missing" }]);
    const bad = await decide(version.input({ ...GOOD_LINEAGE, "base-model": "llama<3>" }), { policy, publicKey: keys.publicPem });
    expect(reasonsOf(bad, "lineage")).toEqual([{ code: "GATE_LINEAGE_MALFORMED", label: "malformed lineage", message: 'lineage base-model "llama<3>" is not 1-256 letters, digits, spaces and + - = . _ : / @' }]);
    const good = await decide(version.input({ ...GOOD_LINEAGE, "base-model": "hf:meta-llama/Llama-3.1-8B" }), { policy, publicKey: keys.publicPem });
    expect(outline(good).lineage).toBe("passed");
  });

  test("a failed threshold, a missing metric and a failed or missing test each reject with their reason", async () => {
    const report = { metrics: { accuracy: 0.85 }, tests: { bias_audit: "failed" } };
    const { version, keys } = await signedVersion(goodFiles(report));
    const d = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(reasonsOf(d, "evaluation")).toEqual([
      { code: "GATE_THRESHOLD_FAILED", label: "failed threshold", message: "accuracy is 0.85, required >= 0.9" },
      { code: "GATE_METRIC_MISSING", label: "missing metric", message: "metric demographic_parity_difference is not in the report (requirement: demographic_parity_difference <= 0.1)" },
      { code: "GATE_TEST_FAILED", label: "failed test", message: "test bias_audit is failed (requirement: bias_audit passed)" },
    ]);
    const noTests = await signedVersion(goodFiles({ metrics: GOOD_REPORT.metrics }));
    const n = await decide(noTests.version.input(), { policy: fraudPolicy(), publicKey: noTests.keys.publicPem });
    expect(reasonsOf(n, "evaluation")).toEqual([{ code: "GATE_TEST_MISSING", label: "missing test result", message: "test bias_audit is not in the report (requirement: bias_audit passed)" }]);
  });

  test.each([
    [">", "accuracy > 0.93", "accuracy is 0.93, required > 0.93"],
    ["<", "demographic_parity_difference < 0.04", "demographic_parity_difference is 0.04, required < 0.04"],
    ["==", "accuracy == 0.9", "accuracy is 0.93, required == 0.9"],
    [">= at the boundary passes", "accuracy >= 0.93", undefined],
    ["<= at the boundary passes", "demographic_parity_difference <= 0.04", undefined],
    ["== equal passes", "accuracy == 0.93", undefined],
  ])("comparison %s", async (_what, requirement, message) => {
    const { version, keys } = await signedVersion();
    const d = await decide(version.input(), { policy: fraudPolicy({ evaluation: [requirement] }), publicKey: keys.publicPem });
    expect(reasonsOf(d, "evaluation")).toEqual(message === undefined ? [] : [{ code: "GATE_THRESHOLD_FAILED", label: "failed threshold", message }]);
  });

  test.each([
    ["not JSON", Buffer.from("accuracy: 0.9"), "eval/report.json: the report is not UTF-8 JSON"],
    ["an array", Buffer.from("[1]"), "eval/report.json: the report is not a JSON object"],
    ["a string metric", Buffer.from('{"metrics":{"accuracy":"0.95"}}'), 'eval/report.json: metric "accuracy" is not a finite number'],
    ["a boolean test", Buffer.from('{"metrics":{},"tests":{"bias_audit":true}}'), 'eval/report.json: test "bias_audit" is neither "passed" nor "failed"'],
    ["metrics as a list", Buffer.from('{"metrics":[0.9]}'), "eval/report.json: metrics is not an object of numbers"],
  ])("a report that is %s rejects as malformed", async (_what, bytes, message) => {
    const files = { ...goodFiles(), "eval/report.json": bytes };
    const { version, keys } = await signedVersion(files);
    const d = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(reasonsOf(d, "evaluation")).toEqual([{ code: "GATE_REPORT_MALFORMED", label: "malformed evaluation report", message }]);
  });

  test("a report swapped after the signature check is refused by its digest", async () => {
    const { version, keys } = await signedVersion();
    const reader = version.reader();
    let reportReads = 0;
    const input = {
      ...version.input(),
      reader: {
        ...reader,
        open: (name: string) => {
          if (name !== "eval/report.json") return reader.open(name);
          reportReads += 1;
          return reportReads === 1 ? reader.open(name) : Readable.from([Buffer.from('{"metrics":{"accuracy":1},"tests":{"bias_audit":"passed"}}')]);
        },
      },
    };
    const d = await decide(input, { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(reasonsOf(d, "evaluation")).toEqual([{ code: "OMS_DIGEST_MISMATCH", label: "tampered file", message: "eval/report.json changed after its signature was checked" }]);
    expect(reportReads).toBe(2);
  });

  test("no requirement: the evaluation passes without reading a report", async () => {
    const { version, keys } = await signedVersion();
    const d = await decide(version.input(), { policy: fraudPolicy({ evaluation: [] }), publicKey: keys.publicPem });
    expect(d.checks.find((c) => c.id === "evaluation")).toEqual({ id: "evaluation", status: "passed", summary: "the registry sets no evaluation requirement", reasons: [] });
  });

  test("a pickle with GLOBAL os system is an unsafe pickle, even when pickles are allowed", async () => {
    const { version, keys } = await signedVersion({ ...goodFiles(), "model.pkl": OS_SYSTEM_PICKLE });
    const d = await decide(version.input(), { policy: fraudPolicy({ allowedFormats: ["safetensors", "pickle"] }), publicKey: keys.publicPem });
    expect(outline(d)).toEqual({ ...ALL_PASSED, serialization: "failed PICKLE_UNSAFE_IMPORT" });
    expect(reasonsOf(d, "serialization")).toEqual([
      { code: "PICKLE_UNSAFE_IMPORT", label: "unsafe pickle", message: "model.pkl: pickle imports os.system (GLOBAL at byte 0), a known code-execution target" },
    ]);
    const defaults = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(reasonsOf(defaults, "serialization").map((r) => r.code)).toEqual(["FORMAT_NOT_ALLOWED", "PICKLE_UNSAFE_IMPORT"]);
  });

  test("a weight file whose format cannot be established rejects; an auxiliary text file passes", async () => {
    const { version, keys } = await signedVersion({ ...goodFiles(), "extra.bin": Buffer.from("just bytes, no format"), "README.md": Buffer.from("# Scorer\n") });
    const d = await decide(version.input(), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(reasonsOf(d, "serialization")).toEqual([{ code: "FORMAT_UNKNOWN", label: "unknown format", message: "extra.bin: format cannot be established: no known magic or structure" }]);
  });

  test("an allowed extra pickle import passes; the built-in list is not replaced", async () => {
    // protocol 2: PROTO 2, GLOBAL "sklearn.tree DecisionTreeClassifier", EMPTY_TUPLE, REDUCE, STOP
    const pickle = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from("csklearn.tree\nDecisionTreeClassifier\n", "latin1"), Buffer.from(")R.", "latin1")]);
    const { version, keys } = await signedVersion({ ...goodFiles(), "tree.pkl": pickle });
    const policy = fraudPolicy({ allowedFormats: ["safetensors", "pickle"], allowedPickleImports: ["sklearn.tree.DecisionTreeClassifier"] });
    expect(outline(await decide(version.input(), { policy, publicKey: keys.publicPem })).serialization).toBe("passed");
    const without = fraudPolicy({ allowedFormats: ["safetensors", "pickle"] });
    expect(outline(await decide(version.input(), { policy: without, publicKey: keys.publicPem })).serialization).toBe("failed PICKLE_UNSAFE_IMPORT");
  });

  test.each([
    ["total size", { maxTotalGb: 0.001 }, 2_000_000, "GATE_TOO_LARGE", "the version holds 2.00 MB, more than the 1.00 MB allowed"],
    ["file count", { maxFiles: 2 }, 0, "GATE_TOO_MANY_FILES", "the version holds 3 files, more than the 2 allowed"],
    ["bundle size", { maxManifestKb: 1 }, 0, "GATE_MANIFEST_TOO_LARGE", "__SIG__"],
  ])("over the %s limit: rejected before any byte is read, other checks skipped", async (_what, settings, padding, code, message) => {
    const files = padding > 0 ? { ...goodFiles(), "config.json": Buffer.alloc(padding, 0x20) } : goodFiles();
    const { version, keys } = await signedVersion(files);
    const d = await decide(version.input(), { policy: fraudPolicy(settings), publicKey: keys.publicPem });
    const sigSize = (version.files.get("model.sig") as Buffer).length;
    expect(reasonsOf(d, "limits")).toEqual([{ code, label: expect.any(String), message: message === "__SIG__" ? `model.sig is ${sigSize} bytes, more than the 1024 allowed` : message }]);
    expect(outline(d)).toEqual({
      limits: `failed ${code}`,
      signature: "skipped GATE_NOT_RUN",
      lineage: "skipped GATE_NOT_RUN",
      evaluation: "skipped GATE_NOT_RUN",
      serialization: "skipped GATE_NOT_RUN",
    });
    expect(version.opens).toBe(0);
    expect(d.accepted).toBe(false);
  });
  test("a report path outside the signed files fails both the lineage and the evaluation", async () => {
    const { version, keys } = await signedVersion();
    const d = await decide(version.input({ ...GOOD_LINEAGE, "eval-report": "eval/other.json" }), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(reasonsOf(d, "evaluation")).toEqual([{ code: "GATE_REPORT_UNSIGNED", label: "unsigned evaluation report", message: "eval/other.json is not one of the signed files" }]);
  });

  test("requirements with no eval-report lineage are not run, which rejects", async () => {
    const { version, keys } = await signedVersion();
    const lineage = { "dataset-digest": GOOD_LINEAGE["dataset-digest"], "source-commit": GOOD_LINEAGE["source-commit"] };
    const d = await decide(version.input(lineage), { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(d.checks.find((c) => c.id === "evaluation")).toEqual({
      id: "evaluation", status: "skipped", summary: "not run: no eval-report lineage names the report",
      reasons: [{ code: "GATE_NOT_RUN", label: "not run", message: "no eval-report lineage names the report" }],
    });
  });

  test("an oversized or unreadable report, and a file the scan cannot read, reject", async () => {
    const big = await signedVersion({ ...goodFiles(), "eval/report.json": Buffer.alloc(1024 * 1024 + 1, 0x20) });
    const b = await decide(big.version.input(), { policy: fraudPolicy(), publicKey: big.keys.publicPem });
    expect(reasonsOf(b, "evaluation")).toEqual([{ code: "GATE_REPORT_MALFORMED", label: "malformed evaluation report", message: "eval/report.json cannot be read or is larger than 1048576 bytes" }]);

    const { version, keys } = await signedVersion();
    const reader = version.reader();
    const input = { ...version.input(), reader: { ...reader, source: async (name: string, size: number) => (name === "config.json" ? Promise.reject(new Error("503")) : reader.source(name, size)) } };
    const d = await decide(input, { policy: fraudPolicy(), publicKey: keys.publicPem });
    expect(reasonsOf(d, "serialization")).toEqual([{ code: "GATE_UNREADABLE", label: "unreadable file", message: "config.json cannot be read for the serialization scan" }]);
  });
});

