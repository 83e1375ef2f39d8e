import { admissionExpressions } from "./expressions";
import { ResolvedAdmissionInputs } from "./inputs";
import { ARGOCD_SYNC_WAVE_ANNOTATION, MANAGED_BY_LABEL } from "./names";
import { MATCHED_KINDS, OPERATIONS } from "./resources";

/* eslint-disable @typescript-eslint/no-explicit-any -- a plain manifest for YAML */
type Manifest = Record<string, any>;

/**
 * The same checks as a Kyverno ClusterPolicy with a CEL validate rule (kyverno.io "Validate
 * Rules", section "Common Expression Language (CEL)": `validate.cel.expressions`, `variables`,
 * and `paramKind`/`paramRef` that take a ConfigMap as in a VAP, Kyverno 1.11+). `failureAction`
 * on the rule (Kyverno 1.13+, replacing the deprecated `spec.validationFailureAction`) is
 * `Enforce` or `Audit`. Auto-gen is off (`pod-policies.kyverno.io/autogen-controllers: none`,
 * kyverno.io "Auto-Gen Rules"): the rule already lists every controller and reads the pod spec
 * per kind itself. Kinds use Kyverno's `Pod/ephemeralcontainers` subresource form.
 */
export function kyvernoClusterPolicy(inputs: ResolvedAdmissionInputs): Manifest {
  const { variables, validations } = admissionExpressions(inputs);
  const kinds = MATCHED_KINDS.flatMap((k) => {
    const kind = k.apiGroup === "" ? k.kind : `${k.apiGroup}/${k.version}/${k.kind}`;
    return k.kind === "Pod" ? [kind, "Pod/ephemeralcontainers"] : [kind];
  });
  return {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: {
      name: inputs.policyName,
      labels: { [MANAGED_BY_LABEL]: "admission" },
      annotations: { [ARGOCD_SYNC_WAVE_ANNOTATION]: "-1", "pod-policies.kyverno.io/autogen-controllers": "none" },
    },
    spec: {
      background: false,
      failurePolicy: "Fail",
      rules: [
        {
          name: "model-serving",
          match: {
            any: [{ resources: { kinds, operations: [...OPERATIONS], namespaceSelector: { matchLabels: { [inputs.namespaceLabel]: "true" } } } }],
          },
          validate: {
            failureAction: inputs.mode === "enforce" ? "Enforce" : "Audit",
            cel: {
              paramKind: { apiVersion: "v1", kind: "ConfigMap" },
              paramRef: { name: inputs.paramsConfigMap.name, namespace: inputs.paramsConfigMap.namespace, parameterNotFoundAction: "Deny" },
              variables: variables.map((v) => ({ name: v.name, expression: v.expression })),
              expressions: validations.map((v) => ({ expression: v.expression, message: v.message })),
            },
          },
        },
      ],
    },
  };
}
