import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Construct } from "constructs";

/** How the providers reach the cluster: its endpoint and CA, and one short-lived credential. */
export interface ClusterConnection {
  /** `https://` endpoint of the API server (a reference to the cluster's data source). */
  readonly host: string;
  /** PEM CA certificate of the API server (decoded). */
  readonly clusterCaCertificate: string;
  /** A bearer token valid for minutes (EKS token, Google access token). @default none: exec */
  readonly token?: string;
  /** An exec credential plugin that prints a token on demand (kubelogin on AKS). @default none: token */
  readonly exec?: { readonly apiVersion: string; readonly command: string; readonly args: readonly string[] };
}

/**
 * The `kubernetes` and `helm` providers of one stack, both from the same connection: never a
 * kubeconfig file, a client certificate or a static secret (helm provider 3.x: `kubernetes` is
 * an attribute, `exec` inside it; DESIGN §9).
 */
export function clusterProviders(scope: Construct, connection: ClusterConnection): { kubernetes: KubernetesProvider; helm: HelmProvider } {
  const auth = connection.token !== undefined
    ? { token: connection.token }
    : { exec: { apiVersion: connection.exec!.apiVersion, command: connection.exec!.command, args: [...connection.exec!.args] } };
  const kubernetes = new KubernetesProvider(scope, "kubernetes", {
    host: connection.host,
    clusterCaCertificate: connection.clusterCaCertificate,
    ...(auth.token !== undefined ? { token: auth.token } : { exec: [auth.exec!] }),
  });
  const helm = new HelmProvider(scope, "helm", {
    kubernetes: { host: connection.host, clusterCaCertificate: connection.clusterCaCertificate, ...auth },
  });
  return { kubernetes, helm };
}
