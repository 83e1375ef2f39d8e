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
      ['azurerm_role_assignment.deployer: assigns "Key Vault Crypto Officer", not one of the narrow roles Key Vault Crypto Service Encryption User, Storage Blob Data Contributor, Storage Blob Data Reader, AcrPull, AcrPush'],
    ],
    [
      "Noncompliance 2: Storage Blob Data Owner instead of Contributor",
      (r) => (assignment(r, "blobs")["role_definition_name"] = "Storage Blob Data Owner"),
      ['azurerm_role_assignment.blobs: assigns "Storage Blob Data Owner", not one of the narrow roles Key Vault Crypto Service Encryption User, Storage Blob Data Contributor, Storage Blob Data Reader, AcrPull, AcrPush'],
    ],
    [
      "Noncompliance 3: Key Vault Crypto User instead of the encryption user",
      (r) => (assignment(r, "identity")["role_definition_name"] = "Key Vault Crypto User"),
      ['azurerm_role_assignment.identity: assigns "Key Vault Crypto User", not one of the narrow roles Key Vault Crypto Service Encryption User, Storage Blob Data Contributor, Storage Blob Data Reader, AcrPull, AcrPush'],
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
      ["google_kms_crypto_key_iam_member.agent: grants roles/cloudkms.admin, not roles/cloudkms.cryptoKeyEncrypterDecrypter or roles/cloudkms.cryptoKeyEncrypter or roles/cloudkms.cryptoKeyDecrypter or roles/cloudkms.signer or roles/cloudkms.publicKeyViewer"],
    ],
    [
      "Noncompliance 2: roles/owner on the key",
      (r) => (r["google_kms_crypto_key_iam_member"]!["agent"]!["role"] = "roles/owner"),
      ["google_kms_crypto_key_iam_member.agent: grants roles/owner, not roles/cloudkms.cryptoKeyEncrypterDecrypter or roles/cloudkms.cryptoKeyEncrypter or roles/cloudkms.cryptoKeyDecrypter or roles/cloudkms.signer or roles/cloudkms.publicKeyViewer"],
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
      ["google_storage_bucket_iam_member.sink: grants roles/storage.objectAdmin, not roles/storage.objectCreator or roles/storage.objectViewer"],
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

/** The registry key (symmetric) and the signing key (SIGN_VERIFY), as the registries' grants shape them. */
const PUBLISHER = "arn:aws:iam::222222222222:role/publisher";
const READER = "arn:aws:iam::222222222222:role/serving";
const ADMIN = "arn:aws:iam::222222222222:role/admin";
const VIA_S3 = { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::acme-models" } };
const AWS_REGISTRY: Json = {
  resource: {
    aws_kms_key: {
      registry: {
        key_usage: "ENCRYPT_DECRYPT",
        policy: policy(
          { Sid: "AccountRootDelegatesToIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:*", Resource: "*" },
          { Sid: "AdminRoleManagesKey", Effect: "Allow", Principal: { AWS: ADMIN }, Action: ADMIN_ACTIONS, Resource: "*" },
          { Sid: "Publish", Effect: "Allow", Principal: { AWS: [PUBLISHER] }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*", Condition: VIA_S3 },
          { Sid: "Read", Effect: "Allow", Principal: { AWS: [READER] }, Action: ["kms:Decrypt"], Resource: "*", Condition: VIA_S3 },
        ),
      },
      signing: {
        key_usage: "SIGN_VERIFY",
        customer_master_key_spec: "ECC_NIST_P256",
        policy: policy(
          { Sid: "AccountRootDelegatesToIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "kms:*", Resource: "*" },
          { Sid: "AdminRoleManagesKey", Effect: "Allow", Principal: { AWS: ADMIN }, Action: ADMIN_ACTIONS, Resource: "*" },
          { Sid: "PublishersSign", Effect: "Allow", Principal: { AWS: [PUBLISHER] }, Action: ["kms:Sign", "kms:GetPublicKey"], Resource: "*" },
        ),
      },
    },
  },
};

const statement = (r: Resources, key: string, sid: string, change: (s: Json) => void): void =>
  editPolicy(r["aws_kms_key"]![key]!, (statements) => change(statements.find((s) => s["Sid"] === sid)!));

describe("awsKeyAdminsCannotUseKeys: registry publishers and readers, model signers", () => {
  test("Compliance: data-key use through S3 (kms:ViaService) on the registry key, Sign and GetPublicKey on the SIGN_VERIFY key", () => {
    expect(awsKeyAdminsCannotUseKeys(AWS_REGISTRY)).toEqual({ status: "compliant", checked: ["aws_kms_key.registry", "aws_kms_key.signing"] });
  });

  test("Compliance: kms:ViaService under StringLike (a service pattern) still limits use to the service", () => {
    const stack = variant(AWS_REGISTRY, (s) => statement(s.resource, "registry", "Read", (x) => (x["Condition"] = { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } })));
    expect(awsKeyAdminsCannotUseKeys(stack)).toEqual({ status: "compliant", checked: ["aws_kms_key.registry", "aws_kms_key.signing"] });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    [
      "Noncompliance 8: a reader's data-key use without kms:ViaService (direct Decrypt of anything under the key)",
      (r) => statement(r, "registry", "Read", (x) => (x["Condition"] = { StringEquals: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::acme-models" } })),
      ["aws_kms_key.registry: Read lets arn:aws:iam::222222222222:role/serving use the key directly (kms:Decrypt -> kms:Decrypt), without a kms:ViaService condition"],
    ],
    [
      "Noncompliance 9: kms:ViaService under a negated operator allows every other service",
      (r) => statement(r, "registry", "Read", (x) => (x["Condition"] = { StringNotEquals: { "kms:ViaService": "ec2.eu-west-1.amazonaws.com" } })),
      ["aws_kms_key.registry: Read lets arn:aws:iam::222222222222:role/serving use the key directly (kms:Decrypt -> kms:Decrypt), without a kms:ViaService condition"],
    ],
    [
      "Noncompliance 10: kms:ViaService \"*\" names no service",
      (r) => statement(r, "registry", "Read", (x) => (x["Condition"] = { StringLike: { "kms:ViaService": "*" } })),
      ["aws_kms_key.registry: Read lets arn:aws:iam::222222222222:role/serving use the key directly (kms:Decrypt -> kms:Decrypt), without a kms:ViaService condition"],
    ],
    [
      "Noncompliance 11: the key administrator also publishes, even through S3",
      (r) => statement(r, "registry", "Publish", (x) => (x["Principal"] = { AWS: [PUBLISHER, ADMIN] })),
      ["aws_kms_key.registry: Publish lets arn:aws:iam::222222222222:role/admin use the key (kms:GenerateDataKey -> kms:GenerateDataKey, kms:Decrypt -> kms:Decrypt)"],
    ],
    [
      "Noncompliance 12: a publisher granted kms:PutKeyPolicy becomes an administrator who uses the key",
      (r) => statement(r, "registry", "Publish", (x) => (x["Action"] = ["kms:GenerateDataKey", "kms:Decrypt", "kms:PutKeyPolicy"])),
      ["aws_kms_key.registry: Publish lets arn:aws:iam::222222222222:role/publisher use the key (kms:GenerateDataKey -> kms:GenerateDataKey, kms:Decrypt -> kms:Decrypt)"],
    ],
    [
      "Noncompliance 13: a reader may hand out use (kms:CreateGrant), even through S3",
      (r) => statement(r, "registry", "Read", (x) => (x["Action"] = ["kms:Decrypt", "kms:CreateGrant"])),
      ["aws_kms_key.registry: Read lets arn:aws:iam::222222222222:role/serving use the key (kms:CreateGrant -> kms:CreateGrant)"],
    ],
    [
      "Noncompliance 14: Sign on the symmetric registry key",
      (r) => statement(r, "registry", "Publish", (x) => (x["Action"] = ["kms:GenerateDataKey", "kms:Sign"])),
      ['aws_kms_key.registry: Publish lets arn:aws:iam::222222222222:role/publisher sign or verify (kms:Sign -> kms:Sign) with a key whose key_usage is "ENCRYPT_DECRYPT", not SIGN_VERIFY'],
    ],
    [
      "Noncompliance 15: the key administrator also signs",
      (r) => statement(r, "signing", "PublishersSign", (x) => (x["Principal"] = { AWS: [PUBLISHER, ADMIN] })),
      ["aws_kms_key.signing: PublishersSign lets arn:aws:iam::222222222222:role/admin use the key (kms:Sign -> kms:Sign)"],
    ],
    [
      "Noncompliance 16: the signers may also decrypt with the signing key",
      (r) => statement(r, "signing", "PublishersSign", (x) => (x["Action"] = ["kms:Sign", "kms:Decrypt"])),
      ["aws_kms_key.signing: PublishersSign lets arn:aws:iam::222222222222:role/publisher use the key directly (kms:Decrypt -> kms:Decrypt), without a kms:ViaService condition"],
    ],
    [
      "Noncompliance 17: kms:* for the signers",
      (r) => statement(r, "signing", "PublishersSign", (x) => (x["Action"] = "kms:*")),
      [
        "aws_kms_key.signing: PublishersSign lets arn:aws:iam::222222222222:role/publisher use the key (kms:* -> kms:Encrypt, kms:* -> kms:Decrypt, kms:* -> kms:ReEncryptFrom, kms:* -> kms:ReEncryptTo, kms:* -> kms:GenerateDataKey, kms:* -> kms:GenerateDataKeyWithoutPlaintext, kms:* -> kms:GenerateDataKeyPair, kms:* -> kms:GenerateDataKeyPairWithoutPlaintext, kms:* -> kms:GenerateMac, kms:* -> kms:VerifyMac, kms:* -> kms:Sign, kms:* -> kms:Verify, kms:* -> kms:DeriveSharedSecret, kms:* -> kms:CreateGrant)",
      ],
    ],
    ["Noncompliance 18: Sign for everyone", (r) => statement(r, "signing", "PublishersSign", (x) => (x["Principal"] = { AWS: "*" })), ['aws_kms_key.signing: PublishersSign allows every principal ("*")']],
  ])("%s", (_name, change, problems) => {
    expect(awsKeyAdminsCannotUseKeys(variant(AWS_REGISTRY, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

const WRITER_DATA_ACTIONS = [
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
  "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write",
];
const AZURE_REGISTRY: Json = {
  resource: {
    azurerm_key_vault_key: { signing: { key_type: "EC-HSM", curve: "P-256", key_opts: ["sign", "verify"] }, registry: { key_type: "RSA-HSM", key_opts: ["decrypt", "encrypt", "unwrapKey", "wrapKey"] } },
    azurerm_role_definition: {
      writer: { permissions: [{ data_actions: WRITER_DATA_ACTIONS }] },
      signer: { permissions: [{ actions: [], data_actions: ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/sign/action"] }] },
      verifier: { permissions: [{ actions: [], data_actions: ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/verify/action"] }] },
    },
    azurerm_role_assignment: {
      pull: { scope: "${azurerm_container_registry.images.id}", role_definition_name: "AcrPull", principal_id: "r1" },
      push: { scope: "${azurerm_container_registry.images.id}", role_definition_name: "AcrPush", principal_id: "p1" },
      read: { scope: "${azurerm_storage_container.approved.id}", role_definition_name: "Storage Blob Data Reader", principal_id: "r1" },
      publish: { scope: "${azurerm_storage_container.incoming.id}", role_definition_id: "${azurerm_role_definition.writer.role_definition_resource_id}", principal_id: "p1" },
      sign: { scope: "${azurerm_key_vault_key.signing.resource_versionless_id}", role_definition_id: "${azurerm_role_definition.signer.role_definition_resource_id}", principal_id: "p1" },
      verify: { scope: "${azurerm_key_vault_key.signing.resource_versionless_id}", role_definition_id: "${azurerm_role_definition.verifier.role_definition_resource_id}", principal_id: "g1" },
    },
  },
};

describe("azureRolesAreLeastPrivilege: model registries, image registry, signing key", () => {
  const assignment = (r: Resources, id: string): Json => r["azurerm_role_assignment"]![id]!;
  const dataActions = (r: Resources, id: string, actions: string[]): void => {
    (r["azurerm_role_definition"]![id]!["permissions"] as Json[])[0]!["data_actions"] = actions;
  };

  test("Compliance: AcrPull/AcrPush on one registry, Blob Data Reader and the model writer on one container, signer and verifier on the sign/verify key", () => {
    expect(azureRolesAreLeastPrivilege(AZURE_REGISTRY)).toEqual({
      status: "compliant",
      checked: [
        "azurerm_role_assignment.pull",
        "azurerm_role_assignment.push",
        "azurerm_role_assignment.read",
        "azurerm_role_assignment.publish",
        "azurerm_role_assignment.sign",
        "azurerm_role_assignment.verify",
        "azurerm_role_definition.writer",
        "azurerm_role_definition.signer",
        "azurerm_role_definition.verifier",
      ],
    });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    [
      "Noncompliance 10: AcrPush at resource-group scope",
      (r) => (assignment(r, "push")["scope"] = "${azurerm_resource_group.rg.id}"),
      ['azurerm_role_assignment.push: assigns "AcrPush" at ${azurerm_resource_group.rg.id}, wider than ^\\$\\{azurerm_container_registry\\.[^.}]+\\.id\\}$'],
    ],
    [
      "Noncompliance 11: AcrPull on a storage account",
      (r) => (assignment(r, "pull")["scope"] = "${azurerm_storage_account.models.id}"),
      ['azurerm_role_assignment.pull: assigns "AcrPull" at ${azurerm_storage_account.models.id}, wider than ^\\$\\{azurerm_container_registry\\.[^.}]+\\.id\\}$'],
    ],
    [
      "Noncompliance 12: Blob Data Reader on the whole account (incoming included)",
      (r) => (assignment(r, "read")["scope"] = "${azurerm_storage_account.models.id}"),
      ['azurerm_role_assignment.read: assigns "Storage Blob Data Reader" at ${azurerm_storage_account.models.id}, wider than ^\\$\\{azurerm_storage_container\\.[^.}]+\\.id\\}$'],
    ],
    [
      "Noncompliance 13: the model writer on the whole account",
      (r) => (assignment(r, "publish")["scope"] = "${azurerm_storage_account.models.id}"),
      ["azurerm_role_assignment.publish: assigns the model-writer role at ${azurerm_storage_account.models.id}, not on one storage container"],
    ],
    [
      "Noncompliance 14: blob delete added to the model writer makes it no writer role, and it is not on a vault",
      (r) => dataActions(r, "writer", [...WRITER_DATA_ACTIONS, "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete"]),
      ["azurerm_role_assignment.publish: assigns the custom role at ${azurerm_storage_container.incoming.id}, not on a vault"],
    ],
    [
      "Noncompliance 15: a blobs/* wildcard in the model writer",
      (r) => dataActions(r, "writer", ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"]),
      ["azurerm_role_assignment.publish: assigns the custom role at ${azurerm_storage_container.incoming.id}, not on a vault"],
    ],
    [
      "Noncompliance 16: a control-plane write in the model writer",
      (r) => ((r["azurerm_role_definition"]!["writer"]!["permissions"] as Json[])[0]!["actions"] = ["Microsoft.Storage/storageAccounts/write"]),
      ["azurerm_role_definition.writer: control-plane actions beyond reading (Microsoft.Storage/storageAccounts/write)"],
    ],
    [
      "Noncompliance 17: the signer on the whole vault",
      (r) => (assignment(r, "sign")["scope"] = "${azurerm_key_vault.vault.id}"),
      ["azurerm_role_assignment.sign: assigns the signing role at ${azurerm_key_vault.vault.id}, not on one key's resource_versionless_id"],
    ],
    [
      "Noncompliance 18: the signer on the encryption key",
      (r) => (assignment(r, "sign")["scope"] = "${azurerm_key_vault_key.registry.resource_versionless_id}"),
      ['azurerm_role_assignment.sign: assigns the signing role on azurerm_key_vault_key.registry, whose key_opts ["decrypt","encrypt","unwrapKey","wrapKey"] are not sign/verify only'],
    ],
    [
      "Noncompliance 19: the signing key also decrypts",
      (r) => (r["azurerm_key_vault_key"]!["signing"]!["key_opts"] = ["sign", "verify", "decrypt"]),
      [
        'azurerm_role_assignment.sign: assigns the signing role on azurerm_key_vault_key.signing, whose key_opts ["sign","verify","decrypt"] are not sign/verify only',
        'azurerm_role_assignment.verify: assigns the signing role on azurerm_key_vault_key.signing, whose key_opts ["sign","verify","decrypt"] are not sign/verify only',
      ],
    ],
    [
      "Noncompliance 20: the signer may also decrypt",
      (r) => dataActions(r, "signer", ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/sign/action", "Microsoft.KeyVault/vaults/keys/decrypt/action"]),
      [
        "azurerm_role_assignment.sign: assigns the custom role at ${azurerm_key_vault_key.signing.resource_versionless_id}, not on a vault",
        "azurerm_role_definition.signer: data_actions use keys (Microsoft.KeyVault/vaults/keys/sign/action -> Microsoft.KeyVault/vaults/keys/sign/action, Microsoft.KeyVault/vaults/keys/decrypt/action -> Microsoft.KeyVault/vaults/keys/decrypt/action)",
      ],
    ],
    [
      "Noncompliance 21: one role that both signs and verifies merges the publisher's and the gate's duties",
      (r) => dataActions(r, "signer", ["Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/sign/action", "Microsoft.KeyVault/vaults/keys/verify/action"]),
      [
        "azurerm_role_assignment.sign: assigns the custom role at ${azurerm_key_vault_key.signing.resource_versionless_id}, not on a vault",
        "azurerm_role_definition.signer: data_actions use keys (Microsoft.KeyVault/vaults/keys/sign/action -> Microsoft.KeyVault/vaults/keys/sign/action, Microsoft.KeyVault/vaults/keys/verify/action -> Microsoft.KeyVault/vaults/keys/verify/action)",
      ],
    ],
  ])("%s", (_name, change, problems) => {
    expect(azureRolesAreLeastPrivilege(variant(AZURE_REGISTRY, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

const APPROVED_CONDITION = { title: "read-approved", expression: 'resource.name.startsWith("projects/_/buckets/${google_storage_bucket.models.name}/objects/approved/")' };
const GCP_REGISTRY: Json = {
  resource: {
    google_kms_crypto_key: { signing: { purpose: "ASYMMETRIC_SIGN", version_template: { algorithm: "EC_SIGN_P256_SHA256", protection_level: "HSM" } }, registry: { purpose: "ENCRYPT_DECRYPT", rotation_period: "7776000s" } },
    google_kms_crypto_key_iam_member: {
      sign: { crypto_key_id: "${google_kms_crypto_key.signing.id}", role: "roles/cloudkms.signer", member: "group:publishers@example.com" },
      pub: { crypto_key_id: "${google_kms_crypto_key.signing.id}", role: "roles/cloudkms.publicKeyViewer", member: "serviceAccount:publisher@acme.iam.gserviceaccount.com" },
    },
    google_storage_bucket_iam_member: {
      read: { bucket: "${google_storage_bucket.models.name}", role: "roles/storage.objectViewer", member: "serviceAccount:serving@acme.iam.gserviceaccount.com", condition: APPROVED_CONDITION },
    },
    google_artifact_registry_repository_iam_member: {
      pull: { repository: "${google_artifact_registry_repository.images.name}", role: "roles/artifactregistry.reader", member: "serviceAccount:serving@acme.iam.gserviceaccount.com" },
      push: { repository: "${google_artifact_registry_repository.images.name}", role: "roles/artifactregistry.writer", member: "group:publishers@example.com" },
    },
  },
};

describe("gcpRolesAreLeastPrivilege: model registries, image repository, signing key", () => {
  const grant = (r: Resources, type: string, id: string): Json => r[type]![id]!;

  test("Compliance: signer and public-key viewer on the ASYMMETRIC_SIGN key, objectViewer under approved/, reader and writer on the repository", () => {
    expect(gcpRolesAreLeastPrivilege(GCP_REGISTRY)).toEqual({
      status: "compliant",
      checked: [
        "google_kms_crypto_key_iam_member.sign",
        "google_kms_crypto_key_iam_member.pub",
        "google_storage_bucket_iam_member.read",
        "google_artifact_registry_repository_iam_member.pull",
        "google_artifact_registry_repository_iam_member.push",
      ],
    });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    [
      "Noncompliance 7: the signer role on the encryption key",
      (r) => (grant(r, "google_kms_crypto_key_iam_member", "sign")["crypto_key_id"] = "${google_kms_crypto_key.registry.id}"),
      ['google_kms_crypto_key_iam_member.sign: grants roles/cloudkms.signer on "${google_kms_crypto_key.registry.id}", not an ASYMMETRIC_SIGN key of this stack (purpose ENCRYPT_DECRYPT)'],
    ],
    [
      "Noncompliance 8: the public-key viewer on a key of another stack",
      (r) => (grant(r, "google_kms_crypto_key_iam_member", "pub")["crypto_key_id"] = "projects/p/locations/l/keyRings/r/cryptoKeys/k"),
      ['google_kms_crypto_key_iam_member.pub: grants roles/cloudkms.publicKeyViewer on "projects/p/locations/l/keyRings/r/cryptoKeys/k", not an ASYMMETRIC_SIGN key of this stack (purpose ENCRYPT_DECRYPT)'],
    ],
    [
      "Noncompliance 9: signing for a person",
      (r) => (grant(r, "google_kms_crypto_key_iam_member", "sign")["member"] = "user:alice@example.com"),
      ["google_kms_crypto_key_iam_member.sign: roles/cloudkms.signer for user:alice@example.com, not a service account or group"],
    ],
    [
      "Noncompliance 10: signerVerifier instead of signer",
      (r) => (grant(r, "google_kms_crypto_key_iam_member", "sign")["role"] = "roles/cloudkms.signerVerifier"),
      [
        "google_kms_crypto_key_iam_member.sign: grants roles/cloudkms.signerVerifier, not roles/cloudkms.cryptoKeyEncrypterDecrypter or roles/cloudkms.cryptoKeyEncrypter or roles/cloudkms.cryptoKeyDecrypter or roles/cloudkms.signer or roles/cloudkms.publicKeyViewer",
        "google_kms_crypto_key_iam_member.sign: key use for group:publishers@example.com, not a service account",
      ],
    ],
    [
      "Noncompliance 11: encrypt/decrypt for a group is still refused",
      (r) => (grant(r, "google_kms_crypto_key_iam_member", "sign")["role"] = "roles/cloudkms.cryptoKeyDecrypter"),
      ["google_kms_crypto_key_iam_member.sign: key use for group:publishers@example.com, not a service account"],
    ],
    [
      "Noncompliance 12: objectViewer without a condition (incoming/ readable)",
      (r) => delete grant(r, "google_storage_bucket_iam_member", "read")["condition"],
      ["google_storage_bucket_iam_member.read: grants roles/storage.objectViewer under condition null, not only on objects under approved/"],
    ],
    [
      "Noncompliance 13: objectViewer under incoming/",
      (r) => (grant(r, "google_storage_bucket_iam_member", "read")["condition"] = { title: "t", expression: 'resource.name.startsWith("projects/_/buckets/b/objects/incoming/")' }),
      ['google_storage_bucket_iam_member.read: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/b/objects/incoming/\\")", not only on objects under approved/'],
    ],
    [
      "Noncompliance 14: objectViewer under a condition widened with ||",
      (r) => (grant(r, "google_storage_bucket_iam_member", "read")["condition"] = { title: "t", expression: `${APPROVED_CONDITION.expression} || true` }),
      [
        'google_storage_bucket_iam_member.read: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.models.name}/objects/approved/\\") || true", not only on objects under approved/',
      ],
    ],
    [
      "Noncompliance 15: artifactregistry.admin on the repository",
      (r) => (grant(r, "google_artifact_registry_repository_iam_member", "push")["role"] = "roles/artifactregistry.admin"),
      ["google_artifact_registry_repository_iam_member.push: grants roles/artifactregistry.admin, not roles/artifactregistry.reader or roles/artifactregistry.writer"],
    ],
    [
      "Noncompliance 16: pulling for everyone",
      (r) => (grant(r, "google_artifact_registry_repository_iam_member", "pull")["member"] = "allUsers"),
      ["google_artifact_registry_repository_iam_member.pull: roles/artifactregistry.reader for allUsers, not a service account or group"],
    ],
  ])("%s", (_name, change, problems) => {
    expect(gcpRolesAreLeastPrivilege(variant(GCP_REGISTRY, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

/** A promotion gate's Cloud Function with the grants it needs (constructs/gcp/locked-down-function.ts, ModelRegistry.grantGate). */
const onPrefix = (bucket: string, prefix: string): Json => ({ title: prefix, expression: `resource.name.startsWith("projects/_/buckets/\${google_storage_bucket.${bucket}.name}/objects/${prefix}/")` });
const RUN = "serviceAccount:${google_service_account.run.email}";
const GCP_GATE: Json = {
  resource: {
    google_cloudfunctions2_function: {
      gate: {
        build_config: { service_account: "${google_service_account.build.id}", source: { storage_source: { bucket: "${google_storage_bucket.source.name}" } } },
        service_config: { service_account_email: "${google_service_account.run.email}" },
        event_trigger: { event_filters: [{ attribute: "bucket", value: "${google_storage_bucket.models.name}" }], service_account_email: "${google_service_account.trigger.email}" },
      },
    },
    google_storage_bucket: { source: { labels: { purpose: "function-source" } }, models: { labels: { purpose: "model-registry", registry: "fraud-scoring" } }, logs: { labels: { purpose: "logs" } } },
    google_project_iam_custom_role: { retention: { project: "p", role_id: "lock", permissions: ["storage.objects.get", "storage.objects.setRetention", "storage.objects.update"] } },
    google_project_iam_member: {
      events: { role: "roles/pubsub.publisher", member: "serviceAccount:${data.google_storage_project_service_account.agent.email_address}" },
      receive: { role: "roles/eventarc.eventReceiver", member: "serviceAccount:${google_service_account.trigger.email}" },
      logs: { role: "roles/logging.logWriter", member: "serviceAccount:${google_service_account.build.email}" },
    },
    google_storage_bucket_iam_member: {
      source: { bucket: "${google_storage_bucket.source.name}", role: "roles/storage.objectViewer", member: "serviceAccount:${google_service_account.build.email}" },
      list: { bucket: "${google_storage_bucket.models.name}", role: "roles/storage.legacyBucketReader", member: RUN },
      incoming: { bucket: "${google_storage_bucket.models.name}", role: "roles/storage.objectViewer", member: RUN, condition: onPrefix("models", "incoming") },
      lock: { bucket: "${google_storage_bucket.models.name}", role: "projects/p/roles/lock", member: RUN, condition: onPrefix("models", "approved") },
      records: { bucket: "${google_storage_bucket.logs.name}", role: "roles/storage.objectViewer", member: RUN, condition: onPrefix("logs", "provenance/fraud-scoring") },
    },
  },
};

describe("gcpRolesAreLeastPrivilege: an event-driven function's own grants", () => {
  const grant = (r: Resources, type: string, id: string): Json => r[type]![id]!;

  test("Compliance: the environment's CI plan service account reads the source bucket, whose code object its plans refresh", () => {
    const withPlan = variant(GCP_GATE, (s) => {
      (s.resource["google_storage_bucket_iam_member"] as Record<string, Json>)["plan"] = { bucket: "${google_storage_bucket.source.name}", role: "roles/storage.objectViewer", member: "serviceAccount:ci-plan@acme-ai-prod.iam.gserviceaccount.com" };
    });
    expect(gcpRolesAreLeastPrivilege(withPlan).status).toBe("compliant");
  });

  test("Compliance: project-level event, receive and build-log roles to its identities; source read; list, incoming/ read and approved/ lock on its trigger bucket; provenance/<registry>/ read on a logs bucket", () => {
    expect(gcpRolesAreLeastPrivilege(GCP_GATE)).toEqual({
      status: "compliant",
      checked: [
        "google_storage_bucket_iam_member.source",
        "google_storage_bucket_iam_member.list",
        "google_storage_bucket_iam_member.incoming",
        "google_storage_bucket_iam_member.lock",
        "google_storage_bucket_iam_member.records",
        "google_project_iam_member.events",
        "google_project_iam_member.receive",
        "google_project_iam_member.logs",
      ],
    });
  });

  test("Noncompliance 1: without the function, every one of those grants is refused", () => {
    const result = gcpRolesAreLeastPrivilege(variant(GCP_GATE, (s) => delete (s.resource as Resources)["google_cloudfunctions2_function"]));
    expect(result).toEqual({
      status: "noncompliant",
      problems: [
        "google_storage_bucket_iam_member.source: grants roles/storage.objectViewer under condition null, not only on objects under approved/",
        "google_storage_bucket_iam_member.list: grants roles/storage.legacyBucketReader, not roles/storage.objectCreator or roles/storage.objectViewer",
        'google_storage_bucket_iam_member.incoming: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.models.name}/objects/incoming/\\")", not only on objects under approved/',
        "google_storage_bucket_iam_member.lock: grants projects/p/roles/lock, not roles/storage.objectCreator or roles/storage.objectViewer",
        'google_storage_bucket_iam_member.records: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.logs.name}/objects/provenance/fraud-scoring/\\")", not only on objects under approved/',
        "google_project_iam_member.events: grants roles/pubsub.publisher, not any role (the blueprint grants nothing project-wide)",
        "google_project_iam_member.receive: grants roles/eventarc.eventReceiver, not any role (the blueprint grants nothing project-wide)",
        "google_project_iam_member.logs: grants roles/logging.logWriter, not any role (the blueprint grants nothing project-wide)",
      ],
    });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    [
      "Noncompliance 2: the event receiver role to the run account",
      (r) => (grant(r, "google_project_iam_member", "receive")["member"] = RUN),
      ["google_project_iam_member.receive: grants roles/eventarc.eventReceiver, not any role (the blueprint grants nothing project-wide)"],
    ],
    [
      "Noncompliance 3: Pub/Sub publishing to a person",
      (r) => (grant(r, "google_project_iam_member", "events")["member"] = "user:alice@example.com"),
      ["google_project_iam_member.events: grants roles/pubsub.publisher, not any role (the blueprint grants nothing project-wide)"],
    ],
    [
      "Noncompliance 4: another project-level role to the build account",
      (r) => (grant(r, "google_project_iam_member", "logs")["role"] = "roles/storage.admin"),
      ["google_project_iam_member.logs: grants roles/storage.admin, not any role (the blueprint grants nothing project-wide)"],
    ],
    [
      "Noncompliance 5: the run account reads the whole source bucket",
      (r) => (grant(r, "google_storage_bucket_iam_member", "source")["member"] = RUN),
      ["google_storage_bucket_iam_member.source: grants roles/storage.objectViewer under condition null, not only on objects under approved/"],
    ],
    [
      "Noncompliance 5b: a service account other than the CI plan's reads the source bucket",
      (r) => (grant(r, "google_storage_bucket_iam_member", "source")["member"] = "serviceAccount:ci-deploy@acme-ai-prod.iam.gserviceaccount.com"),
      ["google_storage_bucket_iam_member.source: grants roles/storage.objectViewer under condition null, not only on objects under approved/"],
    ],
    [
      "Noncompliance 5c: the CI plan service account reads a bucket that is not a function's source",
      (r) => Object.assign(grant(r, "google_storage_bucket_iam_member", "source"), { member: "serviceAccount:ci-plan@acme-ai-prod.iam.gserviceaccount.com", bucket: "${google_storage_bucket.models.name}" }),
      ["google_storage_bucket_iam_member.source: grants roles/storage.objectViewer under condition null, not only on objects under approved/"],
    ],
    [
      "Noncompliance 6: incoming/ read without its condition",
      (r) => delete grant(r, "google_storage_bucket_iam_member", "incoming")["condition"],
      ["google_storage_bucket_iam_member.incoming: grants roles/storage.objectViewer under condition null, not only on objects under approved/"],
    ],
    [
      "Noncompliance 7: listing a bucket that does not trigger the function",
      (r) => (grant(r, "google_storage_bucket_iam_member", "list")["bucket"] = "${google_storage_bucket.logs.name}"),
      ["google_storage_bucket_iam_member.list: grants roles/storage.legacyBucketReader, not roles/storage.objectCreator or roles/storage.objectViewer"],
    ],
    [
      "Noncompliance 8: the lock role under incoming/",
      (r) => (grant(r, "google_storage_bucket_iam_member", "lock")["condition"] = onPrefix("models", "incoming")),
      ["google_storage_bucket_iam_member.lock: grants projects/p/roles/lock, not roles/storage.objectCreator or roles/storage.objectViewer"],
    ],
    [
      "Noncompliance 9: a custom role that can also delete",
      (r) => (grant(r, "google_project_iam_custom_role", "retention")["permissions"] = ["storage.objects.setRetention", "storage.objects.delete"]),
      ["google_storage_bucket_iam_member.lock: grants projects/p/roles/lock, not roles/storage.objectCreator or roles/storage.objectViewer"],
    ],
    [
      "Noncompliance 10: reading the logs bucket outside provenance/",
      (r) => (grant(r, "google_storage_bucket_iam_member", "records")["condition"] = onPrefix("logs", "audit")),
      ['google_storage_bucket_iam_member.records: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.logs.name}/objects/audit/\\")", not only on objects under approved/'],
    ],
    [
      "Noncompliance 11: reading provenance/ of a bucket that is not a logs bucket",
      (r) => ((grant(r, "google_storage_bucket", "logs")["labels"] as Json)["purpose"] = "usage-logs"),
      ['google_storage_bucket_iam_member.records: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.logs.name}/objects/provenance/fraud-scoring/\\")", not only on objects under approved/'],
    ],
    [
      "Noncompliance 12: reading another registry's records",
      (r) => (grant(r, "google_storage_bucket_iam_member", "records")["condition"] = onPrefix("logs", "provenance/llm-adapters")),
      ['google_storage_bucket_iam_member.records: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.logs.name}/objects/provenance/llm-adapters/\\")", not only on objects under approved/'],
    ],
    [
      "Noncompliance 13: reading every registry's records (the whole provenance/)",
      (r) => (grant(r, "google_storage_bucket_iam_member", "records")["condition"] = onPrefix("logs", "provenance")),
      ['google_storage_bucket_iam_member.records: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.logs.name}/objects/provenance/\\")", not only on objects under approved/'],
    ],
    [
      "Noncompliance 14: a trigger bucket without a registry label reads no records",
      (r) => delete (grant(r, "google_storage_bucket", "models")["labels"] as Json)["registry"],
      ['google_storage_bucket_iam_member.records: grants roles/storage.objectViewer under condition "resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.logs.name}/objects/provenance/fraud-scoring/\\")", not only on objects under approved/'],
    ],
  ])("%s", (_name, change, problems) => {
    expect(gcpRolesAreLeastPrivilege(variant(GCP_GATE, (s) => change(s.resource as Resources)))).toEqual({ status: "noncompliant", problems });
  });
});
