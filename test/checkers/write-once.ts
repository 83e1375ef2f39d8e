import { Json } from "../helpers/synth";
import { CheckResult, Resource, block, ref, resources, verdict } from "./check";
import { companionsOf } from "./aws-policy";

/*
 * Control: evidence cannot be changed or deleted before its retention ends, by anyone.
 * Which storage is evidence is read from its `purpose` tag or label, not from whether it is
 * locked: a bucket that lost its lock must be found, not skipped.
 * AWS: Object Lock enabled on the bucket, a default retention in COMPLIANCE mode (GOVERNANCE
 * lets `s3:BypassGovernanceRetention` delete locked versions; Amazon S3 User Guide, "Object Lock
 * retention modes"), versioning enabled (Object Lock requires it), no force_destroy.
 * GCP: a retention policy with a positive period, locked (an unlocked policy can be removed;
 * Cloud Storage docs, "Bucket Lock"), no force_destroy.
 * Azure: every container of the account has a time-based immutability policy with a positive
 * period, locked (an unlocked policy can be deleted; Azure Storage docs, "Time-based retention
 * policies for immutable blob data"). A model registry account (purpose `models`) holds its
 * released models in the `approved` container, which must be write-once the same way; its
 * `incoming` container expires unvetted uploads instead.
 */

/** Purposes whose storage holds evidence, per cloud (the AWS access-log bucket cannot be locked: S3 refuses Object Lock on log targets). */
const EVIDENCE_PURPOSES = { aws: ["logs"], gcp: ["logs", "usage-logs"], azure: ["logs"] } as const;

function purposeOf(r: Resource, key: "tags" | "labels"): string | undefined {
  return (r.body[key] as Record<string, string> | undefined)?.["purpose"];
}

/** AWS: every evidence bucket has Object Lock, COMPLIANCE default retention, versioning, and no force_destroy. */
export function awsLogBucketsAreWriteOnce(stack: Json): CheckResult {
  const buckets = resources(stack, "aws_s3_bucket").filter((b) => (EVIDENCE_PURPOSES.aws as readonly string[]).includes(purposeOf(b, "tags") ?? ""));
  const problems: string[] = [];
  for (const bucket of buckets) {
    if (bucket.body["object_lock_enabled"] !== true) problems.push(`${bucket.address}: object_lock_enabled is ${JSON.stringify(bucket.body["object_lock_enabled"])}, not true`);
    if (bucket.body["force_destroy"] === true) problems.push(`${bucket.address}: force_destroy is true`);
    const locks = companionsOf(stack, bucket, "aws_s3_bucket_object_lock_configuration");
    const retention = block(block(locks[0]?.body, "rule"), "default_retention");
    if (!retention) {
      problems.push(`${bucket.address}: no Object Lock default retention`);
    } else {
      if (retention["mode"] !== "COMPLIANCE") problems.push(`${bucket.address}: Object Lock mode is ${JSON.stringify(retention["mode"])}, not COMPLIANCE`);
      const period = Number(retention["days"] ?? 0) || Number(retention["years"] ?? 0);
      if (!(period >= 1)) problems.push(`${bucket.address}: Object Lock default retention has no positive days or years`);
    }
    const versioning = block(companionsOf(stack, bucket, "aws_s3_bucket_versioning")[0]?.body, "versioning_configuration");
    if (versioning?.["status"] !== "Enabled") problems.push(`${bucket.address}: versioning is ${JSON.stringify(versioning?.["status"] ?? "absent")}, not Enabled`);
  }
  return verdict(buckets, problems);
}

/** GCP: every evidence bucket has a locked retention policy with a positive period and no force_destroy. */
export function gcpLogBucketsAreWriteOnce(stack: Json): CheckResult {
  const buckets = resources(stack, "google_storage_bucket").filter((b) => (EVIDENCE_PURPOSES.gcp as readonly string[]).includes(purposeOf(b, "labels") ?? ""));
  const problems: string[] = [];
  for (const bucket of buckets) {
    const policy = block(bucket.body, "retention_policy");
    if (!policy) {
      problems.push(`${bucket.address}: no retention policy`);
    } else {
      if (!(Number(policy["retention_period"]) > 0)) problems.push(`${bucket.address}: retention_period is ${JSON.stringify(policy["retention_period"])}, not a positive number of seconds`);
      if (policy["is_locked"] !== true) problems.push(`${bucket.address}: retention policy is_locked is ${JSON.stringify(policy["is_locked"])}, not true`);
    }
    if (bucket.body["force_destroy"] === true) problems.push(`${bucket.address}: force_destroy is true`);
  }
  return verdict(buckets, problems);
}

/** Azure registry accounts, whose released models in `approved` are as immutable as evidence. */
const REGISTRY_PURPOSE = "models";
const APPROVED_CONTAINER = "approved";

/** Azure: every container of every evidence account, and every registry's approved container, has a locked immutability policy with a positive period. */
export function azureLogStorageIsWriteOnce(stack: Json): CheckResult {
  const accounts = resources(stack, "azurerm_storage_account").filter((a) => ([...EVIDENCE_PURPOSES.azure, REGISTRY_PURPOSE] as readonly string[]).includes(purposeOf(a, "tags") ?? ""));
  const policies = resources(stack, "azurerm_storage_container_immutability_policy");
  const problems: string[] = [];
  for (const account of accounts) {
    const registry = purposeOf(account, "tags") === REGISTRY_PURPOSE;
    const containers = resources(stack, "azurerm_storage_container").filter(
      (c) => c.body["storage_account_id"] === ref(account, "id") && (!registry || c.body["name"] === APPROVED_CONTAINER),
    );
    if (containers.length === 0) problems.push(`${account.address}: no ${registry ? "approved " : ""}container`);
    for (const container of containers) {
      const policy = policies.find((p) => p.body["storage_container_resource_manager_id"] === ref(container, "id"));
      if (!policy) {
        problems.push(`${container.address}: no immutability policy`);
        continue;
      }
      if (!(Number(policy.body["immutability_period_in_days"]) >= 1)) problems.push(`${policy.address}: immutability_period_in_days is ${JSON.stringify(policy.body["immutability_period_in_days"])}, not at least 1`);
      if (policy.body["locked"] !== true) problems.push(`${policy.address}: locked is ${JSON.stringify(policy.body["locked"])}, not true`);
    }
  }
  return verdict(accounts, problems);
}
