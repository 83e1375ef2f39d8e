import { createHash, sign } from "node:crypto";
import { GateDecision } from "../../../../functions/promotion-gate/gate/types";
import { DecisionContext } from "../../../../functions/promotion-gate/record/decision-statement";
import { RecordError } from "../../../../functions/promotion-gate/record/errors";
import { fraudPolicy } from "../gate/gate-fixtures";

export const ROOT = "2509680eb12f90a5cdb38a972fa49a7981ee71946a7a3a5eb7829704ee191374";
export const SIG = "1bca07cb6f1a2f0b4fd2dfb8a1e4c0b0f3f5d1c8b8e6a5d4c3b2a19081726354";
export const LISTING = "dff84a2f1dd1f3b1a2101b710a9837214320b70e962cc139dfc5814cf60a45a7";
/** `printf '<canonical JSON of fraudPolicy()>' | openssl dgst -sha256` (the JSON is spelled out in the statement test). */
export const POLICY_SHA256 = "85dc820f628dc743f71a23c79ad5a2d1d1a0d94c9ac600255cea2744eae7fc73";

export const PASSED_DECISION: GateDecision = {
  accepted: true,
  checks: [
    { id: "limits", status: "passed", summary: "2 files, 1.2 kB, limit 50.00 GB", reasons: [] },
    { id: "signature", status: "passed", summary: "model.sig verifies, 2 signed files", reasons: [] },
    { id: "lineage", status: "passed", summary: "3 lineage tags", reasons: [] },
    { id: "evaluation", status: "passed", summary: "3 requirements met", reasons: [] },
    { id: "serialization", status: "passed", summary: "1 safetensors file", reasons: [] },
  ],
  signatureSha256: SIG,
  rootDigest: ROOT,
  files: [
    { name: "config.json", sha256: "50d0c480e8df2d834ca22bff6d4416afcad85438911bcf356f682d6cbc892454" },
    { name: "model.safetensors", sha256: "75c76cabaf6d2660fc8ca59c054baba2b7884b02eac4d687ef2a6d855ea67146" },
  ],
};

export const FAILED_DECISION: GateDecision = {
  accepted: false,
  checks: [
    { id: "limits", status: "passed", summary: "2 files, 1.2 kB, limit 50.00 GB", reasons: [] },
    {
      id: "signature",
      status: "failed",
      summary: "model.sig checked",
      reasons: [{ code: "OMS_DIGEST_MISMATCH", label: "tampered file", message: "model.safetensors: digest differs from the signed one" }],
    },
    { id: "lineage", status: "passed", summary: "3 lineage tags", reasons: [] },
    { id: "evaluation", status: "skipped", summary: "not run: no verified report", reasons: [{ code: "GATE_NOT_RUN", label: "not run", message: "no verified report" }] },
    { id: "serialization", status: "passed", summary: "1 safetensors file", reasons: [] },
  ],
  signatureSha256: SIG,
  files: [],
};

export function context(overrides: Partial<DecisionContext> = {}): DecisionContext {
  return {
    registry: "fraud-scoring",
    model: "scorer",
    version: "1.4.0",
    resourceUri: "s3://fraud-scoring-models/incoming/scorer/1.4.0/",
    signatureUri: "s3://fraud-scoring-models/incoming/scorer/1.4.0/model.sig",
    policy: fraudPolicy(),
    policyUri: "arn:aws:lambda:eu-west-1:123456789012:function:fraud-scoring-gate",
    verifier: { id: "https://github.com/example/ai-supply-chain-blueprint/promotion-gate", version: { gate: "0.1.0", node: "22.11.0" } },
    timeVerified: "2026-12-02T05:51:12Z",
    lineage: {
      "source-commit": "0123456789abcdef0123456789abcdef01234567",
      "dataset-digest": `sha256:${"ab".repeat(32)}`,
      "eval-report": "eval/report.json",
    },
    ...overrides,
  };
}

/**
 * A DSSE envelope over arbitrary statement bytes, signed with node:crypto directly (a second
 * method, independent of signDecisionRecord), so tests reach the checks after the signature.
 */
export function envelopeOver(payload: Buffer, privatePem: string): Buffer {
  const type = "application/vnd.in-toto+json";
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${payload.length} `), payload]);
  return Buffer.from(
    JSON.stringify({ payload: payload.toString("base64"), payloadType: type, signatures: [{ keyid: "", sig: sign("sha256", pae, privatePem).toString("base64") }] }),
  );
}

/** sha256 hex, for tests that recompute a digest on their own. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The code of the RecordError `run` throws or rejects with; fails when nothing or something else is thrown. */
export async function recordCode(run: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (RecordError.isRecordError(e)) return e.code;
    throw e;
  }
  throw new Error("expected a RecordError, but nothing was thrown");
}
