import { Json, Resource } from "../../model";
import { Problems, RuleContext, resourceRule } from "../../rule";
import { IDENTITY_POLICY_TYPES, RESOURCE_POLICY_TYPES, asList, isAllow, forEachStatement, principalsOf, wholeServiceAction } from "../../support/aws-iam";

/**
 * `arn:aws:iam::111122223333:root` (any partition) or the bare account id: the account itself.
 * AWS's default key policy gives it `kms:*` so that IAM policies of the account can grant use of
 * the key at all (KMS Developer Guide, "Default key policy": "Allows access to the AWS account
 * and enables IAM policies"); without it a key can become unmanageable.
 */
const ACCOUNT_ROOT = /^(?:arn:aws[a-z-]*:iam::(\d{12}|\$\{[^}]+\}):root|(\d{12}))$/;

/** The stack's own accounts, where the provider pins them (`allowed_account_ids`). */
function stackAccounts(context: RuleContext): string[] {
  return (context.stack.providers["aws"] ?? []).flatMap((p) => asList(p["allowed_account_ids"]));
}

/** The key-policy statement that delegates the key to its own account, exactly as AWS's default key policy writes it. */
function isRootDelegation(resource: Resource, statement: Json, context: RuleContext): boolean {
  if (resource.type !== "aws_kms_key" || statement["Condition"] !== undefined) return false;
  const principals = principalsOf(statement);
  if (principals.length === 0 || !principals.every((p) => p.kind === "AWS")) return false;
  const accounts = stackAccounts(context);
  const ownAccount = (value: string): boolean => {
    const match = ACCOUNT_ROOT.exec(value);
    if (!match) return false;
    const account = match[1] ?? match[2]!;
    return account.startsWith("${") || accounts.length === 0 || accounts.includes(account);
  };
  return principals.every((p) => ownAccount(p.value)) && asList(statement["Action"]).every((a) => a.toLowerCase() === "kms:*");
}

function checkStatement(resource: Resource, statement: Json, where: string, context: RuleContext, problems: Problems): void {
  if (!isAllow(statement)) return;
  if (statement["NotAction"] !== undefined) {
    problems.error(`${where} uses NotAction in an Allow: it grants every action except ${JSON.stringify(asList(statement["NotAction"]))}`);
  }
  const actions = asList(statement["Action"]);
  if (actions.some((a) => a.includes("${"))) problems.unknown(`the Action of ${where}`);
  const whole = actions.filter(wholeServiceAction);
  if (whole.length > 0 && !isRootDelegation(resource, statement, context)) {
    problems.error(`${where} allows ${whole.map((a) => JSON.stringify(a)).join(", ")}: every action of ${whole.map((a) => (a.includes(":") && a !== "*:*" ? a.split(":")[0] : "every service")).join(", ")}; name the actions`);
  }
}

export const rule = resourceRule({
  control: "IAM-NO-WILDCARD-ACTION",
  cloud: "aws",
  title: "Allow statements name their actions, never `*` or a whole service",
  severity: "error",
  appliesTo: [...IDENTITY_POLICY_TYPES, ...RESOURCE_POLICY_TYPES],
  mappings: { checkov: ["CKV_AWS_62", "CKV_AWS_63"], cis: ["AWS Foundations 3.0 1.16"], nist80053: ["AC-6", "AC-6(1)"] },
  rationale:
    "`*` or `s3:*` grants every action the service has today and every one it adds later, including the ones that change policies, delete data or disable logging; a stolen credential or a confused workload then holds far more than its task needs. NotAction in an Allow does the same by exclusion.",
  fix: "List the actions the principal needs (a prefix such as kms:Get* is acceptable); replace NotAction with Action. Key policies keep AWS's account-root delegation (KmsKey writes it) and name the administrator's actions explicitly.",
  check(resource, context) {
    const problems = context.problems();
    const documents = forEachStatement(resource, problems, (statement, where) => checkStatement(resource, statement, where, context, problems));
    if (documents === 0) return { status: "not-applicable", reason: resource.type === "aws_iam_role" ? "the role has no inline policy" : "no policy document" };
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a role policy naming its actions (a prefix wildcard included)",
        stack: { resource: { aws_iam_role_policy: { p: { role: "r", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "kms:Describe*"], Resource: "arn:aws:s3:::b/*" }] }) } } } },
      },
      {
        name: "AWS's default key policy: the own account's root holds kms:*, a deny may name s3:*",
        stack: {
          provider: { aws: [{ allowed_account_ids: ["111122223333"] }] },
          resource: {
            aws_kms_key: {
              k: {
                policy: JSON.stringify({
                  Version: "2012-10-17",
                  Statement: [
                    { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" },
                    { Sid: "NoTampering", Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
                  ],
                }),
              },
            },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "Action * in an identity policy",
        stack: { resource: { aws_iam_policy: { p: { policy: JSON.stringify({ Statement: [{ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }] }) } } } },
        expect: 'policy statement "Admin" allows "*"',
      },
      {
        name: "a whole service in a role's inline policy",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: "{}", inline_policy: [{ name: "s3", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: "arn:aws:s3:::b" }] }) }] } } } },
        expect: 'inline_policy "s3" statement 1 allows "s3:*": every action of s3',
      },
      {
        name: "NotAction in an Allow",
        stack: { resource: { aws_iam_user_policy: { p: { user: "u", policy: JSON.stringify({ Statement: [{ Sid: "AllButIam", Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }) } } } },
        expect: 'uses NotAction in an Allow: it grants every action except ["iam:*"]',
      },
      {
        name: "kms:* delegated to another account's root is no default key policy",
        stack: {
          provider: { aws: [{ allowed_account_ids: ["111122223333"] }] },
          resource: { aws_kms_key: { k: { policy: JSON.stringify({ Statement: [{ Sid: "Other", Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "kms:*", Resource: "*" }] }) } } },
        },
        expect: 'statement "Other" allows "kms:*"',
      },
      {
        name: "a plan whose bucket policy grants s3:* to a role",
        plan: {
          format_version: "1.2",
          resource_changes: [
            {
              address: "aws_s3_bucket_policy.b",
              mode: "managed",
              type: "aws_s3_bucket_policy",
              name: "b",
              change: { actions: ["create"], before: null, after: { bucket: "b", policy: JSON.stringify({ Statement: [{ Sid: "Ops", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/ops" }, Action: "s3:*", Resource: "arn:aws:s3:::b/*" }] }) }, after_unknown: {} },
            },
          ],
        },
        expect: 'statement "Ops" allows "s3:*"',
      },
      {
        name: "a policy rendered from a data source is known only after apply",
        stack: { resource: { aws_iam_policy: { p: { policy: "${data.aws_iam_policy_document.p.json}" } } } },
        expect: "policy is known only after apply",
        severity: "warning",
      },
    ],
  },
});
