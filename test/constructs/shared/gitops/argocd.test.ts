import { argoCdBootstrapObjects, argoCdChartValues, argoCdClusterSecret, argoCdGpgKeysConfigMap, bridgeData, GitOpsInputError } from "../../../../constructs/shared/gitops";
import { argoInput, bridgeFacts, COMMIT, KEY_A, KEY_B, REPO, TOKEN } from "./fixtures";

const LABELS = { "app.kubernetes.io/managed-by": "ai-supply-chain-blueprint" };

describe("argo-cd chart values", () => {
  test("image and redis by digest, dex off, ClusterIP, GPG keys, the in-cluster Secret with the facts", () => {
    expect(argoCdChartValues(argoInput(), { clusterFacts: { environment: "dev", image_registry_host: TOKEN } })).toEqual({
      global: {
        image: { repository: "quay.io/argoproj/argocd", tag: "v3.4.4@sha256:2fb3efa9eaa42382acb39c9a1485eaac7a1ad7a09e8aa7da7143ca256fa6da09" },
        networkPolicy: { create: false },
      },
      crds: { install: true, keep: true },
      dex: { enabled: false },
      redis: { image: { repository: "public.ecr.aws/docker/library/redis", tag: "8.2.3-alpine@sha256:08ad0b1d280850169a790dba1393ff7a90aef951fc19632cf4d3ce4f78e679ba" } },
      server: { service: { type: "ClusterIP" } },
      configs: {
        cm: { "admin.enabled": false, "exec.enabled": false, "statusbadge.enabled": false },
        gpg: { keys: { "0B1C2D3E4F506172": KEY_B.armoredPublicKey, "4AEE18F83AFDEB23": KEY_A.armoredPublicKey } },
        clusterCredentials: {
          "in-cluster": {
            server: "https://kubernetes.default.svc",
            labels: LABELS,
            annotations: {
              "ai-supply-chain-blueprint.io/environment": "dev",
              "ai-supply-chain-blueprint.io/image_registry_host": "${TfToken[TOKEN.12]}",
            },
            config: { tlsClientConfig: { insecure: false } },
          },
        },
      },
      extraObjects: [],
    });
  });

  test("the bridge data becomes the cluster Secret's annotations, tokens untouched", () => {
    const facts = bridgeData(bridgeFacts({ cloud: "gcp", imageRegistryHost: TOKEN }));
    const annotations = argoCdChartValues(argoInput(), { clusterFacts: facts }).configs.clusterCredentials["in-cluster"].annotations;
    expect(annotations["ai-supply-chain-blueprint.io/image_registry_host"]).toBe("${TfToken[TOKEN.12]}");
    expect(annotations["ai-supply-chain-blueprint.io/model_registry_churn_artifact_store"]).toBe("${TfToken[TOKEN.12]}");
    expect(annotations["ai-supply-chain-blueprint.io/cloud"]).toBe("gcp");
  });
});

