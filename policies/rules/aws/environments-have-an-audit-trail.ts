import { Resource } from "../../model";
import { Problems, RuleContext, UNKNOWN_VALUE, isEnvironmentStack, notApplicable, stackRule, valueOf } from "../../rule";
import { shown } from "../../support/aws-storage";

/**
 * Each environment stack records its account's API calls in its own CloudTrail trail
 * (constructs/aws/audit-trail.ts). With `clouds.aws.evidence` only the log bucket and its key
 * move to the evidence account: the trail stays in the environment stack and delivers across
 * the account boundary (modules/ai-supply-chain-aws.ts, RemoteLogBucket), with kms_key_id the
 * looked-up evidence key's ARN. So the rule asks every environment stack for a trail whatever
 * the layout, and the evidence stack (environment `evidence`) for its own trail too
 * (modules/evidence-aws.ts). Defaults, terraform-provider-aws aws_cloudtrail:
 * is_multi_region_trail false, include_global_service_events true, enable_log_file_validation
 * false, enable_logging true.
 */
function trailProblems(trail: Resource, problems: Problems): void {
  const expect = (attribute: string, wanted: boolean, absentIsWanted: boolean): void => {
    const value = valueOf(trail, attribute);
    if (value === UNKNOWN_VALUE) problems.unknown(`${trail.address} ${attribute}`);
    else if (value === undefined ? !absentIsWanted : value !== wanted) problems.error(`${trail.address}: ${attribute} is ${shown(value)}, not ${wanted}`);
  };
  expect("is_multi_region_trail", true, false);
  expect("include_global_service_events", true, true);
  expect("enable_log_file_validation", true, false);
  expect("enable_logging", true, true);
  const key = trail.attributes["kms_key_id"];
  if (key === undefined || key === null || key === "") problems.error(`${trail.address}: kms_key_id is absent: log files are encrypted with SSE-S3 only`);
}

export const rule = stackRule({
  control: "AUDIT-TRAIL",
  cloud: "aws",
  title: "Every AWS environment has a multi-region, validated, KMS-encrypted CloudTrail trail",
  severity: "error",
  appliesTo: ["aws_cloudtrail"],
  mappings: { checkov: ["CKV_AWS_67", "CKV_AWS_36", "CKV_AWS_35", "CKV_AWS_251"], cis: ["AWS Foundations 3.0 3.1", "AWS Foundations 3.0 3.2", "AWS Foundations 3.0 3.5"], nist80053: ["AU-2", "AU-3", "AU-9", "AU-12"] },
  rationale: "Without a trail that covers every region and global services, with digest files that prove no log was altered, the account's control-plane actions, including an attacker's, leave no trustworthy record.",
  fix: "Add the AuditTrail construct (AiSupplyChainAws does): is_multi_region_trail, include_global_service_events, enable_log_file_validation and enable_logging true, kms_key_id the logs key.",
  check(context: RuleContext) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const trails = context.resourcesOf("aws_cloudtrail");
    const problems = context.problems();
    if (trails.length === 0) return problems.error("no aws_cloudtrail: the environment's API calls are not recorded in a trail").outcome();
    const each = trails.map((trail) => {
      const found = context.problems();
      trailProblems(trail, found);
      return found;
    });
    if (each.some((p) => p.count === 0)) return problems.outcome();
    // No trail is complete: report the one closest to it.
    return [...each].sort((a, b) => a.count - b.count)[0]!.outcome();
  },
  tests: {
    compliance: [
      {
        name: "the blueprint's trail",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] },
          resource: {
            aws_kms_key: { k: {} },
            aws_cloudtrail: { t: { name: "t", s3_bucket_name: "logs", is_multi_region_trail: true, include_global_service_events: true, enable_log_file_validation: true, enable_logging: true, kms_key_id: "${aws_kms_key.k.arn}" } },
          },
        },
      },
      {
        name: "a plan of an environment with a complete trail",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_cloudtrail.t", mode: "managed", type: "aws_cloudtrail", name: "t", values: { is_multi_region_trail: true, include_global_service_events: true, enable_log_file_validation: true, enable_logging: true, kms_key_id: "arn:aws:kms:eu-west-1:1:key/x", tags_all: { environment: "dev" } } },
              ],
            },
          },
        },
      },
    ],
    noncompliance: [
      { name: "an environment without a trail", stack: { provider: { aws: [{ default_tags: [{ tags: { environment: "dev" } }] }] }, resource: { aws_kms_key: { k: {} } } }, expect: "no aws_cloudtrail" },
      {
        name: "a single-region trail without validation or key",
        stack: { provider: { aws: [{ default_tags: [{ tags: { environment: "dev" } }] }] }, resource: { aws_cloudtrail: { t: { name: "t", s3_bucket_name: "logs" } } } },
        expect: 'aws_cloudtrail.t: is_multi_region_trail is "absent", not true',
      },
      {
        name: "a trail with logging stopped",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { environment: "dev" } }] }] },
          resource: { aws_cloudtrail: { t: { name: "t", s3_bucket_name: "logs", is_multi_region_trail: true, enable_log_file_validation: true, enable_logging: false, kms_key_id: "arn:aws:kms:eu-west-1:1:key/x" } } },
        },
        expect: "aws_cloudtrail.t: enable_logging is false, not true",
      },
      {
        name: "a plan whose trail ignores global service events",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_cloudtrail.t", mode: "managed", type: "aws_cloudtrail", name: "t", values: { is_multi_region_trail: true, include_global_service_events: false, enable_log_file_validation: true, enable_logging: true, kms_key_id: "k", tags_all: { environment: "prod" } } },
              ],
            },
          },
        },
        expect: "include_global_service_events is false, not true",
      },
    ],
  },
});
