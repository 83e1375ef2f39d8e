/**
 * `blueprint model`: what a publisher runs before uploading a model version. `digest`, `sign` and
 * `verify` make and check OpenSSF Model Signing bundles (`key` method) with the flag names of
 * upstream's `model_signing` CLI (sigstore/model-transparency `src/model_signing/_cli.py`), so a
 * team moving between the two keeps its scripts; `check` runs the promotion gate's checks on the
 * local folder so the publisher sees the decision first; `provenance verify` checks a decision
 * record the gate wrote.
 *
 * Exit codes: 0 verified or accepted, 1 rejected (one line per reason) or an unexpected failure
 * (one line), 2 bad input (one line `model error: <what>; accepted: <what>`). Never a stack trace:
 * the inputs are untrusted files, and a trace would bury the one line that says what to fix.
 */
import { Command, CommanderError, Option } from "commander";
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import { ConfigError, configPath, loadConfig } from "../config/load";
import { SIGNATURE_FILE_NAME } from "../constructs/shared/model-registry-spec";
import { decide } from "../functions/promotion-gate/gate/decide";
import { GatePolicyError } from "../functions/promotion-gate/gate/policy";
import { labelOf } from "../functions/promotion-gate/gate/labels";
import { localVersion } from "../functions/promotion-gate/gate/local-version";
import { createKmsSigner, KmsSignerDeps } from "../functions/promotion-gate/kms/create-signer";
import { KmsUri, KmsUriError, parseKmsUri } from "../functions/promotion-gate/kms/kms-uri";
import { parseBundle } from "../functions/promotion-gate/oms/bundle";
import { directoryFiles, fileDigest, rootDigest } from "../functions/promotion-gate/oms/digest";
import { OmsError } from "../functions/promotion-gate/oms/errors";
import { LocalPemSigner } from "../functions/promotion-gate/oms/local-signer";
import { DEFAULT_IGNORE_PATHS } from "../functions/promotion-gate/oms/names";
import { signModelDirectory, Signer } from "../functions/promotion-gate/oms/sign";
import { parseStatement } from "../functions/promotion-gate/oms/statement";
import { readBundleFile, verifyModelDirectory } from "../functions/promotion-gate/oms/verify";
import type { FinopsContext, FinopsIo } from "./finops";
import { formatDecision, localModelName, policyForRegistry, terminalSafe } from "./model-check";
import { ignorePaths, modelDir, ModelInputError, parseLineage, quote, readPrivateKey, readPublicKey, signatureLocation } from "./model-inputs";

export const MODEL_EXIT_OK = 0;
/** Rejected (verification or a gate check failed), or an unexpected failure. */
export const MODEL_EXIT_REJECTED = 1;
export const MODEL_EXIT_BAD_INPUT = 2;

/** One-line summary shown in `blueprint --help`. */
export const MODEL_SUMMARY = "digest, sign, verify and check a model folder as the promotion gate will (OpenSSF Model Signing)";

/** Where the command runs; `kms` replaces the cloud SDK clients (tests, or callers with their own credentials). */
export interface ModelContext extends FinopsContext {
  readonly kms?: KmsSignerDeps;
}

/** The signature's name in an upload (`constructs/shared/model-registry-spec.ts` SIGNATURE_FILE_NAME). */
const SIGNATURE = SIGNATURE_FILE_NAME;

const SUBCOMMANDS_ACCEPTED = "digest, sign, verify, check, provenance verify, approvals export (blueprint model <subcommand> --help)";
const KMS_ACCEPTED = "aws:<key-arn>, gcp:<key-version-name> or azure:<key-id>";

const EXIT_CODES_HELP = `
Exit codes:
  0  %OK%
  1  %REJECTED%; also any unexpected failure, reported on one line
  2  bad input (missing DIR, unreadable key or signature file, bad flag, unknown registry, bad --lineage), one line:
     model error: <what is wrong>; accepted: <what is accepted>`;

function exitHelp(ok: string, rejected: string): string {
  return EXIT_CODES_HELP.replace("%OK%", ok).replace("%REJECTED%", rejected);
}

