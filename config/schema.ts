import { z } from "zod";
import { PROTECTION_LEVELS } from "../constructs/shared/protection";
import { AWS_REGIONS, AZURE_LOCATIONS, GCP_REGIONS } from "./regions";
import { RETENTION_TIER_PRESET_NAMES } from "../constructs/shared/retention-presets";
import { AWS_ACCOUNT_ID, IAM_POLICY_ARN, IAM_ROLE_ARN, IAM_ROLE_NAME, KMS_KEY_OR_ALIAS_ARN, LAMBDA_VPC_SECURITY_GROUPS, LAMBDA_VPC_SUBNETS, S3_BUCKET_NAME, SECURITY_GROUP_ID, SUBNET_ID } from "../constructs/shared/limits/aws";
import { GCP_BILLING_ACCOUNT_ID, GCP_BUDGET_MAX_RECIPIENTS, GCP_KEY_ADMIN_MEMBER, GCP_KMS_CRYPTO_KEY_ID, GCP_PROJECT_ID, GCS_BUCKET_NAME } from "../constructs/shared/limits/gcp";
import { AZURE_BUDGET_EARLIEST_START_MONTH, AZURE_FIREWALL_IP_RANGE, AZURE_RESOURCE_GROUP_NAME, AZURE_SUBNET_ID, STORAGE_ACCOUNT_NAME } from "../constructs/shared/limits/azure";
import { accepts, acceptsTypes, amount, describeInput, integer, list, mapping, namedMap, oneOf, rule, text } from "./messages";
import { BUDGET_ALERT_PERCENT, BUDGET_ALERTS, BUDGET_LIMIT_USD, BUDGET_RECIPIENTS, CALENDAR_DATE, EMAIL, INGEST_GB_PER_DAY, MONTH, POLICY_RESOURCE, POLICY_RULE_ID, RETENTION_TIER_DAYS, RETENTION_TIER_NAME, TAG_VALUE, UUID } from "../constructs/shared/limits/common";
import { satisfies } from "../constructs/shared/limits/text-rule";
import { APPROVED_RETENTION_DAYS, GCP_REGISTRY_MEMBER, INCOMING_EXPIRY_DAYS, LINEAGE_TAG_KEY, LINEAGE_TAGS, MONTHLY_UPLOAD_GB, REGISTRIES_PER_ENVIRONMENT, REGISTRY_NAME, REGISTRY_PRINCIPALS } from "../constructs/shared/limits/registry";
import { EVALUATION_REQUIREMENT, EVALUATION_REQUIREMENTS, GATE_MAX_FILES, GATE_MAX_MANIFEST_KB, GATE_MAX_TOTAL_GB, MALWARE_SCAN_WAIT_SECONDS, PICKLE_IMPORT, PICKLE_IMPORTS } from "../constructs/shared/limits/gate";
import { COST_ANOMALY_THRESHOLD_USD, DATA_EVENTS_PER_MONTH, GATE_REJECTIONS_PER_HOUR, NOTIFICATION_EMAILS, SECURITY_COST_LIMIT_USD, WEBHOOK_URL } from "../constructs/shared/limits/monitoring";
import { gitopsSchema } from "./gitops";
import { CI_PROVIDERS, CiProvider } from "../constructs/shared/ci-identities";
import { CI_BRANCH, CI_ENVIRONMENTS, CI_IDENTITY_NAME, CI_ISSUER_URL, CI_MODEL_REPOSITORIES, CI_PUBLISH_REGISTRIES, CI_RUNNER_LABEL, CI_RUNNER_LABELS, GITHUB_REPOSITORY, GITLAB_PROJECT_PATH } from "../constructs/shared/limits/ci";
import { DEFAULT_APPROVED_RETENTION_DAYS, DEFAULT_INCOMING_EXPIRY_DAYS, DEFAULT_LINEAGE_TAGS } from "../constructs/shared/model-registry-spec";

/*
 * The configuration schema. Every field has a default that is the secure choice, or is
 * required. README's configuration reference documents each field in the order given here.
 */

const ORG_NAME = /^(?!goog)[a-z](?!.*--)[a-z0-9-]{1,14}[a-z0-9]$/;
const ENV_NAME = /^[a-z][a-z0-9]{1,9}$/;

export const DATA_CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** A region from a known list; the error suggests the nearest names. */
function region(what: string, known: readonly [string, ...string[]]) {
  return z.enum(known, {
    error: (issue) => {
      const input = issue.input;
      const near = typeof input === "string"
        ? [...known].sort((a, b) => levenshtein(input, a) - levenshtein(input, b)).slice(0, 3).join(", ")
        : known.slice(0, 3).join(", ");
      return `${describeInput(input)}; accepted: ${what} (nearest known: ${near}; full list in config/regions.ts)`;
    },
  });
}

/**
 * Azure firewalls take public IPv4 addresses or ranges only, and reject /31 and /32 prefixes
 * (a single address is written without a prefix): the rule the vaults and accounts check too.
 */
