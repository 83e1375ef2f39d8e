import { FUNCTION_NODE_MAJOR } from "../shared/function-runtime";
import { SHA256_HEX } from "../shared/limits/common";
import { AZURE_FUNCTION_APP_NAME, AZURE_SERVICE_TAG } from "../shared/limits/azure";
import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { FunctionAppFlexConsumption } from "@cdktf/provider-azurerm/lib/function-app-flex-consumption";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { functionPackageAssetPath, PackageFile } from "../shared/function-package-asset";
import { Construct } from "constructs";
import { AZURE_FIREWALL_IP_RANGE, AZURE_SUBNET_ID, STORAGE_ACCOUNT_NAME } from "../shared/limits/azure";
import { azureBlobServiceId, azureFunctionCompanionNames } from "../shared/naming";
import { PropagationDelay } from "../shared/propagation-delay";
import { PropValidator } from "../shared/validation-error";
import { hardenedStorageAccount } from "./hardened-storage-account";
import { AuditSource, ILogBucket } from "./immutable-log-bucket";
import { IKmsKey } from "./kms-key";

/** A built function package: the zip on disk and its SHA-256 (functions/bundle/gate-package.ts GateArtifact). */
export type FunctionPackage = PackageFile;

/**
 * Built-in role the host needs on its storage account with an identity-based
 * `AzureWebJobsStorage` ("Connecting to host storage with an identity": Storage Blob Data Owner
 * for the host's blob leases and keys; no queue or table role without queue or durable triggers).
 */
export const HOST_STORAGE_ROLE = "Storage Blob Data Owner";

/**
 * Built-in role that lets an identity send telemetry to an Application Insights component with
 * local (instrumentation key) authentication off ("Microsoft Entra authentication for
 * Application Insights": Monitoring Metrics Publisher).
 */
export const TELEMETRY_PUBLISHER_ROLE = "Monitoring Metrics Publisher";

/** Container of the host account that Flex Consumption deploys the package from. */
export const DEPLOYMENT_CONTAINER = "deployments";

/** Blob audit categories of the host account, into the write-once log storage. */
export const HOST_STORAGE_AUDIT_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"] as const;

/**
 * App settings the construct writes itself: the host's identity-based storage connection, the
 * identity's client id and the telemetry authentication. A caller's setting of the same name,
 * or any storage connection string or account key, is refused: a key in app settings is a
 * credential anyone with read access to the app's configuration can use.
 */
export const RESERVED_APP_SETTINGS = [
  "AzureWebJobsStorage",
  "AzureWebJobsStorage__accountName",
  "AzureWebJobsStorage__credential",
  "AzureWebJobsStorage__clientId",
  "AZURE_CLIENT_ID",
  "APPLICATIONINSIGHTS_CONNECTION_STRING",
  "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
  "DEPLOYMENT_STORAGE_CONNECTION_STRING",
  "WEBSITE_RUN_FROM_PACKAGE",
] as const;

/** Flex Consumption instance sizes (MB): "Flex Consumption plan hosting", instance memory. */
export const FLEX_INSTANCE_MEMORY_MB = [512, 2048, 4096] as const;

/** Log Analytics retention bounds (azurerm 4.55 log_analytics_workspace_resource.go: IntBetween(30, 730) or 7 on the free tier). */
const LOG_RETENTION_DAYS = { min: 30, max: 730 } as const;
/** Application Insights retention values azurerm 4.55 accepts (application_insights_resource.go: IntInSlice). */
const INSIGHTS_RETENTION_DAYS = [30, 60, 90, 120, 180, 270, 365, 550, 730] as const;


