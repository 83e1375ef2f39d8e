import { isExpression, isUnknown, valuesAt } from "../../model";
import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { planOf, show } from "../../support/azure-model";

/** The audience Entra ID expects in tokens exchanged for a managed identity's (learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity). */
const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export const rule = resourceRule({
  control: "TRUST-HAS-SOURCE-CONDITION",
  cloud: "azure",
  title: "Federated identity credentials name one issuer, one exact subject and the token-exchange audience",
  severity: "error",
  appliesTo: ["azurerm_federated_identity_credential"],
  mappings: { nist80053: ["AC-3", "IA-2", "IA-8"] },
  rationale: "A federated credential lets whoever holds a token from the issuer for the subject act as the identity; a plain-HTTP issuer, an unexpected audience or a wildcard subject hands the identity to workloads nobody meant to trust.",
  fix: "Set audience = [\"api://AzureADTokenExchange\"], an https issuer and the exact subject of the one workload (e.g. repo:org/repo:environment:prod).",
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
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "GitHub Actions environment", stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/ai-supply-chain:environment:prod" } } } } }],
    noncompliance: [
      { name: "a wildcard subject", stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/*" } } } }, expect: "a wildcard matches" },
      { name: "an http issuer", stack: { resource: { azurerm_federated_identity_credential: { f: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "http://issuer.example.com", subject: "system:serviceaccount:ns:sa" } } } }, expect: "not an https URL" },
      { name: "another audience", stack: { resource: { azurerm_federated_identity_credential: { f: { audience: ["api://other"], issuer: "https://issuer.example.com", subject: "s" } } } }, expect: "audience is [\"api://other\"]" },
      { name: "a plan with an empty subject", plan: planOf([{ type: "azurerm_federated_identity_credential", name: "f", after: { audience: [TOKEN_EXCHANGE_AUDIENCE], issuer: "https://issuer.example.com", subject: "" } }]), expect: "bound to no workload" },
    ],
  },
});
