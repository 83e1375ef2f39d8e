import { Resource } from "../../model";
import { RuleContext, UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";

/** Function URLs of `fn`: by reference, or by the function's literal name. */
function urlsOf(fn: Resource, context: RuleContext): Resource[] {
  const name = valueOf(fn, "function_name");
  const byName = typeof name === "string" ? context.resourcesOf("aws_lambda_function_url").filter((u) => valueOf(u, "function_name") === name) : [];
  return [...new Set([...context.referencing(fn, "aws_lambda_function_url", "function_name"), ...byName])];
}

/**
 * `authorization_type = "NONE"` makes a function URL callable by anyone on the internet, with
 * only the function's own code to refuse a request; `AWS_IAM` requires a SigV4-signed caller with
 * lambda:InvokeFunctionUrl (Lambda Developer Guide, "Control access to Lambda function URLs").
 */
export const rule = resourceRule({
  control: "FUNCTION-INGRESS-INTERNAL",
  cloud: "aws",
  title: "Lambda functions have no unauthenticated function URL",
  severity: "error",
  appliesTo: ["aws_lambda_function_url", "aws_lambda_function"],
  mappings: { checkov: ["CKV_AWS_258"], nist80053: ["AC-3", "SC-7"] },
  rationale: "A function URL without IAM authorisation is an internet endpoint into the function and everything its role can reach; anyone who learns the URL can invoke it and run up its cost.",
  fix: 'Set authorization_type = "AWS_IAM" on aws_lambda_function_url (and grant lambda:InvokeFunctionUrl to the callers), or remove the URL and invoke the function from inside the account.',
  check(resource, context) {
    const problems = context.problems();
    if (resource.type === "aws_lambda_function_url") {
      const auth = valueOf(resource, "authorization_type");
      if (auth === UNKNOWN_VALUE) problems.unknown("authorization_type");
      else if (auth !== "AWS_IAM") problems.error(`authorization_type is ${JSON.stringify(auth ?? "absent")}, not "AWS_IAM": the function URL is open to the internet`);
      return problems.outcome();
    }
    for (const url of urlsOf(resource, context)) {
      const auth = valueOf(url, "authorization_type");
      if (auth === UNKNOWN_VALUE) problems.unknown(`${url.address} authorization_type`);
      else if (auth !== "AWS_IAM") problems.error(`${url.address} exposes the function to the internet (authorization_type ${JSON.stringify(auth ?? "absent")})`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a function with an IAM-authorised URL",
        stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r" } }, aws_lambda_function_url: { u: { function_name: "${aws_lambda_function.f.function_name}", authorization_type: "AWS_IAM" } } } },
      },
      { name: "a function without a URL", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r" } } } } },
    ],
    noncompliance: [
      { name: "a public function URL", stack: { resource: { aws_lambda_function_url: { u: { function_name: "f", authorization_type: "NONE" } } } }, expect: 'authorization_type is "NONE", not "AWS_IAM"' },
      {
        name: "the function behind a public URL",
        stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r" } }, aws_lambda_function_url: { u: { function_name: "${aws_lambda_function.f.function_name}", authorization_type: "NONE" } } } },
        expect: 'aws_lambda_function_url.u exposes the function to the internet (authorization_type "NONE")',
      },
      {
        name: "a plan that opens a URL",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_lambda_function_url.u", mode: "managed", type: "aws_lambda_function_url", name: "u", change: { actions: ["create"], before: null, after: { function_name: "f", authorization_type: "NONE" }, after_unknown: { function_url: true } } }],
        },
        expect: 'authorization_type is "NONE"',
      },
    ],
  },
});
