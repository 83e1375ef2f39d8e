import { Resource, isExpression, isUnknown, valuesAt } from "../model";
import { RuleContext, UNKNOWN_VALUE, policyDocument } from "../rule";

/**
 * The grants of Google IAM resources, whichever of the three shapes the provider offers:
 * `*_iam_member` (one role, one member), `*_iam_binding` (one role, `members`) and `*_iam_policy`
 * (`policy_data`, a JSON policy, usually `data.google_iam_policy.x.policy_data`).
 */

export type IamShape = "member" | "binding" | "policy";

/** One role granted to some members. Members stay as written: `${...}` expressions compare textually. */
export interface IamGrant {
  /** The role, or UNKNOWN_VALUE when apply decides it. */
  readonly role: string | typeof UNKNOWN_VALUE;
  /** Members known at synth or plan time (literals and expressions). */
  readonly members: readonly string[];
  /** True when some member is a plan unknown, so `members` may be incomplete. */
  readonly membersUnknown: boolean;
}

/** The IAM shape of a resource type, from its suffix; undefined for anything else (`_iam_audit_config`, `_iam_custom_role`). */
export function iamShapeOf(type: string): IamShape | undefined {
  if (!type.startsWith("google_")) return undefined;
  if (type.endsWith("_iam_member")) return "member";
  if (type.endsWith("_iam_binding")) return "binding";
  if (type.endsWith("_iam_policy")) return "policy";
  return undefined;
}

function roleOf(value: unknown): string | typeof UNKNOWN_VALUE {
  return typeof value === "string" && !isExpression(value) ? value : UNKNOWN_VALUE;
}

function membersOf(values: readonly unknown[]): { members: string[]; membersUnknown: boolean } {
  const members = values.filter((m): m is string => typeof m === "string");
  return { members, membersUnknown: values.some((m) => isUnknown(m)) };
}

function grantsOfPolicyJson(document: Record<string, unknown>): IamGrant[] {
  const bindings = Array.isArray(document["bindings"]) ? (document["bindings"] as Array<Record<string, unknown>>) : [];
  return bindings.map((b) => ({ role: roleOf(b["role"]), ...membersOf(Array.isArray(b["members"]) ? (b["members"] as unknown[]) : []) }));
}

/**
 * The grants a Google IAM resource makes; UNKNOWN_VALUE when its policy is known only at apply
 * (an expression that does not lead to a `data.google_iam_policy` of the stack), [] for a type
 * that is not an IAM member, binding or policy.
 */
export function grantsOf(resource: Resource, context: RuleContext): readonly IamGrant[] | typeof UNKNOWN_VALUE {
  const shape = iamShapeOf(resource.type);
  if (shape === "member") {
    return [{ role: roleOf(valuesAt(resource.attributes, "role")[0]), ...membersOf(valuesAt(resource.attributes, "member")) }];
  }
  if (shape === "binding") {
    const raw = valuesAt(resource.attributes, "members");
    return [{ role: roleOf(valuesAt(resource.attributes, "role")[0]), ...membersOf(raw) }];
  }
  if (shape !== "policy") return [];
  const document = policyDocument(resource, "policy_data");
  if (document !== undefined && document !== UNKNOWN_VALUE) return grantsOfPolicyJson(document);
  // The usual shape: policy_data = data.google_iam_policy.x.policy_data, whose binding blocks hold the grants.
  const sources = context.referenced(resource, "policy_data").filter((r) => r.mode === "data" && r.type === "google_iam_policy");
  if (sources.length === 0) return UNKNOWN_VALUE;
  return sources.flatMap((source) =>
    valuesAt(source.attributes, "binding").map((b) => {
      const block = (b ?? {}) as Record<string, unknown>;
      return { role: roleOf(block["role"]), ...membersOf(Array.isArray(block["members"]) ? (block["members"] as unknown[]) : []) };
    }),
  );
}

/** `allUsers` and `allAuthenticatedUsers`: anyone on the internet, with or without a Google account. */
export const PUBLIC_MEMBERS: readonly string[] = ["allUsers", "allAuthenticatedUsers"];
