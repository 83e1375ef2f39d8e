import { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import { KubernetesClusterExtension } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-extension";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { EphemeralResource } from "../shared/ephemeral-resource";
import { AKS_FLUX_EXTENSION } from "../shared/gitops";
import { GitOpsBootstrapCommonProps, gitCredentialExpressions } from "../shared/gitops-bootstrap-props";
import { clusterProviders } from "../shared/gitops-providers";
import { GitOpsInstall } from "../shared/gitops-install";

/**
 * The Entra ID server application of AKS-managed Entra integration, the audience kubelogin asks
 * tokens for ("Use kubelogin to authenticate in AKS", learn.microsoft.com/azure/aks/kubelogin-authentication).
 */
export const AKS_ENTRA_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

export interface AzureGitOpsBootstrapProps extends GitOpsBootstrapCommonProps {
  /** Name of the existing AKS cluster, looked up with `data.azurerm_kubernetes_cluster`. */
  readonly clusterName: string;
  /** Its resource group (an AKS name is unique only within its group). */
  readonly resourceGroupName: string;
  /**
   * Key Vault secret with the Git credentials as JSON `{ "username", "password" }`: the vault's
   * resource id and the secret's name, as the ephemeral `azurerm_key_vault_secret` takes them
   * (terraform-provider-azurerm internal/services/keyvault/key_vault_secret_ephemeral.go).
   * @default none: a public repository
   */
  readonly credentialsSecret?: { readonly keyVaultId: string; readonly name: string };
  /**
   * kubelogin's login mode: `azurecli` (the deployer's `az login`) or `workloadidentity` (a CI job's federated token).
   * @default "azurecli"
   */
  readonly kubeloginMode?: "azurecli" | "workloadidentity";
}

/**
 * GitOps bootstrap of an existing AKS cluster with Entra ID authentication: the cluster by
 * `data.azurerm_kubernetes_cluster` (its endpoint and CA only), the providers with the kubelogin
 * exec plugin, which gets an Entra ID token for the AKS server application on each call: no
 * client certificate, no static kubeconfig. Flux: the native `microsoft.flux` cluster extension,
 * pinned, provides the controllers, and the blueprint's GitRepository (with `verify`) and
 * Kustomization sync the environment path. `azurerm_kubernetes_flux_configuration` is not used:
 * its `git_repository` block (azurerm 4.55) has no commit-signature verification, so a
 * configuration made with it would sync unsigned commits. Argo CD: the argo-cd chart.
 */
export class AzureGitOpsBootstrap extends Construct {
  public readonly install: GitOpsInstall;
  /** The microsoft.flux extension, with engine flux. */
  public readonly fluxExtension?: KubernetesClusterExtension;

  constructor(scope: Construct, id: string, props: AzureGitOpsBootstrapProps) {
    super(scope, id);
    const cluster = new DataAzurermKubernetesCluster(this, "cluster", { name: props.clusterName, resourceGroupName: props.resourceGroupName });
    const kubeConfig = cluster.kubeConfig.get(0);
    clusterProviders(this, {
      host: kubeConfig.host,
      clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate),
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "kubelogin",
        args: ["get-token", "--login", props.kubeloginMode ?? "azurecli", "--server-id", AKS_ENTRA_SERVER_ID],
      },
    });
    const credentials = props.credentialsSecret
      ? gitCredentialExpressions(new EphemeralResource(this, "git-credentials", "azurerm_key_vault_secret", { name: props.credentialsSecret.name, key_vault_id: props.credentialsSecret.keyVaultId }), "value")
      : undefined;
    const dependsOn = [];
    if (props.install.engine === "flux") {
      const extension = new KubernetesClusterExtension(this, "flux", {
        name: "flux",
        clusterId: cluster.id,
        extensionType: AKS_FLUX_EXTENSION.extensionType,
        version: AKS_FLUX_EXTENSION.version,
        releaseNamespace: "flux-system",
        // Only the controllers the bootstrap uses, as with the flux2 chart elsewhere.
        configurationSettings: { "image-automation-controller.enabled": "false", "image-reflector-controller.enabled": "false" },
      });
      this.fluxExtension = extension;
      dependsOn.push(extension);
    }
    this.install = new GitOpsInstall(this, "install", {
      ...props.install,
      ...(credentials ? { credentials } : {}),
      install: props.install.engine === "flux" ? "aks-extension" : "helm",
      dependsOn,
    });
  }
}

