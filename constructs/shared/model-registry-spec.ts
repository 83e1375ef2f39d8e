/*
 * What a model registry is, the same on every cloud: its layout, its lineage tags and the
 * settings config gives each registry. Each cloud's ModelRegistry (constructs/<cloud>/
 * model-registry.ts) takes a ModelRegistrySpec whose principals are in that cloud's form.
 */

/**
 * Where publishers upload: `incoming/<model>/<version>/` holds the model files and `model.sig`
 * (an OpenSSF Model Signing v1.0 bundle). Unprocessed uploads expire.
 */
export const INCOMING_PREFIX = "incoming/";

/**
 * Where only the promotion gate writes: `approved/<model>/<version>/`, retention-locked. Readers
 * (serving, deployment) read only here.
 */
export const APPROVED_PREFIX = "approved/";

/** The signature bundle publishers upload beside the model files. */
export const SIGNATURE_FILE_NAME = "model.sig";

/**
 * Lineage every upload must carry: the dataset's digest, the training code's commit and the
 * evaluation report's location or digest. Required as object tags where the cloud can enforce
 * it at upload (S3 bucket policy, Azure ABAC), otherwise by the gate.
 */
export const DEFAULT_LINEAGE_TAGS = ["dataset-digest", "source-commit", "eval-report"] as const;

/** Days an `approved/` object stays locked when config names none. */
export const DEFAULT_APPROVED_RETENTION_DAYS = 365;

/** Days an unprocessed upload under `incoming/` is kept when config names none. */
export const DEFAULT_INCOMING_EXPIRY_DAYS = 14;

/** One registry of one environment, as each cloud's ModelRegistry takes it. */
export interface ModelRegistrySpec {
  /** Registry name, e.g. `fraud-scoring` (REGISTRY_NAME): part of every derived name. */
  readonly name: string;
  /**
   * Who may upload under `incoming/` and sign with the environment's signing key: AWS IAM role
   * ARNs, GCP `serviceAccount:`/`group:` members, Azure Entra ID object ids.
   */
  readonly publishers: readonly string[];
  /** Who may read `approved/` (serving, deployment), in the same form as `publishers`. */
  readonly readers: readonly string[];
  /** Object tags every upload must carry. @default DEFAULT_LINEAGE_TAGS */
  readonly lineageTags: readonly string[];
  /** Days an `approved/` object cannot be overwritten or deleted. @default 365 */
  readonly approvedRetentionDays: number;
  /** Days before an unprocessed upload under `incoming/` is deleted. @default 14 */
  readonly incomingExpiryDays: number;
  /** Declared upload volume in GB per month, for the FinOps projection. @default - not projected */
  readonly monthlyUploadGb?: number;
}

/** `incoming/<model>/` or `approved/<model>/`, or the whole area when no model is named. */
export function registryPrefix(area: "incoming" | "approved", model?: string): string {
  const root = area === "incoming" ? INCOMING_PREFIX : APPROVED_PREFIX;
  return model === undefined ? root : `${root}${model}/`;
}

/**
 * A model name inside a registry, the `<model>` of `incoming/<model>/<version>/`: 1-63 lowercase
 * letters, digits, `.`, `_` and single hyphens, starting with a letter or digit. No `/`, `*`
 * or `?`, so a grant for one model can never match another model's objects.
 */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
