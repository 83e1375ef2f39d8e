import { generateKeyPairSync } from "node:crypto";
import { execFileSync } from "node:child_process";
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseBundle } from "../../../../functions/promotion-gate/oms/bundle";
import { derFromRS } from "../../../../functions/promotion-gate/oms/der";
import { LocalPemSigner } from "../../../../functions/promotion-gate/oms/local-signer";
import { Signer, signModelDirectory } from "../../../../functions/promotion-gate/oms/sign";
import { readBundleFile, verifyModelDirectory } from "../../../../functions/promotion-gate/oms/verify";
import { bundleOver, ecKeys, makeModel, omsCode, root } from "./oms-helpers";

/** sha256 of "w\n", as `printf 'w\n' | openssl dgst -sha256` prints it. */
const W = "cf945b5236e101dbe0471d5200f28b1ae64f21c1f35bf55fcf40cd0fe42cd8e7";
const keys = ecKeys();

/** A valid statement for the one-file model {"weights.bin": "w\n"}, with parts replaced. */
function statement(parts: Record<string, unknown> = {}, predicate: Record<string, unknown> = {}): Buffer {
  const resources = [{ algorithm: "sha256", name: "weights.bin", digest: W }];
  return Buffer.from(
    JSON.stringify({
      _type: "https://in-toto.io/Statement/v1",
      // openssl: printf 'w\n' | openssl dgst -sha256 -binary | openssl dgst -sha256
      subject: [{ name: "m", digest: { sha256: "a1af97ddf9c8e0dbf4635a43d7374ca84bb445eb403ab9eda0b6c08f34ce2c25" } }],
      predicateType: "https://model_signing/signature/v1.0",
      predicate: { resources, serialization: { method: "files", hash_type: "sha256", allow_symlinks: false }, ...predicate },
      ...parts,
    }),
  );
}

async function verifySigned(payload: Buffer, files: Record<string, string> = { "weights.bin": "w\n" }): Promise<string> {
  const dir = makeModel(files);
  const bundle = bundleOver(payload, keys.privatePem, keys.publicPem);
  return omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem }));
}

function resources(...list: { name: string; digest?: string }[]): Record<string, unknown> {
  return { resources: list.map((r) => ({ algorithm: "sha256", name: r.name, digest: r.digest ?? W })) };
}

describe("a hand-built bundle signed by another implementation", () => {
  test("verifies for P-256 (sha256) and P-384 (sha384)", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const p384 = ecKeys("P-384");
    const b256 = bundleOver(statement(), keys.privatePem, keys.publicPem);
    const b384 = bundleOver(statement(), p384.privatePem, p384.publicPem, "sha384");
    expect((await verifyModelDirectory(dir, { bundle: b256, publicKey: keys.publicPem })).rootDigest).toBe(root([W]));
    expect((await verifyModelDirectory(dir, { bundle: b384, publicKey: p384.publicPem })).rootDigest).toBe(root([W]));
  });
});

