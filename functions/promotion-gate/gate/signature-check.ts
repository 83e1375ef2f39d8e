import { createHash, KeyObject } from "node:crypto";
import { ModelFiles } from "../oms/digest";
import { OmsError } from "../oms/errors";
import { compareCodePoints, isIgnored } from "../oms/names";
import { OmsStatement } from "../oms/statement";
import { verifyModel } from "../oms/verify";
import { readAtMost } from "./read-small";
import { checked, reason } from "./reasons";
import { GateCheck, VersionObject, VersionReader } from "./types";

/** What the signature check found, for the checks that trust only verified bytes. */
export interface SignatureOutcome {
  readonly check: GateCheck;
  /** sha256 hex of the bundle bytes, when there was a bundle within the size limit. */
  readonly signatureSha256?: string;
  /** The verified statement; absent unless the check passed. */
  readonly statement?: OmsStatement;
}

/** The version's objects as {@link ModelFiles}, for the OMS verifier. */
export function versionFiles(objects: readonly VersionObject[], reader: VersionReader): ModelFiles {
  return {
    list: async (ignorePaths) => objects.map((o) => o.name).filter((n) => !isIgnored(n, ignorePaths)).sort(compareCodePoints),
    open: (name) => reader.open(name),
  };
}

/**
 * The bundle verifies against the environment's signing key (never a key the bundle carries),
 * the file set equals the signed set, and every file's digest matches while it streams
 * (functions/promotion-gate/oms/verify.ts). The first failure is the reason, as in upstream's
 * `model_signing verify`.
 */
export async function checkSignature(
  objects: readonly VersionObject[],
  reader: VersionReader,
  publicKey: string | KeyObject,
  signatureName: string,
  maxManifestBytes: number,
): Promise<SignatureOutcome> {
  if (!objects.some((o) => o.name === signatureName)) {
    return { check: checked("signature", `no ${signatureName}`, [reason("GATE_SIGNATURE_MISSING", `the version has no ${signatureName}`)]) };
  }
  const bundle = await readAtMost(reader.open(signatureName), maxManifestBytes);
  if (bundle === undefined) {
    return { check: checked("signature", `${signatureName} over the size limit`, [reason("OMS_BUNDLE_TOO_LARGE", `${signatureName} is larger than the ${maxManifestBytes} bytes allowed`)]) };
  }
  const signatureSha256 = createHash("sha256").update(bundle).digest("hex");
  try {
    const statement = await verifyModel({
      files: versionFiles(objects, reader),
      bundle,
      publicKey,
      signatureName,
      maxBundleBytes: maxManifestBytes,
    });
    const summary = `${signatureName} verifies with the registry's signing key; ${statement.resources.length} files match their signed digests`;
    return { check: checked("signature", summary, []), signatureSha256, statement };
  } catch (e) {
    if (!OmsError.isOmsError(e)) throw e;
    return { check: checked("signature", `${signatureName} does not verify`, [reason(e.code, e.message)]), signatureSha256 };
  }
}
