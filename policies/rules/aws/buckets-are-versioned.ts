import { UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";
import { companionsOf, shown } from "../../support/aws-storage";

/**
 * Every bucket of the blueprint is versioned, the S3 server access log target included
 * (constructs/aws/access-log-bucket.ts applies s3BucketBaseline, which always creates
 * `Versioning`; its lifecycle expires noncurrent versions after a day): no bucket is exempt.
 * Status is Enabled or Suspended once set (Amazon S3 User Guide, "Using versioning in S3
 * buckets"); Suspended keeps old versions but stops making new ones.
 */
export const rule = resourceRule({
  control: "VERSIONING",
  cloud: "aws",
  title: "S3 buckets keep prior object versions",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { checkov: ["CKV_AWS_21"], nist80053: ["CP-9", "SI-12"] },
  rationale: "Without versioning an overwrite or delete destroys the only copy: a mistaken or malicious write cannot be rolled back, and Object Lock cannot be used at all.",
  fix: "Add an aws_s3_bucket_versioning with versioning_configuration.status = \"Enabled\" (s3BucketBaseline does, child Versioning).",
  check(bucket, context) {
    const problems = context.problems();
    const versionings = companionsOf(bucket, "aws_s3_bucket_versioning", context);
    if (versionings.length === 0) return problems.error("no aws_s3_bucket_versioning: overwrites and deletes keep no prior version").outcome();
    const status = valueOf(versionings[0]!, "versioning_configuration.status");
    if (status === UNKNOWN_VALUE) problems.unknown("versioning_configuration.status");
    else if (status !== "Enabled") problems.error(`versioning_configuration.status is ${shown(status)}, not "Enabled"`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "versioning enabled",
        stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } }, aws_s3_bucket_versioning: { v: { bucket: "${aws_s3_bucket.b.id}", versioning_configuration: { status: "Enabled" } } } } },
      },
    ],
    noncompliance: [
      { name: "no versioning resource", stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } } } }, expect: "no aws_s3_bucket_versioning" },
      {
        name: "versioning suspended",
        stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } }, aws_s3_bucket_versioning: { v: { bucket: "${aws_s3_bucket.b.id}", versioning_configuration: { status: "Suspended" } } } } },
        expect: 'versioning_configuration.status is "Suspended", not "Enabled"',
      },
      {
        name: "a plan whose versioning is disabled",
        plan: {
          format_version: "1.2",
          resource_changes: [
            { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", change: { actions: ["no-op"], before: { bucket: "data" }, after: { bucket: "data" }, after_unknown: {} } },
            { address: "aws_s3_bucket_versioning.v", mode: "managed", type: "aws_s3_bucket_versioning", name: "v", change: { actions: ["update"], before: { bucket: "data", versioning_configuration: [{ status: "Enabled" }] }, after: { bucket: "data", versioning_configuration: [{ status: "Disabled" }] }, after_unknown: {} } },
          ],
          configuration: { root_module: { resources: [{ address: "aws_s3_bucket_versioning.v", expressions: { bucket: { references: ["aws_s3_bucket.b.id", "aws_s3_bucket.b"] } } }] } },
        },
        expect: 'versioning_configuration.status is "Disabled"',
      },
    ],
  },
});
