import { UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";

/**
 * `reserved_concurrent_executions` defaults to -1, "unreserved" (aws provider 6.25,
 * lambda_function docs): the function then scales into the account's whole concurrency pool.
 * 0 is a valid reservation that stops all invocations (a kill switch), so it counts as limited.
 */
export const rule = resourceRule({
  control: "FUNCTION-CONCURRENCY-LIMITED",
  cloud: "aws",
  title: "Lambda functions reserve a bounded concurrency",
  severity: "error",
  appliesTo: ["aws_lambda_function"],
  mappings: { checkov: ["CKV_AWS_115"], nist80053: ["SC-5", "SC-6"] },
  rationale:
    "An unreserved function can take the whole account's concurrency: a flood of requests (or a retry loop) runs up cost without bound and throttles every other function of the account, the security tooling included.",
  fix: "Set reserved_concurrent_executions to the most the function needs (0 or more).",
  check(fn, context) {
    const reserved = valueOf(fn, "reserved_concurrent_executions");
    const problems = context.problems();
    if (reserved === UNKNOWN_VALUE) problems.unknown("reserved_concurrent_executions");
    else if (reserved === undefined || reserved === null) problems.error('reserved_concurrent_executions is "absent" (-1, unreserved): the function can use the account\'s whole concurrency');
    else if (!(typeof reserved === "number" && Number.isInteger(reserved) && reserved >= 0)) problems.error(`reserved_concurrent_executions is ${JSON.stringify(reserved)}, not a limit of 0 or more`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "ten reserved executions", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r", reserved_concurrent_executions: 10 } } } } },
      { name: "zero: the function is switched off", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r", reserved_concurrent_executions: 0 } } } } },
    ],
    noncompliance: [
      { name: "no reservation", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r" } } } }, expect: 'reserved_concurrent_executions is "absent" (-1, unreserved)' },
      {
        name: "a plan with -1",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_lambda_function.f", mode: "managed", type: "aws_lambda_function", name: "f", change: { actions: ["create"], before: null, after: { function_name: "f", reserved_concurrent_executions: -1 }, after_unknown: {} } }],
        },
        expect: "reserved_concurrent_executions is -1, not a limit of 0 or more",
      },
    ],
  },
});
