/**
 * `blueprint model approvals export --records <dir> --public-key <pem> --base-uri <uri> [--out file]`:
 * verifies every decision record (`*.dsse.json`) under a local copy of the log storage with the
 * gate's attestation public key and writes the approved-models ConfigMap (YAML) the admission
 * policies read (docs/admission-policies.md). A record that does not verify stops the export:
 * the list is written only from records that all verified.
 *
 * Exit codes: 0 written; 1 a record does not verify; 2 bad input.
 */
import { createPublicKey, KeyObject } from "node:crypto";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import { stringify } from "yaml";
import { RecordError } from "../functions/promotion-gate/record/errors";
import { MAX_RECORD_BYTES, verifyDecisionRecord } from "../functions/promotion-gate/record/record-verify";
import { ApprovalExportError, ApprovalRecord, approvedModelsConfigMap } from "../policies/admission/approved-models";
import { CliIo } from "./io";

export const APPROVALS_EXIT_OK = 0;
export const APPROVALS_EXIT_REJECTED = 1;
export const APPROVALS_EXIT_BAD_INPUT = 2;

const USAGE = "--records <dir> --public-key <pub.pem> --base-uri <uri> [--name approved-models] [--namespace model-serving-policy] [--out <file>]";

class ApprovalsArgumentError extends Error {}

interface ExportOptions {
  readonly records?: string;
  readonly publicKey?: string;
  readonly baseUri?: string;
  readonly name: string;
  readonly namespace: string;
  readonly out?: string;
}

/** Every `*.dsse.json` under `dir`, relative, `/`-separated, sorted. */
async function recordFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".dsse.json"))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

async function readKey(file: string, cwd: string): Promise<KeyObject> {
  try {
    return createPublicKey(await readFile(path.resolve(cwd, file), "utf8"));
  } catch {
    throw new ApprovalsArgumentError(`--public-key ${JSON.stringify(file)} is not a readable PEM public key; accepted: the gate's attestation public key (ECDSA P-256, PEM)`);
  }
}

/** Reads, verifies and exports; returns the exit code. */
export async function runApprovalsExport(args: string[], io: CliIo, context: { readonly cwd: string } = { cwd: process.cwd() }): Promise<number> {
  let options: ExportOptions | undefined;
  const command = new Command("export")
    .description("write the approved-models ConfigMap from verified PASSED decision records")
    .usage(USAGE)
    .option("--records <dir>", "local copy of the log storage (the provenance/ folder or a parent)")
    .option("--public-key <pub.pem>", "the gate's attestation public key (PEM)")
    .option("--base-uri <uri>", "URI of --records in the storage, e.g. s3://acme-ai-prod-logs-123456789012/; a record's URI is this + its path")
    .option("--name <name>", "ConfigMap name", "approved-models")
    .option("--namespace <namespace>", "ConfigMap namespace", "model-serving-policy")
    .option("--out <file>", "write the YAML here instead of stdout")
    .helpOption("-h, --help", "show this help")
    .exitOverride()
    .configureOutput({ writeOut: (t) => void io.stdout.write(t), writeErr: (t) => void io.stderr.write(t), outputError: () => undefined })
    .action((o: ExportOptions) => {
      options = o;
    });
  try {
    command.parse([...args], { from: "user" });
    if (options === undefined) return APPROVALS_EXIT_OK; // --help
    const { records, publicKey, baseUri } = options;
    if (records === undefined || publicKey === undefined || baseUri === undefined) {
      throw new ApprovalsArgumentError(`--records, --public-key and --base-uri are required; accepted: ${USAGE}`);
    }
    if (!URL.canParse(baseUri) || !baseUri.endsWith("/")) throw new ApprovalsArgumentError(`--base-uri ${JSON.stringify(baseUri)} is not an absolute URI ending with /; accepted: e.g. s3://acme-ai-prod-logs-123456789012/`);
    const dir = path.resolve(context.cwd, records);
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new ApprovalsArgumentError(`--records ${JSON.stringify(records)} is not a directory`);
    const key = await readKey(publicKey, context.cwd);
    const verified: ApprovalRecord[] = [];
    for (const file of await recordFiles(dir)) {
      const full = path.join(dir, file);
      if ((await stat(full)).size > MAX_RECORD_BYTES) throw new RecordError("RECORD_TOO_LARGE", `${file} is larger than ${MAX_RECORD_BYTES} bytes`);
      try {
        verified.push({ decision: verifyDecisionRecord(await readFile(full), key), uri: `${baseUri}${file}` });
      } catch (e) {
        if (RecordError.isRecordError(e)) throw new RecordError(e.code, `${file}: ${e.message}`);
        throw e;
      }
    }
    const configMap = approvedModelsConfigMap(verified, { name: options.name, namespace: options.namespace });
    const yaml = stringify(configMap, { lineWidth: 0 });
    if (options.out === undefined) io.stdout.write(yaml);
    else await writeFile(path.resolve(context.cwd, options.out), yaml);
    io.stderr.write(`approvals: ${Object.keys(configMap.data).length} approved of ${verified.length} records\n`);
    return APPROVALS_EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return APPROVALS_EXIT_OK;
      io.stderr.write(`approvals error: ${e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").replace(/\.$/, "").trim()}; accepted: ${USAGE}\n`);
      return APPROVALS_EXIT_BAD_INPUT;
    }
    if (e instanceof ApprovalsArgumentError || e instanceof ApprovalExportError) {
      io.stderr.write(`approvals error: ${e.message}\n`);
      return APPROVALS_EXIT_BAD_INPUT;
    }
    if (RecordError.isRecordError(e)) {
      io.stderr.write(`approvals: ${e.code}: ${e.message}\n`);
      return APPROVALS_EXIT_REJECTED;
    }
    io.stderr.write(`approvals failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return APPROVALS_EXIT_REJECTED;
  }
}
