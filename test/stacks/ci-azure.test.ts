import { Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { evaluateSynthesizedApp } from "../../policies/synth-gate";
import { CiStack } from "../../stacks/ci-stack";
import { wireCiAzure } from "../../stacks/ci-azure";
import { validationErrorOf } from "../helpers/errors";
import { Json, defaultConfig, resourcesOf } from "../helpers/synth";

const DEV_SUB = "/subscriptions/00000000-0000-4000-8000-000000000001";
/** The environment's resource group, which this stack creates (the environment stack reads it). */
const DEV_RG = "${azurerm_resource_group.ci_environment-resource-group_140614BB.id}";
const DEV_CLUSTER = `${DEV_SUB}/resourceGroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/acme-ai-dev`;
const DEV_SECRET = `${DEV_SUB}/resourceGroups/rg-acme-ai-dev-git/providers/Microsoft.KeyVault/vaults/kv-acme-ai-dev-git/secrets/platform-gitops-token`;
const DEV_SUBNET = `${DEV_SUB}/resourceGroups/network-dev/providers/Microsoft.Network/virtualNetworks/blueprint-dev/subnets/snet-functions`;
const RBAC_CONDITION =
  "(((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {8e3af657-a8ff-443c-a75c-2fe8c4bcb635, 18d7d88d-d35e-4fb5-a5c3-7773c20a72d9, f58310d9-a9f6-439a-9e8d-f62e7b41a168, 8b54135c-b56d-4d72-a534-26097cfdc8d8}))" +
  " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {8e3af657-a8ff-443c-a75c-2fe8c4bcb635, 18d7d88d-d35e-4fb5-a5c3-7773c20a72d9, f58310d9-a9f6-439a-9e8d-f62e7b41a168, 8b54135c-b56d-4d72-a534-26097cfdc8d8})))";

function ciAzure(environment: string, config: BlueprintConfig = defaultConfig()): { app: ReturnType<typeof Testing.app>; json: Json } {
  const app = Testing.app();
  const stack = new CiStack(app, { config, cloud: "azure", environment }, wireCiAzure);
  return { app, json: JSON.parse(Testing.synth(stack)) as Json };
}

/** The logical id inside a `${type.<id>.attr}` reference. */
const logicalId = (ref: unknown): string => /\$\{[a-z_]+\.([^.]+)\.[a-z_]+\}/.exec(String(ref))?.[1] ?? String(ref);

function namesById(stack: Json, type: string): Record<string, string> {
  return Object.fromEntries(Object.entries(resourcesOf(stack, type)).map(([id, r]) => [id, String(r["name"])]));
}

/** [identity name, credential name, issuer, audience, subject], sorted. */
function credentials(stack: Json): unknown[][] {
  const identities = namesById(stack, "azurerm_user_assigned_identity");
  return Object.values(resourcesOf(stack, "azurerm_federated_identity_credential"))
    .map((c) => [identities[logicalId(c["parent_id"])], c["name"], c["issuer"], c["audience"], c["subject"]])
    .sort((a, b) => `${String(a[0])} ${String(a[1])}`.localeCompare(`${String(b[0])} ${String(b[1])}`));
}

function assignments(stack: Json): Array<[string, string, string, string | undefined]> {
  const identities = namesById(stack, "azurerm_user_assigned_identity");
  const roles = namesById(stack, "azurerm_role_definition");
  return Object.values(resourcesOf(stack, "azurerm_role_assignment"))
    .map((a): [string, string, string, string | undefined] => [
      identities[logicalId(a["principal_id"])]!,
      a["role_definition_name"] !== undefined ? String(a["role_definition_name"]) : roles[logicalId(a["role_definition_id"])]!,
      String(a["scope"]),
      a["condition"] as string | undefined,
    ])
    .sort((x, y) => `${x[0]} ${x[1]} ${x[2]}`.localeCompare(`${y[0]} ${y[1]} ${y[2]}`));
}

/** The default config with a change to clouds.azure. */
function withAzure(change: (azure: NonNullable<BlueprintConfig["clouds"]["azure"]>) => NonNullable<BlueprintConfig["clouds"]["azure"]>): BlueprintConfig {
  const config = defaultConfig();
  return { ...config, clouds: { ...config.clouds, azure: change(config.clouds.azure!) } };
}

describe("ci-azure-dev (default configuration)", () => {
  const { app, json } = ciAzure("dev");

  test("federates the GitHub repository: plan for pull requests and main, deploy for the dev environment only, one publisher per model repository", () => {
    const github = "https://token.actions.githubusercontent.com";
    const audience = ["api://AzureADTokenExchange"];
    expect(credentials(json)).toEqual([
      ["id-acme-ai-dev-ci-deploy", "environment-dev", github, audience, "repo:acme-ai/ai-supply-chain:environment:dev"],
      ["id-acme-ai-dev-ci-plan", "branch-main", github, audience, "repo:acme-ai/ai-supply-chain:ref:refs/heads/main"],
      ["id-acme-ai-dev-ci-plan", "pull-request", github, audience, "repo:acme-ai/ai-supply-chain:pull_request"],
      ["id-acme-ai-dev-ci-publish-fraud-scoring", "environment-dev", github, audience, "repo:acme-ai/fraud-scoring-model:environment:dev"],
      ["id-acme-ai-dev-ci-publish-llm-adapters", "environment-dev", github, audience, "repo:acme-ai/llm-adapters:environment:dev"],
    ]);
  });

  test("the deploy identity's only credential is the dev environment of acme-ai/ai-supply-chain: no other repository, no branch", () => {
    const deploy = credentials(json).filter((c) => c[0] === "id-acme-ai-dev-ci-deploy");
    expect(deploy.map((c) => c[4])).toEqual(["repo:acme-ai/ai-supply-chain:environment:dev"]);
  });

  test("identities sit in rg-acme-ai-dev-ci, in the dev subscription; the environment's own group is created here too", () => {
    expect(Object.values(resourcesOf(json, "azurerm_resource_group")).map((g) => [g["name"], g["location"]])).toEqual([
      ["rg-acme-ai-dev", "westeurope"],
      ["rg-acme-ai-dev-ci", "westeurope"],
    ]);
    const provider = (json["provider"] as Record<string, Json[]>)["azurerm"]![0]!;
    expect([provider["subscription_id"], provider["tenant_id"]]).toEqual(["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000000"]);
  });

  test("role assignments: literal roles and scopes, none on the CI group, none for publishers", () => {
    expect(assignments(json)).toEqual([
      ["id-acme-ai-dev-ci-deploy", "Azure Kubernetes Service Cluster User Role", DEV_CLUSTER, undefined],
      ["id-acme-ai-dev-ci-deploy", "Azure Kubernetes Service RBAC Cluster Admin", DEV_CLUSTER, undefined],
      ["id-acme-ai-dev-ci-deploy", "Blueprint CI deployer (acme-ai-dev)", DEV_RG, undefined],
      ["id-acme-ai-dev-ci-deploy", "Blueprint CI deployer subnet join (acme-ai-dev)", DEV_SUBNET, undefined],
      ["id-acme-ai-dev-ci-deploy", "Blueprint CI deployer subscription settings (acme-ai-dev)", DEV_SUB, undefined],
      ["id-acme-ai-dev-ci-deploy", "Key Vault Secrets User", DEV_SECRET, undefined],
      ["id-acme-ai-dev-ci-deploy", "Kubernetes Extension Contributor", DEV_CLUSTER, undefined],
      ["id-acme-ai-dev-ci-deploy", "Reader", DEV_SUB, undefined],
      ["id-acme-ai-dev-ci-deploy", "Role Based Access Control Administrator", DEV_RG, RBAC_CONDITION],
      ["id-acme-ai-dev-ci-plan", "Azure Kubernetes Service Cluster User Role", DEV_CLUSTER, undefined],
      ["id-acme-ai-dev-ci-plan", "Azure Kubernetes Service RBAC Reader", DEV_CLUSTER, undefined],
      ["id-acme-ai-dev-ci-plan", "Key Vault Reader", DEV_RG, undefined],
      ["id-acme-ai-dev-ci-plan", "Key Vault Secrets User", DEV_SECRET, undefined],
      ["id-acme-ai-dev-ci-plan", "Reader", DEV_SUB, undefined],
    ]);
  });

  test("outputs are the CI variables' values: tenant, subscription, one client id per identity", () => {
    const outputs = json["output"] as Record<string, Json>;
    expect(Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, String(o["value"]).replace(/_[A-Z0-9]{8}\./, ".")]))).toEqual({
      "tenant-id": "00000000-0000-4000-8000-000000000000",
      "subscription-id": "00000000-0000-4000-8000-000000000001",
      "plan-client-id": "${azurerm_user_assigned_identity.ci_plan.client_id}",
      "deploy-client-id": "${azurerm_user_assigned_identity.ci_deploy.client_id}",
      "publisher-fraud-scoring-client-id": "${azurerm_user_assigned_identity.ci_publish-fraud-scoring.client_id}",
      "publisher-llm-adapters-client-id": "${azurerm_user_assigned_identity.ci_publish-llm-adapters.client_id}",
    });
    expect(outputs["publisher-llm-adapters-client-id"]!["description"]).toBe("Client id of publisher llm-adapters: CI variable AZURE_CLIENT_ID_PUBLISH_LLM_ADAPTERS_DEV");
  });

  test("dev runs protection standard: no lock on the CI group", () => {
    expect(resourcesOf(json, "azurerm_management_lock")).toEqual({});
  });

  test("local backend: state in terraform.ci-azure-dev.tfstate", () => {
    const local = ((json["terraform"] as Json)["backend"] as Record<string, Json>)["local"]!;
    expect(String(local["path"]).split("/").pop()).toBe("terraform.ci-azure-dev.tfstate");
  });

  test("the policy engine finds nothing on the stack: no error, no warning", () => {
    const evaluation = evaluateSynthesizedApp(app, [], new Date("2026-12-01T00:00:00Z"));
    expect(evaluation.findings.map((f) => `${f.severity} ${f.ruleId} ${f.address}: ${f.message}`)).toEqual([]);
  });
});

