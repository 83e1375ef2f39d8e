import { Json } from "../helpers/synth";
import { CheckResult, Resource, block, resources, verdict } from "./check";
import { companionsOf } from "./aws-policy";

/*
 * Control: data at rest is encrypted with a customer-managed key of the blueprint, not a key the
 * provider manages (whose policy the customer cannot restrict, disable or audit).
 * AWS: SSE-KMS (`aws:kms` or `aws:kms:dsse`) naming a key by reference; with no key id S3 uses
 * the AWS managed key `aws/s3` (Amazon S3 User Guide, "Using server-side encryption with AWS
 * KMS keys"). Server access log targets are exempt: S3 delivers access logs only to buckets
 * with SSE-S3 (Amazon S3 User Guide, "Enabling Amazon S3 server access logging").
 * GCP: `encryption.default_kms_key_name` set to a Cloud KMS key (CMEK).
 * Azure: `customer_managed_key` with a versionless Key Vault key id (so rotation applies) and a
 * user-assigned identity, infrastructure encryption, and queues and tables under the account key
 * so the CMK covers them too.
 */

/** Purposes of S3 buckets that S3 itself forbids SSE-KMS on. */
const SSE_S3_ONLY_PURPOSES = ["access-logs"];
const AWS_KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];
const AWS_KEY_REF = /^\$\{aws_kms_key\.[^.}]+\.arn\}$/;
const GCP_KEY = /^(\$\{google_kms_crypto_key\.[^.}]+\.id\}|projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+)$/;
const AZURE_VERSIONLESS_KEY_REF = /^\$\{azurerm_key_vault_key\.[^.}]+\.versionless_id\}$/;

function purposeOf(r: Resource): string {
  return (r.body["tags"] as Record<string, string> | undefined)?.["purpose"] ?? "";
}

/** AWS: every bucket (but server access log targets) defaults to SSE-KMS with a blueprint key. */
export function awsBucketsUseCustomerManagedKeys(stack: Json): CheckResult {
  const buckets = resources(stack, "aws_s3_bucket").filter((b) => !SSE_S3_ONLY_PURPOSES.includes(purposeOf(b)));
  const problems: string[] = [];
  for (const bucket of buckets) {
    const sse = companionsOf(stack, bucket, "aws_s3_bucket_server_side_encryption_configuration");
    const byDefault = block(block(sse[0]?.body, "rule"), "apply_server_side_encryption_by_default");
    if (!byDefault) {
      problems.push(`${bucket.address}: no default encryption configuration`);
      continue;
    }
    if (!AWS_KMS_ALGORITHMS.includes(String(byDefault["sse_algorithm"]))) problems.push(`${bucket.address}: sse_algorithm is ${JSON.stringify(byDefault["sse_algorithm"])}, not aws:kms`);
    if (!AWS_KEY_REF.test(String(byDefault["kms_master_key_id"] ?? ""))) problems.push(`${bucket.address}: kms_master_key_id is ${JSON.stringify(byDefault["kms_master_key_id"] ?? null)}, not a reference to a customer-managed aws_kms_key`);
  }
  return verdict(buckets, problems);
}

/** GCP: every bucket encrypts with a Cloud KMS key (CMEK). */
export function gcpBucketsUseCustomerManagedKeys(stack: Json): CheckResult {
  const buckets = resources(stack, "google_storage_bucket");
  const problems: string[] = [];
  for (const bucket of buckets) {
    const key = block(bucket.body, "encryption")?.["default_kms_key_name"];
    if (!GCP_KEY.test(String(key ?? ""))) problems.push(`${bucket.address}: encryption.default_kms_key_name is ${JSON.stringify(key ?? null)}, not a Cloud KMS key`);
  }
  return verdict(buckets, problems);
}

/** Azure: every storage account encrypts with a versionless Key Vault key, infrastructure encryption on. */
export function azureStorageUsesCustomerManagedKeys(stack: Json): CheckResult {
  const accounts = resources(stack, "azurerm_storage_account");
  const problems: string[] = [];
  for (const account of accounts) {
    const cmk = block(account.body, "customer_managed_key");
    if (!AZURE_VERSIONLESS_KEY_REF.test(String(cmk?.["key_vault_key_id"] ?? ""))) problems.push(`${account.address}: customer_managed_key.key_vault_key_id is ${JSON.stringify(cmk?.["key_vault_key_id"] ?? null)}, not a versionless azurerm_key_vault_key id`);
    if (!cmk?.["user_assigned_identity_id"]) problems.push(`${account.address}: customer_managed_key has no user_assigned_identity_id`);
    if (account.body["infrastructure_encryption_enabled"] !== true) problems.push(`${account.address}: infrastructure_encryption_enabled is ${JSON.stringify(account.body["infrastructure_encryption_enabled"])}, not true`);
    for (const service of ["queue", "table"]) {
      const type = account.body[`${service}_encryption_key_type`];
      if (type !== "Account") problems.push(`${account.address}: ${service}_encryption_key_type is ${JSON.stringify(type ?? null)}, not Account (the CMK would not cover ${service}s)`);
    }
  }
  return verdict(accounts, problems);
}
