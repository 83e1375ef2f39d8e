import { createPublicKey } from "node:crypto";
import type { protos } from "@google-cloud/kms";
import { OmsError } from "../oms/errors";
import { Signer } from "../oms/sign";
import { crc32c } from "./crc32c";
import { assertDerP256, callSdk, paeDigest } from "./support";

type Int64Value = protos.google.protobuf.IInt64Value;

/**
 * The two methods of `@google-cloud/kms` 5.7.0 `KeyManagementServiceClient` this signer calls,
 * in their promise form (`build/src/v1/key_management_service_client.d.ts`): the real client
 * is assignable to it, and a test fake need not implement the callback overloads.
 */
export interface GcpKmsClient {
  asymmetricSign(
    request: protos.google.cloud.kms.v1.IAsymmetricSignRequest,
  ): Promise<[protos.google.cloud.kms.v1.IAsymmetricSignResponse, ...unknown[]]>;
  getPublicKey(request: protos.google.cloud.kms.v1.IGetPublicKeyRequest): Promise<[protos.google.cloud.kms.v1.IPublicKey, ...unknown[]]>;
}

/** Inputs of {@link GcpKmsSigner}. */
export interface GcpKmsSignerProps {
  readonly client: GcpKmsClient;
  /** `projects/*\/locations/*\/keyRings/*\/cryptoKeys/*\/cryptoKeyVersions/*`: a version, so rotation never changes the signing key. */
  readonly keyVersionName: string;
}

/** `CryptoKeyVersionAlgorithm.EC_SIGN_P256_SHA256` (protos.d.ts: `EC_SIGN_P256_SHA256 = 12`), as a name or as the enum number. */
const EC_SIGN_P256_SHA256: readonly unknown[] = ["EC_SIGN_P256_SHA256", 12];

/** Int64Value wrapper (number, string or Long, per protos.d.ts) as a number; undefined when absent. */
function int64(v: Int64Value | null | undefined): number | undefined {
  const value = v?.value;
  if (value === undefined || value === null) return undefined;
  return Number(typeof value === "object" ? value.toString() : value);
}

/**
 * Signs with a Cloud KMS `EC_SIGN_P256_SHA256` key version. `asymmetricSign` gets the PAE's
 * SHA-256 as `digest.sha256` (REST `projects.locations.keyRings.cryptoKeys.cryptoKeyVersions.asymmetricSign`:
 * `digest` or `data`, not both) and returns DER ("Cloud KMS returns signatures in a DER-encoded
 * format", research §3). Each call follows "Verifying end-to-end data integrity"
 * (cloud.google.com/kms/docs/data-integrity-guidelines): send `digestCrc32c`; discard a response
 * whose `verifiedDigestCrc32c` is false (the checksum never reached KMS), whose `name` is not the
 * version asked for, or whose `signatureCrc32c` (`pemCrc32c` for `getPublicKey`) does not match.
 */
export class GcpKmsSigner implements Signer {
  private readonly client: GcpKmsClient;
  private readonly name: string;
  private cached: Promise<string> | undefined;

  constructor(props: GcpKmsSignerProps) {
    this.client = props.client;
    this.name = props.keyVersionName;
  }

  public async sign(pae: Buffer): Promise<Buffer> {
    await this.publicKeyPem();
    const digest = paeDigest(pae);
    const [out] = await callSdk("Cloud KMS asymmetricSign", () =>
      this.client.asymmetricSign({ name: this.name, digest: { sha256: digest }, digestCrc32c: { value: crc32c(digest) } }),
    );
    if (out.verifiedDigestCrc32c !== true) {
      throw new OmsError("OMS_SIGNER_FAILED", "Cloud KMS asymmetricSign did not verify the request's digestCrc32c; request corrupted in transit");
    }
    if (out.name !== this.name) {
      throw new OmsError("OMS_SIGNER_FAILED", `Cloud KMS asymmetricSign answered for ${String(out.name)}, not ${this.name}`);
    }
    const sig = out.signature;
    if (!(sig instanceof Uint8Array)) throw new OmsError("OMS_SIGNER_FAILED", "Cloud KMS asymmetricSign returned no signature bytes");
    if (int64(out.signatureCrc32c) !== crc32c(sig)) {
      throw new OmsError("OMS_SIGNER_FAILED", "Cloud KMS asymmetricSign signatureCrc32c does not match the signature; response corrupted in transit");
    }
    return assertDerP256(sig, "Cloud KMS");
  }

  /** Fetched once per signer; a failure is not cached so a retry can succeed. */
  public publicKeyPem(): Promise<string> {
    this.cached ??= this.fetchPublicKey();
    this.cached.catch(() => (this.cached = undefined));
    return this.cached;
  }

  private async fetchPublicKey(): Promise<string> {
    const [out] = await callSdk("Cloud KMS getPublicKey", () => this.client.getPublicKey({ name: this.name }));
    // REST getPublicKey: `name` "provided here for verification", `pemCrc32c` over `pem`.
    if (out.name !== this.name) {
      throw new OmsError("OMS_SIGNER_FAILED", `Cloud KMS getPublicKey answered for ${String(out.name)}, not ${this.name}`);
    }
    if (!EC_SIGN_P256_SHA256.includes(out.algorithm)) {
      throw new OmsError("OMS_KEY_UNSUPPORTED", `Cloud KMS key ${this.name} has algorithm ${String(out.algorithm)}; EC_SIGN_P256_SHA256 is required`);
    }
    const pem = out.pem;
    if (typeof pem !== "string") throw new OmsError("OMS_SIGNER_FAILED", "Cloud KMS getPublicKey returned no pem");
    if (int64(out.pemCrc32c) !== crc32c(Buffer.from(pem, "utf8"))) {
      throw new OmsError("OMS_SIGNER_FAILED", "Cloud KMS getPublicKey pemCrc32c does not match the pem; response corrupted in transit");
    }
    try {
      const key = createPublicKey(pem);
      if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw new Error("not P-256");
      return key.export({ type: "spki", format: "pem" }).toString();
    } catch {
      throw new OmsError("OMS_KEY_UNSUPPORTED", `Cloud KMS key ${this.name} returned a pem that is not a P-256 public key`);
    }
  }
}
