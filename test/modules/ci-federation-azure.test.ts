import { CiSettings } from "../../constructs/shared/ci-identities";
import { CiFederationAzure, CiFederationAzureProps, rbacDelegationCondition, stateBlobCondition } from "../../modules/ci-federation-azure";
import { validationErrorOf } from "../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../helpers/synth";

const SUB = "/subscriptions/00000000-0000-4000-8000-000000000002";
const ENV_RG = `${SUB}/resourceGroups/rg-acme-ai-prod`;
const TAGS = { owner: "ml-platform", "cost-center": "CC-4021", environment: "prod", "data-classification": "confidential", "managed-by": "ai-supply-chain-blueprint" };

const GITHUB: CiSettings = {
  provider: "github",
  repository: "acme-ai/ai-supply-chain",
  environments: ["dev", "prod"],
  defaultBranch: "main",
  modelRepositories: [{ repository: "acme-ai/fraud-scoring-model", name: "fraud-scoring", registries: ["fraud-scoring"] }],
};

const BASE: CiFederationAzureProps = {
  organization: "acme-ai",
  environment: "prod",
  subscriptionId: "00000000-0000-4000-8000-000000000002",
  tenantId: "00000000-0000-4000-8000-000000000000",
  location: "westeurope",
  ci: GITHUB,
  publishers: [{ name: "fraud-scoring", repository: "acme-ai/fraud-scoring-model", registries: ["fraud-scoring"] }],
  environmentResourceGroupName: "rg-acme-ai-prod",
  tags: TAGS,
};

function synthFederation(props: Partial<CiFederationAzureProps> = {}): Json {
  return synthConstruct((scope) => {
    new CiFederationAzure(scope, "ci", { ...BASE, ...props });
  });
}

/** Logical id (random suffix cut) inside a `${type.<id>.attr}` reference. */
const logicalId = (ref: unknown): string => /\$\{[a-z_]+\.([^.]+)\.[a-z_]+\}/.exec(String(ref))?.[1] ?? String(ref);

/** Names of the resources of `type` by logical id. */
function namesById(stack: Json, type: string): Record<string, string> {
  return Object.fromEntries(Object.entries(resourcesOf(stack, type)).map(([id, r]) => [id, String(r["name"])]));
}

