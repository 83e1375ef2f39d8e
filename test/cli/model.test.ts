import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { runCli } from "../../cli/blueprint";
import { fakeAwsKms, keyFiles, makeModel, model, ROOT, scratch, sha256 } from "./model-helpers";

/*
 * `blueprint model digest|sign|verify` end to end, in-process: keys made here, folders in temp
 * directories, every rejection one line naming the reason, every bad input one line and exit 2.
 */

const FILES = { "a.txt": "hello\n", "b/c.bin": "world\n" };
// sha256("hello\n"), sha256("world\n") and SHA-256 over their 64 raw bytes in name order,
// computed outside this project (Python hashlib).
const HELLO = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
const WORLD = "e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317";
const ROOT_DIGEST = "96cb8058ed58b58f8fc0ad459bacf81108599b403e91674460ccb089f8ebb9db";

/** A model, a key pair and the folder they live in; commands run from that folder. */
function fixture(files: Record<string, string | Buffer> = FILES) {
  const root = scratch();
  const dir = makeModel(root, files);
  const keys = keyFiles(root);
  return { root, dir, ...keys, cwd: { cwd: root } };
}

describe("blueprint model digest", () => {
  test("prints sha256:<root digest> over the raw file digests in name order", async () => {
    const { dir, cwd } = fixture({ ...FILES, ".gitignore": "x\n", ".git/HEAD": "ref\n", "model.sig": "{}" });
    const byHand = createHash("sha256").update(Buffer.concat([sha256("hello\n"), sha256("world\n")])).digest("hex");
    expect([sha256("hello\n").toString("hex"), sha256("world\n").toString("hex"), byHand]).toEqual([HELLO, WORLD, ROOT_DIGEST]);
    expect(await model(["digest", dir], cwd)).toEqual({ code: 0, stdout: `sha256:${ROOT_DIGEST}\n`, stderr: "" });
  });

  test("--ignore-paths, read from the working directory, leaves a folder out", async () => {
    const { root, cwd } = fixture();
    const one = createHash("sha256").update(Buffer.from(HELLO, "hex")).digest("hex");
    expect(await model(["digest", "my-model", "--ignore-paths", "my-model/b"], cwd)).toEqual({ code: 0, stdout: `sha256:${one}\n`, stderr: "" });
    expect(await model(["digest", join(root, "my-model"), "--ignore-paths", join(root, "my-model", "b")], cwd)).toEqual({ code: 0, stdout: `sha256:${one}\n`, stderr: "" });
  });

  test("a symbolic link fails the digest (exit 1, one line) unless --allow-symlinks", async () => {
    const { dir, cwd } = fixture();
    symlinkSync(join(dir, "a.txt"), join(dir, "link.txt"));
    expect(await model(["digest", dir], cwd)).toEqual({
      code: 1,
      stdout: "",
      stderr: "model failed: symbolic link: link.txt is a symbolic link and symlinks are not allowed (OMS_SYMLINK_REFUSED)\n",
    });
    const three = createHash("sha256").update(Buffer.concat([sha256("hello\n"), sha256("world\n"), sha256("hello\n")])).digest("hex");
    expect(await model(["digest", dir, "--allow-symlinks"], cwd)).toEqual({ code: 0, stdout: `sha256:${three}\n`, stderr: "" });
  });

  test("the digest is the root digest sign records", async () => {
    const { dir, privatePath, cwd } = fixture();
    const signed = await model(["sign", dir, "--private-key", privatePath], cwd);
    expect(signed.stdout).toBe(`signed 2 files: ${join(dir, "model.sig")}, root digest sha256:${ROOT_DIGEST}\n`);
  });
});

