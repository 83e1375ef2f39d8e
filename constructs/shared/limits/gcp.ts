import { TextRule } from "./text-rule";

/*
 * GCP limits, read by the config schema and by the constructs in constructs/gcp/. Where the
 * google provider (terraform-provider-google v6.50) checks a value at plan time, the rule is at
 * least the provider's; where only the API checks it, the rule is the API's, so a value that
 * passes here does not fail later at apply.
 */

/** GCS refuses a bucket retention period beyond 100 years (counted here as 36,500 days). */
export const GCS_MAX_RETENTION_DAYS = 36_500;

/**
 * GCS bucket names, as the provider's `ValidateGCSName` (google/verify/validation.go) checks them
 * after cloud.google.com/storage/docs/buckets#naming: lowercase letters, digits, `-`, `_` and
 * `.`, starting and ending with a letter or digit, not an IP address, not starting with `goog`,
 * not containing `google` or a close misspelling (the provider reads every `0` as `o`). The
 * 222-character form with dots is left out: every name the blueprint derives is dot-free and
 * fits 63 characters.
 */
export const GCS_BUCKET_NAME: TextRule = {
  pattern: /^(?!goog)(?!.*g[o0][o0]gle)(?!\d{1,3}(\.\d{1,3}){3}$)[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/,
  accepted: "3-63 lowercase letters, digits, -, _ and ., starting and ending with a letter or digit, not starting with goog, not containing google, not an IP address",
};

/**
 * GCP project ids: 6-30 lowercase letters, digits and hyphens, starting with a letter, not
 * ending with a hyphen, and without the restricted strings google, null, undefined and ssl
 * (cloud.google.com/resource-manager/docs/creating-managing-projects, "Project ID
 * requirements"). The provider's `ValidateProjectID` (google/verify/validation.go,
 * `ProjectRegex`) is looser: it also takes project numbers and domain-scoped ids, which the
 * blueprint never uses, and does not know the restricted strings, so they would fail at apply.
 */
export const GCP_PROJECT_ID: TextRule = {
  pattern: /^(?!.*(google|null|undefined|ssl))[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  accepted: "a GCP project id: 6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, not containing google, null, undefined or ssl",
};

/**
 * A Cloud Billing account id, `XXXXXX-XXXXXX-XXXXXX` in uppercase hexadecimal, the form
 * `billingAccounts/<id>` takes (cloud.google.com/billing/docs/how-to/find-billing-account-id).
 */
export const GCP_BILLING_ACCOUNT_ID: TextRule = {
  pattern: /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/,
  accepted: "a billing account id such as 012345-6789AB-CDEF01: three groups of six uppercase hexadecimal digits",
};

/**
 * IAM members that may administer keys: a person, a group or a service account by email
 * (cloud.google.com/iam/docs/principal-identifiers), never `allUsers`, `allAuthenticatedUsers`
 * or a whole `domain:`.
 */
export const GCP_KEY_ADMIN_MEMBER: TextRule = {
  pattern: /^(user|group|serviceAccount):[^\s@:]+@[^\s@:]+\.[A-Za-z]{2,}$/,
  accepted: "an IAM member: user:, group: or serviceAccount: followed by an email address",
};

/**
 * A Cloud KMS crypto key's resource name, `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`,
 * the form the gcs backend's `kms_encryption_key` takes.
 */
export const GCP_KMS_CRYPTO_KEY_ID: TextRule = {
  pattern: /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/,
  accepted: "projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>",
};

/** Longest key ring name Cloud KMS accepts. */
export const GCP_KEY_RING_NAME_MAX = 63;

/**
 * Key ring names: 1-63 letters, digits, `_` and `-` (Cloud KMS API, keyRings.create
 * `keyRingId`: "must match the regular expression `[a-zA-Z0-9_-]{1,63}`"; the provider does not
 * check it). `reserved` characters are kept free for a suffix the blueprint appends (a
 * rebuildable ring's `-<unix seconds>`).
 */
export function gcpKeyRingNameRule(reserved = 0): TextRule {
  const maxLength = GCP_KEY_RING_NAME_MAX - reserved;
  return { pattern: /^[a-zA-Z0-9_-]+$/, maxLength, accepted: `1-${maxLength} of letters, digits, _ and -` };
}

/** Cloud KMS limit for a key's `rotation_period`: 1 day to 100 years. */
export const GCP_KMS_ROTATION_DAYS = { min: 1, max: 36_500 } as const;
/** The blueprint's window for `destroy_scheduled_duration`, the same as AWS's deletion window. */
export const GCP_KMS_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;

/**
 * Log sink names: 1-100 letters, digits, `_`, `-` and `.`, the first a letter or digit (Cloud
 * Logging API, LogSink `name`: "First character has to be alphanumeric"; the provider does not
 * check it).
 */
export const GCP_SINK_NAME: TextRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
  accepted: "1-100 letters, digits, _ - and ., starting with a letter or digit",
};

/**
 * Budget display names: 1-60 characters (Billing Budget API, Budget `displayName`; the
 * provider's billing_budget `display_name`: "Must be <= 60 chars").
 */
export const GCP_BUDGET_NAME: TextRule = { pattern: /^[\s\S]+$/, maxLength: 60, accepted: "1-60 characters" };

/** A budget takes at most 5 monitoring notification channels (Billing Budget API, NotificationsRule). */
export const GCP_BUDGET_MAX_RECIPIENTS = 5;

/**
 * Label values: 0-63 lowercase letters, digits, `_` and `-` (Resource Manager API, Project
 * `labels`: values "must conform to the regular expression `[a-z0-9_-]{0,63}`").
 */
export const GCP_LABEL_VALUE: TextRule = { pattern: /^[a-z0-9_-]{0,63}$/, accepted: "0-63 lowercase letters, digits, _ and -" };

/** A label value a filter matches on: a label value that is not empty. */
export const GCP_LABEL_FILTER_VALUE: TextRule = { pattern: /^[a-z0-9_-]{1,63}$/, accepted: "1-63 lowercase letters, digits, _ and -" };

/** Days superseded Terraform state versions are kept: long enough to roll back a bad apply found late. */
export const GCP_STATE_NONCURRENT_VERSION_DAYS = { min: 30, max: 3650 } as const;

/**
 * Artifact Registry repository id: lowercase letters, digits and hyphens, starting with a letter
 * and ending with a letter or digit, at most 63 characters
 * (cloud.google.com/artifact-registry/docs/repositories/create-repos, "Repository names").
 */
export const GCP_ARTIFACT_REPOSITORY_ID: TextRule = {
  pattern: /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  accepted: "1-63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
};

/**
 * A 2nd gen function's name is its Cloud Run service's name: lowercase letters, digits and
 * hyphens, starting with a letter, not ending with a hyphen, at most 49 characters (Cloud Run
 * "Service name": cloud.google.com/run/docs/deploying, "must use only lowercase alphanumeric
 * characters and dashes, cannot begin or end with a dash, and cannot be longer than 49 characters").
 */
export const GCP_FUNCTION_NAME: TextRule = {
  pattern: /^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$/,
  accepted: "1-49 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
};

/**
 * A service account id: 6-30 lowercase letters, digits and hyphens, starting with a letter and
 * ending with a letter or digit (IAM "Create service accounts", `account_id`; google provider
 * 6.50 website/docs/r/google_service_account: "must be 6-30 characters long, and match the regular
 * expression `[a-z]([-a-z0-9]*[a-z0-9])`"). The function's three accounts append `-run`, `-bld`, `-trg`.
 */
export const GCP_FUNCTION_ACCOUNT_PREFIX: TextRule = {
  pattern: /^[a-z][a-z0-9-]{0,24}[a-z0-9]$/,
  accepted: "2-26 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit (a suffix of 4 makes the 6-30 of a service account id)",
};

/** A custom role id: 3-64 letters, digits, `_` and `.` (IAM "Create and manage custom roles", `role_id`). */
export const GCP_CUSTOM_ROLE_ID: TextRule = { pattern: /^[a-zA-Z0-9_.]{3,64}$/, accepted: "3-64 letters, digits, _ and . (an IAM custom role id)" };

/** A Cloud KMS crypto key id (the last part of its name): 1-63 letters, digits, `_` and `-` (CreateCryptoKeyRequest `crypto_key_id`). */
export const GCP_KMS_KEY_NAME: TextRule = { pattern: /^[a-zA-Z0-9_-]{1,63}$/, accepted: "1-63 letters, digits, _ and - (a Cloud KMS crypto key id)" };
