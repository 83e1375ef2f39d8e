import { Json } from "../helpers/synth";
import { awsLogBucketsAreWriteOnce, azureLogStorageIsWriteOnce, gcpLogBucketsAreWriteOnce } from "./write-once";
import { variant } from "./fixtures";

type Resources = Record<string, Record<string, Json>>;

const AWS: Json = {
  resource: {
    aws_s3_bucket: { logs: { bucket: "acme-logs", object_lock_enabled: true, force_destroy: false, tags: { purpose: "logs" } } },
    aws_s3_bucket_object_lock_configuration: { lock: { bucket: "${aws_s3_bucket.logs.id}", rule: { default_retention: { mode: "COMPLIANCE", days: 2557 } } } },
    aws_s3_bucket_versioning: { versioning: { bucket: "${aws_s3_bucket.logs.id}", versioning_configuration: { status: "Enabled" } } },
  },
};

const GCP: Json = {
  resource: {
    google_storage_bucket: { logs: { name: "acme-logs", force_destroy: false, labels: { purpose: "logs" }, retention_policy: { retention_period: 220924800, is_locked: true } } },
  },
};

const AZURE: Json = {
  resource: {
    azurerm_storage_account: { logs: { name: "stacmelogs", tags: { purpose: "logs" } } },
    azurerm_storage_container: { audit: { name: "audit-logs", storage_account_id: "${azurerm_storage_account.logs.id}" } },
    azurerm_storage_container_immutability_policy: {
      audit: { storage_container_resource_manager_id: "${azurerm_storage_container.audit.id}", immutability_period_in_days: 2557, locked: true, protected_append_writes_enabled: true },
    },
  },
};

