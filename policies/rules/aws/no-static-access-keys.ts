import { Resource } from "../../model";
import { RuleContext, resourceRule, valueOf } from "../../rule";

/**
 * Long-term credentials of an IAM user, by resource type, and the attribute naming the user:
 * access keys, console passwords, and service-specific credentials (CodeCommit Git passwords,
 * Amazon Bedrock long-term API keys). Roles and federation issue temporary credentials instead
 * (IAM User Guide, "Security best practices in IAM": require workloads to use temporary
 * credentials with IAM roles).
 */
const CREDENTIALS: Readonly<Record<string, { what: string; user: string }>> = {
  aws_iam_access_key: { what: "a long-lived access key", user: "user" },
  aws_iam_user_login_profile: { what: "a console password", user: "user" },
  aws_iam_service_specific_credential: { what: "a long-lived service-specific credential", user: "user_name" },
};

function credentialsOf(user: Resource, context: RuleContext): Resource[] {
  const name = valueOf(user, "name");
  return Object.entries(CREDENTIALS).flatMap(([type, { user: path }]) =>
    context.resourcesOf(type).filter((c) => context.referenced(c, path).some((u) => u.baseAddress === user.baseAddress) || (typeof name === "string" && valueOf(c, path) === name)),
  );
}

export const rule = resourceRule({
  control: "NO-LONG-LIVED-CREDENTIALS",
  cloud: "aws",
  title: "No IAM access keys, console passwords or service-specific credentials",
  severity: "error",
  appliesTo: [...Object.keys(CREDENTIALS), "aws_iam_user"],
  mappings: { checkov: ["CKV_AWS_273"], nist80053: ["IA-2", "IA-5", "AC-2"] },
  rationale:
    "A static key or password works from anywhere until someone rotates or deletes it, and it ends up in CI variables, laptops and Terraform state (aws_iam_access_key stores the secret in state). Roles and OIDC federation hand out credentials that expire within hours.",
  fix: "Remove the credential. Workloads assume a role (Lambda, ECS and EC2 do it natively); CI assumes a role through the GitHub OIDC provider; people sign in through IAM Identity Center.",
  check(resource, context) {
    const credential = CREDENTIALS[resource.type];
    if (credential) {
      const user = valueOf(resource, credential.user);
      const owner = context.referenced(resource, credential.user)[0]?.address ?? (typeof user === "string" ? `user ${JSON.stringify(user)}` : "its user");
      const service = resource.type === "aws_iam_service_specific_credential" ? valueOf(resource, "service_name") : undefined;
      return context.problems().error(`${resource.type} creates ${credential.what} for ${owner}${typeof service === "string" ? ` (${service})` : ""}`).outcome();
    }
    // A user is compliant while nothing issues it static credentials; those are reported on the credential itself.
    return credentialsOf(resource, context).length === 0 ? { status: "compliant" } : { status: "not-applicable", reason: "its credentials are reported on the credential resources" };
  },
  tests: {
    compliance: [{ name: "a user without keys or password (a break-glass user managed outside the stack)", stack: { resource: { aws_iam_user: { u: { name: "auditor" } } } } }],
    noncompliance: [
      { name: "an access key", stack: { resource: { aws_iam_user: { u: { name: "ci" } }, aws_iam_access_key: { k: { user: "${aws_iam_user.u.name}" } } } }, expect: "aws_iam_access_key creates a long-lived access key for aws_iam_user.u" },
      { name: "a console password", stack: { resource: { aws_iam_user_login_profile: { p: { user: "alice" } } } }, expect: 'creates a console password for user "alice"' },
      {
        name: "a plan that creates a Bedrock API key",
        plan: {
          format_version: "1.2",
          resource_changes: [
            {
              address: "aws_iam_service_specific_credential.bedrock",
              mode: "managed",
              type: "aws_iam_service_specific_credential",
              name: "bedrock",
              change: { actions: ["create"], before: null, after: { service_name: "bedrock.amazonaws.com", user_name: "app" }, after_unknown: { service_password: true } },
            },
          ],
        },
        expect: 'a long-lived service-specific credential for user "app" (bedrock.amazonaws.com)',
      },
    ],
  },
});
