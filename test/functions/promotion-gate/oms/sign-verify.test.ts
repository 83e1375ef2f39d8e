import { createHash, verify } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { directoryFiles } from "../../../../functions/promotion-gate/oms/digest";
import { LocalPemSigner } from "../../../../functions/promotion-gate/oms/local-signer";
import { signModel, signModelDirectory } from "../../../../functions/promotion-gate/oms/sign";
import { verifyModel, verifyModelDirectory } from "../../../../functions/promotion-gate/oms/verify";
import { ecKeys, makeModel, omsCode } from "./oms-helpers";

/** Digests below are `printf '<content>' | openssl dgst -sha256` of each file's content. */
const MODEL = {
  "weights.bin": "model weights v1\n", // 1bca07cb...8091
  "config.json": '{"layers":2}\n', // 50d0c480...2454
  "sub/tokenizer.txt": "tok\n", // 75c76cab...7146
  "sub/.gitignore": "sub git\n", // ec30cd96...b647: not top level, so signed (spec §6.2.1)
  ".git/HEAD": "ref: refs/heads/main\n",
  ".github/workflows/ci.yml": "on: push\n",
  ".gitignore": "*.tmp\n",
  ".gitattributes": "* text\n",
  "model.sig": "old signature\n",
};

interface Bundle {
  mediaType: string;
  verificationMaterial: { publicKey: { hint: string }; tlogEntries: unknown[] };
  dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string; keyid: string }[] };
}

