import { bootstrapNamespace, checkNamespace, GitOpsEngine, GitOpsProblems, GITOPS_LABELS, isTokenString } from "./inputs";
import { GITOPS_IPV4_CIDR, GITOPS_IPV6_CIDR } from "../limits/gitops-objects";
import { satisfies } from "../limits/text-rule";

/* eslint-disable @typescript-eslint/no-explicit-any -- plain manifests */

/** What the controllers' NetworkPolicies admit. */
export interface ControllerNetworkInput {
  /** The engine whose controllers run in the namespace. */
  readonly engine: GitOpsEngine;
  /**
   * The controllers' namespace.
   * @default - bootstrapNamespace(engine): `flux-system` or `argocd`
   */
  readonly namespace?: string;
  /**
   * CIDR blocks of the Git host (NetworkPolicy matches IPs, not names), e.g. GitHub's `git`
   * ranges from `https://api.github.com/meta`. Egress to them is admitted on 443 only.
   */
  readonly gitHostCidrs: readonly string[];
  /**
   * CIDR blocks of the API server endpoints as pods reach them after the `kubernetes` Service
   * is translated (`kubectl get endpointslices -l kubernetes.io/service-name=kubernetes`); may
   * be tokens (an endpoint read from a data source), passed through unchecked.
   */
  readonly apiServerCidrs: readonly string[];
  /**
   * Port of the API server endpoints.
   * @default 443
   */
  readonly apiServerPort?: number;
  /**
   * Admission webhook ports of pods in this namespace the API server must reach (ingress from
   * apiServerCidrs), e.g. 8443 for the policy-controller webhook.
   * @default - none: neither Flux nor Argo CD serves an admission webhook
   */
  readonly admissionWebhookPorts?: readonly number[];
  /**
   * The pods the policies confine. Where the namespace also runs pods the blueprint does not
   * install (the AKS extension's `fluxconfig-agent` and `fluxconfig-controller`, which report to
   * Azure), select the engine's controllers only.
   * @default {} (every pod of the namespace)
   */
  readonly podSelector?: Readonly<Record<string, unknown>>;
}

/**
 * Ports the controllers of one engine use to talk to each other, checked in the charts'
 * templates: Flux source-controller serves artifacts and notification-controller receives
 * events on container port 9090 (`http`, behind Services on port 80: a NetworkPolicy sees the
 * pod port); Argo CD repo-server on 8081 and redis on 6379 (argo-cd values.yaml
 * `repoServer.containerPorts.server`, `redis.containerPorts.redis`).
 */
export function intraNamespacePorts(engine: GitOpsEngine): readonly number[] {
  return engine === "flux" ? [9090] : [6379, 8081];
}

function isCidr(value: string): boolean {
  return satisfies(GITOPS_IPV4_CIDR, value) || satisfies(GITOPS_IPV6_CIDR, value);
}

function isPort(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535;
}

function policy(name: string, namespace: string, spec: Record<string, any>): Record<string, any> {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace, labels: { ...GITOPS_LABELS } }, spec };
}

const tcp = (port: number) => ({ protocol: "TCP", port });

/**
 * NetworkPolicies (networking.k8s.io/v1) for the GitOps controllers' namespace. Deny all
 * ingress and egress of every pod, then admit only: DNS to kube-dns in kube-system (53 UDP and
 * TCP; EKS, GKE and AKS label their DNS pods `k8s-app: kube-dns`); the Git host on 443; the API
 * server on its port; the controllers' own ports within the namespace; and, when asked,
 * admission webhook ports from the API server. A compromised controller can then reach
 * neither the cloud's metadata endpoint nor any other host. Policies add up, so the charts'
 * own, looser policies are switched off (flux.ts, argocd.ts). Image pulls are the kubelet's,
 * not the pods', and are not affected.
 */
export function controllerNetworkPolicies(input: ControllerNetworkInput): Record<string, any>[] {
  const p = new GitOpsProblems("gitops/network-policies");
  const namespace = input.namespace ?? bootstrapNamespace(input.engine);
  const apiPort = input.apiServerPort ?? 443;
  p.require(input.engine === "flux" || input.engine === "argocd", "GITOPS_ENGINE_INVALID", "engine", input.engine, "flux or argocd");
  checkNamespace(p, "namespace", namespace);
  p.require((input.gitHostCidrs ?? []).length > 0, "GITOPS_CIDRS_MISSING", "gitHostCidrs", input.gitHostCidrs, "one or more CIDR blocks");
  p.require((input.apiServerCidrs ?? []).length > 0, "GITOPS_CIDRS_MISSING", "apiServerCidrs", input.apiServerCidrs, "one or more CIDR blocks");
  (input.gitHostCidrs ?? []).forEach((cidr, i) => p.require(isCidr(cidr), "GITOPS_CIDR_INVALID", `gitHostCidrs[${i}]`, cidr, `${GITOPS_IPV4_CIDR.accepted}; or ${GITOPS_IPV6_CIDR.accepted}`));
  (input.apiServerCidrs ?? []).forEach((cidr, i) => {
    if (!isTokenString(cidr)) p.require(isCidr(cidr), "GITOPS_CIDR_INVALID", `apiServerCidrs[${i}]`, cidr, `${GITOPS_IPV4_CIDR.accepted}; or ${GITOPS_IPV6_CIDR.accepted}`);
  });
  p.require(isPort(apiPort), "GITOPS_PORT_INVALID", "apiServerPort", apiPort, "an integer port from 1 to 65535");
  (input.admissionWebhookPorts ?? []).forEach((port, i) => p.require(isPort(port), "GITOPS_PORT_INVALID", `admissionWebhookPorts[${i}]`, port, "an integer port from 1 to 65535"));
  p.throwIfAny();

  const ipBlocks = (cidrs: readonly string[]) => cidrs.map((cidr) => ({ ipBlock: { cidr } }));
  const selected = input.podSelector ?? {};
  const ports = intraNamespacePorts(input.engine).map(tcp);
  const policies = [
    policy("default-deny-all", namespace, { podSelector: selected, policyTypes: ["Ingress", "Egress"] }),
    policy("allow-dns-egress", namespace, {
      podSelector: selected,
      policyTypes: ["Egress"],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
        ports: [{ protocol: "UDP", port: 53 }, tcp(53)],
      }],
    }),
    policy("allow-git-egress", namespace, { podSelector: selected, policyTypes: ["Egress"], egress: [{ to: ipBlocks(input.gitHostCidrs), ports: [tcp(443)] }] }),
    policy("allow-api-server-egress", namespace, { podSelector: selected, policyTypes: ["Egress"], egress: [{ to: ipBlocks(input.apiServerCidrs), ports: [tcp(apiPort)] }] }),
    policy("allow-intra-namespace", namespace, {
      podSelector: selected,
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }], ports }],
      egress: [{ to: [{ podSelector: {} }], ports }],
    }),
  ];
  const webhookPorts = [...new Set(input.admissionWebhookPorts ?? [])].sort((a, b) => a - b);
  if (webhookPorts.length > 0) {
    policies.push(policy("allow-admission-webhook-ingress", namespace, {
      podSelector: selected,
      policyTypes: ["Ingress"],
      ingress: [{ from: ipBlocks(input.apiServerCidrs), ports: webhookPorts.map(tcp) }],
    }));
  }
  return policies;
}