const GIT_PATHS_HELP = "leave out git metadata (.git, .gitattributes, .github, .gitignore); always on: the gate never counts them (default: on)";

/**
 * `--no-ignore-git-paths` would sign git metadata that every verifier of this project, the gate
 * included, leaves out (`oms/names.ts` DEFAULT_IGNORE_PATHS), so the signature could never verify.
 */
function refuseGitPaths(value: boolean | undefined): void {
  if (value === false) {
    throw new ModelInputError("--no-ignore-git-paths is not supported: the gate leaves git metadata out of every comparison; accepted: --ignore-git-paths (the default)");
  }
}

/** Upstream reads `--private_key` as `--private-key` (click `token_normalize_func`, `_cli.py` L218-222). */
function normalizeFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  let options = true;
  for (const token of argv) {
    if (token === "--") options = false;
    const m = options ? /^(--[a-z][a-z0-9_-]*)(=.*)?$/s.exec(token) : null;
    out.push(m === null ? token : `${(m[1] ?? "").replace(/_/g, "-")}${m[2] ?? ""}`);
  }
  return out;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `sha256:<hex>`, as upstream's `digest` subcommand prints a root digest (`_cli.py` `_digest`). */
function digestText(hex: string): string {
  return `sha256:${hex}`;
}

/** The lines a rejected signature prints: `verify: <label>: <message> (<code>)`. */
function omsLine(what: string, e: OmsError): string {
  return `${what}: ${labelOf(e.code)}: ${terminalSafe(e.message)} (${e.code})`;
}

interface DigestOptions {
  readonly ignorePaths: string[];
  readonly ignoreGitPaths?: boolean;
  readonly allowSymlinks?: boolean;
}

interface SignOptions extends DigestOptions {
  readonly signature?: string;
  readonly privateKey?: string;
  readonly kms?: string;
}

interface VerifyOptions {
  readonly signature: string;
  readonly publicKey: string;
  readonly ignorePaths: string[];
  readonly ignoreGitPaths?: boolean;
  readonly allowSymlinks?: boolean;
  readonly ignoreUnsignedFiles?: boolean;
}

interface CheckOptions {
  readonly signature: string;
  readonly publicKey: string;
  readonly registry: string;
  readonly lineage: string[];
  readonly config?: string;
  readonly json?: boolean;
}

/** The subcommands' work, given the parsed options; each returns its exit code. */
class ModelCommands {
  constructor(
    private readonly io: FinopsIo,
    private readonly context: ModelContext,
  ) {}

  /** Root digest over the files `sign` would sign (spec §6.5.1; `oms/digest.ts` rootDigest). */
  public async digest(dir: string, options: DigestOptions): Promise<number> {
    refuseGitPaths(options.ignoreGitPaths);
    const root = await modelDir(dir, this.context.cwd);
    // `sign` leaves its default `model.sig` out, so the digest does too: it is the subject the
    // signature carries. Upstream's `digest` leaves out only --ignore-paths (`_cli.py` `_digest`).
    const ignore = [...DEFAULT_IGNORE_PATHS, SIGNATURE, ...ignorePaths(root, options.ignorePaths, this.context.cwd)];
    const files = directoryFiles(root, { allowSymlinks: options.allowSymlinks === true });
    const digests: string[] = [];
    for (const name of await files.list(ignore)) digests.push((await fileDigest(files, name)).toString("hex"));
    if (digests.length === 0) throw new ModelInputError(`DIR ${quote(dir)} has no file to digest; accepted: a folder with at least one model file`);
    this.io.stdout.write(`${digestText(rootDigest(digests))}\n`);
    return MODEL_EXIT_OK;
  }

