import { Json } from "../helpers/synth";
import { asList, CheckResult, ref, resources, verdict } from "./check";
import { Statement, describePrincipal, isEveryone, policiesOf, statementsOf } from "./aws-policy";

/*
 * Control: storage refuses plaintext transport.
 * AWS: S3 accepts HTTP unless the bucket policy denies it; the documented control is a Deny for
 * every principal, every S3 action, the bucket and all its objects, under
 * `"Bool": { "aws:SecureTransport": "false" }` (Amazon S3 User Guide, "Security best practices
 * for Amazon S3": enforce encryption of data in transit; Security Hub control S3.5). A narrower
 * principal, action list, resource or an extra condition leaves some plaintext requests allowed.
 * Azure: `https_traffic_only_enabled` and a minimum TLS version of 1.2 on the storage account.
 * GCP has no bucket setting for it (the JSON API is HTTPS only), so there is no GCP checker.
 */

const TLS_CONDITION = { Bool: { "aws:SecureTransport": "false" } };

function deniesPlaintext(s: Statement): boolean {
  return s.Effect === "Deny" && s.Condition?.["Bool"]?.["aws:SecureTransport"] === "false";
}

/** AWS: every S3 bucket has a policy statement that denies all non-TLS requests to it and its objects. */
export function awsBucketsAreTlsOnly(stack: Json): CheckResult {
  const buckets = resources(stack, "aws_s3_bucket");
  const problems: string[] = [];
  for (const bucket of buckets) {
    const denies = policiesOf(stack, bucket).flatMap((p) => statementsOf(p.body["policy"])).filter(deniesPlaintext);
    if (denies.length === 0) {
      problems.push(`${bucket.address}: no bucket policy statement denies requests with aws:SecureTransport false`);
      continue;
    }
    const arn = ref(bucket, "arn");
    const objects = `${arn}/*`;
    const complete = denies.find(
      (s) =>
        isEveryone(s.Principal) &&
        asList(s.Action).some((a) => a === "s3:*" || a === "*") &&
        asList(s.Resource).includes(arn) &&
        asList(s.Resource).includes(objects) &&
        JSON.stringify(s.Condition) === JSON.stringify(TLS_CONDITION),
    );
    if (complete) continue;
    const s = denies[0]!;
    const sid = s.Sid ?? "(no Sid)";
    if (!isEveryone(s.Principal)) problems.push(`${bucket.address}: ${sid} denies only ${describePrincipal(s.Principal)}, not every principal ("*")`);
    if (!asList(s.Action).some((a) => a === "s3:*" || a === "*")) problems.push(`${bucket.address}: ${sid} denies ${JSON.stringify(s.Action)}, not every S3 action (s3:*)`);
    if (!asList(s.Resource).includes(arn)) problems.push(`${bucket.address}: ${sid} does not cover the bucket itself (${arn})`);
    if (!asList(s.Resource).includes(objects)) problems.push(`${bucket.address}: ${sid} does not cover every object (${objects})`);
    if (JSON.stringify(s.Condition) !== JSON.stringify(TLS_CONDITION)) problems.push(`${bucket.address}: ${sid} has conditions besides aws:SecureTransport false: ${JSON.stringify(s.Condition)}`);
  }
  return verdict(buckets, problems);
}

/** Minimum TLS versions that are at least 1.2 (azurerm `min_tls_version`). */
const AZURE_TLS_12_OR_LATER = ["TLS1_2", "TLS1_3"];

/** Azure: every storage account accepts HTTPS only, with TLS 1.2 or later. */
export function azureStorageIsTlsOnly(stack: Json): CheckResult {
  const accounts = resources(stack, "azurerm_storage_account");
  const problems: string[] = [];
  for (const account of accounts) {
    if (account.body["https_traffic_only_enabled"] !== true) problems.push(`${account.address}: https_traffic_only_enabled is ${JSON.stringify(account.body["https_traffic_only_enabled"] ?? null)}, not true`);
    if (!AZURE_TLS_12_OR_LATER.includes(String(account.body["min_tls_version"]))) problems.push(`${account.address}: min_tls_version is ${JSON.stringify(account.body["min_tls_version"] ?? null)}, not TLS1_2 or later`);
  }
  return verdict(accounts, problems);
}
