/*
 * Generated plans for the policy engine's bench: the resources of the default config's
 * environment stacks (one plan per cloud), copied until the plan holds the requested number,
 * each copy renamed so its references point at its own copy. Shaped as `terraform show -json`
 * writes it: resource_changes with after / after_unknown, and configuration expressions with
 * the references.
 */
import { Json } from "../policies/model";
import { referencesByPath } from "../policies/references";

export interface TemplateResource {
  readonly type: string;
  readonly name: string;
  readonly body: Json;
}

const TERRAFORM_KEYS = new Set(["//", "lifecycle", "depends_on", "provider"]);

/** The managed resources of a synthesized stack, without Terraform's own keys. */
export function templateOf(stack: Json): TemplateResource[] {
  const out: TemplateResource[] = [];
  for (const [type, byName] of Object.entries((stack["resource"] ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [name, body] of Object.entries(byName)) out.push({ type, name, body: Object.fromEntries(Object.entries(body).filter(([k]) => !TERRAFORM_KEYS.has(k))) });
  }
  return out;
}

/**
 * Copy `n` of a value. Every resource name of the template gets the copy's suffix, so copies are
 * as distinct as real resources (cloud names are unique). A value holding a reference
 * (`${aws_kms_key.k.arn}`) is what a first apply decides: left out of `after` and marked in
 * `after_unknown`, as Terraform writes a plan that creates everything.
 */
function copyOf(value: unknown, n: number, names: RegExp | undefined): { after: unknown; unknown: unknown } {
  if (typeof value === "string") {
    if (value.includes("${")) return { after: undefined, unknown: true };
    return { after: names ? value.replace(names, (name) => `${name}-c${n}`) : value, unknown: false };
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => copyOf(v, n, names));
    return { after: items.map((i) => i.after ?? null), unknown: items.some((i) => i.unknown !== false) ? items.map((i) => i.unknown) : false };
  }
  if (value && typeof value === "object") {
    const after: Json = {};
    const unknown: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      const c = copyOf(v, n, names);
      if (c.after !== undefined) after[k] = c.after;
      if (c.unknown !== false) unknown[k] = c.unknown;
    }
    return { after, unknown: Object.keys(unknown).length > 0 ? unknown : false };
  }
  return { after: value, unknown: false };
}

/** A provider block of cdk.tf.json as plan configuration expressions (constants, blocks as lists). */
function providerExpressions(config: Json): Json {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, Array.isArray(v) && v.every((i) => i && typeof i === "object") ? (v as Json[]).map(providerExpressions) : { constant_value: v }]),
  );
}

/**
 * Literal names the template's resources give themselves, as one alternation (longest first);
 * values the providers are configured with (a key ring named like its project) stay as they are.
 */
function namesPattern(template: readonly TemplateResource[], providers: Json): RegExp | undefined {
  const ambient = new Set(JSON.stringify(providers).match(/"[^"]*"/g)?.map((q) => q.slice(1, -1)) ?? []);
  const names = [...new Set(template.map((t) => t.body[t.type === "aws_s3_bucket" ? "bucket" : "name"]).filter((v): v is string => typeof v === "string" && !v.includes("${") && v.length >= 8 && !ambient.has(v)))];
  if (names.length === 0) return undefined;
  const escaped = names.sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`(?<![A-Za-z0-9_.-])(?:${escaped.join("|")})(?![A-Za-z0-9_.-])`, "g");
}

/** A plan of exactly `size` resources made of copies of `template`, under the stack's providers (`providers`: cdk.tf.json's `provider` block). */
export function generatePlan(template: readonly TemplateResource[], size: number, providers: Json = {}): Json {
  const changes: Json[] = [];
  const configured: Json[] = [];
  const names = namesPattern(template, providers);
  for (let i = 0; i < size; i++) {
    const t = template[i % template.length]!;
    const n = Math.floor(i / template.length);
    const name = `${t.name}_${n}`;
    const address = `${t.type}.${name}`;
    const copy = copyOf(t.body, n, names);
    const afterUnknown = { ...((copy.unknown || {}) as Json), id: true };
    changes.push({ address, mode: "managed", type: t.type, name, change: { actions: ["create"], before: null, after: copy.after, after_unknown: afterUnknown } });
    const expressions: Json = {};
    for (const [path, targets] of referencesByPath(t.body)) {
      expressions[path.split(".")[0]!] = { references: targets.map((target) => `${target.replace(/^(data\.)?([^.]+)\.([^.]+)$/, (_m, d: string | undefined, type: string, nm: string) => `${d ?? ""}${type}.${nm}_${n}`)}`) };
    }
    configured.push({ address, mode: "managed", type: t.type, name, expressions });
  }
  const providerConfig = Object.fromEntries(Object.entries(providers as Record<string, Json[]>).map(([p, list]) => [p, { name: p, expressions: providerExpressions(list[0] ?? {}) }]));
  return { format_version: "1.2", terraform_version: "1.9.8", resource_changes: changes, configuration: { provider_config: providerConfig, root_module: { resources: configured } } };
}