describe("signModelDirectory + verifyModelDirectory", () => {
  const keys = ecKeys();

  test("writes upstream's bundle layout and the statement with sorted resources, root digest and exclusions", async () => {
    const dir = makeModel(MODEL, "fraud-scoring");
    const text = await signModelDirectory(dir, new LocalPemSigner(keys.privatePem));
    const bundle = JSON.parse(text) as Bundle;
    const payload = Buffer.from(bundle.dsseEnvelope.payload, "base64");
    expect(bundle).toEqual({
      mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
      verificationMaterial: { publicKey: { hint: createHash("sha256").update(keys.publicPem).digest("hex") }, tlogEntries: [] },
      dsseEnvelope: {
        payload: bundle.dsseEnvelope.payload,
        payloadType: "application/vnd.in-toto+json",
        signatures: [{ sig: bundle.dsseEnvelope.signatures[0]?.sig, keyid: "" }],
      },
    });
    expect(JSON.parse(payload.toString("utf8"))).toEqual({
      _type: "https://in-toto.io/Statement/v1",
      subject: [
        {
          name: "fraud-scoring",
          // openssl dgst -sha256 over the concatenated raw digests in this resource order.
          digest: { sha256: "2509680eb12f90a5cdb38a972fa49a7981ee71946a7a3a5eb7829704ee191374" },
        },
      ],
      predicateType: "https://model_signing/signature/v1.0",
      predicate: {
        resources: [
          { algorithm: "sha256", name: "config.json", digest: "50d0c480e8df2d834ca22bff6d4416afcad85438911bcf356f682d6cbc892454" },
          { algorithm: "sha256", name: "sub/.gitignore", digest: "ec30cd96e4cb0e85e2648aa1d7596cb53222c6c5541ef9a61d1846916245b647" },
          { algorithm: "sha256", name: "sub/tokenizer.txt", digest: "75c76cabaf6d2660fc8ca59c054baba2b7884b02eac4d687ef2a6d855ea67146" },
          { algorithm: "sha256", name: "weights.bin", digest: "1bca07cbccf8b088e3f7ce36bbc536d67bb419d5c960782cb7a4a55e9aaf8091" },
        ],
        serialization: {
          allow_symlinks: false,
          method: "files",
          hash_type: "sha256",
          ignore_paths: [".git", ".gitattributes", ".github", ".gitignore", "model.sig"],
        },
      },
    });
    // Checked with Node's hashing verifier, independent of the digest signer.
    const type = "application/vnd.in-toto+json";
    const pae = Buffer.concat([Buffer.from(`DSSEv1 28 ${type} ${payload.length} `), payload]);
    const sig = Buffer.from(bundle.dsseEnvelope.signatures[0]?.sig ?? "", "base64");
    expect(verify("sha256", pae, keys.publicKey, sig)).toBe(true);
  });

  test("the bundle verifies, and verification ignores the default exclusions", async () => {
    const dir = makeModel(MODEL);
    const bundle = Buffer.from(await signModelDirectory(dir, new LocalPemSigner(keys.privatePem)));
    writeFileSync(join(dir, ".git", "HEAD"), "changed after signing\n");
    const statement = await verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem });
    expect(statement.resources.map((r) => r.name)).toEqual(["config.json", "sub/.gitignore", "sub/tokenizer.txt", "weights.bin"]);
  });

  test("ignore paths are recorded and honoured on verify without repeating them", async () => {
    const dir = makeModel({ "weights.bin": "w\n", "logs/run.txt": "1\n" });
    const bundle = Buffer.from(await signModelDirectory(dir, new LocalPemSigner(keys.privatePem), { ignorePaths: ["logs"] }));
    const payload = JSON.parse(Buffer.from((JSON.parse(bundle.toString()) as Bundle).dsseEnvelope.payload, "base64").toString()) as {
      predicate: { serialization: { ignore_paths: string[] }; resources: { name: string }[] };
    };
    expect(payload.predicate.serialization.ignore_paths).toEqual([".git", ".gitattributes", ".github", ".gitignore", "model.sig", "logs"]);
    expect(payload.predicate.resources.map((r) => r.name)).toEqual(["weights.bin"]);
    writeFileSync(join(dir, "logs", "later.txt"), "2\n");
    const statement = await verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem });
    expect(statement.resources.map((r) => r.name)).toEqual(["weights.bin"]);
  });

  test("a caller's ignore path on verify excludes a file added later", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const bundle = Buffer.from(await signModelDirectory(dir, new LocalPemSigner(keys.privatePem)));
    mkdirSync(join(dir, "cache"));
    writeFileSync(join(dir, "cache", "x"), "x\n");
    const statement = await verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem, ignorePaths: ["cache"] });
    expect(statement.resources.map((r) => r.name)).toEqual(["weights.bin"]);
  });

  test("an unsigned extra file is rejected, and accepted only with ignoreUnsignedFiles", async () => {
    const dir = makeModel({ "weights.bin": "w\n" });
    const bundle = Buffer.from(await signModelDirectory(dir, new LocalPemSigner(keys.privatePem)));
    writeFileSync(join(dir, "extra.pkl"), "payload\n");
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem }))).toBe("OMS_EXTRA_FILE");
    const statement = await verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem, ignoreUnsignedFiles: true });
    expect(statement.resources.map((r) => r.name)).toEqual(["weights.bin"]);
  });

  test("a signature stored outside the model (signatureName null) leaves a model.sig file signed", async () => {
    const dir = makeModel({ "weights.bin": "w\n", "model.sig": "data, not a signature\n" });
    const bundle = Buffer.from(await signModelDirectory(dir, new LocalPemSigner(keys.privatePem), { signatureName: null }));
    const statement = await verifyModelDirectory(dir, { bundle, publicKey: keys.publicPem, signatureName: null });
    expect(statement.resources.map((r) => r.name)).toEqual(["model.sig", "weights.bin"]);
  });

  test("signModel and verifyModel work on any ModelFiles source", async () => {
    const files = directoryFiles(makeModel({ "a.bin": "a\n" }));
    const bundle = Buffer.from(await signModel({ files, signer: new LocalPemSigner(keys.privatePem), subjectName: "m" }));
    const statement = await verifyModel({ files, bundle, publicKey: keys.publicPem });
    expect(statement.subjectName).toBe("m");
  });
});
