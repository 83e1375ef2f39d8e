import { createHash, verify } from "node:crypto";
import { AwsKmsSigner } from "../../../../functions/promotion-gate/kms/aws-signer";
import { AzureKeyVaultSigner } from "../../../../functions/promotion-gate/kms/azure-signer";
import { GcpKmsSigner } from "../../../../functions/promotion-gate/kms/gcp-signer";
import { directoryFiles } from "../../../../functions/promotion-gate/oms/digest";
import { OmsError } from "../../../../functions/promotion-gate/oms/errors";
import { Signer, signModel } from "../../../../functions/promotion-gate/oms/sign";
import { verifyModel } from "../../../../functions/promotion-gate/oms/verify";
import { makeModel, omsCode } from "../oms/oms-helpers";
import {
  AWS_KEY_ARN,
  AZURE_KEY_ID,
  derIntegerLengths,
  FakeAwsKms,
  FakeAzureKeyVault,
  FakeGcpKms,
  GCP_KEY_VERSION,
  p256,
  PaeTap,
  serviceError,
} from "./fakes";

const files = directoryFiles(makeModel({ "weights.safetensors": "w\n", "config.json": "{}\n" }));

/** Signs the model through `tap` and verifies the bundle against `publicPem`; returns the DER signature in it. */
async function roundTrip(tap: PaeTap, signer: Signer, publicPem: string): Promise<Buffer> {
  const bundle = Buffer.from(await signModel({ files, signer: tap.wrap(signer), subjectName: "m" }));
  const statement = await verifyModel({ files, bundle, publicKey: publicPem });
  expect(statement.resources.map((r) => r.name)).toEqual(["config.json", "weights.safetensors"]);
  const doc = JSON.parse(bundle.toString()) as {
    verificationMaterial: { publicKey: { hint: string } };
    dsseEnvelope: { signatures: { sig: string }[] };
  };
  expect(doc.verificationMaterial.publicKey.hint).toBe(createHash("sha256").update(publicPem).digest("hex"));
  return Buffer.from(doc.dsseEnvelope.signatures[0]?.sig ?? "", "base64");
}

