import { Json, Resource } from "../../model";
import { Problems, resourceRule } from "../../rule";
import { conditionsOf } from "../../support/aws-iam";
import { checkRegistryBucket, coversAction, coversPrefix, deniesEveryone, registryPlan, registryStack } from "../../support/aws-registry";

/**
 * Under `approved/` sit the models production serves: only the promotion gate may write there,
 * and once written nobody may overwrite, delete, retag, or change the retention or legal hold
 * of an approved version, nor bypass a GOVERNANCE retention (Amazon S3 User Guide, "Object Lock
 * retention modes": s3:BypassGovernanceRetention). The registry's bucket policy says so with
 * Denies for every principal on `<bucket>/approved/*`, whose only allowed condition exempts at
 * most one principal, the gate role (`ArnNotEquals` or `StringNotEquals` on aws:PrincipalArn
 * with a single value without wildcards). A Deny with no exception at all (no gate yet) is
 * compliant: nobody can write there. A Deny conditioned on other keys (TLS, encryption) serves
 * another control and protects nothing here, so it neither counts nor is reported.
 */

/** What must be denied under approved/ to all but the gate. */
const PROTECTED_ACTIONS = [
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:PutObjectTagging",
  "s3:PutObjectVersionTagging",
  "s3:DeleteObjectTagging",
  "s3:DeleteObjectVersionTagging",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:BypassGovernanceRetention",
];

const EXCEPTION_OPERATORS = ["arnnotequals", "stringnotequals"];

/**
 * How a Deny under approved/ is conditioned: "none" (applies to all), "gate" (everyone but
 * one role), "other" (a Deny for another control, e.g. TLS, which protects nothing here), or
 * the problems of a principal exception that exempts more than one role.
 */
function exceptionOf(statement: Json): "none" | "gate" | "other" | string[] {
  const sid = typeof statement["Sid"] === "string" ? statement["Sid"] : "(no Sid)";
  const conditions = conditionsOf(statement);
  if (conditions.length === 0) return "none";
  if (!conditions.every((c) => c.key.toLowerCase() === "aws:principalarn")) return "other";
  const found: string[] = [];
  for (const c of conditions) {
    if (!EXCEPTION_OPERATORS.includes(c.operator.toLowerCase())) found.push(`${sid} exempts principals by ${c.operator} ${c.key}: only ArnNotEquals or StringNotEquals with the gate role's ARN`);
    else if (c.values.length !== 1) found.push(`${sid} exempts ${c.values.length} principals, not at most the gate role`);
    else if (/[*?]/.test(c.values[0]!)) found.push(`${sid} exempts ${JSON.stringify(c.values[0])}, a pattern, not one gate role`);
  }
  return found.length === 0 ? "gate" : found;
}

function checkApproved(bucket: Resource, statements: Json[], problems: Problems): void {
  const denies = statements.filter((s) => deniesEveryone(s) && coversPrefix(s, bucket, "approved/") && PROTECTED_ACTIONS.some((a) => coversAction(s, a)));
  const classified = denies.map((s) => ({ s, exception: exceptionOf(s) }));
  classified.forEach(({ exception }) => (Array.isArray(exception) ? exception.forEach((g) => problems.error(g)) : undefined));
  const sound = classified.filter(({ exception }) => exception === "none" || exception === "gate").map(({ s }) => s);
  const exempted = new Set(sound.flatMap((s) => conditionsOf(s).flatMap((c) => c.values)));
  if (exempted.size > 1) problems.error(`the approved/ Denies exempt ${exempted.size} different principals (${[...exempted].sort().join(", ")}), not one gate role`);
  const missing = PROTECTED_ACTIONS.filter((a) => !sound.some((s) => coversAction(s, a)));
  if (missing.length > 0) problems.error(`no Deny under approved/ for every principal but the gate of ${missing.join(", ")}`);
}

