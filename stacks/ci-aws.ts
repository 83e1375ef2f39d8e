import { TerraformOutput } from "cdktf";
import { awsPartition } from "../config/regions";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { CiFederationAws } from "../modules/ci-federation-aws";
import { awsBackend } from "./backends";
import { CiWiring } from "./ci-stack";
import { awsProvider } from "./providers";

/**
 * `ci-aws-<env>`, in the environment's account and region: the CI issuer's OIDC provider and
 * the plan, deploy and publisher roles of the environment. Its provider only accepts that
 * account; its state goes to the AWS backend like every other AWS stack. An administrator
 * applies it before `aws-<env>` (whose registries admit the publisher roles by name).
 */
export const wireCiAws: CiWiring = (stack, { config, ci, environment, publishers, tags, backend }) => {
  const aws = config.clouds.aws;
  const placement = aws?.environments[environment];
  if (!aws || !placement) {
    // buildBlueprint creates this stack only for environments placed on AWS; this guards
    // callers that wire it from a hand-made config.
    throw new BlueprintValidationError([
      {
        code: "AWS_CI_ENVIRONMENT_NOT_PLACED",
        constructPath: stack.node.path,
        prop: aws ? `clouds.aws.environments.${environment}` : "clouds.aws",
        value: "missing",
        accepted: `the CI environment ${environment} placed under clouds.aws.environments with its accountId and region`,
      },
    ]);
  }
  const { accountId, region } = placement;
  awsProvider(stack, accountId, region, tags);
  awsBackend(stack, backend, aws);
  const gitops = placement.gitops;
  const federation = new CiFederationAws(stack, "ci", {
    organization: config.organization.name,
    environment,
    accountId,
    region,
    partition: awsPartition(region),
    ci,
    existingOidcProvider: ci.aws.existingOidcProvider,
    publishers,
    ...(gitops
      ? { gitops: { clusterName: gitops.cluster.name, ...(gitops.repository.credentials ? { credentialsSecretArn: gitops.repository.credentials } : {}) } }
      : {}),
    ...(aws.evidence ? { evidence: { accountId: aws.evidence.accountId, region: aws.evidence.region } } : {}),
    ...(aws.backend.type === "s3" && aws.backend.roleArn ? { backendRoleArn: aws.backend.roleArn } : {}),
  });
  new TerraformOutput(stack, "oidc-provider", {
    value: federation.issuer.providerArn,
    description: `IAM OIDC provider of ${federation.issuer.issuerUrl}, which every CI role of ${environment} trusts`,
  });
  new TerraformOutput(stack, "plan-role", {
    value: federation.planRole.roleArn,
    description: `Role the pull-request and branch pipelines' plan job (cdktf diff, blueprint audit --plan) assumes for ${environment}: read-only`,
  });
  new TerraformOutput(stack, "deploy-role", {
    value: federation.deployRole.roleArn,
    description: `Role the main pipeline's apply job of environment ${environment} assumes: applies aws-${environment}`,
  });
  for (const [name, role] of Object.entries(federation.publisherRoles)) {
    new TerraformOutput(stack, `publisher-${name}-role`, {
      value: role.roleArn,
      description: `Role the model publishing job of ${publishers.find((p) => p.name === name)?.repository ?? name} assumes for ${environment}: blueprint model sign --kms and the upload under incoming/`,
    });
  }
};
