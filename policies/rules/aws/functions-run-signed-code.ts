import { Resource } from "../../model";
import { Problems, RuleContext, UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";

/**
 * Lambda checks signatures only for .zip packages: "Functions defined as container images do
 * not support code signing" (Lambda Developer Guide, "Using code signing to verify code
 * integrity"; /work/shared/research/gate-and-admission.md §7). A code signing config whose
 * `untrusted_artifact_on_deployment` is `Warn` (the API's default) deploys unsigned code anyway
 * and only logs it.
 */
function checkSigningConfig(config: Resource, problems: Problems): void {
  const policy = valueOf(config, "policies.untrusted_artifact_on_deployment");
  if (policy === UNKNOWN_VALUE) problems.unknown(`${config.address} policies.untrusted_artifact_on_deployment`);
  else if (policy !== "Enforce") {
    const shown = policy === undefined ? '"absent" (Lambda\'s default, Warn)' : JSON.stringify(policy);
    problems.error(`code_signing_config_arn refers to ${config.address}, whose policies.untrusted_artifact_on_deployment is ${shown}, not "Enforce": unsigned code still deploys`);
  }
}

function checkFunction(fn: Resource, context: RuleContext, problems: Problems): void {
  const packageType = valueOf(fn, "package_type");
  if (packageType === "Image") {
    problems.error('package_type is "Image": Lambda cannot verify signatures of container images; deploy a signed .zip package');
    return;
  }
  if (packageType === UNKNOWN_VALUE) problems.unknown("package_type");
  const configs = context.referenced(fn, "code_signing_config_arn").filter((r) => r.type === "aws_lambda_code_signing_config");
  if (configs.length > 0) {
    configs.forEach((c) => checkSigningConfig(c, problems));
    return;
  }
  const arn = valueOf(fn, "code_signing_config_arn");
  if (arn === undefined) problems.error("code_signing_config_arn is absent: the function runs whatever code is deployed");
  else if (arn === UNKNOWN_VALUE) problems.unknown("code_signing_config_arn");
  else problems.error(`code_signing_config_arn is the literal ${JSON.stringify(arn)}, not a reference to an aws_lambda_code_signing_config of this stack, so its Enforce policy cannot be verified`);
}

export const rule = resourceRule({
  control: "FUNCTION-CODE-SIGNED",
  cloud: "aws",
  title: "Lambda functions deploy only code signed by an allowed publisher",
  severity: "error",
  appliesTo: ["aws_lambda_function"],
  mappings: { checkov: ["CKV_AWS_272"], nist80053: ["CM-14", "SI-7", "SI-7(15)"] },
  rationale:
    "Without an enforcing code signing config, anyone who can call lambda:UpdateFunctionCode (a leaked CI credential, a compromised build) replaces the function's code with their own, and it runs with the function's role.",
  fix: 'Set code_signing_config_arn to an aws_lambda_code_signing_config of the stack with allowed_publishers naming your AWS Signer profile and policies.untrusted_artifact_on_deployment = "Enforce"; package the function as a .zip signed by a Signer job (container images cannot be signed for Lambda).',
  check(fn, context) {
    const problems = context.problems();
    checkFunction(fn, context, problems);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a zip function with an enforcing code signing config of the stack",
        stack: {
          resource: {
            aws_lambda_code_signing_config: { csc: { allowed_publishers: { signing_profile_version_arns: ["${aws_signer_signing_profile.p.version_arn}"] }, policies: { untrusted_artifact_on_deployment: "Enforce" } } },
            aws_lambda_function: { f: { function_name: "gate", role: "r", s3_bucket: "b", s3_key: "signed/gate.zip", code_signing_config_arn: "${aws_lambda_code_signing_config.csc.arn}" } },
          },
        },
      },
    ],
    noncompliance: [
      { name: "no code signing config", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r", filename: "f.zip" } } } }, expect: "code_signing_config_arn is absent" },
      {
        name: "a code signing config that only warns",
        stack: {
          resource: {
            aws_lambda_code_signing_config: { csc: { allowed_publishers: { signing_profile_version_arns: ["arn:x"] }, policies: { untrusted_artifact_on_deployment: "Warn" } } },
            aws_lambda_function: { f: { function_name: "f", role: "r", filename: "f.zip", code_signing_config_arn: "${aws_lambda_code_signing_config.csc.arn}" } },
          },
        },
        expect: 'untrusted_artifact_on_deployment is "Warn", not "Enforce"',
      },
      {
        name: "a code signing config without policies defaults to Warn",
        stack: {
          resource: {
            aws_lambda_code_signing_config: { csc: { allowed_publishers: { signing_profile_version_arns: ["arn:x"] } } },
            aws_lambda_function: { f: { function_name: "f", role: "r", filename: "f.zip", code_signing_config_arn: "${aws_lambda_code_signing_config.csc.arn}" } },
          },
        },
        expect: "untrusted_artifact_on_deployment is \"absent\" (Lambda's default, Warn)",
      },
      { name: "a container image function", stack: { resource: { aws_lambda_function: { f: { function_name: "f", role: "r", package_type: "Image", image_uri: "x" } } } }, expect: 'package_type is "Image"' },
      {
        name: "a plan whose function refers to a warning code signing config",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_lambda_code_signing_config.csc", mode: "managed", type: "aws_lambda_code_signing_config", name: "csc", values: { policies: [{ untrusted_artifact_on_deployment: "Warn" }] } },
                { address: "aws_lambda_function.f", mode: "managed", type: "aws_lambda_function", name: "f", values: { function_name: "f", package_type: "Zip" } },
              ],
            },
          },
          configuration: {
            root_module: {
              resources: [
                { address: "aws_lambda_code_signing_config.csc", expressions: {} },
                { address: "aws_lambda_function.f", expressions: { code_signing_config_arn: { references: ["aws_lambda_code_signing_config.csc.arn", "aws_lambda_code_signing_config.csc"] } } },
              ],
            },
          },
        },
        expect: 'aws_lambda_code_signing_config.csc, whose policies.untrusted_artifact_on_deployment is "Warn"',
      },
    ],
  },
});