async function failure(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (e) {
    if (OmsError.isOmsError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an OmsError");
}

describe("AwsKmsSigner", () => {
  test.each([["short-r" as const], ["short-s" as const]])("a DER signature with a %s INTEGER passes through and the bundle verifies", async (shape) => {
    const tap = new PaeTap();
    const key = p256();
    const fake = new FakeAwsKms(tap, key, { shape });
    const der = await roundTrip(tap, new AwsKmsSigner({ client: fake.client, keyId: AWS_KEY_ARN }), key.publicPem);
    expect(der).toEqual(fake.lastSignature);
    expect(derIntegerLengths(der)[shape === "short-r" ? "r" : "s"]).toBeLessThanOrEqual(31);
  });

  test("sends the PAE's SHA-256 as a DIGEST with ECDSA_SHA_256, and fetches the public key once", async () => {
    const tap = new PaeTap();
    const fake = new FakeAwsKms(tap, p256());
    const signer = tap.wrap(new AwsKmsSigner({ client: fake.client, keyId: AWS_KEY_ARN }));
    await signer.sign(Buffer.from("DSSEv1 1 t 2 hi"));
    await signer.sign(Buffer.from("DSSEv1 1 t 2 ho"));
    await signer.publicKeyPem();
    expect(fake.calls.map((c) => c.command)).toEqual(["GetPublicKeyCommand", "SignCommand", "SignCommand"]);
    expect(fake.calls[0]?.input).toEqual({ KeyId: AWS_KEY_ARN });
    expect(fake.calls[1]?.input).toEqual({
      KeyId: AWS_KEY_ARN,
      // printf 'DSSEv1 1 t 2 hi' | openssl dgst -sha256
      Message: Buffer.from("46f6a566803cb714097b7a96309131b464a17d6b6430ba565ac30b713c512862", "hex"),
      MessageType: "DIGEST",
      SigningAlgorithm: "ECDSA_SHA_256",
    });
  });

  test.each([
    ["KeySpec ECC_NIST_P384", { keySpec: "ECC_NIST_P384" }, `AWS KMS key ${AWS_KEY_ARN} has KeySpec ECC_NIST_P384; ECC_NIST_P256 is required`],
    ["KeyUsage ENCRYPT_DECRYPT", { keyUsage: "ENCRYPT_DECRYPT" }, `AWS KMS key ${AWS_KEY_ARN} has KeyUsage ENCRYPT_DECRYPT; SIGN_VERIFY is required`],
    ["no ECDSA_SHA_256", { signingAlgorithms: ["ECDSA_SHA_384"] }, `AWS KMS key ${AWS_KEY_ARN} does not offer ECDSA_SHA_256`],
  ])("refuses a key with %s", async (_what, options, message) => {
    const tap = new PaeTap();
    const fake = new FakeAwsKms(tap, p256(), options);
    const signer = new AwsKmsSigner({ client: fake.client, keyId: AWS_KEY_ARN });
    expect(await failure(() => signModel({ files, signer: tap.wrap(signer), subjectName: "m" }))).toEqual({ code: "OMS_KEY_UNSUPPORTED", message });
  });

  test("a P1363 signature where DER is expected is refused", async () => {
    const tap = new PaeTap();
    const fake = new FakeAwsKms(tap, p256(), { p1363: true });
    const signer = new AwsKmsSigner({ client: fake.client, keyId: AWS_KEY_ARN });
    expect(await failure(() => signModel({ files, signer: tap.wrap(signer), subjectName: "m" }))).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: "signer failed: AWS KMS signature is not DER ECDSA P-256: no SEQUENCE (64 bytes, P1363 r||s?)",
    });
  });

  test("a DER signature by another key fails signModel's own check", async () => {
    const tap = new PaeTap();
    const fake = new FakeAwsKms(tap, p256(), { signWith: p256().privateKey });
    const signer = new AwsKmsSigner({ client: fake.client, keyId: AWS_KEY_ARN });
    expect(await failure(() => signModel({ files, signer: tap.wrap(signer), subjectName: "m" }))).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: "signer returned a signature that does not verify with its public key",
    });
  });

  test("a Sign answered by another key than the one fetched is refused", async () => {
    const tap = new PaeTap();
    const other = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-000000000000";
    const fake = new FakeAwsKms(tap, p256(), { signKeyId: other });
    const signer = new AwsKmsSigner({ client: fake.client, keyId: "arn:aws:kms:eu-west-1:111122223333:alias/oms" });
    expect(await failure(() => tap.wrap(signer).sign(Buffer.from("pae")))).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: `AWS KMS Sign used key ${other}, not ${AWS_KEY_ARN} whose public key was fetched`,
    });
  });

  test("a KMS error becomes OMS_SIGNER_FAILED on one line", async () => {
    const tap = new PaeTap();
    const error = serviceError("AccessDeniedException", "User: arn:aws:iam::111122223333:user/p is not authorized\n  to perform: kms:Sign");
    const fake = new FakeAwsKms(tap, p256(), { signError: error });
    const signer = new AwsKmsSigner({ client: fake.client, keyId: AWS_KEY_ARN });
    expect(await failure(() => signModel({ files, signer: tap.wrap(signer), subjectName: "m" }))).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: "signer failed: AWS KMS Sign failed: AccessDeniedException: User: arn:aws:iam::111122223333:user/p is not authorized to perform: kms:Sign",
    });
  });

  test("a failed GetPublicKey is reported and not cached, so a retry succeeds", async () => {
    const tap = new PaeTap();
    const key = p256();
    const fake = new FakeAwsKms(tap, key, { firstGetPublicKeyError: serviceError("ThrottlingException", "Rate exceeded") });
    const signer = new AwsKmsSigner({ client: fake.client, keyId: AWS_KEY_ARN });
    expect(await failure(() => signer.publicKeyPem())).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: "AWS KMS GetPublicKey failed: ThrottlingException: Rate exceeded",
    });
    expect(await signer.publicKeyPem()).toBe(key.publicPem);
  });
});

