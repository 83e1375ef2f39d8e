import { UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";
import { companionsOf, shown } from "../../support/aws-storage";

/**
 * The four S3 Block Public Access settings each close a different door: new public ACLs, public
 * ACLs already there, new public bucket policies, and access through a public policy already
 * there (Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage").
 */
const SETTINGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

export const rule = resourceRule({
  control: "STORAGE-NOT-PUBLIC",
  cloud: "aws",
  title: "S3 buckets block public access with all four settings",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"], cis: ["AWS Foundations 3.0 2.1.4"], nist80053: ["AC-3", "AC-4", "SC-7"] },
  rationale: "One public ACL or policy statement publishes a bucket's objects to the internet; the public access block refuses or ignores them whatever a later change writes.",
  fix: "Add an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true (the blueprint's s3BucketBaseline does, child PublicAccessBlock).",
  check(bucket, context) {
    const problems = context.problems();
    const blocks = companionsOf(bucket, "aws_s3_bucket_public_access_block", context);
    if (blocks.length === 0) return problems.error("no aws_s3_bucket_public_access_block: public ACLs and policies are not blocked").outcome();
    const block = blocks[0]!;
    for (const setting of SETTINGS) {
      const value = valueOf(block, setting);
      if (value === UNKNOWN_VALUE) problems.unknown(setting);
      else if (value !== true) problems.error(`${setting} is ${shown(value)}, not true`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "all four settings true",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_public_access_block: { p: { bucket: "${aws_s3_bucket.b.id}", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } },
          },
        },
      },
    ],
    noncompliance: [
      { name: "no public access block", stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } } } }, expect: "no aws_s3_bucket_public_access_block" },
      {
        name: "restrict_public_buckets off, ignore_public_acls absent",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_public_access_block: { p: { bucket: "${aws_s3_bucket.b.id}", block_public_acls: true, block_public_policy: true, restrict_public_buckets: false } },
          },
        },
        expect: "restrict_public_buckets is false, not true",
      },
      {
        name: "a plan without configuration, linked by bucket name",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", values: { bucket: "data" } },
                { address: "aws_s3_bucket_public_access_block.p", mode: "managed", type: "aws_s3_bucket_public_access_block", name: "p", values: { bucket: "data", block_public_acls: true, block_public_policy: false, ignore_public_acls: true, restrict_public_buckets: true } },
              ],
            },
          },
        },
        expect: "block_public_policy is false, not true",
      },
    ],
  },
});