const publicIpRange = rule(AZURE_FIREWALL_IP_RANGE);

const awsAccountId = rule(AWS_ACCOUNT_ID, "an AWS account id of exactly 12 digits, quoted");
const gcpProjectId = rule(GCP_PROJECT_ID);
const azureUuid = rule(UUID);
const awsRegion = region("an AWS region name", AWS_REGIONS);
const gcpRegion = region("a GCP region name", GCP_REGIONS);
const azureLocation = region("an Azure location name", AZURE_LOCATIONS);

export const organizationSchema = mapping({
  /** Short slug used in every resource name. */
  name: text(ORG_NAME, "3-16 lowercase letters, digits and single hyphens, starting with a letter, not with goog"),
  /** `owner` tag: the team answerable for these resources. */
  owner: rule(TAG_VALUE),
  /** `cost-center` tag: where the bill goes. */
  costCenter: rule(TAG_VALUE),
});

const TIER_NAME_ACCEPTED = `a retention tier: a preset (${RETENTION_TIER_PRESET_NAMES.join(", ")}) or a name under retentionTiers`;
const tierDays = (max: number) => integer(RETENTION_TIER_DAYS.min, max, "days");

/** A custom retention tier: the day objects enter each class, expiry and write-once period. */
export const customTierSchema = mapping({
  warmAfterDays: tierDays(RETENTION_TIER_DAYS.maxTransition).optional(),
  coldAfterDays: tierDays(RETENTION_TIER_DAYS.maxTransition).optional(),
  archiveAfterDays: tierDays(RETENTION_TIER_DAYS.maxTransition).optional(),
  expireAfterDays: tierDays(RETENTION_TIER_DAYS.max),
  immutabilityDays: tierDays(RETENTION_TIER_DAYS.max),
  acceptEarlyDeletionFees: z.boolean(accepts("true or false")).default(false),
});

/** Audit-log storage of an environment. */
export const logsSchema = mapping({
  /** Preset or custom tier name. */
  retentionTier: rule(RETENTION_TIER_NAME, TIER_NAME_ACCEPTED).default("compliance-7y"),
  /** Expected log volume; drives the cost estimate and maxMonthlyLogCost. */
  ingestGbPerDay: amount(INGEST_GB_PER_DAY.min, INGEST_GB_PER_DAY.max, `a number of GB per day from ${INGEST_GB_PER_DAY.min} to ${INGEST_GB_PER_DAY.max}`).default(1),
  /** Synth fails when the tier at this ingest would cost more per month (USD, steady state) on any cloud. */
  maxMonthlyLogCost: amount(0.01, 100_000_000, "a monthly amount in USD from 0.01 to 100000000").optional(),
  /**
   * Lock the log storage on every cloud: GCS retention policy and Azure immutability policies
   * locked, S3 Object Lock in COMPLIANCE mode (false: unlocked, GOVERNANCE). IRREVERSIBLE once
   * applied. @default true under protection strict, false under standard
   */
  lockRetention: z.boolean(accepts("true or false")).optional(),
});

const budgetAlertSchema = mapping({
  percent: integer(BUDGET_ALERT_PERCENT.min, BUDGET_ALERT_PERCENT.max, "percent"),
  basis: oneOf(["actual", "forecast"] as const),
});

const BUDGET_LIMIT_ACCEPTED = `a monthly amount in USD from ${BUDGET_LIMIT_USD.min} to ${BUDGET_LIMIT_USD.max}, in whole cents`;
/** Every cloud's budget gets the same recipients, so the cloud with the fewest (GCP) sets the maximum. */
const BUDGET_RECIPIENTS_MAX = Math.min(BUDGET_RECIPIENTS.max, GCP_BUDGET_MAX_RECIPIENTS);
const BUDGET_RECIPIENTS_ACCEPTED = `a list of ${BUDGET_RECIPIENTS.min}-${BUDGET_RECIPIENTS_MAX} email addresses (GCP budgets notify at most ${GCP_BUDGET_MAX_RECIPIENTS} channels)`;
const START_MONTH_ACCEPTED = `a month as YYYY-MM from ${AZURE_BUDGET_EARLIEST_START_MONTH} on, e.g. 2026-12`;

