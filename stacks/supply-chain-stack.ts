import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { awsPartition } from "../config/regions";
import { BlueprintConfig, CloudName, EnvironmentConfig } from "../config/schema";
import { ENVIRONMENT_KEY_PURPOSES, EnvironmentKeyPurpose } from "../constructs/shared/key-purposes";
import { awsIamRoleArn, awsStateBucketArn, azureActivityLogSettingName, gcpEvidenceLogsKeyRef, gcpLogBucketName } from "../constructs/shared/naming";
import { PROTECTION } from "../constructs/shared/protection";
import { RETENTION_TIER_PRESET_NAMES, resolveRetentionTier } from "../constructs/shared/retention-presets";
import { StandardTags, standardTags, toGcpLabels, toTagMap } from "../constructs/shared/tags";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { AiSupplyChainAws } from "../modules/ai-supply-chain-aws";
import { AiSupplyChainAzure } from "../modules/ai-supply-chain-azure";
import { azureEvidenceLogAccount, azureEvidenceLogStorage } from "../modules/evidence-azure";
import { AiSupplyChainGcp } from "../modules/ai-supply-chain-gcp";
import { awsEvidenceNames } from "../modules/evidence-aws";
import { EnvironmentInputs, ModuleOutput } from "../modules/environment-inputs";
import { GitopsContext, wireGitopsAws, wireGitopsAzure, wireGitopsGcp } from "./gitops";
import { awsBackend, azureBackend, BackendTarget, gcpBackend } from "./backends";
import { awsProvider, azurermProvider, googleProvider } from "./providers";
import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { awsCiRoleName, azureCiIdentityName, azureCiResourceGroupName, CiPublisher, ciPublishers, gcpCiServiceAccountEmail } from "../constructs/shared/ci-identities";

export interface SupplyChainStackProps {
  readonly config: BlueprintConfig;
  readonly cloud: CloudName;
  readonly environment: string;
}

/** `<cloud>-<environment>`, e.g. `aws-prod`: the stack name users pass to `cdktf deploy`. */
export function supplyChainStackName(cloud: CloudName, environment: string): string {
  return `${cloud}-${environment}`;
}

/** What every cloud's wiring needs about the environment being built. */
interface EnvironmentContext {
  readonly config: BlueprintConfig;
  readonly environment: string;
  readonly tags: StandardTags;
  readonly backend: BackendTarget;
  readonly module: EnvironmentInputs;
}

type KeyIds = Record<EnvironmentKeyPurpose, string>;

/**
 * What a cloud's wiring reports: the key of each purpose, and where the evidence is (the log
 * storage and what delivers into it) as outputs an auditor can look up without reading the JSON.
 */
interface WiredEnvironment {
  readonly keyIds: KeyIds;
  readonly evidence: readonly ModuleOutput[];
  /** What the module asks to output (registries, signing key, image registry). */
  readonly outputs: readonly ModuleOutput[];
}

/**
 * One cloud × environment: provider, backend and the cloud's AI supply-chain module. Keys come
 * first; every later capability of the module encrypts with them.
 */
export class SupplyChainStack extends TerraformStack {
  public readonly tags: StandardTags;
  /** The environment this stack deploys (`environments.<name>`). */
  public readonly environment: string;

  constructor(scope: Construct, props: SupplyChainStackProps) {
    const name = supplyChainStackName(props.cloud, props.environment);
    super(scope, name);
    const { config, environment } = props;
    this.environment = environment;
    const env = config.environments[environment];
    if (!env) {
      throw new BlueprintValidationError([
        {
          code: "ENVIRONMENT_NOT_DECLARED",
          constructPath: name,
          prop: "environment",
          value: JSON.stringify(environment),
          accepted: `an environment declared under environments: ${Object.keys(config.environments).join(", ") || "(none declared)"}`,
        },
      ]);
    }
    this.tags = standardTags({
      owner: config.organization.owner,
      costCenter: config.organization.costCenter,
      environment,
      dataClassification: env.dataClassification,
    });
    const context: EnvironmentContext = {
      config,
      environment,
      tags: this.tags,
      backend: { stackName: name, outdir: App.of(this).outdir, organization: config.organization.name },
      module: environmentInputs(config, environment, env),
    };
    const wire = { aws: wireAws, gcp: wireGcp, azure: wireAzure }[props.cloud];
    const { keyIds, evidence, outputs } = wire(this, context);
    for (const purpose of ENVIRONMENT_KEY_PURPOSES) {
      new TerraformOutput(this, `${purpose}-key`, { value: keyIds[purpose], description: `Customer-managed key for ${purpose}` });
    }
    for (const { id, value, description, sensitive } of [...evidence, ...outputs]) {
      new TerraformOutput(this, id, { value, description, ...(sensitive ? { sensitive } : {}) });
    }
  }
}

