import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** One workflow's result: the messages @actions/workflow-parser reported, none when it is valid. */
export interface WorkflowParseResult {
  readonly name: string;
  readonly errors: string[];
}

/**
 * Parses GitHub Actions workflows with @actions/workflow-parser. The package is ESM-only and
 * imports its JSON schema without import attributes, so the parsing runs in a child Node process
 * under tsx (parse-workflows.mjs).
 */
export function parseWorkflows(files: readonly { name: string; content: string }[]): WorkflowParseResult[] {
  const root = path.resolve(__dirname, "..", "..");
  const out = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "parse-workflows.mjs")], { input: JSON.stringify(files), encoding: "utf8", cwd: root });
  return JSON.parse(out) as WorkflowParseResult[];
}
