import { Fn } from "cdktf";
import { Construct } from "constructs";
import { AwsGitopsConfig, AzureGitopsConfig, GcpGitopsConfig, GitopsConfig, gitopsAdmission } from "../config/gitops";
import { ProtectionLevel } from "../constructs/shared/protection";
import { AwsGitOpsBootstrap } from "../constructs/aws/gitops-bootstrap";
import { AzureGitOpsBootstrap } from "../constructs/azure/gitops-bootstrap";
import { GcpGitOpsBootstrap } from "../constructs/gcp/gitops-bootstrap";
import { GitOpsBootstrapCommonProps } from "../constructs/shared/gitops-bootstrap-props";
import { BridgeModelRegistry } from "../constructs/shared/gitops";
import { awsImageRepositoryName, awsServiceHost, gcpImageRepositoryName, resourceName } from "../constructs/shared/naming";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { AiSupplyChainAws } from "../modules/ai-supply-chain-aws";
import { AiSupplyChainAzure } from "../modules/ai-supply-chain-azure";
import { AiSupplyChainGcp } from "../modules/ai-supply-chain-gcp";

/** Where a bootstrap goes and what it is told about the environment. */
export interface GitopsContext {
  readonly organization: string;
  readonly environment: string;
  readonly protection: ProtectionLevel;
}

/** The bootstrap's construct id in an environment stack. */
const ID = "gitops";

/**
 * Every setting a GitOpsInstall takes from config and from what the module created. The
 * registry host and repository prefix are the ones images are pushed to; the signing key is the
 * environment's model-signing key, which also signs model-serving images (cosign, by KMS URI).
 */
function commonProps(
  stack: Construct,
  cloud: "aws" | "gcp" | "azure",
  gitops: GitopsConfig,
  context: GitopsContext,
  registry: { host: string; prefix: string; signingKeyUri: string | undefined; signingPublicKeyPem: string | undefined },
  modelRegistries: readonly BridgeModelRegistry[],
  gateAttestationPublicKey: string | undefined,
): GitOpsBootstrapCommonProps {
  if (registry.signingKeyUri === undefined) {
    throw new BlueprintValidationError([{
      code: "GITOPS_REGISTRIES_REQUIRED",
      constructPath: `${stack.node.path}/${ID}`,
      prop: `clouds.${cloud}.environments.${context.environment}.registries`,
      value: "[]",
      accepted: "at least one registry: the admission policies admit images signed with the signing key the registries create",
    }]);
  }
  const mode = gitopsAdmission(gitops, context.protection);
  const { revision } = gitops.repository;
  return {
    install: {
      engine: gitops.engine,
      source: {
        url: gitops.repository.url,
        path: gitops.repository.path,
        revision: revision.tag !== undefined ? { tag: revision.tag } : revision.commit !== undefined ? { commit: revision.commit } : { branch: revision.branch! },
      },
      signingKeys: (gitops.verification?.signingKeys ?? []).map((k) => ({ keyId: k.id, armoredPublicKey: k.publicKey })),
      facts: {
        cloud,
        environment: context.environment,
        imageRegistryHost: registry.host,
        imageRepositoryPrefix: registry.prefix,
        signingKeyUri: registry.signingKeyUri,
        modelRegistries,
        ...(gateAttestationPublicKey === undefined ? {} : { gateAttestationPublicKey }),
      },
      egress: { gitHostCidrs: gitops.egress.gitHostCidrs, apiServerCidrs: gitops.egress.apiServerCidrs },
      // The policy controller verifies against the key's PEM: it needs no KMS access in the cluster.
      admission: {
        registryHost: registry.host,
        repositoryPrefix: registry.prefix,
        mode,
        signingKeyUri: registry.signingKeyUri,
        ...(registry.signingPublicKeyPem === undefined ? {} : { signingPublicKeyPem: registry.signingPublicKeyPem }),
      },
      // Image signatures are enforced where admission is: prod by default.
      imageSignatures: mode === "enforce",
    },
  };
}

