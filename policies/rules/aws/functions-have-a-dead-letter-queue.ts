import { Resource } from "../../model";
import { Problems, RuleContext, UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";

/** Resources of `type` whose `function_name` names `fn`: by reference, or by the function's literal name. */
function targeting(fn: Resource, type: string, context: RuleContext): Resource[] {
  const name = valueOf(fn, "function_name");
  const byName = typeof name === "string" ? context.resourcesOf(type).filter((r) => valueOf(r, "function_name") === name) : [];
  return [...new Set([...context.referencing(fn, type, "function_name"), ...byName])];
}

/**
 * Where a failed asynchronous event goes: the target is set when it is a literal ARN or a
 * reference to a resource (synth references, or a plan's configuration); a value nothing
 * explains (an unknown without references) is known only after apply.
 */
function destination(resource: Resource, path: string, context: RuleContext): "set" | "absent" | "unknown" {
  const value = valueOf(resource, path);
  if (value === undefined || value === null || value === "") return "absent";
  if (value !== UNKNOWN_VALUE) return "set";
  return context.referenced(resource, path).length > 0 ? "set" : "unknown";
}

function check(fn: Resource, context: RuleContext, problems: Problems): void {
  const dlq = destination(fn, "dead_letter_config.target_arn", context);
  if (dlq === "set") return;
  const configs = targeting(fn, "aws_lambda_function_event_invoke_config", context);
  const onFailure = configs.map((c) => ({ config: c, state: destination(c, "destination_config.on_failure.destination", context) }));
  if (onFailure.some((c) => c.state === "set")) return;
  if (dlq === "unknown") problems.unknown("dead_letter_config.target_arn");
  else if (onFailure.some((c) => c.state === "unknown")) problems.unknown(`${onFailure.find((c) => c.state === "unknown")!.config.address} destination_config.on_failure.destination`);
  else {
    const seen = configs.length > 0 ? `; ${configs.map((c) => c.address).join(", ")} sets no destination_config.on_failure` : " and no aws_lambda_function_event_invoke_config sends failures anywhere";
    problems.error(`dead_letter_config.target_arn is absent${seen}: failed asynchronous invocations are dropped after the retries`);
  }
}

export const rule = resourceRule({
  control: "FUNCTION-DEAD-LETTER",
  cloud: "aws",
  title: "Failed asynchronous invocations of a Lambda function go to a dead-letter queue or failure destination",
  severity: "error",
  appliesTo: ["aws_lambda_function"],
  mappings: { checkov: ["CKV_AWS_116"], nist80053: ["SI-11", "CP-10"] },
  rationale:
    "Lambda retries an asynchronous event twice and then discards it (Lambda Developer Guide, \"Asynchronous invocation\"): without a dead-letter queue or an on-failure destination, a rejected model promotion or a dropped audit event leaves no record to replay or investigate.",
  fix: "Set dead_letter_config { target_arn = <an SQS queue or SNS topic of the stack> }, or an aws_lambda_function_event_invoke_config for the function with destination_config { on_failure { destination = ... } }.",
  check(fn, context) {
    const problems = context.problems();
    check(fn, context, problems);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "a dead-letter queue", stack: { resource: { aws_sqs_queue: { dlq: {} }, aws_lambda_function: { f: { function_name: "f", role: "r", dead_letter_config: { target_arn: "${aws_sqs_queue.dlq.arn}" } } } } } },
      {
        name: "an on-failure destination of an event invoke config",
        stack: {
          resource: {
            aws_lambda_function: { f: { function_name: "f", role: "r" } },
            aws_lambda_function_event_invoke_config: { c: { function_name: "${aws_lambda_function.f.function_name}", destination_config: { on_failure: { destination: "arn:aws:sqs:eu-west-1:111122223333:failed" } } } },
          },
        },
      },
    ],
    noncompliance: [
      { name: "neither", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r" } } } }, expect: "dead_letter_config.target_arn is absent and no aws_lambda_function_event_invoke_config" },
      {
        name: "an event invoke config with only a success destination",
        stack: {
          resource: {
            aws_lambda_function: { f: { function_name: "f", role: "r" } },
            aws_lambda_function_event_invoke_config: { c: { function_name: "f", destination_config: { on_success: { destination: "arn:aws:sqs:eu-west-1:111122223333:done" } } } },
          },
        },
        expect: "aws_lambda_function_event_invoke_config.c sets no destination_config.on_failure",
      },
      {
        name: "a plan with an empty dead_letter_config",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_lambda_function.f", mode: "managed", type: "aws_lambda_function", name: "f", change: { actions: ["create"], before: null, after: { function_name: "f", dead_letter_config: [] }, after_unknown: {} } }],
        },
        expect: "dead_letter_config.target_arn is absent",
      },
    ],
  },
});
