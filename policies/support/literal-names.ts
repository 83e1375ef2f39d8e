import { Json, Resource, StackModel } from "../model";

/**
 * Finds a resource's own name written out in another resource of the same stack instead of a
 * reference (`${type.id.attr}`). A literal gives Terraform no dependency edge, so the consumer
 * can be created before the resource it names exists; on a first apply that fails (a GCP sink's
 * bucket grant did, with 404).
 */

/**
 * The attribute a resource names itself with: `name`, except for the few types whose own name
 * has another key (elsewhere `bucket` or `account_id` points at another resource).
 */
const SELF_NAME_KEY: Readonly<Record<string, string>> = { aws_s3_bucket: "bucket", google_service_account: "account_id" };
/** Maps and free text that describe a resource rather than wire it to another one. */
const DESCRIPTIVE_KEYS = new Set(["tags", "tags_all", "labels", "effective_labels", "terraform_labels", "default_tags", "description", "notes", "//"]);
/**
 * Attributes whose text is another system's document, not wiring: a Helm release's values are
 * Kubernetes manifests, whose words name Kubernetes things (`deployments` in an admission rule
 * is a resource kind, not the Azure container of that name). Cloud values in them come from
 * references (stacks/gitops.ts), which test/stacks/gitops.test.ts checks.
 */
/*
 * An alert policy's `documentation` is the Markdown an on-call reader gets with the incident:
 * prose about the registry and the keys, never a name Terraform resolves.
 */
const FOREIGN_DOCUMENTS: Readonly<Record<string, ReadonlySet<string>>> = {
  helm_release: new Set(["values"]),
  google_monitoring_alert_policy: new Set(["documentation"]),
};
/** Characters a name can contain: a match must not run on into more of them. */
const NAME_RUN = /[A-Za-z0-9_.-]+/g;
const WHOLE_NAME = /^[A-Za-z0-9_.-]+$/;
/** Names shorter than this are too generic to tell a reference from a coincidence ("logs"). */
const MIN_NAME_LENGTH = 8;
/** More resources than this with one name (diagnostic settings share one per source) make it no one's name. */
const MAX_PRODUCERS_PER_NAME = 8;

export interface LiteralNameUse {
  readonly value: string;
  readonly producer: Resource;
  /** The producer's own-name attribute (`name`, `bucket`, `account_id`). */
  readonly producerKey: string;
  readonly consumer: Resource;
  /** Dotted attribute path inside the consumer, list indexes included (`rule.0.bucket`). */
  readonly path: string;
}

/** Every literal string under `value` with its dotted path; descriptive maps are skipped. */
export function literalStrings(value: unknown, path: string[] = []): Array<[string, string]> {
  if (typeof value === "string") return [[path.join("."), value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => literalStrings(v, [...path, String(i)]));
  if (value && typeof value === "object") {
    return Object.entries(value as Json).flatMap(([k, v]) => (DESCRIPTIVE_KEYS.has(k) ? [] : literalStrings(v, [...path, k])));
  }
  return [];
}

export function selfNameKey(type: string): string {
  return SELF_NAME_KEY[type] ?? "name";
}

/** The name a managed resource gives itself, when it is a literal long enough to be told apart. */
function ownName(resource: Resource, ambient: ReadonlySet<string>): string | undefined {
  if (resource.mode !== "managed") return undefined;
  const name = resource.attributes[selfNameKey(resource.type)];
  if (typeof name !== "string" || name.includes("${") || name.length < MIN_NAME_LENGTH || !WHOLE_NAME.test(name) || ambient.has(name)) return undefined;
  return name;
}

/** True when the plan recorded a reference at `path` or above it (its value is then a resolved reference, not a literal). */
function referencedAt(resource: Resource, dottedPath: string): boolean {
  const withoutIndexes = dottedPath.split(".").filter((p) => !/^\d+$/.test(p));
  for (let n = withoutIndexes.length; n > 0; n--) if (resource.references.has(withoutIndexes.slice(0, n).join("."))) return true;
  return false;
}

/**
 * Every literal use of a same-stack resource's own name. A name stands as a whole run of name
 * characters (`acme-logs` in `arn:aws:s3:::acme-logs/*`, not in `acme-logs-archive`), so the
 * scan is one token lookup per run: linear in the stack's text. Values the providers are
 * configured with (project, region, account) are inputs every resource shares, not names.
 */
export function literalNameUses(stack: StackModel): LiteralNameUse[] {
  const ambient = new Set(literalStrings(stack.providers).map(([, v]) => v));
  const producers = new Map<string, Resource[]>();
  for (const r of stack.resources) {
    const name = ownName(r, ambient);
    if (name !== undefined) (producers.get(name) ?? producers.set(name, []).get(name)!).push(r);
  }
  // A name many resources share names none of them in particular (and would make the scan
  // quadratic on a plan of copies): it is not treated as a reference.
  for (const [name, list] of producers) if (list.length > MAX_PRODUCERS_PER_NAME) producers.delete(name);
  const found: LiteralNameUse[] = [];
  if (producers.size === 0) return found;
  for (const consumer of stack.resources) {
    const foreign = FOREIGN_DOCUMENTS[consumer.type];
    const attributes = foreign === undefined ? consumer.attributes : Object.fromEntries(Object.entries(consumer.attributes).filter(([k]) => !foreign.has(k)));
    for (const [path, text] of literalStrings(attributes)) {
      if (stack.source === "plan" && referencedAt(consumer, path)) continue;
      const seen = new Set<string>();
      for (const run of text.matchAll(NAME_RUN)) {
        const token = run[0];
        if (seen.has(token)) continue;
        seen.add(token);
        for (const producer of producers.get(token) ?? []) {
          if (producer === consumer) continue;
          const key = selfNameKey(producer.type);
          // Two resources of one type may share a name (one diagnostic setting per source).
          if (consumer.mode === producer.mode && consumer.type === producer.type && path === key) continue;
          found.push({ value: token, producer, producerKey: key, consumer, path });
        }
      }
    }
  }
  return found;
}

/** Base addresses each resource depends on directly: its references and its depends_on. */
export function dependencyEdges(stack: StackModel): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const r of stack.resources) {
    const out = edges.get(r.baseAddress) ?? new Set<string>();
    for (const targets of r.references.values()) for (const t of targets) out.add(t);
    for (const d of r.dependsOn) out.add(d);
    edges.set(r.baseAddress, out);
  }
  return edges;
}

/** True when `from` depends on `to`, directly or through other resources. */
export function dependsOn(edges: ReadonlyMap<string, ReadonlySet<string>>, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    for (const next of edges.get(queue.pop()!) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}
