import { LocalPemSigner } from "../../../functions/promotion-gate/oms/local-signer";
import { buildDecisionStatement } from "../../../functions/promotion-gate/record/decision-statement";
import { signDecisionRecord } from "../../../functions/promotion-gate/record/record-envelope";
import { verifyDecisionRecord } from "../../../functions/promotion-gate/record/record-verify";
import { ApprovalRecord } from "../../../policies/admission";
import { ecKeys } from "../../functions/promotion-gate/oms/oms-helpers";
import { context, FAILED_DECISION, PASSED_DECISION } from "../../functions/promotion-gate/record/record-fixtures";

export const keys = ecKeys();

/** The URI the fixtures annotate for the PASSED record (root digest 2509680e…1374). */
export const PASSED_URI = "s3://acme-ai-prod-logs-123456789012/provenance/fraud-scoring/fraud/1.2.0/1bca07cb6f1a2f0b4fd2dfb8a1e4c0b0f3f5d1c8b8e6a5d4c3b2a19081726354.dsse.json";

/** Signed record bytes of a decision, as the gate writes them. */
export async function signedRecord(passed: boolean, version = "1.4.0"): Promise<Buffer> {
  const statement = buildDecisionStatement(passed ? PASSED_DECISION : FAILED_DECISION, context({ version }));
  return signDecisionRecord(statement, new LocalPemSigner(keys.privatePem));
}

/** A PASSED and a FAILED record, verified with the gate's own verifier. */
export async function approvalRecords(): Promise<ApprovalRecord[]> {
  return [
    { decision: verifyDecisionRecord(await signedRecord(true), keys.publicPem), uri: PASSED_URI },
    { decision: verifyDecisionRecord(await signedRecord(false), keys.publicPem), uri: "s3://acme-ai-prod-logs-123456789012/provenance/fraud-scoring/fraud/1.3.0/failed.dsse.json" },
  ];
}
