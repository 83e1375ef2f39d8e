import { createHash } from "node:crypto";

/**
 * Names of globally unique resources. A short hash of stable inputs (never a timestamp or a
 * random value) keeps names unique across organisations and identical across synths.
 */
export function stableSuffix(length: number, ...parts: string[]): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, length);
}

/** `<org>-<env>-<purpose>`, the base name of per-environment resources. */
export function resourceName(org: string, env: string, purpose: string): string {
  return `${org}-${env}-${purpose}`;
}

function trimHyphens(s: string): string {
  return s.replace(/-+$/g, "").replace(/^-+/g, "");
}

/** S3 bucket holding Terraform state: 3-63 characters, unique per account and region. */
export function awsStateBucketName(org: string, accountId: string, region: string): string {
  return `${org}-tfstate-${accountId}-${region}`;
}

/**
 * GCS bucket holding Terraform state: 3-63 characters, globally unique through the project id,
 * starting with the organisation (GCS refuses names starting with `goog`, config refuses such
 * organisation names).
 */
export function gcpStateBucketName(org: string, projectId: string): string {
  return `${org}-tfstate-${projectId}`;
}

/**
 * Azure Key Vault: 3-24 characters, letters, digits and single hyphens, starting with a letter.
 * Vault names are global and stay reserved while soft-deleted, hence the hashed suffix.
 */
export function azureKeyVaultName(org: string, env: string, subscriptionId: string): string {
  const suffix = stableSuffix(5, "key-vault", org, env, subscriptionId);
  return `kv-${trimHyphens(org.slice(0, 9))}-${env.slice(0, 4)}-${suffix}`;
}

/** Azure storage account: 3-24 lowercase letters and digits, globally unique. */
export function azureStorageAccountName(org: string, purpose: string, subscriptionId: string): string {
  const suffix = stableSuffix(6, "storage", org, purpose, subscriptionId);
  return `st${org.replace(/-/g, "").slice(0, 10)}${purpose.slice(0, 4)}${suffix}`;
}

/** Azure resource group for one environment (or `tfstate` for the state backend). */
export function azureResourceGroupName(org: string, env: string): string {
  return `rg-${org}-${env}`;
}

/* Names and identifiers derived from other values. Each cloud's section is added below. */

// --- AWS derived names ---

// --- GCP derived names ---

// --- Azure derived names ---
