import { createPublicKey } from "node:crypto";
import type { KMSClient } from "@aws-sdk/client-kms";
import { OmsError } from "../oms/errors";
import { Signer } from "../oms/sign";
import { assertDerP256, callSdk, paeDigest } from "./support";

/** Inputs of {@link AwsKmsSigner}. */
export interface AwsKmsSignerProps {
  /** A KMS client (or anything with its `send`), already bound to the key's region. */
  readonly client: Pick<KMSClient, "send">;
  /** Key ARN, alias ARN, key id or alias name, as `Sign` and `GetPublicKey` take `KeyId`. */
  readonly keyId: string;
}

/** The SDK is loaded on first use, so importing the signers does not load every cloud's SDK. */
async function loadSdk(): Promise<typeof import("@aws-sdk/client-kms")> {
  return import("@aws-sdk/client-kms");
}

interface AwsPublicKey {
  readonly pem: string;
  /** The key ARN KMS reports, to check that `Sign` used the same key (an alias can be re-pointed). */
  readonly keyArn: string | undefined;
}

/**
 * Signs with an AWS KMS asymmetric key (`ECC_NIST_P256`, `SIGN_VERIFY`, `ECDSA_SHA_256`).
 * The PAE's SHA-256 is sent with `MessageType: "DIGEST"`: KMS then skips its own hashing step
 * (a RAW message is capped at 4096 bytes and would be hashed a second time if a digest were
 * sent as RAW; `SignRequest.Message` and `MessageType` docs in `@aws-sdk/client-kms`
 * 3.1164.0 `dist-types/models/models_0.d.ts`). The signature is DER (ANSI X9.62 / RFC 3279
 * §2.2.3; `SignResponse.Signature` doc), which is what an OMS bundle carries, so it passes through.
 */
export class AwsKmsSigner implements Signer {
  private readonly client: Pick<KMSClient, "send">;
  private readonly keyId: string;
  private cached: Promise<AwsPublicKey> | undefined;

  constructor(props: AwsKmsSignerProps) {
    this.client = props.client;
    this.keyId = props.keyId;
  }

  public async sign(pae: Buffer): Promise<Buffer> {
    const key = await this.publicKey();
    const { SignCommand } = await loadSdk();
    const out = await callSdk("AWS KMS Sign", () =>
      this.client.send(
        new SignCommand({ KeyId: this.keyId, Message: paeDigest(pae), MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256" }),
      ),
    );
    if (out.Signature === undefined) throw new OmsError("OMS_SIGNER_FAILED", "AWS KMS Sign returned no Signature");
    if (out.SigningAlgorithm !== undefined && out.SigningAlgorithm !== "ECDSA_SHA_256") {
      throw new OmsError("OMS_SIGNER_FAILED", `AWS KMS Sign used ${out.SigningAlgorithm}, not ECDSA_SHA_256`);
    }
    if (key.keyArn !== undefined && out.KeyId !== undefined && out.KeyId !== key.keyArn) {
      throw new OmsError("OMS_SIGNER_FAILED", `AWS KMS Sign used key ${out.KeyId}, not ${key.keyArn} whose public key was fetched`);
    }
    return assertDerP256(out.Signature, "AWS KMS");
  }

  public async publicKeyPem(): Promise<string> {
    return (await this.publicKey()).pem;
  }

  /** Fetched once: the key's public half never changes, and each call costs a KMS request. */
  private publicKey(): Promise<AwsPublicKey> {
    this.cached ??= this.fetchPublicKey();
    // A failed fetch is not cached, so a retry after a throttling error can succeed.
    this.cached.catch(() => (this.cached = undefined));
    return this.cached;
  }

  private async fetchPublicKey(): Promise<AwsPublicKey> {
    const { GetPublicKeyCommand } = await loadSdk();
    const out = await callSdk("AWS KMS GetPublicKey", () => this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId })));
    // GetPublicKeyResponse KeySpec, KeyUsage and SigningAlgorithms (same models file): a key of
    // another spec or usage would give bundles the gate (P-256 / SHA-256 only) rejects.
    if (out.KeySpec !== "ECC_NIST_P256") {
      throw new OmsError("OMS_KEY_UNSUPPORTED", `AWS KMS key ${this.keyId} has KeySpec ${String(out.KeySpec)}; ECC_NIST_P256 is required`);
    }
    if (out.KeyUsage !== "SIGN_VERIFY") {
      throw new OmsError("OMS_KEY_UNSUPPORTED", `AWS KMS key ${this.keyId} has KeyUsage ${String(out.KeyUsage)}; SIGN_VERIFY is required`);
    }
    if (!(out.SigningAlgorithms ?? []).includes("ECDSA_SHA_256")) {
      throw new OmsError("OMS_KEY_UNSUPPORTED", `AWS KMS key ${this.keyId} does not offer ECDSA_SHA_256`);
    }
    if (out.PublicKey === undefined) throw new OmsError("OMS_SIGNER_FAILED", "AWS KMS GetPublicKey returned no PublicKey");
    let pem: string;
    try {
      // `PublicKey` is a DER X.509 SubjectPublicKeyInfo (GetPublicKeyResponse doc).
      const key = createPublicKey({ key: Buffer.from(out.PublicKey), format: "der", type: "spki" });
      if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw new Error("not P-256");
      pem = key.export({ type: "spki", format: "pem" }).toString();
    } catch {
      throw new OmsError("OMS_KEY_UNSUPPORTED", `AWS KMS key ${this.keyId} returned a PublicKey that is not a P-256 SubjectPublicKeyInfo`);
    }
    return { pem, keyArn: out.KeyId };
  }
}
