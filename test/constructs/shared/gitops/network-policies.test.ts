import { controllerNetworkPolicies, intraNamespacePorts } from "../../../../constructs/shared/gitops";
import { networkInput, TOKEN, problemCodes as codes } from "./fixtures";

const LABELS = { "app.kubernetes.io/managed-by": "ai-supply-chain-blueprint" };
const meta = (name: string, namespace = "flux-system") => ({ name, namespace, labels: LABELS });

describe("controller NetworkPolicies", () => {
  test("Flux: deny all, then DNS, Git host and API server egress, and 9090 within the namespace", () => {
    expect(controllerNetworkPolicies(networkInput())).toEqual([
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("default-deny-all"), spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
      {
        apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("allow-dns-egress"),
        spec: {
          podSelector: {}, policyTypes: ["Egress"],
          egress: [{
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
          }],
        },
      },
      {
        apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("allow-git-egress"),
        spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "140.82.112.0/20" } }, { ipBlock: { cidr: "2606:50c0::/32" } }], ports: [{ protocol: "TCP", port: 443 }] }] },
      },
      {
        apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("allow-api-server-egress"),
        spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/28" } }], ports: [{ protocol: "TCP", port: 443 }] }] },
      },
      {
        apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("allow-intra-namespace"),
        spec: {
          podSelector: {}, policyTypes: ["Ingress", "Egress"],
          ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 9090 }] }],
          egress: [{ to: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 9090 }] }],
        },
      },
    ]);
  });

  test("Argo CD: repo-server 8081 and redis 6379 within the argocd namespace", () => {
    const policies = controllerNetworkPolicies(networkInput({ engine: "argocd" }));
    expect(policies.map((p) => p.metadata.namespace)).toEqual(["argocd", "argocd", "argocd", "argocd", "argocd"]);
    expect(policies[4]!.spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 6379 }, { protocol: "TCP", port: 8081 }] }]);
    expect(intraNamespacePorts("argocd")).toEqual([6379, 8081]);
    expect(intraNamespacePorts("flux")).toEqual([9090]);
  });

  test("webhook ingress only when asked, from the API server only; API server port configurable", () => {
    const policies = controllerNetworkPolicies(networkInput({ namespace: "cosign-system", apiServerPort: 6443, admissionWebhookPorts: [8443, 8443] }));
    expect(policies.map((p) => p.metadata.name)).toEqual(["default-deny-all", "allow-dns-egress", "allow-git-egress", "allow-api-server-egress", "allow-intra-namespace", "allow-admission-webhook-ingress"]);
    expect(policies[3]!.spec.egress[0].ports).toEqual([{ protocol: "TCP", port: 6443 }]);
    expect(policies[5]).toEqual({
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("allow-admission-webhook-ingress", "cosign-system"),
      spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/28" } }], ports: [{ protocol: "TCP", port: 8443 }] }] },
    });
  });

  test("an API server CIDR token passes through untouched", () => {
    const policies = controllerNetworkPolicies(networkInput({ apiServerCidrs: [TOKEN] }));
    expect(policies[3]!.spec.egress[0].to).toEqual([{ ipBlock: { cidr: "${TfToken[TOKEN.12]}" } }]);
  });

  test("bad CIDRs, ports, engine and empty lists are refused", () => {
    expect(codes(() => controllerNetworkPolicies({ engine: "jenkins" as "flux", namespace: "x", gitHostCidrs: ["140.82.112.0/33", "github.com"], apiServerCidrs: [], apiServerPort: 0, admissionWebhookPorts: [70000] }))).toEqual([
      "GITOPS_ENGINE_INVALID",
      "GITOPS_CIDRS_MISSING",
      "GITOPS_CIDR_INVALID",
      "GITOPS_CIDR_INVALID",
      "GITOPS_PORT_INVALID",
      "GITOPS_PORT_INVALID",
    ]);
    expect(codes(() => controllerNetworkPolicies(networkInput({ gitHostCidrs: [], namespace: "Flux" })))).toEqual(["GITOPS_NAMESPACE_INVALID", "GITOPS_CIDRS_MISSING"]);
  });
});

test("a pod selector confines every policy to the selected pods, leaving the namespace's other pods alone", () => {
  const selector = { matchLabels: { app: "source-controller" } };
  const policies = controllerNetworkPolicies(networkInput({ podSelector: selector, admissionWebhookPorts: [8443] }));
  expect(policies.map((p) => p["spec"]["podSelector"])).toEqual(Array.from({ length: 6 }, () => selector));
  // Peers inside the namespace stay every pod: the controllers still talk to each other.
  const intra = policies.find((p) => p["metadata"]["name"] === "allow-intra-namespace")!;
  expect(intra["spec"]["ingress"][0].from).toEqual([{ podSelector: {} }]);
});