/** Federated credential subjects by identity name. */
function subjectsByIdentity(stack: Json): Record<string, string[]> {
  const identities = namesById(stack, "azurerm_user_assigned_identity");
  const out: Record<string, string[]> = {};
  for (const c of Object.values(resourcesOf(stack, "azurerm_federated_identity_credential"))) {
    const name = identities[logicalId(c["parent_id"])]!;
    (out[name] ??= []).push(String(c["subject"]));
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** Every role assignment as [identity name, role (built-in name or custom role name), scope, condition], sorted. */
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

const RBAC_CONDITION =
  "(((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {8e3af657-a8ff-443c-a75c-2fe8c4bcb635, 18d7d88d-d35e-4fb5-a5c3-7773c20a72d9, f58310d9-a9f6-439a-9e8d-f62e7b41a168, 8b54135c-b56d-4d72-a534-26097cfdc8d8}))" +
  " AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {8e3af657-a8ff-443c-a75c-2fe8c4bcb635, 18d7d88d-d35e-4fb5-a5c3-7773c20a72d9, f58310d9-a9f6-439a-9e8d-f62e7b41a168, 8b54135c-b56d-4d72-a534-26097cfdc8d8})))";

describe("CiFederationAzure", () => {
  const stack = synthFederation();

  test("the identities live in their own resource group rg-acme-ai-prod-ci", () => {
    expect(Object.values(resourcesOf(stack, "azurerm_resource_group"))).toEqual([{ name: "rg-acme-ai-prod-ci", location: "westeurope", tags: TAGS }]);
    const groups = Object.values(resourcesOf(stack, "azurerm_user_assigned_identity")).map((i) => i["resource_group_name"]);
    expect(groups).toHaveLength(3);
    expect(new Set(groups).size).toBe(1);
    expect(String(groups[0]).replace(/_[A-Z0-9]{8}\./, ".")).toBe("${azurerm_resource_group.ci_resource-group.name}");
  });

  test("plan trusts exactly pull requests and main; deploy only the prod environment; the publisher only its repository's prod environment", () => {
    expect(subjectsByIdentity(stack)).toEqual({
      "id-acme-ai-prod-ci-plan": ["repo:acme-ai/ai-supply-chain:pull_request", "repo:acme-ai/ai-supply-chain:ref:refs/heads/main"],
      "id-acme-ai-prod-ci-deploy": ["repo:acme-ai/ai-supply-chain:environment:prod"],
      "id-acme-ai-prod-ci-publish-fraud-scoring": ["repo:acme-ai/fraud-scoring-model:environment:prod"],
    });
  });

  test("every credential names the GitHub issuer and the token-exchange audience", () => {
    const credentials = Object.values(resourcesOf(stack, "azurerm_federated_identity_credential")).map((c) => [c["issuer"], c["audience"]]);
    expect(credentials).toEqual(Array.from({ length: 4 }, () => ["https://token.actions.githubusercontent.com", ["api://AzureADTokenExchange"]]));
  });

  test("role assignments: plan reads, deploy holds named roles outside the CI group, the publisher holds none", () => {
    expect(assignments(stack)).toEqual([
      ["id-acme-ai-prod-ci-deploy", "Blueprint CI deployer (acme-ai-prod)", ENV_RG, undefined],
      ["id-acme-ai-prod-ci-deploy", "Blueprint CI deployer subscription settings (acme-ai-prod)", SUB, undefined],
      ["id-acme-ai-prod-ci-deploy", "Reader", SUB, undefined],
      ["id-acme-ai-prod-ci-deploy", "Role Based Access Control Administrator", ENV_RG, RBAC_CONDITION],
      ["id-acme-ai-prod-ci-plan", "Key Vault Reader", ENV_RG, undefined],
      ["id-acme-ai-prod-ci-plan", "Reader", SUB, undefined],
    ]);
  });

  test("no role assignment is scoped on the CI resource group or anything in it", () => {
    const scopes = Object.values(resourcesOf(stack, "azurerm_role_assignment")).map((a) => String(a["scope"]));
    expect(scopes.filter((s) => s.includes("rg-acme-ai-prod-ci") || s.includes("azurerm_resource_group") || s.includes("azurerm_user_assigned_identity"))).toEqual([]);
    expect(scopes).toHaveLength(6);
  });

  test("every assignment names its principal type, so a just-created identity is not looked up", () => {
    const types = Object.values(resourcesOf(stack, "azurerm_role_assignment")).map((a) => a["principal_type"]);
    expect(types).toEqual(Array.from({ length: 6 }, () => "ServicePrincipal"));
  });

  test("the deployer role names the stack's resource types and authorization writes, never a whole provider or locks/delete", () => {
    const role = Object.values(resourcesOf(stack, "azurerm_role_definition")).find((r) => r["name"] === "Blueprint CI deployer (acme-ai-prod)")!;
    expect(role["scope"]).toBe(SUB);
    expect(role["assignable_scopes"]).toEqual([SUB]);
    expect(role["permissions"]).toEqual([
      {
        actions: [
          "Microsoft.Resources/subscriptions/resourceGroups/read",
          "Microsoft.Resources/subscriptions/resourceGroups/write",
          "Microsoft.KeyVault/vaults/*",
          "Microsoft.Storage/storageAccounts/*",
          "Microsoft.ManagedIdentity/userAssignedIdentities/*",
          "Microsoft.ContainerRegistry/registries/*",
          "Microsoft.Web/sites/*",
          "Microsoft.Web/serverfarms/*",
          "Microsoft.EventGrid/systemTopics/*",
          "Microsoft.EventGrid/eventSubscriptions/*",
          "Microsoft.OperationalInsights/workspaces/*",
          "Microsoft.Insights/components/*",
          "Microsoft.Insights/actionGroups/*",
          "Microsoft.Insights/activityLogAlerts/*",
          "Microsoft.Insights/metricAlerts/*",
          "Microsoft.Insights/scheduledQueryRules/*",
          "Microsoft.Insights/diagnosticSettings/*",
          "Microsoft.Consumption/budgets/*",
          "Microsoft.Security/defenderForStorageSettings/*",
          "Microsoft.Authorization/roleDefinitions/write",
          "Microsoft.Authorization/roleDefinitions/delete",
          "Microsoft.Authorization/locks/write",
        ],
      },
    ]);
  });

  test("the subscription settings role covers the Activity Log export, Defender plans and contact, and the cost anomaly alert", () => {
    const role = Object.values(resourcesOf(stack, "azurerm_role_definition")).find((r) => r["name"] === "Blueprint CI deployer subscription settings (acme-ai-prod)")!;
    expect(role["permissions"]).toEqual([
      {
        actions: [
          "Microsoft.Insights/diagnosticSettings/*",
          "Microsoft.Security/pricings/*",
          "Microsoft.Security/securityContacts/*",
          "Microsoft.CostManagement/scheduledActions/*",
          "Microsoft.CostManagement/views/read",
        ],
      },
    ]);
  });

  test("without Defender plans or a cost alert, the settings role keeps the Activity Log export only", () => {
    const narrow = synthFederation({ subscriptionSettings: { defenderPlans: false, costAnomalyAlert: false } });
    const role = Object.values(resourcesOf(narrow, "azurerm_role_definition")).find((r) => r["name"] === "Blueprint CI deployer subscription settings (acme-ai-prod)")!;
    expect(role["permissions"]).toEqual([{ actions: ["Microsoft.Insights/diagnosticSettings/*"] }]);
  });

  test("strict protection (the default) locks the CI resource group against deletion", () => {
    const locks = Object.values(resourcesOf(stack, "azurerm_management_lock"));
    expect(locks.map((l) => [l["name"], l["lock_level"], l["notes"]])).toEqual([
      ["blueprint-evidence-cannot-delete", "CanNotDelete", "CI trust (CI identities of prod): remove only through the documented break-glass procedure."],
    ]);
    expect(String(locks[0]!["scope"]).replace(/_[A-Z0-9]{8}\./, ".")).toBe("${azurerm_resource_group.ci_resource-group.id}");
  });

  test("without management locks there is no lock", () => {
    expect(resourcesOf(synthFederation({ deleteLock: false }), "azurerm_management_lock")).toEqual({});
  });

  test("no publisher: no publisher identity", () => {
    expect(Object.values(namesById(synthFederation({ publishers: [] }), "azurerm_user_assigned_identity")).sort()).toEqual(["id-acme-ai-prod-ci-deploy", "id-acme-ai-prod-ci-plan"]);
  });
});

describe("CiFederationAzure with GitOps, subnet, remote state and evidence", () => {
  const CLUSTER = `${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/acme-ai-prod`;
  const SECRET = `${SUB}/resourceGroups/rg-acme-ai-prod-git/providers/Microsoft.KeyVault/vaults/kv-acme-ai-prod-git/secrets/platform-gitops-token`;
  const SUBNET = "/subscriptions/00000000-0000-4000-8000-000000000009/resourceGroups/network-prod/providers/Microsoft.Network/virtualNetworks/blueprint-prod/subnets/snet-functions";
  const STATE_ACCOUNT = "/subscriptions/00000000-0000-4000-8000-000000000007/resourceGroups/rg-acme-ai-tfstate/providers/Microsoft.Storage/storageAccounts/stacmeaitfst1234";
  const STATE_CONTAINER = `${STATE_ACCOUNT}/blobServices/default/containers/tfstate`;
  const EVIDENCE = "/subscriptions/00000000-0000-4000-8000-000000000005/resourceGroups/rg-acme-ai-evidence/providers/Microsoft.Storage/storageAccounts/stacmeailogsprod1234";
  const PLAN_STATE_CONDITION =
    "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals 'azure-prod.tfstate'))";
  const DEPLOY_STATE_CONDITION =
    "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})" +
    " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})" +
    " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})" +
    " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'})" +
    " AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action'}))" +
    " OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals 'azure-prod.tfstate'))";

  const stack = synthFederation({
    gateSubnetId: SUBNET,
    gitops: { clusterName: "acme-ai-prod", clusterResourceGroupName: "rg-aks-prod", engine: "flux", credentials: { keyVaultId: `${SUB}/resourceGroups/rg-acme-ai-prod-git/providers/Microsoft.KeyVault/vaults/kv-acme-ai-prod-git`, name: "platform-gitops-token" } },
    state: { storageAccountId: STATE_ACCOUNT, containerName: "tfstate", key: "azure-prod.tfstate" },
    evidenceLogAccountId: EVIDENCE,
  });

  test("adds cluster, secret, subnet, state and evidence grants on exactly those scopes", () => {
    expect(assignments(stack)).toEqual([
      ["id-acme-ai-prod-ci-deploy", "Azure Kubernetes Service Cluster User Role", CLUSTER, undefined],
      ["id-acme-ai-prod-ci-deploy", "Azure Kubernetes Service RBAC Cluster Admin", CLUSTER, undefined],
      ["id-acme-ai-prod-ci-deploy", "Blueprint CI deployer (acme-ai-prod)", ENV_RG, undefined],
      ["id-acme-ai-prod-ci-deploy", "Blueprint CI deployer subnet join (acme-ai-prod)", SUBNET, undefined],
      ["id-acme-ai-prod-ci-deploy", "Blueprint CI deployer subscription settings (acme-ai-prod)", SUB, undefined],
      ["id-acme-ai-prod-ci-deploy", "Key Vault Secrets User", SECRET, undefined],
      ["id-acme-ai-prod-ci-deploy", "Kubernetes Extension Contributor", CLUSTER, undefined],
      ["id-acme-ai-prod-ci-deploy", "Reader", SUB, undefined],
      ["id-acme-ai-prod-ci-deploy", "Reader and Data Access", EVIDENCE, undefined],
      ["id-acme-ai-prod-ci-deploy", "Role Based Access Control Administrator", ENV_RG, RBAC_CONDITION],
      ["id-acme-ai-prod-ci-deploy", "Role Based Access Control Administrator", EVIDENCE, RBAC_CONDITION],
      ["id-acme-ai-prod-ci-deploy", "Storage Blob Data Contributor", STATE_CONTAINER, DEPLOY_STATE_CONDITION],
      ["id-acme-ai-prod-ci-plan", "Azure Kubernetes Service Cluster User Role", CLUSTER, undefined],
      ["id-acme-ai-prod-ci-plan", "Azure Kubernetes Service RBAC Reader", CLUSTER, undefined],
      ["id-acme-ai-prod-ci-plan", "Key Vault Reader", ENV_RG, undefined],
      ["id-acme-ai-prod-ci-plan", "Key Vault Secrets User", SECRET, undefined],
      ["id-acme-ai-prod-ci-plan", "Reader", SUB, undefined],
      ["id-acme-ai-prod-ci-plan", "Storage Blob Data Reader", STATE_CONTAINER, PLAN_STATE_CONDITION],
    ]);
  });

  test("conditions use ABAC version 2.0", () => {
    const versions = Object.values(resourcesOf(stack, "azurerm_role_assignment"))
      .filter((a) => a["condition"] !== undefined)
      .map((a) => a["condition_version"]);
    expect(versions).toEqual(["2.0", "2.0", "2.0", "2.0"]);
  });

  test("the subnet role joins the subnet and nothing else, defined in the subnet's subscription", () => {
    const role = Object.values(resourcesOf(stack, "azurerm_role_definition")).find((r) => r["name"] === "Blueprint CI deployer subnet join (acme-ai-prod)")!;
    expect([role["scope"], role["assignable_scopes"], role["permissions"]]).toEqual([
      "/subscriptions/00000000-0000-4000-8000-000000000009",
      ["/subscriptions/00000000-0000-4000-8000-000000000009"],
      [
        {
          actions: [
            "Microsoft.Network/virtualNetworks/subnets/read",
            "Microsoft.Network/virtualNetworks/subnets/join/action",
            "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action",
          ],
        },
      ],
    ]);
  });

  test("Argo CD needs no cluster extension role", () => {
    const argocd = synthFederation({ gitops: { clusterName: "acme-ai-prod", clusterResourceGroupName: "rg-aks-prod", engine: "argocd" } });
    expect(assignments(argocd).filter(([, , scope]) => scope === CLUSTER)).toEqual([
      ["id-acme-ai-prod-ci-deploy", "Azure Kubernetes Service Cluster User Role", CLUSTER, undefined],
      ["id-acme-ai-prod-ci-deploy", "Azure Kubernetes Service RBAC Cluster Admin", CLUSTER, undefined],
      ["id-acme-ai-prod-ci-plan", "Azure Kubernetes Service Cluster User Role", CLUSTER, undefined],
      ["id-acme-ai-prod-ci-plan", "Azure Kubernetes Service RBAC Reader", CLUSTER, undefined],
    ]);
  });
});

describe("CiFederationAzure on GitLab", () => {
  const GITLAB: CiSettings = { ...GITHUB, provider: "gitlab", repository: "acme-ai/platform/ai-supply-chain", issuerUrl: "https://gitlab.example.com" };
  const stack = synthFederation({
    ci: GITLAB,
    publishers: [{ name: "fraud-scoring", repository: "acme-ai/models/fraud-scoring", registries: ["fraud-scoring"] }],
  });

  test("every identity trusts the protected default branch of its project only, at the self-managed issuer", () => {
    expect(subjectsByIdentity(stack)).toEqual({
      "id-acme-ai-prod-ci-plan": ["project_path:acme-ai/platform/ai-supply-chain:ref_type:branch:ref:main"],
      "id-acme-ai-prod-ci-deploy": ["project_path:acme-ai/platform/ai-supply-chain:ref_type:branch:ref:main"],
      "id-acme-ai-prod-ci-publish-fraud-scoring": ["project_path:acme-ai/models/fraud-scoring:ref_type:branch:ref:main"],
    });
    const issuers = Object.values(resourcesOf(stack, "azurerm_federated_identity_credential")).map((c) => c["issuer"]);
    expect(issuers).toEqual(["https://gitlab.example.com", "https://gitlab.example.com", "https://gitlab.example.com"]);
  });
});

describe("CiFederationAzure validation and conditions", () => {
  test("the CI resource group as the environment's group is refused", () => {
    const error = validationErrorOf(() => synthFederation({ environmentResourceGroupName: "rg-acme-ai-prod-ci" }));
    expect(error.problems.map((p) => [p.code, p.prop, p.value])).toEqual([["AZURE_CI_SCOPE_OVERLAP", "environmentResourceGroupName", '"rg-acme-ai-prod-ci"']]);
  });

  test("rbacDelegationCondition excludes Owner, User Access Administrator, RBAC Administrator and Key Vault Data Access Administrator on write and delete", () => {
    expect(rbacDelegationCondition()).toBe(RBAC_CONDITION);
  });

  test("stateBlobCondition for a reader guards reads only", () => {
    expect(stateBlobCondition("azure-dev.tfstate", false)).toBe(
      "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals 'azure-dev.tfstate'))",
    );
  });
});
