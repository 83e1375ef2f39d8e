import { Json, Resource, valuesAt } from "../../model";
import { Problems, RuleContext, UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";
import { RESOURCE_POLICY_TYPES, asList, isAllow, isPublicPrincipal, limitingConditions, forEachStatement, principalsOf } from "../../support/aws-iam";

/**
 * Global condition keys that tie a `*` principal to one account, organisation, calling resource
 * or network path (IAM User Guide, "AWS global condition context keys"; the confused-deputy
 * examples use aws:SourceArn / aws:SourceAccount). `aws:SecureTransport`, `aws:SourceIp` and the
 * like do not: anyone can meet them.
 */
const LIMITING_KEYS = [
  "aws:SourceArn",
  "aws:SourceAccount",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:SourceVpce",
];

/** An ARN condition value whose account field is a wildcard (`arn:aws:iam::*:role/x`) names no account. */
function anyAccountArn(value: string): boolean {
  const parts = value.split(":");
  return parts[0] === "arn" && parts.length >= 5 && /[*?]/.test(parts[4]!);
}

function limitedToKnownParties(statement: Json): boolean {
  return limitingConditions(statement, LIMITING_KEYS).some((c) => !/arn$/i.test(c.key) || !c.values.some(anyAccountArn));
}

/** Canned ACLs that grant the AllUsers or AuthenticatedUsers group (S3 User Guide, "Canned ACL"). */
const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEES = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

function checkPolicy(resource: Resource, problems: Problems): boolean {
  const documents = forEachStatement(resource, problems, (statement, where) => {
    if (!isAllow(statement) || !principalsOf(statement).some(isPublicPrincipal) || limitedToKnownParties(statement)) return;
    const actions = asList(statement["Action"] ?? statement["NotAction"]);
    problems.error(
      `${where} allows Principal "*" (${actions.join(", ")}) with no condition limiting it to an account, organisation or source (such as aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceAccount, aws:SourceVpce)`,
    );
  });
  return documents > 0;
}

function checkLambdaPermission(permission: Resource, problems: Problems): void {
  const principal = valueOf(permission, "principal");
  if (principal === UNKNOWN_VALUE) problems.unknown("principal");
  else if (principal === "*") {
    const bound = ["principal_org_id", "source_account", "source_arn"].some((p) => valueOf(permission, p) !== undefined);
    if (!bound) problems.error('principal is "*" with no principal_org_id, source_account or source_arn: anyone may invoke the function');
  }
  const urlAuth = valueOf(permission, "function_url_auth_type");
  if (urlAuth === "NONE") problems.error('function_url_auth_type is "NONE": the function URL is open to the internet');
}

function checkBucketAcl(acl: Resource, problems: Problems): void {
  const canned = valueOf(acl, "acl");
  if (canned === UNKNOWN_VALUE) problems.unknown("acl");
  else if (typeof canned === "string" && PUBLIC_CANNED_ACLS.includes(canned)) problems.error(`acl is "${canned}", a canned ACL that grants everyone`);
  for (const uri of valuesAt(acl.attributes, "access_control_policy.grant.grantee.uri")) {
    if (typeof uri === "string" && PUBLIC_GRANTEES.includes(uri)) problems.error(`access_control_policy grants ${uri.split("/").pop()} (${uri})`);
  }
}

export const rule = resourceRule({
  control: "NO-PUBLIC-PRINCIPAL",
  cloud: "aws",
  title: "Resource policies, function permissions and bucket ACLs grant no one on the internet",
  severity: "error",
  appliesTo: [...RESOURCE_POLICY_TYPES, "aws_secretsmanager_secret", "aws_lambda_permission", "aws_s3_bucket_acl"],
  mappings: {
    checkov: ["CKV_AWS_70", "CKV_AWS_33", "CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_32", "CKV_AWS_301", "CKV_AWS_20", "CKV_AWS_57"],
    nist80053: ["AC-3", "AC-6", "AC-21", "SC-7"],
  },
  rationale:
    "An Allow to Principal `*` without a condition naming an account, organisation or source gives every AWS account, and for S3 every anonymous caller, the listed actions: models, logs and secrets become readable or writable from the internet.",
  fix: "Name the principals (roles, accounts, service principals), or keep `*` only with a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceAccount or aws:SourceVpce. For aws_lambda_permission set a specific principal and source_arn; for buckets use BucketOwnerEnforced ownership with no ACL (BucketBaseline does).",
  check(resource: Resource, context: RuleContext) {
    const problems = context.problems();
    if (resource.type === "aws_lambda_permission") checkLambdaPermission(resource, problems);
    else if (resource.type === "aws_s3_bucket_acl") checkBucketAcl(resource, problems);
    else if (!checkPolicy(resource, problems)) return { status: "not-applicable", reason: "no policy document" };
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a bucket policy: deny * and allow * only inside the organisation",
        stack: {
          resource: {
            aws_s3_bucket_policy: {
              p: {
                bucket: "b",
                policy: JSON.stringify({
                  Statement: [
                    { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    { Sid: "Org", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } },
                    { Sid: "Trail", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" },
                  ],
                }),
              },
            },
          },
        },
      },
      { name: "a function permission for one service and source", stack: { resource: { aws_lambda_permission: { p: { function_name: "f", action: "lambda:InvokeFunction", principal: "events.amazonaws.com", source_arn: "arn:aws:events:eu-west-1:111122223333:rule/r" } } } } },
      { name: "a private bucket ACL", stack: { resource: { aws_s3_bucket_acl: { a: { bucket: "b", acl: "private" } } } } },
    ],
    noncompliance: [
      {
        name: "a queue policy open to everyone",
        stack: { resource: { aws_sqs_queue_policy: { p: { queue_url: "q", policy: JSON.stringify({ Statement: [{ Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" }] }) } } } },
        expect: 'policy statement "Anyone" allows Principal "*" (sqs:SendMessage) with no condition',
      },
      {
        name: "conditions that limit nothing: IfExists, a negation, and an ARN of any account",
        stack: {
          resource: {
            aws_kms_key: {
              k: {
                policy: JSON.stringify({
                  Statement: [
                    { Sid: "Vpce", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } } },
                    { Sid: "NotAccount", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } } },
                    { Sid: "AnyAccountRole", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ci" } } },
                  ],
                }),
              },
            },
          },
        },
        expect: 'statement "AnyAccountRole" allows Principal "*"',
      },
      {
        name: "a model package group policy that lets every account read the catalogue",
        stack: {
          resource: {
            aws_sagemaker_model_package_group_policy: {
              p: {
                model_package_group_name: "acme-ai-prod-fraud-scoring",
                resource_policy: JSON.stringify({ Statement: [{ Sid: "AnyoneDescribes", Effect: "Allow", Principal: { AWS: "*" }, Action: "sagemaker:DescribeModelPackage", Resource: "arn:aws:sagemaker:eu-west-1:222222222222:model-package/acme-ai-prod-fraud-scoring/*" }] }),
              },
            },
          },
        },
        expect: 'resource_policy statement "AnyoneDescribes" allows Principal "*" (sagemaker:DescribeModelPackage) with no condition',
      },
      { name: "a function anyone may invoke", stack: { resource: { aws_lambda_permission: { p: { function_name: "f", action: "lambda:InvokeFunction", principal: "*" } } } }, expect: 'principal is "*" with no principal_org_id' },
      { name: "a public-read bucket ACL", stack: { resource: { aws_s3_bucket_acl: { a: { bucket: "b", acl: "public-read" } } } }, expect: 'acl is "public-read"' },
      {
        name: "an ACL grant to AllUsers",
        stack: { resource: { aws_s3_bucket_acl: { a: { bucket: "b", access_control_policy: { grant: [{ permission: "READ", grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" } }], owner: { id: "o" } } } } } },
        expect: "access_control_policy grants AllUsers",
      },
      {
        name: "a plan whose repository policy lets anyone pull",
        plan: {
          format_version: "1.2",
          resource_changes: [
            {
              address: "aws_ecr_repository_policy.p",
              mode: "managed",
              type: "aws_ecr_repository_policy",
              name: "p",
              change: { actions: ["create"], before: null, after: { repository: "models", policy: JSON.stringify({ Statement: [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: ["*"] }, Action: ["ecr:BatchGetImage"] }] }) }, after_unknown: {} },
            },
          ],
        },
        expect: 'statement "Pull" allows Principal "*" (ecr:BatchGetImage)',
      },
    ],
  },
});
