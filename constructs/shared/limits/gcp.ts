import { TextRule } from "./text-rule";

/* GCP limits, read by the config schema and by the constructs in constructs/gcp/. */

/** GCS refuses a bucket retention period beyond 100 years (counted here as 36,500 days). */
export const GCS_MAX_RETENTION_DAYS = 36_500;

/** GCS bucket names without dots: 3-63 characters, no `goog` prefix. */
export const GCS_BUCKET_NAME: TextRule = {
  pattern: /^(?!goog)[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/,
  accepted: "3-63 lowercase letters, digits, -, _ and ., not starting with goog",
};