export interface LockedDownFunctionProps {
  /** Function app name, 2-60 lowercase letters, digits and hyphens, globally unique. */
  readonly name: string;
  /** Resource group of the app and its companions. */
  readonly resourceGroupName: string;
  /** Azure location of the app and its companions. */
  readonly location: string;
  /** The function's host storage account (3-24 lowercase letters and digits): its own, never a shared one. */
  readonly hostStorageAccountName: string;
  /** Customer-managed key of the host storage account (the environment's `functions` key). */
  readonly kmsKey: IKmsKey;
  /** Write-once log storage the host account's blob reads, writes and deletes are delivered to. */
  readonly logStorage: ILogBucket;
  /** The built zip and its digest. */
  readonly package: FunctionPackage;
  /** Flex Consumption maximum instance count, 1-1000 (the environment's `functionConcurrency`). */
  readonly maximumInstanceCount: number;
  /** Days the app's logs and traces are kept, 30-730 (the environment's `functionLogRetentionDays`). */
  readonly logRetentionDays: number;
  /** Share of invocations traced, 0 < x <= 1 (the environment's `functionTraceSampling`). */
  readonly traceSampling: number;
  /** Instance memory in MB: 512, 2048 or 4096. @default 2048 */
  readonly instanceMemoryMb?: number;
  /** Node.js major version of the runtime. @default "22" (FUNCTION_NODE_MAJOR) */
  readonly nodeVersion?: string;
  /**
   * Service tags admitted through the app's public endpoint. Empty: public network access off,
   * the app reachable only through a private endpoint. An Event Grid-triggered function needs
   * `["AzureEventGrid"]`: Event Grid delivers to functions only through the public endpoint.
   * @default [] (public network access off)
   */
  readonly publicIngressServiceTags?: readonly string[];
  /**
   * Subnet for regional VNet integration (delegated to `Microsoft.App/environments`, "Flex
   * Consumption plan hosting", networking), with the `Microsoft.Storage` and `Microsoft.KeyVault`
   * service endpoints: the host storage firewall admits it, and so must every account and vault
   * the caller grants the function. With a subnet, `site_config.vnet_route_all_enabled` is set
   * too (azurerm 4.55 function_app_flex_consumption binding: "Should the Linux Function App route
   * all traffic through the virtual network"), so no call leaves by the public route, whatever
   * the platform's default.
   * @default - no VNet integration
   */
  readonly virtualNetworkSubnetId?: string;
  /**
   * Public IPv4 ranges admitted to the host storage firewall and the SCM (deployment) site: the
   * machines that run Terraform and upload the package.
   * @default - none
   */
  readonly deployerIpRanges?: readonly string[];
  /** Further app settings, no secrets: names in RESERVED_APP_SETTINGS and connection strings are refused. @default {} */
  readonly appSettings?: Readonly<Record<string, string>>;
  /** Refuse any plan that destroys the host storage account. @default true */
  readonly preventDestroy?: boolean;
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A Linux function app on the Flex Consumption plan, locked down:
 * - identity: one user-assigned identity, the app's only one; it gets permissions only from
 *   `grant*` calls (this construct's: host storage and telemetry; a resource's, e.g.
 *   `ModelRegistry.grantGate(fn.principalId)`), each a role assignment on one resource;
 * - transport: HTTPS only, TLS 1.2 minimum on the app and its SCM site, no FTP (Flex
 *   Consumption has no FTP endpoint: azurerm 4.55's `function_app_flex_consumption` has no
 *   `ftp_publish_basic_authentication_enabled` and no `site_config.ftps_state`, unlike
 *   `linux_function_app`), basic-auth publishing off, remote debugging off;
 * - ingress: public network access off, unless service tags are admitted, then deny by default
 *   on the app and on the SCM site except the tags (and the deployer ranges on SCM);
 * - host storage: its own hardened account (CMK, shared keys off, firewall), reached through
 *   the identity (`storage_authentication_type = UserAssignedIdentity`,
 *   `AzureWebJobsStorage__accountName/__credential/__clientId`); no key or connection string
 *   anywhere in app settings;
 * - scale: `maximum_instance_count` and instance memory set explicitly;
 * - telemetry: a workspace-based Application Insights component with local authentication off
 *   (the identity publishes with Entra ID), sampling and retention from the environment.
 *
 * @example
 * const fn = new LockedDownFunction(this, "gate", {
 *   name, resourceGroupName, location, hostStorageAccountName, kmsKey: keys.functions, logStorage,
 *   package: buildGatePackage(AZURE_GATE_PACKAGE), maximumInstanceCount: 10, logRetentionDays: 365, traceSampling: 1,
 *   publicIngressServiceTags: ["AzureEventGrid"], tags,
 * });
 */
export class LockedDownFunction extends Construct {
  /** The function app. */
  public readonly app: FunctionAppFlexConsumption;
  /** The app's user-assigned identity. */
  public readonly identity: UserAssignedIdentity;
  /** Entra ID object id of the identity: what role assignments name. */
  public readonly principalId: string;
  /** Client id of the identity (AZURE_CLIENT_ID). */
  public readonly clientId: string;
  /** Azure Resource Manager id of the app. */
  public readonly functionAppId: string;
  /** The host storage account. */
  public readonly hostStorage: StorageAccount;
  /** The container the app deploys from. */
  public readonly deploymentContainer: StorageContainer;
  /** The Application Insights component. */
  public readonly insights: ApplicationInsights;
  /** The workspace behind it. */
  public readonly workspace: LogAnalyticsWorkspace;
  /** The diagnostic setting of the host account's blob service. */
  public readonly hostStorageAuditLogs: MonitorDiagnosticSetting;
  /** The package's SHA-256, as tagged on the app. */
  public readonly packageSha256: string;
  /** Every role assignment this construct made for its identity, by construct id. */
  public readonly grants: RoleAssignment[] = [];

