import { Json } from "../helpers/synth";
import { CheckResult, block, resources, verdict } from "./check";

/*
 * Control: every key rotates automatically, at least once a year (AWS's default period and the
 * longest CIS allows without an exception; CIS AWS Foundations "Ensure rotation for
 * customer-created symmetric CMKs is enabled", CIS Google Cloud "Ensure KMS encryption keys are
 * rotated", CIS Azure "Ensure automatic key rotation is enabled within Azure Key Vault").
 * AWS: `enable_key_rotation` true and `rotation_period_in_days` at most 365 (AWS uses 365 when unset).
 * A `SIGN_VERIFY` key is not applicable: AWS rotates symmetric encryption keys only and refuses
 * automatic rotation of asymmetric keys (AWS KMS Developer Guide, "Rotating AWS KMS keys");
 * every other key, whatever its usage, must rotate.
 * GCP: `rotation_period` set, at most 365 days (GCP never rotates a key without one). An
 * `ASYMMETRIC_SIGN` key is not applicable: Cloud KMS does not rotate asymmetric keys
 * automatically (Cloud KMS docs, "Key rotation"); an unset `purpose` is ENCRYPT_DECRYPT and
 * must rotate.
 * Azure: a rotation policy with `automatic.time_after_creation` of at most P365D, and versions
 * that expire (`expire_after`) only after the next rotation.
 */

const MAX_ROTATION_DAYS = 365;
const SECONDS_PER_DAY = 86_400;

/** Days in an ISO 8601 duration of days only (`P90D`); NaN for anything else. */
function isoDays(duration: unknown): number {
  const m = /^P(\d+)D$/.exec(String(duration ?? ""));
  return m ? Number(m[1]) : NaN;
}

/** AWS: every KMS key but a signing one rotates automatically, at least yearly. */
export function awsKeysRotate(stack: Json): CheckResult {
  const keys = resources(stack, "aws_kms_key").filter((k) => k.body["key_usage"] !== "SIGN_VERIFY");
  const problems: string[] = [];
  for (const key of keys) {
    if (key.body["enable_key_rotation"] !== true) problems.push(`${key.address}: enable_key_rotation is ${JSON.stringify(key.body["enable_key_rotation"] ?? null)}, not true`);
    const days = key.body["rotation_period_in_days"];
    if (days !== undefined && !(Number(days) <= MAX_ROTATION_DAYS)) problems.push(`${key.address}: rotation_period_in_days is ${JSON.stringify(days)}, more than ${MAX_ROTATION_DAYS}`);
  }
  return verdict(keys, problems);
}

/** GCP: every crypto key but a signing one has a rotation period of at most a year. */
export function gcpKeysRotate(stack: Json): CheckResult {
  const keys = resources(stack, "google_kms_crypto_key").filter((k) => k.body["purpose"] !== "ASYMMETRIC_SIGN");
  const problems: string[] = [];
  for (const key of keys) {
    const m = /^(\d+)s$/.exec(String(key.body["rotation_period"] ?? ""));
    if (!m) problems.push(`${key.address}: rotation_period is ${JSON.stringify(key.body["rotation_period"] ?? null)}, so the key never rotates`);
    else if (Number(m[1]) > MAX_ROTATION_DAYS * SECONDS_PER_DAY) problems.push(`${key.address}: rotation_period is ${m[0]}, more than ${MAX_ROTATION_DAYS} days`);
  }
  return verdict(keys, problems);
}

/** Azure: every Key Vault key has an automatic rotation policy of at most a year, expiring after it rotates. */
export function azureKeysRotate(stack: Json): CheckResult {
  const keys = resources(stack, "azurerm_key_vault_key");
  const problems: string[] = [];
  for (const key of keys) {
    const policy = block(key.body, "rotation_policy");
    const rotateAfter = isoDays(block(policy, "automatic")?.["time_after_creation"]);
    if (Number.isNaN(rotateAfter)) {
      problems.push(`${key.address}: no automatic rotation (rotation_policy.automatic.time_after_creation)`);
      continue;
    }
    if (rotateAfter > MAX_ROTATION_DAYS) problems.push(`${key.address}: rotates after P${rotateAfter}D, more than ${MAX_ROTATION_DAYS} days`);
    const expireAfter = isoDays(policy?.["expire_after"]);
    if (!(expireAfter > rotateAfter)) problems.push(`${key.address}: versions expire after ${JSON.stringify(policy?.["expire_after"] ?? null)}, not after they rotate (P${rotateAfter}D)`);
  }
  return verdict(keys, problems);
}
