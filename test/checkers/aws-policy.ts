import { Json } from "../helpers/synth";
import { Resource, resources } from "./check";

/** One statement of an IAM policy as the synthesized JSON holds it. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy attribute (a JSON string); a policy that is not JSON has none. */
export function statementsOf(policy: unknown): Statement[] {
  if (typeof policy !== "string") return [];
  try {
    const doc = JSON.parse(policy) as { Statement?: Statement | Statement[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return [];
  }
}

/** The bucket policies attached to `bucket` (by reference to its id or name). */
export function policiesOf(stack: Json, bucket: Resource): Resource[] {
  const refs = [`\${${bucket.address}.id}`, `\${${bucket.address}.bucket}`];
  return resources(stack, "aws_s3_bucket_policy").filter((p) => refs.includes(String(p.body["bucket"])));
}

/** The companion resources of `type` that configure `bucket` (by reference to its id or name). */
export function companionsOf(stack: Json, bucket: Resource, type: string): Resource[] {
  const refs = [`\${${bucket.address}.id}`, `\${${bucket.address}.bucket}`];
  return resources(stack, type).filter((c) => refs.includes(String(c.body["bucket"])));
}

/** How a statement names its principal, for messages. */
export function describePrincipal(principal: unknown): string {
  return JSON.stringify(principal ?? null);
}

/** True when the principal is everyone: `"*"` or `{ "AWS": "*" }`. */
export function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}
