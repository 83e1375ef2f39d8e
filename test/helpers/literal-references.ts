import { Json } from "./synth";

/**
 * The top-level attribute a resource names itself with: `name`, except for the few types whose
 * own name has another key (elsewhere `bucket` or `account_id` points at another resource).
 */
const SELF_NAME_KEY: Readonly<Record<string, string>> = { aws_s3_bucket: "bucket", google_service_account: "account_id" };
/** Maps whose values describe a resource rather than wire it to another one. */
const DESCRIPTIVE_KEYS = new Set(["tags", "tags_all", "labels", "default_tags", "//"]);
/** Characters a name can contain: a match must not run on into more of them. */
const NAME_CHAR = /[A-Za-z0-9_.-]/;
/** Names shorter than this are too generic to tell a reference from a coincidence ("logs"). */
const MIN_NAME_LENGTH = 8;

export interface Place {
  readonly type: string;
  readonly id: string;
  /** Dotted attribute path inside the consumer, e.g. `policy` or `rule.0.bucket`. */
  readonly path: string;
}

export interface LiteralReference {
  readonly value: string;
  readonly producer: Place;
  readonly consumer: Place;
  describe(): string;
}

interface Block {
  readonly type: string;
  readonly id: string;
  readonly body: Json;
}

function blocks(section: unknown, prefix: string): Block[] {
  const byType = (section ?? {}) as Record<string, Record<string, Json>>;
  return Object.entries(byType).flatMap(([type, byId]) => Object.entries(byId).map(([id, body]) => ({ type: `${prefix}${type}`, id, body })));
}

/** Every literal string under `value`, with its dotted path; descriptive maps are skipped. */
function strings(value: unknown, path: string[] = []): Array<[string, string]> {
  if (typeof value === "string") return [[path.join("."), value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (value && typeof value === "object") {
    return Object.entries(value as Json).flatMap(([k, v]) => (DESCRIPTIVE_KEYS.has(k) ? [] : strings(v, [...path, k])));
  }
  return [];
}

/** True when `name` stands in `text` as a whole name, not as part of a longer one. */
function containsName(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = at === 0 ? "" : text[at - 1]!;
    const after = text[at + name.length] ?? "";
    if (!NAME_CHAR.test(before) && !NAME_CHAR.test(after)) return true;
  }
  return false;
}

/**
 * Every place in a synthesized stack where a resource's own name is written out literally in
 * another resource or data source of the stack, instead of being referenced (`${type.id.attr}`).
 * Values the stack's providers are configured with (project, region, account) are inputs every
 * resource shares, not names of resources, and are left out.
 */
export function literalReferences(stack: Json): LiteralReference[] {
  const resources = blocks(stack["resource"], "");
  const consumers = [...resources, ...blocks(stack["data"], "data.")];
  const ambient = new Set(strings(stack["provider"]).map(([, v]) => v));
  const found: LiteralReference[] = [];
  for (const producer of resources) {
    const key = SELF_NAME_KEY[producer.type] ?? "name";
    const name = producer.body[key];
    if (typeof name !== "string" || name.includes("${") || name.length < MIN_NAME_LENGTH || ambient.has(name)) continue;
    {
      for (const consumer of consumers) {
        if (consumer === producer) continue;
        for (const [path, text] of strings(consumer.body)) {
          // Two resources of one type may share a name (one diagnostic setting per source).
          if (consumer.type === producer.type && path === key) continue;
          if (!containsName(text, name)) continue;
          const p: Place = { type: producer.type, id: producer.id, path: key };
          const c: Place = { type: consumer.type, id: consumer.id, path };
          found.push({
            value: name,
            producer: p,
            consumer: c,
            describe: () => `${c.type}.${c.id}.${c.path} holds "${name}", the ${key === "name" ? "name" : key} of ${p.type}.${p.id}`,
          });
        }
      }
    }
  }
  return found;
}