  public async sign(dir: string, options: SignOptions): Promise<number> {
    refuseGitPaths(options.ignoreGitPaths);
    const root = await modelDir(dir, this.context.cwd);
    if ((options.privateKey === undefined) === (options.kms === undefined)) {
      throw new ModelInputError(`give exactly one of --private-key and --kms; accepted: --private-key <key.pem> or --kms ${KMS_ACCEPTED}`);
    }
    // Upstream writes `model.sig` in the working directory; the upload carries it inside the
    // version folder, so that is where it goes by default here.
    const signature = signatureLocation(root, options.signature ?? path.join(root, SIGNATURE), this.context.cwd);
    // A top-level model.sig is always the upload's signature to the gate, never a signed file: a
    // stale one signed as a resource would be "missing" at the gate, so it is left out here too.
    const ignore = [...new Set([...ignorePaths(root, options.ignorePaths, this.context.cwd), ...(signature.name === SIGNATURE ? [] : [SIGNATURE])])];
    const signer = await this.signer(options);
    let bundle: string;
    try {
      bundle = await signModelDirectory(root, signer, { signatureName: signature.name, ignorePaths: ignore, allowSymlinks: options.allowSymlinks === true });
    } catch (e) {
      if (!OmsError.isOmsError(e)) throw e;
      this.io.stderr.write(`${omsLine("sign", e)}\n`);
      return MODEL_EXIT_REJECTED;
    }
    try {
      await writeFile(signature.file, bundle, "utf8");
    } catch (e) {
      throw new ModelInputError(`--signature ${quote(options.signature ?? signature.file)} cannot be written (${(e as NodeJS.ErrnoException).code ?? "error"}); accepted: a writable file path`);
    }
    const statement = parseStatement(parseBundle(Buffer.from(bundle, "utf8")).payload);
    this.io.stdout.write(`signed ${statement.resources.length} files: ${signature.file}, root digest ${digestText(statement.rootDigest)}\n`);
    return MODEL_EXIT_OK;
  }

  private async signer(options: SignOptions): Promise<Signer> {
    if (options.privateKey !== undefined) {
      const pem = await readPrivateKey(options.privateKey, this.context.cwd);
      try {
        return new LocalPemSigner(pem);
      } catch {
        throw new ModelInputError(`--private-key ${quote(options.privateKey)} is not an unencrypted ECDSA P-256 PEM private key; accepted: a key made with openssl ecparam -name prime256v1 -genkey`);
      }
    }
    let uri: KmsUri;
    try {
      uri = parseKmsUri(options.kms ?? "");
    } catch (e) {
      if (!(e instanceof KmsUriError)) throw e;
      const [what, expected] = e.message.split("; expected ");
      throw new ModelInputError(`${what ?? e.message}; accepted: ${expected ?? KMS_ACCEPTED}`);
    }
    return createKmsSigner(uri, this.context.kms ?? {});
  }

  public async verify(dir: string, options: VerifyOptions): Promise<number> {
    refuseGitPaths(options.ignoreGitPaths);
    const root = await modelDir(dir, this.context.cwd);
    const publicKey = await readPublicKey(options.publicKey, this.context.cwd);
    const signature = signatureLocation(root, options.signature, this.context.cwd);
    const ignore = ignorePaths(root, options.ignorePaths, this.context.cwd);
    try {
      const bundle = await this.readSignature(options.signature, signature.file);
      const statement = await verifyModelDirectory(root, {
        bundle,
        publicKey,
        signatureName: signature.name,
        ignorePaths: ignore,
        ignoreUnsignedFiles: options.ignoreUnsignedFiles === true,
      });
      this.io.stdout.write(`verified ${statement.resources.length} files, root digest ${digestText(statement.rootDigest)}\n`);
      return MODEL_EXIT_OK;
    } catch (e) {
      if (!OmsError.isOmsError(e)) throw e;
      this.io.stderr.write(`${omsLine("verify", e)}\n`);
      return MODEL_EXIT_REJECTED;
    }
  }

  /** The bundle bytes; a missing file is bad input, an oversized one a rejection (OMS_BUNDLE_TOO_LARGE). */
  private async readSignature(flag: string, file: string): Promise<Buffer> {
    try {
      return await readBundleFile(file);
    } catch (e) {
      if (OmsError.isOmsError(e)) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new ModelInputError(`--signature ${quote(flag)} ${code === "ENOENT" ? "does not exist" : "cannot be read"}; accepted: the model.sig to check`);
    }
  }

