import * as fs from "node:fs";
import * as path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { crossCheck } from "./cross-checks";
import { BlueprintConfig, blueprintConfigSchema } from "./schema";

/** The embedded default, at the project root. */
export const DEFAULT_CONFIG_FILE = "blueprint.config.yaml";
/** Environment variable that selects another configuration file. */
export const CONFIG_ENV_VAR = "BLUEPRINT_CONFIG";

/**
 * A configuration that cannot be used. `lines` holds one human-readable line per problem, in
 * the form `config error: <path>: <what is wrong>; <what is accepted>`.
 */
export class ConfigError extends Error {
  public readonly lines: readonly string[];
  constructor(lines: readonly string[]) {
    super(lines.join("\n"));
    this.name = "ConfigError";
    this.lines = lines;
  }
}

/** `BLUEPRINT_CONFIG` if set (relative to the working directory), else the embedded default. */
export function configPath(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  const chosen = env[CONFIG_ENV_VAR];
  return path.resolve(cwd, chosen && chosen.trim() !== "" ? chosen : DEFAULT_CONFIG_FILE);
}

/** Reads, parses and validates a configuration file; throws ConfigError listing every problem. */
export function loadConfig(file: string): BlueprintConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `cannot read file (${(e as Error).message})`;
    throw new ConfigError([`config error: ${file}: ${reason}; accepted: a YAML file, the default ${DEFAULT_CONFIG_FILE} or the path in ${CONFIG_ENV_VAR}`]);
  }
  return parseConfig(text, file);
}

/** Parses YAML text and validates it; `source` names the file in messages. */
export function parseConfig(text: string, source: string): BlueprintConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  // Only the first syntax error: the parser's later ones follow from it (one tab used to give
  // seven lines about mapping columns and compact mappings), and a fix of the first moves them.
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const where = `${source}:${pos.line}:${pos.col}`;
    const what = first.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "");
    const accepted = first.code === "TAB_AS_INDENT" ? "indentation with spaces (YAML forbids tabs there)" : "valid YAML (see README, Configuration)";
    throw new ConfigError([`config error: ${where}: YAML syntax error: ${what}; accepted: ${accepted}`]);
  }
  const result = blueprintConfigSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!result.success) {
    throw new ConfigError(formatIssues(result.error.issues));
  }
  // Checks across fields run on a well-formed document only: they rely on every type.
  const crossIssues = crossCheck(result.data);
  if (crossIssues.length > 0) {
    throw new ConfigError(crossIssues.map((i) => `config error: ${formatPath(i.path)}: ${i.message}`));
  }
  return result.data;
}

/** One line per issue; an unknown key is reported at its own path. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        lines.push(`config error: ${formatPath([...issue.path, key])}: ${issue.message}`);
      }
    } else {
      lines.push(`config error: ${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  return lines;
}

/** `clouds.azure.adminObjectIds[0]`; the document itself is `(root)`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return "(root)";
  return segments
    .map((s, i) => (typeof s === "number" ? `[${s}]` : `${i === 0 ? "" : "."}${String(s)}`))
    .join("");
}
