import { KeyObject } from "node:crypto";
import { SIGNATURE_FILE_NAME } from "../../../constructs/shared/model-registry-spec";
import { compareCodePoints } from "../oms/names";
import { checkEvaluation } from "./evaluation-check";
import { checkLimits } from "./limits-check";
import { checkLineage, EVAL_REPORT_KEY } from "./lineage-check";
import { checkMalwareScan, SYSTEM_CLOCK } from "./malware-scan-check";
import { GatePolicy } from "./policy";
import { skipped } from "./reasons";
import { checkSerialization } from "./serialization-check";
import { checkSignature } from "./signature-check";
import { GateCheck, GateCheckId, GateClock, GateDecision, GateInput } from "./types";

/** What the engine needs besides the upload. */
export interface DecideOptions {
  readonly policy: GatePolicy;
  /** The environment's signing public key (PEM SPKI), from the deployment, never from the upload. */
  readonly publicKey: string | KeyObject;
  /** @default "model.sig" */
  readonly signatureName?: string;
  /** Time for the malware-scan wait. @default the system clock */
  readonly clock?: GateClock;
}

/** Publisher-facing names of the scanners, for the deferred line of `blueprint model check`. */
const SCANNER_NAMES = {
  "guardduty-malware-protection-s3": "GuardDuty Malware Protection for S3",
  "defender-for-storage": "Microsoft Defender for Storage",
} as const;

/**
 * Decides one upload: accepted only when every check passed (README, "The promotion gate").
 * Every check runs and is recorded, so a publisher sees all the reasons at once, except that
 * nothing is read when the size limits fail, and the report and file contents are trusted only
 * once the signature verified: the evaluation needs the verified report, and the serialization
 * scan covers the signed files (or, without a valid signature, every uploaded file).
 *
 * The malware scan runs after the signature, not before: hashing every byte takes about as
 * long as the managed scanner needs for the same objects, so most results are there when the
 * check starts and the wait is short or none; and when the signature failed the upload is
 * rejected whatever the scanner says, so the check reads the results once and does not hold
 * the function for up to `waitSeconds`. It is omitted where the cloud has no scanner (GCP, the
 * policy says why) and deferred where the input has no scan results (a local folder).
 */
export async function decide(input: GateInput, options: DecideOptions): Promise<GateDecision> {
  const signatureName = options.signatureName ?? SIGNATURE_FILE_NAME;
  const { policy } = options;
  const scan = policy.malwareScan;
  const scans = scan.scanner === "none" ? undefined : input.malwareScans;
  const deferred = scan.scanner !== "none" && scans === undefined
    ? [{ id: "malware-scan" as GateCheckId, summary: `runs after upload (${SCANNER_NAMES[scan.scanner]} scans every object; missing results: ${scan.onMissing}, up to ${scan.waitSeconds} s)` }]
    : [];
  const limits = checkLimits(input.objects, signatureName, policy.limits);
  if (limits.status !== "passed") {
    const why = "the version is over the registry's limits";
    const scanSkipped = scans === undefined ? [] : [skipped("malware-scan", why)];
    return finish([limits, skipped("signature", why), ...scanSkipped, skipped("lineage", why), skipped("evaluation", why), skipped("serialization", why)], { deferred });
  }
  const sig = await checkSignature(input.objects, input.reader, options.publicKey, signatureName, policy.limits.maxManifestBytes);
  const malware = scans === undefined || scan.scanner === "none"
    ? []
    : [await checkMalwareScan(input.objects.map((o) => o.name).sort(compareCodePoints), scans, scan, options.clock ?? SYSTEM_CLOCK, sig.check.status === "passed")];
  const signedNames = sig.statement === undefined ? undefined : new Set(sig.statement.resources.map((r) => r.name));
  const lineage = checkLineage(input.lineage, policy.lineageTags, signedNames);
  const reportPath = policy.lineageTags.includes(EVAL_REPORT_KEY) ? input.lineage[EVAL_REPORT_KEY] : undefined;
  const evaluation = await checkEvaluation(policy.evaluation, reportPath, sig.statement, input.reader);
  const scanNames = signedNames === undefined ? input.objects.map((o) => o.name).filter((n) => n !== signatureName) : [...signedNames];
  const serialization = await checkSerialization(scanNames, input.objects, input.reader, policy);
  return finish([limits, sig.check, ...malware, lineage, evaluation, serialization], {
    signatureSha256: sig.signatureSha256,
    statement: sig.statement,
    deferred,
  });
}

function finish(
  checks: readonly GateCheck[],
  extra: {
    signatureSha256?: string;
    statement?: { rootDigest: string; resources: readonly { name: string; digest: string }[] };
    deferred: readonly { id: GateCheckId; summary: string }[];
  },
): GateDecision {
  return {
    accepted: checks.every((c) => c.status === "passed") && checks.length > 0,
    checks,
    ...(extra.signatureSha256 === undefined ? {} : { signatureSha256: extra.signatureSha256 }),
    ...(extra.statement === undefined ? {} : { rootDigest: extra.statement.rootDigest }),
    files: extra.statement === undefined ? [] : extra.statement.resources.map((r) => ({ name: r.name, sha256: r.digest })),
    ...(extra.deferred.length === 0 ? {} : { deferredChecks: extra.deferred }),
  };
}
