import { createHash, generateKeyPairSync, KeyObject, sign } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { OmsError } from "../../../../functions/promotion-gate/oms/errors";

export const FIXTURES = join(__dirname, "..", "..", "..", "fixtures", "oms");

/** A fresh P-256 (or other curve) key pair, PEM encoded. */
export function ecKeys(namedCurve = "P-256"): { privatePem: string; publicPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve });
  return {
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    publicKey,
  };
}

/** Writes `files` (relative POSIX name → content) into a new temporary folder named `name`. */
export function makeModel(files: Record<string, string>, name = "my-model"): string {
  const dir = join(mkdtempSync(join(tmpdir(), "oms-")), name);
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const full = join(dir, ...rel.split("/"));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/**
 * A bundle over arbitrary statement bytes, signed with Node's own hashing `crypto.sign` (a second
 * method, independent of the code under test), so a test can reach the statement checks that run
 * only after a valid signature.
 */
export function bundleOver(payload: Buffer, privatePem: string, publicPem: string, hash = "sha256"): Buffer {
  const type = "application/vnd.in-toto+json";
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${payload.length} `), payload]);
  const sig = sign(hash, pae, privatePem);
  const hint = createHash("sha256").update(publicPem).digest("hex");
  return Buffer.from(
    JSON.stringify({
      mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
      verificationMaterial: { publicKey: { hint }, tlogEntries: [] },
      dsseEnvelope: { payload: payload.toString("base64"), payloadType: type, signatures: [{ sig: sig.toString("base64"), keyid: "" }] },
    }),
  );
}

/** Root digest computed independently: sha256 over the raw resource digests. */
export function root(digests: string[]): string {
  const h = createHash("sha256");
  for (const d of digests) h.update(Buffer.from(d, "hex"));
  return h.digest("hex");
}

/** The code of the OmsError `run` rejects with; fails the test when it resolves or throws something else. */
export async function omsCode(run: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (OmsError.isOmsError(e)) return e.code;
    throw e;
  }
  throw new Error("expected an OmsError, but nothing was thrown");
}
