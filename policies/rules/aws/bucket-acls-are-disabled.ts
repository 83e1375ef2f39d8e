import { UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";
import { companionsOf, shown } from "../../support/aws-storage";

/**
 * With object ownership BucketOwnerEnforced, S3 ignores every ACL and refuses requests that set
 * one: access is decided by policies alone (Amazon S3 User Guide, "Controlling ownership of
 * objects and disabling ACLs"). An aws_s3_bucket_acl is then either refused or a sign that ACLs
 * were turned back on.
 */
export const rule = resourceRule({
  control: "ACLS-DISABLED",
  cloud: "aws",
  title: "S3 buckets disable ACLs (BucketOwnerEnforced)",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { checkov: ["CKV2_AWS_65"], nist80053: ["AC-3", "AC-6"] },
  rationale: "ACLs are a second, per-object permission system that IAM reviews and policy checks miss; one public-read ACL publishes an object regardless of the bucket policy.",
  fix: "Add an aws_s3_bucket_ownership_controls with rule.object_ownership = \"BucketOwnerEnforced\" (s3BucketBaseline does, child OwnershipControls) and remove any aws_s3_bucket_acl.",
  check(bucket, context) {
    const problems = context.problems();
    for (const acl of companionsOf(bucket, "aws_s3_bucket_acl", context)) problems.error(`${acl.address} sets an ACL on the bucket: ACLs must stay disabled`);
    const controls = companionsOf(bucket, "aws_s3_bucket_ownership_controls", context);
    if (controls.length === 0) return problems.error("no aws_s3_bucket_ownership_controls: object ownership is not BucketOwnerEnforced").outcome();
    const ownership = valueOf(controls[0]!, "rule.object_ownership");
    if (ownership === UNKNOWN_VALUE) problems.unknown("rule.object_ownership");
    else if (ownership !== "BucketOwnerEnforced") problems.error(`rule.object_ownership is ${shown(ownership)}, not "BucketOwnerEnforced"`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "BucketOwnerEnforced",
        stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } }, aws_s3_bucket_ownership_controls: { o: { bucket: "${aws_s3_bucket.b.id}", rule: { object_ownership: "BucketOwnerEnforced" } } } } },
      },
    ],
    noncompliance: [
      { name: "no ownership controls", stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } } } }, expect: "no aws_s3_bucket_ownership_controls" },
      {
        name: "ObjectWriter ownership and an ACL",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_ownership_controls: { o: { bucket: "${aws_s3_bucket.b.id}", rule: { object_ownership: "ObjectWriter" } } },
            aws_s3_bucket_acl: { a: { bucket: "${aws_s3_bucket.b.id}", acl: "public-read" } },
          },
        },
        expect: "aws_s3_bucket_acl.a sets an ACL on the bucket",
      },
      {
        name: "a plan with BucketOwnerPreferred",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", values: { bucket: "data" } },
                { address: "aws_s3_bucket_ownership_controls.o", mode: "managed", type: "aws_s3_bucket_ownership_controls", name: "o", values: { bucket: "data", rule: [{ object_ownership: "BucketOwnerPreferred" }] } },
              ],
            },
          },
        },
        expect: 'rule.object_ownership is "BucketOwnerPreferred", not "BucketOwnerEnforced"',
      },
    ],
  },
});
