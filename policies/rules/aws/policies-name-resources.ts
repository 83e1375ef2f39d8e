import { isWildcardResourceAction } from "../../../constructs/aws/wildcard-resource-actions";
import { resourceRule } from "../../rule";
import { IDENTITY_POLICY_TYPES, asList, isAllow, forEachStatement } from "../../support/aws-iam";

/**
 * Identity policies only: in a resource policy (bucket, key, queue) `"Resource": "*"` means the
 * resource the policy is attached to (KMS Developer Guide, "Key policies": "the KMS key to which
 * the key policy is attached"), so it names exactly one resource.
 */
export const rule = resourceRule({
  control: "IAM-NO-WILDCARD-RESOURCE",
  cloud: "aws",
  title: "Identity policies name their resources, except for actions that have none",
  severity: "error",
  appliesTo: [...IDENTITY_POLICY_TYPES],
  mappings: { checkov: ["CKV_AWS_355"], nist80053: ["AC-6", "AC-3"] },
  rationale:
    "An Allow on `\"Resource\": \"*\"` reaches every bucket, key and queue of the account, the ones created later included: a function meant to read one model bucket could read them all. Only actions that act on no resource need `*`.",
  fix: "Name the ARNs (or an ARN pattern of one account and region) the statement needs. `*` is accepted only for the actions of constructs/aws/wildcard-resource-actions.ts, which support no resource types; replace NotResource with Resource.",
  check(resource, context) {
    const problems = context.problems();
    const documents = forEachStatement(resource, problems, (statement, where) => {
      if (!isAllow(statement)) return;
      if (statement["NotResource"] !== undefined) {
        problems.error(`${where} uses NotResource in an Allow: it grants every resource except ${JSON.stringify(asList(statement["NotResource"]))}`);
      }
      if (!asList(statement["Resource"]).includes("*")) return;
      const actions = [...asList(statement["Action"]), ...(statement["NotAction"] !== undefined ? ["(NotAction)"] : [])];
      const scoped = actions.filter((a) => !isWildcardResourceAction(a));
      if (scoped.length > 0) {
        problems.error(`${where} allows ${scoped.map((a) => JSON.stringify(a)).join(", ")} on Resource "*": these actions take resources, so name them`);
      }
    });
    if (documents === 0) return { status: "not-applicable", reason: resource.type === "aws_iam_role" ? "the role has no inline policy" : "no policy document" };
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "named resources, and * only for actions that have no resource",
        stack: {
          resource: {
            aws_iam_role_policy: {
              p: {
                role: "r",
                policy: JSON.stringify({
                  Statement: [
                    { Sid: "ReadModels", Effect: "Allow", Action: "s3:GetObject", Resource: "${aws_s3_bucket.models.arn}/*" },
                    { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
                    { Sid: "NoDeletes", Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" },
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
        name: "s3:GetObject on every resource",
        stack: { resource: { aws_iam_policy: { p: { policy: JSON.stringify({ Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "ecr:GetAuthorizationToken"], Resource: ["*"] }] }) } } } },
        expect: 'policy statement "Read" allows "s3:GetObject" on Resource "*"',
      },
      {
        name: "a prefix wildcard is not on the list even where its actions are",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: "{}", inline_policy: { name: "xray", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "xray:Put*", Resource: "*" }] }) } } } } },
        expect: 'inline_policy "xray" statement 1 allows "xray:Put*" on Resource "*"',
      },
      {
        name: "NotResource in an Allow",
        stack: { resource: { aws_iam_group_policy: { p: { group: "g", policy: JSON.stringify({ Statement: [{ Sid: "AllButLogs", Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::logs/*" }] }) } } } },
        expect: 'uses NotResource in an Allow: it grants every resource except ["arn:aws:s3:::logs/*"]',
      },
      {
        name: "a plan whose policy grants kms:Decrypt on *",
        plan: {
          format_version: "1.2",
          resource_changes: [
            {
              address: "aws_iam_policy.p",
              mode: "managed",
              type: "aws_iam_policy",
              name: "p",
              change: { actions: ["create"], before: null, after: { name: "p", policy: JSON.stringify({ Statement: [{ Sid: "Decrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }] }) }, after_unknown: {} },
            },
          ],
        },
        expect: 'allows "kms:Decrypt" on Resource "*"',
      },
    ],
  },
});
