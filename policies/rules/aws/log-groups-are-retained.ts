import { UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";

/** A year: the retention CIS and most audit regimes ask of operational logs, and what Checkov CKV_AWS_338 checks. */
const MIN_DAYS = 365;

/**
 * `retention_in_days` absent or 0 means "never expire" (aws provider 6.25 cloudwatch_log_group
 * docs: "If you select 0, the events in the log group are always retained and never expire"),
 * which keeps logs long enough. A shorter retention may be a deliberate cost choice for a
 * short-lived environment, and the rule cannot tell which environment wants what, so it is a
 * warning that someone must acknowledge, never silent.
 */
export const rule = resourceRule({
  control: "LOG-GROUP-RETAINED",
  cloud: "aws",
  title: "CloudWatch log groups keep events for at least a year",
  severity: "warning",
  appliesTo: ["aws_cloudwatch_log_group"],
  mappings: { checkov: ["CKV_AWS_338"], nist80053: ["AU-11"] },
  rationale: "Operational logs of the functions and the gate are the first evidence an investigation needs; an incident found months later cannot be reconstructed from logs that expired after a week.",
  fix: `Set retention_in_days to ${MIN_DAYS} or more (or leave it unset to never expire), or acknowledge a shorter retention for a short-lived environment.`,
  check(group, context) {
    const days = valueOf(group, "retention_in_days");
    const problems = context.problems();
    if (days === UNKNOWN_VALUE) problems.unknown("retention_in_days");
    else if (days !== undefined && days !== null && days !== 0 && !(Number(days) >= MIN_DAYS)) problems.relaxed(`retention_in_days is ${JSON.stringify(days)}, less than ${MIN_DAYS}: events older than that are deleted`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "never expire (absent)", stack: { resource: { aws_cloudwatch_log_group: { g: { name: "/aws/lambda/gate" } } } } },
      { name: "never expire (0) and 400 days", stack: { resource: { aws_cloudwatch_log_group: { a: { name: "a", retention_in_days: 0 }, b: { name: "b", retention_in_days: 400 } } } } },
    ],
    noncompliance: [
      { name: "a week", stack: { resource: { aws_cloudwatch_log_group: { g: { name: "g", retention_in_days: 7 } } } }, expect: "retention_in_days is 7, less than 365" },
      {
        name: "a plan with 30 days",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_cloudwatch_log_group.g", mode: "managed", type: "aws_cloudwatch_log_group", name: "g", change: { actions: ["update"], before: { retention_in_days: 400 }, after: { name: "g", retention_in_days: 30 }, after_unknown: {} } }],
        },
        expect: "retention_in_days is 30, less than 365",
      },
    ],
  },
});
