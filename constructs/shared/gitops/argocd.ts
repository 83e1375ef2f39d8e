import {
  bootstrapNamespace, checkGitSource, checkNamespace, checkObjectName, checkSigningKeys, GitOpsProblems, GitRevision,
  GitSource, GITOPS_LABELS, OpenPgpPublicKey, sortedKeys,
} from "./inputs";
import { ARGO_CD_IMAGE, ARGO_CD_REDIS_IMAGE, tagAtDigest } from "./versions";

/* eslint-disable @typescript-eslint/no-explicit-any -- plain manifests and chart values */

/** The in-cluster API server as Argo CD names it (argo-cd `KubernetesInternalAPIServerAddr`). */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

/** Prefix of the bridge facts as annotations of the in-cluster cluster Secret. */
export const CLUSTER_FACT_ANNOTATION_PREFIX = "ai-supply-chain-blueprint.io/";

/** What the Argo CD bootstrap of one environment needs. */
export interface ArgoCdBootstrapInput {
  /** The environment's repository, path and revision. */
  readonly source: GitSource;
  /** OpenPGP public keys whose commit signatures the AppProject requires (one or more). */
  readonly signingKeys: readonly OpenPgpPublicKey[];
  /**
   * Name of the AppProject and of the root Application.
   * @default "blueprint-environment"
   */
  readonly name?: string;
  /**
   * Namespace of Argo CD and of the AppProject and Application.
   * @default "argocd"
   */
  readonly namespace?: string;
  /**
   * Default namespace of the root Application's namespaced resources that name none: Argo CD's
   * own, where the child Applications of the app of apps live.
   * @default - the Argo CD namespace
   */
  readonly destinationNamespace?: string;
  /**
   * The cluster Argo CD deploys to, as its cluster Secret names it (may be a token). The managed
   * EKS capability identifies clusters by ARN and does not support `https://kubernetes.default.svc`
   * (Amazon EKS User Guide, "Register target clusters").
   * @default "https://kubernetes.default.svc" (the in-cluster server)
   */
  readonly destinationServer?: string;
}

interface ResolvedArgoCd {
  readonly source: GitSource;
  readonly signingKeys: readonly OpenPgpPublicKey[];
  readonly name: string;
  readonly namespace: string;
  readonly destinationNamespace: string;
  readonly destinationServer: string;
}

function resolve(input: ArgoCdBootstrapInput): ResolvedArgoCd {
  const p = new GitOpsProblems("gitops/argocd");
  const resolved = {
    source: input.source,
    signingKeys: sortedKeys(input.signingKeys ?? []),
    name: input.name ?? "blueprint-environment",
    namespace: input.namespace ?? bootstrapNamespace("argocd"),
    destinationNamespace: input.destinationNamespace ?? input.namespace ?? bootstrapNamespace("argocd"),
    destinationServer: input.destinationServer ?? IN_CLUSTER_SERVER,
  };
  checkGitSource(p, input.source);
  checkSigningKeys(p, input.signingKeys);
  checkObjectName(p, "name", resolved.name);
  checkNamespace(p, "namespace", resolved.namespace);
  checkNamespace(p, "destinationNamespace", resolved.destinationNamespace);
  p.require(resolved.destinationNamespace !== "kube-system", "GITOPS_DESTINATION_NAMESPACE_DENIED", "destinationNamespace", resolved.destinationNamespace, "a namespace other than kube-system");
  p.throwIfAny();
  return resolved;
}

/** Options of the argo-cd chart values beyond the bootstrap input. */
export interface ArgoCdChartOptions {
  /**
   * Bridge facts (bridge.ts bridgeData) to publish as annotations
   * `ai-supply-chain-blueprint.io/<key>` of the in-cluster cluster Secret; values may be tokens.
   * @default - no annotations
   */
  readonly clusterFacts?: Readonly<Record<string, string>>;
  /**
   * Core objects (NetworkPolicies, the bridge ConfigMap) for the chart's `extraObjects`.
   * @default - none
   */
  readonly extraObjects?: readonly Record<string, any>[];
}

