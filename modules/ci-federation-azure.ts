import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { Construct } from "constructs";
import { CiIdentity } from "../constructs/azure/ci-identity";
import { cannotDeleteLock } from "../constructs/azure/delete-lock";
import { azureCiIdentityName, azureCiResourceGroupName, CiPublisher, CiRole, CiSettings, ciIssuerUrl, ciSubjects } from "../constructs/shared/ci-identities";
import { BlueprintValidationError } from "../constructs/shared/validation-error";

/**
 * Role definition ids (the GUIDs every tenant shares) of the built-in roles that grant access:
 * Owner, User Access Administrator, Role Based Access Control Administrator
 * (learn.microsoft.com/azure/role-based-access-control/built-in-roles, "Privileged"), and Key
 * Vault Data Access Administrator, which assigns the Key Vault data roles (its own description:
 * "Manage access to Azure Key Vault by adding or removing role assignments").
 */
export const AZURE_PRIVILEGED_ROLE_IDS = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  rbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  keyVaultDataAccessAdministrator: "8b54135c-b56d-4d72-a534-26097cfdc8d8",
} as const;

/**
 * The condition on the deploy identity's Role Based Access Control Administrator assignment:
 * it may create and delete assignments of any role except the four that grant access, so
 * applying the stack (which assigns the key-manager, signer, writer and encryption roles) works,
 * while handing Owner, User Access Administrator, RBAC Administrator or Key Vault Data Access
 * Administrator to anyone, itself included, is refused. The shape is Microsoft's "Allow most
 * roles, but don't allow others to assign roles"
 * (learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples):
 * one clause per action, `@Request` for writes and `@Resource` for deletes,
 * `ForAnyOfAllValues:GuidNotEquals` over the excluded ids.
 */
export function rbacDelegationCondition(): string {
  const excluded = `{${Object.values(AZURE_PRIVILEGED_ROLE_IDS).join(", ")}}`;
  const clause = (action: string, source: "Request" | "Resource"): string =>
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'})) OR (@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals ${excluded}))`;
  return `(${clause("write", "Request")} AND ${clause("delete", "Resource")})`;
}

const STATE_BLOB_ACTIONS = {
  read: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
  write: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
  delete: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
  add: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
  move: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
} as const;

/**
 * The condition on a CI identity's state-container role: every blob data action it holds only
 * on the stack's own state blob (`@Resource[...blobs:path]`), listing excepted (a list names no
 * blob, and the backend lists to find workspaces: Microsoft's "Example Azure role assignment
 * conditions for Blob Storage" excludes `Blob.List` the same way). A dev pipeline then cannot
 * read or overwrite the prod or ci-* states in the same container.
 */
export function stateBlobCondition(key: string, writes: boolean): string {
  const guarded = [
    `!(ActionMatches{'${STATE_BLOB_ACTIONS.read}'} AND NOT SubOperationMatches{'Blob.List'})`,
    ...(writes ? [STATE_BLOB_ACTIONS.write, STATE_BLOB_ACTIONS.delete, STATE_BLOB_ACTIONS.add, STATE_BLOB_ACTIONS.move].map((a) => `!(ActionMatches{'${a}'})`) : []),
  ];
  return `((${guarded.join(" AND ")}) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals '${key}'))`;
}

/**
 * What the deploy identity does at subscription scope, and only that: the subscription-level
 * resources of the azure-<env> stack. The Activity Log diagnostic setting
 * (`azurerm_monitor_diagnostic_setting` on the subscription), the Defender plans and security
 * contact (`azurerm_security_center_subscription_pricing`, `azurerm_security_center_contact`)
 * and the cost anomaly alert (`azurerm_cost_anomaly_alert`, a Cost Management scheduled action
 * on the subscription, reading the built-in anomaly view). Built-in roles would add far more:
 * Security Admin can assign Azure Policy, Monitoring Contributor writes every alert and
 * workspace, Cost Management Contributor every export.
 */
export function subscriptionSettingsActions(settings: AzureCiSubscriptionSettings): string[] {
  return [
    "Microsoft.Insights/diagnosticSettings/*",
    ...(settings.defenderPlans ? ["Microsoft.Security/pricings/*", "Microsoft.Security/securityContacts/*"] : []),
    ...(settings.costAnomalyAlert ? ["Microsoft.CostManagement/scheduledActions/*", "Microsoft.CostManagement/views/read"] : []),
  ];
}

