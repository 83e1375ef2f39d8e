import { UNKNOWN_VALUE, notApplicable, resourceRule, valueOf } from "../../rule";
import { ACCESS_LOG_PURPOSE, companionsOf, purposeOf } from "../../support/aws-storage";

/**
 * S3 server access logs record every request, the refused ones included, which CloudTrail data
 * events do not (Amazon S3 User Guide, "Logging options for Amazon S3"). The target bucket
 * itself is exempt by its purpose tag: logging a log target into itself would log its own
 * deliveries forever (AccessLogBucket refuses it, AWS_ACCESS_LOG_SELF_TARGET).
 */
export const rule = resourceRule({
  control: "ACCESS-LOGGING",
  cloud: "aws",
  title: "S3 buckets deliver server access logs to a log target",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { checkov: ["CKV_AWS_18"], cis: ["AWS Foundations 3.0 3.4"], nist80053: ["AU-2", "AU-12"] },
  rationale: "Without access logs nobody can tell who read, listed or tried to reach a bucket's objects, or reconstruct an exfiltration after the fact.",
  fix: "Add an aws_s3_bucket_logging with target_bucket set to the environment's AccessLogBucket (accessLogBucket.logsFrom(id, bucket) creates it).",
  check(bucket, context) {
    const problems = context.problems();
    const purpose = purposeOf(bucket);
    if (purpose === ACCESS_LOG_PURPOSE) return notApplicable("the access-log target does not log into itself");
    const loggings = companionsOf(bucket, "aws_s3_bucket_logging", context);
    if (loggings.length === 0) {
      if (purpose === UNKNOWN_VALUE) problems.unknown("tags.purpose");
      else problems.error("no aws_s3_bucket_logging: requests to the bucket are not logged");
      return problems.outcome();
    }
    const logging = loggings[0]!;
    const target = valueOf(logging, "target_bucket");
    const referenced = context.referenced(logging, "target_bucket");
    if (referenced.some((r) => r.baseAddress === bucket.baseAddress) || (typeof target === "string" && target === valueOf(bucket, "bucket"))) problems.error("target_bucket is the bucket itself: it would log its own log deliveries");
    else if (referenced.length === 0 && target === UNKNOWN_VALUE) problems.unknown("target_bucket");
    else if (referenced.length === 0 && (typeof target !== "string" || target === "")) problems.error(`target_bucket is ${JSON.stringify(target ?? "absent")}: no log target`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "bucket logging into the access-log bucket, which is exempt",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" }, access: { bucket: "access", tags: { purpose: "access-logs" } } },
            aws_s3_bucket_logging: { l: { bucket: "${aws_s3_bucket.b.id}", target_bucket: "${aws_s3_bucket.access.id}", target_prefix: "b/" } },
          },
        },
      },
    ],
    noncompliance: [
      { name: "no logging", stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } } } }, expect: "no aws_s3_bucket_logging" },
      {
        name: "logging into itself",
        stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } }, aws_s3_bucket_logging: { l: { bucket: "${aws_s3_bucket.b.id}", target_bucket: "${aws_s3_bucket.b.id}" } } } },
        expect: "target_bucket is the bucket itself",
      },
      {
        name: "a plan whose logging has an empty target",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", values: { bucket: "data" } },
                { address: "aws_s3_bucket_logging.l", mode: "managed", type: "aws_s3_bucket_logging", name: "l", values: { bucket: "data", target_bucket: "" } },
              ],
            },
          },
        },
        expect: 'target_bucket is "": no log target',
      },
    ],
  },
});
