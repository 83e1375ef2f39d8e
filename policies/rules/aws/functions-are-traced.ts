import { UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";

/** `tracing_config.mode` is `PassThrough` when absent: Lambda traces only requests an upstream already sampled (Lambda Developer Guide, "Visualize Lambda function invocations using AWS X-Ray"). */
export const rule = resourceRule({
  control: "FUNCTION-TRACED",
  cloud: "aws",
  title: "Lambda functions trace every invocation with X-Ray (Active tracing)",
  severity: "error",
  appliesTo: ["aws_lambda_function"],
  mappings: { checkov: ["CKV_AWS_50"], nist80053: ["AU-12", "SI-4"] },
  rationale: "Without active tracing an invocation that was not sampled upstream leaves no trace: an abused or failing gate function cannot be followed through the services it called.",
  fix: 'Set tracing_config { mode = "Active" } and grant the role xray:PutTraceSegments and xray:PutTelemetryRecords (on "*": constructs/aws/wildcard-resource-actions.ts).',
  check(fn, context) {
    const mode = valueOf(fn, "tracing_config.mode");
    const problems = context.problems();
    if (mode === UNKNOWN_VALUE) problems.unknown("tracing_config.mode");
    else if (mode !== "Active") problems.error(`tracing_config.mode is ${mode === undefined ? '"absent" (PassThrough)' : JSON.stringify(mode)}, not "Active"`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "active tracing", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r", tracing_config: { mode: "Active" } } } } } }],
    noncompliance: [
      { name: "tracing absent", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r" } } } }, expect: 'tracing_config.mode is "absent" (PassThrough), not "Active"' },
      {
        name: "a plan with PassThrough tracing",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_lambda_function.f", mode: "managed", type: "aws_lambda_function", name: "f", change: { actions: ["create"], before: null, after: { function_name: "f", tracing_config: [{ mode: "PassThrough" }] }, after_unknown: {} } }],
        },
        expect: 'tracing_config.mode is "PassThrough", not "Active"',
      },
    ],
  },
});
