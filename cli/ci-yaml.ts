import { stringify } from "yaml";

/*
 * A small block-style YAML writer for the pipelines `blueprint ci init` emits. Pipelines are read
 * by people before they are trusted, so the files carry comments saying why a setting is there;
 * the `yaml` package's document model can hold comments but is awkward to build them with. Keys
 * keep insertion order, scalars are quoted by `yaml` itself (YAML 1.2 core schema, no line
 * folding), multi-line strings become literal blocks: the output is the same bytes for the same
 * input.
 */

/** A value with comment lines written above it (or after it, on the same line, for a scalar). */
export class Commented {
  constructor(
    /** Comment lines above the key or item, without `# `. */
    public readonly above: readonly string[],
    public readonly value: YamlValue,
    /** A comment after a scalar on the same line, without `# `. */
    public readonly after?: string,
  ) {}
}

export type YamlScalar = string | number | boolean;
export type YamlValue = YamlScalar | readonly YamlValue[] | YamlMap | Commented;
/** Keys in insertion order; an `undefined` value leaves the key out. */
export interface YamlMap {
  readonly [key: string]: YamlValue | undefined;
}

/** `value` with comment lines above it. */
export function commented(above: string | readonly string[], value: YamlValue): Commented {
  return new Commented(typeof above === "string" ? [above] : above, value);
}

/** A scalar followed by `# after` on its line (a pinned action's tag). */
export function trailing(value: YamlScalar, after: string): Commented {
  return new Commented([], value, after);
}

function scalar(value: YamlScalar): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0 }).replace(/\n$/, "");
}

function commentLines(pad: string, lines: readonly string[]): string[] {
  return lines.map((l) => (l === "" ? `${pad}#` : `${pad}# ${l}`));
}

/** Lines of `key: value` (or `- value` when key is undefined) at indent `pad`. */
function entry(pad: string, key: string | undefined, raw: YamlValue): string[] {
  const head = key === undefined ? `${pad}-` : `${pad}${scalar(key)}:`;
  const above = raw instanceof Commented ? commentLines(pad, raw.above) : [];
  const after = raw instanceof Commented && raw.after !== undefined ? ` # ${raw.after}` : "";
  const value = raw instanceof Commented ? raw.value : raw;
  const inner = `${pad}  `;
  if (typeof value === "string" && value.includes("\n")) {
    const body = value.endsWith("\n") ? value.slice(0, -1) : value;
    const indicator = value.endsWith("\n") ? "|" : "|-";
    return [...above, `${head} ${indicator}`, ...body.split("\n").map((l) => (l === "" ? "" : `${inner}${l}`))];
  }
  if (typeof value !== "object") return [...above, `${head} ${scalar(value)}${after}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [...above, `${head} []`];
    // Sequence items under a key sit at the key's indent plus two, as most workflow files write them.
    return [...above, head, ...value.flatMap((item: YamlValue) => entry(inner, undefined, item))];
  }
  const map = value as YamlMap;
  const keys = Object.keys(map).filter((k) => map[k] !== undefined);
  if (keys.length === 0) return [...above, `${head} {}`];
  const lines = keys.flatMap((k) => entry(inner, k, map[k]!));
  if (key !== undefined) return [...above, head, ...lines];
  // A map in a sequence: its first key goes on the `- ` line; comments above it stay above.
  const first = lines.findIndex((l) => !l.trimStart().startsWith("#"));
  return [...above, ...lines.slice(0, first), `${pad}- ${lines[first]!.slice(inner.length)}`, ...lines.slice(first + 1)];
}

/** The document for `root`, with `header` comment lines on top; ends with a newline. */
export function renderYaml(header: readonly string[], root: YamlMap): string {
  const body = Object.keys(root)
    .filter((k) => root[k] !== undefined)
    .map((k) => entry("", k, root[k]!).join("\n"));
  const top = header.length > 0 ? `${commentLines("", header).join("\n")}\n\n` : "";
  return `${top}${body.join("\n\n")}\n`;
}
