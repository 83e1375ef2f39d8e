import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { DataGoogleContainerCluster } from "@cdktf/provider-google/lib/data-google-container-cluster";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { EphemeralResource } from "../shared/ephemeral-resource";
import { GitOpsBootstrapCommonProps, gitCredentialExpressions } from "../shared/gitops-bootstrap-props";
import { clusterProviders } from "../shared/gitops-providers";
import { GitOpsInstall } from "../shared/gitops-install";

export interface GcpGitOpsBootstrapProps extends GitOpsBootstrapCommonProps {
  /** Project of the existing GKE cluster. */
  readonly projectId: string;
  /** Name of the existing GKE cluster, looked up with `data.google_container_cluster`. */
  readonly clusterName: string;
  /** The cluster's region (regional cluster) or zone (zonal). */
  readonly location: string;
  /** Secret Manager secret (`projects/<p>/secrets/<name>`) with the Git credentials as JSON `{ "username", "password" }`. @default none: a public repository */
  readonly credentialsSecret?: string;
}

/**
 * GitOps bootstrap of an existing GKE cluster: the cluster by `data.google_container_cluster`,
 * the providers with the deployer's OAuth access token from `data.google_client_config` (about
 * an hour; no kubeconfig, no client certificate: GKE issues none by default), then
 * GitOpsInstall with the argo-cd or flux2 chart.
 */
export class GcpGitOpsBootstrap extends Construct {
  public readonly install: GitOpsInstall;

  constructor(scope: Construct, id: string, props: GcpGitOpsBootstrapProps) {
    super(scope, id);
    const cluster = new DataGoogleContainerCluster(this, "cluster", { name: props.clusterName, location: props.location, project: props.projectId });
    const client = new DataGoogleClientConfig(this, "client");
    clusterProviders(this, {
      host: `https://${cluster.endpoint}`,
      clusterCaCertificate: Fn.base64decode(cluster.masterAuth.get(0).clusterCaCertificate),
      token: client.accessToken,
    });
    const credentials = props.credentialsSecret
      ? gitCredentialExpressions(new EphemeralResource(this, "git-credentials", "google_secret_manager_secret_version", { secret: props.credentialsSecret }), "secret_data")
      : undefined;
    this.install = new GitOpsInstall(this, "install", { ...props.install, ...(credentials ? { credentials } : {}), install: "helm" });
  }
}
