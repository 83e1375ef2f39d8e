import { Json, Resource, isExpression, isUnknown, valuesAt } from "../model";
import { Problems, RuleContext, UNKNOWN_VALUE, valueOf } from "../rule";

/**
 * What the AWS storage, key and logging rules share: how a bucket's companion resources are
 * found, what a bucket is for (its `purpose` tag), and whether a key attribute names a key the
 * stack itself manages.
 */

/** A value read from a resource: known, absent, or decided at apply (`UNKNOWN_VALUE`). */
export type Read<T> = T | undefined | typeof UNKNOWN_VALUE;

/**
 * The companions of `type` configuring `bucket` (`aws_s3_bucket_versioning`, ...): those whose
 * `bucket` refers to it, and, where a plan carries no `configuration` section (no references),
 * those whose `bucket` is the bucket's literal name. A synthesized literal name would be
 * REFERENCE-NOT-LITERAL's finding, but the companion still configures the bucket.
 */
export function companionsOf(bucket: Resource, type: string, context: RuleContext): Resource[] {
  const found = [...context.referencing(bucket, type, "bucket")];
  const name = valueOf(bucket, "bucket");
  if (typeof name === "string" && name !== "") {
    const byName = context.memo(`aws-storage:companions-by-name:${type}`, () => {
      const index = new Map<unknown, Resource[]>();
      for (const c of context.resourcesOf(type)) {
        const key = valueOf(c, "bucket");
        (index.get(key) ?? index.set(key, []).get(key)!).push(c);
      }
      return index;
    });
    for (const candidate of byName.get(name) ?? []) if (!found.includes(candidate)) found.push(candidate);
  }
  return found;
}

/** The bucket's `purpose` tag, from `tags` or (in a plan) `tags_all`. */
export function purposeOf(resource: Resource): Read<string> {
  for (const path of ["tags.purpose", "tags_all.purpose"]) {
    const value = valueOf(resource, path);
    if (value === UNKNOWN_VALUE) return UNKNOWN_VALUE;
    if (typeof value === "string") return value;
  }
  // A whole tag map that is an expression or unknown hides the purpose too.
  for (const path of ["tags", "tags_all"]) if (valueOf(resource, path) === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  return undefined;
}

/**
 * The purpose tag of the blueprint's S3 server access log target (AccessLogBucket). S3 accepts
 * such a target only without Object Lock and with SSE-S3 default encryption (Amazon S3 User
 * Guide, "Enabling Amazon S3 server access logging"), and a target logging into itself would log
 * its own deliveries forever: the rules that exempt it say so.
 */
export const ACCESS_LOG_PURPOSE = "access-logs";

/** The purpose tag of the blueprint's write-once evidence buckets (ImmutableLogBucket). */
export const EVIDENCE_PURPOSE = "logs";

/** JSON for messages: `"AES256"`, `false`, `"absent"`. */
export function shown(value: unknown): string {
  return JSON.stringify(value === undefined ? "absent" : value);
}

/** How a key attribute (`kms_key_id`, `kms_master_key_id`, ...) names its key. */
export type KeyReference =
  | { readonly kind: "stack"; readonly key: Resource }
  | { readonly kind: "lookup"; readonly address: string }
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "aws-managed"; readonly value: string }
  | { readonly kind: "unknown" }
  | { readonly kind: "absent" };

const STACK_KEY_TYPES = ["aws_kms_key", "aws_kms_alias"];

/**
 * Classifies the key at `path`: a reference to an aws_kms_key or aws_kms_alias of the stack
 * (what the CMK rule wants), a data-source lookup or a literal id (a key this stack does not
 * manage), an AWS managed key (`alias/aws/<service>`, whose policy the customer cannot change:
 * AWS KMS Developer Guide, "AWS managed keys"), unknown until apply, or absent. A plan's literal
 * ARN that equals the `arn`, `key_id` or alias `name` of a key in the same plan counts as the
 * stack's: plans without a `configuration` section carry values, not references.
 */
export function keyReference(resource: Resource, path: string, context: RuleContext): KeyReference {
  const referenced = context.referenced(resource, path);
  const key = referenced.find((r) => r.mode === "managed" && STACK_KEY_TYPES.includes(r.type));
  if (key) return { kind: "stack", key };
  const lookup = referenced.find((r) => r.mode === "data" && STACK_KEY_TYPES.includes(r.type));
  if (lookup) return { kind: "lookup", address: lookup.address };
  const raw = valuesAt(resource.attributes, path)[0];
  if (raw === undefined || raw === null || raw === "") return { kind: "absent" };
  if (isUnknown(raw) || isExpression(raw) || typeof raw !== "string") return { kind: "unknown" };
  if (/(^|:)alias\/aws\//.test(raw)) return { kind: "aws-managed", value: raw };
  const byValue = context.memo("aws-storage:keys-by-value", () => {
    const index = new Map<unknown, Resource>();
    for (const k of context.resourcesOf(...STACK_KEY_TYPES)) for (const attribute of ["arn", "key_id", "id", "name"]) if (!index.has(valueOf(k, attribute))) index.set(valueOf(k, attribute), k);
    return index;
  });
  const same = byValue.get(raw);
  return same ? { kind: "stack", key: same } : { kind: "literal", value: raw };
}

/**
 * Reports a key reference that is not a key of the stack: absent and AWS managed keys are
 * errors (`absentMeans` says what the service then uses), a lookup or literal id is a warning
 * (a customer key, maybe, but not one whose rotation and policy this stack's rules can see).
 */
export function reportKey(reference: KeyReference, attribute: string, absentMeans: string, problems: Problems): void {
  switch (reference.kind) {
    case "stack":
      return;
    case "absent":
      problems.error(`${attribute} is absent: ${absentMeans}, not a customer-managed key of the stack`);
      return;
    case "aws-managed":
      problems.error(`${attribute} is ${JSON.stringify(reference.value)}, an AWS managed key, not a customer-managed key of the stack`);
      return;
    case "lookup":
      problems.relaxed(`${attribute} refers to ${reference.address}, a key looked up, not a key this stack manages`);
      return;
    case "literal":
      problems.relaxed(`${attribute} is ${JSON.stringify(reference.value)}, not a key this stack manages`);
      return;
    case "unknown":
      problems.unknown(attribute);
      return;
  }
}

/** The items of a block at `path` (cdktf writes one block as an object, a plan as a list). */
export function blocksAt(resource: Resource, path: string): Json[] {
  return valuesAt(resource.attributes, path).filter((v): v is Json => typeof v === "object" && v !== null && !isUnknown(v));
}

/** True when some value on `path` is unknown until apply or an expression. */
export function unknownAt(resource: Resource, path: string): boolean {
  return valuesAt(resource.attributes, path).some((v) => isUnknown(v) || isExpression(v));
}