/** Monthly budget of an environment's stack on every cloud. */
export const budgetSchema = mapping({
  monthlyLimitUsd: amount(BUDGET_LIMIT_USD.min, BUDGET_LIMIT_USD.max, BUDGET_LIMIT_ACCEPTED).refine(
    (v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6,
    accepts(BUDGET_LIMIT_ACCEPTED),
  ),
  recipients: list(rule(EMAIL), BUDGET_RECIPIENTS.min, BUDGET_RECIPIENTS_MAX, BUDGET_RECIPIENTS_ACCEPTED, "email addresses"),
  /** @default 80% of actual spend and 100% of forecast spend */
  alerts: list(budgetAlertSchema, BUDGET_ALERTS.min, BUDGET_ALERTS.max, `a list of ${BUDGET_ALERTS.min}-${BUDGET_ALERTS.max} alerts`, "alerts").optional(),
  /** First month of the Azure budget (Azure requires a start date, first of a month). */
  startMonth: rule(MONTH, START_MONTH_ACCEPTED)
    .refine((m) => m >= AZURE_BUDGET_EARLIEST_START_MONTH, accepts(START_MONTH_ACCEPTED))
    .optional(),
});

/** Where an environment's alerts go, the same on every cloud. */
export const notificationsSchema = mapping({
  /** Each gets every alert: an SNS email subscription, a GCP email channel, an action group email receiver. */
  emails: list(rule(EMAIL), NOTIFICATION_EMAILS.min, NOTIFICATION_EMAILS.max, `a list of ${NOTIFICATION_EMAILS.min}-${NOTIFICATION_EMAILS.max} email addresses`, "email addresses"),
  /**
   * Also post every alert to this HTTPS endpoint (SNS https subscription, GCP webhook channel,
   * action group webhook with the common alert schema). It lands in Terraform state: use a URL
   * whose secret part the receiving service can rotate. @default none
   */
  webhookUrl: rule(WEBHOOK_URL).optional(),
});

/**
 * Threat detection and alerting of an environment (README, "Threat detection and alerts"):
 * where alerts go, the thresholds that are not learned baselines, and the volumes the security
 * tooling is priced on.
 */
export const monitoringSchema = mapping({
  /** Recipients of every alert. @default none: alerts are raised but reach nobody (an audit finding) */
  notifications: notificationsSchema.optional(),
  /** Gate rejections per hour, per registry, above which an alert fires. @default 5 */
  gateRejectionsPerHour: integer(GATE_REJECTIONS_PER_HOUR.min, GATE_REJECTIONS_PER_HOUR.max, "rejections per hour").default(GATE_REJECTIONS_PER_HOUR.default),
  /** A cost anomaly alerts once its total impact reaches this many USD (AWS; Azure reports every anomaly). @default 100 */
  costAnomalyThresholdUsd: amount(COST_ANOMALY_THRESHOLD_USD.min, COST_ANOMALY_THRESHOLD_USD.max, `an amount in USD from ${COST_ANOMALY_THRESHOLD_USD.min} to ${COST_ANOMALY_THRESHOLD_USD.max}`).default(COST_ANOMALY_THRESHOLD_USD.default),
  /** CloudTrail data events per month on the registry and log buckets: priced by `blueprint finops`. @default 1000000 */
  dataEventsPerMonth: integer(DATA_EVENTS_PER_MONTH.min, DATA_EVENTS_PER_MONTH.max, "events per month").default(DATA_EVENTS_PER_MONTH.default),
  /** Synth fails when the environment's security tooling would cost more per month (USD) on any cloud. @default no limit */
  maxMonthlySecurityCost: amount(SECURITY_COST_LIMIT_USD.min, SECURITY_COST_LIMIT_USD.max, `a monthly amount in USD from ${SECURITY_COST_LIMIT_USD.min} to ${SECURITY_COST_LIMIT_USD.max}`).optional(),
});

const environmentFields = mapping({
  /** One switch for every destructive-change protection; see constructs/shared/protection.ts. */
  protection: oneOf(PROTECTION_LEVELS).default("strict"),
  /** `data-classification` tag. */
  dataClassification: oneOf(DATA_CLASSIFICATIONS).default("confidential"),
  /** Days between automatic rotations of every KMS key of the environment. */
  keyRotationDays: integer(90, 365, "days").default(90),
  logs: logsSchema.default({ retentionTier: "compliance-7y", ingestGbPerDay: 1 }),
  budget: budgetSchema.optional(),
  /** Threat detection and alerts: recipients, thresholds, priced volumes. @default no recipients, every other field's default */
  monitoring: monitoringSchema.default(() => monitoringSchema.parse({})),
});

/** `dev:` with nothing under it is YAML null: read it as an environment with every default. */
export const environmentSchema = z.preprocess((v) => (v === null ? {} : v), environmentFields);

const awsBackend = z.discriminatedUnion(
  "type",
  [
    mapping({ type: z.literal("local") }),
    mapping({
      type: z.literal("s3"),
      /** @default the bucket the state-backend-aws stack creates */
      bucket: rule(S3_BUCKET_NAME, `an S3 bucket name: ${S3_BUCKET_NAME.accepted}`).optional(),
      /** @default the alias ARN of the state key the state-backend-aws stack creates */
      kmsKeyId: rule(KMS_KEY_OR_ALIAS_ARN).optional(),
      /** Role in the state account the backend assumes; needed when stacks live in other accounts. */
      roleArn: rule(IAM_ROLE_ARN).optional(),
    }),
  ],
  acceptsTypes(["local", "s3"], "backend type"),
);

const gcpBackend = z.discriminatedUnion(
  "type",
  [
    mapping({ type: z.literal("local") }),
    mapping({
      type: z.literal("gcs"),
      bucket: rule(GCS_BUCKET_NAME, `a GCS bucket name: ${GCS_BUCKET_NAME.accepted}`).optional(),
      kmsKeyId: rule(GCP_KMS_CRYPTO_KEY_ID).optional(),
    }),
  ],
  acceptsTypes(["local", "gcs"], "backend type"),
);

const azureBackend = z.discriminatedUnion(
  "type",
  [
    mapping({ type: z.literal("local") }),
    mapping({
      type: z.literal("azurerm"),
      storageAccountName: rule(STORAGE_ACCOUNT_NAME, `a storage account name: ${STORAGE_ACCOUNT_NAME.accepted}`).optional(),
      resourceGroupName: rule(AZURE_RESOURCE_GROUP_NAME, `a resource group name: ${AZURE_RESOURCE_GROUP_NAME.accepted}`).optional(),
    }),
  ],
  acceptsTypes(["local", "azurerm"], "backend type"),
);

/** Serialization formats the promotion gate can establish (functions/promotion-gate/serialization/formats.ts). */
export const MODEL_FORMATS = ["safetensors", "onnx", "gguf", "pickle", "pytorch-zip"] as const;

/**
 * A registry's promotion-gate settings (README, "The promotion gate"): what the gate checks
 * beyond the signature and the lineage tags. Every default is the strict choice.
 */
const gateSchema = mapping({
  /** Evaluation requirements, `accuracy >= 0.9` or `bias_audit passed`, checked against the eval-report. @default [] */
  evaluation: list(rule(EVALUATION_REQUIREMENT), 0, EVALUATION_REQUIREMENTS.max, `a list of at most ${EVALUATION_REQUIREMENTS.max} requirements, each ${EVALUATION_REQUIREMENT.accepted}`, "requirements").default([]),
  /** Formats accepted. Pickle-based formats are off the list unless named here. @default [safetensors, onnx, gguf] */
  allowedFormats: list(oneOf(MODEL_FORMATS), 1, MODEL_FORMATS.length, `a list of formats from ${MODEL_FORMATS.join(", ")}`, "formats").default(["safetensors", "onnx", "gguf"]),
  /** Pickle imports accepted beyond the built-in allow-list (exact module.name). @default [] */
  allowedPickleImports: list(rule(PICKLE_IMPORT), 0, PICKLE_IMPORTS.max, `a list of at most ${PICKLE_IMPORTS.max} imports, each ${PICKLE_IMPORT.accepted}`, "imports").default([]),
  /** Largest model version, GB. @default 50 */
  maxTotalGb: amount(GATE_MAX_TOTAL_GB.min, GATE_MAX_TOTAL_GB.max, `a number of GB from ${GATE_MAX_TOTAL_GB.min} to ${GATE_MAX_TOTAL_GB.max}`).default(GATE_MAX_TOTAL_GB.default),
  /** Most files per version, the signature excluded. @default 1000 */
  maxFiles: integer(GATE_MAX_FILES.min, GATE_MAX_FILES.max, "files").default(GATE_MAX_FILES.default),
  /** Largest model.sig, KiB. @default 4096 */
  maxManifestKb: integer(GATE_MAX_MANIFEST_KB.min, GATE_MAX_MANIFEST_KB.max, "KiB").default(GATE_MAX_MANIFEST_KB.default),
  /**
   * What the gate does when an object has no malware scan result yet (AWS GuardDuty Malware
   * Protection for S3, Azure Defender for Storage; GCP has no managed scanner and no check):
   * `wait` polls up to `waitSeconds`, then rejects; `reject` rejects at once. Any result other
   * than "no threats found" is a rejection either way. @default { onMissing: wait, waitSeconds: 300 }
   */
  malwareScan: mapping({
    onMissing: oneOf(["wait", "reject"] as const).default("wait"),
    waitSeconds: integer(MALWARE_SCAN_WAIT_SECONDS.min, MALWARE_SCAN_WAIT_SECONDS.max, "seconds").default(MALWARE_SCAN_WAIT_SECONDS.default),
  }).default({ onMissing: "wait", waitSeconds: MALWARE_SCAN_WAIT_SECONDS.default }),
});

/**
 * One model registry of an environment (README, "Model registries"), with its principals in the
 * cloud's form: `principal` is the rule each publisher and reader must satisfy.
 */
function registrySchema(principal: z.ZodString, principalAccepted: string) {
  const principals = list(principal, 1, REGISTRY_PRINCIPALS.max, `a list of 1-${REGISTRY_PRINCIPALS.max} principals: ${principalAccepted}`, "principals");
  return mapping({
    /** Registry name, part of every derived name (bucket, account, model package group). */
    name: rule(REGISTRY_NAME),
    /** Who uploads under incoming/ and signs with the environment's signing key. */
    publishers: principals,
    /** Who reads approved/ (serving, deployment). */
    readers: principals,
    /** Object tags every upload must carry. @default [dataset-digest, source-commit, eval-report] */
    lineageTags: list(rule(LINEAGE_TAG_KEY), LINEAGE_TAGS.min, LINEAGE_TAGS.max, `a list of ${LINEAGE_TAGS.min}-${LINEAGE_TAGS.max} tag keys (${LINEAGE_TAG_KEY.accepted})`, "tags").default([...DEFAULT_LINEAGE_TAGS]),
    /** Days an approved/ object cannot be overwritten or deleted. */
    approvedRetentionDays: integer(APPROVED_RETENTION_DAYS.min, APPROVED_RETENTION_DAYS.max, "days").default(DEFAULT_APPROVED_RETENTION_DAYS),
    /** Days before an unprocessed upload under incoming/ is deleted. */
    incomingExpiryDays: integer(INCOMING_EXPIRY_DAYS.min, INCOMING_EXPIRY_DAYS.max, "days").default(DEFAULT_INCOMING_EXPIRY_DAYS),
    /** Expected upload volume, GB per month: drives the registry's storage projection in `blueprint finops`. @default - not projected */
    monthlyUploadGb: amount(MONTHLY_UPLOAD_GB.min, MONTHLY_UPLOAD_GB.max, `a number of GB per month from ${MONTHLY_UPLOAD_GB.min} to ${MONTHLY_UPLOAD_GB.max}`).optional(),
    /** What the promotion gate checks for this registry. @default every field's default */
    gate: gateSchema.default(() => gateSchema.parse({})),
  });
}

/**
 * The AWS functions of an environment (the promotion gate, one per registry): README,
 * "Locked-down functions". Code signing is on and the package is the blueprint's signed zip
 * unless config says otherwise, each exception an audit finding.
 */
const awsFunctionsSchema = mapping({
  /** Customer-managed policy attached as every function role's permissions boundary. @default none */
  permissionsBoundary: rule(IAM_POLICY_ARN).optional(),
  /** Run the functions in these subnets, reaching AWS APIs through VPC endpoints. @default not in a VPC */
  vpc: mapping({
    subnetIds: list(rule(SUBNET_ID), LAMBDA_VPC_SUBNETS.min, LAMBDA_VPC_SUBNETS.max, `a list of ${LAMBDA_VPC_SUBNETS.min}-${LAMBDA_VPC_SUBNETS.max} subnet ids`, "subnets"),
    securityGroupIds: list(rule(SECURITY_GROUP_ID), LAMBDA_VPC_SECURITY_GROUPS.min, LAMBDA_VPC_SECURITY_GROUPS.max, `a list of ${LAMBDA_VPC_SECURITY_GROUPS.min}-${LAMBDA_VPC_SECURITY_GROUPS.max} security group ids`, "security groups"),
  }).optional(),
  /**
   * `zip`, the blueprint's own package, signed by AWS Signer and deployed under a code signing
   * config in Enforce mode. `image` is refused: Lambda cannot sign container images. @default zip
   */
  packageType: oneOf(["zip", "image"]).default("zip"),
});

const azureFunctionsSchema = mapping({
  /**
   * ARM id of an existing subnet the promotion gates join by regional VNet integration: delegated
   * to `Microsoft.App/environments` (Flex Consumption), with the `Microsoft.Storage` and
   * `Microsoft.KeyVault` service endpoints, in the environment's location. The registry, host and
   * log accounts and the vault admit it in their firewalls. Required with registries.
   * @default none (no VNet integration; refused when the environment has registries)
   */
  subnetId: rule(AZURE_SUBNET_ID).optional(),
});

const registryList = <R extends z.ZodType>(registry: R) =>
  list(registry, 0, REGISTRIES_PER_ENVIRONMENT.max, `a list of at most ${REGISTRIES_PER_ENVIRONMENT.max} registries`, "registries").default([]);

const AWS_PRINCIPAL_ACCEPTED = "IAM role ARNs of the environment's account";
const GCP_PRINCIPAL_ACCEPTED = GCP_REGISTRY_MEMBER.accepted;
const AZURE_PRINCIPAL_ACCEPTED = "Entra ID object ids (UUIDs)";
export const awsRegistrySchema = registrySchema(rule(IAM_ROLE_ARN), AWS_PRINCIPAL_ACCEPTED);
export const gcpRegistrySchema = registrySchema(rule(GCP_REGISTRY_MEMBER), GCP_PRINCIPAL_ACCEPTED);
export const azureRegistrySchema = registrySchema(rule(UUID, "an Entra ID object id (a UUID)"), AZURE_PRINCIPAL_ACCEPTED);

const envMap = <V extends z.ZodType>(value: V) =>
  namedMap(ENV_NAME, "an environment name: 2-10 lowercase letters and digits, starting with a letter", value);

export const awsSchema = mapping({
  enabled: z.boolean(accepts("true or false")).default(true),
  /** IAM role (in each account) that administers the KMS keys. */
  adminRoleName: rule(IAM_ROLE_NAME, `an IAM role name: ${IAM_ROLE_NAME.accepted}`),
  /**
   * IAM role (in each account) that may still delete, disable or re-policy the logs key and
   * change the log bucket's lock, lifecycle, encryption or policy in `strict` environments, and
   * only in a session with MFA. @default none: nobody can, ever
   */
  breakGlassRoleName: rule(IAM_ROLE_NAME, `an IAM role name: ${IAM_ROLE_NAME.accepted}`).optional(),
  backend: awsBackend.default({ type: "local" }),
  /**
   * Activate the five tags as cost-allocation tags, in a stack of its own (cost-allocation-aws)
   * in the management account (`managementAccount`), the only account that can.
   */
  activateCostAllocationTags: z.boolean(accepts("true or false")).default(true),
  /**
   * The Organization's management (payer) account, or a standalone account: where
   * cost-allocation-aws deploys. Required when activateCostAllocationTags is true.
   */
  managementAccount: mapping({
    accountId: awsAccountId,
    region: awsRegion,
    /** Accept that the management account also runs an environment (AWS advises against it). */
    allowWorkloads: z.boolean(accepts("true or false")).default(false),
  }).optional(),
  /** Account and region of the state-backend-aws stack. */
  stateBackend: mapping({ accountId: awsAccountId, region: awsRegion }),
  /**
   * Dedicated evidence account (the log-archive pattern, AWS Control Tower's log archive
   * account): the stack evidence-aws holds every environment's logs key and write-once log
   * bucket there, in `region`, and each environment's trail delivers into its bucket across
   * the account boundary. Neither an environment's, the state backend's nor the management
   * account. @default none: each environment keeps its own logs key and log bucket
   */
  evidence: mapping({ accountId: awsAccountId, region: awsRegion }).optional(),
  /**
   * Managed threat detection in each environment's account and region. Set `guardDuty: false`
   * where a central security team runs GuardDuty for the Organization (delegated administrator):
   * an account has one detector, and a member account's is the administrator's to manage.
   * Malware Protection for S3 on the registry buckets stays on either way (it needs no detector).
   */
  threatDetection: mapping({
    /** A GuardDuty detector with S3 and Lambda protection, findings routed to the environment's alerts. @default true */
    guardDuty: z.boolean(accepts("true or false")).default(true),
  }).default({ guardDuty: true }),
  environments: envMap(mapping({
    accountId: awsAccountId,
    region: awsRegion,
    registries: registryList(awsRegistrySchema),
    functions: awsFunctionsSchema.default(() => awsFunctionsSchema.parse({})),
    /** GitOps bootstrap of the environment's existing EKS cluster (config/gitops.ts). @default none: no bootstrap */
    gitops: gitopsSchema("aws").optional(),
  })),
});

export const gcpSchema = mapping({
  enabled: z.boolean(accepts("true or false")).default(true),
  /** Cloud Billing account the budgets watch; required when an environment declares a budget. */
  billingAccountId: rule(GCP_BILLING_ACCOUNT_ID).optional(),
  /**
   * IAM members (user:, group:, serviceAccount:) given roles/cloudkms.admin on every GCP key
   * ring: key administration without key use. @default [] (no ring-level binding)
   */
  keyAdminMembers: list(rule(GCP_KEY_ADMIN_MEMBER), 0, 20, "a list of at most 20 IAM members", "members").default([]),
  backend: gcpBackend.default({ type: "local" }),
  stateBackend: mapping({ projectId: gcpProjectId, region: gcpRegion }),
  /**
   * Dedicated evidence project (the log-archive pattern, Fabric FAST's log project): the stack
   * evidence-gcp holds every environment's logs key ring and key and write-once log bucket
   * there, in `region`, and each environment's sink delivers into its bucket across the project
   * boundary. Neither an environment's nor the state backend's project.
   * @default none: each environment keeps its own logs key and log bucket
   */
  evidence: mapping({ projectId: gcpProjectId, region: gcpRegion }).optional(),
  environments: envMap(mapping({
    projectId: gcpProjectId,
    region: gcpRegion,
    registries: registryList(gcpRegistrySchema),
    /** GitOps bootstrap of the environment's existing GKE cluster (config/gitops.ts). @default none: no bootstrap */
    gitops: gitopsSchema("gcp").optional(),
  })),
});

export const azureSchema = mapping({
  enabled: z.boolean(accepts("true or false")).default(true),
  /** Entra ID tenant of every subscription. */
  tenantId: azureUuid,
  /** Entra ID object ids (users or groups) given Key Vault Crypto Officer on every vault. */
  adminObjectIds: list(azureUuid, 1, Infinity, "a list of at least one object id", "object ids"),
  /** Public IPv4 ranges of the machines that run Terraform; empty means private endpoints only. */
  allowedIpRanges: z.array(publicIpRange, accepts("a list of IPv4 CIDR ranges")).default([]),
  backend: azureBackend.default({ type: "local" }),
  stateBackend: mapping({ subscriptionId: azureUuid, location: azureLocation }),
  /**
   * Dedicated evidence subscription (the log-archive pattern): the stack evidence-azure holds
   * every environment's logs key and write-once log account there, and each environment's
   * diagnostic settings deliver into it across the subscription boundary. Neither an
   * environment's nor the state backend's subscription. `location` holds the vault and the
   * subscription's own audit logs; each environment's log account sits in the environment's
   * location (a regional resource's diagnostic setting needs an account in its region).
   * @default none: each environment keeps its own logs key and log account
   */
  evidence: mapping({
    subscriptionId: azureUuid,
    location: azureLocation,
    /**
     * Entra ID object ids given the key-manager role on the evidence vault, which holds every
     * environment's logs key: people other than the environments' key administrators.
     * @default clouds.azure.adminObjectIds
     */
    adminObjectIds: list(azureUuid, 1, Infinity, "a list of at least one object id", "object ids").optional(),
  }).optional(),
  /**
   * Microsoft Defender for Cloud plans in each environment's subscription. Set
   * `defenderPlans: false` where a central team sets the plans by Azure Policy: the plans are one
   * setting per subscription. Defender for Storage with malware scanning on the registry accounts
   * stays on either way (a per-account setting that overrides the subscription's).
   */
  threatDetection: mapping({
    /** Defender for Key Vault and Defender for Storage (plan DefenderForStorageV2) on the subscription. @default true */
    defenderPlans: z.boolean(accepts("true or false")).default(true),
  }).default({ defenderPlans: true }),
  environments: envMap(mapping({
    subscriptionId: azureUuid,
    location: azureLocation,
    registries: registryList(azureRegistrySchema),
    functions: azureFunctionsSchema.default(() => azureFunctionsSchema.parse({})),
    /** GitOps bootstrap of the environment's existing AKS cluster (config/gitops.ts). @default none: no bootstrap */
    gitops: gitopsSchema("azure").optional(),
  })),
});


const ENV_NAME_ACCEPTED = "an environment name: 2-10 lowercase letters and digits, starting with a letter";

const runnerLabels = list(rule(CI_RUNNER_LABEL), CI_RUNNER_LABELS.min, CI_RUNNER_LABELS.max, `a list of ${CI_RUNNER_LABELS.min}-${CI_RUNNER_LABELS.max} runner labels`, "labels");

/** The `ci` block of one CI system: its repository rule names the repository format. */
function ciVariant<P extends CiProvider>(provider: P, repository: z.ZodString) {
  return mapping({
    provider: z.literal(provider),
    /**
     * The repository whose pipelines plan and apply this blueprint: the plan identity trusts any
     * branch of it, each deploy identity only its deploy job (GitHub: the job's environment; GitLab:
     * the protected `defaultBranch`).
     */
    repository,
    /**
     * Environments the pipeline applies, in this order (each waits for the one before). On GitHub
     * each deploy job runs in the GitHub environment of the same name, whose protection rules
     * (required reviewers, deployment branches) gate it: create them once by hand
     * (docs/release-automation.md).
     */
    environments: list(text(ENV_NAME, ENV_NAME_ACCEPTED), CI_ENVIRONMENTS.min, CI_ENVIRONMENTS.max, `a list of ${CI_ENVIRONMENTS.min}-${CI_ENVIRONMENTS.max} declared environments in deploy order (a deploy identity needs an environment)`, "environments"),
    /** The branch that deploys and publishes. @default main */
    defaultBranch: rule(CI_BRANCH).default("main"),
    /**
     * Issuer of the CI's OIDC tokens, for a self-managed GitLab.
     * @default https://token.actions.githubusercontent.com (github), https://gitlab.com (gitlab)
     */
    issuerUrl: rule(CI_ISSUER_URL).optional(),
    /**
     * Repositories whose pipelines sign and upload models: each gets a publisher identity per CI
     * environment that has one of its registries, which may only sign with that environment's
     * signing key and upload under incoming/ of those registries. @default []
     */
    modelRepositories: list(
      mapping({
        /** The model repository, in the same format as `repository`. */
        repository,
        /** Short name in the publisher identities' names. @default the repository's last path segment, lowercased */
        name: rule(CI_IDENTITY_NAME).optional(),
        /** Registries (`registries[].name`) the repository publishes to, in every CI environment that has them. */
        registries: list(rule(REGISTRY_NAME), CI_PUBLISH_REGISTRIES.min, CI_PUBLISH_REGISTRIES.max, `a list of ${CI_PUBLISH_REGISTRIES.min}-${CI_PUBLISH_REGISTRIES.max} registry names`, "registries"),
      }),
      0,
      CI_MODEL_REPOSITORIES.max,
      `a list of at most ${CI_MODEL_REPOSITORIES.max} model repositories`,
      "model repositories",
    ).default([]),
    /**
     * Runner labels for the jobs that reach each cloud (GitHub `runs-on`, GitLab `tags`). Azure's
     * key vaults and storage accounts admit only `clouds.azure.allowedIpRanges`, so its plan,
     * deploy and publish jobs need runners whose egress is in those ranges (self-hosted, or
     * hosted runners with static addresses). @default GitHub ubuntu-24.04; GitLab the shared runners
     */
    runners: mapping({
      aws: runnerLabels.optional(),
      gcp: runnerLabels.optional(),
      azure: runnerLabels.optional(),
    }).default({}),
    /** AWS only. */
    aws: mapping({
      /**
       * Use the account's existing IAM OIDC provider for the issuer instead of creating one: an
       * account has at most one provider per issuer URL. @default false
       */
      existingOidcProvider: z.boolean(accepts("true or false")).default(false),
    }).default({ existingOidcProvider: false }),
  });
}

/**
 * Release automation (README, "Release automation"): the CI identities each cloud trusts by
 * federation, and what `blueprint ci init` writes. No long-lived cloud secret exists anywhere.
 */
export const ciSchema = z.discriminatedUnion(
  "provider",
  [ciVariant("github", rule(GITHUB_REPOSITORY)), ciVariant("gitlab", rule(GITLAB_PROJECT_PATH))],
  acceptsTypes(CI_PROVIDERS, "CI provider"),
);

/** A calendar date that exists (no 2027-02-30). */
const isCalendarDate = (value: string): boolean => satisfies(CALENDAR_DATE, value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/**
 * An accepted finding: the policy engine (policies/engine.ts) stops failing synth and audit on
 * the findings of `rule` for `resource`, until `expires`. All fields are required; an expired
 * acknowledgement, or one that matches no finding, is itself an error finding.
 */
export const acknowledgementSchema = mapping({
  /** Rule id from policies/RULES.md (`WRITE-ONCE-AWS`); `*` and `?` match any run or one character. */
  rule: rule(POLICY_RULE_ID),
  /** Terraform address or glob, optionally after the stack: `aws-dev/aws_kms_key.*`. */
  resource: rule(POLICY_RESOURCE),
  /** Why the finding is accepted, for the auditor: at least 10 characters. */
  reason: z.string(accepts("a reason of at least 10 characters")).trim().min(10, accepts("a reason of at least 10 characters")),
  /** Who answers for the exception: a team or a person. */
  owner: z.string(accepts("an owner (team or person)")).trim().min(2, accepts("an owner (team or person)")),
  /** Change or risk ticket that records the decision. */
  ticket: z.string(accepts("a ticket id, e.g. SEC-1234")).trim().min(2, accepts("a ticket id, e.g. SEC-1234")),
  /** Last day the exception holds (UTC), `YYYY-MM-DD`; quote it or not. */
  expires: z.string(accepts(CALENDAR_DATE.accepted)).refine(isCalendarDate, accepts(CALENDAR_DATE.accepted)),
});

export const blueprintConfigSchema = mapping({
  organization: organizationSchema,
  /** Custom retention tiers, by name; presets need no entry. */
  retentionTiers: namedMap(RETENTION_TIER_NAME.pattern, `a tier name: ${RETENTION_TIER_NAME.accepted}`, customTierSchema).default({}),
  environments: envMap(environmentSchema),
  clouds: mapping({
    aws: awsSchema.optional(),
    gcp: gcpSchema.optional(),
    azure: azureSchema.optional(),
  }),
  /** Release automation: CI identity federation and pipelines. @default none: no CI identities */
  ci: ciSchema.optional(),
  /** Findings accepted for a time, with reason, owner, ticket and expiry (auditor's guide in README). @default [] */
  acknowledgements: z.array(acknowledgementSchema, accepts("a list of acknowledgements")).default([]),
});

export type BlueprintConfig = z.output<typeof blueprintConfigSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type LogsConfig = z.output<typeof logsSchema>;
export type BudgetConfig = z.output<typeof budgetSchema>;
export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type CustomTierConfig = z.output<typeof customTierSchema>;
export type OrganizationConfig = z.output<typeof organizationSchema>;
export type AwsConfig = z.output<typeof awsSchema>;
export type GcpConfig = z.output<typeof gcpSchema>;
export type AzureConfig = z.output<typeof azureSchema>;
export type AwsRegistryConfig = z.output<typeof awsRegistrySchema>;
export type GcpRegistryConfig = z.output<typeof gcpRegistrySchema>;
export type AzureRegistryConfig = z.output<typeof azureRegistrySchema>;
export type GateConfig = z.output<typeof gateSchema>;
export type AwsFunctionsConfig = z.output<typeof awsFunctionsSchema>;
export type CiConfig = z.output<typeof ciSchema>;
export type CiModelRepositoryConfig = CiConfig["modelRepositories"][number];
export type AcknowledgementConfig = z.output<typeof acknowledgementSchema>;
export type { AwsGitopsConfig, AzureGitopsConfig, GcpGitopsConfig, GitopsConfig } from "./gitops";
export type CloudName = "aws" | "gcp" | "azure";
export const CLOUD_NAMES: readonly CloudName[] = ["aws", "gcp", "azure"];
