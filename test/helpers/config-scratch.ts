import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { runBlueprint } from "../../stacks/run-blueprint";

const ROOT = path.resolve(__dirname, "..", "..");

/** The repository's blueprint.config.yaml as a plain document, to change one field at a time. */
export function defaultConfigDoc<T = Record<string, unknown>>(): T {
  return parse(fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8")) as T;
}

export interface ConfigRun {
  readonly code: number;
  readonly stderr: string;
  /** stderr split into lines, trailing newline dropped. */
  readonly lines: string[];
  /** Where the run synthesized to (only written when the config is valid). */
  readonly outdir: string;
}

/**
 * A folder under test/.out for the config files of one test file: each document becomes its own
 * YAML file, and `run` synthesizes it the way `npm run synth` does (exit code and stderr).
 */
export class ConfigScratch {
  public readonly dir: string;
  private counter = 0;

  constructor(name: string) {
    this.dir = path.join(ROOT, "test", ".out", name);
  }

  /** Writes `doc` as a new YAML file and returns its path. */
  public write(doc: unknown): string {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `case-${process.pid}-${this.counter++}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    return file;
  }

  public run(doc: unknown): ConfigRun {
    const file = this.write(doc);
    const outdir = file.replace(/\.yaml$/, "-out");
    let stderr = "";
    const code = runBlueprint({ env: { BLUEPRINT_CONFIG: file, CDKTF_OUTDIR: outdir }, stderr: { write: (t: string) => (stderr += t) } });
    return { code, stderr, lines: stderr.trimEnd().split("\n"), outdir };
  }

  public remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