describe("GcpKmsSigner", () => {
  test.each([["short-r" as const], ["short-s" as const]])("a DER signature with a %s INTEGER verifies in the bundle", async (shape) => {
    const tap = new PaeTap();
    const key = p256();
    const fake = new FakeGcpKms(tap, key, { shape });
    const der = await roundTrip(tap, new GcpKmsSigner({ client: fake, keyVersionName: GCP_KEY_VERSION }), key.publicPem);
    expect(derIntegerLengths(der)[shape === "short-r" ? "r" : "s"]).toBeLessThanOrEqual(31);
  });

  test("sends digest.sha256 with its CRC-32C", async () => {
    const tap = new PaeTap();
    const fake = new FakeGcpKms(tap, p256());
    await tap.wrap(new GcpKmsSigner({ client: fake, keyVersionName: GCP_KEY_VERSION })).sign(Buffer.from("DSSEv1 1 t 2 hi"));
    expect(fake.signRequests).toEqual([
      {
        name: GCP_KEY_VERSION,
        digest: { sha256: Buffer.from("46f6a566803cb714097b7a96309131b464a17d6b6430ba565ac30b713c512862", "hex") },
        // CRC-32C of that digest, computed with a bitwise Python loop over the RFC 3720 polynomial.
        digestCrc32c: { value: 2478214981 },
      },
    ]);
  });

  test.each([
    ["a wrong signatureCrc32c", { wrongSignatureCrc: true }, "Cloud KMS asymmetricSign signatureCrc32c does not match the signature; response corrupted in transit"],
    ["verifiedDigestCrc32c false", { unverifiedDigestCrc: true }, "Cloud KMS asymmetricSign did not verify the request's digestCrc32c; request corrupted in transit"],
    [
      "another key version's name",
      { signName: "projects/my-proj/locations/europe-west1/keyRings/models/cryptoKeys/oms/cryptoKeyVersions/4" },
      `Cloud KMS asymmetricSign answered for projects/my-proj/locations/europe-west1/keyRings/models/cryptoKeys/oms/cryptoKeyVersions/4, not ${GCP_KEY_VERSION}`,
    ],
  ])("rejects a response with %s", async (_what, options, message) => {
    const tap = new PaeTap();
    const signer = new GcpKmsSigner({ client: new FakeGcpKms(tap, p256(), options), keyVersionName: GCP_KEY_VERSION });
    expect(await failure(() => signModel({ files, signer: tap.wrap(signer), subjectName: "m" }))).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: `signer failed: ${message}`,
    });
  });

  test.each([
    ["a wrong pemCrc32c", { wrongPemCrc: true }, "OMS_SIGNER_FAILED", "Cloud KMS getPublicKey pemCrc32c does not match the pem; response corrupted in transit"],
    [
      "another key version's name",
      { publicKeyName: "projects/p-other/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1" },
      "OMS_SIGNER_FAILED",
      `Cloud KMS getPublicKey answered for projects/p-other/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1, not ${GCP_KEY_VERSION}`,
    ],
    [
      "algorithm EC_SIGN_P384_SHA384",
      { algorithm: "EC_SIGN_P384_SHA384" },
      "OMS_KEY_UNSUPPORTED",
      `Cloud KMS key ${GCP_KEY_VERSION} has algorithm EC_SIGN_P384_SHA384; EC_SIGN_P256_SHA256 is required`,
    ],
  ])("rejects a public key with %s", async (_what, options, code, message) => {
    const signer = new GcpKmsSigner({ client: new FakeGcpKms(new PaeTap(), p256(), options), keyVersionName: GCP_KEY_VERSION });
    expect(await failure(() => signer.publicKeyPem())).toEqual({ code, message });
  });

  test("a Cloud KMS error becomes OMS_SIGNER_FAILED on one line", async () => {
    const tap = new PaeTap();
    const error = serviceError("Error", "7 PERMISSION_DENIED: Permission 'cloudkms.cryptoKeyVersions.useToSign' denied\non resource");
    const signer = new GcpKmsSigner({ client: new FakeGcpKms(tap, p256(), { signError: error }), keyVersionName: GCP_KEY_VERSION });
    expect(await failure(() => tap.wrap(signer).sign(Buffer.from("pae")))).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: "Cloud KMS asymmetricSign failed: 7 PERMISSION_DENIED: Permission 'cloudkms.cryptoKeyVersions.useToSign' denied on resource",
    });
  });
});

