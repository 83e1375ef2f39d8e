#!/usr/bin/env node
/**
 * The `blueprint` command line. Each subcommand lives in its own file under cli/ and owns its
 * options, messages and exit codes; this file only routes to it.
 */
import { Command, CommanderError } from "commander";
import { AUDIT_SUMMARY, runAudit } from "./audit";
import { CI_SUMMARY, runCi } from "./ci";
import { FINOPS_EXIT_BAD_INPUT, FINOPS_EXIT_OK, FINOPS_SUMMARY, FinopsContext, FinopsIo, runFinops } from "./finops";
import { MODEL_SUMMARY, ModelContext, runModel } from "./model";

const COMMANDS_ACCEPTED = "a command: audit, finops, model, ci (blueprint <command> --help for its options)";

/** Where `blueprint` runs: what every command reads instead of the process's globals. */
export type CliContext = FinopsContext & ModelContext & { readonly now?: Date };

/**
 * Runs the `blueprint` program with the arguments after the program name and resolves to the
 * exit code. Writes only through `io` and reads the environment and working directory only from
 * `context`, so tests run it in-process whatever the caller's shell exports. Asynchronous because
 * `model` streams and hashes files; `audit`, `ci` and `finops` finish synchronously inside it.
 */
export async function runCli(argv: readonly string[], io: FinopsIo, context: CliContext = { env: process.env, cwd: process.cwd() }): Promise<number> {
  return route(argv, io, context);
}

function route(argv: readonly string[], io: FinopsIo, context: CliContext): number | Promise<number> {
  if (argv.length === 0) {
    io.stderr.write(`blueprint error: no command given; accepted: ${COMMANDS_ACCEPTED}\n`);
    return FINOPS_EXIT_BAD_INPUT;
  }
  let exitCode: number | Promise<number> = FINOPS_EXIT_OK;
  const program = new Command("blueprint")
    .description("Tools for the AI supply-chain blueprint on AWS, GCP and Azure")
    // Everything after the subcommand's name is the subcommand's to parse, --help included.
    .enablePositionalOptions()
    .showSuggestionAfterError(false)
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: () => undefined,
    });
  program
    .command("finops")
    .description(FINOPS_SUMMARY)
    .argument("[options...]", "see blueprint finops --help")
    // The finops command parses its own options (runFinops): here they pass through untouched.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((args: string[]) => {
      exitCode = runFinops(args, io, context);
    });
  program
    .command("audit")
    .description(AUDIT_SUMMARY)
    .argument("[options...]", "see blueprint audit --help")
    // The audit command parses its own options (runAudit): here they pass through untouched.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((args: string[]) => {
      exitCode = runAudit(args, io, context);
    });
  program
    .command("ci")
    .description(CI_SUMMARY)
    .argument("[options...]", "see blueprint ci init --help")
    // The ci command parses its own subcommand and options (runCi): here they pass through untouched.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((args: string[]) => {
      exitCode = runCi(args, io, context);
    });
  program
    .command("model")
    .description(MODEL_SUMMARY)
    .argument("[options...]", "see blueprint model --help")
    // The model command parses its own subcommands and options (runModel): here they pass through untouched.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action((args: string[]) => {
      exitCode = runModel(args, io, context);
    });
  try {
    program.parse([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.exitCode === 0) return FINOPS_EXIT_OK;
    const what = e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
    io.stderr.write(`blueprint error: ${what}; accepted: ${COMMANDS_ACCEPTED}\n`);
    return FINOPS_EXIT_BAD_INPUT;
  }
}

if (require.main === module) {
  // runModel never rejects (it reports every error as one line), so the catch is a last resort.
  void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`blueprint failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
