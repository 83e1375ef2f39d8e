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

/** `${aws_kms_key.k.arn}` in copy `n` becomes a known value, as a plan shows it after the first apply. */
function resolveCopy(value: unknown, n: number): unknown {
  if (typeof value === "string") return value.replace(/\$\{([^}]*)\}/g, (_m, inner: string) => `known-${inner.replace(/[^A-Za-z0-9]+/g, "-")}-${n}`);
  if (Array.isArray(value)) return value.map((v) => resolveCopy(v, n));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, resolveCopy(v, n)]));
  return value;
}

/** A plan of exactly `size` resources made of copies of `template`. */
export function generatePlan(template: readonly TemplateResource[], size: number): Json {
  const changes: Json[] = [];
  const configured: Json[] = [];
  for (let i = 0; i < size; i++) {
    const t = template[i % template.length]!;
    const n = Math.floor(i / template.length);
    const name = `${t.name}_${n}`;
    const address = `${t.type}.${name}`;
    changes.push({ address, mode: "managed", type: t.type, name, provider_name: "registry.terraform.io/hashicorp/x", change: { actions: ["create"], before: null, after: resolveCopy(t.body, n), after_unknown: { id: true } } });
    const expressions: Json = {};
    for (const [path, targets] of referencesByPath(t.body)) {
      expressions[path.split(".")[0]!] = { references: targets.map((target) => `${target.replace(/^(data\.)?([^.]+)\.([^.]+)$/, (_m, d: string | undefined, type: string, nm: string) => `${d ?? ""}${type}.${nm}_${n}`)}`) };
    }
    configured.push({ address, mode: "managed", type: t.type, name, expressions });
  }
  return { format_version: "1.2", terraform_version: "1.9.8", resource_changes: changes, configuration: { root_module: { resources: configured } } };
}
