/*
 * Label and annotation names of the admission policies, under the project's one domain
 * `ai-supply-chain-blueprint.io` (docs/admission-policies.md, "Names"). Kubernetes "Annotations"
 * and "Labels and Selectors": a prefixed key is `<DNS subdomain>/<name>`.
 */

/** The project's label and annotation domain. */
export const ADMISSION_DOMAIN = "ai-supply-chain-blueprint.io";

/** Namespace label that opts a namespace into the model-serving policies (value `"true"`). */
export const MODEL_SERVING_LABEL = `${ADMISSION_DOMAIN}/model-serving`;

/** Pod (template) annotation: the served model's OMS root digest, `sha256:<64 hex>`. */
export const MODEL_DIGEST_ANNOTATION = `${ADMISSION_DOMAIN}/model-digest`;

/** Pod (template) annotation: the URI of the model's PASSED decision record. */
export const DECISION_RECORD_ANNOTATION = `${ADMISSION_DOMAIN}/decision-record`;

/** Label on every emitted object, so the bootstrap and an operator find them. */
export const MANAGED_BY_LABEL = `${ADMISSION_DOMAIN}/component`;

/** Argo CD sync wave annotation ("Sync Phases and Waves"): lower waves apply first, default 0. */
export const ARGOCD_SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

/** Namespace label that opts a namespace into sigstore policy-controller (policy-controller docs). */
export const SIGSTORE_INCLUDE_LABEL = "policy.sigstore.dev/include";
