import { Json, isExpression, isUnknown, valuesAt } from "../../model";
import { RuleContext, resourceRule, UNKNOWN_VALUE } from "../../rule";
import { ciIssuerOf, subjectRepository } from "../../support/ci-subjects";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { grantsOf } from "../../support/gcp-iam";
import { attributeMappingOf, attributeMeaning, conditionRepositories, poolMemberOf } from "../../support/gcp-workload-identity";

const WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser";
/**
 * Where roles/iam.workloadIdentityUser can be granted: on one service account, or on the project,
 * folder or organisation, where it lets the members impersonate every service account below.
 */
const IAM_TYPES = ["service_account", "project", "folder", "organization"].flatMap((level) => ["member", "binding", "policy"].map((shape) => `google_${level}_iam_${shape}`));
const PROVIDER = "google_iam_workload_identity_pool_provider";

/**
 * A workload identity pool provider admits every token its issuer signs unless its
 * `attribute_condition` (a CEL expression over `assertion`, `attribute` and `google`) narrows
 * it; for a public issuer such as GitHub Actions that is every repository on the internet
 * (cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines, "attribute
 * conditions"). A condition that reads no claim is constant, as good as none. Impersonation is
 * granted to `principalSet://.../workloadIdentityPools/<pool>/*` (every identity of the pool), to a
 * group, to one attribute value (`.../attribute.repository/<org>/<repo>`) or to one subject
 * (`principal://.../subject/<sub>`) (IAM docs, "Principal identifiers"); only the last two bind
 * the source, and an attribute only when the provider maps it from the repository claim.
 */
function conditionProblem(condition: unknown): string | undefined {
  if (condition === undefined || condition === null || String(condition).trim() === "") return "attribute_condition is absent: every token of the issuer is accepted";
  const text = String(condition).trim();
  if (!/\b(assertion|attribute|google)\./.test(text)) return `attribute_condition ${JSON.stringify(text)} reads no claim: it accepts every token or none`;
  return undefined;
}

/**
 * True for an OIDC provider whose tokens come from a CI system: GitHub's or GitLab.com's issuer,
 * or a condition or mapping that reads CI claims (a self-managed GitLab). Such a provider must pin
 * repositories; other OIDC issuers (a cluster) and AWS or SAML providers are held to a condition
 * that reads a claim.
 */
function isCiProvider(attributes: Json, text: string, mapping: Readonly<Record<string, string>> | undefined): boolean {
  if (valuesAt(attributes, "oidc").filter((b) => b !== null && typeof b === "object").length === 0) return false;
  const issuer = valuesAt(attributes, "oidc.issuer_uri")[0];
  if (typeof issuer === "string" && ciIssuerOf(issuer) !== undefined) return true;
  return /\bassertion\.(repository|repository_owner|project_path|namespace_path)\b|\b(repo|project_path):/.test(`${text} ${Object.values(mapping ?? {}).join(" ")}`);
}

/** The problem with one member granted roles/iam.workloadIdentityUser, or undefined when it names one repository or subject. */
function memberProblem(member: string, context: RuleContext): string | undefined {
  const set = poolMemberOf(member);
  if (set === undefined) return undefined;
  if (set.kind === "pool") return "every identity of the pool, whichever repository its token comes from";
  if (set.kind === "group") return `every identity of the pool's group ${JSON.stringify(set.group)}, not one repository`;
  const meaning = attributeMeaning(context, set.name);
  if (meaning === "repository") return undefined;
  if (meaning === "subject") {
    const read = subjectRepository(set.value, false);
    return "problem" in read ? `attribute.${set.name} holds the token subject, and ${JSON.stringify(set.value)} ${read.problem}` : undefined;
  }
  return `attribute.${set.name} is not mapped from the repository claim (assertion.repository or assertion.project_path), so the set ${JSON.stringify(set.value)} can span repositories`;
}

