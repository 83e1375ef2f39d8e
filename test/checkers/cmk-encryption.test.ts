import { Json } from "../helpers/synth";
import { awsBucketsUseCustomerManagedKeys, azureStorageUsesCustomerManagedKeys, gcpBucketsUseCustomerManagedKeys } from "./cmk-encryption";
import { variant } from "./fixtures";

type Resources = Record<string, Record<string, Json>>;

const AWS: Json = {
  resource: {
    aws_s3_bucket: { logs: { bucket: "acme-logs", tags: { purpose: "logs" } } },
    aws_s3_bucket_server_side_encryption_configuration: {
      sse: { bucket: "${aws_s3_bucket.logs.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.logs.arn}" }, bucket_key_enabled: true }] },
    },
  },
};

const GCP: Json = { resource: { google_storage_bucket: { logs: { name: "acme-logs", encryption: { default_kms_key_name: "${google_kms_crypto_key.logs.id}" } } } } };

const AZURE: Json = {
  resource: {
    azurerm_storage_account: {
      logs: {
        infrastructure_encryption_enabled: true,
        queue_encryption_key_type: "Account",
        table_encryption_key_type: "Account",
        customer_managed_key: { key_vault_key_id: "${azurerm_key_vault_key.logs.versionless_id}", user_assigned_identity_id: "${azurerm_user_assigned_identity.logs.id}" },
      },
    },
  },
};

const sse = (r: Resources): Json => r["aws_s3_bucket_server_side_encryption_configuration"]!["sse"]!;

describe("awsBucketsUseCustomerManagedKeys", () => {
  test("Compliance: SSE-KMS with a key of the stack", () => {
    expect(awsBucketsUseCustomerManagedKeys(AWS)).toEqual({ status: "compliant", checked: ["aws_s3_bucket.logs"] });
  });

  test("Compliance: DSSE-KMS with a key of the stack", () => {
    const dsse = variant(AWS, (s) => (sse(s.resource)["rule"] = [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms:dsse", kms_master_key_id: "${aws_kms_key.logs.arn}" } }]));
    expect(awsBucketsUseCustomerManagedKeys(dsse)).toEqual({ status: "compliant", checked: ["aws_s3_bucket.logs"] });
  });

  test("Not applicable: a server access log target, which S3 allows only SSE-S3", () => {
    const target = variant(AWS, (s) => (s.resource["aws_s3_bucket"]!["logs"]!["tags"] = { purpose: "access-logs" }));
    expect(awsBucketsUseCustomerManagedKeys(target)).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    ["Noncompliance 1: no default encryption", (r) => delete r["aws_s3_bucket_server_side_encryption_configuration"], ["aws_s3_bucket.logs: no default encryption configuration"]],
    [
      "Noncompliance 2: SSE-S3",
      (r) => (sse(r)["rule"] = [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]),
      ['aws_s3_bucket.logs: sse_algorithm is "AES256", not aws:kms', "aws_s3_bucket.logs: kms_master_key_id is null, not a reference to a customer-managed aws_kms_key"],
    ],
    [
      "Noncompliance 3: SSE-KMS with the AWS managed key",
      (r) => (sse(r)["rule"] = [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } }]),
      ["aws_s3_bucket.logs: kms_master_key_id is null, not a reference to a customer-managed aws_kms_key"],
    ],
    [
      "Noncompliance 4: the aws/s3 alias named explicitly",
      (r) => (sse(r)["rule"] = [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "alias/aws/s3" } }]),
      ['aws_s3_bucket.logs: kms_master_key_id is "alias/aws/s3", not a reference to a customer-managed aws_kms_key'],
    ],
  ])("%s", (_name, change, problems) => {
    expect(awsBucketsUseCustomerManagedKeys(variant(AWS, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("gcpBucketsUseCustomerManagedKeys", () => {
  test("Compliance: CMEK by reference", () => {
    expect(gcpBucketsUseCustomerManagedKeys(GCP)).toEqual({ status: "compliant", checked: ["google_storage_bucket.logs"] });
  });

  test("Compliance: CMEK by full key name", () => {
    const named = variant(GCP, (s) => (s.resource["google_storage_bucket"]!["logs"]!["encryption"] = { default_kms_key_name: "projects/acme/locations/europe-west1/keyRings/ring/cryptoKeys/logs" }));
    expect(gcpBucketsUseCustomerManagedKeys(named)).toEqual({ status: "compliant", checked: ["google_storage_bucket.logs"] });
  });

  test("Not applicable: no bucket", () => {
    expect(gcpBucketsUseCustomerManagedKeys({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (b: Json) => void, string[]]>([
    ["Noncompliance 1: Google-managed encryption", (b) => delete b["encryption"], ["google_storage_bucket.logs: encryption.default_kms_key_name is null, not a Cloud KMS key"]],
    ["Noncompliance 2: an empty key name", (b) => (b["encryption"] = { default_kms_key_name: "" }), ['google_storage_bucket.logs: encryption.default_kms_key_name is "", not a Cloud KMS key']],
  ])("%s", (_name, change, problems) => {
    expect(gcpBucketsUseCustomerManagedKeys(variant(GCP, (s) => change(s.resource["google_storage_bucket"]!["logs"]!)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("azureStorageUsesCustomerManagedKeys", () => {
  test("Compliance: a versionless key through a user-assigned identity, infrastructure encryption, queues and tables covered", () => {
    expect(azureStorageUsesCustomerManagedKeys(AZURE)).toEqual({ status: "compliant", checked: ["azurerm_storage_account.logs"] });
  });

  test("Not applicable: no storage account", () => {
    expect(azureStorageUsesCustomerManagedKeys({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (a: Json) => void, string[]]>([
    [
      "Noncompliance 1: Microsoft-managed keys",
      (a) => delete a["customer_managed_key"],
      ["azurerm_storage_account.logs: customer_managed_key.key_vault_key_id is null, not a versionless azurerm_key_vault_key id", "azurerm_storage_account.logs: customer_managed_key has no user_assigned_identity_id"],
    ],
    [
      "Noncompliance 2: a versioned key id, which rotation does not follow",
      (a) => ((a["customer_managed_key"] as Json)["key_vault_key_id"] = "${azurerm_key_vault_key.logs.id}"),
      ['azurerm_storage_account.logs: customer_managed_key.key_vault_key_id is "${azurerm_key_vault_key.logs.id}", not a versionless azurerm_key_vault_key id'],
    ],
    ["Noncompliance 3: no identity", (a) => delete (a["customer_managed_key"] as Json)["user_assigned_identity_id"], ["azurerm_storage_account.logs: customer_managed_key has no user_assigned_identity_id"]],
    ["Noncompliance 4: no infrastructure encryption", (a) => (a["infrastructure_encryption_enabled"] = false), ["azurerm_storage_account.logs: infrastructure_encryption_enabled is false, not true"]],
    ["Noncompliance 5: queues under a service key", (a) => (a["queue_encryption_key_type"] = "Service"), ['azurerm_storage_account.logs: queue_encryption_key_type is "Service", not Account (the CMK would not cover queues)']],
    ["Noncompliance 6: tables under a service key", (a) => delete a["table_encryption_key_type"], ["azurerm_storage_account.logs: table_encryption_key_type is null, not Account (the CMK would not cover tables)"]],
  ])("%s", (_name, change, problems) => {
    expect(azureStorageUsesCustomerManagedKeys(variant(AZURE, (s) => change(s.resource["azurerm_storage_account"]!["logs"]!)))).toEqual({ status: "noncompliant", problems });
  });
});
