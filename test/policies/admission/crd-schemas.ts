/*
 * JSON Schemas (ajv) of the three CRD kinds the admission library emits, written from the
 * documented fields, because no npm package publishes their openAPIV3Schema (there is no
 * @kubernetes-models/kyverno, gatekeeper or sigstore package). Strict: unknown fields fail, so a
 * misspelt field cannot pass. Sources:
 * - Kyverno ClusterPolicy (kyverno.io/v1): kyverno.io "Validate Rules" (CEL section) and the Go
 *   type `CEL` in kyverno/kyverno api/kyverno/v1 (expressions, paramKind, paramRef,
 *   auditAnnotations, variables); `failureAction` on validate (Kyverno 1.13+).
 * - Gatekeeper ConstraintTemplate (templates.gatekeeper.sh/v1) and constraints
 *   (constraints.gatekeeper.sh/v1beta1): Gatekeeper docs "Constraint Templates", "Integration
 *   with Kubernetes Validating Admission Policy" (code[].engine K8sNativeValidation, source).
 * - ClusterImagePolicy (policy.sigstore.dev/v1beta1): sigstore/policy-controller
 *   docs/api-types/index.md (images[].glob, authorities[].key{data|secretRef|kms, hashAlgorithm}, mode).
 */

const str = { type: "string", minLength: 1 } as const;
const strMap = { type: "object", additionalProperties: { type: "string" } } as const;
const strList = { type: "array", items: { type: "string" } } as const;
const named = { type: "object", required: ["name", "expression"], additionalProperties: false, properties: { name: str, expression: str } } as const;
const validation = { type: "object", required: ["expression"], additionalProperties: false, properties: { expression: str, message: str, messageExpression: str, reason: str } } as const;
const selector = { type: "object", additionalProperties: false, properties: { matchLabels: strMap, matchExpressions: { type: "array" } } } as const;
const metadata = {
  type: "object", required: ["name"], additionalProperties: false,
  properties: { name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" }, labels: strMap, annotations: strMap },
} as const;

export const KYVERNO_CLUSTER_POLICY_SCHEMA = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], additionalProperties: false,
  properties: {
    apiVersion: { const: "kyverno.io/v1" }, kind: { const: "ClusterPolicy" }, metadata,
    spec: {
      type: "object", required: ["rules"], additionalProperties: false,
      properties: {
        background: { type: "boolean" }, failurePolicy: { enum: ["Fail", "Ignore"] },
        rules: {
          type: "array", minItems: 1,
          items: {
            type: "object", required: ["name", "match", "validate"], additionalProperties: false,
            properties: {
              name: str,
              match: {
                type: "object", additionalProperties: false,
                properties: {
                  any: {
                    type: "array",
                    items: {
                      type: "object", additionalProperties: false,
                      properties: { resources: { type: "object", additionalProperties: false, properties: { kinds: strList, operations: { type: "array", items: { enum: ["CREATE", "UPDATE", "DELETE", "CONNECT"] } }, namespaceSelector: selector } } },
                    },
                  },
                },
              },
              validate: {
                type: "object", required: ["cel"], additionalProperties: false,
                properties: {
                  failureAction: { enum: ["Enforce", "Audit"] },
                  cel: {
                    type: "object", required: ["expressions"], additionalProperties: false,
                    properties: {
                      expressions: { type: "array", minItems: 1, items: validation },
                      variables: { type: "array", items: named },
                      paramKind: { type: "object", required: ["apiVersion", "kind"], additionalProperties: false, properties: { apiVersion: str, kind: str } },
                      paramRef: { type: "object", required: ["name"], additionalProperties: false, properties: { name: str, namespace: str, parameterNotFoundAction: { enum: ["Allow", "Deny"] } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const GATEKEEPER_TEMPLATE_SCHEMA = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], additionalProperties: false,
  properties: {
    apiVersion: { const: "templates.gatekeeper.sh/v1" }, kind: { const: "ConstraintTemplate" }, metadata,
    spec: {
      type: "object", required: ["crd", "targets"], additionalProperties: false,
      properties: {
        crd: {
          type: "object", required: ["spec"], additionalProperties: false,
          properties: {
            spec: {
              type: "object", required: ["names"], additionalProperties: false,
              properties: {
                names: { type: "object", required: ["kind"], additionalProperties: false, properties: { kind: { type: "string", pattern: "^[A-Z][A-Za-z0-9]*$" } } },
                validation: { type: "object", additionalProperties: false, properties: { openAPIV3Schema: { type: "object" } } },
              },
            },
          },
        },
        targets: {
          type: "array", minItems: 1,
          items: {
            type: "object", required: ["target", "code"], additionalProperties: false,
            properties: {
              target: { const: "admission.k8s.gatekeeper.sh" },
              code: {
                type: "array", minItems: 1,
                items: {
                  type: "object", required: ["engine", "source"], additionalProperties: false,
                  properties: {
                    engine: { const: "K8sNativeValidation" },
                    source: {
                      type: "object", required: ["validations"], additionalProperties: false,
                      properties: { variables: { type: "array", items: named }, validations: { type: "array", minItems: 1, items: validation }, matchConditions: { type: "array", items: named } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const GATEKEEPER_CONSTRAINT_SCHEMA = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], additionalProperties: false,
  properties: {
    apiVersion: { const: "constraints.gatekeeper.sh/v1beta1" }, kind: str, metadata,
    spec: {
      type: "object", additionalProperties: false,
      properties: {
        enforcementAction: { enum: ["deny", "dryrun", "warn"] },
        match: {
          type: "object", additionalProperties: false,
          properties: {
            kinds: { type: "array", items: { type: "object", additionalProperties: false, properties: { apiGroups: strList, kinds: strList } } },
            namespaceSelector: selector,
          },
        },
        parameters: { type: "object" },
      },
    },
  },
} as const;

export const CLUSTER_IMAGE_POLICY_SCHEMA = {
  type: "object", required: ["apiVersion", "kind", "metadata", "spec"], additionalProperties: false,
  properties: {
    apiVersion: { const: "policy.sigstore.dev/v1beta1" }, kind: { const: "ClusterImagePolicy" }, metadata,
    spec: {
      type: "object", required: ["images", "authorities"], additionalProperties: false,
      properties: {
        mode: { enum: ["enforce", "warn"] },
        images: { type: "array", minItems: 1, items: { type: "object", required: ["glob"], additionalProperties: false, properties: { glob: str } } },
        authorities: {
          type: "array", minItems: 1,
          items: {
            type: "object", required: ["key"], additionalProperties: false,
            properties: {
              name: str,
              key: {
                type: "object", additionalProperties: false, minProperties: 1,
                properties: { data: str, kms: str, secretRef: { type: "object" }, hashAlgorithm: { enum: ["sha224", "sha256", "sha384", "sha512"] } },
              },
            },
          },
        },
      },
    },
  },
} as const;
