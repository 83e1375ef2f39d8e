import { admissionExpressions } from "./expressions";
import { ResolvedAdmissionInputs } from "./inputs";
import { ARGOCD_SYNC_WAVE_ANNOTATION, MANAGED_BY_LABEL } from "./names";
import { MATCHED_KINDS } from "./resources";

/* eslint-disable @typescript-eslint/no-explicit-any -- plain manifests for YAML */
type Manifest = Record<string, any>;

/** Kind of the Gatekeeper constraint (the ConstraintTemplate's CRD kind). */
export const GATEKEEPER_CONSTRAINT_KIND = "ModelServingAdmission";

/**
 * `approved` as Gatekeeper binds parameters: the constraint's `spec.parameters` are
 * `variables.params` in the K8sNativeValidation engine (open-policy-agent/frameworks
 * constraint/pkg/client/drivers/k8scel/schema: `ParamsName = "params"`, "the VAP variable
 * constraint parameters will be bound to"; the object is also `variables.anyObject` there).
 */
export const APPROVED_FROM_CONSTRAINT = "has(variables.params.approved) ? variables.params.approved : {}";

/**
 * The same checks as an OPA Gatekeeper ConstraintTemplate with the CEL engine
 * (`code: [{engine: K8sNativeValidation, source: {variables, validations}}]`, Gatekeeper docs
 * "Integration with Kubernetes Validating Admission Policy") and its Constraint. A constraint
 * takes parameters from its own `spec.parameters`, not from a ConfigMap, so the approved list
 * (`approved`: the ConfigMap's data) is copied into the constraint; `approvals export` writes
 * both from the same records. `enforcementAction` is `deny` when enforcing, `warn` otherwise.
 * Gatekeeper matches kinds, not subresources: `pods/ephemeralcontainers` needs the webhook's
 * rules widened (docs/admission-policies.md, "Limits").
 */
export function gatekeeperPolicy(inputs: ResolvedAdmissionInputs, approved: Readonly<Record<string, string>>): [template: Manifest, constraint: Manifest] {
  const { variables, validations } = admissionExpressions(inputs, APPROVED_FROM_CONSTRAINT);
  const crdName = GATEKEEPER_CONSTRAINT_KIND.toLowerCase();
  const template = {
    apiVersion: "templates.gatekeeper.sh/v1",
    kind: "ConstraintTemplate",
    metadata: { name: crdName, labels: { [MANAGED_BY_LABEL]: "admission" }, annotations: { [ARGOCD_SYNC_WAVE_ANNOTATION]: "-1" } },
    spec: {
      crd: {
        spec: {
          names: { kind: GATEKEEPER_CONSTRAINT_KIND },
          validation: {
            openAPIV3Schema: {
              type: "object",
              properties: { approved: { type: "object", additionalProperties: { type: "string" } } },
            },
          },
        },
      },
      targets: [
        {
          target: "admission.k8s.gatekeeper.sh",
          code: [
            {
              engine: "K8sNativeValidation",
              source: {
                variables: variables.map((v) => ({ name: v.name, expression: v.expression })),
                validations: validations.map((v) => ({ expression: v.expression, message: v.message })),
              },
            },
          ],
        },
      ],
    },
  };
  const groups = [...new Set(MATCHED_KINDS.map((k) => k.apiGroup))];
  const constraint = {
    apiVersion: "constraints.gatekeeper.sh/v1beta1",
    kind: GATEKEEPER_CONSTRAINT_KIND,
    // Wave 0: the constraint's CRD exists only once Gatekeeper has processed the template.
    metadata: { name: inputs.policyName, labels: { [MANAGED_BY_LABEL]: "admission" }, annotations: { [ARGOCD_SYNC_WAVE_ANNOTATION]: "0" } },
    spec: {
      enforcementAction: inputs.mode === "enforce" ? "deny" : "warn",
      match: {
        kinds: groups.map((g) => ({ apiGroups: [g], kinds: MATCHED_KINDS.filter((k) => k.apiGroup === g).map((k) => k.kind) })),
        namespaceSelector: { matchLabels: { [inputs.namespaceLabel]: "true" } },
      },
      parameters: { approved: Object.fromEntries(Object.keys(approved).sort().map((k) => [k, approved[k]!])) },
    },
  };
  return [template, constraint];
}