  public async check(dir: string, options: CheckOptions): Promise<number> {
    const root = await modelDir(dir, this.context.cwd);
    const publicKey = await readPublicKey(options.publicKey, this.context.cwd);
    const lineage = parseLineage(options.lineage);
    const file = options.config === undefined ? configPath(this.context.env, this.context.cwd) : path.resolve(this.context.cwd, options.config);
    const policy = policyForRegistry(loadConfig(file), options.registry, file);
    const signature = signatureLocation(root, options.signature, this.context.cwd);
    // Read here so a missing file is bad input; the gate itself reports a missing model.sig.
    await this.readSignature(options.signature, signature.file).catch((e: unknown) => {
      if (!OmsError.isOmsError(e)) throw e;
    });
    let decision;
    try {
      const version = await localVersion(root, signature.file);
      decision = await decide({ model: localModelName(root), version: "local", ...version, lineage }, { policy, publicKey });
    } catch (e) {
      // The folder itself cannot be an upload (a symbolic link, a socket): a rejection.
      if (!OmsError.isOmsError(e)) throw e;
      const error = { code: e.code, label: labelOf(e.code), message: e.message };
      this.io.stdout.write(
        options.json === true
          ? `${JSON.stringify({ accepted: false, checks: [], files: [], error }, null, 2)}\n`
          : `${omsLine("check", e)}\nrejected: the folder cannot be uploaded as it is\n`,
      );
      return MODEL_EXIT_REJECTED;
    }
    this.io.stdout.write(options.json === true ? `${JSON.stringify(decision, null, 2)}\n` : formatDecision(decision));
    return decision.accepted ? MODEL_EXIT_OK : MODEL_EXIT_REJECTED;
  }
}

function ignorePathsOption(): Option {
  return new Option("--ignore-paths <path>", "leave this file or folder out; repeatable; relative to the working directory, as model_signing reads it, and inside DIR")
    .argParser(collect)
    .default([], "none");
}

/** The subcommands that parse their own options (runProvenanceVerify, runApprovalsExport). */
type PassThrough = "provenance" | "approvals";

