import * as path from "node:path";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { AssetType, Fn, ITerraformDependable, Op, TerraformAsset, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { AdmissionInputs, clusterImagePolicy, resolveAdmissionInputs, validatingAdmissionPolicy } from "../../policies/admission";
import {
  ARGO_CD_CHART, argoCdBootstrapObjects, argoCdChartValues, argoCdClusterSecret, argoCdGpgKeysConfigMap, bootstrapNamespace, BridgeFacts, bridgeConfigMap, bridgeData,
  controllerNetworkPolicies, FLUX2_CHART, fluxBootstrapObjects, fluxChartValues, fluxSigningKeysSecret, GitOpsEngine,
  GITOPS_LABELS, GitSource, OpenPgpPublicKey, PinnedChart, POLICY_CONTROLLER_CHART, POLICY_CONTROLLER_IMAGE,
} from "./gitops";
import { projectRoot } from "../../functions/bundle/gate-package";
import { PropValidator } from "./validation-error";

/* eslint-disable @typescript-eslint/no-explicit-any -- plain manifests and chart values */

/** The policy-controller's namespace (the chart's documented install namespace). */
export const POLICY_CONTROLLER_NAMESPACE = "cosign-system";

/**
 * The Flux controllers of the AKS extension, by their `app` label. The extension also runs
 * `fluxconfig-agent`, `fluxconfig-controller` and fluent-bit in `flux-system` (Microsoft Learn,
 * "GitOps with Flux v2": they report to Azure, labelled `app.kubernetes.io/component`), which the
 * controllers' egress policies must not cut off.
 */
export const AKS_FLUX_CONTROLLERS = {
  matchExpressions: [{ key: "app", operator: "In", values: ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"] }],
} as const;

/** Name of the Secret holding the Git credentials in the controllers' namespace. */
export const GIT_CREDENTIALS_SECRET = "blueprint-git-credentials";

/**
 * Where the blueprint's objects chart lives in the repository (charts/blueprint-objects), from
 * the project root: this file also runs from the esbuild bundle of bin/cdktf-app.js, elsewhere.
 */
function objectsChartDir(): string {
  return path.join(projectRoot(), "charts", "blueprint-objects");
}

/**
 * Git credentials read at apply time and never stored: Terraform expressions over an ephemeral
 * value (EphemeralResource), written through the Secret's write-only `data_wo`.
 */
export interface GitCredentialExpressions {
  /** Expression of the user name, e.g. `${jsondecode(ephemeral.x.y.secret_string)["username"]}`. */
  readonly username: string;
  /** Expression of the password or token. */
  readonly password: string;
}

/** How the engine's controllers get onto the cluster. */
export type EngineInstall = "helm" | "aks-extension" | "eks-capability";

export interface GitOpsInstallProps {
  /** Flux or Argo CD. */
  readonly engine: GitOpsEngine;
  /**
   * `helm`: the pinned flux2 or argo-cd chart; `aks-extension`: the controllers come from the
   * microsoft.flux extension; `eks-capability`: from the managed Argo CD capability.
   * @default "helm"
   */
  readonly install?: EngineInstall;
  /** The environment's repository, path and revision. */
  readonly source: Omit<GitSource, "credentialsSecretName">;
  /** OpenPGP keys whose signatures on commits and tags the engine accepts (one or more). */
  readonly signingKeys: readonly OpenPgpPublicKey[];
  /** Git credentials, when the repository is private. @default none: read anonymously */
  readonly credentials?: GitCredentialExpressions;
  /** What the blueprint created, for the IaC → GitOps bridge ConfigMap (may hold tokens). */
  readonly facts: Omit<BridgeFacts, "namespace">;
  /** The controllers' egress: Git host and API server CIDRs (NetworkPolicy is IP-based). */
  readonly egress: { readonly gitHostCidrs: readonly string[]; readonly apiServerCidrs: readonly string[] };
  /** The admission policies' inputs (registry host, repository prefix, mode, signing key URI). */
  readonly admission: Omit<AdmissionInputs, "paramsConfigMap">;
  /** Also install sigstore policy-controller and the ClusterImagePolicy (on in prod). */
  readonly imageSignatures: boolean;
  /** Everything the releases wait for (the AKS extension, the EKS capability). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * The cluster Argo CD deploys to, as its cluster Secret names it; with it the objects include
   * that Secret (the managed EKS capability registers no local cluster, and needs its ARN).
   * @default none: the chart's in-cluster `https://kubernetes.default.svc`
   */
  readonly argoCdServer?: string;
}

/** Namespace of the approved-models ConfigMap, which `blueprint model approvals export` writes (cli/model-approvals.ts). */
export const APPROVED_MODELS_NAMESPACE = "model-serving-policy";

/**
 * The cluster side of a GitOps bootstrap, the same on every cloud once the cloud's construct has
 * configured the `kubernetes` and `helm` providers with short-lived credentials:
 * - the controllers' namespace, and the Git credentials Secret written only through `data_wo`
 *   from an ephemeral value (nothing secret in the state or the plan);
 * - the engine's pinned chart (flux2 or argo-cd, images by digest), unless the cloud's managed
 *   install provides the controllers;
 * - with `imageSignatures`, the pinned sigstore policy-controller chart in `cosign-system`;
 * - one release of the blueprint's objects chart (charts/blueprint-objects), after those: the
 *   bridge ConfigMap, the NetworkPolicies, the signing keys, the GitRepository and Kustomization
 *   (Flux) or AppProjects and root Application (Argo CD), the ValidatingAdmissionPolicy and its
 *   binding, the ClusterImagePolicy. Helm renders them from values, so a plan needs no cluster.
 */
export class GitOpsInstall extends Construct {
  /** The controllers' namespace (`flux-system` or `argocd`). */
  public readonly namespace: string;
  /** The objects release, the last thing the bootstrap applies. */
  public readonly objectsRelease: Release;
  /** The IaC → GitOps bridge data, as the ConfigMap carries it. */
  public readonly bridge: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GitOpsInstallProps) {
    const install = props.install ?? "helm";
    new PropValidator(scope, id)
      .require(install !== "aks-extension" || props.engine === "flux", "GITOPS_INSTALL_ENGINE_MISMATCH", "install", install, "aks-extension with engine flux")
      .require(install !== "eks-capability" || props.engine === "argocd", "GITOPS_INSTALL_ENGINE_MISMATCH", "install", install, "eks-capability with engine argocd")
      .throwIfInvalid();
    super(scope, id);
    // Ephemeral values and write-only arguments need Terraform 1.11 (developer.hashicorp.com/terraform/language/resources/ephemeral).
    TerraformStack.of(this).addOverride("terraform.required_version", ">= 1.11.0");
    const namespace = bootstrapNamespace(props.engine);
    this.namespace = namespace;
    const source: GitSource = { ...props.source, ...(props.credentials ? { credentialsSecretName: GIT_CREDENTIALS_SECRET } : {}) };

    // The managed installs create their own namespace; the chart installs get this one, labelled
    // so that the admission policies never select it.
    const ns = install === "helm" ? new NamespaceV1(this, "namespace", { metadata: { name: namespace, labels: { ...GITOPS_LABELS } } }) : undefined;
    const waits: ITerraformDependable[] = [...(props.dependsOn ?? []), ...(ns ? [ns] : [])];
    if (props.credentials) waits.push(this.credentialsSecret(namespace, props, waits));

    const bridgeFacts: BridgeFacts = { ...props.facts, namespace };
    this.bridge = bridgeData(bridgeFacts);
    const engineReleases: Release[] = [];
    if (install === "helm") {
      const values =
        props.engine === "flux"
          ? fluxChartValues()
          : argoCdChartValues({ source, signingKeys: props.signingKeys }, { clusterFacts: this.bridge });
      engineReleases.push(this.release(props.engine === "flux" ? "flux" : "argo-cd", props.engine === "flux" ? FLUX2_CHART : ARGO_CD_CHART, namespace, values, waits));
    }
    if (props.imageSignatures) {
      const policyController = {
        installCRDs: true,
        webhook: { image: { repository: POLICY_CONTROLLER_IMAGE.repository, version: POLICY_CONTROLLER_IMAGE.digest } },
      };
      // disable_webhooks: the chart's only hook is a leases-cleanup Job whose image
      // (cgr.dev/chainguard/kubectl:latest-dev) has no pinned digest; no unpinned image runs.
      engineReleases.push(this.release("policy-controller", POLICY_CONTROLLER_CHART, POLICY_CONTROLLER_NAMESPACE, policyController, props.dependsOn ?? [], { createNamespace: true, disableWebhooks: true }));
    }

    const resolved = resolveAdmissionInputs({ ...props.admission, paramsConfigMap: { name: "approved-models", namespace: APPROVED_MODELS_NAMESPACE } });
    const engineObjects =
      props.engine === "flux"
        ? [fluxSigningKeysSecret({ source, signingKeys: props.signingKeys }), ...fluxBootstrapObjects({ source, signingKeys: props.signingKeys })]
        : [
            // The managed capability: no chart writes the keyring or registers the cluster.
            ...(props.argoCdServer === undefined
              ? []
              : [argoCdGpgKeysConfigMap({ source, signingKeys: props.signingKeys }), argoCdClusterSecret({ source, signingKeys: props.signingKeys, destinationServer: props.argoCdServer }, this.bridge)]),
            ...argoCdBootstrapObjects({ source, signingKeys: props.signingKeys, ...(props.argoCdServer === undefined ? {} : { destinationServer: props.argoCdServer }) }),
          ];
    const objects = [
      bridgeConfigMap(bridgeFacts),
      ...controllerNetworkPolicies({
        engine: props.engine,
        gitHostCidrs: props.egress.gitHostCidrs,
        apiServerCidrs: props.egress.apiServerCidrs,
        ...(install === "aks-extension" ? { podSelector: AKS_FLUX_CONTROLLERS } : {}),
      }),
      ...engineObjects,
      ...validatingAdmissionPolicy(resolved),
      ...(props.imageSignatures ? [clusterImagePolicy(resolved)] : []),
    ];
    const chart = new TerraformAsset(this, "objects-chart", { path: objectsChartDir(), type: AssetType.DIRECTORY });
    this.objectsRelease = new Release(this, "objects", {
      name: "blueprint-objects",
      chart: chart.path,
      namespace,
      values: [valuesJson({ objects })],
      atomic: true,
      dependsOn: [...waits, ...engineReleases],
    });
  }

  private credentialsSecret(namespace: string, props: GitOpsInstallProps, waits: readonly ITerraformDependable[]): SecretV1 {
    const credentials = props.credentials!;
    const argo = props.engine === "argocd";
    return new SecretV1(this, "git-credentials", {
      metadata: {
        name: GIT_CREDENTIALS_SECRET,
        namespace,
        // Argo CD finds repository credentials by this label (operator-manual/declarative-setup.md, "Repositories").
        labels: { ...GITOPS_LABELS, ...(argo ? { "argocd.argoproj.io/secret-type": "repository" } : {}) },
      },
      // Flux reads `username`/`password` (source-controller GitRepository secretRef, basic auth);
      // Argo CD also needs the repository's `url` and `type`.
      dataWo: { username: credentials.username, password: credentials.password, ...(argo ? { url: props.source.url, type: "git" } : {}) },
      dataWoRevision: 1,
      dependsOn: [...waits],
    });
  }

  private release(name: string, chart: PinnedChart, namespace: string, values: Record<string, any>, dependsOn: readonly ITerraformDependable[], extra: { createNamespace?: boolean; disableWebhooks?: boolean } = {}): Release {
    return new Release(this, name, {
      name,
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      namespace,
      values: [valuesJson(values)],
      atomic: true,
      ...(extra.createNamespace ? { createNamespace: true } : {}),
      ...(extra.disableWebhooks ? { disableWebhooks: true } : {}),
      dependsOn: [...dependsOn],
    });
  }
}

/** A cdktf string token as it appears inside a string: `${TfToken[TOKEN.12]}`. */
const TOKEN_IN_STRING = /\$\{TfToken\[[^\]]+\]\}/g;

/** A literal part of a JSON string: JSON-escaped, and `${`/`%{` escaped for Terraform. */
function literalJson(text: string): string {
  return JSON.stringify(text).slice(1, -1).split("${").join("$${").split("%{").join("%%{");
}

/**
 * A reference's value as the inside of a JSON string: Terraform's `jsonencode` escapes it and
 * `substr` drops the quotes (so a reference can sit in the middle of a longer string).
 */
function referenceJson(token: string): string {
  const encoded = Fn.jsonencode(token);
  return Fn.substr(encoded, 1, Token.asNumber(Op.sub(Fn.lengthOf(encoded), 2)));
}

/**
 * Chart values as JSON (a subset of YAML). Literal strings are escaped by JSON.stringify (and
 * `${`, `%{` for Terraform); each Terraform reference inside a string is encoded by Terraform
 * itself at apply time (`jsonencode`), so a multi-line value (a PEM public key) or a quote in a
 * value cannot break the document. cdktf's own `Fn.jsonencode` of an object does not escape
 * quotes or backslashes in literal strings, which CEL expressions are full of.
 */
export function valuesJson(values: unknown): string {
  const strings: string[] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      strings.push(v);
      return `__BLUEPRINT_STRING_${strings.length - 1}__`;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const json = JSON.stringify(walk(values));
  return json.replace(/"__BLUEPRINT_STRING_(\d+)__"/g, (_, i: string) => {
    const text = strings[Number(i)]!;
    if (!Token.isUnresolved(text)) return `"${literalJson(text)}"`;
    const literals = text.split(TOKEN_IN_STRING);
    const tokens = text.match(TOKEN_IN_STRING) ?? [];
    return `"${literals.map((part, n) => literalJson(part) + (n < tokens.length ? referenceJson(tokens[n]!) : "")).join("")}"`;
  });
}