/** The environment's settings as the modules take them: protection resolved, tier resolved. */
export function environmentInputs(config: BlueprintConfig, environment: string, env: EnvironmentConfig): EnvironmentInputs {
  const protection = PROTECTION[env.protection];
  const retentionTier = resolveRetentionTier(env.logs.retentionTier, config.retentionTiers);
  if (!retentionTier) {
    // Outside any construct: the problem is the configuration's, reported at its field.
    const known = [...new Set([...RETENTION_TIER_PRESET_NAMES, ...Object.keys(config.retentionTiers)])].join(", ");
    throw new BlueprintValidationError([
      {
        code: "RETENTION_TIER_UNDEFINED",
        constructPath: "config",
        prop: `environments.${environment}.logs.retentionTier`,
        value: JSON.stringify(env.logs.retentionTier),
        accepted: `a preset or a tier under retentionTiers: ${known}`,
      },
    ]);
  }
  return {
    organization: config.organization.name,
    environment,
    keyRotationDays: env.keyRotationDays,
    protection,
    logs: {
      retentionTier,
      lockRetention: env.logs.lockRetention ?? protection.lockRetention,
    },
    ...(env.budget ? { budget: env.budget } : {}),
    monitoring: {
      ...(env.monitoring.notifications ? { emails: env.monitoring.notifications.emails } : {}),
      ...(env.monitoring.notifications?.webhookUrl !== undefined ? { webhookUrl: env.monitoring.notifications.webhookUrl } : {}),
      gateRejectionsPerHour: env.monitoring.gateRejectionsPerHour,
      costAnomalyThresholdUsd: env.monitoring.costAnomalyThresholdUsd,
    },
  };
}

/**
 * The registries with the CI publisher identities (README, "Release automation") added to their
 * publishers: each model repository's identity publishes to the registries config names for it,
 * like any publisher (incoming/ and the signing key). The identities live in the
 * ci-<cloud>-<env> stack, applied first, so this stack names them by the names both compute.
 */
function withCiPublishers<R extends { name: string; publishers: string[] }>(
  context: EnvironmentContext,
  registries: readonly R[],
  principal: (publisher: CiPublisher) => string,
): R[] {
  const publishers = ciPublishers(context.config.ci, context.environment, registries.map((r) => r.name));
  return registries.map((r) => {
    const added = publishers.filter((p) => p.registries.includes(r.name)).map(principal);
    return added.length === 0 ? r : { ...r, publishers: [...r.publishers, ...added] };
  });
}

function keyIdsOf<K>(keys: Readonly<Record<EnvironmentKeyPurpose, K>>, id: (key: K) => string): KeyIds {
  return Object.fromEntries(ENVIRONMENT_KEY_PURPOSES.map((p) => [p, id(keys[p])])) as KeyIds;
}

/** The cloud's settings and where this environment lives in it (account, project, subscription). */
function placement<C extends { environments: Record<string, object> }>(
  cloud: C | undefined,
  context: EnvironmentContext,
  cloudName: CloudName,
): [C, C["environments"][string]] {
  const found = cloud && Object.hasOwn(cloud.environments, context.environment) ? cloud.environments[context.environment] : undefined;
  if (!cloud || !found) {
    throw new BlueprintValidationError([
      {
        code: "ENVIRONMENT_PLACEMENT_MISSING",
        constructPath: context.backend.stackName,
        prop: cloud ? `clouds.${cloudName}.environments.${context.environment}` : `clouds.${cloudName}`,
        value: "(missing)",
        accepted: `an entry clouds.${cloudName}.environments.${context.environment} saying where the environment lives`,
      },
    ]);
  }
  return [cloud, found as C["environments"][string]];
}

/** The environment's name, organisation and protection, as the GitOps bootstrap reads them. */
function gitopsContext(context: EnvironmentContext): GitopsContext {
  return { organization: context.module.organization, environment: context.environment, protection: context.config.environments[context.environment]!.protection };
}

