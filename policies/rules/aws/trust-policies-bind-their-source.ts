import { Json, valuesAt } from "../../model";
import { Problems, UNKNOWN_VALUE, resourceRule } from "../../rule";
import { ConditionEntry, conditionsOf, isAllow, isLimitingOperator, isPublicPrincipal, limitingConditions, parseDocument, principalsOf, statementLabel, statementsOf } from "../../support/aws-iam";

/**
 * A service assuming a role on behalf of a caller must be bound to that caller, or any account's
 * resource of that service can make it act with the role (IAM User Guide, "The confused deputy
 * problem": use aws:SourceArn or aws:SourceAccount in the trust policy).
 */
const SERVICE_SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn"];

/**
 * Services that send neither key when they assume a role, so a condition would deny them:
 * CloudTrail assumes a role only to deliver to CloudWatch Logs, and its user guide says
 * "Confused deputy prevention is not applicable to the role policy for CloudWatch Logs
 * monitoring. The role policy doesn't support the use of aws:SourceArn and aws:SourceAccount"
 * ("Role policy document for CloudTrail to use CloudWatch Logs for monitoring"). Another
 * account cannot point its trail at such a role: that takes iam:PassRole, granted only here.
 */
const SERVICES_WITHOUT_SOURCE_KEYS: readonly string[] = ["cloudtrail.amazonaws.com"];

/**
 * The claim keys of a federated principal: `<issuer>:aud` / `<issuer>:sub` for an
 * `oidc-provider/<issuer>` ARN, `SAML:aud` for a SAML provider, aud / amr for Cognito identity
 * pools. A provider ARN that is a reference (`${aws_iam_openid_connect_provider.gh.arn}`) hides its
 * issuer, so any `...:aud` / `...:sub` key counts.
 */
