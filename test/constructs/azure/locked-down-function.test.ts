import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ILogBucket, ImmutableLogBucket } from "../../../constructs/azure/immutable-log-bucket";
import { KmsKey } from "../../../constructs/azure/kms-key";
import { LockedDownFunction, LockedDownFunctionProps } from "../../../constructs/azure/locked-down-function";
import { validationErrorOf } from "../../helpers/errors";
import { testKeyVault } from "../../helpers/fixtures";
import { Json, onlyResource, resourcesOf, synthConstruct } from "../../helpers/synth";

const TAGS = { owner: "ml-platform", "cost-center": "cc-1234", environment: "prod", "data-classification": "confidential", "managed-by": "ai-supply-chain-blueprint" };
const SHA = "ab".repeat(32);
const ZIP = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ldf-")), "pkg.zip");
fs.writeFileSync(ZIP, "zip bytes");

function logStorage(categories: string[] = ["StorageRead", "StorageWrite", "StorageDelete"]): ILogBucket {
  return ImmutableLogBucket.fromAttributes({ storageAccountId: "${azurerm_storage_account.logs.id}", storageAccountName: "stacmelogs1a2b3c4d", diagnosticCategories: categories });
}

type Props = Partial<Omit<LockedDownFunctionProps, "kmsKey">>;

function build(props: Props = {}): Json {
  return synthConstruct((scope) => {
    const kmsKey = new KmsKey(scope, "key", { purpose: "functions", keyVault: testKeyVault(scope), tags: {} });
    new LockedDownFunction(scope, "fn", {
      name: "func-acme-prod-gate-fraud-1a2b3c",
      resourceGroupName: "rg-acme-ai-prod",
      location: "westeurope",
      hostStorageAccountName: "stacmefnprod1a2b3c",
      kmsKey,
      logStorage: logStorage(),
      package: { zipPath: ZIP, sha256: SHA },
      maximumInstanceCount: 10,
      logRetentionDays: 365,
      traceSampling: 1,
      tags: TAGS,
      ...props,
    });
  });
}

const app = (json: Json): Json => onlyResource(json, "azurerm_function_app_flex_consumption");
const IDENTITY_ID = /^\$\{azurerm_user_assigned_identity\.fn_Identity_[A-Z0-9]+\.id\}$/;
const CLIENT_ID = /^\$\{azurerm_user_assigned_identity\.fn_Identity_[A-Z0-9]+\.client_id\}$/;
const PRINCIPAL_ID = /^\$\{azurerm_user_assigned_identity\.fn_Identity_[A-Z0-9]+\.principal_id\}$/;