/**
 * Values for the argo-cd chart (argoproj/argo-helm charts/argo-cd/values.yaml, chart 10.1.1).
 * Keys used and why:
 * - `global.image.repository` / `global.image.tag`: the one image of every component; the
 *   templates render `<repository>:<tag>`, and the chart has no digest field, so the tag
 *   carries it (`v3.4.4@sha256:...`). `redis.image.*` likewise.
 * - `global.networkPolicy.create: false`: the chart's server policy admits all ingress
 *   (`ingress: [{}]`); network-policies.ts replaces the chart's policies.
 * - `dex.enabled: false`: no bundled identity broker to patch and expose; operators use their
 *   Kubernetes credentials (`argocd --core`, `kubectl port-forward`) or an OIDC provider.
 * - `server.service.type: ClusterIP`: nothing outside the cluster reaches the API or UI.
 * - `configs.cm`: `admin.enabled: false` (no static admin password), `exec.enabled: false`,
 *   `statusbadge.enabled: false`.
 * - `configs.gpg.keys`: key ID → armored public key (the argocd-gpg-keys-cm ConfigMap).
 * - `configs.clusterCredentials.in-cluster`: the in-cluster cluster Secret
 *   (templates/argocd-configs/cluster-secrets.yaml renders `name`, `server`, `config`
 *   and `annotations`), so ApplicationSet cluster generators read the bridge facts from
 *   `metadata.annotations`. Chosen over an object in extraObjects because the chart already
 *   renders the Secret with the `argocd.argoproj.io/secret-type: cluster` label and one code
 *   path owns it; with server `https://kubernetes.default.svc` and no credentials in `config`
 *   Argo CD uses the application controller's own service account, as for the implicit
 *   in-cluster cluster (argo-cd docs operator-manual/declarative-setup.md, "Clusters").
 */
export function argoCdChartValues(input: ArgoCdBootstrapInput, opts: ArgoCdChartOptions = {}): Record<string, any> {
  const r = resolve(input);
  const keys: Record<string, string> = {};
  for (const key of r.signingKeys) keys[key.keyId] = key.armoredPublicKey;
  const annotations: Record<string, string> = {};
  for (const name of Object.keys(opts.clusterFacts ?? {}).sort()) annotations[`${CLUSTER_FACT_ANNOTATION_PREFIX}${name}`] = opts.clusterFacts![name]!;
  return {
    global: {
      image: { repository: ARGO_CD_IMAGE.repository, tag: tagAtDigest(ARGO_CD_IMAGE) },
      networkPolicy: { create: false },
    },
    crds: { install: true, keep: true },
    dex: { enabled: false },
    redis: { image: { repository: ARGO_CD_REDIS_IMAGE.repository, tag: tagAtDigest(ARGO_CD_REDIS_IMAGE) } },
    server: { service: { type: "ClusterIP" } },
    configs: {
      cm: { "admin.enabled": false, "exec.enabled": false, "statusbadge.enabled": false },
      gpg: { keys },
      clusterCredentials: {
        "in-cluster": {
          server: IN_CLUSTER_SERVER,
          labels: { ...GITOPS_LABELS },
          annotations,
          config: { tlsClientConfig: { insecure: false } },
        },
      },
    },
    extraObjects: [...(opts.extraObjects ?? [])],
  };
}

/** Argo CD `targetRevision` for a revision: the tag name, the commit SHA or the branch name. */
export function argoCdTargetRevision(revision: GitRevision): string {
  if ("commit" in revision) return revision.commit;
  if ("tag" in revision) return revision.tag;
  return revision.branch;
}

/**
 * The AppProjects and the root Application (app of apps) of one environment
 * (argoproj/argo-cd pkg/apis/application/v1alpha1 AppProjectSpec, ApplicationSpec).
 *
 * The environment's AppProject: sources only from the environment's repository; destinations
 * only the in-cluster API server, any namespace but kube-system (argo-cd docs user-guide/
 * projects.md: a `!` prefix denies); `signatureKeys` makes Argo CD refuse to sync a revision
 * not signed by one of them. Cluster-scoped kinds: only `Namespace`, because an environment
 * creates its model-serving namespaces; admission policies, CRDs, RBAC and webhooks are
 * cluster-scoped and installed by the bootstrap, so Git cannot remove or loosen them. Argo CD's
 * namespace stays a destination because the child Applications of the app of apps live there;
 * `AppProject` is denied as a kind, so Git cannot add a looser project.
 *
 * The `default` AppProject, which Argo CD creates with every source and destination allowed
 * and no signature keys, is overwritten with nothing allowed (the restriction of "The Default
 * Project" in argo-cd docs user-guide/projects.md): a child Application naming `project:
 * default` syncs nothing.
 *
 * Application: the environment's path at its revision, automated sync with prune and selfHeal
 * (drift from Git is reverted), namespaces created on demand.
 */