function claimKeys(federated: string): { audience: string; subject: string | undefined } {
  if (federated.includes("${")) return { audience: "*:aud", subject: "*:sub" };
  const oidc = /:oidc-provider\/(.+)$/.exec(federated);
  if (oidc) return { audience: `${oidc[1]!}:aud`, subject: `${oidc[1]!}:sub` };
  if (/:saml-provider\//.test(federated)) return { audience: "SAML:aud", subject: undefined };
  if (federated === "cognito-identity.amazonaws.com") return { audience: `${federated}:aud`, subject: `${federated}:amr` };
  return { audience: `${federated}:aud`, subject: `${federated}:sub` };
}

/** Matches a condition key against a claim key, `*:aud` standing for any issuer's aud. */
function isClaim(key: string, claim: string): boolean {
  const k = key.toLowerCase();
  const c = claim.toLowerCase();
  return c.startsWith("*:") ? k.endsWith(c.slice(1)) : k === c;
}

/**
 * A subject pattern that matches any identity of the issuer (`*`), or any repository
 * (`repo:*`, `repo:org/*`): every workflow of a GitHub organisation, forks' owners included,
 * could then assume the role. A wildcard after the repository (`repo:org/app:*`) stays inside
 * one repository.
 */
function subjectTooBroad(condition: ConditionEntry, value: string): boolean {
  if (!/Like$/i.test(condition.operator)) return false;
  if (/^[*?]+$/.test(value)) return true;
  const repository = /^repo:([^:]*)/.exec(value);
  return repository !== null && /[*?]/.test(repository[1]!);
}

function checkFederated(where: string, federated: string, statement: Json, problems: Problems): void {
  const claims = claimKeys(federated);
  const limiting = conditionsOf(statement).filter((c) => isLimitingOperator(c.operator) && c.values.length > 0);
  if (!limiting.some((c) => isClaim(c.key, claims.audience))) problems.error(`${where} trusts ${federated} without a condition on ${claims.audience}`);
  if (claims.subject === undefined) return;
  const subjects = limiting.filter((c) => isClaim(c.key, claims.subject!));
  if (subjects.length === 0) {
    problems.error(`${where} trusts ${federated} without a condition on ${claims.subject}: any identity of the issuer could assume the role`);
    return;
  }
  for (const condition of subjects) {
    for (const value of condition.values.filter((v) => subjectTooBroad(condition, v))) {
      problems.error(`${where} lets ${condition.key} match ${JSON.stringify(value)}, which is not one repository or identity`);
    }
  }
}

export const rule = resourceRule({
  control: "TRUST-HAS-SOURCE-CONDITION",
  cloud: "aws",
  title: "Role trust policies bind services and federated identities to their source",
  severity: "error",
  appliesTo: ["aws_iam_role"],
  mappings: { checkov: ["CKV_AWS_60", "CKV_AWS_393"], nist80053: ["AC-3", "AC-6", "IA-8", "IA-9"] },
  rationale:
    "A trust policy decides who can become the role. A service principal without aws:SourceAccount or aws:SourceArn lets another account's resource of that service use the role (confused deputy); an OIDC trust without aud and a specific sub lets any repository or workload of the issuer assume it; `*` lets anyone.",
  fix: "For a Service principal add StringEquals aws:SourceAccount (or ArnLike aws:SourceArn) naming this account or resource. For an OIDC provider add StringEquals <issuer>:aud and a <issuer>:sub naming one repository and ref or environment (repo:org/app:ref:refs/heads/main). Never trust \"*\".",
  check(role, context) {
    const raw = valuesAt(role.attributes, "assume_role_policy")[0];
    const document = parseDocument(raw);
    if (document === undefined) return { status: "not-applicable", reason: "no assume_role_policy" };
    const problems = context.problems();
    if (document === UNKNOWN_VALUE) return problems.unknown("assume_role_policy").outcome();
    if (document === "invalid") return problems.error("assume_role_policy is not a JSON policy document").outcome();
    statementsOf(document).forEach((statement, index) => {
      if (!isAllow(statement)) return;
      const where = `assume_role_policy ${statementLabel(statement, index)}`;
      for (const principal of principalsOf(statement)) {
        if (isPublicPrincipal(principal)) problems.error(`${where} trusts Principal "*": anyone can assume the role`);
        else if (principal.kind === "Service" && !SERVICES_WITHOUT_SOURCE_KEYS.includes(principal.value) && limitingConditions(statement, SERVICE_SOURCE_KEYS).length === 0) {
          problems.error(`${where} trusts service ${principal.value} without an aws:SourceAccount or aws:SourceArn condition (confused deputy)`);
        } else if (principal.kind === "Federated") checkFederated(where, principal.value, statement, problems);
      }
    });
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "CloudTrail's CloudWatch Logs role, for which CloudTrail sends no source keys",
        stack: { resource: { aws_iam_role: { t: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } } } },
      },
      {
        name: "a Lambda role bound to its account, and a GitHub OIDC role bound to one repository and branch",
        stack: {
          resource: {
            aws_iam_role: {
              fn: {
                assume_role_policy: JSON.stringify({
                  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } }],
                }),
              },
              ci: {
                assume_role_policy: JSON.stringify({
                  Statement: [
                    {
                      Effect: "Allow",
                      Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
                      Action: "sts:AssumeRoleWithWebIdentity",
                      Condition: {
                        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/models:ref:refs/heads/main" },
                      },
                    },
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
        name: "a service principal without a source condition",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: JSON.stringify({ Statement: [{ Sid: "Lambda", Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] }, Action: "sts:AssumeRole" }] }) } } } },
        expect: 'statement "Lambda" trusts service lambda.amazonaws.com without an aws:SourceAccount or aws:SourceArn condition',
      },
      {
        name: "a GitHub OIDC trust for every repository of the organisation",
        stack: {
          resource: {
            aws_iam_role: {
              r: {
                assume_role_policy: JSON.stringify({
                  Statement: [
                    {
                      Sid: "Ci",
                      Effect: "Allow",
                      Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
                      Action: "sts:AssumeRoleWithWebIdentity",
                      Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" } },
                    },
                  ],
                }),
              },
            },
          },
        },
        expect: 'lets token.actions.githubusercontent.com:sub match "repo:acme/*"',
      },
      {
        name: "an OIDC trust without aud or sub",
        stack: {
          resource: {
            aws_iam_role: {
              r: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" }, Action: "sts:AssumeRoleWithWebIdentity" }] }) },
            },
          },
        },
        expect: "without a condition on oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub",
      },
      {
        name: "anyone may assume the role",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: JSON.stringify({ Statement: [{ Sid: "All", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }) } } } },
        expect: 'statement "All" trusts Principal "*"',
      },
      {
        name: "a plan whose role trusts ECS tasks of any account",
        plan: {
          format_version: "1.2",
          resource_changes: [
            {
              address: "aws_iam_role.task",
              mode: "managed",
              type: "aws_iam_role",
              name: "task",
              change: { actions: ["create"], before: null, after: { name: "task", assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }, after_unknown: { arn: true } },
            },
          ],
        },
        expect: "trusts service ecs-tasks.amazonaws.com without",
      },
    ],
  },
});