function buildProgram(io: FinopsIo, commands: ModelCommands, run: (work: Promise<number>) => Promise<void>, passThrough: (command: PassThrough, args: string[]) => Promise<void>): Command {
  const program = new Command("model")
    .description(`${MODEL_SUMMARY}.`)
    .enablePositionalOptions()
    .showSuggestionAfterError(false)
    .helpCommand(false)
    .helpOption("-h, --help", "show this help")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // Errors are rewritten to one line by runModel; commander's own copy would be a second line.
      outputError: () => undefined,
    })
    .addHelpText("after", exitHelp("done (printed, signed, verified or accepted)", "rejected: a verification or a gate check failed"));
  // Only for the usage lines in --help ("blueprint model ..."); parsing starts at `program`.
  new Command("blueprint").addCommand(program);

  program
    .command("digest")
    .description("print the root digest (sha256:<hex>) the signature of DIR would carry: SHA-256 over the files' raw SHA-256 digests in name order")
    .argument("<DIR>", "the model folder")
    .addOption(ignorePathsOption())
    .option("--ignore-git-paths", GIT_PATHS_HELP)
    .option("--no-ignore-git-paths", "not supported (the gate never counts git metadata)")
    .option("--allow-symlinks", "follow symbolic links to regular files (default: refused)")
    .addHelpText("after", exitHelp("digest printed", "a file cannot be hashed (a symbolic link without --allow-symlinks, a socket), one line"))
    .action((dir: string, options: DigestOptions) => run(commands.digest(dir, options)));

  program
    .command("sign")
    .description("sign DIR as an OpenSSF Model Signing bundle (key method, files serialization, sha256) with a PEM key or a cloud KMS key")
    .argument("<DIR>", "the model folder")
    .option("--private-key <key.pem>", "ECDSA P-256 private key, unencrypted PEM")
    .option("--kms <uri>", `cloud KMS key that signs: ${KMS_ACCEPTED}; credentials from the cloud's default chain`)
    .option("--signature <path>", "where to write the bundle (default: DIR/model.sig, where the upload carries it)")
    .addOption(ignorePathsOption())
    .option("--ignore-git-paths", GIT_PATHS_HELP)
    .option("--no-ignore-git-paths", "not supported (the gate never counts git metadata)")
    .option("--allow-symlinks", "follow symbolic links to regular files and record allow_symlinks (default: refused)")
    .addHelpText("after", `\nExactly one of --private-key and --kms.${exitHelp("signed: prints the bundle's path and root digest", "the signer failed or the folder cannot be signed (one line: sign: <label>: <message> (<code>))")}`)
    .action((dir: string, options: SignOptions) => run(commands.sign(dir, options)));

  program
    .command("verify")
    .description("verify DIR against its bundle and a trusted public key: signature, then every file's digest; no unsigned extra file")
    .argument("<DIR>", "the model folder")
    .requiredOption("--signature <path>", "the bundle to verify, e.g. DIR/model.sig")
    .requiredOption("--public-key <pub.pem>", "the trusted ECDSA public key, PEM; never taken from the bundle")
    .addOption(ignorePathsOption())
    .option("--ignore-git-paths", GIT_PATHS_HELP)
    .option("--no-ignore-git-paths", "not supported (the gate never counts git metadata)")
    .option("--allow-symlinks", "accepted for compatibility; the symlink policy recorded in the signature applies (spec §6.1.1)")
    .option("--ignore-unsigned-files", "accept files the signature does not list (default: an unsigned file rejects, as at the gate)")
    .addHelpText("after", exitHelp("verified", "one line: verify: <label>: <message> (<code>), e.g. tampered file, extra file, missing file, wrong key, malformed bundle"))
    .action((dir: string, options: VerifyOptions) => run(commands.verify(dir, options)));

  program
    .command("check")
    .description("run every promotion-gate check on DIR as the registry's gate will: limits, signature, lineage, evaluation thresholds, serialization safety")
    .argument("<DIR>", "the model folder, as it will be uploaded to incoming/<model>/<version>/")
    .requiredOption("--signature <path>", "the bundle, uploaded as model.sig")
    .requiredOption("--public-key <pub.pem>", "the environment's signing public key, PEM")
    .requiredOption("--registry <name>", "the registry's name, or <cloud>/<env>/<name> when environments configure it differently")
    .addOption(new Option("--lineage <key=value>", "a lineage tag the upload will carry on model.sig; repeatable").argParser(collect).default([], "none"))
    .option("--config <path>", "configuration to read the registry from (default: $BLUEPRINT_CONFIG, else blueprint.config.yaml)")
    .option("--json", "print the decision as JSON instead of one line per check")
    .addHelpText(
      "after",
      `\nPrints PASS <check>: <summary>, FAIL <check>: <label>: <message> (<code>) for every reason, SKIP <check>: <why>, then accepted, or rejected: N checks failed[, M checks not run].${exitHelp("accepted", "rejected")}`,
    )
    .action((dir: string, options: CheckOptions) => run(commands.check(dir, options)));

  const provenanceCommand = program
    .command("provenance")
    .description("decision records the gate wrote")
    .helpCommand(false)
    .enablePositionalOptions();
  provenanceCommand
    .command("verify")
    .description("verify a decision record: blueprint model provenance verify RECORD --public-key <pub.pem> [--json]")
    .argument("[options...]", "see blueprint model provenance verify --help")
    // The record verifier parses its own options (runProvenanceVerify): here they pass through untouched.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((args: string[]) => passThrough("provenance", args));

  const approvalsCommand = program
    .command("approvals")
    .description("the approved-models list the admission policies read")
    .helpCommand(false)
    .enablePositionalOptions();
  approvalsCommand
    .command("export")
    .description("verify decision records and write the approved-models ConfigMap: blueprint model approvals export --records <dir> --public-key <pub.pem> --base-uri <uri> [--out <file>]")
    .argument("[options...]", "see blueprint model approvals export --help")
    // The exporter parses its own options (runApprovalsExport): here they pass through untouched.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((args: string[]) => passThrough("approvals", args));
  return program;
}

