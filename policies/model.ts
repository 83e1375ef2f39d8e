/**
 * The one resource model every rule reads, whichever input produced it: a synthesized
 * `cdk.tf.json` or the JSON of `terraform show -json plan.out`. Rules never see the input's own
 * shape, so a rule written against synthesized stacks also holds a real plan to account.
 */

/** A JSON object as parsed from either input. */
export type Json = { [key: string]: unknown };

import { Cloud } from "../constructs/shared/retention-tier";

export { Cloud, CLOUDS } from "../constructs/shared/retention-tier";

/**
 * Stands for a value Terraform learns only during apply (a plan's `after_unknown`) or an
 * expression synth cannot evaluate (`${var.x}`, `${jsonencode(...)}`). It is never equal to any
 * literal a rule compares with, and `isUnknown` tells a rule to say "cannot verify" rather than
 * "compliant" or "missing". Serialised as `{"$unknown": true}` in the conftest export.
 */
export const UNKNOWN: Readonly<{ $unknown: true }> = Object.freeze({ $unknown: true as const });

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN || (typeof value === "object" && value !== null && (value as Json)["$unknown"] === true);
}

/** What a plan will do to a resource (`resource_changes[].change.actions`). */
export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface Resource {
  /** Stack (synth) or plan name the resource belongs to. */
  readonly stack: string;
  /** Terraform address, `type.name`, with `module.x.` prefixes and `[index]` suffixes where the input has them. */
  readonly address: string;
  /** Address without instance keys, as references name it: `module.m.aws_s3_bucket.logs`. */
  readonly baseAddress: string;
  readonly type: string;
  readonly name: string;
  readonly mode: "managed" | "data";
  /** Attribute values; unknown-until-apply leaves are UNKNOWN. Blocks keep the input's shape (object or list). */
  readonly attributes: Json;
  /**
   * Resources this one refers to, per attribute path (dotted, list indexes dropped, e.g.
   * `rule.apply_server_side_encryption_by_default.kms_master_key_id`): base addresses, in order.
   */
  readonly references: ReadonlyMap<string, readonly string[]>;
  /** Explicit `depends_on` targets (base addresses). */
  readonly dependsOn: readonly string[];
  /** `lifecycle.prevent_destroy` where the input says (synth only; a plan does not record it). */
  readonly preventDestroy?: boolean;
  /** The cdktf construct path (`aws-prod/supply-chain/keys/logs/Resource`), where known. */
  readonly constructPath?: string;
  /** Plan only: what apply will do, and the attributes before it. */
  readonly actions?: readonly PlanAction[];
  readonly before?: Json;
  /** Plan only: the change is a replacement (delete + create in either order). */
  readonly replace?: boolean;
}

export interface StackModel {
  readonly name: string;
  readonly source: "synth" | "plan";
  /** File the stack was read from, relative to where the engine was pointed. */
  readonly file: string;
  /** Cloud of the stack's providers; undefined when it has none of the three. */
  readonly cloud?: Cloud;
  /**
   * The `environment` tag or label the stack's resources carry (`prod`, `dev`, `shared` for
   * the state backend and cost allocation). Presence rules (a budget, an audit trail) apply to
   * environment stacks only: anything but `shared` or absent.
   */
  readonly environment?: string;
  /** Provider configurations by provider name (`aws`, `google`, `azurerm`), as the input gives them. */
  readonly providers: Readonly<Record<string, readonly Json[]>>;
  readonly resources: readonly Resource[];
}

export interface ResourceModel {
  readonly stacks: readonly StackModel[];
}

const CLOUD_PREFIXES: ReadonlyArray<readonly [string, Cloud]> = [
  ["aws_", "aws"],
  ["google_", "gcp"],
  ["azurerm_", "azure"],
];

/** The cloud a resource type belongs to (`aws_s3_bucket` → aws); undefined for time_*, helm_… */
export function cloudOfType(type: string): Cloud | undefined {
  return CLOUD_PREFIXES.find(([prefix]) => type.startsWith(prefix))?.[1];
}

/** The base address of a possibly indexed address: `a.b[0]` → `a.b`, `module.m["k"].a.b` → `module.m.a.b`. */
export function baseAddressOf(address: string): string {
  return address.replace(/\[[^\]]*\]/g, "");
}

/**
 * The values at a dotted path, stepping through lists at every level (cdktf renders a single
 * block as an object, a plan as a one-item list; repeated blocks are lists in both). A path
 * through a missing key yields nothing; an unknown value on the way yields UNKNOWN.
 */
export function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const key of path === "" ? [] : path.split(".")) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (isUnknown(item)) next.push(UNKNOWN);
        else if (item && typeof item === "object" && key in (item as Json)) next.push((item as Json)[key]);
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) && path !== "" ? v : [v]));
}

/** True when `text` holds a Terraform expression (`${...}`), whose value synth cannot know. */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Code-unit order: unlike localeCompare it is the same on every machine and locale, so output order is too. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
