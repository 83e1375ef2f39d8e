import { createPrivateKey, createPublicKey, KeyObject, sign } from "node:crypto";
import { OmsError } from "./errors";
import { Signer } from "./sign";

/**
 * A {@link Signer} over a PEM private key (what `model_signing sign key --private-key` takes,
 * upstream README L155-160: `openssl ecparam -name prime256v1 -genkey`). P-256 only: bundles
 * this project makes use ECDSA-SHA256. node:crypto signs (OpenSSL, constant-time), DER-encoded.
 */
export class LocalPemSigner implements Signer {
  private readonly key: KeyObject;

  constructor(privateKeyPem: string, passphrase?: string) {
    try {
      this.key = createPrivateKey(passphrase === undefined ? privateKeyPem : { key: privateKeyPem, passphrase });
    } catch {
      throw new OmsError("OMS_KEY_UNSUPPORTED", "private key is not a readable PEM private key");
    }
    if (this.key.asymmetricKeyType !== "ec" || this.key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
      throw new OmsError("OMS_KEY_UNSUPPORTED", "private key is not ECDSA P-256");
    }
  }

  public async sign(pae: Buffer): Promise<Buffer> {
    return Promise.resolve(sign("sha256", pae, this.key));
  }

  public async publicKeyPem(): Promise<string> {
    return Promise.resolve(createPublicKey(this.key).export({ type: "spki", format: "pem" }).toString());
  }
}
