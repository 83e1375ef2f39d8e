/**
 * `blueprint model provenance verify RECORD --public-key pub.pem [--json]`: checks a promotion
 * gate decision record (a DSSE envelope around an in-toto Statement with the SLSA Verification
 * Summary predicate) against the gate's attestation public key, and prints what it says.
 *
 * Exit codes: 0 the record verifies and says PASSED; 1 it verifies and says FAILED, or it does
 * not verify (one line, `provenance: <CODE>: <message>`); 2 bad input (missing file, unreadable
 * key, bad flags), one line `provenance error: <what>; accepted: <what>`. Never a stack trace:
 * the record is untrusted input, not a bug.
 */
import { CliIo } from "./io";
import { Command, CommanderError } from "commander";
import { createPublicKey, KeyObject } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import * as path from "node:path";
import { RecordError } from "../functions/promotion-gate/record/errors";
import { MAX_RECORD_BYTES, VerifiedDecision, verifyDecisionRecord } from "../functions/promotion-gate/record/record-verify";

export const PROVENANCE_EXIT_PASSED = 0;
export const PROVENANCE_EXIT_FAILED = 1;
export const PROVENANCE_EXIT_BAD_INPUT = 2;

/** Where the command writes (cli/io.ts). */
export type ProvenanceIo = CliIo;

/** One-line summary for `blueprint model --help`. */
export const PROVENANCE_VERIFY_SUMMARY = "check a promotion gate decision record against the gate's attestation public key";

const USAGE = "RECORD --public-key <pub.pem> [--json]";
const OPTIONS_ACCEPTED = "RECORD, --public-key <pub.pem>, --json, --help";
const KEY_ACCEPTED = "the gate's attestation public key, ECDSA P-256 in PEM (SubjectPublicKeyInfo)";
const RECORD_ACCEPTED = "a decision record file (provenance/<registry>/<model>/<version>/<digest>.dsse.json)";

/** A bad argument or unreadable input; its message is already `what; accepted: what`. */
class ProvenanceArgumentError extends Error {}

function quote(value: string): string {
  return JSON.stringify(value);
}

/**
 * Record text shown on a terminal. Even a verified record carries uploader-chosen text (file
 * names, lineage values, reasons quoting them), so control characters are escaped: a crafted
 * name must not move the cursor or rewrite the lines an auditor reads.
 */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * JSON.stringify escapes C0 controls but writes DEL, C1 controls (e.g. U+009B, a CSI on some
 * terminals) and the line separators as they are; they only occur inside strings, where a
 * `\uXXXX` escape is the same JSON value.
 */
function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function ioWhy(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : "cannot be read";
}

async function readKey(file: string, cwd: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), "utf8");
  } catch (e) {
    throw new ProvenanceArgumentError(`--public-key ${quote(file)} ${ioWhy(e)}; accepted: ${KEY_ACCEPTED}`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new ProvenanceArgumentError(`--public-key ${quote(file)} is not a PEM public key; accepted: ${KEY_ACCEPTED}`);
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new ProvenanceArgumentError(`--public-key ${quote(file)} is not an ECDSA P-256 key; accepted: ${KEY_ACCEPTED}`);
  }
  return key;
}

/** The record's bytes; an oversized file is refused before it is read into memory. */
async function readRecord(file: string, cwd: string): Promise<Buffer> {
  const full = path.resolve(cwd, file);
  const info = await stat(full).catch((e: unknown) => {
    throw new ProvenanceArgumentError(`RECORD ${quote(file)} ${ioWhy(e)}; accepted: ${RECORD_ACCEPTED}`);
  });
  if (!info.isFile()) throw new ProvenanceArgumentError(`RECORD ${quote(file)} is not a file; accepted: ${RECORD_ACCEPTED}`);
  if (info.size > MAX_RECORD_BYTES) {
    throw new RecordError("RECORD_TOO_LARGE", `record is ${info.size} bytes, more than the ${MAX_RECORD_BYTES} allowed`);
  }
  try {
    return await readFile(full);
  } catch (e) {
    throw new ProvenanceArgumentError(`RECORD ${quote(file)} ${ioWhy(e)}; accepted: ${RECORD_ACCEPTED}`);
  }
}

