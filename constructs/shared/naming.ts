import { createHash } from "node:crypto";

/**
 * Names of globally unique resources. A short hash of stable inputs (never a timestamp or a
 * random value) keeps names unique across organisations and identical across synths.
 */
export function stableSuffix(length: number, ...parts: string[]): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, length);
}

/** `<org>-<env>-<purpose>`, the base name of per-environment resources. */
export function resourceName(org: string, env: string, purpose: string): string {
  return `${org}-${env}-${purpose}`;
}

function trimHyphens(s: string): string {
  return s.replace(/-+$/g, "").replace(/^-+/g, "");
}

/** S3 bucket holding Terraform state: 3-63 characters, unique per account and region. */
export function awsStateBucketName(org: string, accountId: string, region: string): string {
  return `${org}-tfstate-${accountId}-${region}`;
}

/**
 * GCS bucket holding Terraform state: 3-63 characters, globally unique through the project id,
 * starting with the organisation (GCS refuses names starting with `goog`, config refuses such
 * organisation names).
 */
export function gcpStateBucketName(org: string, projectId: string): string {
  return `${org}-tfstate-${projectId}`;
}

/**
 * Azure Key Vault: 3-24 characters, letters, digits and single hyphens, starting with a letter.
 * Vault names are global and stay reserved while soft-deleted, hence the hashed suffix.
 */
export function azureKeyVaultName(org: string, env: string, subscriptionId: string): string {
  const suffix = stableSuffix(5, "key-vault", org, env, subscriptionId);
  return `kv-${trimHyphens(org.slice(0, 9))}-${env.slice(0, 4)}-${suffix}`;
}

/** Azure storage account: 3-24 lowercase letters and digits, globally unique. */
export function azureStorageAccountName(org: string, purpose: string, subscriptionId: string): string {
  const suffix = stableSuffix(6, "storage", org, purpose, subscriptionId);
  return `st${org.replace(/-/g, "").slice(0, 10)}${purpose.slice(0, 4)}${suffix}`;
}

/** Azure resource group for one environment (or `tfstate` for the state backend). */
export function azureResourceGroupName(org: string, env: string): string {
  return `rg-${org}-${env}`;
}

/**
 * Where a stack's Terraform state lives inside its cloud's state storage, one object per stack:
 * S3 object key `<stack>/terraform.tfstate`, GCS prefix `<stack>` (the backend writes
 * `<stack>/default.tfstate` under it), Azure blob `<stack>.tfstate` in the state container.
 */
export function stateKey(cloud: "aws" | "gcp" | "azure", stackName: string): string {
  switch (cloud) {
    case "aws":
      return `${stackName}/terraform.tfstate`;
    case "gcp":
      return stackName;
    case "azure":
      return `${stackName}.tfstate`;
  }
}

/* Names and identifiers derived from other values. Each cloud's section is added below. */

// --- AWS derived names ---

/** The write-once log bucket of an environment, in the account that holds it (its own or the evidence account). */
export function awsLogBucketName(org: string, env: string, accountId: string): string {
  return `${resourceName(org, env, "logs")}-${accountId}`;
}

/** The alias (without `alias/`) of the key that encrypts an environment's logs. */
export function awsLogsKeyAlias(org: string, env: string): string {
  return resourceName(org, env, "logs");
}

/** The CloudTrail trail of an environment, in the environment's account and home region. */
export function awsTrailName(org: string, env: string): string {
  return resourceName(org, env, "audit");
}

/** The bucket receiving the server access logs of an environment's buckets, in the same account. */
export function awsAccessLogBucketName(org: string, env: string, accountId: string): string {
  return `${resourceName(org, env, "access-logs")}-${accountId}`;
}

/** Bucket receiving the state bucket's server access logs (same account and region, as S3 requires). */
export function awsStateAccessLogBucketName(org: string, accountId: string, region: string): string {
  return `${org}-tfstate-access-${accountId}-${region}`;
}

/** Alias (without `alias/`) of the state key; the s3 backend of every AWS stack names it. */
export function awsStateKeyAlias(org: string): string {
  return `${org}-tfstate`;
}

/** `arn:<partition>:s3:::<bucket>`: S3 bucket ARNs carry neither region nor account. */
export function awsS3BucketArn(partition: string, bucketName: string): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** ARN of the bucket holding Terraform state (`awsStateBucketName`), e.g. for CloudTrail data events. */
export function awsStateBucketArn(partition: string, org: string, accountId: string, region: string): string {
  return awsS3BucketArn(partition, awsStateBucketName(org, accountId, region));
}

