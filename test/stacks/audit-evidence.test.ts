import { TAG_KEYS } from "../../constructs/shared/tags";
import { Json, defaultConfig, onlyResource, resourcesOf, synthApp } from "../helpers/synth";

/*
 * Each environment stack of the default config holds its write-once log storage (tier and lock
 * mode from the environment), the audit trail into it and the environment's budget.
 */
const stacks = new Map([...synthApp("audit-evidence")].map(([name, json]) => [name, JSON.parse(json) as Json]));
const stack = (name: string): Json => stacks.get(name)!;

const TIERS = { dev: { name: "operational-90d", immutabilityDays: 90 }, prod: { name: "compliance-7y", immutabilityDays: 2557 } } as const;

describe.each(["dev", "prod"] as const)("%s audit evidence", (env) => {
  const strict = env === "prod";
  const tier = TIERS[env];

  test("AWS: Object Lock mode follows protection, retention follows the tier, CloudTrail delivers there", () => {
    const s = stack(`aws-${env}`);
    const lock = onlyResource(s, "aws_s3_bucket_object_lock_configuration");
    expect(lock["rule"]).toEqual({
      default_retention: { mode: strict ? "COMPLIANCE" : "GOVERNANCE", days: tier.immutabilityDays },
    });
    // The log bucket is the one with a default retention: the model registries also enable Object Lock,
    // but without a default rule (the gate locks each approved copy), so the lock's own bucket is looked up.
    const logBucketId = /^\$\{aws_s3_bucket\.([^.]+)\.id\}$/.exec(String(lock["bucket"]))![1]!;
    const logBucket = resourcesOf(s, "aws_s3_bucket")[logBucketId]!;
    expect(logBucket["tags"]).toEqual({ purpose: "logs" });
    expect(logBucket).toMatchObject({ object_lock_enabled: true, force_destroy: false, lifecycle: { prevent_destroy: strict } });
    const rules = Object.values(resourcesOf(s, "aws_s3_bucket_lifecycle_configuration")).find((l) => l["bucket"] === `\${aws_s3_bucket.${logBucketId}.id}`)!["rule"] as Json[];
    expect(rules.map((r) => r["id"])).toContain(`retention-${tier.name}`);
    const trail = onlyResource(s, "aws_cloudtrail");
    expect(trail).toMatchObject({ is_multi_region_trail: true, enable_log_file_validation: true, s3_bucket_name: `\${aws_s3_bucket.${logBucketId}.bucket}` });
  });

  test("GCP: retention policy locked only under strict, sink with its own identity", () => {
    const s = stack(`gcp-${env}`);
    const logBuckets = Object.values(resourcesOf(s, "google_storage_bucket")).filter((b) => (b["labels"] as Json)["purpose"] === "logs");
    expect(logBuckets.map((b) => b["retention_policy"])).toEqual([{ retention_period: tier.immutabilityDays * 86400, is_locked: strict }]);
    expect(onlyResource(s, "google_logging_project_sink")["unique_writer_identity"]).toBe(true);
    expect(Object.values(resourcesOf(s, "google_project_iam_audit_config")).map((c) => c["service"])).toEqual(["cloudkms.googleapis.com", "storage.googleapis.com", "artifactregistry.googleapis.com"]);
  });

  test("Azure: immutability policies locked only under strict, Key Vault and blob audit categories delivered", () => {
    const s = stack(`azure-${env}`);
    // Each policy with the name of the container it locks: the log containers, then each registry's approved/.
    const containers = resourcesOf(s, "azurerm_storage_container");
    const containerName = (ref: unknown) => containers[/^\$\{azurerm_storage_container\.([^.]+)\.id\}$/.exec(String(ref))![1]!]!["name"];
    const policies = Object.values(resourcesOf(s, "azurerm_storage_container_immutability_policy"));
    const logPolicies = policies.filter((p) => containerName(p["storage_container_resource_manager_id"]) !== "approved");
    expect(logPolicies.length).toBeGreaterThanOrEqual(2);
    for (const p of logPolicies) {
      expect(p).toMatchObject({ immutability_period_in_days: tier.immutabilityDays, locked: strict, protected_append_writes_enabled: true });
    }
    // approved/ of fraud-scoring (365 days, the default) and llm-adapters (730 in prod, 30 in dev): models are never appended to.
    const approved = policies.filter((p) => containerName(p["storage_container_resource_manager_id"]) === "approved");
    expect(approved.map((p) => [p["immutability_period_in_days"], p["locked"], p["protected_append_writes_enabled"]])).toEqual([
      [365, strict, false],
      [strict ? 730 : 30, strict, false],
    ]);
    const settings = Object.values(resourcesOf(s, "azurerm_monitor_diagnostic_setting"));
    const activityLog = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"].map((category) => ({ category }));
    const registryBlobs = [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }];
    // Each promotion gate's host storage holds its deployment package: reads, writes and deletes of it are audited like a registry's.
    const functionHostBlobs = [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }];
    expect(settings.map((d) => d["enabled_log"])).toEqual([
      activityLog,
      [{ category: "AuditEvent" }],
      [{ category: "StorageRead" }, { category: "StorageDelete" }],
      functionHostBlobs,
      functionHostBlobs,
      registryBlobs,
      registryBlobs,
    ]);
  });

  test("a budget on every cloud with the configured limit and recipients", () => {
    const limit = strict ? 5000 : 500;
    expect(onlyResource(stack(`aws-${env}`), "aws_budgets_budget")).toMatchObject({ limit_amount: `${limit}.00`, cost_filter: [{ name: "TagKeyValue", values: [`user:environment$${env}`] }] });
    expect((onlyResource(stack(`gcp-${env}`), "google_billing_budget")["amount"] as Json)["specified_amount"]).toMatchObject({ currency_code: "USD", units: `${limit}` });
    expect(onlyResource(stack(`azure-${env}`), "azurerm_consumption_budget_resource_group")).toMatchObject({ amount: limit, time_grain: "Monthly" });
    const alerts = (onlyResource(stack(`aws-${env}`), "aws_budgets_budget")["notification"] as Json[]).map((n) => [n["threshold"], n["notification_type"]]);
    expect(alerts).toEqual(strict ? [[50, "ACTUAL"], [80, "ACTUAL"], [100, "FORECASTED"]] : [[80, "ACTUAL"], [100, "FORECASTED"]]);
  });
});