describe("blueprint model sign and verify", () => {
  test("sign writes DIR/model.sig; verify accepts it (exit 0)", async () => {
    const { dir, privatePath, publicPath, cwd } = fixture();
    expect(await model(["sign", dir, "--private-key", privatePath], cwd)).toEqual({
      code: 0,
      stdout: `signed 2 files: ${join(dir, "model.sig")}, root digest sha256:${ROOT_DIGEST}\n`,
      stderr: "",
    });
    const bundle = JSON.parse(readFileSync(join(dir, "model.sig"), "utf8")) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, "base64").toString("utf8")) as { predicate: unknown };
    expect(statement.predicate).toEqual({
      resources: [
        { algorithm: "sha256", name: "a.txt", digest: HELLO },
        { algorithm: "sha256", name: "b/c.bin", digest: WORLD },
      ],
      serialization: { allow_symlinks: false, method: "files", hash_type: "sha256", ignore_paths: [".git", ".gitattributes", ".github", ".gitignore", "model.sig"] },
    });
    expect(await model(["verify", dir, "--signature", join(dir, "model.sig"), "--public-key", publicPath], cwd)).toEqual({
      code: 0,
      stdout: `verified 2 files, root digest sha256:${ROOT_DIGEST}\n`,
      stderr: "",
    });
  });

  test("upstream's underscore spellings (--private_key, --public_key, --ignore_unsigned_files) are read as the hyphenated flags", async () => {
    const { dir, privatePath, publicPath, cwd } = fixture();
    expect((await model(["sign", dir, "--private_key", privatePath], cwd)).code).toBe(0);
    writeFileSync(join(dir, "notes.md"), "unsigned\n");
    expect((await model(["verify", dir, "--signature", join(dir, "model.sig"), "--public_key", publicPath, "--ignore_unsigned_files"], cwd)).code).toBe(0);
  });

  test("a signature written outside the model is not excluded and verifies from there", async () => {
    const { root, dir, privatePath, publicPath, cwd } = fixture();
    expect((await model(["sign", "my-model", "--private-key", privatePath, "--signature", "out.sig"], cwd)).stdout).toBe(
      `signed 2 files: ${join(root, "out.sig")}, root digest sha256:${ROOT_DIGEST}\n`,
    );
    expect(existsSync(join(dir, "model.sig"))).toBe(false);
    expect((await model(["verify", "my-model", "--signature", "out.sig", "--public-key", publicPath], cwd)).code).toBe(0);
  });

  test("a stale DIR/model.sig is never signed as a file, wherever --signature writes", async () => {
    const { root, dir, privatePath, publicPath, cwd } = fixture({ ...FILES, "model.sig": "stale" });
    expect((await model(["sign", dir, "--private-key", privatePath, "--signature", join(root, "new.sig")], cwd)).stdout).toBe(
      `signed 2 files: ${join(root, "new.sig")}, root digest sha256:${ROOT_DIGEST}\n`,
    );
    expect((await model(["verify", dir, "--signature", join(root, "new.sig"), "--public-key", publicPath], cwd)).code).toBe(0);
  });

  test("signing with --kms aws:<arn> goes through the injected KMS client", async () => {
    const { dir, privateKey, publicKey, publicPath, cwd } = fixture();
    const arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const aws = fakeAwsKms(arn, privateKey, publicKey);
    const signed = await model(["sign", dir, "--kms", `aws:${arn}`], { ...cwd, kms: { aws } });
    expect(signed).toEqual({ code: 0, stdout: `signed 2 files: ${join(dir, "model.sig")}, root digest sha256:${ROOT_DIGEST}\n`, stderr: "" });
    expect(aws.calls).toEqual([`GetPublicKeyCommand ${arn}`, `SignCommand ${arn}`]);
    expect((await model(["verify", dir, "--signature", join(dir, "model.sig"), "--public-key", publicPath], cwd)).code).toBe(0);
  });

  test("a KMS failure is one sign line and exit 1", async () => {
    const { dir, cwd } = fixture();
    const arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const aws = { send: async () => Promise.reject(Object.assign(new Error("User is not authorized to perform kms:Sign"), { name: "AccessDeniedException" })) };
    const run = await model(["sign", dir, "--kms", `aws:${arn}`], { ...cwd, kms: { aws } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toHaveLength(2);
    expect(run.stderr).toMatch(/^sign: signer failed: .*AccessDeniedException.* \(OMS_SIGNER_FAILED\)\n$/);
  });
});

