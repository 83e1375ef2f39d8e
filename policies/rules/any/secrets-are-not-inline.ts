import { isExpression, isUnknown } from "../../model";
import { resourceRule } from "../../rule";
import { PLACEHOLDER_VALUE, SECRET_ATTRIBUTE, SECRET_SHAPES } from "../../support/secret-patterns";

/** Every string leaf under `value`, with its dotted path. */
function leaves(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}.${i}`, out));
  else if (value && typeof value === "object" && !isUnknown(value)) for (const [k, v] of Object.entries(value)) leaves(v, path === "" ? k : `${path}.${k}`, out);
}

export const rule = resourceRule({
  control: "NO-INLINE-SECRETS",
  cloud: "any",
  title: "No access key, password, private key, connection string or token is written into a resource",
  severity: "error",
  appliesTo: ["*"],
  mappings: { checkov: ["CKV_SECRET_2", "CKV_SECRET_13"], nist80053: ["IA-5(7)", "SC-28"] },
  rationale:
    "Whatever a resource's arguments hold is stored in clear in the Terraform state and the plan, printed in CI logs and copied into every fork: a secret there is a secret shared with everyone who can read any of them, for as long as the history exists.",
  fix: "Keep the secret in the cloud's secret manager and refer to it (a data source or the service's own secret reference), or remove the need for it: roles, workload identity and managed identities instead of keys.",
  check(resource, context) {
    const problems = context.problems();
    const found: Array<[string, string]> = [];
    leaves(resource.attributes, "", found);
    for (const [path, value] of found) {
      const shape = SECRET_SHAPES.find((s) => s.pattern.test(value));
      if (shape) {
        problems.error(`${path} holds ${shape.name}`);
        continue;
      }
      const leaf = path.split(".").filter((p) => !/^\d+$/.test(p)).pop() ?? "";
      if (SECRET_ATTRIBUTE.test(leaf) && !isExpression(value) && !PLACEHOLDER_VALUE.test(value.trim())) problems.error(`${path} holds a literal value: a secret in the state and the plan`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "the password comes from a secret manager reference",
        stack: {
          resource: {
            azurerm_linux_function_app: {
              f: { name: "acme-gate", app_settings: { AzureWebJobsStorage__accountName: "acmeaiprodfn" }, site_config: { application_insights_connection_string: "${azurerm_application_insights.ai.connection_string}" } },
            },
            aws_db_instance: { db: { password: "${data.aws_secretsmanager_secret_version.db.secret_string}", manage_master_user_password: true } },
          },
        },
      },
    ],
    noncompliance: [
      { name: "an AWS access key id in an environment variable", stack: { resource: { aws_lambda_function: { f: { environment: { variables: { KEY: "AKIAIOSFODNN7EXAMPLE" } } } } } }, expect: "environment.variables.KEY holds an AWS access key id" },
      { name: "a PEM private key", stack: { resource: { aws_secretsmanager_secret_version: { v: { secret_string: "-----BEGIN RSA PRIVATE KEY-----\nMIIE..." } } } }, expect: "holds a PEM private key" },
      {
        name: "an Azure Storage connection string in app settings",
        stack: { resource: { azurerm_linux_function_app: { f: { app_settings: { AzureWebJobsStorage: "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA==;EndpointSuffix=core.windows.net" } } } } },
        expect: "app_settings.AzureWebJobsStorage holds an Azure Storage account key",
      },
      { name: "a literal password attribute", stack: { resource: { aws_db_instance: { db: { password: "hunter2hunter2" } } } }, expect: "password holds a literal value" },
      { name: "a GitHub token in a Helm value", stack: { resource: { helm_release: { argo: { set_sensitive: [{ name: "token", value: "ghp_0123456789abcdefghijABCDEFGHIJ0123456789" }] } } } }, expect: "holds a GitHub token" },
      { name: "credentials in a repository URL", stack: { resource: { helm_release: { argo: { repository: "https://deploy:s3cr3tpass@git.example.com/acme/infra.git" } } } }, expect: "repository holds credentials in a URL" },
      {
        name: "a plan shows a client secret in clear",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "azuread_application_password.p", mode: "managed", type: "azuread_application_password", name: "p", change: { actions: ["create"], before: null, after: { client_secret: "Q~abcdefghijklmnopqrstuvwx" }, after_unknown: {} } }],
        },
        expect: "client_secret holds a literal value",
      },
    ],
  },
});