  constructor(scope: Construct, id: string, props: LockedDownFunctionProps) {
    const memory = props.instanceMemoryMb ?? 2048;
    const tags = props.publicIngressServiceTags ?? [];
    const deployers = props.deployerIpRanges ?? [];
    const settings = props.appSettings ?? {};
    const auditSource = (resourceId: string): AuditSource => ({ id: "HostStorageAuditLogs", resourceId, categories: HOST_STORAGE_AUDIT_CATEGORIES });
    const v = new PropValidator(scope, id)
      .matches("name", props.name, AZURE_FUNCTION_APP_NAME, "AZURE_FUNCTION_NAME_INVALID")
      .matches("hostStorageAccountName", props.hostStorageAccountName, STORAGE_ACCOUNT_NAME, "AZURE_STORAGE_ACCOUNT_NAME_INVALID")
      .matches("package.sha256", props.package.sha256, SHA256_HEX, "AZURE_FUNCTION_PACKAGE_SHA256_INVALID")
      // azurerm 4.55 function_app_flex_consumption_resource.go: maximum_instance_count IntBetween(1, 1000), default 100.
      .integerInRange("maximumInstanceCount", props.maximumInstanceCount, 1, 1000, "AZURE_FUNCTION_INSTANCE_COUNT_OUT_OF_RANGE")
      .require((FLEX_INSTANCE_MEMORY_MB as readonly number[]).includes(memory), "AZURE_FUNCTION_MEMORY_INVALID", "instanceMemoryMb", memory, FLEX_INSTANCE_MEMORY_MB.join(", "))
      .integerInRange("logRetentionDays", props.logRetentionDays, LOG_RETENTION_DAYS.min, LOG_RETENTION_DAYS.max, "AZURE_FUNCTION_LOG_RETENTION_OUT_OF_RANGE")
      .require(props.traceSampling > 0 && props.traceSampling <= 1, "AZURE_FUNCTION_TRACE_SAMPLING_OUT_OF_RANGE", "traceSampling", props.traceSampling, "a share above 0 and at most 1");
    for (const tag of tags) v.matches("publicIngressServiceTags", tag, AZURE_SERVICE_TAG, "AZURE_FUNCTION_SERVICE_TAG_INVALID");
    for (const range of deployers) v.matches("deployerIpRanges", range, AZURE_FIREWALL_IP_RANGE, "AZURE_STORAGE_IP_RANGE_INVALID");
    if (props.virtualNetworkSubnetId !== undefined) v.matches("virtualNetworkSubnetId", props.virtualNetworkSubnetId, AZURE_SUBNET_ID, "AZURE_SUBNET_ID_INVALID");
    for (const name of Object.keys(settings)) {
      const secretLike = /connection_?string|account_?key|sas_?token/i.test(name);
      v.require(!(RESERVED_APP_SETTINGS as readonly string[]).includes(name) && !secretLike, "AZURE_FUNCTION_APP_SETTING_RESERVED", "appSettings", name, "a name the construct does not set itself and that holds no storage key or connection string");
    }
    props.logStorage.validateDiagnosticSource(v, "logStorage", auditSource(""));
    v.throwIfInvalid();
    super(scope, id);

    const names = azureFunctionCompanionNames(props.name);
    const resourceTags = { ...props.tags };
    this.packageSha256 = props.package.sha256;

    this.identity = new UserAssignedIdentity(this, "Identity", {
      name: names.identity,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: resourceTags,
    });
    this.principalId = this.identity.principalId;
    this.clientId = this.identity.clientId;

    // Its own account: the host's role is Blob Data Owner on it, which must not reach any
    // other data (a registry's, the logs').
    const host = new Construct(this, "HostStorage");
    this.hostStorage = hardenedStorageAccount(host, {
      name: props.hostStorageAccountName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      kmsKey: props.kmsKey,
      allowedIpRanges: deployers,
      // The host's own AzureWebJobsStorage and package download come from the integrated subnet.
      allowedSubnetIds: props.virtualNetworkSubnetId === undefined ? [] : [props.virtualNetworkSubnetId],
      blobProperties: {
        // A replaced package stays recoverable and visible: what ran when is evidence.
        versioningEnabled: true,
        deleteRetentionPolicy: { days: 30 },
        containerDeleteRetentionPolicy: { days: 30 },
      },
      preventDestroy: props.preventDestroy ?? true,
      tags: { ...props.tags, purpose: "functions" },
    });
    this.deploymentContainer = new StorageContainer(this, "DeploymentContainer", {
      name: DEPLOYMENT_CONTAINER,
      storageAccountId: this.hostStorage.id,
      containerAccessType: "private",
    });
    // The host rewrites lease and key blobs constantly; versioning keeps each old version, so
    // old versions go after 30 days (packages are also tagged by digest on the app).
    new StorageManagementPolicy(this, "HostStorageLifecycle", {
      storageAccountId: this.hostStorage.id,
      rule: [{ name: "prior-versions", enabled: true, filters: { blobTypes: ["blockBlob"] }, actions: { version: { deleteAfterDaysSinceCreation: 30 } } }],
    });
    this.hostStorageAuditLogs = props.logStorage.addDiagnosticSource(this, auditSource(azureBlobServiceId(this.hostStorage.id)));

    this.workspace = new LogAnalyticsWorkspace(this, "Workspace", {
      name: names.workspace,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: "PerGB2018",
      retentionInDays: props.logRetentionDays,
      // Ingestion and queries with Entra ID only, never the workspace's shared keys.
      localAuthenticationEnabled: false,
      tags: resourceTags,
    });
    this.insights = new ApplicationInsights(this, "Insights", {
      name: names.insights,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      applicationType: "Node.JS",
      workspaceId: this.workspace.id,
      retentionInDays: insightsRetention(props.logRetentionDays),
      samplingPercentage: Math.round(props.traceSampling * 10_000) / 100,
      // The connection string's instrumentation key cannot ingest: telemetry needs the
      // identity's Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING below).
      localAuthenticationDisabled: true,
      tags: resourceTags,
    });

    this.grant("HostStorageAccess", this.hostStorage.id, HOST_STORAGE_ROLE, "Function host storage: leases, keys and the deployment package, on its own account.");
    this.grant("TelemetryPublisher", this.insights.id, TELEMETRY_PUBLISHER_ROLE, "Function telemetry to its Application Insights component with Entra ID.");

    const plan = new ServicePlan(this, "Plan", {
      name: names.plan,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      osType: "Linux",
      skuName: "FC1",
      tags: resourceTags,
    });

    // Azure RBAC is not honoured at once: the host reads its storage on its first start.
    const grantsTakeEffect = new PropagationDelay(this, "GrantPropagation", {
      kind: "azure-rbac",
      grants: [...this.grants],
      reason: "the function identity's host storage and telemetry roles, before the host starts",
    });
    const packagePath = functionPackageAssetPath(this, props.package);
    const publicIngress = tags.length > 0;
    this.app = new FunctionAppFlexConsumption(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      servicePlanId: plan.id,
      runtimeName: "node",
      runtimeVersion: props.nodeVersion ?? String(FUNCTION_NODE_MAJOR),
      storageContainerType: "blobContainer",
      storageContainerEndpoint: `${this.hostStorage.primaryBlobEndpoint}${this.deploymentContainer.name}`,
      storageAuthenticationType: "UserAssignedIdentity",
      storageUserAssignedIdentityId: this.identity.id,
      maximumInstanceCount: props.maximumInstanceCount,
      instanceMemoryInMb: memory,
      httpsOnly: true,
      publicNetworkAccessEnabled: publicIngress,
      webdeployPublishBasicAuthenticationEnabled: false,
      clientCertificateEnabled: false,
      identity: { type: "UserAssigned", identityIds: [this.identity.id] },
      ...(props.virtualNetworkSubnetId === undefined ? {} : { virtualNetworkSubnetId: props.virtualNetworkSubnetId }),
      zipDeployFile: packagePath,
      siteConfig: {
        minimumTlsVersion: "1.2",
        scmMinimumTlsVersion: "1.2",
        http2Enabled: true,
        remoteDebuggingEnabled: false,
        // Every outbound call through the integrated subnet, where the service endpoints are.
        ...(props.virtualNetworkSubnetId === undefined ? {} : { vnetRouteAllEnabled: true }),
        applicationInsightsConnectionString: this.insights.connectionString,
        ipRestrictionDefaultAction: "Deny",
        ipRestriction: tags.map((tag, i) => ({ name: `allow-${tag}`.slice(0, 32), action: "Allow", serviceTag: tag, priority: 100 + i })),
        scmIpRestrictionDefaultAction: "Deny",
        scmUseMainIpRestriction: false,
        scmIpRestriction: deployers.map((range, i) => ({ name: `deployer-${i + 1}`, action: "Allow", ipAddress: range.includes("/") ? range : `${range}/32`, priority: 100 + i })),
      },
      appSettings: {
        ...settings,
        // Identity-based host storage ("Connecting to host storage with an identity"): no key.
        AzureWebJobsStorage__accountName: this.hostStorage.name,
        AzureWebJobsStorage__credential: "managedidentity",
        AzureWebJobsStorage__clientId: this.identity.clientId,
        AZURE_CLIENT_ID: this.identity.clientId,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${this.identity.clientId};Authorization=AAD`,
        // Every invocation is sampled at the component's rate, not the host's adaptive rate
        // (host.json samplingSettings, overridden per environment through app settings).
        AzureFunctionsJobHost__logging__applicationInsights__samplingSettings__isEnabled: "false",
      },
      tags: { ...props.tags, "package-sha256": props.package.sha256 },
      dependsOn: [grantsTakeEffect.resource],
    });
    this.functionAppId = this.app.id;
  }

  /**
   * A built-in role on one resource for the function's identity, recorded in `grants`: for
   * resources that grant no custom role of their own.
   */
  public grant(id: string, scope: string, roleDefinitionName: string, description: string): RoleAssignment {
    new PropValidator(this, "grant").require(this.node.tryFindChild(id) === undefined, "AZURE_FUNCTION_GRANT_DUPLICATE", "id", id, "each grant once").throwIfInvalid();
    const assignment = new RoleAssignment(this, id, { scope, roleDefinitionName, principalId: this.identity.principalId, description });
    this.grants.push(assignment);
    return assignment;
  }
}

/** The Application Insights retention at or above `days` (it accepts a fixed list). */
function insightsRetention(days: number): number {
  return INSIGHTS_RETENTION_DAYS.find((d) => d >= days) ?? 730;
}
