/**
 * One key per purpose, so a grant to decrypt logs never also decrypts model artifacts, and a
 * compromised function key can be rotated or disabled without touching the audit trail.
 */
export const ENVIRONMENT_KEY_PURPOSES = ["logs", "registry", "functions"] as const;

/** Purposes of environment keys; `state` lives in the state-backend stack (see README). */
export type EnvironmentKeyPurpose = (typeof ENVIRONMENT_KEY_PURPOSES)[number];

/**
 * `monitoring` is the AWS environment's alert-topic key: its policy admits the AWS services that
 * publish alerts (CloudWatch, EventBridge, Cost Anomaly Detection), which no data key should, so
 * it is a key of its own and, like `signing`, outside ENVIRONMENT_KEY_PURPOSES (the other clouds
 * encrypt their alert channels with provider-managed keys).
 *
 * `signing` is the environment's asymmetric model-signing key (publishers sign, the gate
 * verifies): not a data key, so it is created apart from ENVIRONMENT_KEY_PURPOSES.
 */
export type KeyPurpose = EnvironmentKeyPurpose | "state" | "signing" | "monitoring";

export const KEY_PURPOSE_DESCRIPTIONS: Readonly<Record<KeyPurpose, string>> = {
  logs: "immutable audit-log storage and audit trails",
  registry: "model artifacts and container images",
  functions: "serverless function environment and code",
  state: "Terraform remote state",
  signing: "model signatures (publishers sign, the promotion gate verifies)",
  monitoring: "security alert notifications (the alert topic)",
};
