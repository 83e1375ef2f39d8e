import { TerraformOutput } from "cdktf";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { CiFederationGcp } from "../modules/ci-federation-gcp";
import { gcpBackend } from "./backends";
import { CiWiring } from "./ci-stack";
import { googleProvider } from "./providers";

/**
 * ci-gcp-<env>: the provider in the environment's project, state in the GCP backend like the
 * environment stacks, and the environment's pool, provider and CI service accounts. Outputs what
 * the pipelines are configured with: the provider's resource name (variable
 * `GCP_WORKLOAD_IDENTITY_PROVIDER_<ENV>`) and each service account's email.
 */
export const wireCiGcp: CiWiring = (stack, { config, ci, environment, publishers, tags, backend }) => {
  const gcp = config.clouds.gcp;
  const placement = gcp?.environments[environment];
  if (!gcp || !placement) {
    // buildBlueprint creates this stack only for CI environments placed on GCP; this guards
    // callers that wire it from a hand-made config.
    throw new BlueprintValidationError([
      {
        code: "GCP_CI_ENVIRONMENT_NOT_PLACED",
        constructPath: stack.node.path,
        prop: gcp ? `clouds.gcp.environments.${environment}` : "clouds.gcp",
        value: "missing",
        accepted: "the CI environment placed in a GCP project (clouds.gcp.environments.<env>.projectId)",
      },
    ]);
  }
  googleProvider(stack, placement.projectId, placement.region, tags);
  gcpBackend(stack, backend, gcp);
  const credentials = placement.gitops?.repository.credentials;
  const federation = new CiFederationGcp(stack, "ci", {
    organization: config.organization.name,
    environment,
    projectId: placement.projectId,
    ci,
    publishers,
    ...(credentials ? { secretsReadAtPlan: [credentials] } : {}),
  });
  new TerraformOutput(stack, "workload-identity-provider", {
    value: federation.pool.providerName,
    description: `Workload identity provider of ${environment}: the pipelines' GCP_WORKLOAD_IDENTITY_PROVIDER_${environment.toUpperCase()}`,
  });
  new TerraformOutput(stack, "plan-service-account", { value: federation.plan.email, description: `Service account the plan jobs of ${ci.repository} impersonate in ${environment}` });
  new TerraformOutput(stack, "deploy-service-account", { value: federation.deploy.email, description: `Service account the deploy job of ${environment} impersonates` });
  for (const [name, account] of Object.entries(federation.publishers)) {
    new TerraformOutput(stack, `publisher-${name}-service-account`, { value: account.email, description: `Service account the publish job of ${name} impersonates in ${environment}` });
  }
};
