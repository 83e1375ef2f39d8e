import { checkNamespace, GitOpsProblems, GITOPS_LABELS, isTokenString } from "./inputs";
import { REGISTRY_NAME } from "../limits/registry";
import { GITOPS_BRIDGE_KEY } from "../limits/gitops-objects";
import { satisfies } from "../limits/text-rule";

/*
 * The IaC → GitOps bridge: one ConfigMap `blueprint-facts` per cluster carrying what the
 * blueprint created, so manifests in Git refer to facts instead of re-spelling them. Flux
 * Kustomizations read it through `postBuild.substituteFrom` (`${image_registry_host}`); Argo CD
 * ApplicationSets read the same facts as annotations of the in-cluster cluster Secret
 * (argocd.ts). Contract: schemas/gitops-bridge.v1.schema.json; a key is never renamed within v1.
 */

/** Name of the bridge ConfigMap. */
export const BRIDGE_CONFIGMAP_NAME = "blueprint-facts";

/** The bridge schema's `$id`; its last path segment names the version. */
export const BRIDGE_SCHEMA_ID = "https://ai-supply-chain-blueprint.io/schemas/gitops-bridge.v1.schema.json";

/** Annotation carrying the schema id on the ConfigMap. */
export const BRIDGE_SCHEMA_ANNOTATION = "ai-supply-chain-blueprint.io/schema";

/** One model registry's storage, as the bridge exposes it. */
export interface BridgeModelRegistry {
  /** Registry name from config, e.g. `fraud-scoring`. */
  readonly name: string;
  /** Artifact bucket (AWS, GCP) or blob container (Azure) name; may be a token. */
  readonly artifactStore: string;
  /**
   * Storage account of the container (Azure only); may be a token.
   * @default - omitted (AWS and GCP address the bucket by name alone)
   */
  readonly storageAccount?: string;
}

/** The facts of one environment the bridge publishes. */
export interface BridgeFacts {
  /** The cloud: `aws`, `gcp` or `azure`. */
  readonly cloud: "aws" | "gcp" | "azure";
  /** Environment name from config, e.g. `prod`. */
  readonly environment: string;
  /** Registry host of the environment's images; may be a token. */
  readonly imageRegistryHost: string;
  /** Repository prefix under the host, ending with `/`; may be a token. */
  readonly imageRepositoryPrefix: string;
  /** KMS URI of the image signing key (`awskms://`, `gcpkms://`, `azurekms://`); may be a token. */
  readonly signingKeyUri: string;
  /**
   * PEM public key of the promotion gate's attestation key, for verifying decision records; may be a token.
   * @default - omitted
   */
  readonly gateAttestationPublicKey?: string;
  /**
   * The cloud identity workloads in the cluster use to read the registries (IAM role ARN,
   * service account email or managed identity client id); may be a token.
   * @default - omitted
   */
  readonly workloadIdentity?: string;
  /** The environment's model registries (any order: the output is sorted by name). */
  readonly modelRegistries: readonly BridgeModelRegistry[];
  /** Namespace of the ConfigMap: the GitOps controllers' namespace, where Kustomizations read it. */
  readonly namespace: string;
}

/** `fraud-scoring` → `fraud_scoring`: registry names have no `_`, so the mapping is one to one. */
function registryKey(name: string): string {
  return name.split("-").join("_");
}

/** The bridge data: flat string keys, sorted, each a valid Flux substitution variable name. */
export function bridgeData(facts: BridgeFacts): Record<string, string> {
  const p = new GitOpsProblems("gitops/bridge");
  p.require(["aws", "gcp", "azure"].includes(facts.cloud), "GITOPS_BRIDGE_CLOUD_INVALID", "cloud", facts.cloud, "aws, gcp or azure");
  p.require(typeof facts.environment === "string" && facts.environment.length > 0 && !isTokenString(facts.environment), "GITOPS_BRIDGE_ENVIRONMENT_INVALID", "environment", facts.environment, "the environment name from config");
  const names = new Set<string>();
  for (const [i, registry] of (facts.modelRegistries ?? []).entries()) {
    p.text(`modelRegistries[${i}].name`, registry.name, REGISTRY_NAME, "GITOPS_BRIDGE_REGISTRY_INVALID");
    p.require(!names.has(registry.name), "GITOPS_BRIDGE_REGISTRY_INVALID", `modelRegistries[${i}].name`, registry.name, "each registry once");
    names.add(registry.name);
  }
  const data: Record<string, string> = {
    schema_version: "1",
    cloud: facts.cloud,
    environment: facts.environment,
    image_registry_host: facts.imageRegistryHost,
    image_repository_prefix: facts.imageRepositoryPrefix,
    signing_key_uri: facts.signingKeyUri,
    model_registries: [...names].sort().join(","),
  };
  if (facts.gateAttestationPublicKey !== undefined) data["gate_attestation_public_key"] = facts.gateAttestationPublicKey;
  if (facts.workloadIdentity !== undefined) data["workload_identity"] = facts.workloadIdentity;
  for (const registry of facts.modelRegistries ?? []) {
    const key = registryKey(registry.name);
    data[`model_registry_${key}_artifact_store`] = registry.artifactStore;
    if (registry.storageAccount !== undefined) data[`model_registry_${key}_storage_account`] = registry.storageAccount;
  }
  for (const key of Object.keys(data)) p.text(`data.${key}`, key, GITOPS_BRIDGE_KEY, "GITOPS_BRIDGE_KEY_INVALID");
  p.throwIfAny();
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(data).sort()) sorted[key] = data[key]!;
  return sorted;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- a plain manifest */
/** The bridge ConfigMap, labelled as the blueprint's and annotated with its schema id. */
export function bridgeConfigMap(facts: BridgeFacts): Record<string, any> {
  const p = new GitOpsProblems("gitops/bridge");
  checkNamespace(p, "namespace", facts.namespace);
  p.throwIfAny();
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: BRIDGE_CONFIGMAP_NAME,
      namespace: facts.namespace,
      labels: { ...GITOPS_LABELS },
      annotations: { [BRIDGE_SCHEMA_ANNOTATION]: BRIDGE_SCHEMA_ID },
    },
    data: bridgeData(facts),
  };
}

/** True when `key` is a valid bridge key (for callers composing their own facts). */
export function isBridgeKey(key: string): boolean {
  return satisfies(GITOPS_BRIDGE_KEY, key);
}
