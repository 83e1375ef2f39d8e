import { createPublicKey } from "node:crypto";
import type { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { derFromP1363 } from "../oms/der";
import { OmsError } from "../oms/errors";
import { Signer } from "../oms/sign";
import { parseAzureKeyId } from "./kms-uri";
import { callSdk, paeDigest } from "./support";

/**
 * Inputs of {@link AzureKeyVaultSigner}. `@azure/keyvault-keys` 4.10.2's `CryptographyClient`
 * exposes `sign` but no public way to read the key (`dist/commonjs/cryptographyClient.d.ts`;
 * its `getKeyMaterial` is private), so the public key comes from `KeyClient.getKey`.
 */
export interface AzureKeyVaultSignerProps {
  /** Bound to `keyId`, as `new CryptographyClient(keyId, credential)`. */
  readonly client: Pick<CryptographyClient, "sign">;
  /** A client of the key's vault, as `new KeyClient(vaultUrl, credential)`. */
  readonly keyClient: Pick<KeyClient, "getKey">;
  /** `https://<vault>.vault.azure.net/keys/<name>/<version>`: versioned, so a rotation cannot change the signing key. */
  readonly keyId: string;
}

/** Key Vault identifiers "should always be compared as case-insensitive strings" ("Azure Key Vault keys, secrets and certificates overview"). */
function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Signs with an Azure Key Vault (or Managed HSM) EC P-256 key, algorithm ES256. `sign` takes the
 * digest (REST "Keys - Sign": "Creates a signature from a digest") and returns the JWS form of an
 * ECDSA signature: `R || S`, each left-padded to 32 bytes (RFC 7518 §3.4), not DER; sigstore's
 * Azure signer converts it the same way (sigstore/sigstore `pkg/signature/kms/azure`, research §3).
 * OMS verifiers read DER only, so it is converted with {@link derFromP1363}.
 */
export class AzureKeyVaultSigner implements Signer {
  private readonly client: Pick<CryptographyClient, "sign">;
  private readonly keyClient: Pick<KeyClient, "getKey">;
  private readonly keyId: string;
  private readonly name: string;
  private readonly version: string;
  private cached: Promise<string> | undefined;

  constructor(props: AzureKeyVaultSignerProps) {
    const id = parseAzureKeyId(props.keyId);
    this.client = props.client;
    this.keyClient = props.keyClient;
    this.keyId = props.keyId;
    this.name = id.name;
    this.version = id.version;
  }

  public async sign(pae: Buffer): Promise<Buffer> {
    await this.publicKeyPem();
    const out = await callSdk("Azure Key Vault sign", () => this.client.sign("ES256", paeDigest(pae)));
    if (out.keyID !== undefined && !sameId(out.keyID, this.keyId)) {
      throw new OmsError("OMS_SIGNER_FAILED", `Azure Key Vault signed with ${out.keyID}, not ${this.keyId}`);
    }
    // `SignResult.result` is the signature bytes (`dist/commonjs/cryptographyClientModels.d.ts`).
    if (!(out.result instanceof Uint8Array)) throw new OmsError("OMS_SIGNER_FAILED", "Azure Key Vault sign returned no result");
    const raw = Buffer.from(out.result);
    if (raw.length !== 64) {
      throw new OmsError("OMS_SIGNER_FAILED", `Azure Key Vault ES256 result is ${raw.length} bytes, not the 64-byte r||s`);
    }
    return derFromP1363(raw);
  }

  /** Fetched once per signer; a failure is not cached so a retry can succeed. */
  public publicKeyPem(): Promise<string> {
    this.cached ??= this.fetchPublicKey();
    this.cached.catch(() => (this.cached = undefined));
    return this.cached;
  }

  private async fetchPublicKey(): Promise<string> {
    const key = await callSdk("Azure Key Vault getKey", () => this.keyClient.getKey(this.name, { version: this.version }));
    if (key.id !== undefined && !sameId(key.id, this.keyId)) {
      throw new OmsError("OMS_SIGNER_FAILED", `Azure Key Vault returned key ${key.id}, not ${this.keyId}`);
    }
    const jwk = key.key;
    const refuse = (why: string): OmsError => new OmsError("OMS_KEY_UNSUPPORTED", `Azure Key Vault key ${this.keyId} ${why}`);
    if (jwk === undefined) throw refuse("has no public key material");
    if (jwk.kty !== "EC" && jwk.kty !== "EC-HSM") throw refuse(`has kty ${String(jwk.kty)}; EC or EC-HSM is required`);
    if (jwk.crv !== "P-256") throw refuse(`is on curve ${String(jwk.crv)}; P-256 is required`);
    if (key.keyOperations !== undefined && !key.keyOperations.includes("sign")) throw refuse("does not permit the sign operation");
    if (jwk.x?.length !== 32 || jwk.y?.length !== 32) throw refuse("has no 32-byte x and y coordinates");
    try {
      const pub = createPublicKey({
        key: { kty: "EC", crv: "P-256", x: Buffer.from(jwk.x).toString("base64url"), y: Buffer.from(jwk.y).toString("base64url") },
        format: "jwk",
      });
      return pub.export({ type: "spki", format: "pem" }).toString();
    } catch {
      throw refuse("has x and y that are not a point on P-256");
    }
  }
}