describe("blueprint model verify rejects (exit 1, one line naming the reason)", () => {
  async function signed(files: Record<string, string> = FILES) {
    const f = fixture(files);
    expect((await model(["sign", f.dir, "--private-key", f.privatePath], f.cwd)).code).toBe(0);
    const verify = (...extra: string[]) => model(["verify", f.dir, "--signature", join(f.dir, "model.sig"), "--public-key", f.publicPath, ...extra], f.cwd);
    return { ...f, verify };
  }

  test("tampered file", async () => {
    const { dir, verify } = await signed();
    writeFileSync(join(dir, "a.txt"), "hellO\n");
    expect(await verify()).toEqual({ code: 1, stdout: "", stderr: "verify: tampered file: file a.txt does not match its signed digest (OMS_DIGEST_MISMATCH)\n" });
  });

  test("wrong key", async () => {
    const { root, dir, cwd } = await signed();
    const other = keyFiles(root, "other");
    expect(await model(["verify", dir, "--signature", join(dir, "model.sig"), "--public-key", other.publicPath], cwd)).toEqual({
      code: 1,
      stdout: "",
      stderr: "verify: wrong key: bundle publicKey.hint does not match the given public key (OMS_HINT_MISMATCH)\n",
    });
  });

  test("extra file, unless --ignore-unsigned-files", async () => {
    const { dir, verify } = await signed();
    writeFileSync(join(dir, "b", "extra.bin"), "more\n");
    expect(await verify()).toEqual({ code: 1, stdout: "", stderr: "verify: extra file: file b/extra.bin is not covered by the signature (OMS_EXTRA_FILE)\n" });
    expect(await verify("--ignore-unsigned-files")).toEqual({ code: 0, stdout: `verified 2 files, root digest sha256:${ROOT_DIGEST}\n`, stderr: "" });
  });

  test("missing file", async () => {
    const { dir, verify } = await signed();
    rmSync(join(dir, "b", "c.bin"));
    expect(await verify()).toEqual({ code: 1, stdout: "", stderr: "verify: missing file: signed file b/c.bin is missing (OMS_MISSING_FILE)\n" });
  });

  test("malformed bundle", async () => {
    const { dir, verify } = await signed();
    writeFileSync(join(dir, "model.sig"), "not json");
    expect(await verify()).toEqual({ code: 1, stdout: "", stderr: "verify: malformed bundle: bundle is not JSON (OMS_BUNDLE_MALFORMED)\n" });
  });

  test("a file name with control characters is printed escaped", async () => {
    const { dir, verify } = await signed();
    writeFileSync(join(dir, "x\u001b[2Ky"), "");
    expect(await verify()).toEqual({ code: 1, stdout: "", stderr: "verify: extra file: file x\\u001b[2Ky is not covered by the signature (OMS_EXTRA_FILE)\n" });
  });

  test("a symbolic link is refused at signing unless --allow-symlinks", async () => {
    const f = fixture();
    symlinkSync(join(f.dir, "a.txt"), join(f.dir, "link.txt"));
    expect(await model(["sign", f.dir, "--private-key", f.privatePath], f.cwd)).toEqual({
      code: 1,
      stdout: "",
      stderr: "sign: symbolic link: link.txt is a symbolic link and symlinks are not allowed (OMS_SYMLINK_REFUSED)\n",
    });
    expect((await model(["sign", f.dir, "--private-key", f.privatePath, "--allow-symlinks"], f.cwd)).stdout).toMatch(/^signed 3 files: /);
  });
});

