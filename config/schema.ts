import { z } from "zod";
import { PROTECTION_LEVELS } from "../constructs/shared/protection";
import { AWS_REGIONS, AZURE_LOCATIONS, GCP_REGIONS } from "./regions";
import { RETENTION_TIER_PRESET_NAMES } from "../constructs/shared/retention-tier";
import { accepts, acceptsTypes, amount, describeInput, integer, list, mapping, namedMap, oneOf, text } from "./messages";

/*
 * The configuration schema. Every field has a default that is the secure choice, or is
 * required. README's configuration reference documents each field in the order given here.
 */

const ORG_NAME = /^(?!goog)[a-z](?!.*--)[a-z0-9-]{1,14}[a-z0-9]$/;
const ENV_NAME = /^[a-z][a-z0-9]{1,9}$/;
/** Characters AWS accepts in tag values; GCP labels get a lowercased, mapped copy. */
const TAG_VALUE = /^[A-Za-z0-9][A-Za-z0-9 _.:/=+@-]{0,62}$/;
const TAG_VALUE_ACCEPTED = "1-63 characters: letters, digits, space and _ . : / = + @ -, starting with a letter or digit";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_ACCEPTED = "a UUID such as 00000000-0000-4000-8000-000000000000";
/** GCP project id: 6-30 characters, lowercase letters, digits, hyphens, letter first, no trailing hyphen. */
const GCP_PROJECT_ID = /^(?!.*(google|null|undefined|ssl))[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** An IAM member that may administer GCP keys: a person, group or service account by email. */
const GCP_KEY_ADMIN_MEMBER = /^(user|group|serviceAccount):[^\s@:]+@[^\s@:]+\.[A-Za-z]{2,}$/;
const GCP_KEY_ADMIN_MEMBER_ACCEPTED = "an IAM member: user:, group: or serviceAccount: followed by an email address";
const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\/([0-9]|[12]\d|3[0-2]))?$/;

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
 * (a single address is written without a prefix).
 */
const PUBLIC_RANGE_ACCEPTED = "a public IPv4 address or a CIDR range up to /30, such as 203.0.113.0/24 (a single address without /32)";
const PRIVATE_PREFIXES = [/^10\./, /^127\./, /^169\.254\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./, /^0\./];
const publicIpRange = z
  .string(accepts(PUBLIC_RANGE_ACCEPTED))
  .refine(
    (range) => IPV4_CIDR.test(range) && !PRIVATE_PREFIXES.some((p) => p.test(range)) && !/\/3[12]$/.test(range),
    accepts(PUBLIC_RANGE_ACCEPTED),
  );

const awsAccountId = text(/^\d{12}$/, "an AWS account id of exactly 12 digits, quoted");
const gcpProjectId = text(GCP_PROJECT_ID, "a GCP project id: 6-30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, not containing google, null, undefined or ssl");
const azureUuid = text(UUID, UUID_ACCEPTED);
const awsRegion = region("an AWS region name", AWS_REGIONS);
const gcpRegion = region("a GCP region name", GCP_REGIONS);
const azureLocation = region("an Azure location name", AZURE_LOCATIONS);

export const organizationSchema = mapping({
  /** Short slug used in every resource name. */
  name: text(ORG_NAME, "3-16 lowercase letters, digits and single hyphens, starting with a letter, not with goog"),
  /** `owner` tag: the team answerable for these resources. */
  owner: text(TAG_VALUE, TAG_VALUE_ACCEPTED),
  /** `cost-center` tag: where the bill goes. */
  costCenter: text(TAG_VALUE, TAG_VALUE_ACCEPTED),
});

const TIER_NAME = /^[a-z][a-z0-9-]{1,31}$/;
const TIER_NAME_ACCEPTED = `a retention tier: a preset (${RETENTION_TIER_PRESET_NAMES.join(", ")}) or a name under retentionTiers`;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A custom retention tier: the day objects enter each class, expiry and write-once period. */
export const customTierSchema = mapping({
  warmAfterDays: integer(1, 36_500, "days").optional(),
  coldAfterDays: integer(1, 36_500, "days").optional(),
  archiveAfterDays: integer(1, 36_500, "days").optional(),
  expireAfterDays: integer(1, 146_000, "days"),
  immutabilityDays: integer(1, 146_000, "days"),
  acceptEarlyDeletionFees: z.boolean(accepts("true or false")).default(false),
});

/** Audit-log storage of an environment. */
export const logsSchema = mapping({
  /** Preset or custom tier name. */
  retentionTier: text(TIER_NAME, TIER_NAME_ACCEPTED).default("compliance-7y"),
  /** Expected log volume; drives the cost estimate and maxMonthlyLogCost. */
  ingestGbPerDay: amount(0.001, 1_000_000, "a number of GB per day from 0.001 to 1000000").default(1),
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
  percent: integer(1, 1000, "percent"),
  basis: oneOf(["actual", "forecast"] as const),
});