/**
 * What the deploy identity may do in the environment's resource group: the resource types the
 * azure-<env> stack creates there (every `azurerm_*` type of the synthesized stack, by its
 * Azure resource provider type), not Contributor's `*`, so a stolen deploy token cannot start
 * virtual machines or open networks in the group. Plus the authorization writes besides role
 * assignments: the custom roles the stack defines there (key manager, signer, verifier, model
 * writer, gate roles) and the `CanNotDelete` locks under strict. No `locks/delete`: removing a
 * lock stays with Owner and User Access Administrator (docs/deploy-azure.md, break-glass).
 */
export const DEPLOY_RESOURCE_ACTIONS = [
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
] as const;

/**
 * What joining the gates' subnet takes: VNet integration of the function apps
 * (`subnets/join/action`) and the subnet in the vault's and storage accounts' firewalls
 * (`subnets/joinViaServiceEndpoint/action`), nothing else of the network.
 */
export const SUBNET_JOIN_ACTIONS = [
  "Microsoft.Network/virtualNetworks/subnets/read",
  "Microsoft.Network/virtualNetworks/subnets/join/action",
  "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action",
] as const;

/** Which subscription-level resources the environment's stack creates. */
export interface AzureCiSubscriptionSettings {
  /** The stack sets the Defender plans and the security contact (`clouds.azure.threatDetection.defenderPlans`). */
  readonly defenderPlans: boolean;
  /** The stack creates the cost anomaly alert (there are monitoring emails to send it to). */
  readonly costAnomalyAlert: boolean;
}

/** The environment's GitOps bootstrap (`clouds.azure.environments.<env>.gitops`). */
export interface AzureCiGitops {
  /** The existing AKS cluster's name. */
  readonly clusterName: string;
  /** The cluster's resource group, in the environment's subscription. */
  readonly clusterResourceGroupName: string;
  /** GitOps engine: flux installs the `microsoft.flux` cluster extension, argocd a Helm chart. */
  readonly engine: "flux" | "argocd";
  /**
   * The Git credentials secret (`repository.credentials`), read ephemerally at plan and apply.
   * @default - a public repository: no secret to read
   */
  readonly credentials?: { readonly keyVaultId: string; readonly name: string };
}

/** Where the environment stack's state lives (`clouds.azure.backend` of type azurerm). */
export interface AzureCiState {
  /** Resource id of the state storage account. */
  readonly storageAccountId: string;
  /** The state container (`tfstate`). */
  readonly containerName: string;
  /** The environment stack's state blob (`azure-<env>.tfstate`). */
  readonly key: string;
}