describe("AzureKeyVaultSigner", () => {
  test.each([["short-r" as const], ["short-s" as const]])("a left-padded P1363 result with a %s becomes minimal DER that verifies", async (shape) => {
    const tap = new PaeTap();
    const key = p256();
    const fake = new FakeAzureKeyVault(tap, key, { shape });
    const der = await roundTrip(tap, new AzureKeyVaultSigner({ client: fake.client, keyClient: fake.keyClient, keyId: AZURE_KEY_ID }), key.publicPem);
    const raw = fake.lastResult ?? Buffer.alloc(0);
    expect(raw.length).toBe(64);
    expect(raw[shape === "short-r" ? 0 : 32]).toBe(0x00);
    expect(derIntegerLengths(der)[shape === "short-r" ? "r" : "s"]).toBeLessThanOrEqual(31);
    // The same signature in both encodings, by node's own decoders, over the PAE the signer got.
    expect(verify("sha256", tap.lastPae, { key: key.publicKey, dsaEncoding: "ieee-p1363" }, raw)).toBe(true);
    expect(verify("sha256", tap.lastPae, key.publicKey, der)).toBe(true);
  });

  test.each([
    ["curve P-384", { crv: "P-384" }, `Azure Key Vault key ${AZURE_KEY_ID} is on curve P-384; P-256 is required`],
    ["kty RSA-HSM", { kty: "RSA-HSM" }, `Azure Key Vault key ${AZURE_KEY_ID} has kty RSA-HSM; EC or EC-HSM is required`],
    ["no sign operation", { keyOperations: ["verify"] }, `Azure Key Vault key ${AZURE_KEY_ID} does not permit the sign operation`],
  ])("refuses a key with %s", async (_what, options, message) => {
    const fake = new FakeAzureKeyVault(new PaeTap(), p256(), options);
    const signer = new AzureKeyVaultSigner({ client: fake.client, keyClient: fake.keyClient, keyId: AZURE_KEY_ID });
    expect(await failure(() => signer.publicKeyPem())).toEqual({ code: "OMS_KEY_UNSUPPORTED", message });
  });

  test.each([[63], [70]])("a %i-byte result is an error", async (length) => {
    const tap = new PaeTap();
    const fake = new FakeAzureKeyVault(tap, p256(), { resultLength: length });
    const signer = new AzureKeyVaultSigner({ client: fake.client, keyClient: fake.keyClient, keyId: AZURE_KEY_ID });
    expect(await failure(() => tap.wrap(signer).sign(Buffer.from("pae")))).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: `Azure Key Vault ES256 result is ${length} bytes, not the 64-byte r||s`,
    });
  });

  test("a Key Vault error becomes OMS_SIGNER_FAILED on one line", async () => {
    const tap = new PaeTap();
    const error = serviceError("RestError", "Caller is not authorized to perform action on resource.\r\nStatus: 403 (Forbidden)");
    const fake = new FakeAzureKeyVault(tap, p256(), { signError: error });
    const signer = new AzureKeyVaultSigner({ client: fake.client, keyClient: fake.keyClient, keyId: AZURE_KEY_ID });
    expect(await failure(() => signModel({ files, signer: tap.wrap(signer), subjectName: "m" }))).toEqual({
      code: "OMS_SIGNER_FAILED",
      message: "signer failed: Azure Key Vault sign failed: RestError: Caller is not authorized to perform action on resource. Status: 403 (Forbidden)",
    });
  });

  test("refuses an unversioned key id at construction", async () => {
    const fake = new FakeAzureKeyVault(new PaeTap(), p256());
    expect(() => new AzureKeyVaultSigner({ client: fake.client, keyClient: fake.keyClient, keyId: "https://blueprint-kv.vault.azure.net/keys/oms-signing" })).toThrow(
      "--kms azure: key id has no version",
    );
  });
});

test("omsCode helper sees the signer codes", async () => {
  const signer = new AwsKmsSigner({ client: new FakeAwsKms(new PaeTap(), p256(), { keySpec: "RSA_2048" }).client, keyId: AWS_KEY_ARN });
  expect(await omsCode(() => signer.publicKeyPem())).toBe("OMS_KEY_UNSUPPORTED");
});
