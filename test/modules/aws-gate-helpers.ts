import { Json, resourcesOf } from "../helpers/synth";

/** `${type.id.attr}` → `type(<construct path below the module>).attr`, so expectations read as literals. */
export function readable(stack: Json, value: string): string {
  return value.replace(/\$\{((?:data\.)?[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_.[\]]+)\}/g, (_m, type: string, id: string, attr: string) => {
    const body = type.startsWith("data.")
      ? (stack["data"] as Record<string, Record<string, Json>> | undefined)?.[type.slice(5)]?.[id]
      : resourcesOf(stack, type)[id];
    const p = (body?.["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? id;
    return `${type}(${p.split("/").slice(2).join("/")}).${attr}`;
  });
}

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

/**
 * Every Allow the role holds, as `action on resource [if condition]` lines, sorted: its inline
 * policies, its managed attachments, and each key, bucket, queue or group policy of the stack
 * that names the role as a principal.
 */
export function permissionsOf(stack: Json, roleId: string): string[] {
  const roleRef = `\${aws_iam_role.${roleId}.arn}`;
  const lines: string[] = [];
  const add = (s: Statement, where: string) => {
    if (s.Effect !== "Allow") return;
    const condition = s.Condition === undefined ? "" : ` if ${readable(stack, JSON.stringify(s.Condition))}`;
    for (const a of list(s.Action)) for (const r of list(s.Resource)) lines.push(`${where}: ${a} on ${readable(stack, r)}${condition}`);
  };
  for (const p of Object.values(resourcesOf(stack, "aws_iam_role_policy"))) {
    if (p["role"] !== `\${aws_iam_role.${roleId}.id}`) continue;
    for (const s of (JSON.parse(p["policy"] as string) as { Statement: Statement[] }).Statement) add(s, "identity");
  }
  for (const a of Object.values(resourcesOf(stack, "aws_iam_role_policy_attachment"))) {
    if (a["role"] === `\${aws_iam_role.${roleId}.name}`) lines.push(`identity: managed policy ${String(a["policy_arn"])}`);
  }
  const resourcePolicies: Array<[string, string]> = [
    ["aws_kms_key", "policy"], ["aws_s3_bucket_policy", "policy"], ["aws_sqs_queue_policy", "policy"], ["aws_sagemaker_model_package_group_policy", "resource_policy"],
  ];
  for (const [type, attr] of resourcePolicies) {
    for (const [id, body] of Object.entries(resourcesOf(stack, type))) {
      const doc = body[attr];
      if (typeof doc !== "string") continue;
      for (const s of (JSON.parse(doc) as { Statement: Statement[] }).Statement) {
        const principal = JSON.stringify(s.Principal ?? "");
        if (principal.includes(roleRef)) add(s, `${type}(${readable(stack, `\${${type}.${id}.arn}`).replace(/^[a-z0-9_]+\((.*)\)\.arn$/, "$1")})`);
      }
    }
  }
  return lines.sort();
}