export function argoCdBootstrapObjects(input: ArgoCdBootstrapInput): Record<string, any>[] {
  const r = resolve(input);
  const metadata = () => ({ name: r.name, namespace: r.namespace, labels: { ...GITOPS_LABELS } });
  const project = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: metadata(),
    spec: {
      description: `Environment ${r.source.path} of ${r.source.url}`,
      sourceRepos: [r.source.url],
      destinations: [
        { server: r.destinationServer, namespace: "!kube-system" },
        { server: r.destinationServer, namespace: "*" },
      ],
      clusterResourceWhitelist: [{ group: "", kind: "Namespace" }],
      namespaceResourceBlacklist: [{ group: "argoproj.io", kind: "AppProject" }],
      signatureKeys: r.signingKeys.map((k) => ({ keyID: k.keyId })),
    },
  };
  const application = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: metadata(),
    spec: {
      project: r.name,
      source: { repoURL: r.source.url, path: r.source.path, targetRevision: argoCdTargetRevision(r.source.revision) },
      destination: { server: r.destinationServer, namespace: r.destinationNamespace },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
    },
  };
  const lockedDefault = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: { name: "default", namespace: r.namespace, labels: { ...GITOPS_LABELS } },
    spec: { sourceRepos: [], sourceNamespaces: [], destinations: [], namespaceResourceBlacklist: [{ group: "*", kind: "*" }] },
  };
  return [lockedDefault, project, application];
}

/**
 * The cluster Secret that registers the local cluster by `server` (the managed EKS capability:
 * its ARN), named `in-cluster` as most Argo CD examples expect, scoped to the environment's
 * project, with the bridge facts as `ai-supply-chain-blueprint.io/<key>` annotations for
 * ApplicationSet cluster generators ("Register target clusters", Amazon EKS User Guide;
 * argo-cd operator-manual/declarative-setup.md, "Clusters"). The chart installs write the same
 * Secret through `configs.clusterCredentials` (argoCdChartValues).
 */
export function argoCdClusterSecret(input: ArgoCdBootstrapInput, clusterFacts: Readonly<Record<string, string>>): Record<string, any> {
  const r = resolve(input);
  const annotations: Record<string, string> = {};
  for (const name of Object.keys(clusterFacts).sort()) annotations[`${CLUSTER_FACT_ANNOTATION_PREFIX}${name}`] = clusterFacts[name]!;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "in-cluster", namespace: r.namespace, labels: { ...GITOPS_LABELS, "argocd.argoproj.io/secret-type": "cluster" }, annotations },
    type: "Opaque",
    stringData: { name: "in-cluster", server: r.destinationServer, project: r.name },
  };
}

/**
 * The GnuPG keyring ConfigMap `argocd-gpg-keys-cm` (key id → armored key), the declarative form
 * of `argocd gpg add` (argo-cd operator-manual/declarative-setup.md, "GnuPG Public Keys";
 * label `app.kubernetes.io/part-of: argocd`). The chart writes it from `configs.gpg.keys`; with
 * the managed EKS capability, which the chart does not install, the objects carry it.
 */
export function argoCdGpgKeysConfigMap(input: ArgoCdBootstrapInput): Record<string, any> {
  const r = resolve(input);
  const data: Record<string, string> = {};
  for (const key of r.signingKeys) data[key.keyId] = key.armoredPublicKey;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "argocd-gpg-keys-cm", namespace: r.namespace, labels: { ...GITOPS_LABELS, "app.kubernetes.io/part-of": "argocd", "app.kubernetes.io/name": "argocd-gpg-keys-cm" } },
    data,
  };
}
