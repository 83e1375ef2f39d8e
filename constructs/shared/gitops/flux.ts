import {
  bootstrapNamespace, checkGitSource, checkNamespace, checkObjectName, checkSigningKeys, GitOpsProblems, GitRevision,
  GitSource, GITOPS_LABELS, OpenPgpPublicKey, sortedKeys,
} from "./inputs";
import {
  FLUX_CLI_IMAGE, FLUX_HELM_CONTROLLER_IMAGE, FLUX_KUSTOMIZE_CONTROLLER_IMAGE, FLUX_NOTIFICATION_CONTROLLER_IMAGE,
  FLUX_SOURCE_CONTROLLER_IMAGE, tagAtDigest,
} from "./versions";
import { BRIDGE_CONFIGMAP_NAME } from "./bridge";

/* eslint-disable @typescript-eslint/no-explicit-any -- plain manifests and chart values */

/** What the Flux bootstrap of one environment needs. */
export interface FluxBootstrapInput {
  /** The environment's repository, path and revision. */
  readonly source: GitSource;
  /** OpenPGP public keys whose signatures the GitRepository accepts (one or more). */
  readonly signingKeys: readonly OpenPgpPublicKey[];
  /**
   * Name of the GitRepository, the Kustomization and the prefix of the keys Secret.
   * @default "blueprint-environment"
   */
  readonly name?: string;
  /**
   * Namespace of the Flux controllers and the bootstrap objects.
   * @default "flux-system"
   */
  readonly namespace?: string;
  /**
   * Name of the IaC → GitOps bridge ConfigMap the Kustomization substitutes from.
   * @default "blueprint-facts"
   */
  readonly bridgeConfigMapName?: string;
}

interface ResolvedFlux {
  readonly source: GitSource;
  readonly signingKeys: readonly OpenPgpPublicKey[];
  readonly name: string;
  readonly namespace: string;
  readonly bridge: string;
}

function resolve(input: FluxBootstrapInput): ResolvedFlux {
  const p = new GitOpsProblems("gitops/flux");
  const resolved = {
    source: input.source,
    signingKeys: sortedKeys(input.signingKeys ?? []),
    name: input.name ?? "blueprint-environment",
    namespace: input.namespace ?? bootstrapNamespace("flux"),
    bridge: input.bridgeConfigMapName ?? BRIDGE_CONFIGMAP_NAME,
  };
  checkGitSource(p, input.source);
  checkSigningKeys(p, input.signingKeys);
  checkObjectName(p, "name", resolved.name);
  checkNamespace(p, "namespace", resolved.namespace);
  checkObjectName(p, "bridgeConfigMapName", resolved.bridge);
  p.throwIfAny();
  return resolved;
}

/**
 * Values for the flux2 chart (fluxcd-community/helm-charts charts/flux2/values.yaml, chart
 * 2.18.3). Keys used: `<controller>.create`, `<controller>.image`, `<controller>.tag` for
 * `sourceController`, `kustomizeController`, `helmController`, `notificationController`,
 * `imageAutomationController`, `imageReflectionController`, `sourceWatcher`; `cli.image` /
 * `cli.tag` (the pre-install `flux check` Job); `installCRDs`; `policies.create`;
 * `extraObjects`. The chart's image template renders `<image>:<tag>`, so the tag carries the
 * digest: `v1.8.2@sha256:...` (charts/flux2/templates/_helper.tpl "template.image").
 *
 * `policies.create: false`: the chart's own `allow-egress` NetworkPolicy admits all egress
 * (`egress: [{}]`) and NetworkPolicies add up, so it would void the egress limits of
 * network-policies.ts; those replace it.
 *
 * `extraObjects` takes core objects only (NetworkPolicies, the bridge ConfigMap, the keys
 * Secret): a GitRepository or Kustomization in the same release as the CRDs fails the first
 * install (the kinds are not served until the CRDs exist), so the bootstrap objects go in a
 * release that depends on this one.
 */
