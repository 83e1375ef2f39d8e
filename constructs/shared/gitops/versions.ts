/*
 * Every version the GitOps bootstrap installs, pinned here and nowhere else. A chart is pinned by
 * version; every container image the charts run is pinned by tag AND digest, so a re-pushed tag
 * cannot change what runs. Sources are cited per entry; a bump changes the source line too.
 */

/** A Helm chart at one version. */
export interface PinnedChart {
  /** Helm repository URL. */
  readonly repository: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** Chart version (the `version` of its Chart.yaml). */
  readonly version: string;
  /** The application version the chart ships (the `appVersion` of its Chart.yaml). */
  readonly appVersion: string;
}

/** A container image pinned by tag and digest. */
export interface PinnedImage {
  /** Image repository, e.g. `ghcr.io/fluxcd/source-controller`. */
  readonly repository: string;
  /** The release tag, kept for readers and for tools that report versions. */
  readonly tag: string;
  /** The image index digest, `sha256:<64 hex>`: what the runtime actually pulls. */
  readonly digest: string;
}

/** `<repository>:<tag>@<digest>`: the runtime resolves the digest and ignores the tag. */
export function imageRef(image: PinnedImage): string {
  return `${image.repository}:${image.tag}@${image.digest}`;
}

/** `<tag>@<digest>`, for charts whose template renders `<image>:<tag>`. */
export function tagAtDigest(image: PinnedImage): string {
  return `${image.tag}@${image.digest}`;
}

// Charts. Versions: the newest Chart.yaml of each chart repository (read from the repositories'
// default branches): fluxcd-community/helm-charts charts/flux2/Chart.yaml, argoproj/argo-helm
// charts/argo-cd/Chart.yaml, sigstore/helm-charts charts/policy-controller/Chart.yaml.

/** fluxcd-community flux2 chart 2.18.3, Flux v2.8.5. */
export const FLUX2_CHART: PinnedChart = {
  repository: "https://fluxcd-community.github.io/helm-charts",
  chart: "flux2",
  version: "2.18.3",
  appVersion: "2.8.5",
};

/** argo-cd chart 10.1.1, Argo CD v3.4.4. */
export const ARGO_CD_CHART: PinnedChart = {
  repository: "https://argoproj.github.io/argo-helm",
  chart: "argo-cd",
  version: "10.1.1",
  appVersion: "v3.4.4",
};

/** sigstore policy-controller chart 0.10.6, policy-controller v0.13.1. */
export const POLICY_CONTROLLER_CHART: PinnedChart = {
  repository: "https://sigstore.github.io/helm-charts",
  chart: "policy-controller",
  version: "0.10.6",
  appVersion: "0.13.1",
};

// Flux controller images: the tags flux2 chart 2.18.3 ships (charts/flux2/values.yaml: cli.tag
// v2.8.5, sourceController.tag v1.8.2, kustomizeController.tag v1.8.3, helmController.tag v1.5.3,
// notificationController.tag v1.8.3). Digests: the Renovate-maintained pins of windsorcli/core
// terraform/gitops/flux/main.tf (the same flux2 chart values, `tag = "<tag>@sha256:..."`); the
// helm-controller digest also appears in a FluxReport of a Flux v2.8.5 install; the flux-cli
// digest is the pin `ghcr.io/fluxcd/flux-cli:v2.8.5@sha256:f194...` of a Renovate-pinned Dockerfile.

/** source-controller v1.8.2 (Flux v2.8.5). */
export const FLUX_SOURCE_CONTROLLER_IMAGE: PinnedImage = {
  repository: "ghcr.io/fluxcd/source-controller",
  tag: "v1.8.2",
  digest: "sha256:f2f6fd483b9a8b8c69f8ebe9f2277be23093a2b552b3578a6db15710d736bb0e",
};

/** kustomize-controller v1.8.3 (Flux v2.8.5). */
export const FLUX_KUSTOMIZE_CONTROLLER_IMAGE: PinnedImage = {
  repository: "ghcr.io/fluxcd/kustomize-controller",
  tag: "v1.8.3",
  digest: "sha256:c59e81059330a55203bf60806229a052617134d8b557c1bd83cdc69a8ece7ea2",
};

