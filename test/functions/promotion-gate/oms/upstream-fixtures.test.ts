import { createPublicKey } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publicKeyHint } from "../../../../functions/promotion-gate/oms/keys";
import { readBundleFile, verifyModelDirectory } from "../../../../functions/promotion-gate/oms/verify";
import { ecKeys, FIXTURES, omsCode } from "./oms-helpers";

/**
 * Bundles signed by the reference Python `model_signing` (1.1.0 and 1.0.1) with a P-384 key,
 * copied from sigstore/model-transparency `scripts/tests/` (see test/fixtures/oms/SOURCE.md).
 */
const UPSTREAM_KEY = readFileSync(join(FIXTURES, "signing-key-pub.pem"), "utf8");

function copyOf(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "oms-up-")), name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

describe("upstream model_signing fixtures", () => {
  test("Node's PEM hint equals the hint Python wrote for the same P-384 key", () => {
    // Literal from scripts/tests/v1.1.0-elliptic-key/model.sig verificationMaterial.publicKey.hint.
    expect(publicKeyHint(createPublicKey(UPSTREAM_KEY))).toBe("e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e");
  });

  test("v1.1.0 bundle (hint, recorded ignore_paths) verifies, with the digests Python signed", async () => {
    const dir = join(FIXTURES, "v1.1.0-elliptic-key");
    const statement = await verifyModelDirectory(dir, { bundle: await readBundleFile(join(dir, "model.sig")), publicKey: UPSTREAM_KEY });
    // Digests as `openssl dgst -sha256` prints them for signme-1 and signme-2.
    expect(statement).toEqual({
      subjectName: "v1.1.0-elliptic-key",
      rootDigest: "92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4",
      resources: [
        { name: "signme-1", algorithm: "sha256", digest: "bc9a717db6064a32cbe9eae6fc40651dd6d36ef1757183f590eff2b1765d7ebc" },
        { name: "signme-2", algorithm: "sha256", digest: "32dcb1f8e1ae52d5963e56a6ba06ab58b424c15ed2a6b70d2feca1d089370028" },
      ],
      serialization: {
        method: "files",
        hash_type: "sha256",
        allow_symlinks: false,
        ignore_paths: [".git", "model.sig", "ignore-me", ".gitattributes", ".gitignore", ".github"],
      },
    });
  });

  test("v1.0.1 bundle (older rawBytes key form) verifies with --ignore-paths ignore-me, as upstream's script runs it", async () => {
    const dir = join(FIXTURES, "v1.0.1-elliptic-key");
    const bundle = await readBundleFile(join(dir, "model.sig"));
    const statement = await verifyModelDirectory(dir, { bundle, publicKey: UPSTREAM_KEY, ignorePaths: ["ignore-me"] });
    expect(statement.resources.map((r) => r.name)).toEqual(["signme-1", "signme-2"]);
  });

  test("v1.0.1 bundle without --ignore-paths: the unsigned ignore-me is an extra file", async () => {
    const dir = join(FIXTURES, "v1.0.1-elliptic-key");
    const bundle = await readBundleFile(join(dir, "model.sig"));
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: UPSTREAM_KEY }))).toBe("OMS_EXTRA_FILE");
  });

  test("a tampered upstream model fails on the digest", async () => {
    const dir = copyOf("v1.1.0-elliptic-key");
    writeFileSync(join(dir, "signme-2"), "tampered\n");
    const bundle = await readBundleFile(join(dir, "model.sig"));
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: UPSTREAM_KEY }))).toBe("OMS_DIGEST_MISMATCH");
  });

  test("the upstream bundle against another key fails on the hint (hint form) or the raw key (rawBytes form)", async () => {
    const other = ecKeys("P-384").publicPem;
    const v110 = join(FIXTURES, "v1.1.0-elliptic-key");
    const v101 = join(FIXTURES, "v1.0.1-elliptic-key");
    const b110 = await readBundleFile(join(v110, "model.sig"));
    const b101 = await readBundleFile(join(v101, "model.sig"));
    expect(await omsCode(() => verifyModelDirectory(v110, { bundle: b110, publicKey: other }))).toBe("OMS_HINT_MISMATCH");
    expect(await omsCode(() => verifyModelDirectory(v101, { bundle: b101, publicKey: other }))).toBe("OMS_HINT_MISMATCH");
  });

  test("the upstream bundle with its hint removed and another key fails on the signature", async () => {
    const dir = join(FIXTURES, "v1.1.0-elliptic-key");
    const doc = JSON.parse(readFileSync(join(dir, "model.sig"), "utf8")) as { verificationMaterial: { publicKey: Record<string, unknown> } };
    delete doc.verificationMaterial.publicKey.hint;
    const bundle = Buffer.from(JSON.stringify(doc));
    expect(await omsCode(() => verifyModelDirectory(dir, { bundle, publicKey: ecKeys("P-384").publicPem }))).toBe("OMS_SIGNATURE_INVALID");
  });
});