export function fluxChartValues(extraObjects: readonly Record<string, any>[] = []): Record<string, any> {
  const pinned = (image: typeof FLUX_SOURCE_CONTROLLER_IMAGE) => ({ image: image.repository, tag: tagAtDigest(image) });
  return {
    installCRDs: true,
    cli: pinned(FLUX_CLI_IMAGE),
    sourceController: { create: true, ...pinned(FLUX_SOURCE_CONTROLLER_IMAGE) },
    kustomizeController: { create: true, ...pinned(FLUX_KUSTOMIZE_CONTROLLER_IMAGE) },
    helmController: { create: true, ...pinned(FLUX_HELM_CONTROLLER_IMAGE) },
    notificationController: { create: true, ...pinned(FLUX_NOTIFICATION_CONTROLLER_IMAGE) },
    // Image automation writes to Git; the blueprint's Git is written by people who sign commits.
    imageAutomationController: { create: false },
    imageReflectionController: { create: false },
    sourceWatcher: { create: false },
    policies: { create: false },
    extraObjects: [...extraObjects],
  };
}

/** The GitRepository `ref` for a revision (fluxcd/source-controller api/v1 GitRepositoryRef). */
export function fluxRef(revision: GitRevision): Record<string, string> {
  if ("commit" in revision) return { commit: revision.commit };
  if ("tag" in revision) return { tag: revision.tag };
  return { branch: revision.branch };
}

/**
 * The verification mode for a revision (api/v1 GitVerificationMode: `HEAD`, `Tag`,
 * `TagAndHEAD`): a tag must be a signed annotated tag pointing at a signed commit
 * (`TagAndHEAD`); a commit or a branch head must be a signed commit (`HEAD`).
 */
export function fluxVerifyMode(revision: GitRevision): "HEAD" | "TagAndHEAD" {
  return "tag" in revision ? "TagAndHEAD" : "HEAD";
}

/** Name of the Secret holding the trusted OpenPGP public keys. */
export function fluxKeysSecretName(name: string): string {
  return `${name}-signing-keys`;
}

/**
 * The trusted keys as the Secret GitRepository `verify.secretRef` names: "PGP public keys must
 * be stored under keys with the .asc suffix" (api/v1 GitRepositoryVerification.SecretRef), one
 * data key `<key id>.asc` per key. Public keys only: `stringData` is not secret material.
 */
export function fluxSigningKeysSecret(input: FluxBootstrapInput): Record<string, any> {
  const r = resolve(input);
  return keysSecret(r);
}

function keysSecret(r: ResolvedFlux): Record<string, any> {
  const stringData: Record<string, string> = {};
  for (const key of r.signingKeys) stringData[`${key.keyId}.asc`] = key.armoredPublicKey;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: fluxKeysSecretName(r.name), namespace: r.namespace, labels: { ...GITOPS_LABELS } },
    type: "Opaque",
    stringData,
  };
}

/**
 * The Flux objects of one environment (with fluxSigningKeysSecret, which goes with the core
 * objects in the chart's extraObjects): the GitRepository
 * (source.toolkit.fluxcd.io/v1) verifying every revision it fetches, and the Kustomization
 * (kustomize.toolkit.fluxcd.io/v1) applying `./<path>` with pruning and the bridge ConfigMap as
 * substitution variables, so manifests in Git can say `${image_registry_host}`.
 */
export function fluxBootstrapObjects(input: FluxBootstrapInput): Record<string, any>[] {
  const r = resolve(input);
  const metadata = () => ({ name: r.name, namespace: r.namespace, labels: { ...GITOPS_LABELS } });
  const gitRepository = {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: metadata(),
    spec: {
      url: r.source.url,
      interval: "1m",
      timeout: "60s",
      ref: fluxRef(r.source.revision),
      verify: { mode: fluxVerifyMode(r.source.revision), secretRef: { name: fluxKeysSecretName(r.name) } },
      ...(r.source.credentialsSecretName !== undefined ? { secretRef: { name: r.source.credentialsSecretName } } : {}),
    },
  };
  const kustomization = {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: metadata(),
    spec: {
      interval: "10m",
      retryInterval: "2m",
      timeout: "5m",
      path: `./${r.source.path}`,
      prune: true,
      wait: true,
      sourceRef: { kind: "GitRepository", name: r.name },
      postBuild: { substituteFrom: [{ kind: "ConfigMap", name: r.bridge }] },
    },
  };
  return [gitRepository, kustomization];
}
