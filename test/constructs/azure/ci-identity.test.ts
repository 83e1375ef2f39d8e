import { CiIdentity, CiIdentityProps, ciCredentialName } from "../../../constructs/azure/ci-identity";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const TAGS = { owner: "ml-platform", "cost-center": "CC-4021", environment: "prod", "data-classification": "confidential", "managed-by": "ai-supply-chain-blueprint" };

const BASE: CiIdentityProps = {
  name: "id-acme-ai-prod-ci-plan",
  resourceGroupName: "rg-acme-ai-prod-ci",
  location: "westeurope",
  issuerUrl: "https://token.actions.githubusercontent.com",
  subjects: ["repo:acme-ai/ai-supply-chain:pull_request", "repo:acme-ai/ai-supply-chain:ref:refs/heads/main"],
  tags: TAGS,
};

function synthIdentity(props: Partial<CiIdentityProps> = {}): Json {
  return synthConstruct((scope) => {
    new CiIdentity(scope, "plan", { ...BASE, ...props });
  });
}

/** Every federated credential as { name, issuer, audience, subject, parent }, sorted by name. */
function credentialsOf(stack: Json): Json[] {
  return Object.values(resourcesOf(stack, "azurerm_federated_identity_credential"))
    .map((c) => ({ name: c["name"], issuer: c["issuer"], audience: c["audience"], subject: c["subject"], parent: String(c["parent_id"]).replace(/_[A-Z0-9]{8}\./, ".") }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

describe("azure CiIdentity", () => {
  const stack = synthIdentity();

  test("is one user-assigned identity in the CI resource group, tagged", () => {
    expect(onlyResource(stack, "azurerm_user_assigned_identity")).toEqual({
      name: "id-acme-ai-prod-ci-plan",
      resource_group_name: "rg-acme-ai-prod-ci",
      location: "westeurope",
      tags: TAGS,
    });
  });

  test("has one credential per subject: the CI issuer, the token-exchange audience, the exact subject", () => {
    expect(credentialsOf(stack)).toEqual([
      {
        name: "branch-main",
        issuer: "https://token.actions.githubusercontent.com",
        audience: ["api://AzureADTokenExchange"],
        subject: "repo:acme-ai/ai-supply-chain:ref:refs/heads/main",
        parent: "${azurerm_user_assigned_identity.plan.id}",
      },
      {
        name: "pull-request",
        issuer: "https://token.actions.githubusercontent.com",
        audience: ["api://AzureADTokenExchange"],
        subject: "repo:acme-ai/ai-supply-chain:pull_request",
        parent: "${azurerm_user_assigned_identity.plan.id}",
      },
    ]);
  });

  test("credentials sit in the identity's resource group (azurerm 4.55 requires resource_group_name)", () => {
    const groups = Object.values(resourcesOf(stack, "azurerm_federated_identity_credential")).map((c) => c["resource_group_name"]);
    expect(groups).toEqual(["rg-acme-ai-prod-ci", "rg-acme-ai-prod-ci"]);
  });

  test("20 subjects are accepted: Entra ID's limit per identity", () => {
    const subjects = Array.from({ length: 20 }, (_, i) => `repo:acme-ai/ai-supply-chain:environment:env${i}`);
    expect(Object.keys(resourcesOf(synthIdentity({ subjects }), "azurerm_federated_identity_credential"))).toHaveLength(20);
  });

  test("a GitLab subject is kept exactly and named by its branch", () => {
    const gitlab = synthIdentity({ issuerUrl: "https://gitlab.example.com/gitlab", subjects: ["project_path:acme-ai/platform/ai-supply-chain:ref_type:branch:ref:main"] });
    expect(credentialsOf(gitlab)).toEqual([
      {
        name: "branch-main",
        issuer: "https://gitlab.example.com/gitlab",
        audience: ["api://AzureADTokenExchange"],
        subject: "project_path:acme-ai/platform/ai-supply-chain:ref_type:branch:ref:main",
        parent: "${azurerm_user_assigned_identity.plan.id}",
      },
    ]);
  });
});

describe("ciCredentialName", () => {
  test.each([
    ["repo:acme-ai/ai-supply-chain:pull_request", "pull-request"],
    ["repo:acme-ai/ai-supply-chain:environment:prod", "environment-prod"],
    ["repo:acme-ai/ai-supply-chain:ref:refs/heads/main", "branch-main"],
    ["repo:acme-ai/ai-supply-chain:ref:refs/heads/release/1.2", "branch-release-1-2"],
    ["repo:acme-ai/ai-supply-chain:ref:refs/tags/v1", "tag-v1"],
    ["project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:main", "branch-main"],
    ["project_path:acme-ai/ai-supply-chain:ref_type:tag:ref:v1", "tag-v1"],
    ["system:serviceaccount:gate:admission", "sub-system-serviceaccount-gate-admission"],
  ])("%s is named %s", (subject, name) => {
    expect(ciCredentialName(subject)).toBe(name);
  });

  test("is at most 120 characters", () => {
    expect(ciCredentialName(`repo:acme-ai/x:environment:${"e".repeat(200)}`)).toBe(`environment-${"e".repeat(108)}`);
  });
});

describe("azure CiIdentity validation", () => {
  test("a wildcard subject is refused", () => {
    const error = validationErrorOf(() => synthIdentity({ subjects: ["repo:acme-ai/*:environment:prod"] }));
    expect(error.problems.map((p) => [p.code, p.prop, p.value])).toEqual([["AZURE_CI_SUBJECT_WILDCARD", "subjects", '"repo:acme-ai/*:environment:prod"']]);
  });

  test("an empty subject is refused", () => {
    const error = validationErrorOf(() => synthIdentity({ subjects: [""] }));
    expect(error.problems.map((p) => p.code)).toEqual(["AZURE_CI_SUBJECT_WILDCARD"]);
  });

  test("21 subjects are refused", () => {
    const subjects = Array.from({ length: 21 }, (_, i) => `repo:acme-ai/ai-supply-chain:environment:env${i}`);
    const error = validationErrorOf(() => synthIdentity({ subjects }));
    expect(error.problems.map((p) => [p.code, p.value])).toEqual([["AZURE_CI_CREDENTIAL_COUNT_INVALID", "21"]]);
  });

  test("no subject is refused", () => {
    const error = validationErrorOf(() => synthIdentity({ subjects: [] }));
    expect(error.problems.map((p) => [p.code, p.value])).toEqual([["AZURE_CI_CREDENTIAL_COUNT_INVALID", "0"]]);
  });

  test("two subjects with one credential name are refused", () => {
    const error = validationErrorOf(() =>
      synthIdentity({ subjects: ["repo:acme-ai/ai-supply-chain:ref:refs/heads/a/b", "repo:acme-ai/ai-supply-chain:ref:refs/heads/a-b"] }),
    );
    expect(error.problems.map((p) => [p.code, p.value])).toEqual([["AZURE_CI_CREDENTIAL_NAME_DUPLICATE", '"branch-a-b"']]);
  });

  test("an issuer that is not https is refused", () => {
    const error = validationErrorOf(() => synthIdentity({ issuerUrl: "http://gitlab.example.com" }));
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([["AZURE_CI_ISSUER_INVALID", "issuerUrl"]]);
  });

  test("every problem is reported at once, with the construct path", () => {
    const error = validationErrorOf(() => synthIdentity({ issuerUrl: "https://gitlab.example.com/", subjects: ["*"] }));
    expect(error.problems.map((p) => [p.code, p.constructPath])).toEqual([
      ["AZURE_CI_ISSUER_INVALID", "test/plan"],
      ["AZURE_CI_SUBJECT_WILDCARD", "test/plan"],
    ]);
  });
});
