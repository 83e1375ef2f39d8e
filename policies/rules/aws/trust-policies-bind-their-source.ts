import { Json, valuesAt } from "../../model";
import { Problems, UNKNOWN_VALUE, resourceRule } from "../../rule";
import { ConditionEntry, conditionsOf, isAllow, isLimitingOperator, isPublicPrincipal, limitingConditions, parseDocument, principalsOf, statementLabel, statementsOf } from "../../support/aws-iam";
import { ciIssuerOf, looksLikeCiSubject, subjectRepository } from "../../support/ci-subjects";

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
 * True when the operator limits a single-valued claim: a limiting operator (support/aws-iam.ts)
 * without `ForAllValues:`, which "also returns true if there are no context keys in the request"
 * (IAM User Guide, "Single-valued vs. multivalued context keys": do not use set operators with
 * single-valued keys). `ForAnyValue:` behaves like the bare operator on one value, so its values
 * are read like any other.
 */
function limitsClaim(operator: string): boolean {
  return isLimitingOperator(operator) && !/^ForAllValues:/i.test(operator);
}

/** The claim's conditions that limit nothing, named for a finding: `StringNotLike, StringLikeIfExists`. */
function nonLimiting(statement: Json, claim: string): string {
  const operators = conditionsOf(statement).filter((c) => isClaim(c.key, claim) && !limitsClaim(c.operator)).map((c) => c.operator);
  const distinct = [...new Set(operators)];
  return distinct.length === 0 ? "" : ` that limits it (${distinct.join(", ")} ${distinct.length === 1 ? "limits" : "limit"} nothing)`;
}

/** One value of a sub condition: the repository it names, or why it is too broad. */
interface SubjectValue {
  readonly value: string;
  readonly repository?: string;
  readonly problem?: string;
}

/**
 * Reads one value of a sub condition. Any issuer: a `...Like` pattern of wildcards only matches
 * every identity. A CI issuer (GitHub, GitLab.com), or a value shaped like a CI subject (a
 * self-managed GitLab): the value must name one repository (support/ci-subjects.ts), so
 * `repo:*`, `repo:org/*`, `repo:org/app*` (also `org/app-fork`), `repo:org/ap?:*`,
 * `project_path:group/*` and a customised `repository_owner:org` are too broad, while a wildcard
 * after the repository (`repo:org/app:*`, `project_path:group/app:*`) stays inside it.
 */
function readSubject(condition: ConditionEntry, value: string, ciIssuer: boolean): SubjectValue {
  const wildcards = /Like$/i.test(condition.operator);
  if (wildcards && /^[*?]+$/.test(value)) return { value, problem: "it matches every identity of the issuer" };
  if (!ciIssuer && !looksLikeCiSubject(value)) return { value };
  const read = subjectRepository(value, wildcards);
  return "repository" in read ? { value, repository: read.repository } : { value, problem: read.problem };
}

/**
 * Checks one federated principal of an Allow statement; returns the repositories its sub
 * condition admits (none when it admits no CI repository, or when it is already reported).
 * Conditions of one statement are ANDed, the values of one condition ORed: the statement is bound
 * when at least one sub condition has only bound values.
 */
function checkFederated(where: string, federated: string, statement: Json, problems: Problems): string[] {
  const claims = claimKeys(federated);
  const limiting = conditionsOf(statement).filter((c) => limitsClaim(c.operator) && c.values.length > 0);
  if (!limiting.some((c) => isClaim(c.key, claims.audience))) problems.error(`${where} trusts ${federated} without a condition on ${claims.audience}${nonLimiting(statement, claims.audience)}`);
  if (claims.subject === undefined) return [];
  const subject = claims.subject;
  const subjects = limiting.filter((c) => isClaim(c.key, subject));
  if (subjects.length === 0) {
    problems.error(`${where} trusts ${federated} without a condition on ${subject}${nonLimiting(statement, subject)}: any identity of the issuer could assume the role`);
    return [];
  }
  // Only a sub claim carries a CI subject; Cognito's amr does not.
  const read = subjects.map((condition) => {
    const ciIssuer = /:sub$/i.test(condition.key) && (ciIssuerOf(federated) !== undefined || ciIssuerOf(condition.key.replace(/:sub$/i, "")) !== undefined);
    return { condition, values: condition.values.map((v) => readSubject(condition, v, ciIssuer)) };
  });
  const bound = read.find((r) => r.values.every((v) => v.problem === undefined));
  if (bound) return bound.values.flatMap((v) => (v.repository === undefined ? [] : [v.repository]));
  for (const { condition, values } of read) {
    for (const v of values.filter((x) => x.problem !== undefined)) {
      problems.error(`${where} lets ${condition.key} match ${JSON.stringify(v.value)} (${condition.operator}): ${v.problem}`);
    }
  }
  return [];
}

