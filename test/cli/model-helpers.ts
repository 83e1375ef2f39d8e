import { createECDH, createHash, generateKeyPairSync, KeyObject, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CliContext, runCli } from "../../cli/blueprint";

/** The repository root: where the default blueprint.config.yaml lives. */
export const ROOT = join(__dirname, "..", "..");

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `blueprint model ...` in-process, with buffered output and no caller environment. */
export async function model(args: readonly string[], context: Partial<CliContext> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await runCli(["model", ...args], io, { env: {}, cwd: ROOT, ...context });
  return { code, stdout, stderr };
}

/** A scratch folder for one test. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), "model-cli-"));
}

/** Writes `files` (relative POSIX name → content) under `root/name` and returns that folder. */
export function makeModel(root: string, files: Record<string, string | Buffer>, name = "my-model"): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const full = join(dir, ...rel.split("/"));
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** A fresh P-256 key pair written as PEM files; returns their paths and the key objects. */
export function keyFiles(root: string, tag = "k"): { privatePath: string; publicPath: string; privateKey: KeyObject; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const privatePath = join(root, `${tag}.pem`);
  const publicPath = join(root, `${tag}.pub.pem`);
  writeFileSync(privatePath, privateKey.export({ type: "pkcs8", format: "pem" }));
  writeFileSync(publicPath, publicKey.export({ type: "spki", format: "pem" }));
  return { privatePath, publicPath, privateKey, publicKey };
}

/** SHA-256 of bytes. */
export function sha256(bytes: string | Buffer): Buffer {
  return createHash("sha256").update(bytes).digest();
}

// ---------------------------------------------------------------------------------------------
// ECDSA P-256 over a precomputed digest, as KMS signs, written independently of the code under
// test: node:crypto always hashes what it signs, so R = kG comes from ECDH (k as a private key,
// kG its public point) and s = k^-1 (e + r d) mod n is computed with BigInt (SEC 1 §4.1.3).

const N = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

function mod(a: bigint, m: bigint): bigint {
  return ((a % m) + m) % m;
}

function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

function big(bytes: Buffer): bigint {
  return BigInt(`0x${bytes.toString("hex") || "0"}`);
}

function derInt(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let body = Buffer.from(hex, "hex");
  if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/** DER ECDSA signature of a 32-byte digest with a P-256 private key. */
export function signDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const d = big(Buffer.from(privateKey.export({ format: "jwk" }).d ?? "", "base64url"));
  const e = big(digest);
  for (;;) {
    const k = mod(big(randomBytes(32)), N);
    if (k === 0n) continue;
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(k.toString(16).padStart(64, "0"), "hex"));
    const r = mod(big(ecdh.getPublicKey().subarray(1, 33)), N);
    const s = mod(inverse(k, N) * (e + r * d), N);
    if (r === 0n || s === 0n) continue;
    const body = Buffer.concat([derInt(r), derInt(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  }
}

/** An AWS KMS client fake: `GetPublicKey` and `Sign` (DIGEST, ECDSA_SHA_256) for one P-256 key. */
export function fakeAwsKms(keyArn: string, privateKey: KeyObject, publicKey: KeyObject): { send: (command: unknown) => Promise<unknown>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    send: async (command: unknown) => {
      const name = (command as { constructor: { name: string } }).constructor.name;
      const input = (command as { input: Record<string, unknown> }).input;
      calls.push(`${name} ${String(input.KeyId)}`);
      if (name === "GetPublicKeyCommand") {
        return {
          KeyId: keyArn,
          PublicKey: new Uint8Array(publicKey.export({ type: "spki", format: "der" })),
          KeySpec: "ECC_NIST_P256",
          KeyUsage: "SIGN_VERIFY",
          SigningAlgorithms: ["ECDSA_SHA_256"],
        };
      }
      if (name === "SignCommand" && input.MessageType === "DIGEST" && input.SigningAlgorithm === "ECDSA_SHA_256") {
        return { KeyId: keyArn, Signature: new Uint8Array(signDigest(privateKey, Buffer.from(input.Message as Uint8Array))), SigningAlgorithm: "ECDSA_SHA_256" };
      }
      throw new Error(`fake KMS: unexpected ${name}`);
    },
  };
}
