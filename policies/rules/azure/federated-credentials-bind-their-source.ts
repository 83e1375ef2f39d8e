import { isExpression, isUnknown, valuesAt } from "../../model";
import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";
import { ciIssuerOf, looksLikeCiSubject, subjectRepository } from "../../support/ci-subjects";

/** The audience Entra ID expects in tokens exchanged for a managed identity's (learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity). */
const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export const rule = resourceRule({
  control: "TRUST-HAS-SOURCE-CONDITION",
  cloud: "azure",
  title: "Federated identity credentials name one issuer, one exact subject and the token-exchange audience",
  severity: "error",
  appliesTo: ["azurerm_federated_identity_credential"],
  mappings: { nist80053: ["AC-3", "IA-2", "IA-8"] },
  rationale:
    "A federated credential lets whoever holds a token from the issuer for the subject act as the identity; a plain-HTTP issuer, an unexpected audience, a wildcard subject or a CI subject that names no single repository (a customised repository_owner:<owner> template, a GitLab group) hands the identity to workloads nobody meant to trust.",
  fix: "Set audience = [\"api://AzureADTokenExchange\"], an https issuer and the exact subject of the one workload: repo:<owner>/<name>:environment:prod for GitHub, project_path:<group>/<project>:ref_type:branch:ref:main for GitLab.",
  check(credential, context) {
    const problems = context.problems();
    const audience = valuesAt(credential.attributes, "audience");
    if (audience.some((a) => isUnknown(a) || isExpression(a))) problems.unknown("audience");
    else if (audience.length !== 1 || audience[0] !== TOKEN_EXCHANGE_AUDIENCE) problems.error(`audience is ${JSON.stringify(audience)}, not ["${TOKEN_EXCHANGE_AUDIENCE}"]`);
    const issuer = valueOf(credential, "issuer");
    if (issuer === UNKNOWN_VALUE) problems.unknown("issuer");
    else if (typeof issuer !== "string" || !/^https:\/\/[^/\s]+/.test(issuer)) problems.error(`issuer is ${show(issuer)}, not an https URL`);
    const subject = valueOf(credential, "subject");
    if (subject === UNKNOWN_VALUE) problems.unknown("subject");
    else if (typeof subject !== "string" || subject.trim() === "") problems.error(`subject is ${show(subject)}: the credential is bound to no workload`);
    else if (subject.includes("*")) problems.error(`subject is ${show(subject)}: a wildcard matches workloads nobody meant to trust`);
    else if ((typeof issuer === "string" && ciIssuerOf(issuer) !== undefined) || looksLikeCiSubject(subject)) {
      // Entra ID compares the subject exactly, so a CI subject trusts the one repository it names,
      // or, with a customised GitHub template such as repository_owner:<owner>, every repository
      // that shares it.
      const read = subjectRepository(subject, false);
      if ("problem" in read) problems.error(`subject is ${show(subject)} for the CI issuer ${show(issuer)}: it ${read.problem}`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "GitHub Actions environment", stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/ai-supply-chain:environment:prod" } } } } },
      {
        name: "GitLab default branch of one project, and a cluster's service account",
        stack: {
          resource: {
            azurerm_federated_identity_credential: {
              gl: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://gitlab.com", subject: "project_path:acme/platform/ai-supply-chain:ref_type:branch:ref:main" },
              aks: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://westeurope.oic.prod-aks.azure.com/00000000-0000-4000-8000-000000000000/11111111-1111-4111-8111-111111111111/", subject: "system:serviceaccount:gate:admission" },
            },
          },
        },
      },
    ],
    noncompliance: [
      { name: "a wildcard subject", stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/*" } } } }, expect: "a wildcard matches" },
      {
        name: "a GitHub subject from a customised template that names only the owner",
        stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://token.actions.githubusercontent.com", subject: "repository_owner:acme:environment:prod" } } } },
        expect: 'subject is "repository_owner:acme:environment:prod" for the CI issuer "https://token.actions.githubusercontent.com": it names no repository',
      },
      {
        name: "a GitLab subject naming a group, not a project",
        stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://gitlab.com", subject: "project_path:acme:ref_type:branch:ref:main" } } } },
        expect: 'it names "project_path:acme", which is not one repository (group/project)',
      },
      {
        name: "a GitHub subject naming an owner without a repository, on a self-hosted issuer",
        stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://ghe.example.com/_services/token", subject: "repo:acme:environment:prod" } } } },
        expect: 'it names "repo:acme", which is not one repository (owner/name)',
      },
      { name: "an http issuer", stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "http://issuer.example.com", subject: "system:serviceaccount:ns:sa" } } } }, expect: "not an https URL" },
      { name: "another audience", stack: { resource: { azurerm_federated_identity_credential: { f: { audience: ["api://other"], issuer: "https://issuer.example.com", subject: "s" } } } }, expect: "audience is [\"api://other\"]" },
      {
        name: "the token-exchange audience beside another",
        stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE, "api://other"], issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/app:environment:prod" } } } },
        expect: 'audience is ["api://AzureADTokenExchange","api://other"], not ["api://AzureADTokenExchange"]',
      },
      { name: "a plan with an empty subject", plan: planOf([{ type: "azurerm_federated_identity_credential", name: "f", after: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://issuer.example.com", subject: "" } }]), expect: "bound to no workload" },
    ],
  },
});