/** The readable summary of a verified record. */
export function formatVerifiedDecision(v: VerifiedDecision): string {
  const p = v.statement.predicate;
  const subject = v.statement.subject[0];
  const versions = Object.entries(p.verifier.version ?? {}).map(([k, x]) => `${k} ${x}`).join(", ");
  const lines = [
    `result: ${v.result}`,
    `model: ${clean(v.registry)}/${clean(v.model)}/${clean(v.version)}`,
    `subject: sha256:${subject?.digest.sha256 ?? ""} (${clean(p.blueprintGate.subjectDigest)})`,
    `verified: ${clean(p.timeVerified)} by ${clean(p.verifier.id)}${versions === "" ? "" : ` (${clean(versions)})`}`,
    `resource: ${clean(p.resourceUri)}`,
    `policy: ${clean(p.policy.uri)} sha256:${p.policy.digest.sha256}`,
    ...(p.inputAttestations ?? []).map((a) => `input: ${clean(a.uri)} sha256:${a.digest.sha256}`),
    "checks:",
    ...v.checks.flatMap((c) => {
      const head = `  ${c.status === "passed" ? "PASS" : c.status === "skipped" ? "SKIP" : "FAIL"} ${clean(c.id)}: ${clean(c.summary)}`;
      return [head, ...c.reasons.map((r) => `    ${clean(r.label)}: ${clean(r.message)} (${clean(r.code)})`)];
    }),
  ];
  return `${lines.join("\n")}\n`;
}

function fromCommander(e: CommanderError): string {
  const what = e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").replace(/\.$/, "").trim();
  const accepted = e.code === "commander.missingArgument" || e.code === "commander.optionMissingArgument" ? `blueprint model provenance verify ${USAGE}` : OPTIONS_ACCEPTED;
  return `${what}; accepted: ${accepted}`;
}

interface VerifyOptions {
  readonly publicKey?: string;
  readonly json?: boolean;
}

/**
 * Runs `blueprint model provenance verify` with `args`, the arguments after `verify`. Returns the
 * exit code (see the file comment); writes the summary to stdout and any error line to stderr.
 */
export async function runProvenanceVerify(args: string[], io: ProvenanceIo, context: { readonly cwd: string } = { cwd: process.cwd() }): Promise<number> {
  let request: { record: string; options: VerifyOptions } | undefined;
  const command = new Command("verify")
    .description(`${PROVENANCE_VERIFY_SUMMARY}.\nExits 0 when the record verifies and says PASSED, 1 when it says FAILED or does not verify, 2 on bad input.`)
    .usage(USAGE)
    .argument("<record>", RECORD_ACCEPTED)
    // Required, but checked after parsing so a typo such as --public-kye is reported as such.
    .option("--public-key <pub.pem>", `required: ${KEY_ACCEPTED}`)
    .option("--json", "print the verified statement as JSON instead of the summary")
    .helpOption("-h, --help", "show this help")
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: () => undefined,
    })
    .action((record: string, options: VerifyOptions) => {
      request = { record, options };
    });
  // Only for the usage line in --help ("blueprint model provenance verify ...").
  new Command("blueprint").addCommand(new Command("model").addCommand(new Command("provenance").addCommand(command)));
  try {
    command.parse([...args], { from: "user" });
    if (request === undefined) return PROVENANCE_EXIT_PASSED; // --help
    const { record, options } = request;
    if (options.publicKey === undefined) throw new ProvenanceArgumentError(`--public-key is missing; accepted: ${KEY_ACCEPTED}`);
    const key = await readKey(options.publicKey, context.cwd);
    const bytes = await readRecord(record, context.cwd);
    const verified = verifyDecisionRecord(bytes, key);
    io.stdout.write(options.json === true ? `${jsonForTerminal(verified.statement)}\n` : formatVerifiedDecision(verified));
    return verified.result === "PASSED" ? PROVENANCE_EXIT_PASSED : PROVENANCE_EXIT_FAILED;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return PROVENANCE_EXIT_PASSED;
      io.stderr.write(`provenance error: ${fromCommander(e)}\n`);
      return PROVENANCE_EXIT_BAD_INPUT;
    }
    if (e instanceof ProvenanceArgumentError) {
      io.stderr.write(`provenance error: ${e.message}\n`);
      return PROVENANCE_EXIT_BAD_INPUT;
    }
    if (RecordError.isRecordError(e)) {
      io.stderr.write(`provenance: ${e.code}: ${clean(e.message)}\n`);
      return PROVENANCE_EXIT_FAILED;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`provenance failed: ${clean(message)}\n`);
    return PROVENANCE_EXIT_FAILED;
  }
}