describe("every OMS error code", () => {
  test("OMS_BUNDLE_TOO_LARGE: over the cap, from the buffer or from the file size", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const bundle = bundleOver(statement(), keys.privatePem, keys.publicPem);
    writeFileSync(join(dir, "big.sig"), Buffer.alloc(2048, 0x20));
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem, maxBundleBytes: 100 }))).toBe("OMS_BUNDLE_TOO_LARGE");
    expect(await omsCode(() => readBundleFile(join(dir, "big.sig"), 1024))).toBe("OMS_BUNDLE_TOO_LARGE");
    expect(await omsCode(() => parseBundle(Buffer.alloc(4 * 1024 * 1024 + 1, 0x20)))).toBe("OMS_BUNDLE_TOO_LARGE");
  });

  test.each([
    ["not JSON", () => "{"],
    ["a JSON array", () => "[]"],
    ["a wrong mediaType", (b: Record<string, unknown>) => ({ ...b, mediaType: "application/vnd.dev.sigstore.bundle+json;version=0.2" })],
    ["no publicKey (certificate method)", (b: Record<string, unknown>) => ({ ...b, verificationMaterial: { certificate: {} } })],
    ["a wrong payloadType", (b: { dsseEnvelope: object }) => ({ ...b, dsseEnvelope: { ...b.dsseEnvelope, payloadType: "text/plain" } })],
    ["two signatures", (b: { dsseEnvelope: { signatures: unknown[] } }) => ({ ...b, dsseEnvelope: { ...b.dsseEnvelope, signatures: [...b.dsseEnvelope.signatures, ...b.dsseEnvelope.signatures] } })],
    ["no signature", (b: { dsseEnvelope: object }) => ({ ...b, dsseEnvelope: { ...b.dsseEnvelope, signatures: [] } })],
    ["a numeric hint", (b: Record<string, unknown>) => ({ ...b, verificationMaterial: { publicKey: { hint: 7 } } })],
  ])("OMS_BUNDLE_MALFORMED: %s", async (_what, edit: (b: never) => unknown) => {
    const good = JSON.parse(bundleOver(statement(), keys.privatePem, keys.publicPem).toString()) as never;
    const edited = edit(good);
    const bundle = Buffer.from(typeof edited === "string" ? edited : JSON.stringify(edited));
    expect(await omsCode(() => parseBundle(bundle))).toBe("OMS_BUNDLE_MALFORMED");
  });

  test("OMS_BAD_BASE64: invalid characters in payload or sig, checked before decoding", async () => {
    const good = JSON.parse(bundleOver(statement(), keys.privatePem, keys.publicPem).toString()) as {
      dsseEnvelope: { payload: string; signatures: { sig: string }[] };
    };
    const badPayload = { ...good, dsseEnvelope: { ...good.dsseEnvelope, payload: `${good.dsseEnvelope.payload}!` } };
    const sig = good.dsseEnvelope.signatures[0]?.sig ?? "";
    const badSig = { ...good, dsseEnvelope: { ...good.dsseEnvelope, signatures: [{ sig: `${sig.slice(0, 10)}*${sig.slice(10)}` }] } };
    expect(await omsCode(() => parseBundle(Buffer.from(JSON.stringify(badPayload))))).toBe("OMS_BAD_BASE64");
    expect(await omsCode(() => parseBundle(Buffer.from(JSON.stringify(badSig))))).toBe("OMS_BAD_BASE64");
  });

  test("OMS_KEY_UNSUPPORTED: an Ed25519 or unreadable public key, an RSA private key, a P-384 signer", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const bundle = bundleOver(statement(), keys.privatePem, keys.publicPem);
    const ed = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const p384 = ecKeys("P-384");
    const p384Signer: Signer = { sign: async () => Buffer.alloc(0), publicKeyPem: async () => p384.publicPem };
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: ed }))).toBe("OMS_KEY_UNSUPPORTED");
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: "not a key" }))).toBe("OMS_KEY_UNSUPPORTED");
    expect(await omsCode(() => new LocalPemSigner(rsa))).toBe("OMS_KEY_UNSUPPORTED");
    expect(await omsCode(() => new LocalPemSigner(p384.privatePem))).toBe("OMS_KEY_UNSUPPORTED");
    expect(await omsCode(() => signModelDirectory(dir, p384Signer))).toBe("OMS_KEY_UNSUPPORTED");
  });

  test("OMS_HINT_MISMATCH: verified against another key", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const bundle = Buffer.from(await signModelDirectory(dir, new LocalPemSigner(keys.privatePem)));
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: ecKeys().publicPem }))).toBe("OMS_HINT_MISMATCH");
  });

  test("OMS_SIGNATURE_INVALID: payload changed after signing, or a signature that is not DER", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const good = JSON.parse(bundleOver(statement(), keys.privatePem, keys.publicPem).toString()) as {
      dsseEnvelope: { payload: string; signatures: { sig: string }[] };
    };
    // A leading space: the same JSON to any parser, but not the bytes that were signed.
    const changed = Buffer.concat([Buffer.from(" "), Buffer.from(good.dsseEnvelope.payload, "base64")]).toString("base64");
    const tampered = { ...good, dsseEnvelope: { ...good.dsseEnvelope, payload: changed } };
    const notDer = { ...good, dsseEnvelope: { ...good.dsseEnvelope, signatures: [{ sig: Buffer.alloc(64, 1).toString("base64") }] } };
    for (const doc of [tampered, notDer]) {
      const bundle = Buffer.from(JSON.stringify(doc));
      expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem }))).toBe("OMS_SIGNATURE_INVALID");
    }
  });

  test.each([
    ["not JSON", Buffer.from("{not json")],
    ["a wrong _type", statement({ _type: "https://in-toto.io/Statement/v0.1" })],
    ["two subjects", statement({ subject: [{ digest: { sha256: W } }, { digest: { sha256: W } }] })],
    ["a subject digest that is not hex", statement({ subject: [{ name: "m", digest: { sha256: "XYZ" } }] })],
    ["no resources", statement({}, { resources: [] })],
    ["a resource digest in upper case", statement({}, resources({ name: "weights.bin", digest: W.toUpperCase() }))],
    ["a non-boolean allow_symlinks", statement({}, { serialization: { method: "files", hash_type: "sha256", allow_symlinks: "no" } })],
  ])("OMS_PAYLOAD_MALFORMED: %s", async (_what, payload) => {
    expect(await verifySigned(payload)).toBe("OMS_PAYLOAD_MALFORMED");
  });

  test("OMS_PREDICATE_TYPE: the deprecated v0.1 predicate", async () => {
    expect(await verifySigned(statement({ predicateType: "https://model_signing/Digests/v0.1" }))).toBe("OMS_PREDICATE_TYPE");
  });

  test("OMS_SERIALIZATION_UNSUPPORTED: shards or blake2b", async () => {
    const shards = { serialization: { method: "shards", hash_type: "sha256", allow_symlinks: false, shard_size: 1000000000 } };
    const blake = { serialization: { method: "files", hash_type: "blake2b", allow_symlinks: false } };
    expect(await verifySigned(statement({}, shards))).toBe("OMS_SERIALIZATION_UNSUPPORTED");
    expect(await verifySigned(statement({}, blake))).toBe("OMS_SERIALIZATION_UNSUPPORTED");
  });

  test.each(["../weights.bin", "/etc/passwd", "a/../weights.bin", "./weights.bin", "a//b", "a\\b", "dir/"])(
    "OMS_UNSAFE_NAME: resource %j",
    async (name) => {
      expect(await verifySigned(statement({}, resources({ name })))).toBe("OMS_UNSAFE_NAME");
    },
  );

  test.each(["", ".", "../x", "*.tmp", "/abs"])("OMS_UNSAFE_NAME: recorded ignore path %j", async (path) => {
    const serialization = { serialization: { method: "files", hash_type: "sha256", allow_symlinks: false, ignore_paths: [path] } };
    expect(await verifySigned(statement({}, serialization))).toBe("OMS_UNSAFE_NAME");
  });

  test("OMS_UNSAFE_NAME: a caller's ignore path that leaves the model, on sign and on verify", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const bundle = bundleOver(statement(), keys.privatePem, keys.publicPem);
    const signer = new LocalPemSigner(keys.privatePem);
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem, ignorePaths: ["../x"] }))).toBe("OMS_UNSAFE_NAME");
    expect(await omsCode(() => signModelDirectory(dir, signer, { ignorePaths: ["/tmp"] }))).toBe("OMS_UNSAFE_NAME");
  });

  test("OMS_DUPLICATE_RESOURCE: one name listed twice", async () => {
    const dup = { ...resources({ name: "weights.bin" }, { name: "weights.bin" }) };
    expect(await verifySigned(statement({ subject: [{ name: "m", digest: { sha256: root([W, W]) } }] }, dup))).toBe("OMS_DUPLICATE_RESOURCE");
  });

  test("OMS_ROOT_DIGEST_MISMATCH: subject digest not over the resources", async () => {
    expect(await verifySigned(statement({ subject: [{ name: "m", digest: { sha256: W } }] }))).toBe("OMS_ROOT_DIGEST_MISMATCH");
  });

  test("OMS_DIGEST_MISMATCH, OMS_MISSING_FILE, OMS_EXTRA_FILE on a signed model", async () => {
    const signer = new LocalPemSigner(keys.privatePem);
    const tampered = makeModel({ "weights.bin": "w\n", "config.json": "{}\n" });
    const bundle = Buffer.from(await signModelDirectory(tampered, signer));
    writeFileSync(join(tampered, "weights.bin"), "W\n");
    const missing = makeModel({ "weights.bin": "w\n", "config.json": "{}\n" });
    rmSync(join(missing, "config.json"));
    const extra = makeModel({ "weights.bin": "w\n", "config.json": "{}\n", "sub/evil.pkl": "x" });
    const opts = { bundle, publicKey: keys.publicPem };
    expect(await omsCode(() => verifyModelDirectory(tampered, opts))).toBe("OMS_DIGEST_MISMATCH");
    expect(await omsCode(() => verifyModelDirectory(missing, opts))).toBe("OMS_MISSING_FILE");
    expect(await omsCode(() => verifyModelDirectory(extra, opts))).toBe("OMS_EXTRA_FILE");
  });

  test("OMS_MISSING_FILE: signing a model with no file", async () => {
    const dir = makeModel({ ".gitignore": "x\n" });
    expect(await omsCode(() => signModelDirectory(dir, new LocalPemSigner(keys.privatePem)))).toBe("OMS_MISSING_FILE");
  });

  test("OMS_SYMLINK_REFUSED: a symlink when the policy forbids it, on sign and on verify", async () => {
    const signer = new LocalPemSigner(keys.privatePem);
    const signed = makeModel({ "weights.bin": "w\n" });
    const bundle = Buffer.from(await signModelDirectory(signed, signer));
    symlinkSync("/etc/hostname", join(signed, "link"));
    expect(await omsCode(() => verifyModelDirectory(signed, { bundle, publicKey: keys.publicPem }))).toBe("OMS_SYMLINK_REFUSED");
    expect(await omsCode(() => signModelDirectory(signed, signer))).toBe("OMS_SYMLINK_REFUSED");
    const toDir = makeModel({ "weights.bin": "w\n" });
    symlinkSync("/etc", join(toDir, "etc"));
    expect(await omsCode(() => signModelDirectory(toDir, signer, { allowSymlinks: true }))).toBe("OMS_SYMLINK_REFUSED");
  });

  test("a symlink to a file is signed and verified when allow_symlinks is recorded true", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    symlinkSync(join(dir, "weights.bin"), join(dir, "alias.bin"));
    const bundle = Buffer.from(await signModelDirectory(dir, new LocalPemSigner(keys.privatePem), { allowSymlinks: true }));
    const statement = await verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem });
    expect(statement.resources).toEqual([
      { name: "alias.bin", algorithm: "sha256", digest: W },
      { name: "weights.bin", algorithm: "sha256", digest: W },
    ]);
  });

  test("OMS_UNSUPPORTED_FILE: a named pipe in the model", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    execFileSync("mkfifo", [join(dir, "pipe")]);
    expect(await omsCode(() => signModelDirectory(dir, new LocalPemSigner(keys.privatePem)))).toBe("OMS_UNSUPPORTED_FILE");
  });

  test("OMS_SIGNER_FAILED: a signer that throws, answers in P1363, or signs with another key", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const local = new LocalPemSigner(keys.privatePem);
    const other = new LocalPemSigner(ecKeys().privatePem);
    const throwing: Signer = { sign: () => Promise.reject(new Error("AccessDenied")), publicKeyPem: () => local.publicKeyPem() };
    const p1363: Signer = {
      // DER → r||s, what Azure Key Vault returns; the bundle needs DER.
      sign: async (d) => derToP1363(await local.sign(d)),
      publicKeyPem: () => local.publicKeyPem(),
    };
    const wrongKey: Signer = { sign: (d) => other.sign(d), publicKeyPem: () => local.publicKeyPem() };
    for (const signer of [throwing, p1363, wrongKey]) {
      expect(await omsCode(() => signModelDirectory(dir, signer))).toBe("OMS_SIGNER_FAILED");
    }
  });
});

/** Inverse of derFromRS for P-256, written independently for the test. */
function derToP1363(der: Buffer): Buffer {
  const rLen = der[3] ?? 0;
  const r = der.subarray(4, 4 + rLen);
  const s = der.subarray(6 + rLen);
  const pad = (x: Buffer): Buffer => Buffer.concat([Buffer.alloc(32), x]).subarray(-32);
  expect(derFromRS(r, s)).toEqual(der);
  return Buffer.concat([pad(r), pad(s)]);
}