export interface CiFederationAzureProps {
  /** Organisation short name (`organization.name`). */
  readonly organization: string;
  /** The CI environment whose identities these are. */
  readonly environment: string;
  /** The environment's subscription (a UUID). */
  readonly subscriptionId: string;
  /** Entra ID tenant of the subscription: the tenant the pipelines sign in to. */
  readonly tenantId: string;
  /** Azure location of the CI resource group and identities. */
  readonly location: string;
  /** The `ci` settings: provider, repository, default branch, issuer. */
  readonly ci: CiSettings;
  /** Model repositories publishing into this environment: one publisher identity each. @default [] */
  readonly publishers?: readonly CiPublisher[];
  /**
   * The environment's resource group (`azureResourceGroupName(org, env)`): where the deploy
   * identity creates resources and assigns roles. It must exist before this stack's role
   * assignments on it are created.
   */
  readonly environmentResourceGroupName: string;
  /**
   * Create the environment's resource group here: its stack applies after this one and reads
   * it, so the deploy identity's roles on it can be assigned now. @default false (it exists)
   */
  readonly createEnvironmentResourceGroup?: boolean;
  /** Put a `CanNotDelete` lock on the CI resource group (protection.managementLocks). @default true */
  readonly deleteLock?: boolean;
  /** The environment stack's subscription-level resources. @default { defenderPlans: true, costAnomalyAlert: true } */
  readonly subscriptionSettings?: AzureCiSubscriptionSettings;
  /**
   * The gates' subnet (`functions.subnetId`): the deploy identity may join it, nothing more.
   * @default - no subnet
   */
  readonly gateSubnetId?: string;
  /** The GitOps bootstrap's cluster and secret. @default - no GitOps bootstrap */
  readonly gitops?: AzureCiGitops;
  /** The environment stack's remote state. @default - local state: no grant */
  readonly state?: AzureCiState;
  /**
   * The environment's log account in the evidence subscription (`clouds.azure.evidence`): the
   * environment's diagnostic settings deliver there, and its gates write records there.
   * @default - the environment keeps its own log account
   */
  readonly evidenceLogAccountId?: string;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A built-in role by name, or a role definition resource id. */
type RoleRef = { readonly name: string } | { readonly definitionId: string };

/**
 * The CI identities of one Azure environment, in their own resource group `rg-<org>-<env>-ci`:
 *
 * - plan (`id-<org>-<env>-ci-plan`): trusted for pull requests and the default branch of the
 *   repository (exact subjects: Entra ID has no wildcards); Reader on the subscription, Key
 *   Vault Reader on the environment's resource group (Terraform refreshes key metadata through
 *   the Key Vault data plane), read-only cluster roles and the GitOps secret, its own state blob.
 * - deploy (`id-<org>-<env>-ci-deploy`): trusted only for the deploy job of the environment
 *   (GitHub: the protected environment; GitLab: the protected default branch); a role naming
 *   the stack's resource types and a conditioned RBAC Administrator on the environment's
 *   resource group, a custom role with just the subscription-level settings the stack writes,
 *   the subnet join, cluster roles, its own state blob. No role of it covers
 *   `rg-<org>-<env>-ci`: its resource and RBAC Administrator roles stop at the environment's
 *   group (and its evidence log account), so the deploy job can neither edit its identities'
 *   credentials nor grant itself a role over them; at subscription scope it holds only Reader
 *   and the settings role, which writes no identity.
 * - one publisher per model repository (`id-<org>-<env>-ci-publish-<name>`): trusted only for
 *   that repository's publish job, with no role here; the azure-<env> stack grants it
 *   incoming/ of its registries and the signing key, by the principal id it reads.
 *
 * Under strict protection the CI resource group carries a `CanNotDelete` lock.
 */
export class CiFederationAzure extends Construct {
  /** `rg-<org>-<env>-ci`. */
  public readonly resourceGroup: ResourceGroup;
  /** The plan identity. */
  public readonly plan: CiIdentity;
  /** The deploy identity. */
  public readonly deploy: CiIdentity;
  /** Publisher identities by model repository name. */
  public readonly publishers: Readonly<Record<string, CiIdentity>>;
  /** The lock on the CI resource group (strict only). */
  public readonly deleteLock?: ManagementLock;
  /** Entra ID tenant the pipelines sign in to. */
  public readonly tenantId: string;
  /** The subscription the identities and their roles are in. */
  public readonly subscriptionId: string;

  private readonly roles: Construct;