/** Each subcommand's call, for the `accepted:` part of its argument errors. */
const USAGES: Readonly<Record<string, string>> = {
  digest: "blueprint model digest DIR [--ignore-paths <path> ...] [--allow-symlinks]",
  sign: "blueprint model sign DIR (--private-key <key.pem> | --kms <uri>) [--signature <path>] [--ignore-paths <path> ...] [--allow-symlinks]",
  verify: "blueprint model verify DIR --signature <path> --public-key <pub.pem> [--ignore-paths <path> ...] [--ignore-unsigned-files]",
  check: "blueprint model check DIR --signature <path> --public-key <pub.pem> --registry <name> [--lineage key=value ...] [--config <path>] [--json]",
};

/** Commander's own messages, reduced to one line and given the accepted form. */
function fromCommander(e: CommanderError, subcommand: string | undefined): string {
  const what = e.message
    .replace(/^error: /, "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\.$/, "")
    .trim();
  const usage = subcommand === undefined || !Object.prototype.hasOwnProperty.call(USAGES, subcommand) ? undefined : USAGES[subcommand];
  return `${what}; accepted: ${usage ?? SUBCOMMANDS_ACCEPTED}`;
}

/** What a commander action returns: done when the work is, failing when it fails. */
async function settled(work: Promise<number>): Promise<void> {
  await work;
}

/**
 * Runs `blueprint model` with the arguments after `model`. Writes the result to `io.stdout`,
 * rejections of `verify` and `sign` and every error to `io.stderr`. Resolves to the exit code;
 * never rejects.
 */
export async function runModel(argv: readonly string[], io: FinopsIo, context: ModelContext = { env: process.env, cwd: process.cwd() }): Promise<number> {
  if (argv.length === 0) {
    io.stderr.write(`model error: no subcommand given; accepted: ${SUBCOMMANDS_ACCEPTED}\n`);
    return MODEL_EXIT_BAD_INPUT;
  }
  let work: Promise<number> | undefined;
  const commands = new ModelCommands(io, context);
  try {
    const program = buildProgram(
      io,
      commands,
      // Each action hands back its promise, which parseAsync awaits; `work` keeps its exit code.
      (w) => settled((work = w)),
      (command, args) =>
        settled(
          (work =
            command === "provenance"
              ? import("./model-provenance").then(({ runProvenanceVerify }) => runProvenanceVerify(args, io, { cwd: context.cwd }))
              : import("./model-approvals").then(({ runApprovalsExport }) => runApprovalsExport(args, io, { cwd: context.cwd }))),
        ),
    );
    const passesThrough = argv[0] === "provenance" || argv[0] === "approvals";
    await program.parseAsync(passesThrough ? [...argv] : normalizeFlags(argv), { from: "user" });
    return work === undefined ? MODEL_EXIT_OK : await work;
  } catch (e) {
    return reportError(e, io, argv[0]);
  }
}

function reportError(e: unknown, io: FinopsIo, subcommand: string | undefined): number {
  if (e instanceof CommanderError) {
    // Help was asked for and printed: not an error.
    if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") return MODEL_EXIT_OK;
    if (e.code === "commander.help") {
      io.stderr.write(`model error: no subcommand given; accepted: ${SUBCOMMANDS_ACCEPTED}\n`);
      return MODEL_EXIT_BAD_INPUT;
    }
    io.stderr.write(`model error: ${fromCommander(e, subcommand)}\n`);
    return MODEL_EXIT_BAD_INPUT;
  }
  if (e instanceof ModelInputError) {
    io.stderr.write(`model error: ${e.message}\n`);
    return MODEL_EXIT_BAD_INPUT;
  }
  if (e instanceof ConfigError) {
    // The configuration's own one-line-per-problem report.
    io.stderr.write(`${e.lines.join("\n")}\n`);
    return MODEL_EXIT_BAD_INPUT;
  }
  if (e instanceof GatePolicyError) {
    io.stderr.write(`model error: the registry's gate settings are invalid: ${e.message}; accepted: settings config/schema.ts accepts\n`);
    return MODEL_EXIT_BAD_INPUT;
  }
  if (OmsError.isOmsError(e)) {
    io.stderr.write(`model failed: ${labelOf(e.code)}: ${terminalSafe(e.message)} (${e.code})\n`);
    return MODEL_EXIT_REJECTED;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`model failed: ${terminalSafe(message)}\n`);
  return MODEL_EXIT_REJECTED;
}
