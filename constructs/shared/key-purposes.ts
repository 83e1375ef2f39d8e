/**
 * One key per purpose, so a grant to decrypt logs never also decrypts model artifacts, and a
 * compromised function key can be rotated or disabled without touching the audit trail.
 */
export const ENVIRONMENT_KEY_PURPOSES = ["logs", "registry", "functions"] as const;

/** Purposes of environment keys; `state` lives in the state-backend stack (see README). */
export type EnvironmentKeyPurpose = (typeof ENVIRONMENT_KEY_PURPOSES)[number];

export type KeyPurpose = EnvironmentKeyPurpose | "state";

export const KEY_PURPOSE_DESCRIPTIONS: Readonly<Record<KeyPurpose, string>> = {
  logs: "immutable audit-log storage and audit trails",
  registry: "model artifacts and container images",
  functions: "serverless function environment and code",
  state: "Terraform remote state",
};