describe("ci-azure-prod (default configuration)", () => {
  const { json } = ciAzure("prod");

  test("strict: a CanNotDelete lock on rg-acme-ai-prod-ci", () => {
    expect(Object.values(resourcesOf(json, "azurerm_management_lock")).map((l) => [l["lock_level"], String(l["scope"]).replace(/_[A-Z0-9]{8}\./, ".")])).toEqual([
      ["CanNotDelete", "${azurerm_resource_group.ci_resource-group.id}"],
    ]);
  });

  test("deploy trusts the prod environment only; Argo CD: no cluster extension role", () => {
    expect(credentials(json).filter((c) => c[0] === "id-acme-ai-prod-ci-deploy").map((c) => c[4])).toEqual(["repo:acme-ai/ai-supply-chain:environment:prod"]);
    expect(assignments(json).filter(([, role]) => role === "Kubernetes Extension Contributor")).toEqual([]);
  });
});

describe("ci-azure with the azurerm backend and an evidence subscription", () => {
  const config = withAzure((azure) => ({
    ...azure,
    backend: { type: "azurerm" },
    evidence: { subscriptionId: "00000000-0000-4000-8000-000000000005", location: "westeurope" },
  }));
  const { json } = ciAzure("dev", config);
  const EVIDENCE_LOGS = "/subscriptions/00000000-0000-4000-8000-000000000005/resourceGroups/rg-acme-ai-evidence/providers/Microsoft.Storage/storageAccounts/stacmeailogs14c0c1";
  const STATE_CONTAINER = "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-tfstate/providers/Microsoft.Storage/storageAccounts/stacmeaitfst5d16c0/blobServices/default/containers/tfstate";

  test("plan reads and deploy writes the azure-dev state blob only", () => {
    expect(assignments(json).filter(([, , scope]) => scope === STATE_CONTAINER)).toEqual([
      [
        "id-acme-ai-dev-ci-deploy",
        "Storage Blob Data Contributor",
        STATE_CONTAINER,
        "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})" +
          " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})" +
          " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})" +
          " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'})" +
          " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action'}))" +
          " OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals 'azure-dev.tfstate'))",
      ],
      [
        "id-acme-ai-dev-ci-plan",
        "Storage Blob Data Reader",
        STATE_CONTAINER,
        "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals 'azure-dev.tfstate'))",
      ],
    ]);
  });

  test("the stack's own state goes to the azurerm backend as ci-azure-dev.tfstate", () => {
    const backend = ((json["terraform"] as Json)["backend"] as Record<string, Json>)["azurerm"]!;
    expect([backend["key"], backend["container_name"], backend["use_azuread_auth"]]).toEqual(["ci-azure-dev.tfstate", "tfstate", true]);
  });

  test("deploy may read keys of, and assign the gates' role on, the dev log account in the evidence subscription", () => {
    const evidence = assignments(json).filter(([, , scope]) => scope.startsWith("/subscriptions/00000000-0000-4000-8000-000000000005/"));
    expect(evidence).toEqual([
      ["id-acme-ai-dev-ci-deploy", "Reader and Data Access", EVIDENCE_LOGS, undefined],
      ["id-acme-ai-dev-ci-deploy", "Role Based Access Control Administrator", EVIDENCE_LOGS, RBAC_CONDITION],
    ]);
  });
});

