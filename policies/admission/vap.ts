import { admissionExpressions } from "./expressions";
import { ResolvedAdmissionInputs } from "./inputs";
import { ARGOCD_SYNC_WAVE_ANNOTATION, MANAGED_BY_LABEL } from "./names";
import { resourceRules } from "./resources";

/* eslint-disable @typescript-eslint/no-explicit-any -- plain manifests for YAML, typed by their schemas in the tests */
type Manifest = Record<string, any>;

function metadata(name: string): Manifest {
  return { name, labels: { [MANAGED_BY_LABEL]: "admission" }, annotations: { [ARGOCD_SYNC_WAVE_ANNOTATION]: "-1" } };
}

/**
 * The Kubernetes ValidatingAdmissionPolicy and its binding (admissionregistration.k8s.io/v1,
 * GA in 1.30; Kubernetes docs "Validating Admission Policy"). The binding names the approved-
 * models ConfigMap with `parameterNotFoundAction: Deny` set explicitly (API reference "ParamRef":
 * Deny sends a missing parameter to failurePolicy, here Fail), selects the model-serving
 * namespaces, and uses `Deny` when enforcing and `Audit` otherwise. Both carry Argo CD sync wave
 * `-1`, so they exist before the workloads of wave 0 ("Sync Phases and Waves").
 */
export function validatingAdmissionPolicy(inputs: ResolvedAdmissionInputs): [policy: Manifest, binding: Manifest] {
  const { variables, validations } = admissionExpressions(inputs);
  const namespaceSelector = { matchLabels: { [inputs.namespaceLabel]: "true" } };
  const policy = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: metadata(inputs.policyName),
    spec: {
      failurePolicy: "Fail",
      paramKind: { apiVersion: "v1", kind: "ConfigMap" },
      matchConstraints: { namespaceSelector, resourceRules: resourceRules() },
      variables: variables.map((v) => ({ name: v.name, expression: v.expression })),
      validations: validations.map((v) => ({ expression: v.expression, message: v.message, reason: "Forbidden" })),
    },
  };
  const binding = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: metadata(inputs.policyName),
    spec: {
      policyName: inputs.policyName,
      paramRef: { name: inputs.paramsConfigMap.name, namespace: inputs.paramsConfigMap.namespace, parameterNotFoundAction: "Deny" },
      validationActions: [inputs.mode === "enforce" ? "Deny" : "Audit"],
      matchResources: { namespaceSelector },
    },
  };
  return [policy, binding];
}
