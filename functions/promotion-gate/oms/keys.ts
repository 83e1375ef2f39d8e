import { createHash, KeyObject } from "node:crypto";
import { OmsError } from "./errors";

/**
 * Signature hash per curve, as upstream picks it (model-transparency
 * `src/model_signing/_signing/sign_ec_key.py` L57-82: P-256 → SHA-256, P-384 → SHA-384,
 * P-521 → SHA-512). Only EC keys on these curves are accepted (same file, L53).
 */
const HASH_BY_CURVE: Readonly<Record<string, string>> = {
  prime256v1: "sha256",
  secp384r1: "sha384",
  secp521r1: "sha512",
};

/** The hash a signature by `key` was computed with; rejects keys upstream would not accept. */
export function signatureHash(key: KeyObject): string {
  const curve = key.asymmetricKeyType === "ec" ? key.asymmetricKeyDetails?.namedCurve : undefined;
  const hash = curve === undefined ? undefined : HASH_BY_CURVE[curve];
  if (hash === undefined) {
    throw new OmsError("OMS_KEY_UNSUPPORTED", "public key is not ECDSA on P-256, P-384 or P-521");
  }
  return hash;
}

/**
 * `verificationMaterial.publicKey.hint`: lowercase hex SHA-256 of the PEM SubjectPublicKeyInfo
 * (`sign_ec_key.py` L135-145). The key is re-exported first so that whitespace or a different
 * PEM wrapping of the same key gives the same hint; Node's PEM export matches Python
 * `cryptography`'s byte for byte (research §1.6 step 5, checked again by the upstream fixture test).
 */
export function publicKeyHint(key: KeyObject): string {
  const pem = key.export({ type: "spki", format: "pem" });
  return createHash("sha256").update(pem).digest("hex");
}
