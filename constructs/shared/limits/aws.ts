import { TextRule } from "./text-rule";

/* AWS limits, read by the config schema and by the constructs in constructs/aws/. */

/** S3 bucket names (general purpose, no dots-as-IP check: the blueprint derives names). */
export const S3_BUCKET_NAME: TextRule = {
  pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  accepted: "3-63 lowercase letters, digits, - and .",
};

/** An AWS account id. */
export const AWS_ACCOUNT_ID: TextRule = { pattern: /^\d{12}$/, accepted: "12 digits" };

/** S3 limit on Object Lock default retention, in days. */
export const S3_OBJECT_LOCK_MAX_DAYS = 36_500;
/** S3 refuses a lifecycle transition to STANDARD_IA earlier than this day. */
export const S3_STANDARD_IA_MIN_TRANSITION_DAY = 30;
/** S3 wants a Glacier-class transition at least this many days after the STANDARD_IA one. */
export const S3_DAYS_IN_STANDARD_IA_BEFORE_GLACIER = 30;
