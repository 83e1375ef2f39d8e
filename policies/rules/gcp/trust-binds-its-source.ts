import { isExpression, isUnknown, valuesAt } from "../../model";
import { resourceRule, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { grantsOf } from "../../support/gcp-iam";

const WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser";
const SA_IAM_TYPES = ["google_service_account_iam_member", "google_service_account_iam_binding", "google_service_account_iam_policy"];
const PROVIDER = "google_iam_workload_identity_pool_provider";

/**
 * A workload identity pool provider admits every token its issuer signs unless its
 * `attribute_condition` (a CEL expression over `assertion`, `attribute` and `google`) narrows
 * it; for a public issuer such as GitHub Actions that is every repository on the internet
 * (cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines, "attribute
 * conditions"). A condition that reads no claim is constant, as good as none. Impersonation is
 * granted to `principalSet://.../workloadIdentityPools/<pool>/*` (every identity of the pool) or to
 * one attribute value (`.../attribute.repository/<org>/<repo>`); only the latter binds the source.
 */
function conditionProblem(condition: unknown): string | undefined {
  if (condition === undefined || condition === null || String(condition).trim() === "") return "attribute_condition is absent: every token of the issuer is accepted";
  const text = String(condition).trim();
  if (!/\b(assertion|attribute|google)\./.test(text)) return `attribute_condition ${JSON.stringify(text)} reads no claim: it accepts every token or none`;
  return undefined;
}

export const rule = resourceRule({
  control: "TRUST-HAS-SOURCE-CONDITION",
  cloud: "gcp",
  title: "Workload identity federation is bound to its source repository or workload",
  severity: "error",
  appliesTo: [PROVIDER, ...SA_IAM_TYPES],
  mappings: { checkov: ["CKV_GCP_118", "CKV_GCP_125"], nist80053: ["AC-3", "IA-2", "IA-8", "IA-9"] },
  rationale: "Federation without a source condition lets any workload the issuer vouches for (any GitHub repository, any pipeline of the identity provider) impersonate the service account: the supply chain's deploy identity becomes anyone's.",
  fix: "Give the provider an attribute_condition on the source (assertion.repository == \"org/repo\", assertion.ref) and grant roles/iam.workloadIdentityUser to principalSet://.../attribute.repository/org/repo, never to the pool's /*.",
  check(resource, context) {
    const problems = context.problems();
    if (resource.type === PROVIDER) {
      const condition = valuesAt(resource.attributes, "attribute_condition")[0];
      if (isUnknown(condition) || isExpression(condition)) problems.unknown("attribute_condition");
      else {
        const problem = conditionProblem(condition);
        if (problem) problems.error(problem);
      }
      return problems.outcome();
    }
    const grants = grantsOf(resource, context);
    if (grants === UNKNOWN_VALUE) return problems.unknown("policy_data").outcome();
    const federated = grants.filter((g) => g.role === WORKLOAD_IDENTITY_USER);
    if (federated.length === 0) return { status: "not-applicable", reason: `grants no ${WORKLOAD_IDENTITY_USER}` };
    for (const member of federated.flatMap((g) => g.members)) {
      if (/^principalSet:\/\/.*\/workloadIdentityPools\/[^/]+\/\*$/.test(member)) problems.error(`grants ${WORKLOAD_IDENTITY_USER} to ${member}: every identity of the pool`);
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
        name: "impersonation by one repository",
        stack: gcpStack({
          google_service_account_iam_member: {
            wif: { service_account_id: "sa", role: WORKLOAD_IDENTITY_USER, member: "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository/acme/ai-supply-chain" },
          },
        }),
      },
    ],
    noncompliance: [
      { name: "provider without a condition", stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { workload_identity_pool_provider_id: "github" } } }), expect: "attribute_condition is absent" },
      { name: "provider with a constant condition", stack: gcpStack({ google_iam_workload_identity_pool_provider: { gh: { attribute_condition: "true" } } }), expect: 'attribute_condition "true" reads no claim' },
      {
        name: "impersonation by the whole pool",
        stack: gcpStack({
          google_service_account_iam_binding: { wif: { service_account_id: "sa", role: WORKLOAD_IDENTITY_USER, members: ["principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/*"] } },
        }),
        expect: "every identity of the pool",
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