/** `arn:<partition>:iam::<account>:role/<name>`: the admin and break-glass roles, named per account. */
export function awsIamRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** `arn:<partition>:iam::<account>:root`: the account principal, which delegates to the account's IAM policies. */
export function awsAccountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/**
 * `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`, the ARN CloudTrail gives a trail.
 * `*` for region and name gives the pattern of every trail of the account.
 */
export function awsTrailArn(partition: string, region: string, accountId: string, trailName: string): string {
  return `arn:${partition}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

/** `arn:<partition>:kms:<region>:<account>:alias/<alias>`: DescribeKey across accounts takes this form. */
export function awsKmsAliasArn(partition: string, region: string, accountId: string, alias: string): string {
  return `arn:${partition}:kms:${region}:${accountId}:alias/${alias}`;
}

// --- GCP derived names ---

/** Key ring of an environment, or of the state backend (`scope` = `tfstate`), in its project and region. */
export function gcpKeyRingName(org: string, scope: string): string {
  return `${org}-${scope}`;
}

/** Key ring of the state backend, which holds the state key. */
export function gcpStateKeyRingName(org: string): string {
  return gcpKeyRingName(org, "tfstate");
}

/**
 * A rebuildable ring's name: the fixed name plus the creation time of its `time_static`
 * (`created` is the unresolved `unix` attribute, so the synthesized JSON stays the same), so an
 * apply after a destroy creates a fresh ring: GCP keeps a destroyed ring's name forever.
 */
export function gcpRebuildableKeyRingName(name: string, created: string): string {
  return `${name}-${created}`;
}

/** `-<unix seconds>` appended by `gcpRebuildableKeyRingName`: 11 characters of a ring name's 63. */
export const GCP_REBUILD_SUFFIX_LENGTH = 11;

/** `projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>`: a crypto key's resource name. */
export function gcpCryptoKeyId(projectId: string, location: string, keyRingName: string, keyName: string): string {
  return `projects/${projectId}/locations/${location}/keyRings/${keyRingName}/cryptoKeys/${keyName}`;
}

/** Full resource name of the state key; the gcs backend of every GCP stack names it. */
export function gcpStateKeyName(org: string, projectId: string, region: string): string {
  return gcpCryptoKeyId(projectId, region, gcpStateKeyRingName(org), "state");
}

/**
 * `<org>-<env>-logs-<project>`: at most 16 + 1 + 10 + 6 + 30 = 63 characters with the config's
 * limits. `projectId` is the project that holds the bucket: the environment's own, or the
 * evidence project, where the evidence stack creates the bucket and the environment's sink names
 * it with this same function (another stack's resource has no attribute to refer to).
 */
export function gcpLogBucketName(org: string, env: string, projectId: string): string {
  return `${resourceName(org, env, "logs")}-${projectId}`;
}

/** `<org>-tfstate-usage-<project>`: the state bucket's usage-log bucket, at most 16 + 15 + 30 = 61 characters. */
export function gcpStateUsageLogBucketName(org: string, projectId: string): string {
  return `${org}-tfstate-usage-${projectId}`;
}

/** The log sink of an environment, in the environment's project. */
export function gcpSinkName(org: string, env: string): string {
  return resourceName(org, env, "audit");
}

/** `storage.googleapis.com/<bucket>`: a sink's destination when it delivers into a Cloud Storage bucket. */
export function gcpStorageSinkDestination(bucketName: string): string {
  return `storage.googleapis.com/${bucketName}`;
}

/** `serviceAccount:<email>`: a service account (or service agent) as an IAM member. */
export function gcpServiceAccountMember(email: string): string {
  return `serviceAccount:${email}`;
}

/** `projects/<number>`: a project as budget filters and liens name it. */
export function gcpProjectByNumber(projectNumber: string): string {
  return `projects/${projectNumber}`;
}

/** Display name of an environment's monthly budget. */
export function gcpBudgetName(org: string, env: string): string {
  return resourceName(org, env, "monthly");
}

/** Display name of a budget's email notification channel for one recipient. */
export function gcpBudgetChannelDisplayName(budgetName: string, recipient: string): string {
  return `${budgetName} budget: ${recipient}`;
}

/** Name of the evidence stack's output holding an environment's logs key id. */
export function gcpEvidenceLogsKeyOutput(env: string): string {
  return `${env}-logs-key`;
}

/** Name of the evidence stack's output holding an environment's write-once log bucket. */
export function gcpEvidenceLogBucketOutput(env: string): string {
  return `${env}-log-bucket`;
}

/**
 * An environment's logs key as its own stack reports it (output `logs-key`): the key's id where
 * the ring name is fixed (`projects/<evidence>/locations/<region>/keyRings/<org>-<env>/cryptoKeys/logs`),
 * else, for a rebuildable ring whose name carries the evidence stack's `time_static`, which no
 * other stack can know, the evidence stack's output that holds it (`evidence-gcp:<env>-logs-key`).
 */
export function gcpEvidenceLogsKeyRef(org: string, env: string, evidence: { projectId: string; region: string }, rebuildable: boolean): string {
  if (rebuildable) {
    return `evidence-gcp:${gcpEvidenceLogsKeyOutput(env)}`;
  }
  return gcpCryptoKeyId(evidence.projectId, evidence.region, gcpKeyRingName(org, env), "logs");
}

// --- Azure derived names ---

/** Name of every diagnostic setting the blueprint creates on a resource; one per source resource. */
export const AZURE_DIAGNOSTIC_SETTING_NAME = "audit-to-immutable-storage";

/**
 * Name of the subscription-level diagnostic setting (the Activity Log) of one environment, or of
 * the state backend or evidence scope: a subscription is the source of every stack placed in it,
 * so the name carries the scope.
 */
export function azureActivityLogSettingName(org: string, scope: string): string {
  return `${AZURE_DIAGNOSTIC_SETTING_NAME}-${org}-${scope}`;
}

/** The blob service of a storage account, `<account id>/blobServices/default`: where blob diagnostic settings attach. */
export function azureBlobServiceId(storageAccountId: string): string {
  return `${storageAccountId}/blobServices/default`;
}

/** Container Azure Monitor writes a diagnostic category into (it creates it if absent). */
export function azureDiagnosticContainerName(category: string): string {
  return `insights-logs-${category.toLowerCase()}`;
}

/** Write-once log account of an environment, the state backend (`tfstate`) or another scope. */
export function azureLogAccountName(org: string, scope: string, subscriptionId: string): string {
  return azureStorageAccountName(org, `logs-${scope}`, subscriptionId);
}

/** User-assigned identity through which a storage account reaches its customer-managed key. */
export function azureStorageIdentityName(storageAccountName: string): string {
  return `id-${storageAccountName}`;
}

/**
 * The custom key-manager role of one vault. Role names are unique per tenant: the vault name
 * (global) keeps two apart.
 */
export function azureKeyManagerRoleName(keyVaultName: string): string {
  return `Blueprint key manager (${keyVaultName})`;
}

/** An environment's logs key in the evidence vault, which holds one per environment. */
export function azureEvidenceKeyName(env: string): string {
  return `logs-${env}`;
}

/** Azure Resource Manager id of a storage account, for a stack that names an account another stack creates. */
export function azureStorageAccountId(subscriptionId: string, resourceGroupName: string, storageAccountName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${storageAccountName}`;
}

