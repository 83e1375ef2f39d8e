import { Json } from "../helpers/synth";
import { CheckResult, block, ref, resources, verdict } from "./check";
import { companionsOf } from "./aws-policy";

/*
 * Control: no bucket, object or container can be made public, and storage is not reachable from
 * the internet unless ranges are allowed explicitly.
 * AWS: all four S3 Block Public Access settings on the bucket, and ACLs disabled
 * (BucketOwnerEnforced), so no ACL can grant access (Amazon S3 User Guide, "Blocking public
 * access to your Amazon S3 storage"; "Controlling ownership of objects").
 * GCP: public access prevention `enforced` and uniform bucket-level access (no object ACLs), and
 * no IAM member `allUsers` or `allAuthenticatedUsers` on a bucket (Cloud Storage docs, "Public
 * access prevention").
 * Azure: `allow_nested_items_to_be_public` false, every container private, shared keys off,
 * firewall default Deny, and public network access off unless IP rules allow ranges.
 */

const PUBLIC_ACCESS_BLOCKS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
const GCP_PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

/** AWS: every bucket blocks public access in all four ways and enforces bucket ownership. */
export function awsBucketsBlockPublicAccess(stack: Json): CheckResult {
  const buckets = resources(stack, "aws_s3_bucket");
  const problems: string[] = [];
  for (const bucket of buckets) {
    const pab = companionsOf(stack, bucket, "aws_s3_bucket_public_access_block")[0];
    if (!pab) problems.push(`${bucket.address}: no public access block`);
    for (const setting of pab ? PUBLIC_ACCESS_BLOCKS : []) {
      if (pab!.body[setting] !== true) problems.push(`${bucket.address}: ${setting} is ${JSON.stringify(pab!.body[setting] ?? null)}, not true`);
    }
    const ownership = block(companionsOf(stack, bucket, "aws_s3_bucket_ownership_controls")[0]?.body, "rule")?.["object_ownership"];
    if (ownership !== "BucketOwnerEnforced") problems.push(`${bucket.address}: object ownership is ${JSON.stringify(ownership ?? null)}, not BucketOwnerEnforced (ACLs stay enabled)`);
  }
  return verdict(buckets, problems);
}

/** GCP: every bucket enforces public access prevention and uniform access, and no member is public. */
export function gcpBucketsBlockPublicAccess(stack: Json): CheckResult {
  const buckets = resources(stack, "google_storage_bucket");
  const problems: string[] = [];
  for (const bucket of buckets) {
    if (bucket.body["public_access_prevention"] !== "enforced") problems.push(`${bucket.address}: public_access_prevention is ${JSON.stringify(bucket.body["public_access_prevention"] ?? null)}, not enforced`);
    if (bucket.body["uniform_bucket_level_access"] !== true) problems.push(`${bucket.address}: uniform_bucket_level_access is ${JSON.stringify(bucket.body["uniform_bucket_level_access"] ?? null)}, not true`);
  }
  for (const type of ["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"]) {
    for (const grant of resources(stack, type)) {
      const members = [grant.body["member"], ...((grant.body["members"] as unknown[] | undefined) ?? [])].map(String);
      for (const m of members.filter((x) => GCP_PUBLIC_MEMBERS.includes(x))) problems.push(`${grant.address}: grants ${JSON.stringify(grant.body["role"])} to ${m}`);
    }
  }
  return verdict(buckets, problems);
}

/** Azure: no public blobs or containers, no shared keys, firewall deny by default. */
export function azureStorageBlocksPublicAccess(stack: Json): CheckResult {
  const accounts = resources(stack, "azurerm_storage_account");
  const problems: string[] = [];
  for (const account of accounts) {
    const b = account.body;
    if (b["allow_nested_items_to_be_public"] !== false) problems.push(`${account.address}: allow_nested_items_to_be_public is ${JSON.stringify(b["allow_nested_items_to_be_public"] ?? null)}, not false`);
    if (b["shared_access_key_enabled"] !== false) problems.push(`${account.address}: shared_access_key_enabled is ${JSON.stringify(b["shared_access_key_enabled"] ?? null)}, not false`);
    const rules = block(b, "network_rules");
    if (rules?.["default_action"] !== "Deny") problems.push(`${account.address}: network_rules.default_action is ${JSON.stringify(rules?.["default_action"] ?? null)}, not Deny`);
    const ipRules = (rules?.["ip_rules"] as unknown[] | undefined) ?? [];
    if (b["public_network_access_enabled"] !== false && ipRules.length === 0) problems.push(`${account.address}: public_network_access_enabled is ${JSON.stringify(b["public_network_access_enabled"] ?? null)} with no IP rules`);
    for (const container of resources(stack, "azurerm_storage_container").filter((c) => c.body["storage_account_id"] === ref(account, "id"))) {
      if (container.body["container_access_type"] !== "private") problems.push(`${container.address}: container_access_type is ${JSON.stringify(container.body["container_access_type"] ?? null)}, not private`);
    }
  }
  return verdict(accounts, problems);
}
