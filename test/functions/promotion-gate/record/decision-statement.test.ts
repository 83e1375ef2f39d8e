import { buildDecisionStatement } from "../../../../functions/promotion-gate/record/decision-statement";
import { context, FAILED_DECISION, LISTING, PASSED_DECISION, POLICY_SHA256, recordCode, ROOT, SIG, sha256 } from "./record-fixtures";

/** The gate policy block every statement below records (fraudPolicy() of the gate fixtures). */
const POLICY = {
  registry: "fraud-scoring",
  lineageTags: ["dataset-digest", "source-commit", "eval-report"],
  evaluation: [
    { kind: "metric", text: "accuracy >= 0.9", metric: "accuracy", op: ">=", value: 0.9 },
    { kind: "metric", text: "demographic_parity_difference <= 0.1", metric: "demographic_parity_difference", op: "<=", value: 0.1 },
    { kind: "test", text: "bias_audit passed", test: "bias_audit" },
  ],
  allowedFormats: ["safetensors", "onnx", "gguf"],
  extraPickleImports: [],
  limits: { maxTotalBytes: 50000000000, maxFiles: 1000, maxManifestBytes: 4194304 },
  malwareScan: { scanner: "none", reason: "Cloud Storage has no managed malware scanner whose per-object result the gate can read; the check is not part of this cloud's decisions" },
};

const LINEAGE = {
  "dataset-digest": `sha256:${"ab".repeat(32)}`,
  "eval-report": "eval/report.json",
  "source-commit": "0123456789abcdef0123456789abcdef01234567",
};

const VERIFIER = { id: "https://github.com/example/ai-supply-chain-blueprint/promotion-gate", version: { gate: "0.1.0", node: "22.11.0" } };