describe("ci-azure on GitLab", () => {
  const base = defaultConfig();
  const config: BlueprintConfig = { ...base, ci: { ...base.ci!, provider: "gitlab", repository: "acme-ai/platform/ai-supply-chain" } };
  const { json } = ciAzure("dev", config);

  test("every identity is bound to the protected main branch of its project at gitlab.com", () => {
    const gitlab = "https://gitlab.com";
    const audience = ["api://AzureADTokenExchange"];
    expect(credentials(json)).toEqual([
      ["id-acme-ai-dev-ci-deploy", "branch-main", gitlab, audience, "project_path:acme-ai/platform/ai-supply-chain:ref_type:branch:ref:main"],
      ["id-acme-ai-dev-ci-plan", "branch-main", gitlab, audience, "project_path:acme-ai/platform/ai-supply-chain:ref_type:branch:ref:main"],
      ["id-acme-ai-dev-ci-publish-fraud-scoring", "branch-main", gitlab, audience, "project_path:acme-ai/fraud-scoring-model:ref_type:branch:ref:main"],
      ["id-acme-ai-dev-ci-publish-llm-adapters", "branch-main", gitlab, audience, "project_path:acme-ai/llm-adapters:ref_type:branch:ref:main"],
    ]);
  });
});

describe("ci-azure errors", () => {
  test("a CI environment not placed on Azure is refused", () => {
    const config = withAzure((azure) => ({ ...azure, environments: { prod: azure.environments["prod"]! } }));
    const error = validationErrorOf(() => ciAzure("dev", config));
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([["AZURE_CI_ENVIRONMENT_NOT_PLACED", "clouds.azure.environments.dev"]]);
  });

  test("an environment outside ci.environments gets no CI stack", () => {
    const base = defaultConfig();
    const config: BlueprintConfig = { ...base, ci: { ...base.ci!, environments: ["prod"] } };
    const error = validationErrorOf(() => ciAzure("dev", config));
    expect(error.problems.map((p) => [p.code, p.prop, p.value])).toEqual([["CI_ENVIRONMENT_NOT_CONFIGURED", "ci.environments", '"dev"']]);
  });
});
