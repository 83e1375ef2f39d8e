/**
 * `blueprint ci init`: writes the CI pipelines for the configuration's `ci` block: pull-request
 * and deploy pipelines for this repository, and one publish pipeline per model repository to copy
 * into that repository. Every job logs in to a cloud by exchanging its OIDC token for the
 * identity the ci-<cloud>-<env> stack created (cli/ci-targets.ts), so no pipeline holds a cloud
 * secret. The same configuration always writes the same bytes: examples/ci is this output for
 * the default configuration.
 *
 * Exit codes: 0 written (or help shown), 2 bad input (one line `ci error: <what>; accepted:
 * <what>`, or the configuration's own report), 1 anything unexpected (one line).
 */
import { Command, CommanderError, Option } from "commander";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, configPath, loadConfig } from "../config/load";
import { CI_PROVIDERS, CiProvider } from "../constructs/shared/ci-identities";
import { PipelineFile } from "./ci-files";
import { renderGithubPipelines } from "./ci-github";
import { renderGitlabPipelines } from "./ci-gitlab";
import { ciTargets } from "./ci-targets";
import type { CliIo } from "./io";

export const CI_EXIT_OK = 0;
export const CI_EXIT_UNEXPECTED = 1;
export const CI_EXIT_BAD_INPUT = 2;

/** One-line summary shown in `blueprint --help`. */
export const CI_SUMMARY = "write the CI pipelines (GitHub Actions or GitLab CI) for the configuration's ci block";

const USAGE = "blueprint ci init --provider github|gitlab [--out <dir>] [--config <path>]";

/** Where the command runs. */
export interface CiContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Bad input the user can fix: printed as one `ci error:` line. */
class CiArgumentError extends Error {}

interface InitOptions {
  readonly provider?: CiProvider;
  readonly out: string;
  readonly config?: string;
}

/** The files of `provider` for the configuration in `configFile`. */
export function renderPipelines(configFile: string, provider: CiProvider | undefined): PipelineFile[] {
  const config = loadConfig(configFile);
  const targets = ciTargets(config);
  if (!targets) {
    throw new CiArgumentError(`${configFile} has no ci block, so there is nothing to run the pipelines as; accepted: a ci block (provider, repository, environments) in the configuration`);
  }
  const configured = targets.ci.provider;
  if (provider !== undefined && provider !== configured) {
    // The cloud trusts only the configured CI's issuer and subject format: another CI's
    // pipelines could never log in, so writing them would only hide the mismatch.
    throw new CiArgumentError(`--provider ${provider} does not match ci.provider ${configured} in ${configFile}, whose identities trust only ${configured} tokens; accepted: --provider ${configured}, or change ci.provider`);
  }
  return configured === "github" ? renderGithubPipelines(config, targets) : renderGitlabPipelines(config, targets);
}

function writeFiles(out: string, files: readonly PipelineFile[], io: CliIo, cwd: string): void {
  const shown = path.relative(cwd, out) || ".";
  for (const file of files) {
    const target = path.join(out, ...file.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content, "utf8");
    io.stdout.write(`wrote ${path.join(shown, ...file.path.split("/")).split(path.sep).join("/")}\n`);
  }
}

/** Runs `blueprint ci` with the arguments after `ci`. */
export function runCi(argv: readonly string[], io: CliIo, context: CiContext): number {
  if (argv.length === 0) {
    io.stderr.write(`ci error: no subcommand given; accepted: ${USAGE}\n`);
    return CI_EXIT_BAD_INPUT;
  }
  const program = new Command("ci")
    .description(CI_SUMMARY)
    .showSuggestionAfterError(false)
    .helpCommand(false)
    .exitOverride()
    .configureOutput({ writeOut: (t) => void io.stdout.write(t), writeErr: (t) => void io.stderr.write(t), outputError: () => undefined });
  // Only for the usage lines in --help ("blueprint ci ...").
  new Command("blueprint").addCommand(program);
  program
    .command("init")
    .description("write the pipelines: .github/workflows (or .gitlab-ci.yml) for this repository, model-repositories/<name>/ for each model repository")
    .addOption(new Option("--provider <name>", "the CI system; must be the configuration's ci.provider (default: ci.provider)").choices(CI_PROVIDERS))
    .option("--out <dir>", "folder to write into; sub-folders are created", ".")
    .option("--config <path>", "configuration to read (default: $BLUEPRINT_CONFIG, else blueprint.config.yaml)")
    .helpOption("--help", "show the options")
    .action((options: InitOptions) => {
      const configFile = options.config === undefined ? configPath(context.env, context.cwd) : path.resolve(context.cwd, options.config);
      const files = renderPipelines(configFile, options.provider);
      writeFiles(path.resolve(context.cwd, options.out), files, io, context.cwd);
    });
  try {
    program.parse([...argv], { from: "user" });
    return CI_EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return CI_EXIT_OK;
      const what = e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").replace(/\.$/, "");
      io.stderr.write(`ci error: ${what}; accepted: ${USAGE}\n`);
      return CI_EXIT_BAD_INPUT;
    }
    if (e instanceof CiArgumentError) {
      io.stderr.write(`ci error: ${e.message}\n`);
      return CI_EXIT_BAD_INPUT;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`${e.lines.join("\n")}\n`);
      return CI_EXIT_BAD_INPUT;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`ci failed: ${message.replace(/\s*\n\s*/g, " ")}\n`);
    return CI_EXIT_UNEXPECTED;
  }
}