export const rule = resourceRule({
  control: "MODEL-APPROVAL-GATED",
  cloud: "aws",
  title: "Only the promotion gate changes approved models in a registry bucket",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { nist80053: ["CM-3", "CM-5", "SR-4", "SI-7"] },
  rationale: "Serving reads approved/: whoever can write, delete or unlock there can swap a production model for a poisoned one without passing the gate's signature, lineage and evaluation checks.",
  fix: "Create registry buckets with ModelRegistry (constructs/aws/model-registry.ts): a Deny for Principal \"*\" on <bucket>/approved/* of every write, delete, tag, retention and legal-hold change and s3:BypassGovernanceRetention, excepting at most the gate role (ArnNotEquals aws:PrincipalArn).",
  check(bucket, context) {
    return checkRegistryBucket(bucket, context, (statements, problems) => checkApproved(bucket, statements, problems));
  },
  tests: {
    compliance: [
      {
        name: "no gate yet: the Deny has no exception",
        stack: registryPolicy([{ Sid: "DenyApprovedChangesButGate", Effect: "Deny", Principal: "*", Action: PROTECTED_ACTIONS, Resource: "${aws_s3_bucket.r.arn}/approved/*" }]),
      },
      {
        name: "a plan: wildcard actions, one gate role excepted",
        plan: registryPolicy(
          [
            {
              Effect: "Deny",
              Principal: { AWS: "*" },
              Action: ["s3:Put*", "s3:Delete*", "s3:BypassGovernanceRetention"],
              Resource: "arn:aws:s3:::models/approved/*",
              Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/gate" } },
            },
          ],
          true,
        ),
      },
    ],
    noncompliance: [
      {
        name: "a registry bucket without a policy",
        stack: { resource: { aws_s3_bucket: { r: { bucket: "models", tags: { purpose: "model-registry" } } } } },
        expect: "no aws_s3_bucket_policy",
      },
      {
        name: "retention, legal hold and governance bypass not denied",
        stack: registryPolicy([{ Sid: "DenyApprovedWrites", Effect: "Deny", Principal: "*", Action: ["s3:PutObject", "s3:DeleteObject*", "s3:*ObjectTagging", "s3:*ObjectVersionTagging"], Resource: "${aws_s3_bucket.r.arn}/approved/*" }]),
        expect: "of s3:PutObjectRetention, s3:PutObjectLegalHold, s3:BypassGovernanceRetention",
      },
      {
        name: "two principals excepted",
        stack: registryPolicy([
          {
            Sid: "DenyApproved",
            Effect: "Deny",
            Principal: "*",
            Action: PROTECTED_ACTIONS,
            Resource: "${aws_s3_bucket.r.arn}/approved/*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/gate", "arn:aws:iam::111111111111:role/admin"] } },
          },
        ]),
        expect: "DenyApproved exempts 2 principals",
      },
      {
        name: "a role pattern excepted",
        stack: registryPolicy([
          { Sid: "DenyApproved", Effect: "Deny", Principal: "*", Action: PROTECTED_ACTIONS, Resource: "${aws_s3_bucket.r.arn}/approved/*", Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/*" } } },
        ]),
        expect: "DenyApproved exempts principals by ArnNotLike aws:PrincipalArn",
      },
      {
        name: "the Deny covers one model only",
        stack: registryPolicy([{ Sid: "DenyApproved", Effect: "Deny", Principal: "*", Action: PROTECTED_ACTIONS, Resource: "${aws_s3_bucket.r.arn}/approved/fraud/*" }]),
        expect: "no Deny under approved/ for every principal but the gate of s3:PutObject",
      },
      {
        name: "a plan whose registry (purpose from tags_all) only allows",
        plan: registryPolicy([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/gate" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::models/approved/*" }], true),
        expect: "no Deny under approved/",
      },
    ],
  },
});

/** A registry bucket `r` with a policy of `statements`, as a synthesized stack or as a plan. */
function registryPolicy(statements: Json[], plan = false): Json {
  return plan ? registryPlan(statements) : registryStack(statements);
}