  constructor(scope: Construct, id: string, props: CiFederationAzureProps) {
    super(scope, id);
    const org = props.organization;
    const env = props.environment;
    if (props.environmentResourceGroupName === azureCiResourceGroupName(org, env)) {
      // The deploy identity's roles on that group would then cover its own credentials.
      throw new BlueprintValidationError([
        {
          code: "AZURE_CI_SCOPE_OVERLAP",
          constructPath: this.node.path,
          prop: "environmentResourceGroupName",
          value: JSON.stringify(props.environmentResourceGroupName),
          accepted: `a resource group other than the CI identities' ${azureCiResourceGroupName(org, env)}`,
        },
      ]);
    }
    this.tenantId = props.tenantId;
    this.subscriptionId = props.subscriptionId;
    const subscription = `/subscriptions/${props.subscriptionId}`;
    const environmentGroup = props.createEnvironmentResourceGroup
      ? new ResourceGroup(this, "environment-resource-group", { name: props.environmentResourceGroupName, location: props.location, tags: { ...props.tags } }).id
      : `${subscription}/resourceGroups/${props.environmentResourceGroupName}`;
    this.resourceGroup = new ResourceGroup(this, "resource-group", {
      name: azureCiResourceGroupName(org, env),
      location: props.location,
      tags: { ...props.tags },
    });
    if (props.deleteLock ?? true) {
      // The lock also refuses deleting an identity or a credential: under strict, even
      // narrowing the trust waits for an administrator to lift it.
      this.deleteLock = cannotDeleteLock(this, this.resourceGroup.id, `CI identities of ${env}`, "CI trust");
    }
    const issuerUrl = ciIssuerUrl(props.ci);
    const subjects = ciSubjects(props.ci);
    const identity = (role: CiRole, idSuffix: string, subjectList: readonly string[], publisher?: string): CiIdentity =>
      new CiIdentity(this, idSuffix, {
        name: azureCiIdentityName(org, env, role, publisher),
        resourceGroupName: this.resourceGroup.name,
        location: props.location,
        issuerUrl,
        subjects: subjectList,
        tags: props.tags,
      });
    this.plan = identity("plan", "plan", subjects.planExact);
    this.deploy = identity("deploy", "deploy", [subjects.deploy(env)]);
    const publishers: Record<string, CiIdentity> = {};
    for (const p of props.publishers ?? []) {
      publishers[p.name] = identity("publish", `publish-${p.name}`, [subjects.publish(p.repository, env)], p.name);
    }
    this.publishers = publishers;

    this.roles = new Construct(this, "roles");
    const plan = this.plan.principalId;
    const deploy = this.deploy.principalId;

    // Plan: reads only. Reader covers every control-plane refresh and the data sources (the CI
    // publishers' identities in this group included); key metadata is data plane.
    this.assign("plan-reader", subscription, { name: "Reader" }, plan, "CI plan: read every resource of the subscription for terraform plan.");
    this.assign("plan-key-vault-reader", environmentGroup, { name: "Key Vault Reader" }, plan, "CI plan: read key metadata (never key material) when refreshing the environment's keys.");

    // Deploy: the environment's resource group, and the subscription settings by name.
    this.assign("deploy-reader", subscription, { name: "Reader" }, deploy, "CI deploy: read the subscription for refresh and data sources.");
    const deployer = new RoleDefinition(this.roles, "deploy-role", {
      name: `Blueprint CI deployer (${org}-${env})`,
      scope: subscription,
      // Assignable on the subscription, so the role can be defined whether or not the
      // environment's group exists yet; the assignment below confines it to that group.
      assignableScopes: [subscription],
      description: `CI deploy of ${env}: the resource types of its stack, its custom roles and locks; never remove a lock.`,
      permissions: [{ actions: [...DEPLOY_RESOURCE_ACTIONS] }],
    });
    this.assign("deploy-resources", environmentGroup, { definitionId: deployer.roleDefinitionResourceId }, deploy, `CI deploy: create and change the resources of ${props.environmentResourceGroupName}.`);
    this.assign(
      "deploy-rbac-administrator",
      environmentGroup,
      { name: "Role Based Access Control Administrator" },
      deploy,
      "CI deploy: the stack's role assignments, never a role that grants access (Owner, User Access Administrator, RBAC or Key Vault Data Access Administrator).",
      rbacDelegationCondition(),
    );
    const settings = new RoleDefinition(this.roles, "deploy-subscription-settings-role", {
      name: `Blueprint CI deployer subscription settings (${org}-${env})`,
      scope: subscription,
      assignableScopes: [subscription],
      description: `CI deploy of ${env}: the subscription-level settings its stack owns (Activity Log export, Defender plans, cost anomaly alert).`,
      permissions: [{ actions: subscriptionSettingsActions(props.subscriptionSettings ?? { defenderPlans: true, costAnomalyAlert: true }) }],
    });
    this.assign("deploy-subscription-settings", subscription, { definitionId: settings.roleDefinitionResourceId }, deploy, "CI deploy: the subscription-level settings of the environment's stack.");

    if (props.gateSubnetId !== undefined) {
      const subnetSubscription = `/subscriptions/${props.gateSubnetId.split("/")[2] ?? props.subscriptionId}`;
      // Custom roles take subscriptions, groups or management groups as assignable scopes, not
      // a resource: defined on the subnet's subscription, assigned on the subnet alone.
      const join = new RoleDefinition(this.roles, "deploy-subnet-join-role", {
        name: `Blueprint CI deployer subnet join (${org}-${env})`,
        scope: subnetSubscription,
        assignableScopes: [subnetSubscription],
        description: `CI deploy of ${env}: join the gates' subnet (VNet integration, firewall rules), nothing else of the network.`,
        permissions: [{ actions: [...SUBNET_JOIN_ACTIONS] }],
      });
      this.assign("deploy-subnet-join", props.gateSubnetId, { definitionId: join.roleDefinitionResourceId }, deploy, "CI deploy: the gates join this subnet.");
    }

    if (props.gitops) this.addGitops(props.gitops, subscription);
    if (props.state) this.addState(props.state);
    if (props.evidenceLogAccountId !== undefined) {
      // Azure Monitor needs ListKeys on a destination in another subscription to create a
      // diagnostic setting into it (docs/deploy-azure.md, "Deploy order and roles"); the gates'
      // records role is assigned on its audit-logs container.
      this.assign("deploy-evidence-log-account", props.evidenceLogAccountId, { name: "Reader and Data Access" }, deploy, "CI deploy: diagnostic settings into the environment's evidence log account.");
      this.assign(
        "deploy-evidence-rbac-administrator",
        props.evidenceLogAccountId,
        { name: "Role Based Access Control Administrator" },
        deploy,
        "CI deploy: the gates' records role on the evidence log account, never a role that grants access (Owner, User Access Administrator, RBAC or Key Vault Data Access Administrator).",
        rbacDelegationCondition(),
      );
    }
  }

