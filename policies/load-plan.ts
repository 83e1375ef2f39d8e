import { Cloud, Json, PlanAction, Resource, StackModel, UNKNOWN, baseAddressOf, cloudOfType, compareText } from "./model";
import { planExpressionReferences } from "./references";

/**
 * Reads the JSON of `terraform show -json plan.out` (format_version 1.x): resources from
 * `resource_changes` (with their actions, `before`, and `after` where `after_unknown` marks
 * what apply decides) and from every level of `planned_values.root_module.child_modules` for
 * anything without a change entry; references from the `configuration` section, module calls
 * included. A plan has no construct paths and does not record `prevent_destroy`.
 */

interface PlannedResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  values?: Json;
}

interface ResourceChange {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  change: { actions: PlanAction[]; before?: Json | null; after?: Json | null; after_unknown?: unknown };
}

interface PlannedModule {
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
}

interface ConfigModule {
  resources?: Array<{ address: string; expressions?: unknown; depends_on?: string[] }>;
  module_calls?: Record<string, { module?: ConfigModule }>;
}

/** Puts UNKNOWN wherever `unknown` (a plan's after_unknown tree) holds `true`. */
export function markUnknown(value: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(value) ? [...(value as unknown[])] : [];
    unknown.forEach((u, i) => (list[i] = markUnknown(list[i], u)));
    return list;
  }
  if (unknown && typeof unknown === "object") {
    const object: Json = value && typeof value === "object" && !Array.isArray(value) ? { ...(value as Json) } : {};
    for (const [key, u] of Object.entries(unknown as Json)) {
      if (u === false) continue;
      object[key] = markUnknown(object[key], u);
    }
    return object;
  }
  return value;
}

function plannedResources(module: PlannedModule | undefined): PlannedResource[] {
  if (!module) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(plannedResources)];
}

function configuredResources(module: ConfigModule | undefined, prefix: string): Array<{ address: string; expressions?: unknown; depends_on?: string[]; prefix: string }> {
  if (!module) return [];
  return [
    ...(module.resources ?? []).map((r) => ({ ...r, address: `${prefix}${r.address}`, prefix })),
    ...Object.entries(module.module_calls ?? {}).flatMap(([name, call]) => configuredResources(call.module, `${prefix}module.${name}.`)),
  ];
}

/** Turns a provider's configuration expressions into values where they are constants. */
function expressionValues(expressions: unknown): unknown {
  if (Array.isArray(expressions)) return expressions.map(expressionValues);
  if (!expressions || typeof expressions !== "object") return expressions;
  const e = expressions as Json;
  if ("constant_value" in e) return e["constant_value"];
  if ("references" in e) return UNKNOWN;
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, expressionValues(v)]));
}

const PROVIDER_NAMES = ["aws", "google", "azurerm"];

function environmentOf(resources: readonly Resource[]): string | undefined {
  for (const r of resources) {
    for (const key of ["tags_all", "tags", "effective_labels", "labels"]) {
      const value = (r.attributes[key] as Json | undefined)?.["environment"];
      if (typeof value === "string") return value;
    }
  }
  return undefined;
}

/** One plan as a stack of the resource model; `name` labels it in findings (the file name by default). */
export function stackFromPlan(name: string, file: string, plan: Json): StackModel {
  const configuration = (plan["configuration"] ?? {}) as { root_module?: ConfigModule; provider_config?: Record<string, { name?: string; expressions?: unknown }> };
  const configured = new Map(configuredResources(configuration.root_module, "").map((r) => [r.address, r]));
  const changes = ((plan["resource_changes"] ?? []) as ResourceChange[]).filter((c) => c.mode === "managed" || c.mode === "data");
  const seen = new Set<string>();
  const resources: Resource[] = [];
  const build = (address: string, mode: "managed" | "data", type: string, resourceName: string, attributes: Json, extra: Partial<Resource>): Resource => {
    const base = baseAddressOf(address);
    const config = configured.get(base);
    const modulePrefix = config?.prefix ?? "";
    return {
      stack: name,
      address,
      baseAddress: base,
      type,
      name: resourceName,
      mode,
      attributes,
      references: planExpressionReferences(config?.expressions, modulePrefix),
      dependsOn: (config?.depends_on ?? []).map((d) => `${modulePrefix}${d}`),
      ...extra,
    };
  };
  for (const c of changes) {
    seen.add(c.address);
    const actions = c.change.actions;
    const deleting = actions.length === 1 && actions[0] === "delete";
    const after = deleting ? (c.change.before ?? {}) : (markUnknown(c.change.after ?? {}, c.change.after_unknown) as Json);
    resources.push(
      build(c.address, c.mode, c.type, c.name, after, {
        actions,
        ...(c.change.before ? { before: c.change.before } : {}),
        ...(actions.includes("delete") && actions.includes("create") ? { replace: true } : {}),
      }),
    );
  }
  const planned = (plan["planned_values"] as { root_module?: PlannedModule } | undefined)?.root_module;
  for (const r of plannedResources(planned)) {
    if (seen.has(r.address)) continue;
    resources.push(build(r.address, r.mode, r.type, r.name, r.values ?? {}, {}));
  }
  resources.sort((a, b) => compareText(a.address, b.address));
  const providers: Record<string, Json[]> = {};
  for (const [key, p] of Object.entries(configuration.provider_config ?? {})) {
    const providerName = p.name ?? key.split(".")[0]!;
    (providers[providerName] ??= []).push((expressionValues(p.expressions ?? {}) ?? {}) as Json);
  }
  const cloud: Cloud | undefined =
    ({ aws: "aws", google: "gcp", azurerm: "azure" } as const)[PROVIDER_NAMES.find((p) => p in providers) as "aws" | "google" | "azurerm"] ??
    resources.map((r) => cloudOfType(r.type)).find((c) => c !== undefined);
  const environment = environmentOf(resources);
  return { name, source: "plan", file, providers, resources, ...(cloud ? { cloud } : {}), ...(environment ? { environment } : {}) };
}
