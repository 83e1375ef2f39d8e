import { Json } from "../helpers/synth";
import { awsBucketsBlockPublicAccess, azureStorageBlocksPublicAccess, gcpBucketsBlockPublicAccess } from "./public-access";
import { variant } from "./fixtures";

type Resources = Record<string, Record<string, Json>>;

const AWS: Json = {
  resource: {
    aws_s3_bucket: { logs: { bucket: "acme-logs" } },
    aws_s3_bucket_public_access_block: {
      pab: { bucket: "${aws_s3_bucket.logs.id}", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    },
    aws_s3_bucket_ownership_controls: { own: { bucket: "${aws_s3_bucket.logs.id}", rule: { object_ownership: "BucketOwnerEnforced" } } },
  },
};

const GCP: Json = {
  resource: {
    google_storage_bucket: { logs: { name: "acme-logs", public_access_prevention: "enforced", uniform_bucket_level_access: true } },
    google_storage_bucket_iam_member: { writer: { bucket: "${google_storage_bucket.logs.name}", role: "roles/storage.objectCreator", member: "serviceAccount:sink@example.iam.gserviceaccount.com" } },
  },
};

const AZURE: Json = {
  resource: {
    azurerm_storage_account: {
      logs: { allow_nested_items_to_be_public: false, shared_access_key_enabled: false, public_network_access_enabled: false, network_rules: { default_action: "Deny", bypass: ["AzureServices"], ip_rules: [] } },
    },
    azurerm_storage_container: { audit: { name: "audit-logs", storage_account_id: "${azurerm_storage_account.logs.id}", container_access_type: "private" } },
  },
};

describe("awsBucketsBlockPublicAccess", () => {
  test("Compliance: all four blocks and BucketOwnerEnforced", () => {
    expect(awsBucketsBlockPublicAccess(AWS)).toEqual({ status: "compliant", checked: ["aws_s3_bucket.logs"] });
  });

  test("Not applicable: no bucket", () => {
    expect(awsBucketsBlockPublicAccess({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    ["Noncompliance 1: no public access block", (r) => delete r["aws_s3_bucket_public_access_block"], ["aws_s3_bucket.logs: no public access block"]],
    ["Noncompliance 2: public ACLs accepted", (r) => (r["aws_s3_bucket_public_access_block"]!["pab"]!["block_public_acls"] = false), ["aws_s3_bucket.logs: block_public_acls is false, not true"]],
    ["Noncompliance 3: public policies accepted", (r) => (r["aws_s3_bucket_public_access_block"]!["pab"]!["block_public_policy"] = false), ["aws_s3_bucket.logs: block_public_policy is false, not true"]],
    ["Noncompliance 4: public ACLs honoured", (r) => delete r["aws_s3_bucket_public_access_block"]!["pab"]!["ignore_public_acls"], ["aws_s3_bucket.logs: ignore_public_acls is null, not true"]],
    ["Noncompliance 5: public buckets reachable", (r) => (r["aws_s3_bucket_public_access_block"]!["pab"]!["restrict_public_buckets"] = false), ["aws_s3_bucket.logs: restrict_public_buckets is false, not true"]],
    ["Noncompliance 6: ACLs enabled", (r) => (r["aws_s3_bucket_ownership_controls"]!["own"]!["rule"] = { object_ownership: "ObjectWriter" }), ['aws_s3_bucket.logs: object ownership is "ObjectWriter", not BucketOwnerEnforced (ACLs stay enabled)']],
    ["Noncompliance 7: no ownership controls", (r) => delete r["aws_s3_bucket_ownership_controls"], ["aws_s3_bucket.logs: object ownership is null, not BucketOwnerEnforced (ACLs stay enabled)"]],
  ])("%s", (_name, change, problems) => {
    expect(awsBucketsBlockPublicAccess(variant(AWS, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("gcpBucketsBlockPublicAccess", () => {
  test("Compliance: prevention enforced, uniform access, no public member", () => {
    expect(gcpBucketsBlockPublicAccess(GCP)).toEqual({ status: "compliant", checked: ["google_storage_bucket.logs"] });
  });

  test("Not applicable: no bucket", () => {
    expect(gcpBucketsBlockPublicAccess({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    ["Noncompliance 1: prevention inherited", (r) => (r["google_storage_bucket"]!["logs"]!["public_access_prevention"] = "inherited"), ['google_storage_bucket.logs: public_access_prevention is "inherited", not enforced']],
    ["Noncompliance 2: object ACLs", (r) => (r["google_storage_bucket"]!["logs"]!["uniform_bucket_level_access"] = false), ["google_storage_bucket.logs: uniform_bucket_level_access is false, not true"]],
    ["Noncompliance 3: allUsers", (r) => (r["google_storage_bucket_iam_member"]!["writer"]!["member"] = "allUsers"), ['google_storage_bucket_iam_member.writer: grants "roles/storage.objectCreator" to allUsers']],
    [
      "Noncompliance 4: allAuthenticatedUsers in a binding",
      (r) => (r["google_storage_bucket_iam_binding"] = { readers: { role: "roles/storage.objectViewer", members: ["allAuthenticatedUsers"] } }),
      ['google_storage_bucket_iam_binding.readers: grants "roles/storage.objectViewer" to allAuthenticatedUsers'],
    ],
  ])("%s", (_name, change, problems) => {
    expect(gcpBucketsBlockPublicAccess(variant(GCP, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("azureStorageBlocksPublicAccess", () => {
  test("Compliance: no public blobs, no shared keys, firewall deny, private containers", () => {
    expect(azureStorageBlocksPublicAccess(AZURE)).toEqual({ status: "compliant", checked: ["azurerm_storage_account.logs"] });
  });

  test("Compliance: public network access with allowed ranges only", () => {
    const ranges = variant(AZURE, (s) => {
      const account = s.resource["azurerm_storage_account"]!["logs"]!;
      account["public_network_access_enabled"] = true;
      account["network_rules"] = { default_action: "Deny", bypass: ["AzureServices"], ip_rules: ["203.0.113.0/24"] };
    });
    expect(azureStorageBlocksPublicAccess(ranges)).toEqual({ status: "compliant", checked: ["azurerm_storage_account.logs"] });
  });

  test("Not applicable: no storage account", () => {
    expect(azureStorageBlocksPublicAccess({ resource: {} })).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    ["Noncompliance 1: public blobs allowed", (r) => (r["azurerm_storage_account"]!["logs"]!["allow_nested_items_to_be_public"] = true), ["azurerm_storage_account.logs: allow_nested_items_to_be_public is true, not false"]],
    ["Noncompliance 2: shared keys on", (r) => (r["azurerm_storage_account"]!["logs"]!["shared_access_key_enabled"] = true), ["azurerm_storage_account.logs: shared_access_key_enabled is true, not false"]],
    [
      "Noncompliance 3: firewall allows by default",
      (r) => (r["azurerm_storage_account"]!["logs"]!["network_rules"] = { default_action: "Allow", bypass: ["AzureServices"], ip_rules: [] }),
      ['azurerm_storage_account.logs: network_rules.default_action is "Allow", not Deny'],
    ],
    [
      "Noncompliance 4: public network on without ranges",
      (r) => (r["azurerm_storage_account"]!["logs"]!["public_network_access_enabled"] = true),
      ["azurerm_storage_account.logs: public_network_access_enabled is true with no IP rules"],
    ],
    ["Noncompliance 5: a blob container", (r) => (r["azurerm_storage_container"]!["audit"]!["container_access_type"] = "blob"), ['azurerm_storage_container.audit: container_access_type is "blob", not private']],
  ])("%s", (_name, change, problems) => {
    expect(azureStorageBlocksPublicAccess(variant(AZURE, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});
