import { KeyObject } from "node:crypto";
import { SIGNATURE_FILE_NAME } from "../../../constructs/shared/model-registry-spec";
import { checkEvaluation } from "./evaluation-check";
import { checkLimits } from "./limits-check";
import { checkLineage, EVAL_REPORT_KEY } from "./lineage-check";
import { GatePolicy } from "./policy";
import { skipped } from "./reasons";
import { checkSerialization } from "./serialization-check";
import { checkSignature } from "./signature-check";
import { GateCheck, GateDecision, GateInput } from "./types";

/** What the engine needs besides the upload. */
export interface DecideOptions {
  readonly policy: GatePolicy;
  /** The environment's signing public key (PEM SPKI), from the deployment, never from the upload. */
  readonly publicKey: string | KeyObject;
  /** @default "model.sig" */
  readonly signatureName?: string;
}

/**
 * Decides one upload: accepted only when every check passed (README, "The promotion gate").
 * Every check runs and is recorded, so a publisher sees all the reasons at once, except that
 * nothing is read when the size limits fail, and the report and file contents are trusted only
 * once the signature verified: the evaluation needs the verified report, and the serialization
 * scan covers the signed files (or, without a valid signature, every uploaded file).
 */
export async function decide(input: GateInput, options: DecideOptions): Promise<GateDecision> {
  const signatureName = options.signatureName ?? SIGNATURE_FILE_NAME;
  const { policy } = options;
  const limits = checkLimits(input.objects, signatureName, policy.limits);
  if (limits.status !== "passed") {
    const why = "the version is over the registry's limits";
    return finish([limits, skipped("signature", why), skipped("lineage", why), skipped("evaluation", why), skipped("serialization", why)], {});
  }
  const sig = await checkSignature(input.objects, input.reader, options.publicKey, signatureName, policy.limits.maxManifestBytes);
  const signedNames = sig.statement === undefined ? undefined : new Set(sig.statement.resources.map((r) => r.name));
  const lineage = checkLineage(input.lineage, policy.lineageTags, signedNames);
  const reportPath = policy.lineageTags.includes(EVAL_REPORT_KEY) ? input.lineage[EVAL_REPORT_KEY] : undefined;
  const evaluation = await checkEvaluation(policy.evaluation, reportPath, sig.statement, input.reader);
  const scanNames = signedNames === undefined ? input.objects.map((o) => o.name).filter((n) => n !== signatureName) : [...signedNames];
  const serialization = await checkSerialization(scanNames, input.objects, input.reader, policy);
  return finish([limits, sig.check, lineage, evaluation, serialization], {
    signatureSha256: sig.signatureSha256,
    statement: sig.statement,
  });
}

function finish(
  checks: readonly GateCheck[],
  extra: { signatureSha256?: string; statement?: { rootDigest: string; resources: readonly { name: string; digest: string }[] } },
): GateDecision {
  return {
    accepted: checks.every((c) => c.status === "passed") && checks.length > 0,
    checks,
    ...(extra.signatureSha256 === undefined ? {} : { signatureSha256: extra.signatureSha256 }),
    ...(extra.statement === undefined ? {} : { rootDigest: extra.statement.rootDigest }),
    files: extra.statement === undefined ? [] : extra.statement.resources.map((r) => ({ name: r.name, sha256: r.digest })),
  };
}