describe("bad input: one line `model error: <what>; accepted: <what>`, exit 2", () => {
  const f = fixture();
  const sig = join(f.dir, "model.sig");
  beforeAll(() => writeFileSync(join(f.root, "not-a-key.pem"), "hello"));

  test.each([
    ["no subcommand", [], "model error: no subcommand given; accepted: digest, sign, verify, check, provenance verify, approvals export (blueprint model <subcommand> --help)"],
    ["an unknown subcommand", ["bless", "my-model"], "model error: unknown command 'bless'; accepted: digest, sign, verify, check, provenance verify, approvals export (blueprint model <subcommand> --help)"],
    ["a missing DIR", ["digest", "nowhere"], 'model error: DIR "nowhere" does not exist; accepted: the model\'s folder'],
    ["DIR left out", ["digest"], "model error: missing required argument 'DIR'; accepted: blueprint model digest DIR [--ignore-paths <path> ...] [--allow-symlinks]"],
    ["a DIR that is a file", ["digest", "k.pem"], 'model error: DIR "k.pem" is not a directory; accepted: the model\'s folder (single-file models: put the file in a folder)'],
    ["an unknown flag", ["digest", "my-model", "--ignore-path", "x"], "model error: unknown option '--ignore-path'; accepted: blueprint model digest DIR [--ignore-paths <path> ...] [--allow-symlinks]"],
    [
      "--no-ignore-git-paths",
      ["digest", "my-model", "--no-ignore-git-paths"],
      "model error: --no-ignore-git-paths is not supported: the gate leaves git metadata out of every comparison; accepted: --ignore-git-paths (the default)",
    ],
    [
      "an ignore path outside the model",
      ["digest", "my-model", "--ignore-paths", "a.txt"],
      `model error: --ignore-paths "a.txt" is not inside the model folder ${f.dir} (paths are read from the working directory, as model_signing reads them); accepted: a file or folder under DIR`,
    ],
    [
      "an ignore path with a glob",
      ["digest", "my-model", "--ignore-paths", "my-model/*.bin"],
      'model error: --ignore-paths "my-model/*.bin" contains a glob character or an unsafe name; accepted: a literal file or folder path under DIR',
    ],
    ["neither key", ["sign", "my-model"], "model error: give exactly one of --private-key and --kms; accepted: --private-key <key.pem> or --kms aws:<key-arn>, gcp:<key-version-name> or azure:<key-id>"],
    [
      "both keys",
      ["sign", "my-model", "--private-key", "k.pem", "--kms", "gcp:projects/p/x"],
      "model error: give exactly one of --private-key and --kms; accepted: --private-key <key.pem> or --kms aws:<key-arn>, gcp:<key-version-name> or azure:<key-id>",
    ],
    ["an unreadable private key", ["sign", "my-model", "--private-key", "missing.pem"], 'model error: --private-key "missing.pem" does not exist; accepted: a PEM file'],
    [
      "a private key that is not one",
      ["sign", "my-model", "--private-key", "not-a-key.pem"],
      'model error: --private-key "not-a-key.pem" is not an unencrypted ECDSA P-256 PEM private key; accepted: a key made with openssl ecparam -name prime256v1 -genkey',
    ],
    ["a --kms without a cloud", ["sign", "my-model", "--kms", "arn:aws:kms:x"], "model error: --kms must be aws:<key-arn>, gcp:<key-version-name> or azure:<key-id>; accepted: aws:<key-arn>, gcp:<key-version-name> or azure:<key-id>"],
    [
      "a --kms azure key without a version",
      ["sign", "my-model", "--kms", "azure:https://blueprint-kv.vault.azure.net/keys/oms-signing"],
      "model error: --kms azure: key id has no version, so a key rotation would change the signing key; accepted: azure:https://<vault>.vault.azure.net/keys/<name>/<32-character version> (or vault.azure.cn, vault.usgovcloudapi.net, managedhsm.azure.net)",
    ],
    [
      "verify without --signature",
      ["verify", "my-model", "--public-key", "k.pub.pem"],
      "model error: required option '--signature <path>' not specified; accepted: blueprint model verify DIR --signature <path> --public-key <pub.pem> [--ignore-paths <path> ...] [--ignore-unsigned-files]",
    ],
    ["an unreadable public key", ["verify", "my-model", "--signature", sig, "--public-key", "nope.pem"], 'model error: --public-key "nope.pem" does not exist; accepted: a PEM file'],
    [
      "a public key that is not PEM",
      ["verify", "my-model", "--signature", sig, "--public-key", "not-a-key.pem"],
      'model error: --public-key "not-a-key.pem" is not a PEM public key; accepted: a PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") file',
    ],
    ["a signature file that does not exist", ["verify", "my-model", "--signature", "none.sig", "--public-key", "k.pub.pem"], 'model error: --signature "none.sig" does not exist; accepted: the model.sig to check'],
  ])("%s", async (_what, args, line) => {
    expect(await model(args, f.cwd)).toEqual({ code: 2, stdout: "", stderr: `${line}\n` });
  });

  test("an RSA public key is refused as input, not as a failed verification", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" });
    writeFileSync(join(f.root, "rsa.pem"), rsa);
    expect(await model(["verify", "my-model", "--signature", sig, "--public-key", "rsa.pem"], f.cwd)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'model error: --public-key "rsa.pem" is not an ECDSA key; accepted: an ECDSA P-256, P-384 or P-521 public key\n',
    });
  });
});

describe("help", () => {
  test.each(["digest", "sign", "verify", "check"])("blueprint model %s --help documents its flags and exit codes (exit 0)", async (sub) => {
    const run = await model([sub, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`Usage: blueprint model ${sub} [options] <DIR>`);
    expect(run.stdout).toContain("Exit codes:\n  0  ");
    expect(run.stdout).toContain("  2  bad input (missing DIR, unreadable key or signature file, bad flag, unknown registry, bad --lineage), one line:");
  });

  test("blueprint --help lists the model command", async () => {
    let out = "";
    expect(await runCli(["--help"], { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true } }, { env: {}, cwd: ROOT })).toBe(0);
    expect(out).toContain("model [options...]");
  });
});

describe("blueprint model provenance verify", () => {
  test("is routed to the record verifier with its arguments untouched and the working directory", async () => {
    const { LocalPemSigner } = await import("../../functions/promotion-gate/oms/local-signer");
    const { buildDecisionStatement } = await import("../../functions/promotion-gate/record/decision-statement");
    const { signDecisionRecord } = await import("../../functions/promotion-gate/record/record-envelope");
    const { context, PASSED_DECISION } = await import("../functions/promotion-gate/record/record-fixtures");
    const root = scratch();
    const keys = keyFiles(root);
    writeFileSync(join(root, "record.dsse.json"), await signDecisionRecord(buildDecisionStatement(PASSED_DECISION, context()), new LocalPemSigner(readFileSync(keys.privatePath, "utf8"))));
    const passed = await model(["provenance", "verify", "record.dsse.json", "--public-key", keys.publicPath], { cwd: root });
    expect(passed.code).toBe(0);
    expect(passed.stdout.split("\n")[0]).toBe("result: PASSED");
    const other = keyFiles(root, "other");
    expect((await model(["provenance", "verify", "record.dsse.json", "--public-key", other.publicPath], { cwd: root })).code).toBe(1);
    expect((await model(["provenance", "verify", "record.dsse.json"], { cwd: root })).code).toBe(2);
  });
});