  /**
   * The cluster the GitOps bootstrap installs into, and its Git credentials secret. Both
   * identities read the cluster through `data.azurerm_kubernetes_cluster` (its user credential
   * listing) and sign in to Kubernetes with kubelogin; plan reads, deploy administers; the
   * secret is an ephemeral read at plan and at apply, so both get it, on that secret alone.
   */
  private addGitops(gitops: AzureCiGitops, subscription: string): void {
    const cluster = `${subscription}/resourceGroups/${gitops.clusterResourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${gitops.clusterName}`;
    const plan = this.plan.principalId;
    const deploy = this.deploy.principalId;
    this.assign("plan-cluster-user", cluster, { name: "Azure Kubernetes Service Cluster User Role" }, plan, "CI plan: read the cluster's endpoint for the Kubernetes providers.");
    // Reader excludes Secrets: a pull request's plan cannot read what the cluster keeps secret.
    this.assign("plan-cluster-reader", cluster, { name: "Azure Kubernetes Service RBAC Reader" }, plan, "CI plan: read the cluster's objects, Secrets excepted.");
    this.assign("deploy-cluster-user", cluster, { name: "Azure Kubernetes Service Cluster User Role" }, deploy, "CI deploy: read the cluster's endpoint for the Kubernetes providers.");
    this.assign("deploy-cluster-admin", cluster, { name: "Azure Kubernetes Service RBAC Cluster Admin" }, deploy, "CI deploy: install the GitOps controllers, their Git credentials and admission policy.");
    if (gitops.engine === "flux") {
      this.assign("deploy-cluster-extension", cluster, { name: "Kubernetes Extension Contributor" }, deploy, "CI deploy: the microsoft.flux cluster extension.");
    }
    if (gitops.credentials) {
      const secret = `${gitops.credentials.keyVaultId}/secrets/${gitops.credentials.name}`;
      this.assign("plan-gitops-secret", secret, { name: "Key Vault Secrets User" }, plan, "CI plan: read the GitOps Git credentials (ephemeral, never stored in state).");
      this.assign("deploy-gitops-secret", secret, { name: "Key Vault Secrets User" }, deploy, "CI deploy: read the GitOps Git credentials (ephemeral, never stored in state).");
    }
  }

  /** The environment stack's state blob: plan reads it, deploy reads, writes and leases it. */
  private addState(state: AzureCiState): void {
    const container = `${state.storageAccountId}/blobServices/default/containers/${state.containerName}`;
    this.assign("plan-state", container, { name: "Storage Blob Data Reader" }, this.plan.principalId, `CI plan: read the state blob ${state.key} only.`, stateBlobCondition(state.key, false));
    this.assign(
      "deploy-state",
      container,
      { name: "Storage Blob Data Contributor" },
      this.deploy.principalId,
      `CI deploy: read, write and lease the state blob ${state.key} only.`,
      stateBlobCondition(state.key, true),
    );
  }

  private assign(id: string, scope: string, role: RoleRef, principalId: string, description: string, condition?: string): RoleAssignment {
    return new RoleAssignment(this.roles, id, {
      scope,
      ...("name" in role ? { roleDefinitionName: role.name } : { roleDefinitionId: role.definitionId }),
      principalId,
      // A managed identity just created may not have replicated in Entra ID yet: with the type
      // given, Azure skips the lookup that would fail with PrincipalNotFound.
      principalType: "ServicePrincipal",
      description,
      ...(condition === undefined ? {} : { condition, conditionVersion: "2.0" }),
    });
  }
}