describe("Argo CD bootstrap objects", () => {
  test("locked default project, the signed environment project, the root Application", () => {
    expect(argoCdBootstrapObjects(argoInput())).toEqual([
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "AppProject",
        metadata: { name: "default", namespace: "argocd", labels: LABELS },
        spec: { sourceRepos: [], sourceNamespaces: [], destinations: [], namespaceResourceBlacklist: [{ group: "*", kind: "*" }] },
      },
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "AppProject",
        metadata: { name: "blueprint-environment", namespace: "argocd", labels: LABELS },
        spec: {
          description: "Environment environments/dev of https://github.com/acme/ai-platform-gitops.git",
          sourceRepos: ["https://github.com/acme/ai-platform-gitops.git"],
          destinations: [
            { server: "https://kubernetes.default.svc", namespace: "!kube-system" },
            { server: "https://kubernetes.default.svc", namespace: "*" },
          ],
          clusterResourceWhitelist: [{ group: "", kind: "Namespace" }],
          namespaceResourceBlacklist: [{ group: "argoproj.io", kind: "AppProject" }],
          signatureKeys: [{ keyID: "0B1C2D3E4F506172" }, { keyID: "4AEE18F83AFDEB23" }],
        },
      },
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: "blueprint-environment", namespace: "argocd", labels: LABELS },
        spec: {
          project: "blueprint-environment",
          source: { repoURL: "https://github.com/acme/ai-platform-gitops.git", path: "environments/dev", targetRevision: "0123456789abcdef0123456789abcdef01234567" },
          destination: { server: "https://kubernetes.default.svc", namespace: "argocd" },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
        },
      },
    ]);
  });

  test.each([
    [{ tag: "prod-2026.06.1" }, "prod-2026.06.1"],
    [{ commit: COMMIT }, "0123456789abcdef0123456789abcdef01234567"],
    [{ branch: "main" }, "main"],
  ] as const)("revision %j is targetRevision %s", (revision, target) => {
    const app = argoCdBootstrapObjects(argoInput({ source: { url: REPO, path: "envs/x", revision } }))[2]!;
    expect(app.spec.source.targetRevision).toBe(target);
  });

  test("deterministic: same input, identical JSON, whatever the key order", () => {
    const a = JSON.stringify([argoCdChartValues(argoInput({ signingKeys: [KEY_A, KEY_B] })), argoCdBootstrapObjects(argoInput({ signingKeys: [KEY_A, KEY_B] }))]);
    const b = JSON.stringify([argoCdChartValues(argoInput({ signingKeys: [KEY_B, KEY_A] })), argoCdBootstrapObjects(argoInput({ signingKeys: [KEY_B, KEY_A] }))]);
    expect(a).toBe(b);
  });

  test("kube-system is refused as the destination namespace", () => {
    let thrown: unknown;
    try {
      argoCdBootstrapObjects(argoInput({ destinationNamespace: "kube-system" }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown instanceof GitOpsInputError && thrown.problems.map((p) => p.code)).toEqual(["GITOPS_DESTINATION_NAMESPACE_DENIED"]);
  });

  test("signature verification cannot be left out", () => {
    expect(() => argoCdChartValues(argoInput({ signingKeys: [] }))).toThrow("[GITOPS_SIGNING_KEYS_MISSING]");
  });
});

describe("a cluster registered by ARN (the managed EKS capability)", () => {
  const arn = "arn:aws:eks:eu-west-1:222222222222:cluster/acme-ai-prod";

  test("the cluster Secret names the cluster, the environment's project and the bridge facts", () => {
    expect(argoCdClusterSecret(argoInput({ destinationServer: arn }), { environment: "prod", cloud: "aws" })).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "in-cluster",
        namespace: "argocd",
        labels: { ...LABELS, "argocd.argoproj.io/secret-type": "cluster" },
        annotations: { "ai-supply-chain-blueprint.io/cloud": "aws", "ai-supply-chain-blueprint.io/environment": "prod" },
      },
      type: "Opaque",
      stringData: { name: "in-cluster", server: arn, project: "blueprint-environment" },
    });
  });

  test("the AppProject's destinations and the root Application deploy to that server", () => {
    const [, project, application] = argoCdBootstrapObjects(argoInput({ destinationServer: arn }));
    expect(project!["spec"]["destinations"]).toEqual([{ server: arn, namespace: "!kube-system" }, { server: arn, namespace: "*" }]);
    expect(application!["spec"]["destination"]["server"]).toBe(arn);
    const [, inCluster] = argoCdBootstrapObjects(argoInput());
    expect(inCluster!["spec"]["destinations"][0].server).toBe("https://kubernetes.default.svc");
  });
});

test("the keyring ConfigMap holds every configured key by id, as argocd gpg add would", () => {
  const cm = argoCdGpgKeysConfigMap(argoInput({ signingKeys: [KEY_B, KEY_A] }));
  expect(cm["metadata"]).toEqual({
    name: "argocd-gpg-keys-cm",
    namespace: "argocd",
    labels: { ...LABELS, "app.kubernetes.io/part-of": "argocd", "app.kubernetes.io/name": "argocd-gpg-keys-cm" },
  });
  expect(Object.keys(cm["data"])).toEqual([KEY_A.keyId, KEY_B.keyId].sort());
  expect(cm["data"][KEY_A.keyId]).toBe(KEY_A.armoredPublicKey);
});