/** Data-plane id of a Key Vault key without version (public cloud: `vault.azure.net`). */
export function azureVersionlessKeyId(keyVaultName: string, keyName: string): string {
  return `https://${keyVaultName}.vault.azure.net/keys/${keyName}`;
}

/**
 * Lifecycle management rules of a retention tier: `retention-<tier>` for block blobs and
 * `retention-<tier>-append` for append blobs.
 */
export function azureLifecycleRuleNames(tierName: string): { blockBlobs: string; appendBlobs: string } {
  const blockBlobs = `retention-${tierName}`;
  return { blockBlobs, appendBlobs: `${blockBlobs}-append` };
}

// --- Model registry names ---

/**
 * S3 bucket of one registry: `<org>-<env>-models-<registry>-<account>`, unique per account.
 * `models` keeps a registry named `logs` apart from the log bucket. Config checks the result
 * against S3's rules (config/cross-checks.ts).
 */
export function awsRegistryBucketName(org: string, env: string, registry: string, accountId: string): string {
  return `${resourceName(org, env, "models")}-${registry}-${accountId}`;
}

/** ECR repository prefix of an environment's model-serving images: `<org>-<env>/`. */
export function awsImageRepositoryName(org: string, env: string, image: string): string {
  return `${org}-${env}/${image}`;
}

/** SageMaker model package group of one registry: `<org>-<env>-<registry>` (1-63 letters, digits, hyphens). */
export function awsModelPackageGroupName(org: string, env: string, registry: string): string {
  return resourceName(org, env, registry);
}

/** Alias (without `alias/`) of an environment's model-signing key. */
export function awsSigningKeyAlias(org: string, env: string): string {
  return resourceName(org, env, "signing");
}

/**
 * GCS bucket of one registry: `<org>-<env>-models-<registry>-<hash>`, the hash over the project
 * so two projects' registries never collide in GCS's global namespace.
 */
