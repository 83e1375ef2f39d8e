import { Resource, isExpression, isUnknown, valuesAt } from "../../model";
import { Problems, RuleContext, resourceRule } from "../../rule";

/**
 * AWS managed policies that amount to an owner role: AdministratorAccess (`*` on `*`),
 * PowerUserAccess (everything but IAM and Organizations, enough to run and exfiltrate anything)
 * and IAMFullAccess (can grant itself anything). Matched in any partition
 * (`arn:aws-us-gov:iam::aws:policy/...`); other AWS managed policies are out of scope here.
 */
const PRIMITIVE_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
const PRIMITIVE_NAMES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

/** The attribute holding the attached policy ARNs, per resource type (aws provider 6.25). */
const ARN_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role: "managed_policy_arns",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
  aws_iam_user_policy_attachments_exclusive: "policy_arns",
  aws_iam_group_policy_attachments_exclusive: "policy_arns",
};

/** A reference to `data.aws_iam_policy` looks the policy up by name or ARN: read those. */
function referencedPrimitive(resource: Resource, path: string, context: RuleContext): string | undefined {
  for (const target of context.referenced(resource, path)) {
    if (target.type !== "aws_iam_policy" || target.mode !== "data") continue;
    const arn = valuesAt(target.attributes, "arn")[0];
    const name = valuesAt(target.attributes, "name")[0];
    if (typeof arn === "string" && PRIMITIVE_POLICY.test(arn)) return arn;
    if (typeof name === "string" && PRIMITIVE_NAMES.includes(name)) return `${target.address} (${name})`;
  }
  return undefined;
}

/**
 * A reference to a customer-managed `aws_iam_policy` attaches a policy written for the task
 * (the IAM rules read its document); a looked-up `data.aws_iam_policy` of the stack was read
 * above. Anything else (a variable, a data source outside the stack) is known only after apply.
 */
function refersToKnownPolicy(resource: Resource, path: string, context: RuleContext): boolean {
  const targets = resource.references.get(path) ?? [];
  return targets.length > 0 && targets.every((t) => /(^|\.)aws_iam_policy\./.test(t) && (!t.startsWith("data.") || context.referenced(resource, path).some((r) => r.baseAddress === t)));
}

function checkArns(resource: Resource, path: string, context: RuleContext, problems: Problems): void {
  const values = valuesAt(resource.attributes, path);
  const viaData = referencedPrimitive(resource, path, context);
  if (viaData) problems.error(`${path} attaches ${viaData}`);
  for (const value of values) {
    if (typeof value === "string" && PRIMITIVE_POLICY.test(value)) problems.error(`${path} attaches ${value}`);
    else if ((isUnknown(value) || isExpression(value)) && !refersToKnownPolicy(resource, path, context)) problems.unknown(path);
  }
}

export const rule = resourceRule({
  control: "NO-PRIMITIVE-ROLES",
  cloud: "aws",
  title: "No role, user or group holds AdministratorAccess, PowerUserAccess or IAMFullAccess",
  severity: "error",
  appliesTo: Object.keys(ARN_ATTRIBUTE),
  mappings: { checkov: ["CKV_AWS_274"], cis: ["AWS Foundations 3.0 1.16"], nist80053: ["AC-6", "AC-6(5)", "AC-2(7)"] },
  rationale:
    "These AWS managed policies grant (nearly) every action on every resource, or the power to grant it: whoever holds the role can read every model and secret, delete the evidence and disable the trail. Least privilege needs policies written for the task.",
  fix: "Attach a customer-managed policy listing the actions and resources the principal needs; break-glass administration goes through a separate, MFA-protected role outside the stacks.",
  check(resource, context) {
    const path = ARN_ATTRIBUTE[resource.type]!;
    const problems = context.problems();
    checkArns(resource, path, context, problems);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "a role with a customer-managed and a narrow AWS managed policy", stack: { resource: { aws_iam_role_policy_attachment: { a: { role: "r", policy_arn: "${aws_iam_policy.read.arn}" }, b: { role: "r", policy_arn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess" } } } } },
      { name: "a role without managed policies", stack: { resource: { aws_iam_role: { r: { assume_role_policy: "{}" } } } } },
    ],
    noncompliance: [
      { name: "AdministratorAccess on a role", stack: { resource: { aws_iam_role_policy_attachment: { a: { role: "r", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" } } } }, expect: "policy_arn attaches arn:aws:iam::aws:policy/AdministratorAccess" },
      { name: "PowerUserAccess in a role's managed_policy_arns", stack: { resource: { aws_iam_role: { r: { assume_role_policy: "{}", managed_policy_arns: ["arn:aws:iam::aws:policy/PowerUserAccess"] } } } }, expect: "managed_policy_arns attaches arn:aws:iam::aws:policy/PowerUserAccess" },
      {
        name: "IAMFullAccess looked up through a data source",
        stack: { data: { aws_iam_policy: { iam: { name: "IAMFullAccess" } } }, resource: { aws_iam_group_policy_attachment: { a: { group: "g", policy_arn: "${data.aws_iam_policy.iam.arn}" } } } },
        expect: "policy_arn attaches data.aws_iam_policy.iam (IAMFullAccess)",
      },
      {
        name: "a plan whose exclusive attachments include AdministratorAccess in GovCloud",
        plan: {
          format_version: "1.2",
          resource_changes: [
            {
              address: "aws_iam_role_policy_attachments_exclusive.r",
              mode: "managed",
              type: "aws_iam_role_policy_attachments_exclusive",
              name: "r",
              change: { actions: ["create"], before: null, after: { role_name: "r", policy_arns: ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"] }, after_unknown: {} },
            },
          ],
        },
        expect: "policy_arns attaches arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
      },
    ],
  },
});