/** Monthly budget of an environment's stack on every cloud. */
export const budgetSchema = mapping({
  monthlyLimitUsd: amount(0.01, 10_000_000, "a monthly amount in USD from 0.01 to 10000000, in whole cents").refine(
    (v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6,
    accepts("a monthly amount in USD from 0.01 to 10000000, in whole cents"),
  ),
  recipients: list(text(EMAIL, "an email address"), 1, 5, "a list of 1-5 email addresses (GCP budgets notify at most 5 channels)", "email addresses"),
  /** @default 80% of actual spend and 100% of forecast spend */
  alerts: list(budgetAlertSchema, 1, 5, "a list of 1-5 alerts", "alerts").optional(),
  /** First month of the Azure budget (Azure requires a start date, first of a month). */
  startMonth: text(/^\d{4}-(0[1-9]|1[0-2])$/, "a month as YYYY-MM from 2017-06 on, e.g. 2026-12")
    .refine((m) => m >= "2017-06", accepts("a month as YYYY-MM from 2017-06 on, e.g. 2026-12"))
    .optional(),
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
      bucket: text(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name: 3-63 lowercase letters, digits, - and .").optional(),
      /** @default the alias ARN of the state key the state-backend-aws stack creates */
      kmsKeyId: text(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/, "a KMS key or alias ARN").optional(),
      /** Role in the state account the backend assumes; needed when stacks live in other accounts. */
      roleArn: text(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "an IAM role ARN").optional(),
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
      bucket: text(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, "a GCS bucket name: 3-63 lowercase letters, digits, -, _ and .").optional(),
      kmsKeyId: text(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, "projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>").optional(),
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
      storageAccountName: text(/^[a-z0-9]{3,24}$/, "a storage account name: 3-24 lowercase letters and digits").optional(),
      resourceGroupName: text(/^[\w().-]{0,89}[\w()-]$/, "a resource group name: 1-90 letters, digits, _ ( ) . -, not ending with .").optional(),
    }),
  ],
  acceptsTypes(["local", "azurerm"], "backend type"),
);

const envMap = <V extends z.ZodType>(value: V) =>
  namedMap(ENV_NAME, "an environment name: 2-10 lowercase letters and digits, starting with a letter", value);

export const awsSchema = mapping({
  enabled: z.boolean(accepts("true or false")).default(true),
  /** IAM role (in each account) that administers the KMS keys. */
  adminRoleName: text(/^[\w+=,.@-]{1,64}$/, "an IAM role name: 1-64 of letters, digits and + = , . @ _ -"),
  /**
   * IAM role (in each account) that may still delete, disable or re-policy the logs key and
   * change the log bucket's lock, lifecycle, encryption or policy in `strict` environments, and
   * only in a session with MFA. @default none: nobody can, ever
   */
  breakGlassRoleName: text(/^[\w+=,.@-]{1,64}$/, "an IAM role name: 1-64 of letters, digits and + = , . @ _ -").optional(),
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
  environments: envMap(mapping({ accountId: awsAccountId, region: awsRegion })),
});

export const gcpSchema = mapping({
  enabled: z.boolean(accepts("true or false")).default(true),
  /** Cloud Billing account the budgets watch; required when an environment declares a budget. */
  billingAccountId: text(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, "a billing account id such as 012345-6789AB-CDEF01").optional(),
  /**
   * IAM members (user:, group:, serviceAccount:) given roles/cloudkms.admin on every GCP key
   * ring: key administration without key use. @default [] (no ring-level binding)
   */
  keyAdminMembers: list(text(GCP_KEY_ADMIN_MEMBER, GCP_KEY_ADMIN_MEMBER_ACCEPTED), 0, 20, "a list of at most 20 IAM members", "members").default([]),
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
  environments: envMap(mapping({ projectId: gcpProjectId, region: gcpRegion })),
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
  environments: envMap(mapping({ subscriptionId: azureUuid, location: azureLocation })),
});

export const blueprintConfigSchema = mapping({
  organization: organizationSchema,
  /** Custom retention tiers, by name; presets need no entry. */
  retentionTiers: namedMap(TIER_NAME, "a tier name: 2-32 lowercase letters, digits and hyphens, starting with a letter", customTierSchema).default({}),
  environments: envMap(environmentSchema),
  clouds: mapping({
    aws: awsSchema.optional(),
    gcp: gcpSchema.optional(),
    azure: azureSchema.optional(),
  }),
});

export type BlueprintConfig = z.output<typeof blueprintConfigSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type LogsConfig = z.output<typeof logsSchema>;
export type BudgetConfig = z.output<typeof budgetSchema>;
export type CustomTierConfig = z.output<typeof customTierSchema>;
export type OrganizationConfig = z.output<typeof organizationSchema>;
export type AwsConfig = z.output<typeof awsSchema>;
export type GcpConfig = z.output<typeof gcpSchema>;
export type AzureConfig = z.output<typeof azureSchema>;
export type CloudName = "aws" | "gcp" | "azure";
export const CLOUD_NAMES: readonly CloudName[] = ["aws", "gcp", "azure"];
