import { AdmissionInputs, resolveAdmissionInputs } from "./inputs";
import { gatekeeperPolicy } from "./gatekeeper";
import { kyvernoClusterPolicy } from "./kyverno";
import { clusterImagePolicy } from "./sigstore";
import { validatingAdmissionPolicy } from "./vap";

/*
 * Admission policies for model serving (docs/admission-policies.md): pure functions that return
 * plain manifests, for chart values or kubernetes_manifest resources.
 */
export { AdmissionInputs, AdmissionInputError, AdmissionMode, ResolvedAdmissionInputs, resolveAdmissionInputs } from "./inputs";
export { admissionExpressions, AdmissionExpressions, CelValidation, CelVariable, CONTAINER_LISTS, APPROVED_VARIABLE, APPROVED_FROM_CONFIGMAP } from "./expressions";
export { approvedModelsConfigMap, ApprovalRecord, ApprovedModelsOptions, ApprovalExportError, ConfigMapManifest } from "./approved-models";
export { validatingAdmissionPolicy } from "./vap";
export { kyvernoClusterPolicy } from "./kyverno";
export { gatekeeperPolicy, GATEKEEPER_CONSTRAINT_KIND, APPROVED_FROM_CONSTRAINT } from "./gatekeeper";
export { clusterImagePolicy, cosignSignCommand } from "./sigstore";
export { MATCHED_KINDS, resourceRules } from "./resources";
export * from "./names";

/* eslint-disable @typescript-eslint/no-explicit-any -- plain manifests */
/** Every manifest of one environment per engine, from one set of inputs. */
export interface AdmissionManifests {
  /** ValidatingAdmissionPolicy and its binding. */
  readonly vap: readonly Record<string, any>[];
  /** Kyverno ClusterPolicy. */
  readonly kyverno: readonly Record<string, any>[];
  /** Gatekeeper ConstraintTemplate and Constraint. */
  readonly gatekeeper: readonly Record<string, any>[];
  /** sigstore policy-controller ClusterImagePolicy. */
  readonly sigstore: readonly Record<string, any>[];
}

/** All engines' manifests; `approved` is the approved-models ConfigMap's data (for Gatekeeper). */
export function admissionManifests(inputs: AdmissionInputs, approved: Readonly<Record<string, string>>): AdmissionManifests {
  const resolved = resolveAdmissionInputs(inputs);
  return {
    vap: validatingAdmissionPolicy(resolved),
    kyverno: [kyvernoClusterPolicy(resolved)],
    gatekeeper: gatekeeperPolicy(resolved, approved),
    sigstore: [clusterImagePolicy(resolved)],
  };
}
