import { Json } from "../model";

/**
 * Builds the `terraform show -json` documents the rules' Compliance and Noncompliance cases are
 * written in: each resource created, with its values after apply, what apply decides, and the
 * references the plan's `configuration` section records for it.
 */
export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  /** `change.after`. */
  readonly after: Json;
  /** `change.after_unknown`. */
  readonly afterUnknown?: Json;
  /** Attribute path (dotted) → referenced expressions (`azurerm_key_vault.v.id`). */
  readonly references?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The configuration expression tree for `references`. Nested blocks are lists of objects of
 * expressions, and Terraform lists both the attribute and its resource (`x.y.id`, `x.y`).
 */
function expressionsOf(references: Readonly<Record<string, readonly string[]>>): Json {
  const root: Json = {};
  for (const [path, refs] of Object.entries(references)) {
    const keys = path.split(".");
    let node = root;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = { references: [...new Set([...refs, ...refs.map((r) => r.split(".").slice(0, 2).join("."))])] };
        return;
      }
      const block = (node[key] ??= [{}]) as Json[];
      node = block[0]!;
    });
  }
  return root;
}

/** A plan creating `resources` under the provider `provider` configured with `expressions`. */
export function planCase(resources: readonly PlannedResource[], provider: string, expressions: Json = {}): Json {
  return {
    format_version: "1.2",
    resource_changes: resources.map((r) => ({
      address: `${r.type}.${r.name}`,
      mode: "managed",
      type: r.type,
      name: r.name,
      change: { actions: ["create"], before: null, after: r.after, after_unknown: r.afterUnknown ?? {} },
    })),
    configuration: {
      provider_config: { [provider]: { name: provider, expressions } },
      root_module: { resources: resources.map((r) => ({ address: `${r.type}.${r.name}`, mode: "managed", type: r.type, name: r.name, expressions: expressionsOf(r.references ?? {}) })) },
    },
  };
}
