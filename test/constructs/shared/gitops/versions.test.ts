import {
  AKS_FLUX_EXTENSION, ARGO_CD_CHART, ARGO_CD_IMAGE, ARGO_CD_REDIS_IMAGE, FLUX2_CHART, FLUX_CLI_IMAGE, FLUX_HELM_CONTROLLER_IMAGE,
  FLUX_KUSTOMIZE_CONTROLLER_IMAGE, FLUX_NOTIFICATION_CONTROLLER_IMAGE, FLUX_SOURCE_CONTROLLER_IMAGE, imageRef, POLICY_CONTROLLER_CHART,
  POLICY_CONTROLLER_IMAGE,
} from "../../../../constructs/shared/gitops";

describe("pinned versions", () => {
  test("charts at their exact versions", () => {
    expect([FLUX2_CHART, ARGO_CD_CHART, POLICY_CONTROLLER_CHART]).toEqual([
      { repository: "https://fluxcd-community.github.io/helm-charts", chart: "flux2", version: "2.18.3", appVersion: "2.8.5" },
      { repository: "https://argoproj.github.io/argo-helm", chart: "argo-cd", version: "10.1.1", appVersion: "v3.4.4" },
      { repository: "https://sigstore.github.io/helm-charts", chart: "policy-controller", version: "0.10.6", appVersion: "0.13.1" },
    ]);
  });

  test("every image by tag and digest", () => {
    expect([
      FLUX_SOURCE_CONTROLLER_IMAGE, FLUX_KUSTOMIZE_CONTROLLER_IMAGE, FLUX_HELM_CONTROLLER_IMAGE, FLUX_NOTIFICATION_CONTROLLER_IMAGE, FLUX_CLI_IMAGE,
      ARGO_CD_IMAGE, ARGO_CD_REDIS_IMAGE, POLICY_CONTROLLER_IMAGE,
    ].map(imageRef)).toEqual([
      "ghcr.io/fluxcd/source-controller:v1.8.2@sha256:f2f6fd483b9a8b8c69f8ebe9f2277be23093a2b552b3578a6db15710d736bb0e",
      "ghcr.io/fluxcd/kustomize-controller:v1.8.3@sha256:c59e81059330a55203bf60806229a052617134d8b557c1bd83cdc69a8ece7ea2",
      "ghcr.io/fluxcd/helm-controller:v1.5.3@sha256:b150af0cd7a501dafe2374b1d22c39abf0572465df4fa1fb99b37927b0d95d75",
      "ghcr.io/fluxcd/notification-controller:v1.8.3@sha256:a9e22d4aeec507abb3abc0e6ad3aeb3b672fd03d5776c785399aedec263a603f",
      "ghcr.io/fluxcd/flux-cli:v2.8.5@sha256:f1947272d998247ce959adf8ffe13626f153e8b373ccd0322a18b4f7aad132f1",
      "quay.io/argoproj/argocd:v3.4.4@sha256:2fb3efa9eaa42382acb39c9a1485eaac7a1ad7a09e8aa7da7143ca256fa6da09",
      "public.ecr.aws/docker/library/redis:8.2.3-alpine@sha256:08ad0b1d280850169a790dba1393ff7a90aef951fc19632cf4d3ce4f78e679ba",
      "ghcr.io/sigstore/policy-controller/policy-controller:v0.13.1@sha256:0bcd60beb93f4427c29cf3a669743caf58490e98ded4380c33c09f092734a6ab",
    ]);
  });

  test("the Flux CLI and the Argo CD image match their chart's appVersion", () => {
    expect(FLUX_CLI_IMAGE.tag).toBe(`v${FLUX2_CHART.appVersion}`);
    expect(ARGO_CD_IMAGE.tag).toBe(ARGO_CD_CHART.appVersion);
    expect(POLICY_CONTROLLER_IMAGE.tag).toBe(`v${POLICY_CONTROLLER_CHART.appVersion}`);
  });

  test("the AKS Flux extension", () => {
    expect(AKS_FLUX_EXTENSION).toEqual({ extensionType: "microsoft.flux", version: "1.23.0" });
  });
});
