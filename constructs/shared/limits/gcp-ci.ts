import { TextRule } from "./text-rule";

/*
 * Limits of the GCP side of CI identity federation (constructs/gcp/workload-identity-pool.ts and
 * constructs/gcp/ci-service-account.ts). The provider (google 6.50) checks none of these at plan
 * time: the IAM API refuses them at apply, after the pool or account half-exists.
 */

/**
 * A workload identity pool or pool provider id: 4-32 lowercase letters, digits and `-`, not
 * starting with `gcp-`, which Google reserves (google provider 6.50
 * website/docs/r/iam_workload_identity_pool.html.markdown, `workload_identity_pool_id`: "4-32
 * characters, and may contain the characters [a-z0-9-]. The prefix `gcp-` is reserved for use by
 * Google"; the same for `workload_identity_pool_provider_id` in iam_workload_identity_pool_provider).
 */
export const GCP_WORKLOAD_IDENTITY_ID: TextRule = {
  pattern: /^(?!gcp-)[a-z0-9-]{4,32}$/,
  accepted: "4-32 lowercase letters, digits and -, not starting with gcp- (reserved by Google)",
};

/**
 * A service account id: 6-30 lowercase letters, digits and hyphens, starting with a letter and
 * ending with a letter or digit (google provider 6.50 website/docs/r/google_service_account,
 * `account_id`: "must be 6-30 characters long, and match the regular expression
 * `[a-z]([-a-z0-9]*[a-z0-9])`").
 */
export const GCP_SERVICE_ACCOUNT_ID: TextRule = {
  pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  accepted: "6-30 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
};

/**
 * The `google.subject` a pool maps from the token's `sub`: at most 127 characters (google
 * provider 6.50, `attribute_mapping` of google_iam_workload_identity_pool_provider: "'google.subject':
 * ... Cannot exceed 127 characters"). A longer `sub` fails every token exchange, so a principal
 * naming it could never be used. No `*`: IAM compares the subject exactly, a `*` would be a
 * character of it, and a reader would take it for a wildcard.
 */
export const GCP_WORKLOAD_IDENTITY_SUBJECT: TextRule = {
  pattern: /^[^*\s]+$/,
  maxLength: 127,
  accepted: "1-127 characters without * or spaces: the exact sub claim of the CI job",
};

/** The longest `attribute_condition` the IAM API accepts (google provider 6.50: "The maximum length of the attribute condition expression is 4096 characters"). */
export const GCP_ATTRIBUTE_CONDITION_MAX = 4096;