/** helm-controller v1.5.3 (Flux v2.8.5). */
export const FLUX_HELM_CONTROLLER_IMAGE: PinnedImage = {
  repository: "ghcr.io/fluxcd/helm-controller",
  tag: "v1.5.3",
  digest: "sha256:b150af0cd7a501dafe2374b1d22c39abf0572465df4fa1fb99b37927b0d95d75",
};

/** notification-controller v1.8.3 (Flux v2.8.5). */
export const FLUX_NOTIFICATION_CONTROLLER_IMAGE: PinnedImage = {
  repository: "ghcr.io/fluxcd/notification-controller",
  tag: "v1.8.3",
  digest: "sha256:a9e22d4aeec507abb3abc0e6ad3aeb3b672fd03d5776c785399aedec263a603f",
};

/**
 * flux-cli v2.8.5: the chart's pre-install hook Job runs `flux check --pre` with it
 * (charts/flux2/templates/pre-install-job.yaml, image `cli`), on every install.
 */
export const FLUX_CLI_IMAGE: PinnedImage = {
  repository: "ghcr.io/fluxcd/flux-cli",
  tag: "v2.8.5",
  digest: "sha256:f1947272d998247ce959adf8ffe13626f153e8b373ccd0322a18b4f7aad132f1",
};

/**
 * Argo CD v3.4.4, the one image of every Argo CD component (argo-cd chart `global.image`,
 * default tag = appVersion). Digest: `quay.io/argoproj/argocd:v3.4.4@sha256:2fb3...` pinned
 * identically by two independent Renovate-maintained Dockerfiles built FROM it.
 */
export const ARGO_CD_IMAGE: PinnedImage = {
  repository: "quay.io/argoproj/argocd",
  tag: "v3.4.4",
  digest: "sha256:2fb3efa9eaa42382acb39c9a1485eaac7a1ad7a09e8aa7da7143ca256fa6da09",
};

/**
 * Redis 8.2.3-alpine, Argo CD's cache (argo-cd chart 10.1.1 `redis.image.tag`). Repository:
 * the chart's default `ecr-public.aws.com/docker/library/redis` is the dual-stack endpoint of
 * ECR Public (argo-helm #3328); the digest is the official image's index digest, pinned as
 * `public.ecr.aws/docker/library/redis:8.2.3-alpine@sha256:08ad...` and
 * `redis:8.2.3-alpine@sha256:08ad...` by several Renovate-maintained repositories. The
 * digest is content-addressed, so the same on either endpoint of the mirror.
 */
export const ARGO_CD_REDIS_IMAGE: PinnedImage = {
  repository: "public.ecr.aws/docker/library/redis",
  tag: "8.2.3-alpine",
  digest: "sha256:08ad0b1d280850169a790dba1393ff7a90aef951fc19632cf4d3ce4f78e679ba",
};

/**
 * The policy-controller webhook v0.13.1. Digest: sigstore/helm-charts
 * charts/policy-controller/values.yaml `webhook.image.version` (with the comment `crane digest
 * ghcr.io/sigstore/policy-controller/policy-controller:v0.13.1`) and the chart's
 * `artifacthub.io/images` annotation in Chart.yaml.
 */
export const POLICY_CONTROLLER_IMAGE: PinnedImage = {
  repository: "ghcr.io/sigstore/policy-controller/policy-controller",
  tag: "v0.13.1",
  digest: "sha256:0bcd60beb93f4427c29cf3a669743caf58490e98ded4380c33c09f092734a6ab",
};

/**
 * The AKS Flux cluster extension (`azurerm_kubernetes_cluster_extension.extension_type` and
 * `version`). Microsoft Learn "Flux (GitOps) extension release notes"
 * (learn.microsoft.com/azure/azure-arc/kubernetes/flux-gitops-release-notes, June 2026):
 * `microsoft.flux` 1.23.0 ships Flux v2.7.5. An existing cluster on 1.20.4 or lower must pass
 * through 1.21.0-1.22.2 first; a fresh install takes 1.23.0 directly.
 */
export const AKS_FLUX_EXTENSION = { extensionType: "microsoft.flux", version: "1.23.0" } as const;