describe("azure LockedDownFunction", () => {
  test("a Linux Flex Consumption app (FC1 plan) running Node 22 under one user-assigned identity", () => {
    const json = build();
    const plan = onlyResource(json, "azurerm_service_plan");
    expect([plan["os_type"], plan["sku_name"]]).toEqual(["Linux", "FC1"]);
    const a = app(json);
    expect(a["service_plan_id"]).toMatch(/^\$\{azurerm_service_plan\.fn_Plan_[A-Z0-9]+\.id\}$/);
    expect([a["runtime_name"], a["runtime_version"]]).toEqual(["node", "22"]);
    expect(a["identity"]).toEqual({ type: "UserAssigned", identity_ids: [expect.stringMatching(IDENTITY_ID)] });
    const identities = Object.values(resourcesOf(json, "azurerm_user_assigned_identity")).map((i) => i["name"]);
    expect(identities).toContain("id-func-acme-prod-gate-fraud-1a2b3c");
  });

  test("HTTPS only, TLS 1.2 on the app and its SCM site, basic-auth publishing, client certificates and remote debugging off", () => {
    const a = app(build());
    expect(a["https_only"]).toBe(true);
    expect(a["webdeploy_publish_basic_authentication_enabled"]).toBe(false);
    expect(a["client_certificate_enabled"]).toBe(false);
    const site = a["site_config"] as Json;
    expect([site["minimum_tls_version"], site["scm_minimum_tls_version"], site["remote_debugging_enabled"], site["http2_enabled"]]).toEqual(["1.2", "1.2", false, true]);
    // Flex Consumption has no FTP endpoint: no ftps_state to set.
    expect(site["ftps_state"]).toBeUndefined();
  });

  test("public network access off by default, deny-all restrictions on the app and the SCM site", () => {
    const a = app(build());
    expect(a["public_network_access_enabled"]).toBe(false);
    const site = a["site_config"] as Json;
    expect([site["ip_restriction_default_action"], site["ip_restriction"], site["scm_ip_restriction_default_action"], site["scm_use_main_ip_restriction"], site["scm_ip_restriction"]]).toEqual(["Deny", [], "Deny", false, []]);
  });

  test("admitting a service tag opens the public endpoint to that tag alone; deployers reach only the SCM site", () => {
    const site = app(build({ publicIngressServiceTags: ["AzureEventGrid"], deployerIpRanges: ["203.0.113.0/24"] }));
    expect(site["public_network_access_enabled"]).toBe(true);
    const config = site["site_config"] as Json;
    expect(config["ip_restriction_default_action"]).toBe("Deny");
    expect(config["ip_restriction"]).toEqual([{ name: "allow-AzureEventGrid", action: "Allow", service_tag: "AzureEventGrid", priority: 100 }]);
    expect(config["scm_ip_restriction_default_action"]).toBe("Deny");
    expect(config["scm_ip_restriction"]).toEqual([{ name: "deployer-1", action: "Allow", ip_address: "203.0.113.0/24", priority: 100 }]);
  });

  test("host storage through the identity: no key, no connection string", () => {
    const a = app(build());
    expect(a["storage_container_type"]).toBe("blobContainer");
    expect(a["storage_authentication_type"]).toBe("UserAssignedIdentity");
    expect(a["storage_user_assigned_identity_id"]).toMatch(IDENTITY_ID);
    expect(a["storage_access_key"]).toBeUndefined();
    expect(a["storage_container_endpoint"]).toMatch(/^\$\{azurerm_storage_account\.fn_HostStorage_[A-Z0-9]+\.primary_blob_endpoint\}\$\{azurerm_storage_container\.fn_DeploymentContainer_[A-Z0-9]+\.name\}$/);
    const settings = a["app_settings"] as Record<string, string>;
    expect(Object.keys(settings).sort()).toEqual([
      "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
      "AZURE_CLIENT_ID",
      "AzureFunctionsJobHost__logging__applicationInsights__samplingSettings__isEnabled",
      "AzureWebJobsStorage__accountName",
      "AzureWebJobsStorage__clientId",
      "AzureWebJobsStorage__credential",
    ]);
    expect(settings["AzureWebJobsStorage__accountName"]).toMatch(/^\$\{azurerm_storage_account\.fn_HostStorage_[A-Z0-9]+\.name\}$/);
    expect(settings["AzureWebJobsStorage__credential"]).toBe("managedidentity");
    expect(settings["AzureWebJobsStorage__clientId"]).toMatch(CLIENT_ID);
    expect(settings["AZURE_CLIENT_ID"]).toMatch(CLIENT_ID);
    expect(JSON.stringify(a)).not.toMatch(/AccountKey=|primary_access_key|primary_connection_string|SharedAccessSignature/);
  });

  test("the host account is the hardened baseline: shared keys off, CMK, firewall deny, versioned, blob access logged", () => {
    const json = build();
    const account = Object.values(resourcesOf(json, "azurerm_storage_account"))[0]!;
    expect(account["name"]).toBe("stacmefnprod1a2b3c");
    expect([account["shared_access_key_enabled"], account["min_tls_version"], account["https_traffic_only_enabled"], account["public_network_access_enabled"]]).toEqual([false, "TLS1_2", true, false]);
    expect(account["network_rules"]).toEqual({ default_action: "Deny", bypass: ["AzureServices"], ip_rules: [] });
    expect((account["blob_properties"] as Json)["versioning_enabled"]).toBe(true);
    expect(account["tags"]).toEqual({ ...TAGS, purpose: "functions" });
    const audit = Object.values(resourcesOf(json, "azurerm_monitor_diagnostic_setting"))[0]!;
    expect(audit["enabled_log"]).toEqual([{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }]);
    expect(audit["target_resource_id"]).toMatch(/^\$\{azurerm_storage_account\.fn_HostStorage_[A-Z0-9]+\.id\}\/blobServices\/default$/);
    expect(onlyResource(json, "azurerm_storage_management_policy")["rule"]).toEqual([
      { name: "prior-versions", enabled: true, filters: { blob_types: ["blockBlob"] }, actions: { version: { delete_after_days_since_creation: 30 } } },
    ]);
  });

  test("the identity's own grants: Storage Blob Data Owner on its host account and Monitoring Metrics Publisher on its component, nothing else", () => {
    const json = build();
    const mine = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter((r) => PRINCIPAL_ID.test(String(r["principal_id"])));
    expect(mine.map((r) => [r["role_definition_name"], r["scope"]])).toEqual([
      ["Storage Blob Data Owner", expect.stringMatching(/^\$\{azurerm_storage_account\.fn_HostStorage_[A-Z0-9]+\.id\}$/)],
      ["Monitoring Metrics Publisher", expect.stringMatching(/^\$\{azurerm_application_insights\.fn_Insights_[A-Z0-9]+\.id\}$/)],
    ]);
    expect(app(json)["depends_on"]).toEqual([expect.stringMatching(/^time_sleep\.fn_GrantPropagation_[A-Z0-9]+$/)]);
    const sleep = Object.entries(resourcesOf(json, "time_sleep")).find(([id]) => id.startsWith("fn_GrantPropagation_"))![1];
    expect(sleep["depends_on"]).toEqual([expect.stringMatching(/^azurerm_role_assignment\.fn_HostStorageAccess_/), expect.stringMatching(/^azurerm_role_assignment\.fn_TelemetryPublisher_/)]);
  });

  test("scale limits and telemetry from the environment: 10 instances, 2048 MB, 365 days, every invocation traced", () => {
    const json = build();
    const a = app(json);
    expect([a["maximum_instance_count"], a["instance_memory_in_mb"]]).toEqual([10, 2048]);
    expect((a["site_config"] as Json)["application_insights_connection_string"]).toMatch(/^\$\{azurerm_application_insights\.fn_Insights_[A-Z0-9]+\.connection_string\}$/);
    const insights = onlyResource(json, "azurerm_application_insights");
    expect([insights["retention_in_days"], insights["sampling_percentage"], insights["local_authentication_disabled"], insights["application_type"]]).toEqual([365, 100, true, "Node.JS"]);
    const workspace = onlyResource(json, "azurerm_log_analytics_workspace");
    expect([workspace["retention_in_days"], workspace["local_authentication_enabled"]]).toEqual([365, false]);
    const settings = a["app_settings"] as Record<string, string>;
    expect(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]).toMatch(/^ClientId=\$\{azurerm_user_assigned_identity\.fn_Identity_[A-Z0-9]+\.client_id\};Authorization=AAD$/);
    expect(settings["AzureFunctionsJobHost__logging__applicationInsights__samplingSettings__isEnabled"]).toBe("false");
  });

  test("dev: 2 instances, 30 days, a tenth of invocations traced", () => {
    const json = build({ maximumInstanceCount: 2, logRetentionDays: 30, traceSampling: 0.1 });
    expect(app(json)["maximum_instance_count"]).toBe(2);
    expect(onlyResource(json, "azurerm_application_insights")["sampling_percentage"]).toBe(10);
    expect(onlyResource(json, "azurerm_application_insights")["retention_in_days"]).toBe(30);
    expect(onlyResource(json, "azurerm_log_analytics_workspace")["retention_in_days"]).toBe(30);
  });

  test("the package by digest: an assets/ relative zip, the digest tagged on the app", () => {
    const a = app(build());
    expect(a["zip_deploy_file"]).toBe(`assets/function-package-${SHA.slice(0, 16)}/${SHA}/pkg.zip`);
    expect(a["tags"]).toEqual({ ...TAGS, "package-sha256": SHA });
  });

  test("caller app settings are kept; VNet integration when a subnet is given", () => {
    const a = app(build({ appSettings: { GATE_REGISTRY: "fraud-scoring" }, virtualNetworkSubnetId: "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/network-prod/providers/Microsoft.Network/virtualNetworks/blueprint-prod/subnets/snet-functions" }));
    expect((a["app_settings"] as Json)["GATE_REGISTRY"]).toBe("fraud-scoring");
    expect(a["virtual_network_subnet_id"]).toBe("/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/network-prod/providers/Microsoft.Network/virtualNetworks/blueprint-prod/subnets/snet-functions");
  });
});

