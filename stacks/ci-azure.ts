import { TerraformOutput } from "cdktf";
import { STATE_CONTAINER_NAME } from "../constructs/azure/state-bucket";
import { azureResourceGroupName, azureStorageAccountId, stateKey } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";
import { toTagMap } from "../constructs/shared/tags";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { CiFederationAzure } from "../modules/ci-federation-azure";
import { azureEvidenceLogAccount } from "../modules/evidence-azure";
import { azureStateNames } from "../modules/state-backend-azure";
import { azureBackend } from "./backends";
import { CiWiring } from "./ci-stack";
import { azurermProvider } from "./providers";
import { supplyChainStackName } from "./supply-chain-stack";

/**
 * ci-azure-<env>: the environment's CI identities in its own subscription, state in the Azure
 * backend like every Azure stack. The outputs are what the pipelines need as CI variables
 * (`AZURE_CLIENT_ID_PLAN_<ENV>`, `AZURE_CLIENT_ID_DEPLOY_<ENV>`,
 * `AZURE_CLIENT_ID_PUBLISH_<NAME>_<ENV>`, cli/ci-targets.ts): client ids are assigned by Entra ID
 * at apply, so config cannot know them.
 */
export const wireCiAzure: CiWiring = (stack, { config, ci, environment, publishers, tags, backend }) => {
  const azure = config.clouds.azure;
  const placement = azure?.environments[environment];
  if (!azure || !placement) {
    // config/cross-checks.ts places every CI environment on every enabled cloud; reached, it is a caller's mistake.
    throw new BlueprintValidationError([
      {
        code: "AZURE_CI_ENVIRONMENT_NOT_PLACED",
        constructPath: stack.node.path,
        prop: azure ? `clouds.azure.environments.${environment}` : "clouds.azure",
        value: "undefined",
        accepted: "the CI environment placed on Azure, with its subscriptionId and location",
      },
    ]);
  }
  const org = config.organization.name;
  const env = config.environments[environment]!;
  azurermProvider(stack, placement.subscriptionId, azure.tenantId);
  azureBackend(stack, backend, azure);
  const gitops = placement.gitops;
  const stateNames = azureStateNames(org, azure.stateBackend.subscriptionId);
  const remoteState = azure.backend.type === "azurerm" ? azure.backend : undefined;
  const module = new CiFederationAzure(stack, "ci", {
    organization: org,
    environment,
    subscriptionId: placement.subscriptionId,
    tenantId: azure.tenantId,
    location: placement.location,
    ci,
    publishers,
    environmentResourceGroupName: azureResourceGroupName(org, environment),
    // The environment stack applies after this one and reads the group (existingResourceGroup).
    createEnvironmentResourceGroup: true,
    deleteLock: PROTECTION[env.protection].managementLocks,
    subscriptionSettings: {
      defenderPlans: azure.threatDetection.defenderPlans,
      // modules/ai-supply-chain-azure.ts creates the alert only with someone to email.
      costAnomalyAlert: (env.monitoring.notifications?.emails ?? []).length > 0,
    },
    ...(placement.functions.subnetId === undefined ? {} : { gateSubnetId: placement.functions.subnetId }),
    ...(gitops
      ? {
          gitops: {
            clusterName: gitops.cluster.name,
            clusterResourceGroupName: gitops.cluster.resourceGroup,
            engine: gitops.engine,
            ...(gitops.repository.credentials ? { credentials: { keyVaultId: gitops.repository.credentials.keyVaultId, name: gitops.repository.credentials.name } } : {}),
          },
        }
      : {}),
    ...(remoteState
      ? {
          state: {
            storageAccountId: azureStorageAccountId(
              azure.stateBackend.subscriptionId,
              remoteState.resourceGroupName ?? stateNames.resourceGroupName,
              remoteState.storageAccountName ?? stateNames.storageAccountName,
            ),
            containerName: STATE_CONTAINER_NAME,
            key: stateKey("azure", supplyChainStackName("azure", environment)),
          },
        }
      : {}),
    ...(azure.evidence ? { evidenceLogAccountId: azureEvidenceLogAccount(org, environment, azure.evidence.subscriptionId).storageAccountId } : {}),
    tags: toTagMap(tags),
  });
  new TerraformOutput(stack, "tenant-id", { value: module.tenantId, description: "Entra ID tenant the pipelines sign in to (AZURE_TENANT_ID)" });
  new TerraformOutput(stack, "subscription-id", { value: module.subscriptionId, description: `Subscription of environment ${environment} (AZURE_SUBSCRIPTION_ID)` });
  new TerraformOutput(stack, "plan-client-id", { value: module.plan.clientId, description: `Client id of the plan identity: CI variable AZURE_CLIENT_ID_PLAN_${environment.toUpperCase()}` });
  new TerraformOutput(stack, "deploy-client-id", { value: module.deploy.clientId, description: `Client id of the deploy identity: CI variable AZURE_CLIENT_ID_DEPLOY_${environment.toUpperCase()}` });
  for (const [name, identity] of Object.entries(module.publishers)) {
    const variable = `AZURE_CLIENT_ID_PUBLISH_${name.toUpperCase().replace(/-/g, "_")}_${environment.toUpperCase()}`;
    new TerraformOutput(stack, `publisher-${name}-client-id`, { value: identity.clientId, description: `Client id of publisher ${name}: CI variable ${variable}` });
  }
};