describe("awsLogBucketsAreWriteOnce", () => {
  test("Compliance: Object Lock in COMPLIANCE mode with versioning, no force_destroy", () => {
    expect(awsLogBucketsAreWriteOnce(AWS)).toEqual({ status: "compliant", checked: ["aws_s3_bucket.logs"] });
  });

  test("Compliance: a retention in years counts too", () => {
    const years = variant(AWS, (s) => (s.resource["aws_s3_bucket_object_lock_configuration"]!["lock"]!["rule"] = { default_retention: { mode: "COMPLIANCE", years: 7 } }));
    expect(awsLogBucketsAreWriteOnce(years)).toEqual({ status: "compliant", checked: ["aws_s3_bucket.logs"] });
  });

  test("Not applicable: buckets that hold no evidence (state, access logs)", () => {
    const state = variant(AWS, (s) => (s.resource["aws_s3_bucket"]!["logs"]!["tags"] = { purpose: "state" }));
    expect(awsLogBucketsAreWriteOnce(state)).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    ["Noncompliance 1: Object Lock off", (r) => (r["aws_s3_bucket"]!["logs"]!["object_lock_enabled"] = false), ["aws_s3_bucket.logs: object_lock_enabled is false, not true"]],
    ["Noncompliance 2: force_destroy on", (r) => (r["aws_s3_bucket"]!["logs"]!["force_destroy"] = true), ["aws_s3_bucket.logs: force_destroy is true"]],
    ["Noncompliance 3: no default retention", (r) => delete r["aws_s3_bucket_object_lock_configuration"], ["aws_s3_bucket.logs: no Object Lock default retention"]],
    [
      "Noncompliance 4: GOVERNANCE mode, which a bypass permission lifts",
      (r) => (r["aws_s3_bucket_object_lock_configuration"]!["lock"]!["rule"] = { default_retention: { mode: "GOVERNANCE", days: 2557 } }),
      ['aws_s3_bucket.logs: Object Lock mode is "GOVERNANCE", not COMPLIANCE'],
    ],
    [
      "Noncompliance 5: a zero-day retention",
      (r) => (r["aws_s3_bucket_object_lock_configuration"]!["lock"]!["rule"] = { default_retention: { mode: "COMPLIANCE", days: 0 } }),
      ["aws_s3_bucket.logs: Object Lock default retention has no positive days or years"],
    ],
    [
      "Noncompliance 6: versioning suspended",
      (r) => (r["aws_s3_bucket_versioning"]!["versioning"]!["versioning_configuration"] = { status: "Suspended" }),
      ['aws_s3_bucket.logs: versioning is "Suspended", not Enabled'],
    ],
    [
      "Noncompliance 7: the lock configures another bucket",
      (r) => (r["aws_s3_bucket_object_lock_configuration"]!["lock"]!["bucket"] = "${aws_s3_bucket.other.id}"),
      ["aws_s3_bucket.logs: no Object Lock default retention"],
    ],
  ])("%s", (_name, change, problems) => {
    expect(awsLogBucketsAreWriteOnce(variant(AWS, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("gcpLogBucketsAreWriteOnce", () => {
  test("Compliance: a locked retention policy, no force_destroy", () => {
    expect(gcpLogBucketsAreWriteOnce(GCP)).toEqual({ status: "compliant", checked: ["google_storage_bucket.logs"] });
  });

  test("Compliance: usage-log buckets are evidence too", () => {
    const usage = variant(GCP, (s) => (s.resource["google_storage_bucket"]!["logs"]!["labels"] = { purpose: "usage-logs" }));
    expect(gcpLogBucketsAreWriteOnce(usage)).toEqual({ status: "compliant", checked: ["google_storage_bucket.logs"] });
  });

  test("Not applicable: a state bucket", () => {
    const state = variant(GCP, (s) => (s.resource["google_storage_bucket"]!["logs"]!["labels"] = { purpose: "state" }));
    expect(gcpLogBucketsAreWriteOnce(state)).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (b: Json) => void, string[]]>([
    ["Noncompliance 1: no retention policy", (b) => delete b["retention_policy"], ["google_storage_bucket.logs: no retention policy"]],
    ["Noncompliance 2: policy not locked", (b) => (b["retention_policy"] = { retention_period: 220924800, is_locked: false }), ["google_storage_bucket.logs: retention policy is_locked is false, not true"]],
    ["Noncompliance 3: zero period", (b) => (b["retention_policy"] = { retention_period: 0, is_locked: true }), ["google_storage_bucket.logs: retention_period is 0, not a positive number of seconds"]],
    ["Noncompliance 4: force_destroy on", (b) => (b["force_destroy"] = true), ["google_storage_bucket.logs: force_destroy is true"]],
  ])("%s", (_name, change, problems) => {
    expect(gcpLogBucketsAreWriteOnce(variant(GCP, (s) => change(s.resource["google_storage_bucket"]!["logs"]!)))).toEqual({ status: "noncompliant", problems });
  });
});

describe("azureLogStorageIsWriteOnce", () => {
  test("Compliance: every container under a locked immutability policy", () => {
    expect(azureLogStorageIsWriteOnce(AZURE)).toEqual({ status: "compliant", checked: ["azurerm_storage_account.logs"] });
  });

  test("Not applicable: a state account", () => {
    const state = variant(AZURE, (s) => (s.resource["azurerm_storage_account"]!["logs"]!["tags"] = { purpose: "state" }));
    expect(azureLogStorageIsWriteOnce(state)).toEqual({ status: "not-applicable" });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    ["Noncompliance 1: no container", (r) => delete r["azurerm_storage_container"], ["azurerm_storage_account.logs: no container"]],
    ["Noncompliance 2: a container without a policy", (r) => delete r["azurerm_storage_container_immutability_policy"], ["azurerm_storage_container.audit: no immutability policy"]],
    [
      "Noncompliance 3: a second container without a policy",
      (r) => (r["azurerm_storage_container"]!["extra"] = { name: "extra", storage_account_id: "${azurerm_storage_account.logs.id}" }),
      ["azurerm_storage_container.extra: no immutability policy"],
    ],
    ["Noncompliance 4: policy unlocked", (r) => (r["azurerm_storage_container_immutability_policy"]!["audit"]!["locked"] = false), ["azurerm_storage_container_immutability_policy.audit: locked is false, not true"]],
    [
      "Noncompliance 5: zero-day period",
      (r) => (r["azurerm_storage_container_immutability_policy"]!["audit"]!["immutability_period_in_days"] = 0),
      ["azurerm_storage_container_immutability_policy.audit: immutability_period_in_days is 0, not at least 1"],
    ],
  ])("%s", (_name, change, problems) => {
    expect(azureLogStorageIsWriteOnce(variant(AZURE, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });

  /** A model registry account: approved under a locked policy, incoming (which expires uploads) without one. */
  const REGISTRY: Json = {
    resource: {
      azurerm_storage_account: { models: { name: "stacmemodels", tags: { purpose: "models" } } },
      azurerm_storage_container: {
        approved: { name: "approved", storage_account_id: "${azurerm_storage_account.models.id}" },
        incoming: { name: "incoming", storage_account_id: "${azurerm_storage_account.models.id}" },
      },
      azurerm_storage_container_immutability_policy: {
        approved: { storage_container_resource_manager_id: "${azurerm_storage_container.approved.id}", immutability_period_in_days: 365, locked: true, protected_append_writes_enabled: false },
      },
    },
  };

  test("Compliance: a model registry whose approved container is locked; incoming needs no policy", () => {
    expect(azureLogStorageIsWriteOnce(REGISTRY)).toEqual({ status: "compliant", checked: ["azurerm_storage_account.models"] });
  });

  test.each<[string, (r: Resources) => void, string[]]>([
    ["Noncompliance 6: the registry's approved policy unlocked", (r) => (r["azurerm_storage_container_immutability_policy"]!["approved"]!["locked"] = false), ["azurerm_storage_container_immutability_policy.approved: locked is false, not true"]],
    ["Noncompliance 7: the registry's approved container without a policy", (r) => delete r["azurerm_storage_container_immutability_policy"], ["azurerm_storage_container.approved: no immutability policy"]],
    ["Noncompliance 8: a registry without an approved container", (r) => delete r["azurerm_storage_container"]!["approved"], ["azurerm_storage_account.models: no approved container"]],
    [
      "Noncompliance 9: the policy on incoming instead of approved",
      (r) => (r["azurerm_storage_container_immutability_policy"]!["approved"]!["storage_container_resource_manager_id"] = "${azurerm_storage_container.incoming.id}"),
      ["azurerm_storage_container.approved: no immutability policy"],
    ],
  ])("%s", (_name, change, problems) => {
    expect(azureLogStorageIsWriteOnce(variant(REGISTRY, (s) => change(s.resource)))).toEqual({ status: "noncompliant", problems });
  });
});