describe("buildDecisionStatement", () => {
  test("the policy digest is the sha256 of the policy's canonical JSON, spelled out here", () => {
    const canonical =
      '{"allowedFormats":["safetensors","onnx","gguf"],"evaluation":[{"kind":"metric","metric":"accuracy","op":">=","text":"accuracy >= 0.9","value":0.9},' +
      '{"kind":"metric","metric":"demographic_parity_difference","op":"<=","text":"demographic_parity_difference <= 0.1","value":0.1},' +
      '{"kind":"test","test":"bias_audit","text":"bias_audit passed"}],"extraPickleImports":[],' +
      '"limits":{"maxFiles":1000,"maxManifestBytes":4194304,"maxTotalBytes":50000000000},"lineageTags":["dataset-digest","source-commit","eval-report"],' +
      '"malwareScan":{"reason":"Cloud Storage has no managed malware scanner whose per-object result the gate can read; the check is not part of this cloud\'s decisions","scanner":"none"},"registry":"fraud-scoring"}';
    expect(sha256(canonical)).toBe("85dc820f628dc743f71a23c79ad5a2d1d1a0d94c9ac600255cea2744eae7fc73");
    expect(buildDecisionStatement(PASSED_DECISION, context()).predicate.policy).toEqual({
      uri: "arn:aws:lambda:eu-west-1:123456789012:function:fraud-scoring-gate",
      digest: { sha256: "85dc820f628dc743f71a23c79ad5a2d1d1a0d94c9ac600255cea2744eae7fc73" },
    });
  });

  test("a PASSED decision: in-toto Statement v1, SLSA VSA v1, subject = root digest, one custom level per check", () => {
    const statement = buildDecisionStatement(PASSED_DECISION, context());
    expect(statement).toEqual({
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "fraud-scoring/scorer/1.4.0", digest: { sha256: ROOT } }],
      predicateType: "https://slsa.dev/verification_summary/v1",
      predicate: {
        verifier: VERIFIER,
        timeVerified: "2026-12-02T05:51:12Z",
        resourceUri: "s3://fraud-scoring-models/incoming/scorer/1.4.0/",
        policy: { uri: "arn:aws:lambda:eu-west-1:123456789012:function:fraud-scoring-gate", digest: { sha256: POLICY_SHA256 } },
        inputAttestations: [{ uri: "s3://fraud-scoring-models/incoming/scorer/1.4.0/model.sig", digest: { sha256: SIG } }],
        verificationResult: "PASSED",
        verifiedLevels: ["BLUEPRINT_GATE_LIMITS", "BLUEPRINT_GATE_SIGNATURE", "BLUEPRINT_GATE_LINEAGE", "BLUEPRINT_GATE_EVALUATION", "BLUEPRINT_GATE_SERIALIZATION"],
        blueprintGate: {
          registry: "fraud-scoring",
          model: "scorer",
          version: "1.4.0",
          subjectDigest: "oms-root-digest",
          lineage: LINEAGE,
          policy: POLICY,
          checks: [
            { id: "limits", status: "passed", summary: "2 files, 1.2 kB, limit 50.00 GB", reasons: [] },
            { id: "signature", status: "passed", summary: "model.sig verifies, 2 signed files", reasons: [] },
            { id: "lineage", status: "passed", summary: "3 lineage tags", reasons: [] },
            { id: "evaluation", status: "passed", summary: "3 requirements met", reasons: [] },
            { id: "serialization", status: "passed", summary: "1 safetensors file", reasons: [] },
          ],
          files: [
            { name: "config.json", sha256: "50d0c480e8df2d834ca22bff6d4416afcad85438911bcf356f682d6cbc892454" },
            { name: "model.safetensors", sha256: "75c76cabaf6d2660fc8ca59c054baba2b7884b02eac4d687ef2a6d855ea67146" },
          ],
        },
      },
    });
  });

  test("fields are written in a fixed order (the signed bytes are stable), lineage and versions sorted", () => {
    const statement = buildDecisionStatement(PASSED_DECISION, context({ verifier: { id: VERIFIER.id, version: { node: "22.11.0", gate: "0.1.0" } } }));
    expect(Object.keys(statement)).toEqual(["_type", "subject", "predicateType", "predicate"]);
    expect(Object.keys(statement.predicate)).toEqual([
      "verifier", "timeVerified", "resourceUri", "policy", "inputAttestations", "verificationResult", "verifiedLevels", "blueprintGate",
    ]);
    expect(Object.keys(statement.predicate.blueprintGate)).toEqual(["registry", "model", "version", "subjectDigest", "lineage", "policy", "checks", "files"]);
    expect(Object.keys(statement.predicate.blueprintGate.lineage)).toEqual(["dataset-digest", "eval-report", "source-commit"]);
    expect(Object.keys(statement.predicate.verifier.version)).toEqual(["gate", "node"]);
    expect(JSON.stringify(buildDecisionStatement(PASSED_DECISION, context()))).toBe(JSON.stringify(statement));
  });

  test("a FAILED decision whose signature did not verify: subject = model.sig digest, levels exactly [FAILED]", () => {
    const { predicate, subject } = buildDecisionStatement(FAILED_DECISION, context());
    expect(subject).toEqual([{ name: "fraud-scoring/scorer/1.4.0", digest: { sha256: SIG } }]);
    expect(predicate.verificationResult).toBe("FAILED");
    expect(predicate.verifiedLevels).toEqual(["FAILED"]);
    expect(predicate.inputAttestations).toEqual([{ uri: "s3://fraud-scoring-models/incoming/scorer/1.4.0/model.sig", digest: { sha256: SIG } }]);
    expect(predicate.blueprintGate.subjectDigest).toBe("model-sig");
    expect(predicate.blueprintGate.files).toEqual([]);
    expect(predicate.blueprintGate.checks[1]).toEqual({
      id: "signature",
      status: "failed",
      summary: "model.sig checked",
      reasons: [{ code: "OMS_DIGEST_MISMATCH", label: "tampered file", message: "model.safetensors: digest differs from the signed one" }],
    });
  });

  test("without a model.sig: subject = listing digest, no inputAttestations field at all", () => {
    const { predicate, subject } = buildDecisionStatement({ ...FAILED_DECISION, signatureSha256: undefined }, context({ listingDigest: LISTING }));
    expect(subject).toEqual([{ name: "fraud-scoring/scorer/1.4.0", digest: { sha256: LISTING } }]);
    expect("inputAttestations" in predicate).toBe(false);
    expect(predicate.blueprintGate.subjectDigest).toBe("listing");
  });

  test.each([
    ["no listing digest without a model.sig", () => buildDecisionStatement({ ...FAILED_DECISION, signatureSha256: undefined }, context())],
    ["a local time", () => buildDecisionStatement(PASSED_DECISION, context({ timeVerified: "2026-12-02T06:51:12+01:00" }))],
    ["another registry's policy", () => buildDecisionStatement(PASSED_DECISION, context({ registry: "other-registry" }))],
    ["a relative resource URI", () => buildDecisionStatement(PASSED_DECISION, context({ resourceUri: "incoming/scorer/1.4.0/" }))],
    ["accepted with a failed check", () => buildDecisionStatement({ ...FAILED_DECISION, accepted: true }, context())],
    ["accepted without a root digest", () => buildDecisionStatement({ ...PASSED_DECISION, rootDigest: undefined }, context())],
    ["an upper-case digest", () => buildDecisionStatement({ ...PASSED_DECISION, rootDigest: ROOT.toUpperCase() }, context())],
  ])("RECORD_CONTEXT_INVALID: %s", async (_what, run) => {
    expect(await recordCode(run)).toBe("RECORD_CONTEXT_INVALID");
  });

  test.each([
    ["a version with a slash", { version: "1.4/../x" }],
    ["a model with ..", { model: "a..b" }],
    ["a registry with upper case", { registry: "Fraud" }],
  ])("RECORD_NAME_INVALID: %s", async (_what, overrides) => {
    expect(await recordCode(() => buildDecisionStatement(PASSED_DECISION, context(overrides)))).toBe("RECORD_NAME_INVALID");
  });
});