function wireAws(stack: TerraformStack, context: EnvironmentContext): WiredEnvironment {
  const [aws, { accountId, region, registries, functions, gitops }] = placement(context.config.clouds.aws, context, "aws");
  awsProvider(stack, accountId, region, context.tags);
  awsBackend(stack, context.backend, aws);
  const partition = awsPartition(region);
  // The log-archive layout: the logs key and log bucket are the evidence account's (evidence-aws),
  // guarded there; this stack delivers into them by the names both stacks compute.
  const evidence = aws.evidence;
  const evidenceNames = evidence ? awsEvidenceNames(context.module.organization, context.environment, awsPartition(evidence.region), evidence) : undefined;
  const guard = context.module.protection.guardEvidence && !evidence;
  const module = new AiSupplyChainAws(stack, "supply-chain", {
    ...context.module,
    accountId,
    region,
    partition,
    adminRoleArn: awsIamRoleArn(partition, accountId, aws.adminRoleName),
    registries: withCiPublishers(context, registries, (p) => awsIamRoleArn(partition, accountId, awsCiRoleName(context.module.organization, context.environment, "publish", p.name))),
    // The CI plan and deploy roles read the signing key's public key in every plan they run.
    ...(context.config.ci?.environments.includes(context.environment)
      ? { signingPublicKeyReaderArns: (["plan", "deploy"] as const).map((role) => awsIamRoleArn(partition, accountId, awsCiRoleName(context.module.organization, context.environment, role))) }
      : {}),
    functions: { ...(functions.permissionsBoundary ? { permissionsBoundary: functions.permissionsBoundary } : {}), ...(functions.vpc ? { vpc: functions.vpc } : {}), packageType: functions.packageType },
    // strict: nobody but the break-glass role (with MFA) deletes, disables or re-policies the
    // logs key or unlocks the log bucket; standard environments stay destroyable.
    ...(guard ? { evidenceGuard: aws.breakGlassRoleName ? { breakGlassRoleArn: awsIamRoleArn(partition, accountId, aws.breakGlassRoleName) } : {} } : {}),
    ...(evidenceNames ? { evidence: evidenceNames } : {}),
    // A central security team's GuardDuty (delegated administrator) owns the member detectors.
    threatDetection: aws.threatDetection,
    // Terraform state is evidence too: who read or replaced it. Trails see their own account only.
    dataEventBucketArns:
      aws.stateBackend.accountId === accountId
        ? [awsStateBucketArn(partition, context.module.organization, accountId, aws.stateBackend.region)]
        : [],
  });
  if (gitops) wireGitopsAws(stack, gitops, gitopsContext(context), module, { accountId, region, partition });
  return {
    keyIds: module.keyArns,
    evidence: [
      { id: "log-bucket", value: module.logBucket?.bucketName ?? evidenceNames!.bucketName, description: "Write-once S3 bucket the trail delivers to (in the evidence account with clouds.aws.evidence)" },
      { id: "trail", value: module.trail.trailArn, description: "CloudTrail trail that records this account's management events and the log bucket's reads and tampering" },
    ],
    outputs: module.outputs,
  };
}

function wireGcp(stack: TerraformStack, context: EnvironmentContext): WiredEnvironment {
  const [gcp, { projectId, region, registries, gitops }] = placement(context.config.clouds.gcp, context, "gcp");
  googleProvider(stack, projectId, region, context.tags);
  gcpBackend(stack, context.backend, gcp);
  const module = new AiSupplyChainGcp(stack, "supply-chain", {
    ...context.module,
    projectId,
    region,
    labels: toGcpLabels(context.tags),
    keyAdminMembers: gcp.keyAdminMembers,
    registries: withCiPublishers(context, registries, (p) => `serviceAccount:${gcpCiServiceAccountEmail(projectId, "publish", p.name)}`),
    ...(context.config.ci?.environments.includes(context.environment) ? { ciPlanMember: `serviceAccount:${gcpCiServiceAccountEmail(projectId, "plan")}` } : {}),
    ...(gitops ? { gitopsCluster: true } : {}),
    ...(gcp.billingAccountId ? { billingAccountId: gcp.billingAccountId } : {}),
    // The log-archive layout: the logs key and log bucket are evidence-gcp's.
    ...(gcp.evidence ? { evidence: { projectId: gcp.evidence.projectId } } : {}),
  });
  if (gitops) wireGitopsGcp(stack, gitops, gitopsContext(context), module, { projectId, region });
  const { logs, ...own } = module.keys;
  const evidence = gcp.evidence;
  // With an evidence project, `logs-key` names the evidence stack's key (gcpEvidenceLogsKeyRef).
  const logsKeyId = logs?.keyId ?? gcpEvidenceLogsKeyRef(context.module.organization, context.environment, evidence!, context.module.protection.rebuildableKeyRings);
  const logBucket = module.logBucket?.bucketName ?? gcpLogBucketName(context.module.organization, context.environment, evidence!.projectId);
  return {
    keyIds: keyIdsOf<{ keyId: string }>({ ...own, logs: { keyId: logsKeyId } }, (k) => k.keyId),
    evidence: [
      { id: "log-bucket", value: logBucket, description: "Write-once GCS bucket the audit sink delivers to (in the evidence project with clouds.gcp.evidence)" },
      { id: "sink", value: module.trail.sinkId, description: "Log sink that routes this project's audit logs to the log bucket" },
    ],
    outputs: module.outputs,
  };
}