/** GitHub's OIDC provider in the cases' account. */
const GITHUB_PROVIDER = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

/** A CI trust policy for the cases: one Allow statement, aud sts.amazonaws.com, and sub under each operator given. */
function ciTrust(provider: string, issuer: string, subjects: Record<string, string[]>): string {
  const condition: Record<string, Record<string, string | string[]>> = { StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" } };
  for (const [operator, values] of Object.entries(subjects)) condition[operator] = { ...condition[operator], [`${issuer}:sub`]: values };
  return JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }] });
}

export const rule = resourceRule({
  control: "TRUST-HAS-SOURCE-CONDITION",
  cloud: "aws",
  title: "Role trust policies bind services and federated identities to their source",
  severity: "error",
  appliesTo: ["aws_iam_role"],
  mappings: { checkov: ["CKV_AWS_60", "CKV_AWS_393"], nist80053: ["AC-3", "AC-6", "IA-8", "IA-9"] },
  rationale:
    "A trust policy decides who can become the role. A service principal without aws:SourceAccount or aws:SourceArn lets another account's resource of that service use the role (confused deputy); an OIDC trust without aud and a sub bound to one repository (a wildcard in or before the repository, a set operator that passes an absent claim, or a template without the repository) lets other repositories or workloads of the issuer assume it; one role trusting two repositories hands one pipeline the other's permissions; `*` lets anyone.",
  fix: "For a Service principal add StringEquals aws:SourceAccount (or ArnLike aws:SourceArn) naming this account or resource. For an OIDC provider add StringEquals <issuer>:aud and a StringEquals (or StringLike with the wildcard after the repository's closing colon) <issuer>:sub naming one repository and its ref or environment: repo:org/app:environment:prod, repo:org/app:ref:refs/heads/*, project_path:group/app:ref_type:branch:ref:main. One role per repository. Never trust \"*\".",
  check(role, context) {
    const raw = valuesAt(role.attributes, "assume_role_policy")[0];
    const document = parseDocument(raw);
    if (document === undefined) return { status: "not-applicable", reason: "no assume_role_policy" };
    const problems = context.problems();
    if (document === UNKNOWN_VALUE) return problems.unknown("assume_role_policy").outcome();
    if (document === "invalid") return problems.error("assume_role_policy is not a JSON policy document").outcome();
    const repositories = new Map<string, string>();
    statementsOf(document).forEach((statement, index) => {
      if (!isAllow(statement)) return;
      const where = `assume_role_policy ${statementLabel(statement, index)}`;
      for (const principal of principalsOf(statement)) {
        if (isPublicPrincipal(principal)) problems.error(`${where} trusts Principal "*": anyone can assume the role`);
        else if (principal.kind === "Service" && !SERVICES_WITHOUT_SOURCE_KEYS.includes(principal.value) && limitingConditions(statement, SERVICE_SOURCE_KEYS).length === 0) {
          problems.error(`${where} trusts service ${principal.value} without an aws:SourceAccount or aws:SourceArn condition (confused deputy)`);
        } else if (principal.kind === "Federated") {
          // GitHub and GitLab compare owner, repository and project names case-insensitively.
          for (const repository of checkFederated(where, principal.value, statement, problems)) repositories.set(repository.toLowerCase(), repository);
        }
      }
    });
    if (repositories.size > 1) {
      problems.error(`assume_role_policy trusts ${repositories.size} repositories (${[...repositories.values()].join(", ")}): a CI role serves one repository, or a pipeline of one gets the permissions meant for the other`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a GitHub plan role for any branch and pull request of one repository, its provider a reference",
        stack: { resource: { aws_iam_role: { plan: { assume_role_policy: ciTrust("${aws_iam_openid_connect_provider.ci.arn}", "token.actions.githubusercontent.com", { StringLike: ["repo:acme/app:pull_request", "repo:acme/app:ref:refs/heads/*"] }) } } } },
      },
      {
        name: "a GitLab deploy role for one project's default branch, and a plan role for any of its branches",
        stack: {
          resource: {
            aws_iam_role: {
              deploy: { assume_role_policy: ciTrust("arn:aws:iam::111122223333:oidc-provider/gitlab.com", "gitlab.com", { StringEquals: ["project_path:acme/platform/app:ref_type:branch:ref:main"] }) },
              plan: { assume_role_policy: ciTrust("arn:aws:iam::111122223333:oidc-provider/gitlab.com", "gitlab.com", { StringLike: ["project_path:acme/platform/app:*"] }) },
            },
          },
        },
      },
      {
        name: "a broad StringLike ANDed with a StringEquals naming one repository, and a negated condition beside it",
        stack: {
          resource: {
            aws_iam_role: {
              ci: {
                assume_role_policy: JSON.stringify({
                  Statement: [
                    {
                      Effect: "Allow",
                      Principal: { Federated: GITHUB_PROVIDER },
                      Action: "sts:AssumeRoleWithWebIdentity",
                      Condition: {
                        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:prod" },
                        StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" },
                        StringNotLike: { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:*" },
                      },
                    },
                  ],
                }),
              },
            },
          },
        },
      },
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
        name: "a GitHub trust matching a repository prefix: repo:acme/app* also admits acme/app-fork",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust(GITHUB_PROVIDER, "token.actions.githubusercontent.com", { StringLike: ["repo:acme/app*"] }) } } } },
        expect: 'lets token.actions.githubusercontent.com:sub match "repo:acme/app*" (StringLike): the repository part "acme/app*" holds a wildcard, so it also matches other repositories such as acme/app-fork',
      },
      {
        name: "a GitHub trust with ? in the repository name",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust(GITHUB_PROVIDER, "token.actions.githubusercontent.com", { StringLike: ["repo:acme/ap?:environment:prod"] }) } } } },
        expect: 'the repository part "acme/ap?" holds a wildcard, so it also matches other repositories',
      },
      {
        name: "a GitHub trust with a wildcard before the repository",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust(GITHUB_PROVIDER, "token.actions.githubusercontent.com", { StringLike: ["*:environment:prod"] }) } } } },
        expect: 'match "*:environment:prod" (StringLike): names no repository',
      },
      {
        name: "a GitHub trust whose customised subject names only the owner",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust(GITHUB_PROVIDER, "token.actions.githubusercontent.com", { StringEquals: ["repository_owner:acme"] }) } } } },
        expect: 'match "repository_owner:acme" (StringEquals): names no repository',
      },
      {
        name: "a GitLab trust for every project",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust("arn:aws:iam::111122223333:oidc-provider/gitlab.com", "gitlab.com", { StringLike: ["project_path:*"] }) } } } },
        expect: 'lets gitlab.com:sub match "project_path:*" (StringLike): the repository part "*" holds a wildcard',
      },
      {
        name: "a GitLab trust for every project of a group",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust("arn:aws:iam::111122223333:oidc-provider/gitlab.com", "gitlab.com", { StringLike: ["project_path:acme/*:ref_type:branch:ref:main"] }) } } } },
        expect: 'the repository part "acme/*" holds a wildcard',
      },
      {
        name: "a self-managed GitLab trust with a wildcard inside the project path",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust("arn:aws:iam::111122223333:oidc-provider/gitlab.example.com", "gitlab.example.com", { StringLike: ["project_path:acme/*/app:*"] }) } } } },
        expect: 'the repository part "acme/*/app" holds a wildcard',
      },
      {
        name: "a ForAnyValue:StringLike whose second value admits every repository",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust(GITHUB_PROVIDER, "token.actions.githubusercontent.com", { "ForAnyValue:StringLike": ["repo:acme/app:environment:prod", "repo:*"] }) } } } },
        expect: 'match "repo:*" (ForAnyValue:StringLike)',
      },
      {
        name: "a sub bound only by ForAllValues:, which passes a token without the claim",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust(GITHUB_PROVIDER, "token.actions.githubusercontent.com", { "ForAllValues:StringEquals": ["repo:acme/app:environment:prod"] }) } } } },
        expect: "without a condition on token.actions.githubusercontent.com:sub that limits it (ForAllValues:StringEquals limits nothing)",
      },
      {
        name: "a sub bound only by StringLikeIfExists and StringNotEquals",
        stack: {
          resource: {
            aws_iam_role: {
              r: {
                assume_role_policy: JSON.stringify({
                  Statement: [
                    {
                      Effect: "Allow",
                      Principal: { Federated: GITHUB_PROVIDER },
                      Action: "sts:AssumeRoleWithWebIdentity",
                      Condition: {
                        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                        StringLikeIfExists: { "token.actions.githubusercontent.com:sub": "repo:acme/app:*" },
                        StringNotEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/other:environment:prod" },
                      },
                    },
                  ],
                }),
              },
            },
          },
        },
        expect: "that limits it (StringLikeIfExists, StringNotEquals limit nothing): any identity of the issuer could assume the role",
      },
      {
        name: "one role trusting two repositories",
        stack: { resource: { aws_iam_role: { r: { assume_role_policy: ciTrust(GITHUB_PROVIDER, "token.actions.githubusercontent.com", { StringEquals: ["repo:acme/app:environment:prod", "repo:acme/tools:environment:prod"] }) } } } },
        expect: "assume_role_policy trusts 2 repositories (acme/app, acme/tools): a CI role serves one repository",
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
