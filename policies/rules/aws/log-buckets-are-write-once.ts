import { Resource } from "../../model";
import { Problems, RuleContext, UNKNOWN_VALUE, notApplicable, resourceRule, valueOf } from "../../rule";
import { EVIDENCE_PURPOSE, companionsOf, purposeOf, shown } from "../../support/aws-storage";

/**
 * Which buckets hold evidence is read from the `purpose` tag, not from whether they are locked:
 * a log bucket that lost its lock must be found, not skipped (test/checkers/write-once.ts).
 * Object Lock can only be enabled when the bucket is created, needs versioning, and in
 * GOVERNANCE mode yields to anyone with s3:BypassGovernanceRetention (Amazon S3 User Guide,
 * "Object Lock retention modes"): the blueprint uses GOVERNANCE only for unlocked retention
 * (`lockRetention: false`, protection standard), a warning.
 */

function checkLock(bucket: Resource, context: RuleContext, problems: Problems): void {
  const locks = companionsOf(bucket, "aws_s3_bucket_object_lock_configuration", context);
  if (locks.length === 0) {
    problems.error("no aws_s3_bucket_object_lock_configuration: objects have no default retention");
    return;
  }
  const lock = locks[0]!;
  const mode = valueOf(lock, "rule.default_retention.mode");
  if (mode === UNKNOWN_VALUE) problems.unknown("Object Lock default retention mode");
  else if (mode === "GOVERNANCE") problems.relaxed('Object Lock mode is "GOVERNANCE", not "COMPLIANCE": s3:BypassGovernanceRetention can delete locked versions');
  else if (mode !== "COMPLIANCE") problems.error(`Object Lock mode is ${shown(mode)}, not "COMPLIANCE"`);
  const days = valueOf(lock, "rule.default_retention.days");
  const years = valueOf(lock, "rule.default_retention.years");
  if (days === UNKNOWN_VALUE || years === UNKNOWN_VALUE) problems.unknown("Object Lock default retention period");
  else if (!(Number(days ?? 0) >= 1 || Number(years ?? 0) >= 1)) problems.error(`Object Lock default retention is days ${shown(days)}, years ${shown(years)}: no positive period`);
}

export const rule = resourceRule({
  control: "WRITE-ONCE",
  cloud: "aws",
  title: "Log buckets are write-once: Object Lock in COMPLIANCE mode for the retention",
  severity: "error",
  appliesTo: ["aws_s3_bucket"],
  mappings: { checkov: ["CKV_AWS_143"], nist80053: ["AU-9", "AU-9(4)", "AU-11", "SI-12"] },
  rationale: "Audit evidence that an administrator or an attacker with the bucket's credentials can delete or overwrite proves nothing; a COMPLIANCE-mode lock holds every version for its retention against everyone, the account root included.",
  fix: "Create log buckets with ImmutableLogBucket: object_lock_enabled = true, an aws_s3_bucket_object_lock_configuration with a COMPLIANCE default retention of the tier's immutabilityDays, versioning Enabled, force_destroy false.",
  check(bucket, context) {
    const purpose = purposeOf(bucket);
    const problems = context.problems();
    if (purpose === UNKNOWN_VALUE) return problems.unknown("tags.purpose").outcome();
    if (purpose !== EVIDENCE_PURPOSE) return notApplicable(`purpose tag is ${shown(purpose)}, not "${EVIDENCE_PURPOSE}"`);
    const enabled = valueOf(bucket, "object_lock_enabled");
    if (enabled === UNKNOWN_VALUE) problems.unknown("object_lock_enabled");
    else if (enabled !== true) problems.error(`object_lock_enabled is ${shown(enabled)}, not true`);
    const forceDestroy = valueOf(bucket, "force_destroy");
    if (forceDestroy === UNKNOWN_VALUE) problems.unknown("force_destroy");
    else if (forceDestroy === true) problems.error("force_destroy is true: destroy empties the bucket first");
    checkLock(bucket, context, problems);
    const status = companionsOf(bucket, "aws_s3_bucket_versioning", context).map((v) => valueOf(v, "versioning_configuration.status"))[0];
    if (status === UNKNOWN_VALUE) problems.unknown("versioning status");
    else if (status !== "Enabled") problems.error(`versioning is ${shown(status)}, not "Enabled"`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "locked log bucket",
        stack: {
          resource: {
            aws_s3_bucket: { logs: { bucket: "logs", object_lock_enabled: true, force_destroy: false, tags: { purpose: "logs" } } },
            aws_s3_bucket_object_lock_configuration: { l: { bucket: "${aws_s3_bucket.logs.id}", rule: { default_retention: { mode: "COMPLIANCE", days: 365 } } } },
            aws_s3_bucket_versioning: { v: { bucket: "${aws_s3_bucket.logs.id}", versioning_configuration: { status: "Enabled" } } },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "log bucket without Object Lock, unversioned, force_destroy",
        stack: { resource: { aws_s3_bucket: { logs: { bucket: "logs", force_destroy: true, tags: { purpose: "logs" } } } } },
        expect: 'object_lock_enabled is "absent", not true',
      },
      {
        name: "GOVERNANCE mode is a relaxation",
        stack: {
          resource: {
            aws_s3_bucket: { logs: { bucket: "logs", object_lock_enabled: true, tags: { purpose: "logs" } } },
            aws_s3_bucket_object_lock_configuration: { l: { bucket: "${aws_s3_bucket.logs.id}", rule: { default_retention: { mode: "GOVERNANCE", days: 90 } } } },
            aws_s3_bucket_versioning: { v: { bucket: "${aws_s3_bucket.logs.id}", versioning_configuration: { status: "Enabled" } } },
          },
        },
        expect: 'Object Lock mode is "GOVERNANCE"',
        severity: "warning",
      },
      {
        name: "no default retention, versioning suspended",
        stack: {
          resource: {
            aws_s3_bucket: { logs: { bucket: "logs", object_lock_enabled: true, tags: { purpose: "logs" } } },
            aws_s3_bucket_versioning: { v: { bucket: "${aws_s3_bucket.logs.id}", versioning_configuration: { status: "Suspended" } } },
          },
        },
        expect: 'versioning is "Suspended", not "Enabled"',
      },
      {
        name: "a plan: purpose from tags_all, retention without a period",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", name: "logs", values: { bucket: "logs", object_lock_enabled: true, force_destroy: false, tags: {}, tags_all: { purpose: "logs" } } },
                { address: "aws_s3_bucket_object_lock_configuration.l", mode: "managed", type: "aws_s3_bucket_object_lock_configuration", name: "l", values: { bucket: "logs", rule: [{ default_retention: [{ mode: "COMPLIANCE", days: 0, years: null }] }] } },
                { address: "aws_s3_bucket_versioning.v", mode: "managed", type: "aws_s3_bucket_versioning", name: "v", values: { bucket: "logs", versioning_configuration: [{ status: "Enabled" }] } },
              ],
            },
          },
        },
        expect: "no positive period",
      },
    ],
  },
});
