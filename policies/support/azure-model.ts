import { Json, Resource, isExpression, isUnknown, valuesAt } from "../model";
import { Problems, RuleContext, UNKNOWN_VALUE, valueOf } from "../rule";
import { planCase } from "./plan-cases";

/**
 * Small readers over azurerm resources that several Azure rules share: tags, the storage
 * account a companion belongs to, its containers and their immutability policies, network
 * exposure, ISO 8601 durations and the plan fragments the rules' own test cases are written in.
 */

/** The literal tags of a resource; UNKNOWN_VALUE when the whole map is an expression or unknown. */
export function tagsOf(resource: Resource): Json | typeof UNKNOWN_VALUE | undefined {
  const tags = valuesAt(resource.attributes, "tags")[0];
  if (tags === undefined || tags === null) return undefined;
  if (isUnknown(tags) || isExpression(tags) || typeof tags !== "object") return UNKNOWN_VALUE;
  return tags as Json;
}

/** The `purpose` tag the blueprint puts on storage accounts (`logs`, `state`). */
export function purposeOf(resource: Resource): string | undefined {
  const tags = tagsOf(resource);
  if (!tags || tags === UNKNOWN_VALUE) return undefined;
  const purpose = tags["purpose"];
  return typeof purpose === "string" ? purpose : undefined;
}

/** The value as written, expressions kept (`${...}`), UNKNOWN for plan unknowns, undefined when absent. */
export function rawValueOf(resource: Resource, path: string): unknown {
  return valuesAt(resource.attributes, path)[0];
}

/** JSON text of a value for messages: `"Allow"`, `false`, `"absent"`. */
export function show(value: unknown): string {
  if (value === UNKNOWN_VALUE) return "unknown";
  return JSON.stringify(value ?? "absent");
}

/**
 * Resources of `type` that name `target` at one of `paths`: azurerm 4.x companions refer to
 * an account by `storage_account_id`; older configurations by `storage_account_name`.
 */
export function companions(context: RuleContext, target: Resource, type: string, paths: readonly string[]): Resource[] {
  const found: Resource[] = [];
  for (const path of paths) for (const r of context.referencing(target, type, path)) if (!found.includes(r)) found.push(r);
  return found;
}

/** The containers of a storage account. */
export function containersOf(context: RuleContext, account: Resource): Resource[] {
  return companions(context, account, "azurerm_storage_container", ["storage_account_id", "storage_account_name"]);
}

/** The container-level immutability policies of a container. */
export function immutabilityPoliciesOf(context: RuleContext, container: Resource): Resource[] {
  return companions(context, container, "azurerm_storage_container_immutability_policy", ["storage_container_resource_manager_id"]);
}

/** How an endpoint is reachable from the internet, as a firewall-style resource describes it. */
export type Exposure =
  | { readonly kind: "private" }
  | { readonly kind: "unknown"; readonly what: string }
  | { readonly kind: "open"; readonly message: string }
  /** Public endpoint on, default deny, a few IP ranges allowed: the blueprint's public network switch. */
  | { readonly kind: "allow-listed"; readonly message: string };

/**
 * Reads `public_network_access_enabled` (azurerm default true for storage accounts, Key Vaults
 * and registries: internal/services/*\/..._resource.go at v4.55.0) and the firewall block at
 * `aclPath` (`network_rules`, `network_acls`), whose `default_action` decides what an address
 * outside `ip_rules` gets. A missing firewall block leaves Azure's default, Allow.
 */
/** Reports an exposure: open is an error, the deployers' allow-list the public network switch (a relaxation). */
export function reportExposure(problems: Problems, exposure: Exposure): void {
  if (exposure.kind === "unknown") problems.unknown(exposure.what);
  else if (exposure.kind === "open") problems.error(exposure.message);
  else if (exposure.kind === "allow-listed") problems.relaxed(exposure.message);
}

export function exposureOf(resource: Resource, aclPath: string, acl: Resource | undefined = undefined): Exposure {
  const enabled = valueOf(resource, "public_network_access_enabled");
  if (enabled === false) return { kind: "private" };
  if (enabled === UNKNOWN_VALUE) return { kind: "unknown", what: "public_network_access_enabled" };
  const source = acl ?? resource;
  const prefix = acl ? "" : `${aclPath}.`;
  const block = acl ? acl.attributes : valuesAt(resource.attributes, aclPath)[0];
  const state = enabled === undefined ? "public_network_access_enabled is absent (default true)" : "public_network_access_enabled is true";
  if (block === undefined || block === null || (Array.isArray(block) && block.length === 0)) {
    return { kind: "open", message: `${state} and there is no ${aclPath} block, so every network is allowed` };
  }
  const action = valueOf(source, `${prefix}default_action`);
  if (action === UNKNOWN_VALUE) return { kind: "unknown", what: `${aclPath}.default_action` };
  if (action !== "Deny") return { kind: "open", message: `${state} and ${aclPath}.default_action is ${show(action)}, not "Deny"` };
  const ranges = valuesAt(source.attributes, `${prefix}ip_rules`).filter((v) => v !== null && v !== undefined);
  if (ranges.some((v) => isUnknown(v) || isExpression(v))) return { kind: "unknown", what: `${aclPath}.ip_rules` };
  if (ranges.length === 0) return { kind: "private" };
  return {
    kind: "allow-listed",
    message: `public network switch: ${state}, default_action "Deny", ip_rules ${JSON.stringify(ranges)} reach the public endpoint (the deployers' allowedIpRanges)`,
  };
}

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/**
 * Days in an ISO 8601 duration of years, months, weeks and days (`P90D`, `P1Y`, `P3M`), what
 * Key Vault rotation policies take; a year counts 365 days, a month 30. Undefined when the text
 * is not such a duration (time parts, `P`, a number).
 */
export function isoDurationDays(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = ISO_DURATION.exec(text);
  if (!m || text === "P") return undefined;
  const [, y, mo, w, d] = m.map((part) => Number(part ?? 0));
  return y! * 365 + mo! * 30 + w! * 7 + d!;
}

/** One resource of a hand-written plan: its values after apply, what apply decides, and its references. */
export interface PlannedCase {
  readonly type: string;
  readonly name: string;
  readonly after: Json;
  readonly unknown?: Json;
  /** Attribute path (dotted) → referenced expressions (`azurerm_key_vault.v.id`). */
  readonly references?: Readonly<Record<string, readonly string[]>>;
}

/** A `terraform show -json` document creating `resources`, with their references in `configuration`. */
export function planOf(resources: readonly PlannedCase[]): Json {
  return planCase(
    resources.map((r) => ({ type: r.type, name: r.name, after: r.after, ...(r.unknown ? { afterUnknown: r.unknown } : {}), ...(r.references ? { references: r.references } : {}) })),
    "azurerm",
  );
}
