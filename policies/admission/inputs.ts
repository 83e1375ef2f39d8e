import type { ValidationProblem } from "../../constructs/shared/validation-error";
import {
  ADMISSION_AWS_KMS_URI, ADMISSION_AZURE_KMS_URI, ADMISSION_GCP_KMS_URI, ADMISSION_LABEL_KEY, ADMISSION_NAMESPACE,
  ADMISSION_OBJECT_NAME, ADMISSION_REGISTRY_HOST, ADMISSION_REPOSITORY_PREFIX,
} from "../../constructs/shared/limits/admission";
import { satisfies, TextRule } from "../../constructs/shared/limits/text-rule";
import { MODEL_SERVING_LABEL } from "./names";

/** `enforce` denies a violating request (prod); `audit` admits it and records the violation (dev). */
export type AdmissionMode = "enforce" | "audit";

/** Everything the admission policies of one environment depend on. */
export interface AdmissionInputs {
  /** Registry host of the environment's model-serving images, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  readonly registryHost: string;
  /** Repository prefix under the host, ending with `/`, e.g. `acme-ai-prod/`. */
  readonly repositoryPrefix: string;
  /** `enforce` in prod, `audit` in dev. */
  readonly mode: AdmissionMode;
  /**
   * Namespace label (value `"true"`) that selects the model-serving namespaces.
   * @default MODEL_SERVING_LABEL (`ai-supply-chain-blueprint.io/model-serving`)
   */
  readonly namespaceLabel?: string;
  /** The approved-models ConfigMap the policies read as parameters. */
  readonly paramsConfigMap: { readonly name: string; readonly namespace: string };
  /** KMS URI of the environment's image signing key (`awskms:///…`, `gcpkms://…`, `azurekms://…`). */
  readonly signingKeyUri: string;
  /**
   * PEM public key of that key. With it the ClusterImagePolicy verifies against the key itself
   * (`key.data`), so the policy controller needs no cloud credentials; without it, through the
   * KMS URI (`key.kms`), which needs read access to the key from inside the cluster.
   * @default none: verify through the KMS URI
   */
  readonly signingPublicKeyPem?: string;
  /**
   * Name of the emitted policies.
   * @default "model-serving-admission"
   */
  readonly policyName?: string;
}

/** The inputs with defaults applied, as the emitters read them. */
export interface ResolvedAdmissionInputs extends Required<Omit<AdmissionInputs, "signingPublicKeyPem">> {
  /** The PEM public key, when given. */
  readonly signingPublicKeyPem?: string;
  /** `<registryHost>/<repositoryPrefix>`: every admitted image starts with it. */
  readonly imagePrefix: string;
}

const VALIDATION_ERROR = Symbol.for("ai-supply-chain-blueprint.BlueprintValidationError");

/**
 * Invalid admission inputs, with every problem found. Tagged with the same symbol as
 * BlueprintValidationError (constructs/shared/validation-error.ts), so
 * `BlueprintValidationError.isValidationError` recognises it without this library loading cdktf.
 */
export class AdmissionInputError extends Error {
  public readonly problems: readonly ValidationProblem[];

  constructor(problems: readonly ValidationProblem[]) {
    super(problems.map((p) => `${p.constructPath}: ${p.prop} = ${p.value} is invalid [${p.code}]; accepted: ${p.accepted}`).join("\n"));
    this.name = "AdmissionInputError";
    this.problems = problems;
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
  }
}

const PATH = "admission";

/**
 * A cdktf token (`${TfToken[TOKEN.12]}`): a value the cloud produces at apply time (a key ARN,
 * a registry login server). The policies embed it as Terraform resolves it; its format is the
 * cloud's to guarantee, so only literal values are checked here.
 */
function isReference(value: string): boolean {
  return value.includes("${TfToken[");
}

const KMS_RULES: readonly TextRule[] = [ADMISSION_AWS_KMS_URI, ADMISSION_GCP_KMS_URI, ADMISSION_AZURE_KMS_URI];

/** The schemes of the three KMS URIs: all a URI holding a reference can be checked for before apply. */
const KMS_SCHEMES = ["awskms:///", "gcpkms://", "azurekms://"] as const;

/** Checks the inputs (all problems at once) and applies the defaults. */
export function resolveAdmissionInputs(inputs: AdmissionInputs): ResolvedAdmissionInputs {
  const problems: ValidationProblem[] = [];
  const require = (ok: boolean, code: string, prop: string, value: unknown, accepted: string): void => {
    if (!ok) problems.push({ code, constructPath: PATH, prop, value: JSON.stringify(value) ?? String(value), accepted });
  };
  const text = (prop: string, value: unknown, rule: TextRule, code: string): void =>
    require(typeof value === "string" && (isReference(value) || satisfies(rule, value)), code, prop, value, rule.accepted);

  const namespaceLabel = inputs.namespaceLabel ?? MODEL_SERVING_LABEL;
  const policyName = inputs.policyName ?? "model-serving-admission";
  text("registryHost", inputs.registryHost, ADMISSION_REGISTRY_HOST, "ADMISSION_REGISTRY_HOST_INVALID");
  text("repositoryPrefix", inputs.repositoryPrefix, ADMISSION_REPOSITORY_PREFIX, "ADMISSION_REPOSITORY_PREFIX_INVALID");
  require(inputs.mode === "enforce" || inputs.mode === "audit", "ADMISSION_MODE_INVALID", "mode", inputs.mode, "enforce or audit");
  text("namespaceLabel", namespaceLabel, ADMISSION_LABEL_KEY, "ADMISSION_NAMESPACE_LABEL_INVALID");
  text("paramsConfigMap.name", inputs.paramsConfigMap?.name, ADMISSION_OBJECT_NAME, "ADMISSION_PARAMS_NAME_INVALID");
  text("paramsConfigMap.namespace", inputs.paramsConfigMap?.namespace, ADMISSION_NAMESPACE, "ADMISSION_PARAMS_NAMESPACE_INVALID");
  require(
    typeof inputs.signingKeyUri === "string" &&
      (isReference(inputs.signingKeyUri) ? KMS_SCHEMES.some((scheme) => inputs.signingKeyUri.startsWith(scheme)) : KMS_RULES.some((r) => satisfies(r, inputs.signingKeyUri))),
    "ADMISSION_SIGNING_KEY_URI_INVALID", "signingKeyUri", inputs.signingKeyUri, KMS_RULES.map((r) => r.accepted).join("; or "),
  );
  // Kubernetes names of the emitted objects derive from it; 63 keeps `<name>-binding` a valid name.
  text("policyName", policyName, { ...ADMISSION_OBJECT_NAME, maxLength: 63 }, "ADMISSION_POLICY_NAME_INVALID");
  const pem = inputs.signingPublicKeyPem;
  require(
    pem === undefined || (typeof pem === "string" && (isReference(pem) || (pem.trim().startsWith("-----BEGIN PUBLIC KEY-----") && pem.trim().endsWith("-----END PUBLIC KEY-----")))),
    "ADMISSION_SIGNING_PUBLIC_KEY_INVALID", "signingPublicKeyPem", typeof pem === "string" ? pem.slice(0, 40) : pem, "a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)",
  );
  if (problems.length > 0) throw new AdmissionInputError(problems);
  return {
    ...inputs,
    namespaceLabel,
    policyName,
    paramsConfigMap: { name: inputs.paramsConfigMap.name, namespace: inputs.paramsConfigMap.namespace },
    imagePrefix: `${inputs.registryHost}/${inputs.repositoryPrefix}`,
  };
}
