import { stackFromSynth } from "../../../policies/load-synth";
import { buildIamTable } from "../../../policies/report/iam";

const row = (r: ReturnType<typeof buildIamTable>[number]) => [r.source, r.kind, r.principals.join(","), r.actions.join(","), r.resources.join(","), r.writesModels, r.decryptsLogs, r.deletesEvidence];

describe("IAM table", () => {
  test("Azure: built-in roles and custom role definitions, by scope", () => {
    const stack = stackFromSynth("az", "cdk.tf.json", {
      provider: { azurerm: [{ features: [{}] }] },
      resource: {
        azurerm_resource_group: { rg: { name: "rg", location: "westeurope" } },
        azurerm_storage_account: { logs: { name: "azlogs", resource_group_name: "${azurerm_resource_group.rg.name}", tags: { purpose: "logs" } } },
        azurerm_key_vault: { vault: { name: "vault", resource_group_name: "${azurerm_resource_group.rg.name}" } },
        azurerm_key_vault_key: { logs: { name: "logs", key_vault_id: "${azurerm_key_vault.vault.id}" }, registry: { name: "registry", key_vault_id: "${azurerm_key_vault.vault.id}" } },
        azurerm_role_definition: { cleaner: { name: "Cleaner", scope: "${azurerm_resource_group.rg.id}", permissions: [{ actions: ["Microsoft.Storage/storageAccounts/read"], data_actions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"] }] } },
        azurerm_role_assignment: {
          reader: { principal_id: "11111111-1111-4111-8111-111111111111", role_definition_name: "Key Vault Crypto User", scope: "${azurerm_key_vault.vault.id}" },
          registryOnly: { principal_id: "22222222-2222-4222-8222-222222222222", role_definition_name: "Key Vault Crypto User", scope: "${azurerm_key_vault_key.registry.resource_versionless_id}" },
          cleaner: { principal_id: "33333333-3333-4333-8333-333333333333", role_definition_id: "${azurerm_role_definition.cleaner.role_definition_resource_id}", scope: "${azurerm_storage_account.logs.id}" },
          owner: { principal_id: "44444444-4444-4444-8444-444444444444", role_definition_name: "Owner", scope: "/subscriptions/00000000-0000-4000-8000-000000000001" },
        },
      },
    });
    expect(buildIamTable([stack]).map(row)).toEqual([
      [
        "azurerm_role_assignment.cleaner",
        "role assignment",
        "33333333-3333-4333-8333-333333333333",
        "Cleaner:,Microsoft.Storage/storageAccounts/read,Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*",
        "${azurerm_storage_account.logs.id}",
        false,
        false,
        true,
      ],
      // A subscription scope reaches everything, registries outside this stack included.
      ["azurerm_role_assignment.owner", "role assignment", "44444444-4444-4444-8444-444444444444", "Owner", "/subscriptions/00000000-0000-4000-8000-000000000001", true, false, true],
      ["azurerm_role_assignment.reader", "role assignment", "11111111-1111-4111-8111-111111111111", "Key Vault Crypto User", "${azurerm_key_vault.vault.id}", false, true, false],
      ["azurerm_role_assignment.registryOnly", "role assignment", "22222222-2222-4222-8222-222222222222", "Key Vault Crypto User", "${azurerm_key_vault_key.registry.resource_versionless_id}", false, false, false],
    ]);
  });

  test("AWS: identity policies name the role they are attached to; trust policies the role they guard", () => {
    const doc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
    const stack = stackFromSynth("aws", "cdk.tf.json", {
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: {
        aws_ecr_repository: { models: { name: "models" } },
        aws_iam_role: { ci: { name: "ci", assume_role_policy: doc({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }) } },
        aws_iam_policy: { push: { policy: doc({ Effect: "Allow", Action: ["ecr:*"], Resource: "${aws_ecr_repository.models.arn}" }) } },
        aws_iam_role_policy_attachment: { push: { role: "${aws_iam_role.ci.name}", policy_arn: "${aws_iam_policy.push.arn}" } },
        aws_iam_role_policy: { wide: { role: "${aws_iam_role.ci.id}", policy: doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }) } },
      },
    });
    expect(buildIamTable([stack]).map(row)).toEqual([
      ["aws_iam_policy.push", "identity policy", "role ${aws_iam_role.ci.name}", "ecr:*", "${aws_ecr_repository.models.arn}", true, false, false],
      ["aws_iam_role.ci", "trust policy", "Federated arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", "sts:AssumeRoleWithWebIdentity", "", false, false, false],
      // NotAction iam:* on every resource allows everything else: it flags all three, though the stack has no log storage.
      ["aws_iam_role_policy.wide", "identity policy", "role ${aws_iam_role.ci.id}", "not iam:*", "*", true, true, true],
    ]);
  });
});