export function gcpRegistryBucketName(org: string, env: string, registry: string, projectId: string): string {
  return `${resourceName(org, env, "models")}-${registry}-${stableSuffix(6, "model-registry", projectId)}`;
}

/** Artifact Registry repository of an environment's model-serving images. */
export function gcpImageRepositoryName(org: string, env: string): string {
  return resourceName(org, env, "images");
}

/**
 * Usage-log bucket of an environment's registries: `<org>-<env>-usage-<hash>`, at most
 * 16 + 1 + 10 + 6 + 7 = 40 characters; the hash over the project keeps it globally unique.
 */
export function gcpRegistryUsageLogBucketName(org: string, env: string, projectId: string): string {
  return `${resourceName(org, env, "usage")}-${stableSuffix(6, "registry-usage-logs", projectId)}`;
}

/**
 * Storage account of one registry: `st<org><registry><hash>`, 3-24 lowercase letters and digits.
 * The hash over organisation, environment, registry and subscription keeps it globally unique.
 */
export function azureRegistryAccountName(org: string, env: string, registry: string, subscriptionId: string): string {
  const suffix = stableSuffix(8, "model-registry", org, env, registry, subscriptionId);
  return `st${org.replace(/-/g, "").slice(0, 8)}${registry.replace(/-/g, "").slice(0, 6)}${suffix}`;
}

/** Azure Container Registry of an environment: 5-50 letters and digits, globally unique. */
export function azureContainerRegistryName(org: string, env: string, subscriptionId: string): string {
  return `cr${org.replace(/-/g, "")}${env}${stableSuffix(6, "container-registry", org, env, subscriptionId)}`;
}

/**
 * A custom role of an environment's model-signing key (`signer`, `verifier`). Role names are
 * unique per tenant: the vault name (global) keeps two environments' roles apart.
 */
export function azureSigningRoleName(keyVaultName: string, role: "signer" | "verifier"): string {
  return `Blueprint model ${role} (${keyVaultName})`;
}

/** User-assigned identity through which a container registry reaches its customer-managed key. */
export function azureRegistryIdentityName(containerRegistryName: string): string {
  return `id-${containerRegistryName}`;
}

/**
 * The custom writer role of one model registry (create blobs and set their index tags, nothing
 * else). Role names are unique per tenant: the account name (global) keeps two registries apart.
 */
export function azureModelWriterRoleName(storageAccountName: string): string {
  return `Blueprint model writer (${storageAccountName})`;
}

/* ---- Azure: locked-down functions and the promotion gate ---- */

/**
 * A custom role of one registry's promotion gate, by what it acts on: the `incoming` container
 * (read blobs, versions and tags), `approved` (create and read blobs), `records` (create and read
 * decision records); pass a container's name attribute, so the role waits for it. Role names
 * are unique per tenant: the storage account name (global) keeps two registries apart.
 */
export function azureGateRoleName(storageAccountName: string, what: string): string {
  return `Blueprint promotion gate ${what} (${storageAccountName})`;
}

/** A custom role of an environment's gate attestation key (`signer`: the gates; `verifier`: readers). */
export function azureGateAttestationRoleName(keyVaultName: string, role: "signer" | "verifier"): string {
  return `Blueprint gate attestation ${role} (${keyVaultName})`;
}

/**
 * Function app of one registry's promotion gate: 2-60 letters, digits and hyphens, global (it is
 * the `<name>.azurewebsites.net` host), hence the hashed suffix.
 */
export function azureGateFunctionName(org: string, env: string, registry: string, subscriptionId: string): string {
  const suffix = stableSuffix(6, "gate-function", org, env, registry, subscriptionId);
  return `func-${trimHyphens(org.slice(0, 16))}-${trimHyphens(env.slice(0, 8))}-gate-${trimHyphens(registry.slice(0, 16))}-${suffix}`;
}

/** Host storage account of one registry's gate function (3-24 lowercase letters and digits). */
export function azureGateStorageAccountName(org: string, env: string, registry: string, subscriptionId: string): string {
  return azureStorageAccountName(org, `fn${env}${registry}`, subscriptionId);
}

/** Names of a function app's companions, from the app's name (60 characters at most). */
export function azureFunctionCompanionNames(functionName: string): { identity: string; plan: string; insights: string; workspace: string } {
  return { identity: `id-${functionName}`, plan: `asp-${functionName}`, insights: `appi-${functionName}`, workspace: `log-${functionName}` };
}

/** Event Grid system topic of a storage account (one per account: Azure allows one system topic per source). */
export function azureStorageSystemTopicName(storageAccountName: string): string {
  return `evgt-${storageAccountName}`;
}

// --- AWS promotion gate and locked-down functions ---

