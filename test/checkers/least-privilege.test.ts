import { Json } from "../helpers/synth";
import { awsKeyAdminsCannotUseKeys, azureRolesAreLeastPrivilege, gcpRolesAreLeastPrivilege } from "./least-privilege";
import { editPolicy, policy, variant } from "./fixtures";

type Resources = Record<string, Record<string, Json>>;

const ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:Delete*",
  "kms:Describe*",
  "kms:Disable*",
  "kms:Enable*",
  "kms:Get*",
  "kms:List*",
  "kms:Put*",
  "kms:Revoke*",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:Update*",
];

const AWS: Json = {
  resource: {
    aws_kms_key: {
      logs: {
        policy: policy(
          { Sid: "AccountRootDelegatesToIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:*", Resource: "*" },
          { Sid: "AdminRoleManagesKey", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:role/admin" }, Action: ADMIN_ACTIONS, Resource: "*" },
          {
            Sid: "CloudTrailEncryptsLogs",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:222222222222:trail/audit" } },
          },
          { Sid: "KeyDenyTampering", Effect: "Deny", Principal: "*", Action: ["kms:ScheduleKeyDeletion"], Resource: "*" },
        ),
      },
    },
  },
};

const KEY_MANAGER_DATA_ACTIONS = [
  "Microsoft.KeyVault/vaults/keys/read",
  "Microsoft.KeyVault/vaults/keys/create/action",
  "Microsoft.KeyVault/vaults/keys/update/action",
  "Microsoft.KeyVault/vaults/keys/rotate/action",
  "Microsoft.KeyVault/vaults/keys/delete",
  "Microsoft.KeyVault/vaults/keys/recover/action",
  "Microsoft.KeyVault/vaults/keyrotationpolicies/read",
  "Microsoft.KeyVault/vaults/keyrotationpolicies/write",
];

const AZURE: Json = {
  resource: {
    azurerm_role_definition: { manager: { permissions: [{ actions: ["Microsoft.KeyVault/vaults/read"], data_actions: KEY_MANAGER_DATA_ACTIONS }] } },
    azurerm_role_assignment: {
      deployer: { scope: "${azurerm_key_vault.vault.id}", role_definition_id: "${azurerm_role_definition.manager.role_definition_resource_id}", principal_id: "d1" },
      identity: { scope: "${azurerm_key_vault_key.logs.resource_versionless_id}", role_definition_name: "Key Vault Crypto Service Encryption User", principal_id: "i1" },
      blobs: { scope: "${azurerm_storage_account.state.id}", role_definition_name: "Storage Blob Data Contributor", principal_id: "d1" },
    },
  },
};

const GCP: Json = {
  resource: {
    google_kms_crypto_key_iam_member: { agent: { role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: "serviceAccount:${data.google_storage_project_service_account.agent.email_address}" } },
    google_kms_key_ring_iam_binding: { admins: { role: "roles/cloudkms.admin", members: ["group:kms-admins@example.com"] } },
    google_storage_bucket_iam_member: { sink: { role: "roles/storage.objectCreator", member: "${google_logging_project_sink.audit.writer_identity}" } },
  },
};

const adminStatement = (r: Resources, change: (s: Json) => void): void =>
  editPolicy(r["aws_kms_key"]!["logs"]!, (statements) => change(statements.find((s) => s["Sid"] === "AdminRoleManagesKey")!));

describe("awsKeyAdminsCannotUseKeys", () => {
  test("Compliance: the root delegates, the admin manages, the service uses under a source condition, denies are ignored", () => {
    expect(awsKeyAdminsCannotUseKeys(AWS)).toEqual({ status: "compliant", checked: ["aws_kms_key.logs"] });
  });

  test("Not applicable: no key", () => {
    expect(awsKeyAdminsCannotUseKeys({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    [
      "Noncompliance 1: kms:Generate* added to the admin actions",
      (r) => adminStatement(r, (s) => (s["Action"] = [...ADMIN_ACTIONS, "kms:Generate*"])),
      [
        "aws_kms_key.logs: AdminRoleManagesKey lets arn:aws:iam::222222222222:role/admin use the key (kms:Generate* -> kms:GenerateDataKey, kms:Generate* -> kms:GenerateDataKeyWithoutPlaintext, kms:Generate* -> kms:GenerateDataKeyPair, kms:Generate* -> kms:GenerateDataKeyPairWithoutPlaintext, kms:Generate* -> kms:GenerateMac)",
      ],
    ],
    [
      "Noncompliance 2: kms:* for the admin",
      (r) => adminStatement(r, (s) => (s["Action"] = "kms:*")),
      [
        "aws_kms_key.logs: AdminRoleManagesKey lets arn:aws:iam::222222222222:role/admin use the key (kms:* -> kms:Encrypt, kms:* -> kms:Decrypt, kms:* -> kms:ReEncryptFrom, kms:* -> kms:ReEncryptTo, kms:* -> kms:GenerateDataKey, kms:* -> kms:GenerateDataKeyWithoutPlaintext, kms:* -> kms:GenerateDataKeyPair, kms:* -> kms:GenerateDataKeyPairWithoutPlaintext, kms:* -> kms:GenerateMac, kms:* -> kms:VerifyMac, kms:* -> kms:Sign, kms:* -> kms:Verify, kms:* -> kms:DeriveSharedSecret, kms:* -> kms:CreateGrant)",
      ],
    ],
    [
      "Noncompliance 3: kms:Create* (aws-cdk's admin list) hands out grants",
      (r) => adminStatement(r, (s) => (s["Action"] = ["kms:Create*", "kms:Describe*"])),
      ["aws_kms_key.logs: AdminRoleManagesKey lets arn:aws:iam::222222222222:role/admin use the key (kms:Create* -> kms:CreateGrant)"],
    ],
    [
      "Noncompliance 4: a concrete use action, in lower case",
      (r) => adminStatement(r, (s) => (s["Action"] = [...ADMIN_ACTIONS, "kms:decrypt"])),
      ["aws_kms_key.logs: AdminRoleManagesKey lets arn:aws:iam::222222222222:role/admin use the key (kms:decrypt -> kms:Decrypt)"],
    ],
    ["Noncompliance 5: an Allow for everyone", (r) => adminStatement(r, (s) => (s["Principal"] = "*")), ['aws_kms_key.logs: AdminRoleManagesKey allows every principal ("*")']],
    ["Noncompliance 6: an Allow for AWS *", (r) => adminStatement(r, (s) => (s["Principal"] = { AWS: "*" })), ['aws_kms_key.logs: AdminRoleManagesKey allows every principal ("*")']],
    [
      "Noncompliance 7: a service uses the key without a source condition",
      (r) => editPolicy(r["aws_kms_key"]!["logs"]!, (statements) => delete statements.find((s) => s["Sid"] === "CloudTrailEncryptsLogs")!["Condition"]),
      ['aws_kms_key.logs: CloudTrailEncryptsLogs lets "cloudtrail.amazonaws.com" use the key without an aws:SourceArn or aws:SourceAccount condition'],
    ],
  ])("%s", (_name, change, problems) => {
    expect(awsKeyAdminsCannotUseKeys(variant(AWS, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("azureRolesAreLeastPrivilege", () => {
  test("Compliance: the key-manager role on a vault, the narrow built-in roles at their narrow scopes", () => {
    expect(azureRolesAreLeastPrivilege(AZURE)).toEqual({
      status: "compliant",
      checked: ["azurerm_role_assignment.deployer", "azurerm_role_assignment.identity", "azurerm_role_assignment.blobs", "azurerm_role_definition.manager"],
    });
  });

  test("Not applicable: no role assignment or definition", () => {
    expect(azureRolesAreLeastPrivilege({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  const assignment = (r: Resources, id: string): Json => r["azurerm_role_assignment"]![id]!;
  const permissions = (r: Resources): Json => (r["azurerm_role_definition"]!["manager"]!["permissions"] as Json[])[0]!;

  test.each<[string, (r: Resources) => void, string[]]>([
    [
      "Noncompliance 1: Key Vault Crypto Officer instead of the key-manager role",
      (r) => {
        delete assignment(r, "deployer")["role_definition_id"];
        assignment(r, "deployer")["role_definition_name"] = "Key Vault Crypto Officer";
      },
      ['azurerm_role_assignment.deployer: assigns "Key Vault Crypto Officer", not one of the narrow roles Key Vault Crypto Service Encryption User, Storage Blob Data Contributor'],
    ],
    [
      "Noncompliance 2: Storage Blob Data Owner instead of Contributor",
      (r) => (assignment(r, "blobs")["role_definition_name"] = "Storage Blob Data Owner"),
      ['azurerm_role_assignment.blobs: assigns "Storage Blob Data Owner", not one of the narrow roles Key Vault Crypto Service Encryption User, Storage Blob Data Contributor'],
    ],
    [
      "Noncompliance 3: Key Vault Crypto User instead of the encryption user",
      (r) => (assignment(r, "identity")["role_definition_name"] = "Key Vault Crypto User"),
      ['azurerm_role_assignment.identity: assigns "Key Vault Crypto User", not one of the narrow roles Key Vault Crypto Service Encryption User, Storage Blob Data Contributor'],
    ],
    [
      "Noncompliance 4: the encryption user on the whole vault",
      (r) => (assignment(r, "identity")["scope"] = "${azurerm_key_vault.vault.id}"),
      [
        'azurerm_role_assignment.identity: assigns "Key Vault Crypto Service Encryption User" at ${azurerm_key_vault.vault.id}, wider than ^\\$\\{azurerm_key_vault_key\\.[^.}]+\\.resource_versionless_id\\}$',
      ],
    ],
    [
      "Noncompliance 5: the key-manager role on the resource group",
      (r) => (assignment(r, "deployer")["scope"] = "${azurerm_resource_group.rg.id}"),
      ["azurerm_role_assignment.deployer: assigns the custom role at ${azurerm_resource_group.rg.id}, not on a vault"],
    ],
    [
      "Noncompliance 6: keys/* in the key-manager's data actions",
      (r) => (permissions(r)["data_actions"] = ["Microsoft.KeyVault/vaults/keys/*"]),
      [
        "azurerm_role_definition.manager: data_actions use keys (Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/encrypt/action, Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/decrypt/action, Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/wrap/action, Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/unwrap/action, Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/sign/action, Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/verify/action, Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/backup/action, Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/restore/action, Microsoft.KeyVault/vaults/keys/* -> Microsoft.KeyVault/vaults/keys/release/action)",
      ],
    ],
    [
      "Noncompliance 7: backup added to the key-manager's data actions",
      (r) => (permissions(r)["data_actions"] = [...KEY_MANAGER_DATA_ACTIONS, "Microsoft.KeyVault/vaults/keys/backup/action"]),
      ["azurerm_role_definition.manager: data_actions use keys (Microsoft.KeyVault/vaults/keys/backup/action -> Microsoft.KeyVault/vaults/keys/backup/action)"],
    ],
    [
      "Noncompliance 8: control-plane writes in the key-manager role",
      (r) => (permissions(r)["actions"] = ["Microsoft.KeyVault/vaults/*"]),
      ["azurerm_role_definition.manager: control-plane actions beyond reading (Microsoft.KeyVault/vaults/*)"],
    ],
    [
      "Noncompliance 9: a role definition of another stack",
      (r) => (assignment(r, "deployer")["role_definition_id"] = "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
      ['azurerm_role_assignment.deployer: role_definition_id "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635" is no custom role of this stack'],
    ],
  ])("%s", (_name, change, problems) => {
    expect(azureRolesAreLeastPrivilege(variant(AZURE, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("gcpRolesAreLeastPrivilege", () => {
  test("Compliance: key use for the storage agent, ring admin without use, create-only on the bucket", () => {
    expect(gcpRolesAreLeastPrivilege(GCP)).toEqual({
      status: "compliant",
      checked: ["google_kms_crypto_key_iam_member.agent", "google_kms_key_ring_iam_binding.admins", "google_storage_bucket_iam_member.sink"],
    });
  });

  test("Not applicable: no IAM grant", () => {
    expect(gcpRolesAreLeastPrivilege({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    [
      "Noncompliance 1: cloudkms.admin for the storage agent instead of encrypter/decrypter",
      (r) => (r["google_kms_crypto_key_iam_member"]!["agent"]!["role"] = "roles/cloudkms.admin"),
      ["google_kms_crypto_key_iam_member.agent: grants roles/cloudkms.admin, not roles/cloudkms.cryptoKeyEncrypterDecrypter or roles/cloudkms.cryptoKeyEncrypter or roles/cloudkms.cryptoKeyDecrypter"],
    ],
    [
      "Noncompliance 2: roles/owner on the key",
      (r) => (r["google_kms_crypto_key_iam_member"]!["agent"]!["role"] = "roles/owner"),
      ["google_kms_crypto_key_iam_member.agent: grants roles/owner, not roles/cloudkms.cryptoKeyEncrypterDecrypter or roles/cloudkms.cryptoKeyEncrypter or roles/cloudkms.cryptoKeyDecrypter"],
    ],
    [
      "Noncompliance 3: key use for a person",
      (r) => (r["google_kms_crypto_key_iam_member"]!["agent"]!["member"] = "user:alice@example.com"),
      ["google_kms_crypto_key_iam_member.agent: key use for user:alice@example.com, not a service account"],
    ],
    [
      "Noncompliance 4: key use on the whole ring",
      (r) => (r["google_kms_key_ring_iam_binding"]!["admins"]!["role"] = "roles/cloudkms.cryptoKeyEncrypterDecrypter"),
      ["google_kms_key_ring_iam_binding.admins: grants roles/cloudkms.cryptoKeyEncrypterDecrypter, not roles/cloudkms.admin"],
    ],
    [
      "Noncompliance 5: objectAdmin for the sink writer (could delete evidence)",
      (r) => (r["google_storage_bucket_iam_member"]!["sink"]!["role"] = "roles/storage.objectAdmin"),
      ["google_storage_bucket_iam_member.sink: grants roles/storage.objectAdmin, not roles/storage.objectCreator"],
    ],
    [
      "Noncompliance 6: any project-wide grant",
      (r) => (r["google_project_iam_member"] = { editor: { role: "roles/editor", member: "serviceAccount:ci@example.iam.gserviceaccount.com" } }),
      ["google_project_iam_member.editor: grants roles/editor, not any role (the blueprint grants nothing project-wide)"],
    ],
  ])("%s", (_name, change, problems) => {
    expect(gcpRolesAreLeastPrivilege(variant(GCP, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});
