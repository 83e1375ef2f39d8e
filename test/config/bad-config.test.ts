import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { EXIT_BAD_INPUT, runBlueprint } from "../../stacks/run-blueprint";

/*
 * Every kind of config field, broken one way at a time: each run must exit 2 and print exactly
 * one line `config error: <path>: <what is wrong>; accepted: <what is accepted>`, no trace.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "bad-config");
type Doc = Record<string, unknown>;

function defaultDoc(): Doc {
  return parse(fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8")) as Doc;
}

function setPath(doc: Doc, dotted: string, value: unknown): Doc {
  const keys = dotted.split(".");
  let node = doc as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === DELETE) {
    Reflect.deleteProperty(node, last);
  } else {
    node[last] = value;
  }
  return doc;
}

const DELETE = Symbol("delete");

let counter = 0;
function writeConfig(text: string): string {
  fs.mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, `case-${process.pid}-${counter++}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

export function runWith(file: string): { code: number; stderr: string } {
  let stderr = "";
  const code = runBlueprint({
    env: { BLUEPRINT_CONFIG: file, CDKTF_OUTDIR: path.join(SCRATCH, "never-written") },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stderr };
}

type Mutation = [string, unknown];

const cases: Array<[string, Mutation[], string, string]> = [
  ["org name uppercase", [["organization.name", "ACME"]], "organization.name", "3-16 lowercase letters"],
  ["org name too long", [["organization.name", "a".repeat(17)]], "organization.name", "3-16 lowercase letters"],
  ["org name starting with goog", [["organization.name", "googly"]], "organization.name", "not with goog"],
  ["org name double hyphen", [["organization.name", "acme--ai"]], "organization.name", "single hyphens"],
  ["owner with forbidden characters", [["organization.owner", "ml<platform>"]], "organization.owner", "1-63 characters"],
  ["owner longer than a GCP label", [["organization.owner", "o".repeat(64)]], "organization.owner", "1-63 characters"],
  ["cost center missing", [["organization.costCenter", DELETE]], "organization.costCenter", "missing"],
  ["unknown key in organization", [["organization.team", "x"]], "organization.team", "accepted: one of the keys name, owner, costCenter"],
  ["unknown top-level key", [["cloud", {}]], "cloud", "accepted: one of the keys organization, retentionTiers, environments, clouds"],
  ["protection not a level", [["environments.prod.protection", "paranoid"]], "environments.prod.protection", "strict | standard"],
  ["data classification unknown", [["environments.dev.dataClassification", "secret"]], "environments.dev.dataClassification", "public | internal | confidential | restricted"],
  ["rotation below range", [["environments.prod.keyRotationDays", 30]], "environments.prod.keyRotationDays", "an integer from 90 to 365 days"],
  ["rotation above range", [["environments.prod.keyRotationDays", 400]], "environments.prod.keyRotationDays", "an integer from 90 to 365 days"],
  ["rotation wrong type", [["environments.prod.keyRotationDays", "ninety"]], "environments.prod.keyRotationDays", "got \"ninety\""],
  ["rotation not whole", [["environments.prod.keyRotationDays", 90.5]], "environments.prod.keyRotationDays", "an integer"],
  ["environments is a list", [["environments", ["dev"]]], "environments", "got a list"],
  ["aws admin role with a space", [["clouds.aws.adminRoleName", "key admin"]], "clouds.aws.adminRoleName", "an IAM role name"],
  ["aws account id too short", [["clouds.aws.environments.dev.accountId", "12345"]], "clouds.aws.environments.dev.accountId", "exactly 12 digits"],
  ["aws account id unquoted", [["clouds.aws.environments.dev.accountId", 111111111111]], "clouds.aws.environments.dev.accountId", "got number 111111111111"],
  ["aws region unknown", [["clouds.aws.environments.prod.region", "eu-west-9"]], "clouds.aws.environments.prod.region", "nearest known: eu-west-1"],
  ["aws backend type unknown", [["clouds.aws.backend", { type: "dynamodb" }]], "clouds.aws.backend.type", "local or s3"],
  ["aws s3 backend kms key not an ARN", [["clouds.aws.backend", { type: "s3", kmsKeyId: "alias/state" }]], "clouds.aws.backend.kmsKeyId", "a KMS key or alias ARN"],
  ["aws local backend with a bucket", [["clouds.aws.backend", { type: "local", bucket: "b" }]], "clouds.aws.backend.bucket", "accepted: one of the keys type"],
  ["aws s3 backend bucket with two dots in a row", [["clouds.aws.backend", { type: "s3", bucket: "acme..tfstate" }]], "clouds.aws.backend.bucket", "an S3 bucket name: 3-63 lowercase letters, digits, - and ., starting and ending with a letter or digit, no .., not an IP address"],
  ["aws s3 backend bucket shaped like an IP address", [["clouds.aws.backend", { type: "s3", bucket: "192.168.1.10" }]], "clouds.aws.backend.bucket", "not an IP address"],
  ["aws s3 backend role that is a user", [["clouds.aws.backend", { type: "s3", roleArn: "arn:aws:iam::222222222222:user/terraform" }]], "clouds.aws.backend.roleArn", "an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/<name>)"],
  ["aws admin role name over 64 characters", [["clouds.aws.adminRoleName", "a".repeat(65)]], "clouds.aws.adminRoleName", "an IAM role name: 1-64 of letters, digits and + = , . @ _ -"],
  ["aws enabled not a boolean", [["clouds.aws.enabled", "yes"]], "clouds.aws.enabled", "true or false"],
  ["aws environment not declared", [["clouds.aws.environments.staging", { accountId: "111111111111", region: "eu-west-1" }]], "clouds.aws.environments.staging", "accepted: dev, prod"],
  ["aws state account missing", [["clouds.aws.stateBackend.accountId", DELETE]], "clouds.aws.stateBackend.accountId", "missing"],
  ["gcp project id uppercase", [["clouds.gcp.environments.dev.projectId", "Acme-dev"]], "clouds.gcp.environments.dev.projectId", "a GCP project id"],
  ["gcp project id with google", [["clouds.gcp.environments.dev.projectId", "my-google-proj"]], "clouds.gcp.environments.dev.projectId", "a GCP project id"],
  ["gcp project id too short", [["clouds.gcp.environments.dev.projectId", "ab1"]], "clouds.gcp.environments.dev.projectId", "6-30"],
  ["gcp region unknown", [["clouds.gcp.environments.prod.region", "europe-west99"]], "clouds.gcp.environments.prod.region", "a GCP region name"],
  ["gcp state backend missing", [["clouds.gcp.stateBackend", DELETE]], "clouds.gcp.stateBackend", "missing; accepted: a mapping with keys projectId, region"],
  ["gcp gcs backend key malformed", [["clouds.gcp.backend", { type: "gcs", kmsKeyId: "state-key" }]], "clouds.gcp.backend.kmsKeyId", "projects/<p>/locations/<l>"],
  ["gcp gcs backend bucket starting with goog", [["clouds.gcp.backend", { type: "gcs", bucket: "goog-state" }]], "clouds.gcp.backend.bucket", "a GCS bucket name: 3-63 lowercase letters, digits, -, _ and ., starting and ending with a letter or digit, not starting with goog, not containing google, not an IP address"],
  ["gcp gcs backend bucket containing google", [["clouds.gcp.backend", { type: "gcs", bucket: "acme-google-state" }]], "clouds.gcp.backend.bucket", "not containing google"],
  ["gcp key admin member a whole domain", [["clouds.gcp.keyAdminMembers", ["domain:example.com"]]], "clouds.gcp.keyAdminMembers[0]", "an IAM member: user:, group: or serviceAccount: followed by an email address"],
  ["azure tenant not a UUID", [["clouds.azure.tenantId", "not-a-uuid"]], "clouds.azure.tenantId", "a UUID"],
  ["azure subscription not a UUID", [["clouds.azure.environments.dev.subscriptionId", "1234"]], "clouds.azure.environments.dev.subscriptionId", "a UUID"],
  ["azure location with a space", [["clouds.azure.environments.dev.location", "west europe"]], "clouds.azure.environments.dev.location", "nearest known: westeurope"],
  ["azure admins empty", [["clouds.azure.adminObjectIds", []]], "clouds.azure.adminObjectIds", "at least one object id"],
  ["azure admin not a UUID", [["clouds.azure.adminObjectIds", ["bob"]]], "clouds.azure.adminObjectIds[0]", "a UUID"],
  ["azure IP range invalid", [["clouds.azure.allowedIpRanges", ["10.0.0.0/33"]]], "clouds.azure.allowedIpRanges[0]", "a public IPv4 address"],
  ["azure IP range private", [["clouds.azure.allowedIpRanges", ["192.168.1.0/24"]]], "clouds.azure.allowedIpRanges[0]", "a public IPv4 address"],
  ["azure IP range /32", [["clouds.azure.allowedIpRanges", ["203.0.113.7/32"]]], "clouds.azure.allowedIpRanges[0]", "without /32"],
  ["azure gate subnet missing with registries", [["clouds.azure.environments.dev.functions", DELETE]], "clouds.azure.environments.dev.functions.subnetId", "cannot reach the firewalled registry, host and log accounts and the Key Vault without VNet integration; accepted: the id of a subnet delegated to Microsoft.App/environments with the Microsoft.Storage and Microsoft.KeyVault service endpoints"],
  ["azure gate subnet malformed", [["clouds.azure.environments.dev.functions.subnetId", "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/network-dev/providers/Microsoft.Network/virtualNetworks/blueprint-dev"]], "clouds.azure.environments.dev.functions.subnetId", "/subscriptions/<subscription guid>/resourceGroups/<name>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"],
  ["azure backend account name invalid", [["clouds.azure.backend", { type: "azurerm", storageAccountName: "Bad_Name" }]], "clouds.azure.backend.storageAccountName", "3-24 lowercase letters and digits"],
  ["every cloud disabled", [["clouds.aws.enabled", false], ["clouds.gcp.enabled", false], ["clouds.azure.enabled", false]], "clouds", "at least one of aws, gcp, azure"],
  ["environment name invalid", [["environments.Prod!", {}]], "environments.Prod!", "an environment name"],
  ["retention tier unknown", [["environments.prod.logs.retentionTier", "forever"]], "environments.prod.logs.retentionTier", "compliance-7y, audit-1y, operational-90d, investigations-2y"],
  ["custom tier leaves STANDARD_IA too early on S3", [["retentionTiers.investigations-2y.warmAfterDays", 10], ["environments.dev.logs.retentionTier", "investigations-2y"]], "retentionTiers.investigations-2y.warmAfterDays", "AWS_S3_STANDARD_IA_TOO_EARLY"],
  ["custom tier expires before immutability ends", [["retentionTiers.investigations-2y.immutabilityDays", 800], ["environments.dev.logs.retentionTier", "investigations-2y"]], "retentionTiers.investigations-2y.expireAfterDays", "RETENTION_EXPIRY_BEFORE_IMMUTABILITY_ENDS"],
  ["unused custom tier invalid on an enabled cloud", [["retentionTiers.investigations-2y.warmAfterDays", 20]], "retentionTiers.investigations-2y.warmAfterDays", "AWS_S3_STANDARD_IA_TOO_EARLY"],
  ["budget recipient listed twice", [["environments.prod.budget.recipients", ["finops@example.com", "FinOps@example.com"]]], "environments.prod.budget.recipients[1]", "each address once"],
  ["custom tier reuses a preset name", [["retentionTiers.audit-1y", { expireAfterDays: 365, immutabilityDays: 365 }]], "retentionTiers.audit-1y", "a name other than compliance-7y"],
  ["custom tier field not a number", [["retentionTiers.investigations-2y.coldAfterDays", "ninety"]], "retentionTiers.investigations-2y.coldAfterDays", "an integer from 1 to 36500 days"],
  ["ingest not positive", [["environments.prod.logs.ingestGbPerDay", 0]], "environments.prod.logs.ingestGbPerDay", "a number of GB per day from 0.001"],
  ["monthly log cost ceiling too low", [["environments.prod.logs.maxMonthlyLogCost", 10]], "environments.prod.logs.maxMonthlyLogCost", "a cheaper tier or a lower ingest"],
  ["lockRetention not a boolean", [["environments.prod.logs.lockRetention", "always"]], "environments.prod.logs.lockRetention", "true or false"],
  ["unknown key in logs", [["environments.prod.logs.retention", "x"]], "environments.prod.logs.retention", "one of the keys retentionTier"],
  ["budget limit in fractions of a cent", [["environments.prod.budget.monthlyLimitUsd", 10.005]], "environments.prod.budget.monthlyLimitUsd", "in whole cents"],
  ["budget recipient not an email", [["environments.prod.budget.recipients", ["finops"]]], "environments.prod.budget.recipients[0]", "an email address"],
  ["budget recipient with an underscore in its domain", [["environments.prod.budget.recipients", ["fin_ops@exa_mple.com"]]], "environments.prod.budget.recipients[0]", 'got "fin_ops@exa_mple.com"; accepted: an email address such as finops@example.com'],
  ["budget with too many recipients", [["environments.prod.budget.recipients", ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io"]]], "environments.prod.budget.recipients", "a list of 1-5 email addresses"],
  ["budget alert percent zero", [["environments.prod.budget.alerts", [{ percent: 0, basis: "actual" }]]], "environments.prod.budget.alerts[0].percent", "an integer from 1 to 1000 percent"],
  ["budget alert basis unknown", [["environments.prod.budget.alerts", [{ percent: 80, basis: "projected" }]]], "environments.prod.budget.alerts[0].basis", "actual | forecast"],
  ["budget alerts duplicated", [["environments.prod.budget.alerts", [{ percent: 80, basis: "actual" }, { percent: 80, basis: "actual" }]]], "environments.prod.budget.alerts[1]", "each percent and basis once"],
  ["azure budget without a start month", [["environments.prod.budget.startMonth", DELETE]], "environments.prod.budget.startMonth", "Azure budgets need a start month"],
  ["budget start month before Azure budgets existed", [["environments.prod.budget.startMonth", "2017-01"]], "environments.prod.budget.startMonth", "from 2017-06 on"],
  ["alert recipient not an email", [["environments.prod.monitoring.notifications.emails", ["security"]]], "environments.prod.monitoring.notifications.emails[0]", 'got "security"; accepted: an email address such as finops@example.com'],
  ["alert recipients empty", [["environments.prod.monitoring.notifications.emails", []]], "environments.prod.monitoring.notifications.emails", "got an empty list; accepted: a list of 1-10 email addresses"],
  ["alert recipients eleven", [["environments.prod.monitoring.notifications.emails", Array.from({ length: 11 }, (_, i) => `a${i}@x.io`)]], "environments.prod.monitoring.notifications.emails", "a list of 1-10 email addresses"],
  ["alert webhook over plain http", [["environments.prod.monitoring.notifications.webhookUrl", "http://hooks.example.com/alerts"]], "environments.prod.monitoring.notifications.webhookUrl", "accepted: an https:// URL with a host name and no user:password@ part"],
  ["alert webhook with credentials before the host", [["environments.prod.monitoring.notifications.webhookUrl", "https://user:secret@hooks.example.com/alerts"]], "environments.prod.monitoring.notifications.webhookUrl", "no user:password@ part"],
  ["alert webhook with a blank", [["environments.prod.monitoring.notifications.webhookUrl", "https://hooks.example.com/a b"]], "environments.prod.monitoring.notifications.webhookUrl", "an https:// URL"],
  ["gate rejection threshold zero", [["environments.prod.monitoring.gateRejectionsPerHour", 0]], "environments.prod.monitoring.gateRejectionsPerHour", "an integer from 1 to 10000 rejections per hour"],
  ["cost anomaly threshold below a dollar", [["environments.prod.monitoring.costAnomalyThresholdUsd", 0.5]], "environments.prod.monitoring.costAnomalyThresholdUsd", "an amount in USD from 1 to 1000000"],
  ["data events fractional", [["environments.prod.monitoring.dataEventsPerMonth", 1.5]], "environments.prod.monitoring.dataEventsPerMonth", "an integer from 0 to 1000000000000 events per month"],
  ["security cost ceiling zero", [["environments.prod.monitoring.maxMonthlySecurityCost", 0]], "environments.prod.monitoring.maxMonthlySecurityCost", "a monthly amount in USD from 0.01 to 100000000"],
  ["unknown key in monitoring", [["environments.prod.monitoring.pager", "x"]], "environments.prod.monitoring.pager", "one of the keys notifications, gateRejectionsPerHour, costAnomalyThresholdUsd, dataEventsPerMonth, maxMonthlySecurityCost"],
  ["guardDuty switch not a boolean", [["clouds.aws.threatDetection.guardDuty", "central"]], "clouds.aws.threatDetection.guardDuty", "true or false"],
  ["defender switch not a boolean", [["clouds.azure.threatDetection.defenderPlans", "yes"]], "clouds.azure.threatDetection.defenderPlans", "true or false"],
  ["gcp billing account malformed", [["clouds.gcp.billingAccountId", "0000-0000"]], "clouds.gcp.billingAccountId", "a billing account id such as 012345-6789AB-CDEF01: three groups of six uppercase hexadecimal digits"],
  ["gcp billing account in lowercase", [["clouds.gcp.billingAccountId", "012345-6789ab-cdef01"]], "clouds.gcp.billingAccountId", "uppercase hexadecimal"],
  ...((): Array<[string, Mutation[], string, string]> => {
    const aws = "clouds.aws.environments.prod.registries";
    const gcp = "clouds.gcp.environments.prod.registries";
    const azure = "clouds.azure.environments.prod.registries";
    const awsRole = (name: string) => `arn:aws:iam::222222222222:role/${name}`;
    const awsRegistry = { name: "fraud-scoring", publishers: [awsRole("publisher")], readers: [awsRole("serving")] };
    return [
      ["registry name with uppercase", [[`${aws}.0.name`, "Fraud-Scoring"]], `${aws}[0].name`, "a registry name: 3-24 lowercase letters"],
      ["registry name ending with a hyphen", [[`${gcp}.0.name`, "fraud-"]], `${gcp}[0].name`, "not ending with a hyphen"],
      ["registry name too long", [[`${azure}.0.name`, "a".repeat(25)]], `${azure}[0].name`, "3-24 lowercase letters"],
      ["registry name giving a too long S3 bucket", [["organization.name", "acme-ai-platform"], [`${aws}.0.name`, "fraud-scoring-batch-eu-1"]], `${aws}[0].name`, "gives the S3 bucket name acme-ai-platform-prod-models-fraud-scoring-batch-eu-1-222222222222 (66 characters)"],
      ["duplicate registry", [[aws, [awsRegistry, awsRegistry]]], `${aws}[1].name`, "duplicates another registry (fraud-scoring); accepted: each registry name once per environment"],
      ["aws publisher not a role ARN", [[`${aws}.0.publishers`, ["arn:aws:iam::222222222222:user/alice"]]], `${aws}[0].publishers[0]`, "an IAM role ARN"],
      ["aws reader of another account", [[`${aws}.0.readers`, ["arn:aws:iam::999999999999:role/serving"]]], `${aws}[0].readers[0]`, "role of account 999999999999, not the environment's 222222222222"],
      ["aws publisher listed twice", [[`${aws}.0.publishers`, [awsRole("p"), awsRole("p")]]], `${aws}[0].publishers[1]`, "duplicates another entry"],
      ["registry without publishers", [[`${aws}.0.publishers`, []]], `${aws}[0].publishers`, "got an empty list; accepted: a list of 1-20 principals"],
      ["gcp publisher a person", [[`${gcp}.0.publishers`, ["user:alice@example.com"]]], `${gcp}[0].publishers[0]`, "serviceAccount: or group:"],
      ["gcp reader allUsers", [[`${gcp}.0.readers`, ["allUsers"]]], `${gcp}[0].readers[0]`, "serviceAccount: or group:"],
      ["azure reader not an object id", [[`${azure}.0.readers`, ["serving-team"]]], `${azure}[0].readers[0]`, "an Entra ID object id (a UUID)"],
      ["lineage tag with uppercase", [[`${aws}.0.lineageTags`, ["Dataset"]]], `${aws}[0].lineageTags[0]`, "a tag key: 1-63 lowercase letters"],
      ["lineage tags empty", [[`${gcp}.0.lineageTags`, []]], `${gcp}[0].lineageTags`, "a list of 1-9 tag keys"],
      ["lineage tag twice", [[`${azure}.0.lineageTags`, ["source-commit", "eval-report", "source-commit"]]], `${azure}[0].lineageTags[2]`, "duplicates another entry (source-commit)"],
      ["approved retention zero", [[`${aws}.0.approvedRetentionDays`, 0]], `${aws}[0].approvedRetentionDays`, "an integer from 1 to 36500 days"],
      ["incoming expiry a year and a day", [[`${gcp}.0.incomingExpiryDays`, 366]], `${gcp}[0].incomingExpiryDays`, "an integer from 1 to 365 days"],
      ["monthly upload negative", [[`${azure}.0.monthlyUploadGb`, -1]], `${azure}[0].monthlyUploadGb`, "a number of GB per month"],
      ["registry with an unknown key", [[`${aws}.0.owners`, ["x"]]], `${aws}[0].owners`, "one of the keys name, publishers, readers, lineageTags, approvedRetentionDays, incomingExpiryDays, monthlyUploadGb, gate"],
      ["gate requirement in another form", [[`${aws}.0.gate.evaluation`, ["accuracy at least 0.9"]]], `${aws}[0].gate.evaluation[0]`, "`<metric> <op> <number>` with op >=, <=, >, < or =="],
      ["gate requirement with an exponent", [[`${gcp}.0.gate.evaluation`, ["accuracy >= 9e-1"]]], `${gcp}[0].gate.evaluation[0]`, "`<metric> <op> <number>`"],
      ["gate requirement twice", [[`${azure}.0.gate.evaluation`, ["bias_audit passed", "bias_audit passed"]]], `${azure}[0].gate.evaluation[1]`, "duplicates another entry (bias_audit passed)"],
      ["gate requirements without the eval-report tag", [[`${aws}.0.lineageTags`, ["dataset-digest"]]], `${aws}[0].gate.evaluation`, "evaluation requirements without the eval-report lineage tag"],
      ["gate format unknown", [[`${gcp}.0.gate.allowedFormats`, ["keras"]]], `${gcp}[0].gate.allowedFormats[0]`, "safetensors | onnx | gguf | pickle | pytorch-zip"],
      ["gate formats empty", [[`${azure}.0.gate.allowedFormats`, []]], `${azure}[0].gate.allowedFormats`, "a list of formats from safetensors, onnx, gguf, pickle, pytorch-zip"],
      ["gate pickle import with a wildcard", [[`${aws}.0.gate.allowedPickleImports`, ["os.*"]]], `${aws}[0].gate.allowedPickleImports[0]`, "a Python global as module.name"],
      ["gate pickle import without a module", [[`${gcp}.0.gate.allowedPickleImports`, ["eval"]]], `${gcp}[0].gate.allowedPickleImports[0]`, "a Python global as module.name"],
      ["gate size limit zero", [[`${azure}.0.gate.maxTotalGb`, 0]], `${azure}[0].gate.maxTotalGb`, "a number of GB from 0.001 to 5000"],
      ["gate file limit fractional", [[`${aws}.0.gate.maxFiles`, 1.5]], `${aws}[0].gate.maxFiles`, "an integer from 1 to 100000 files"],
      ["gate bundle limit too large", [[`${gcp}.0.gate.maxManifestKb`, 65537]], `${gcp}[0].gate.maxManifestKb`, "an integer from 1 to 65536 KiB"],
      ["functions boundary not a policy ARN", [["clouds.aws.environments.prod.functions.permissionsBoundary", "arn:aws:iam::222222222222:role/boundary"]], "clouds.aws.environments.prod.functions.permissionsBoundary", "an IAM policy ARN: arn:aws:iam::<account>:policy/<name>"],
      ["functions boundary of another account", [["clouds.aws.environments.prod.functions.permissionsBoundary", "arn:aws:iam::999999999999:policy/boundary"]], "clouds.aws.environments.prod.functions.permissionsBoundary", "a policy of account 999999999999, not the environment's 222222222222"],
      ["functions as an image (cannot be signed)", [["clouds.aws.environments.prod.functions.packageType", "image"]], "clouds.aws.environments.prod.functions.packageType", "Lambda cannot sign container images; accepted: zip"],
      ["functions VPC without subnets", [["clouds.aws.environments.prod.functions.vpc", { subnetIds: [], securityGroupIds: ["sg-0123456789abcdef0"] }]], "clouds.aws.environments.prod.functions.vpc.subnetIds", "got an empty list; accepted: a list of 1-16 subnet ids"],
      ["functions VPC without its subnet list", [["clouds.aws.environments.prod.functions.vpc", { securityGroupIds: ["sg-0123456789abcdef0"] }]], "clouds.aws.environments.prod.functions.vpc.subnetIds", "a list of 1-16 subnet ids"],
      ["functions VPC with a bad security group", [["clouds.aws.environments.prod.functions.vpc", { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["default"] }]], "clouds.aws.environments.prod.functions.vpc.securityGroupIds[0]", "a security group id: sg- and 8 or 17 hex digits"],
      ["gate malware scan mode unknown", [[`${aws}.0.gate.malwareScan`, { onMissing: "allow" }]], `${aws}[0].gate.malwareScan.onMissing`, "wait | reject"],
      ["gate malware scan wait over ten minutes", [[`${azure}.0.gate.malwareScan`, { onMissing: "wait", waitSeconds: 601 }]], `${azure}[0].gate.malwareScan.waitSeconds`, "an integer from 1 to 600 seconds"],
      ["gate with an unknown key", [[`${azure}.0.gate.thresholds`, ["x"]]], `${azure}[0].gate.thresholds`, "one of the keys evaluation, allowedFormats, allowedPickleImports, maxTotalGb, maxFiles, maxManifestKb"],
    ];
  })(),
  ...((): Array<[string, Mutation[], string, string]> => {
    const ack = { rule: "WRITE-ONCE-AWS", resource: "aws-dev/aws_s3_bucket.*", reason: "dev logs are rebuilt weekly", owner: "ml-platform", ticket: "SEC-1", expires: "2027-06-30" };
    const one = (changes: Record<string, unknown>): Mutation[] => [["acknowledgements", [{ ...ack, ...changes }]]];
    return [
      ["acknowledgement reason too short", one({ reason: "because" }), "acknowledgements[0].reason", "a reason of at least 10 characters"],
      ["acknowledgement expiry not a date", one({ expires: "2027-02-30" }), "acknowledgements[0].expires", "a date YYYY-MM-DD"],
      ["acknowledgement expiry in another format", one({ expires: "30/06/2027" }), "acknowledgements[0].expires", "a date YYYY-MM-DD"],
      ["acknowledgement without an owner", one({ owner: undefined }), "acknowledgements[0].owner", "an owner (team or person)"],
      ["acknowledgement without a ticket", one({ ticket: "" }), "acknowledgements[0].ticket", "a ticket id"],
      ["acknowledgement rule id in lower case", one({ rule: "write-once-aws" }), "acknowledgements[0].rule", "a rule id from policies/RULES.md"],
      ["acknowledgement resource with spaces", one({ resource: "aws_s3_bucket logs" }), "acknowledgements[0].resource", "a resource address or glob"],
      ["acknowledgement with an unknown key", one({ approvedBy: "me" }), "acknowledgements[0].approvedBy", "one of the keys rule, resource, reason, owner, ticket, expires"],
      ["acknowledgements not a list", [["acknowledgements", { rule: "X" }]], "acknowledgements", "a list of acknowledgements"],
    ];
  })(),
];

describe("bad configuration", () => {
  afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

  test("the matrix covers at least 25 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  test.each(cases)("%s", (_name, mutations, fieldPath, accepted) => {
    const doc = defaultDoc();
    for (const [at, value] of mutations) setPath(doc, at, value);
    const { code, stderr } = runWith(writeConfig(stringify(doc)));
    expect(code).toBe(EXIT_BAD_INPUT);
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^config error: ${fieldPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .+; .+`));
    expect(lines[0]).toContain(accepted);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test("reports every problem at once, one line each", () => {
    const doc = defaultDoc();
    setPath(doc, "organization.name", "ACME");
    setPath(doc, "environments.prod.keyRotationDays", 1);
    setPath(doc, "clouds.azure.tenantId", "x");
    const { code, stderr } = runWith(writeConfig(stringify(doc)));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr.trimEnd().split("\n").map((l) => l.split(":")[1]!.trim())).toEqual([
      "organization.name",
      "environments.prod.keyRotationDays",
      "clouds.azure.tenantId",
    ]);
  });

  test("a YAML syntax error gives the file, line and column", () => {
    const file = writeConfig("organization:\n  name: acme-ai\n  owner: [unclosed\n");
    const { code, stderr } = runWith(file);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr.trimEnd().split("\n")[0]).toMatch(new RegExp(`^config error: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: YAML syntax error: .+; accepted: valid YAML`));
  });

  test("a duplicated key is a YAML error with its position", () => {
    const { code, stderr } = runWith(writeConfig("organization:\n  name: a\n  name: b\n"));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toMatch(/:3:3: YAML syntax error: Map keys must be unique/);
  });

  test("a missing file names the path it looked for", () => {
    const missing = path.join(SCRATCH, "does-not-exist.yaml");
    const { code, stderr } = runWith(missing);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe(`config error: ${missing}: file not found; accepted: a YAML file, the default blueprint.config.yaml or the path in BLUEPRINT_CONFIG\n`);
  });

  test("an empty file says what the document must be", () => {
    const { code, stderr } = runWith(writeConfig(""));
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe("config error: (root): got null; accepted: a mapping with keys organization, retentionTiers, environments, clouds, ci, acknowledgements\n");
  });
});