test("the five tags are activated as AWS cost-allocation tags once, in a stack of their own", () => {
  const tags = Object.values(resourcesOf(stack("cost-allocation-aws"), "aws_ce_cost_allocation_tag"));
  expect(tags.map((t) => [t["tag_key"], t["status"]]).sort()).toEqual(TAG_KEYS.map((k) => [k, "Active"]).sort());
  for (const name of ["aws-dev", "aws-prod", "state-backend-aws"]) {
    expect(resourcesOf(stack(name), "aws_ce_cost_allocation_tag")).toEqual({});
  }
});

test("the trail in the state account records object reads and writes of the Terraform state bucket", () => {
  const selectorsOf = (name: string) => (onlyResource(stack(name), "aws_cloudtrail")["advanced_event_selector"] as Array<{ name: string; field_selector: Json[] }>);
  const prod = selectorsOf("aws-prod").find((s) => s.name === "bucket-object-reads-and-writes")!;
  expect(prod.field_selector).toContainEqual({ field: "resources.ARN", starts_with: ["arn:aws:s3:::acme-ai-tfstate-222222222222-eu-west-1/"] });
  // aws-dev lives in another account, where the state bucket's events are not visible.
  // Both record the writes under their registries' approved/ (and bulk deletes, which name no key).
  expect(selectorsOf("aws-dev").map((s) => s.name)).toEqual(["management-events", "log-bucket-reads", "log-bucket-tampering", "registry-approved-writes", "registry-bulk-deletes"]);
});

test("an explicit lockRetention decides the S3 Object Lock mode too", () => {
  const config = defaultConfig();
  const flipped = {
    ...config,
    environments: {
      dev: { ...config.environments["dev"]!, logs: { ...config.environments["dev"]!.logs, lockRetention: true } },
      prod: { ...config.environments["prod"]!, logs: { ...config.environments["prod"]!.logs, lockRetention: false } },
    },
  };
  const out = new Map([...synthApp("audit-evidence-lock", flipped)].map(([name, json]) => [name, JSON.parse(json) as Json]));
  const mode = (name: string) => (onlyResource(out.get(name)!, "aws_s3_bucket_object_lock_configuration")["rule"] as { default_retention: { mode: string } }).default_retention.mode;
  expect([mode("aws-dev"), mode("aws-prod")]).toEqual(["COMPLIANCE", "GOVERNANCE"]);
  const gcpLogBucket = Object.values(resourcesOf(out.get("gcp-prod")!, "google_storage_bucket")).find((b) => (b["labels"] as Json)["purpose"] === "logs")!;
  expect((gcpLogBucket["retention_policy"] as Json)["is_locked"]).toBe(false);
});

test("without activateCostAllocationTags there is no cost-allocation stack", () => {
  const config = defaultConfig();
  const off = { ...config, clouds: { ...config.clouds, aws: { ...config.clouds.aws!, activateCostAllocationTags: false } } };
  expect([...synthApp("audit-evidence-no-tags", off).keys()]).not.toContain("cost-allocation-aws");
});
