import { ResolvedAdmissionInputs } from "./inputs";
import { DECISION_RECORD_ANNOTATION, MODEL_DIGEST_ANNOTATION } from "./names";

/*
 * The one source of the admission CEL. The ValidatingAdmissionPolicy, the Kyverno ClusterPolicy
 * and the Gatekeeper ConstraintTemplate all carry these strings unchanged; only the `approved`
 * variable differs, because each engine binds its parameters under another name.
 *
 * Portable subset (../shared research §5): standard macros (all, exists), has(), startsWith,
 * endsWith, matches with an anchored RE2 pattern, size(), `in`, ternaries and variables; no
 * optional syntax and no Kubernetes-only library, so @bufbuild/cel evaluates exactly what the
 * API server evaluates.
 */

/** A named CEL variable (VAP `spec.variables[]`, "Variable composition"). */
export interface CelVariable {
  /** Variable name, read as `variables.<name>`. */
  readonly name: string;
  /** CEL expression; may read earlier variables only. */
  readonly expression: string;
}

/** A named CEL validation: the request passes it when the expression is true. */
export interface CelValidation {
  /** Stable rule id, also the `[id]` prefix of the message. */
  readonly id: string;
  /** CEL expression, true to admit. */
  readonly expression: string;
  /** Message shown on a violation, starting with `[<id>]`. */
  readonly message: string;
}

/** The variables and validations of one environment. */
export interface AdmissionExpressions {
  /** In evaluation order. */
  readonly variables: readonly CelVariable[];
  /** One per rule. */
  readonly validations: readonly CelValidation[];
}

/** The three container lists of a pod spec; each has its own element type, so each is checked on its own. */
export const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

/** Name of the variable that holds the approved-models map (digest hex to record URI). */
export const APPROVED_VARIABLE = "approved";

/** `approved` as VAP and Kyverno bind a ConfigMap parameter: `params` is the ConfigMap. */
export const APPROVED_FROM_CONFIGMAP = "params != null && has(params.data) ? params.data : {}";

/** An anchored RE2 pattern for an image reference pinned by digest. */
const DIGEST_PINNED = "^[^@]+@sha256:[a-f0-9]{64}$";
const SHA256_DIGEST = "^sha256:[a-f0-9]{64}$";

/** A CEL single-quoted string literal; inputs are validated, so only `\` and `'` need escaping. */
export function celString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** `pred` holds for every element `c` of every container list of the pod spec. */
function everyContainer(pred: string): string {
  return CONTAINER_LISTS.map((list) =>
    list === "containers"
      ? `variables.spec.containers.all(c, ${pred})`
      : `(!has(variables.spec.${list}) || variables.spec.${list}.all(c, ${pred}))`,
  ).join(" && ");
}

/** A boolean field of `c.securityContext` is not set to true. */
function notTrue(field: string): string {
  return `!(has(c.securityContext) && has(c.securityContext.${field}) && c.securityContext.${field} == true)`;
}

/** Pod spec and pod metadata per kind: Pod (also pods/ephemeralcontainers), CronJob, and the controllers. */
function podPath(kind: "spec" | "metadata"): string {
  const template = (base: string): string =>
    kind === "spec" ? `${base}.template.spec` : `(has(${base}.template.metadata) ? ${base}.template.metadata : {})`;
  return `object.kind == 'Pod' ? object.${kind} : (object.kind == 'CronJob' ? ${template("object.spec.jobTemplate.spec")} : ${template("object.spec")})`;
}

/**
 * The admission CEL of one environment. `approvedBinding` is the expression of the `approved`
 * variable (a map from a model digest's 64 hex digits to its decision record URI).
 */
export function admissionExpressions(inputs: ResolvedAdmissionInputs, approvedBinding: string = APPROVED_FROM_CONFIGMAP): AdmissionExpressions {
  const annotation = (key: string): string =>
    `${celString(key)} in variables.annotations ? variables.annotations[${celString(key)}] : ''`;
  const variables: CelVariable[] = [
    { name: "spec", expression: podPath("spec") },
    { name: "podMetadata", expression: podPath("metadata") },
    { name: "annotations", expression: "has(variables.podMetadata.annotations) ? variables.podMetadata.annotations : {}" },
    { name: "imagePrefix", expression: celString(inputs.imagePrefix) },
    { name: "modelDigest", expression: annotation(MODEL_DIGEST_ANNOTATION) },
    { name: "decisionRecord", expression: annotation(DECISION_RECORD_ANNOTATION) },
    { name: APPROVED_VARIABLE, expression: approvedBinding },
    {
      name: "podRunAsNonRoot",
      expression: "has(variables.spec.securityContext) && has(variables.spec.securityContext.runAsNonRoot) && variables.spec.securityContext.runAsNonRoot == true",
    },
  ];
  const rule = (id: string, expression: string, message: string): CelValidation => ({ id, expression, message: `[${id}] ${message}` });
  const validations: CelValidation[] = [
    rule("image-digest", everyContainer(`c.image.matches('${DIGEST_PINNED}')`),
      "every image of containers, initContainers and ephemeralContainers must be pinned by @sha256:<64 hex> digest"),
    rule("image-registry", everyContainer("c.image.startsWith(variables.imagePrefix)"),
      `every image must come from ${inputs.imagePrefix}`),
    rule("model-digest-annotation", `variables.modelDigest.matches('${SHA256_DIGEST}')`,
      `the pod (template) must carry the annotation ${MODEL_DIGEST_ANNOTATION}: sha256:<64 hex>, the model's OMS root digest`),
    rule("decision-record-annotation", "size(variables.decisionRecord) > 0",
      `the pod (template) must carry the annotation ${DECISION_RECORD_ANNOTATION}: the URI of the model's PASSED decision record`),
    rule("model-approved", `variables.${APPROVED_VARIABLE}.exists(k, 'sha256:' + k == variables.modelDigest)`,
      "the model digest is not in the approved-models list"),
    rule("decision-record-matches",
      `variables.${APPROVED_VARIABLE}.exists(k, 'sha256:' + k == variables.modelDigest && variables.${APPROVED_VARIABLE}[k] == variables.decisionRecord)`,
      "the decision record annotation must equal the record listed for the model digest"),
    rule("no-privileged", everyContainer(notTrue("privileged")), "no container may be privileged"),
    rule("no-privilege-escalation", everyContainer(notTrue("allowPrivilegeEscalation")), "no container may set allowPrivilegeEscalation: true"),
    rule("no-host-path", "!has(variables.spec.volumes) || variables.spec.volumes.all(v, !has(v.hostPath))", "hostPath volumes are not allowed"),
    rule("no-host-namespaces",
      ["hostNetwork", "hostPID", "hostIPC"].map((f) => `!(has(variables.spec.${f}) && variables.spec.${f} == true)`).join(" && "),
      "hostNetwork, hostPID and hostIPC must not be true"),
    rule("run-as-non-root",
      everyContainer("has(c.securityContext) && has(c.securityContext.runAsNonRoot) ? c.securityContext.runAsNonRoot == true : variables.podRunAsNonRoot"),
      "runAsNonRoot must be true in the pod securityContext or in every container's securityContext, and no container may set it false"),
  ];
  return { variables, validations };
}