function wireAzure(stack: TerraformStack, context: EnvironmentContext): WiredEnvironment {
  const [azure, { subscriptionId, location, registries, functions, gitops }] = placement(context.config.clouds.azure, context, "azure");
  const isCiEnvironment = context.config.ci?.environments.includes(context.environment) === true;
  azurermProvider(stack, subscriptionId, azure.tenantId, { registerResourceProviders: !isCiEnvironment });
  azureBackend(stack, context.backend, azure);
  const { organization } = context.module;
  const evidence = azure.evidence;
  // A CI publisher's principal id is Entra ID's to assign: read it from the identity
  // ci-azure-<env> created (applied first), by the name both stacks compute.
  const ciPublishersHere = ciPublishers(context.config.ci, context.environment, registries.map((r) => r.name)).map((p) => ({
    name: p.name,
    registries: p.registries,
    principalId: new DataAzurermUserAssignedIdentity(stack, `ci-publisher-${p.name}`, {
      name: azureCiIdentityName(organization, context.environment, "publish", p.name),
      resourceGroupName: azureCiResourceGroupName(organization, context.environment),
    }).principalId,
  }));
  const module = new AiSupplyChainAzure(stack, "supply-chain", {
    ...context.module,
    subscriptionId,
    tenantId: azure.tenantId,
    location,
    adminObjectIds: azure.adminObjectIds,
    allowedIpRanges: azure.allowedIpRanges,
    ...(functions.subnetId === undefined ? {} : { gateSubnetId: functions.subnetId }),
    registries,
    ...(ciPublishersHere.length > 0 ? { ciPublishers: ciPublishersHere } : {}),
    // In a CI environment ci-azure-<env> creates the resource group, and the CI deploy identity
    // applies: the vault names it as the deployer whoever plans.
    ...(isCiEnvironment
      ? {
          existingResourceGroup: true,
          deployerObjectId: new DataAzurermUserAssignedIdentity(stack, "ci-deployer", {
            name: azureCiIdentityName(organization, context.environment, "deploy"),
            resourceGroupName: azureCiResourceGroupName(organization, context.environment),
          }).principalId,
        }
      : {}),
    tags: toTagMap(context.tags),
    // A central team that sets Defender plans by Azure Policy owns the subscription's plans.
    threatDetection: azure.threatDetection,
    // The log-archive layout: the logs key and log account are evidence-azure's, named by the
    // one function both stacks use (another state: a literal id, ordered by deploying it first).
    ...(evidence ? { evidenceLogStorage: azureEvidenceLogStorage(organization, context.environment, evidence.subscriptionId) } : {}),
  });
  if (gitops) wireGitopsAzure(stack, gitops, gitopsContext(context), module);
  // Without a logs key of its own, the `logs-key` output names the environment's key in evidence-azure.
  const logs = module.keys.logs ?? { versionlessKeyId: azureEvidenceLogAccount(organization, context.environment, evidence!.subscriptionId).versionlessKeyId };
  return {
    keyIds: keyIdsOf({ ...module.keys, logs }, (k) => k.versionlessKeyId),
    evidence: [
      { id: "log-account", value: module.logStorage.storageAccountName, description: "Write-once storage account the diagnostic settings deliver to (in the evidence subscription with clouds.azure.evidence)" },
      { id: "activity-log-setting", value: azureActivityLogSettingName(organization, context.environment), description: "Diagnostic setting that sends the subscription's Activity Log to the log account" },
    ],
    outputs: module.outputs,
  };
}
