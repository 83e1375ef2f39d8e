import { createHash, generateKeyPairSync, KeyObject, sign } from "node:crypto";
import type { KMSClient } from "@aws-sdk/client-kms";
import type { CryptographyClient, KeyClient, KeyVaultKey } from "@azure/keyvault-keys";
import type { GcpKmsClient } from "../../../../functions/promotion-gate/kms/gcp-signer";
import type { Signer } from "../../../../functions/promotion-gate/oms/sign";

/** Which signature a fake keeps re-signing for: r or s below 2^247, so its DER INTEGER has 31 bytes or fewer. */
export type Shape = "any" | "short-r" | "short-s";

export interface P256 {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicPem: string;
}

export function p256(): P256 {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, publicKey, publicPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

/** Length bytes of the two INTEGERs of a DER ECDSA signature, read directly. */
export function derIntegerLengths(der: Buffer): { r: number; s: number } {
  const r = der[3] ?? 0;
  return { r, s: der[4 + r + 1] ?? 0 };
}

/**
 * node:crypto cannot sign a precomputed digest (`sign(null, ...)` hashes again), so the fakes get
 * the PAE out of band: the test signs through `tap.wrap(signer)`, which records the PAE the
 * signer was given. The fake then checks that what it received is exactly SHA-256(PAE), as the
 * real service would sign it, and signs that PAE with node's hashing signer: the same ECDSA
 * signature over the same digest.
 */
export class PaeTap {
  private last: Buffer | undefined;

  public get lastPae(): Buffer {
    if (this.last === undefined) throw new Error("no PAE recorded");
    return this.last;
  }

  public wrap(signer: Signer): Signer {
    return {
      sign: async (pae) => {
        this.last = pae;
        return signer.sign(pae);
      },
      publicKeyPem: () => signer.publicKeyPem(),
    };
  }

  /** ECDSA-SHA256 in `encoding`, re-signed until it has `shape` (r or s is random, 1/512 per try). */
  public signDigest(digest: Uint8Array, key: KeyObject, encoding: "der" | "ieee-p1363", shape: Shape): Buffer {
    const pae = this.last;
    if (pae === undefined) throw new Error("fake KMS: no PAE recorded; sign through tap.wrap()");
    if (!createHash("sha256").update(pae).digest().equals(Buffer.from(digest))) throw new Error("fake KMS: digest is not SHA-256 of the PAE");
    for (let i = 0; i < 200_000; i++) {
      const sig = sign("sha256", pae, { key, dsaEncoding: encoding });
      if (shape === "any") return sig;
      const short =
        encoding === "der"
          ? derIntegerLengths(sig)[shape === "short-r" ? "r" : "s"] <= 31
          : (() => {
              const at = shape === "short-r" ? 0 : 32;
              return sig[at] === 0 && ((sig[at + 1] ?? 0) & 0x80) === 0;
            })();
      if (short) return sig;
    }
    throw new Error("fake KMS: no signature of the wanted shape");
  }
}

/** A KMS-style error: an exception name and a message over several lines. */
export function serviceError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

// ---------------------------------------------------------------------------------------------
// AWS KMS

export interface FakeAwsOptions {
  readonly keyArn?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  readonly signingAlgorithms?: string[];
  readonly shape?: Shape;
  /** Return the signature in P1363 instead of DER (a broken signer). */
  readonly p1363?: boolean;
  /** Sign with this key instead of the one whose public key is returned. */
  readonly signWith?: KeyObject;
  /** KeyId reported by Sign. */
  readonly signKeyId?: string;
  readonly signError?: Error;
  /** Thrown by the first GetPublicKey only. */
  readonly firstGetPublicKeyError?: Error;
}

export const AWS_KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** Behaves as AWS KMS `Sign` (DIGEST, DER) and `GetPublicKey` (DER SPKI) do for an ECC_NIST_P256 key. */
export class FakeAwsKms {
  public readonly calls: { command: string; input: Record<string, unknown> }[] = [];
  public lastSignature: Buffer | undefined;
  private getPublicKeyCalls = 0;

  constructor(
    private readonly tap: PaeTap,
    private readonly key: P256,
    private readonly options: FakeAwsOptions = {},
  ) {}

  public get client(): Pick<KMSClient, "send"> {
    // The SDK's `send` has generic and callback overloads; the fake implements the promise form.
    return { send: ((command: unknown) => this.handle(command)) as unknown as Pick<KMSClient, "send">["send"] };
  }

  private async handle(command: unknown): Promise<unknown> {
    const name = (command as { constructor: { name: string } }).constructor.name;
    const input = (command as { input: Record<string, unknown> }).input;
    this.calls.push({ command: name, input });
    const keyArn = this.options.keyArn ?? AWS_KEY_ARN;
    if (name === "GetPublicKeyCommand") {
      this.getPublicKeyCalls++;
      if (this.getPublicKeyCalls === 1 && this.options.firstGetPublicKeyError !== undefined) throw this.options.firstGetPublicKeyError;
      return {
        KeyId: keyArn,
        PublicKey: new Uint8Array(this.key.publicKey.export({ type: "spki", format: "der" })),
        KeySpec: this.options.keySpec ?? "ECC_NIST_P256",
        KeyUsage: this.options.keyUsage ?? "SIGN_VERIFY",
        SigningAlgorithms: this.options.signingAlgorithms ?? ["ECDSA_SHA_256"],
      };
    }
    if (name === "SignCommand") {
      if (this.options.signError !== undefined) throw this.options.signError;
      const message = input.Message as Uint8Array;
      // Real KMS: with DIGEST the Message length must match the algorithm's hash.
      if (input.MessageType !== "DIGEST" || input.SigningAlgorithm !== "ECDSA_SHA_256" || message.length !== 32) {
        throw serviceError("ValidationException", "fake KMS expects a 32-byte DIGEST for ECDSA_SHA_256");
      }
      const signer = this.options.signWith ?? this.key.privateKey;
      let sig = this.tap.signDigest(message, signer, this.options.p1363 === true ? "ieee-p1363" : "der", this.options.shape ?? "any");
      // A broken signer's r||s, re-drawn until it does not start with 0x30 so the refusal reason is fixed.
      while (this.options.p1363 === true && sig[0] === 0x30) sig = this.tap.signDigest(message, signer, "ieee-p1363", "any");
      this.lastSignature = sig;
      return { KeyId: this.options.signKeyId ?? keyArn, Signature: new Uint8Array(sig), SigningAlgorithm: "ECDSA_SHA_256" };
    }
    throw new Error(`fake KMS: unexpected ${name}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Cloud KMS

/** Bitwise CRC-32C, written apart from the table version under test (RFC 3720 B.4). */
function crc32cBitwise(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of data) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export const GCP_KEY_VERSION = "projects/my-proj/locations/europe-west1/keyRings/models/cryptoKeys/oms/cryptoKeyVersions/3";

export interface FakeGcpOptions {
  readonly shape?: Shape;
  readonly algorithm?: string;
  readonly wrongSignatureCrc?: boolean;
  readonly unverifiedDigestCrc?: boolean;
  readonly signName?: string;
  readonly publicKeyName?: string;
  readonly wrongPemCrc?: boolean;
  readonly signError?: Error;
}

/**
 * Behaves as Cloud KMS does for an EC_SIGN_P256_SHA256 version: checks `digestCrc32c` and fails the
 * call on a mismatch, returns DER with `signatureCrc32c` (as a string, protobufjs `longs: String`)
 * and the PEM with `pemCrc32c` (as a number).
 */
export class FakeGcpKms implements GcpKmsClient {
  public readonly signRequests: unknown[] = [];

  constructor(
    private readonly tap: PaeTap,
    private readonly key: P256,
    private readonly options: FakeGcpOptions = {},
  ) {}

  public async asymmetricSign(request: Parameters<GcpKmsClient["asymmetricSign"]>[0]): ReturnType<GcpKmsClient["asymmetricSign"]> {
    this.signRequests.push(request);
    if (this.options.signError !== undefined) throw this.options.signError;
    const digest = request.digest?.sha256;
    if (!(digest instanceof Uint8Array) || request.name !== GCP_KEY_VERSION) throw serviceError("Error", "3 INVALID_ARGUMENT: bad request");
    if (request.digestCrc32c?.value !== crc32cBitwise(digest)) {
      throw serviceError("Error", "3 INVALID_ARGUMENT: The checksum in field digest_crc32c did not match the data in field digest.");
    }
    const sig = this.tap.signDigest(digest, this.key.privateKey, "der", this.options.shape ?? "any");
    const crc = crc32cBitwise(sig) ^ (this.options.wrongSignatureCrc === true ? 1 : 0);
    return [
      {
        signature: sig,
        signatureCrc32c: { value: String(crc >>> 0) },
        verifiedDigestCrc32c: this.options.unverifiedDigestCrc !== true,
        name: this.options.signName ?? GCP_KEY_VERSION,
        protectionLevel: "HSM",
      },
      undefined,
      undefined,
    ];
  }

  public async getPublicKey(request: Parameters<GcpKmsClient["getPublicKey"]>[0]): ReturnType<GcpKmsClient["getPublicKey"]> {
    if (request.name !== GCP_KEY_VERSION) throw serviceError("Error", "5 NOT_FOUND");
    const pem = this.key.publicPem;
    const crc = crc32cBitwise(Buffer.from(pem)) ^ (this.options.wrongPemCrc === true ? 1 : 0);
    return [
      {
        pem,
        algorithm: (this.options.algorithm ?? "EC_SIGN_P256_SHA256") as "EC_SIGN_P256_SHA256",
        pemCrc32c: { value: crc >>> 0 },
        name: this.options.publicKeyName ?? GCP_KEY_VERSION,
        protectionLevel: "HSM",
      },
      undefined,
      undefined,
    ];
  }
}

// ---------------------------------------------------------------------------------------------
// Azure Key Vault

export const AZURE_KEY_ID = "https://blueprint-kv.vault.azure.net/keys/oms-signing/0123456789abcdef0123456789abcdef";

export interface FakeAzureOptions {
  readonly shape?: Shape;
  readonly crv?: string;
  readonly kty?: string;
  readonly keyOperations?: string[];
  /** Replace `result` with this many bytes. */
  readonly resultLength?: number;
  readonly signError?: Error;
}

/** Behaves as Key Vault `sign` ES256 (raw 64-byte r||s) and `getKey` (JWK) do for an EC-HSM P-256 key. */
export class FakeAzureKeyVault {
  constructor(
    private readonly tap: PaeTap,
    private readonly key: P256,
    private readonly options: FakeAzureOptions = {},
  ) {}

  public lastResult: Buffer | undefined;

  public get client(): Pick<CryptographyClient, "sign"> {
    return {
      sign: async (algorithm, digest) => {
        if (this.options.signError !== undefined) throw this.options.signError;
        if (algorithm !== "ES256" || digest.length !== 32) throw serviceError("RestError", "Invalid digest length or algorithm");
        const raw = this.tap.signDigest(digest, this.key.privateKey, "ieee-p1363", this.options.shape ?? "any");
        const result = this.options.resultLength === undefined ? raw : Buffer.alloc(this.options.resultLength, 0x11);
        this.lastResult = result;
        return { result: new Uint8Array(result), keyID: AZURE_KEY_ID, algorithm: "ES256" };
      },
    };
  }

  public get keyClient(): Pick<KeyClient, "getKey"> {
    return {
      getKey: async (name, options) => {
        if (name !== "oms-signing" || options?.version !== "0123456789abcdef0123456789abcdef") throw serviceError("RestError", "KeyNotFound");
        const jwk = this.key.publicKey.export({ format: "jwk" });
        const key: KeyVaultKey = {
          name,
          id: AZURE_KEY_ID,
          keyType: this.options.kty ?? "EC-HSM",
          keyOperations: this.options.keyOperations ?? ["sign", "verify"],
          key: {
            kid: AZURE_KEY_ID,
            kty: this.options.kty ?? "EC-HSM",
            crv: this.options.crv ?? "P-256",
            x: Buffer.from(jwk.x ?? "", "base64url"),
            y: Buffer.from(jwk.y ?? "", "base64url"),
          },
          properties: { name, vaultUrl: "https://blueprint-kv.vault.azure.net" },
        };
        return key;
      },
    };
  }
}
