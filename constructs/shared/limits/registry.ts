import { TextRule } from "./text-rule";

/*
 * Limits of a model registry's configuration, the same on every cloud. Each cloud's naming
 * rules (bucket, storage account) are checked on the names derived from these values, in
 * config/cross-checks.ts, because only the derived name knows the organisation and account.
 */

/**
 * A registry's name, e.g. `fraud-scoring`: 3-24 lowercase letters, digits and single hyphens,
 * starting with a letter, not ending with a hyphen. It is part of every derived name (bucket,
 * storage account, model package group) and of the lineage of every model in it.
 */
export const REGISTRY_NAME: TextRule = {
  pattern: /^[a-z](?!.*--)[a-z0-9-]{1,22}[a-z0-9]$/,
  accepted: "a registry name: 3-24 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen",
};

/**
 * A lineage tag key, e.g. `dataset-digest`: 1-63 lowercase letters, digits and single hyphens,
 * starting with a letter or digit. The strictest common form: an S3 object tag key (1-128 of
 * letters, digits, spaces and `+ - = . _ : / @`), an Azure blob index tag key (1-128 of
 * letters, digits, space and `+ - . / : = _`) and a GCS custom metadata key all take it.
 */
export const LINEAGE_TAG_KEY: TextRule = {
  pattern: /^[a-z0-9](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$|^[a-z0-9]$/,
  accepted: "a tag key: 1-63 lowercase letters, digits and single hyphens, not starting or ending with a hyphen",
};

/**
 * Lineage tags per upload: 1 to 9. S3 allows 10 tags per object (S3 User Guide, "Categorizing
 * your objects using tags") and Azure 10 blob index tags per blob ("Manage and find Azure Blob
 * data with blob index tags"); one is left for the gate's own status tag.
 */
export const LINEAGE_TAGS = { min: 1, max: 9 } as const;

/**
 * Days an `approved/` object cannot be overwritten or deleted: 1 to 36500, the longest S3
 * Object Lock retention the blueprint sets anywhere (S3_OBJECT_LOCK_MAX_DAYS) and within GCS
 * object retention and Azure time-based immutability (146000 days).
 */
export const APPROVED_RETENTION_DAYS = { min: 1, max: 36_500 } as const;

/** Days an unprocessed upload under `incoming/` stays before lifecycle deletes it: 1 to 365. */
export const INCOMING_EXPIRY_DAYS = { min: 1, max: 365 } as const;

/** Declared upload volume per registry and month (FinOps projection), GB. */
export const MONTHLY_UPLOAD_GB = { min: 0.001, max: 10_000_000 } as const;

/** Registries per environment: each is a bucket (or account) with its own grants. */
export const REGISTRIES_PER_ENVIRONMENT = { max: 20 } as const;

/** Publishers or readers per registry: every one is named in a policy or a role assignment. */
export const REGISTRY_PRINCIPALS = { max: 20 } as const;

/**
 * A GCP registry principal: a service account or a group by email
 * (cloud.google.com/iam/docs/principal-identifiers). Never a person (`user:`), a whole domain,
 * `allUsers` or `allAuthenticatedUsers`: publishing and serving are workloads or teams.
 */
export const GCP_REGISTRY_MEMBER: TextRule = {
  pattern: /^(group|serviceAccount):[^\s@:]+@[^\s@:]+\.[A-Za-z]{2,}$/,
  accepted: "an IAM member: serviceAccount: or group: followed by an email address",
};
