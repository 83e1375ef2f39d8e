/*
 * Strict JSON Schemas (ajv) of the four GitOps custom resources the bootstrap emits, written
 * from the upstream Go API types (no npm package publishes their openAPIV3Schema). Strict:
 * unknown fields fail, so a misspelt field cannot pass. Fields listed are the upstream ones;
 * only the subset the bootstrap may use is typed in depth. Sources:
 * - GitRepository: fluxcd/source-controller api/v1/gitrepository_types.go (GitRepositorySpec,
 *   GitRepositoryRef, GitRepositoryVerification: mode enum head|HEAD|Tag|TagAndHEAD, url
 *   pattern ^(http|https|ssh)://.*$, interval/timeout duration patterns).
 * - Kustomization: fluxcd/kustomize-controller api/v1/kustomization_types.go (KustomizationSpec:
 *   interval, prune and sourceRef required; PostBuild, SubstituteReference kind enum
 *   Secret|ConfigMap).
 * - AppProject, Application: argoproj/argo-cd pkg/apis/application/v1alpha1/types.go
 *   (AppProjectSpec, ApplicationDestination, SignatureKey{keyID}, GroupKind, ApplicationSpec,
 *   ApplicationSource, SyncPolicy, SyncPolicyAutomated).
 */

const str = { type: "string", minLength: 1 } as const;
const strMap = { type: "object", additionalProperties: { type: "string" } } as const;
const strList = { type: "array", items: { type: "string" } } as const;
const duration = { type: "string", pattern: "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$" } as const;
const localRef = { type: "object", required: ["name"], additionalProperties: false, properties: { name: str } } as const;
const metadata = {
  type: "object", required: ["name", "namespace"], additionalProperties: false,
  properties: { name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" }, namespace: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" }, labels: strMap, annotations: strMap },
} as const;
const groupKind = { type: "object", required: ["group", "kind"], additionalProperties: false, properties: { group: { type: "string" }, kind: str } } as const;

export const GIT_REPOSITORY_SCHEMA = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], additionalProperties: false,
  properties: {
    apiVersion: { const: "source.toolkit.fluxcd.io/v1" }, kind: { const: "GitRepository" }, metadata,
    spec: {
      type: "object", required: ["url", "interval"], additionalProperties: false,
      properties: {
        url: { type: "string", pattern: "^(http|https|ssh)://.*$" },
        secretRef: localRef,
        provider: { enum: ["generic", "aws", "azure", "github"] },
        serviceAccountName: str,
        interval: duration,
        timeout: { type: "string", pattern: "^([0-9]+(\\.[0-9]+)?(ms|s|m))+$" },
        ref: {
          type: "object", additionalProperties: false, minProperties: 1,
          properties: { branch: str, tag: str, semver: str, name: str, commit: str },
        },
        verify: {
          type: "object", required: ["secretRef"], additionalProperties: false,
          properties: { mode: { enum: ["head", "HEAD", "Tag", "TagAndHEAD"] }, secretRef: localRef },
        },
        proxySecretRef: localRef,
        ignore: { type: "string" },
        suspend: { type: "boolean" },
        recurseSubmodules: { type: "boolean" },
        include: { type: "array" },
        sparseCheckout: strList,
      },
    },
  },
} as const;

export const KUSTOMIZATION_SCHEMA = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], additionalProperties: false,
  properties: {
    apiVersion: { const: "kustomize.toolkit.fluxcd.io/v1" }, kind: { const: "Kustomization" }, metadata,
    spec: {
      type: "object", required: ["interval", "prune", "sourceRef"], additionalProperties: false,
      properties: {
        commonMetadata: { type: "object" }, dependsOn: { type: "array" }, decryption: { type: "object" },
        interval: duration, retryInterval: duration, timeout: duration,
        kubeConfig: { type: "object" },
        path: { type: "string" },
        postBuild: {
          type: "object", additionalProperties: false,
          properties: {
            substitute: strMap,
            substituteFrom: {
              type: "array",
              items: { type: "object", required: ["kind", "name"], additionalProperties: false, properties: { kind: { enum: ["Secret", "ConfigMap"] }, name: { type: "string", minLength: 1, maxLength: 253 }, optional: { type: "boolean" } } },
            },
          },
        },
        prune: { type: "boolean" },
        deletionPolicy: { enum: ["MirrorPrune", "Delete", "WaitForTermination", "Orphan"] },
        healthChecks: { type: "array" }, namePrefix: str, nameSuffix: str, patches: { type: "array" }, images: { type: "array" },
        serviceAccountName: str,
        sourceRef: {
          type: "object", required: ["kind", "name"], additionalProperties: false,
          properties: { apiVersion: str, kind: { enum: ["OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"] }, name: str, namespace: str },
        },
        suspend: { type: "boolean" }, targetNamespace: str, force: { type: "boolean" }, wait: { type: "boolean" },
        components: strList, ignoreMissingComponents: { type: "boolean" }, healthCheckExprs: { type: "array" }, driftIgnoreRules: { type: "array" },
      },
    },
  },
} as const;

const destination = { type: "object", additionalProperties: false, minProperties: 1, properties: { server: str, namespace: str, name: str } } as const;

export const APP_PROJECT_SCHEMA = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], additionalProperties: false,
  properties: {
    apiVersion: { const: "argoproj.io/v1alpha1" }, kind: { const: "AppProject" }, metadata,
    spec: {
      type: "object", additionalProperties: false,
      properties: {
        sourceRepos: strList,
        destinations: { type: "array", items: destination },
        description: { type: "string" },
        roles: { type: "array" },
        clusterResourceWhitelist: { type: "array", items: groupKind },
        clusterResourceBlacklist: { type: "array", items: groupKind },
        namespaceResourceBlacklist: { type: "array", items: groupKind },
        namespaceResourceWhitelist: { type: "array", items: groupKind },
        orphanedResources: { type: "object" },
        syncWindows: { type: "array" },
        signatureKeys: { type: "array", items: { type: "object", required: ["keyID"], additionalProperties: false, properties: { keyID: { type: "string", pattern: "^[0-9A-F]{16}$" } } } },
        sourceNamespaces: strList,
        permitOnlyProjectScopedClusters: { type: "boolean" },
        destinationServiceAccounts: { type: "array" },
      },
    },
  },
} as const;

export const APPLICATION_SCHEMA = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], additionalProperties: false,
  properties: {
    apiVersion: { const: "argoproj.io/v1alpha1" }, kind: { const: "Application" }, metadata,
    spec: {
      type: "object", required: ["destination", "project"], additionalProperties: false,
      properties: {
        source: {
          type: "object", required: ["repoURL"], additionalProperties: false,
          properties: { repoURL: str, path: str, targetRevision: str, helm: { type: "object" }, kustomize: { type: "object" }, directory: { type: "object" }, plugin: { type: "object" }, chart: str, ref: str, name: str },
        },
        destination,
        project: str,
        syncPolicy: {
          type: "object", additionalProperties: false,
          properties: {
            automated: { type: "object", additionalProperties: false, properties: { prune: { type: "boolean" }, selfHeal: { type: "boolean" }, allowEmpty: { type: "boolean" }, enabled: { type: "boolean" } } },
            syncOptions: strList,
            retry: { type: "object" },
            managedNamespaceMetadata: { type: "object" },
          },
        },
        ignoreDifferences: { type: "array" }, info: { type: "array" }, revisionHistoryLimit: { type: "integer" }, sources: { type: "array" }, sourceHydrator: { type: "object" },
      },
    },
  },
} as const;