/** The OCI path prefix of an AWS environment's repositories: `<org>-<env>/`. */
function awsRepositoryPrefix(organization: string, environment: string): string {
  const name = awsImageRepositoryName(organization, environment, "model-serving");
  return `${name.slice(0, name.lastIndexOf("/"))}/`;
}

export function wireGitopsAws(stack: Construct, gitops: AwsGitopsConfig, context: GitopsContext, module: AiSupplyChainAws, placement: { accountId: string; region: string; partition: string }): AwsGitOpsBootstrap {
  const signingKey = module.signingKey;
  const common = commonProps(
    stack,
    "aws",
    gitops,
    context,
    {
      host: `${placement.accountId}.${awsServiceHost("dkr.ecr", placement.partition, placement.region)}`,
      prefix: awsRepositoryPrefix(context.organization, context.environment),
      signingKeyUri: signingKey ? `awskms:///${signingKey.keyArn}` : undefined,
      signingPublicKeyPem: signingKey?.publicKeyPem,
    },
    module.registries.map((r) => ({ name: r.registryName, artifactStore: r.bucketName })),
    module.attestationKey?.publicKeyPem,
  );
  return new AwsGitOpsBootstrap(stack, ID, {
    ...common,
    clusterName: gitops.cluster.name,
    ...(gitops.repository.credentials ? { credentialsSecretArn: gitops.repository.credentials } : {}),
    ...(gitops.managed && gitops.identityCenter
      ? { managedArgoCd: { identityCenterInstanceArn: gitops.identityCenter.instanceArn, identityCenterRegion: gitops.identityCenter.region, roleName: resourceName(context.organization, context.environment, "argocd-capability"), accountId: placement.accountId, partition: placement.partition } }
      : {}),
  });
}

export function wireGitopsGcp(stack: Construct, gitops: GcpGitopsConfig, context: GitopsContext, module: AiSupplyChainGcp, placement: { projectId: string; region: string }): GcpGitOpsBootstrap {
  const signingKey = module.signingKey;
  const common = commonProps(
    stack,
    "gcp",
    gitops,
    context,
    {
      host: `${placement.region}-docker.pkg.dev`,
      prefix: `${placement.projectId}/${gcpImageRepositoryName(context.organization, context.environment)}/`,
      signingKeyUri: signingKey ? `gcpkms://${signingKey.firstVersionName}` : undefined,
      signingPublicKeyPem: signingKey?.publicKeyPem,
    },
    module.registries.map((r) => ({ name: r.registryName, artifactStore: r.bucketName })),
    module.attestationKey?.publicKeyPem,
  );
  return new GcpGitOpsBootstrap(stack, ID, {
    ...common,
    projectId: placement.projectId,
    clusterName: gitops.cluster.name,
    location: gitops.cluster.location ?? placement.region,
    ...(gitops.repository.credentials ? { credentialsSecret: gitops.repository.credentials } : {}),
  });
}

export function wireGitopsAzure(stack: Construct, gitops: AzureGitopsConfig, context: GitopsContext, module: AiSupplyChainAzure): AzureGitOpsBootstrap {
  const signingKey = module.signingKey;
  const registry = module.containerRegistry!;
  const common = commonProps(
    stack,
    "azure",
    gitops,
    context,
    {
      host: registry.loginServer,
      prefix: "model-serving/",
      // https://<vault>.vault.azure.net/keys/<name> → azurekms://<vault>.vault.azure.net/<name> (cosign's Azure Key Vault URI).
      signingKeyUri: signingKey ? `azurekms://${Fn.replace(Fn.trimprefix(signingKey.versionlessKeyId, "https://"), "/keys/", "/")}` : undefined,
      signingPublicKeyPem: signingKey?.publicKeyPem,
    },
    module.registries.map((r) => ({ name: r.registryName, artifactStore: r.approved.name, storageAccount: r.storageAccountName })),
    undefined,
  );
  return new AzureGitOpsBootstrap(stack, ID, {
    ...common,
    clusterName: gitops.cluster.name,
    resourceGroupName: gitops.cluster.resourceGroup,
    ...(gitops.repository.credentials ? { credentialsSecret: gitops.repository.credentials } : {}),
  });
}