export const rule = resourceRule({
  control: "TRUST-HAS-SOURCE-CONDITION",
  cloud: "gcp",
  title: "Workload identity federation is bound to its source repository or workload",
  severity: "error",
  appliesTo: [PROVIDER, ...IAM_TYPES],
  mappings: { checkov: ["CKV_GCP_118", "CKV_GCP_125"], nist80053: ["AC-3", "IA-2", "IA-8", "IA-9"] },
  rationale:
    "Federation without a source condition lets any workload the issuer vouches for (any GitHub repository, any pipeline of the identity provider) impersonate the service account: the supply chain's deploy identity becomes anyone's. A CI provider's condition must name its repositories (an owner, a prefix or a pattern admits others, forks' owners included), and impersonation must be granted per repository, never to the whole pool, a group or an attribute that is not the repository.",
  fix: "Give the CI provider an attribute_condition that compares the repository with literals in every alternative (assertion.repository == \"org/repo\" or assertion.repository in [\"org/repo\", \"org/models\"]; GitLab assertion.project_path), and grant roles/iam.workloadIdentityUser to principalSet://.../attribute.repository/org/repo (attribute.repository mapped from assertion.repository) or principal://.../subject/<one subject>, never to the pool's /*.",
  check(resource, context) {
    const problems = context.problems();
    if (resource.type === PROVIDER) {
      const condition = valuesAt(resource.attributes, "attribute_condition")[0];
      if (isUnknown(condition) || isExpression(condition)) problems.unknown("attribute_condition");
      else {
        const problem = conditionProblem(condition);
        const text = String(condition).trim();
        const mapping = attributeMappingOf(resource.attributes);
        if (problem) problems.error(problem);
        else if (isCiProvider(resource.attributes, text, mapping)) {
          const read = conditionRepositories(text, mapping);
          if ("problem" in read) problems.error(`attribute_condition ${JSON.stringify(text)} does not bind the CI tokens to named repositories: ${read.problem}`);
        }
      }
      return problems.outcome();
    }
    const grants = grantsOf(resource, context);
    if (grants === UNKNOWN_VALUE) return problems.unknown("policy_data").outcome();
    const federated = grants.filter((g) => g.role === WORKLOAD_IDENTITY_USER);
    if (federated.length === 0) return { status: "not-applicable", reason: `grants no ${WORKLOAD_IDENTITY_USER}` };
    for (const member of federated.flatMap((g) => g.members)) {
      const problem = memberProblem(member, context);
      if (problem) problems.error(`grants ${WORKLOAD_IDENTITY_USER} to ${member}: ${problem}`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "GitHub provider bound to one repository",
        stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { workload_identity_pool_provider_id: "github", attribute_condition: 'assertion.repository == "acme/ai-supply-chain"' } } }),
      },
      {
        name: "GitHub provider for the infrastructure and model repositories, branches narrowed beside them",
        stack: gcpStack({
          google_iam_workload_identity_pool_provider: {
            gh: {
              workload_identity_pool_provider_id: "github",
              attribute_mapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository" },
              attribute_condition: "assertion.repository in ['acme/ai-supply-chain', 'acme/fraud-scoring-model'] && (assertion.ref == 'refs/heads/main' || assertion.event_name == 'pull_request')",
              oidc: [{ issuer_uri: "https://token.actions.githubusercontent.com" }],
            },
          },
        }),
      },
      {
        name: "GitLab provider whose alternatives each name a project, one through a mapped attribute",
        stack: gcpStack({
          google_iam_workload_identity_pool_provider: {
            gl: {
              workload_identity_pool_provider_id: "gitlab",
              attribute_mapping: { "google.subject": "assertion.sub", "attribute.project": "assertion.project_path" },
              attribute_condition: '(attribute.project == "acme/platform/app" && assertion.ref_protected == "true") || "acme/models" == assertion.project_path',
              oidc: [{ issuer_uri: "https://gitlab.com" }],
            },
          },
        }),
      },
      {
        name: "impersonation by one repository",
        stack: gcpStack({
          google_service_account_iam_member: { wif: { service_account_id: "sa", role: WORKLOAD_IDENTITY_USER, member: "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository/acme/ai-supply-chain" } },
        }),
      },
      {
        name: "impersonation by one environment's subject and by a repository of a referenced pool, on the account and the project",
        stack: gcpStack({
          google_iam_workload_identity_pool_provider: { gh: { attribute_mapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository" }, attribute_condition: 'assertion.repository == "acme/app"', oidc: [{ issuer_uri: "https://token.actions.githubusercontent.com" }] } },
          google_service_account_iam_binding: {
            deploy: { service_account_id: "sa", role: WORKLOAD_IDENTITY_USER, members: ["principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/subject/repo:acme/app:environment:prod"] },
          },
          google_project_iam_member: { plan: { project: "acme-ai-prod", role: WORKLOAD_IDENTITY_USER, member: "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}/attribute.repository/acme/app" } },
        }),
      },
    ],
    noncompliance: [
      { name: "provider without a condition", stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { workload_identity_pool_provider_id: "github" } } }), expect: "attribute_condition is absent" },
      { name: "provider with a constant condition", stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { attribute_condition: "true" } } }), expect: 'attribute_condition "true" reads no claim' },
      {
        name: "GitHub provider bound to the owner only",
        stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { attribute_condition: "assertion.repository_owner == 'acme'", oidc: [{ issuer_uri: "https://token.actions.githubusercontent.com" }] } } }),
        expect: `attribute_condition "assertion.repository_owner == 'acme'" does not bind the CI tokens to named repositories: an owner or group condition admits every repository of that owner or group`,
      },
      {
        name: "GitHub provider matching a repository prefix",
        stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { attribute_condition: 'assertion.repository.startsWith("acme/app")', oidc: [{ issuer_uri: "https://token.actions.githubusercontent.com" }] } } }),
        expect: "startsWith, endsWith, matches or contains over the repository also admits other repositories (acme/app admits acme/app-fork)",
      },
      {
        name: "GitHub provider matching a repository pattern",
        stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { attribute_condition: "assertion.repository.matches('^acme/.*$')", oidc: [{ issuer_uri: "https://token.actions.githubusercontent.com" }] } } }),
        expect: "startsWith, endsWith, matches or contains over the repository",
      },
      {
        name: "an alternative that drops the repository",
        stack: gcpStack({
          google_iam_workload_identity_pool_provider: { gh: { attribute_condition: 'assertion.repository == "acme/app" || assertion.ref == "refs/heads/main"', oidc: [{ issuer_uri: "https://token.actions.githubusercontent.com" }] } },
        }),
        expect: "no comparison of assertion.repository (GitLab: assertion.project_path) with literal values holds in every alternative",
      },
      {
        name: "a negated repository comparison",
        stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { attribute_condition: '!(assertion.repository == "acme/evil")', oidc: [{ issuer_uri: "https://token.actions.githubusercontent.com" }] } } }),
        expect: 'attribute_condition "!(assertion.repository == \\"acme/evil\\")" does not bind the CI tokens to named repositories',
      },
      {
        name: "a self-managed GitLab provider whose attribute.repository is mapped from the group",
        stack: gcpStack({
          google_iam_workload_identity_pool_provider: {
            gl: { attribute_mapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.namespace_path" }, attribute_condition: 'attribute.repository == "acme"', oidc: [{ issuer_uri: "https://gitlab.example.com" }] },
          },
        }),
        expect: "does not bind the CI tokens to named repositories: attribute.repository is mapped from assertion.namespace_path, not from the repository claim",
      },
      {
        name: "impersonation by the whole pool",
        stack: gcpStack({
          google_service_account_iam_binding: { wif: { service_account_id: "sa", role: WORKLOAD_IDENTITY_USER, members: ["principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/*"] } },
        }),
        expect: "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/*: every identity of the pool, whichever repository its token comes from",
      },
      {
        name: "project-wide impersonation by a referenced pool's every identity",
        stack: gcpStack({ google_project_iam_member: { wif: { project: "acme-ai-prod", role: WORKLOAD_IDENTITY_USER, member: "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}/*" } } }),
        expect: "/*: every identity of the pool",
      },
      {
        name: "impersonation by every repository of an owner",
        stack: gcpStack({
          google_iam_workload_identity_pool_provider: { gh: { attribute_mapping: { "google.subject": "assertion.sub", "attribute.repository_owner": "assertion.repository_owner" }, attribute_condition: 'assertion.repository == "acme/app"' } },
          google_service_account_iam_member: { wif: { service_account_id: "sa", role: WORKLOAD_IDENTITY_USER, member: "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository_owner/acme" } },
        }),
        expect: 'attribute.repository_owner is not mapped from the repository claim (assertion.repository or assertion.project_path), so the set "acme" can span repositories',
      },
      {
        name: "impersonation by a group of the pool",
        stack: gcpStack({ google_service_account_iam_member: { wif: { service_account_id: "sa", role: WORKLOAD_IDENTITY_USER, member: "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/group/deployers" } } }),
        expect: 'every identity of the pool\'s group "deployers", not one repository',
      },
      {
        name: "a plan that leaves the condition to apply",
        plan: gcpPlan([{ type: PROVIDER, name: "gh", after: { workload_identity_pool_provider_id: "github" }, afterUnknown: { attribute_condition: true } }]),
        expect: "attribute_condition is known only after apply",
        severity: "warning",
      },
    ],
  },
});