describe("azure LockedDownFunction validation codes", () => {
  const problemsOf = (props: Props) => validationErrorOf(() => build(props)).problems.map((p) => [p.code, p.prop, p.value]);

  test("AZURE_FUNCTION_NAME_INVALID and AZURE_STORAGE_ACCOUNT_NAME_INVALID", () => {
    expect(problemsOf({ name: "Func_Gate", hostStorageAccountName: "st-x" })).toEqual([
      ["AZURE_FUNCTION_NAME_INVALID", "name", '"Func_Gate"'],
      ["AZURE_STORAGE_ACCOUNT_NAME_INVALID", "hostStorageAccountName", '"st-x"'],
    ]);
  });

  test("AZURE_FUNCTION_PACKAGE_SHA256_INVALID", () => {
    expect(problemsOf({ package: { zipPath: ZIP, sha256: "ABC" } })).toEqual([["AZURE_FUNCTION_PACKAGE_SHA256_INVALID", "package.sha256", '"ABC"']]);
  });

  test("AZURE_FUNCTION_INSTANCE_COUNT_OUT_OF_RANGE, AZURE_FUNCTION_MEMORY_INVALID, AZURE_FUNCTION_LOG_RETENTION_OUT_OF_RANGE, AZURE_FUNCTION_TRACE_SAMPLING_OUT_OF_RANGE", () => {
    expect(problemsOf({ maximumInstanceCount: 0, instanceMemoryMb: 1024, logRetentionDays: 7, traceSampling: 0 })).toEqual([
      ["AZURE_FUNCTION_INSTANCE_COUNT_OUT_OF_RANGE", "maximumInstanceCount", "0"],
      ["AZURE_FUNCTION_MEMORY_INVALID", "instanceMemoryMb", "1024"],
      ["AZURE_FUNCTION_LOG_RETENTION_OUT_OF_RANGE", "logRetentionDays", "7"],
      ["AZURE_FUNCTION_TRACE_SAMPLING_OUT_OF_RANGE", "traceSampling", "0"],
    ]);
  });

  test("AZURE_FUNCTION_SERVICE_TAG_INVALID and AZURE_STORAGE_IP_RANGE_INVALID", () => {
    expect(problemsOf({ publicIngressServiceTags: ["Azure Event Grid"], deployerIpRanges: ["10.0.0.0/33"] })).toEqual([
      ["AZURE_FUNCTION_SERVICE_TAG_INVALID", "publicIngressServiceTags", '"Azure Event Grid"'],
      ["AZURE_STORAGE_IP_RANGE_INVALID", "deployerIpRanges", '"10.0.0.0/33"'],
    ]);
  });

  test("AZURE_FUNCTION_APP_SETTING_RESERVED: the construct's own names and anything holding a key", () => {
    expect(problemsOf({ appSettings: { AzureWebJobsStorage: "DefaultEndpointsProtocol=https;AccountKey=x", REGISTRY_CONNECTION_STRING: "x", AZURE_CLIENT_ID: "x" } })).toEqual([
      ["AZURE_FUNCTION_APP_SETTING_RESERVED", "appSettings", '"AzureWebJobsStorage"'],
      ["AZURE_FUNCTION_APP_SETTING_RESERVED", "appSettings", '"REGISTRY_CONNECTION_STRING"'],
      ["AZURE_FUNCTION_APP_SETTING_RESERVED", "appSettings", '"AZURE_CLIENT_ID"'],
    ]);
  });

  test("AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE: host account logs need the log storage's containers", () => {
    expect(problemsOf({ logStorage: logStorage(["StorageRead"]) }).map((p) => p[0])).toEqual(["AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE", "AZURE_DIAGNOSTIC_CATEGORY_NOT_IMMUTABLE"]);
  });

  test("AZURE_FUNCTION_GRANT_DUPLICATE", () => {
    expect(() =>
      synthConstruct((scope) => {
        const kmsKey = new KmsKey(scope, "key", { purpose: "functions", keyVault: testKeyVault(scope), tags: {} });
        const fn = new LockedDownFunction(scope, "fn", {
          name: "func-x", resourceGroupName: "rg", location: "westeurope", hostStorageAccountName: "stx123", kmsKey, logStorage: logStorage(),
          package: { zipPath: ZIP, sha256: SHA }, maximumInstanceCount: 1, logRetentionDays: 30, traceSampling: 1, tags: TAGS,
        });
        fn.grant("HostStorageAccess", "${azurerm_storage_account.x.id}", "Storage Blob Data Reader", "again");
      }),
    ).toThrow(/AZURE_FUNCTION_GRANT_DUPLICATE/);
  });
});