/**
 * Lambda function (and its role) of one registry's promotion gate: `<org>-<env>-gate-<registry>`.
 * Lambda and IAM role names are at most 64 characters; a longer name keeps its first 55 and a
 * hash of the whole, so two registries never share a name.
 */
export function awsGateFunctionName(org: string, env: string, registry: string): string {
  const name = resourceName(org, env, `gate-${registry}`);
  return name.length <= 64 ? name : `${name.slice(0, 55)}-${stableSuffix(8, name)}`;
}

/**
 * The execution role of Lambda function `functionName` (constructs/aws/locked-down-function.ts),
 * at most 64 characters. Not the function's own name: a role named like the function would make
 * every literal use of that name (its log group, its package key) look like a name of the role.
 * The evidence account names the gate roles with it, before they exist.
 */
export function awsFunctionRoleName(functionName: string): string {
  const name = `${functionName}-exec`;
  return name.length <= 64 ? name : `${functionName.slice(0, 50)}-${stableSuffix(8, functionName)}-exec`;
}

/** Alias (without `alias/`) of an environment's gate attestation key. */
export function awsAttestationKeyAlias(org: string, env: string): string {
  return resourceName(org, env, "gate-attestation");
}

/** Versioned bucket of an environment's function packages (unsigned uploads and Signer output). */
export function awsFunctionCodeBucketName(org: string, env: string, accountId: string): string {
  return `${resourceName(org, env, "fn-code")}-${accountId}`;
}

/** AWS Signer profile of an environment's functions: 2-64 letters, digits and `_` (no hyphens). */
export function awsFunctionSigningProfileName(org: string, env: string): string {
  return resourceName(org, env, "functions").replace(/-/g, "_");
}

/** EventBridge rule that starts one registry's gate: at most 64 characters. */
export function awsGateRuleName(functionName: string): string {
  return functionName.length <= 56 ? `${functionName}-trigger` : `${functionName.slice(0, 47)}-${stableSuffix(8, functionName)}-trigger`;
}

// ---------------------------------------------------------------------------------------------
// GCP promotion gate (one Cloud Function per registry)

/** The gate function of one registry: 1-49 characters (a Cloud Run service name), unique per project and region. */
export function gcpGateFunctionName(org: string, env: string, registry: string): string {
  return `gate-${registry}-${stableSuffix(6, "promotion-gate", org, env, registry)}`;
}

/** Prefix of the gate's three service account ids (`-run`, `-bld`, `-trg` appended: at most 29 of the 30 characters). */
export function gcpGateAccountIdPrefix(org: string, env: string, registry: string): string {
  return `gate-${trimHyphens(registry.slice(0, 14))}-${stableSuffix(4, "promotion-gate-accounts", org, env, registry)}`;
}

/** The three service accounts of a GCP LockedDownFunction: runtime, build and trigger identity. */
export type GcpFunctionAccountRole = "run" | "bld" | "trg";

/**
 * The account id of one of a GCP LockedDownFunction's service accounts, `<prefix>-<role>`: the
 * function creates them with it, and the evidence project's gate grants look the runtime
 * account up by it (stacks/evidence-gates-gcp.ts).
 */
export function gcpFunctionAccountId(accountIdPrefix: string, role: GcpFunctionAccountRole): string {
  return `${accountIdPrefix}-${role}`;
}

/**
 * The bucket holding one gate's code zips, globally unique through the project id; the registry
 * is in the hash, not spelled out, so the longest organisation, environment and registry names
 * still fit GCS's 63 characters (16 + 10 + 19 at most).
 */
export function gcpGateSourceBucketName(org: string, env: string, registry: string, projectId: string): string {
  return `${resourceName(org, env, "gate-src")}-${stableSuffix(8, "gate-source", registry, projectId)}`;
}

/** Id of the environment's custom role that locks approved copies (unique per project; letters only, 3-64). */
export const GCP_GATE_RETENTION_ROLE_ID = "promotionGateApprovedRetention";

/** `fraud-scoring` → `FraudScoring`, `llm.v2_a` → `LlmV2A`: a name as an IAM statement id fragment (letters and digits only). */
export function pascalCase(text: string): string {
  return text
    .split(/[^a-zA-Z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

/**
 * `<service>.<region>.amazonaws.com` (`.com.cn` in aws-cn): the form `kms:ViaService` names a
 * service calling KMS on a principal's behalf (AWS KMS Developer Guide, "kms:ViaService").
 */
export function awsServiceHost(service: string, partition: string, region: string): string {
  return `${service}.${region}.amazonaws.com${partition === "aws-cn" ? ".cn" : ""}`;
}
