import { Json, isExpression, isUnknown, valuesAt } from "../../model";
import { resourceRule } from "../../rule";
import { companionsOf } from "../../support/aws-storage";

/**
 * A retention tier on S3 is a lifecycle rule that moves objects to colder storage classes and
 * expires them (constructs/aws/lifecycle-rules.ts). A rule counts when it is Enabled and has an
 * expiration by days or date, a transition, or a noncurrent-version expiration; an expiration
 * that only removes expired delete markers moves and deletes no data, so it does not count.
 */
function hasTier(rule: Json): boolean {
  const present = (path: string, keys: readonly string[]): boolean =>
    valuesAt(rule, path).some((b) => isUnknown(b) || (typeof b === "object" && b !== null && keys.some((k) => (b as Json)[k] !== undefined && (b as Json)[k] !== null && (b as Json)[k] !== "")));
  return present("expiration", ["days", "date"]) || present("transition", ["days", "date", "storage_class"]) || present("noncurrent_version_expiration", ["noncurrent_days", "newer_noncurrent_versions"]);
}

export const rule = resourceRule({
  control: "LIFECYCLE-TIERS",
  cloud: "aws",
  title: "S3 buckets have lifecycle rules that tier or expire data",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { checkov: ["CKV2_AWS_61"], nist80053: ["SI-12", "AU-11"] },
  rationale: "Without lifecycle rules data is kept forever in the most expensive class: retention promises are not kept (nothing is deleted when it should be) and storage cost grows without bound.",
  fix: "Add an aws_s3_bucket_lifecycle_configuration from the bucket's retention tier (s3LifecycleRules in constructs/aws/lifecycle-rules.ts; every blueprint bucket has one).",
  check(bucket, context) {
    const problems = context.problems();
    const configurations = companionsOf(bucket, "aws_s3_bucket_lifecycle_configuration", context);
    if (configurations.length === 0) return problems.error("no aws_s3_bucket_lifecycle_configuration: objects are kept forever in their first storage class").outcome();
    const rules = configurations.flatMap((c) => valuesAt(c.attributes, "rule"));
    if (rules.some((r) => isUnknown(r))) return problems.unknown("lifecycle rules").outcome();
    const tiers = (rules as Json[]).filter(hasTier);
    if (tiers.some((r) => r["status"] === "Enabled")) return problems.outcome();
    if (tiers.some((r) => isUnknown(r["status"]) || isExpression(r["status"]))) return problems.unknown("lifecycle rule status").outcome();
    const statuses = (rules as Json[]).map((r) => r["status"]);
    problems.error(rules.length === 0 ? "the lifecycle configuration has no rule" : `no Enabled rule expires or transitions objects (rule statuses: ${JSON.stringify(statuses)})`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a tier rule with transition and expiration",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_lifecycle_configuration: {
              l: { bucket: "${aws_s3_bucket.b.id}", rule: [{ id: "tier", status: "Enabled", filter: [{ prefix: "" }], transition: [{ days: 30, storage_class: "STANDARD_IA" }], expiration: [{ days: 365 }] }] },
            },
          },
        },
      },
      {
        name: "a plan with a noncurrent-version expiration",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", values: { bucket: "data" } },
                { address: "aws_s3_bucket_lifecycle_configuration.l", mode: "managed", type: "aws_s3_bucket_lifecycle_configuration", name: "l", values: { bucket: "data", rule: [{ id: "nc", status: "Enabled", expiration: [], transition: [], noncurrent_version_expiration: [{ noncurrent_days: 30, newer_noncurrent_versions: null }] }] } },
              ],
            },
          },
        },
      },
    ],
    noncompliance: [
      { name: "no lifecycle configuration", stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } } } }, expect: "no aws_s3_bucket_lifecycle_configuration" },
      {
        name: "the tier rule is disabled, the enabled one only removes delete markers",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_lifecycle_configuration: {
              l: {
                bucket: "${aws_s3_bucket.b.id}",
                rule: [
                  { id: "tier", status: "Disabled", expiration: [{ days: 365 }] },
                  { id: "markers", status: "Enabled", expiration: [{ expired_object_delete_marker: true }] },
                ],
              },
            },
          },
        },
        expect: 'no Enabled rule expires or transitions objects (rule statuses: ["Disabled","Enabled"])',
      },
    ],
  },
});
