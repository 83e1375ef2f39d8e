import { Resource } from "../../model";
import { Outcome, RuleContext, UNKNOWN_VALUE, notApplicable, resourceRule, valueOf } from "../../rule";
import { ACCESS_LOG_PURPOSE, blocksAt, companionsOf, keyReference, purposeOf, reportKey, shown } from "../../support/aws-storage";

/**
 * A customer-managed key of the stack is one whose rotation, policy and deletion protection the
 * other KEY-* rules check; an AWS managed key (`aws/<service>`) has a policy nobody can narrow,
 * and an AWS owned key is not even visible. Attribute names are terraform-provider-aws 6.25's
 * (the @cdktf/provider-aws 21.22 bindings).
 */
const S3_KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];
/** ECR EncryptionConfiguration.encryptionType: AES256, KMS or KMS_DSSE (Amazon ECR API Reference). */
const ECR_KMS_TYPES = ["KMS", "KMS_DSSE"];
const SSE_BY_DEFAULT = "rule.apply_server_side_encryption_by_default";

function checkBucket(bucket: Resource, context: RuleContext): Outcome {
  const problems = context.problems();
  const configurations = companionsOf(bucket, "aws_s3_bucket_server_side_encryption_configuration", context);
  if (configurations.length === 0) return problems.error("no aws_s3_bucket_server_side_encryption_configuration: S3 encrypts with SSE-S3 (AES256), not a customer-managed key").outcome();
  for (const configuration of configurations) {
    const algorithm = valueOf(configuration, `${SSE_BY_DEFAULT}.sse_algorithm`);
    if (algorithm === UNKNOWN_VALUE) {
      problems.unknown("sse_algorithm");
      continue;
    }
    if (!S3_KMS_ALGORITHMS.includes(String(algorithm))) {
      // S3 delivers server access logs only into buckets with SSE-S3 default encryption (Amazon
      // S3 User Guide, "Enabling Amazon S3 server access logging"): AES256 is the one allowed choice.
      if (algorithm === "AES256" && purposeOf(bucket) === ACCESS_LOG_PURPOSE) return notApplicable("S3 server access log targets accept SSE-S3 only");
      problems.error(`sse_algorithm is ${shown(algorithm)}, not "aws:kms"`);
      continue;
    }
    reportKey(keyReference(configuration, `${SSE_BY_DEFAULT}.kms_master_key_id`, context), "kms_master_key_id", "S3 uses the AWS managed key aws/s3", problems);
  }
  return problems.outcome();
}

/** Types whose key is one attribute, and what the service uses when it is absent. */
const KEY_ATTRIBUTE: Readonly<Record<string, readonly [string, string]>> = {
  aws_sqs_queue: ["kms_master_key_id", "SQS uses SSE-SQS (sqs_managed_sse_enabled) or no encryption"],
  aws_sns_topic: ["kms_master_key_id", "SNS stores messages without a KMS key"],
  aws_cloudwatch_log_group: ["kms_key_id", "CloudWatch Logs encrypts with a key AWS owns"],
  aws_cloudtrail: ["kms_key_id", "CloudTrail encrypts log files with SSE-S3"],
  aws_secretsmanager_secret: ["kms_key_id", "Secrets Manager uses the AWS managed key aws/secretsmanager"],
  aws_lambda_function: ["kms_key_arn", "Lambda encrypts environment variables with the AWS managed key aws/lambda"],
};

function checkLambda(fn: Resource, context: RuleContext): Outcome {
  const variables = valueOf(fn, "environment.variables");
  if (variables === undefined || (typeof variables === "object" && variables !== null && Object.keys(variables).length === 0)) return notApplicable("no environment variables to encrypt");
  return checkAttribute(fn, context);
}

function checkAttribute(resource: Resource, context: RuleContext): Outcome {
  const problems = context.problems();
  const [attribute, absentMeans] = KEY_ATTRIBUTE[resource.type]!;
  reportKey(keyReference(resource, attribute, context), attribute, absentMeans, problems);
  return problems.outcome();
}

function checkRepository(repository: Resource, context: RuleContext): Outcome {
  const problems = context.problems();
  const type = valueOf(repository, "encryption_configuration.encryption_type");
  if (type === UNKNOWN_VALUE) problems.unknown("encryption_configuration.encryption_type");
  else if (!ECR_KMS_TYPES.includes(String(type))) problems.error(`encryption_configuration.encryption_type is ${shown(type)}, not "KMS": ECR encrypts with AES256`);
  else reportKey(keyReference(repository, "encryption_configuration.kms_key", context), "encryption_configuration.kms_key", "ECR uses the AWS managed key aws/ecr", problems);
  return problems.outcome();
}

function checkTable(table: Resource, context: RuleContext): Outcome {
  const problems = context.problems();
  const enabled = blocksAt(table, "server_side_encryption").length === 0 ? undefined : valueOf(table, "server_side_encryption.enabled");
  if (enabled === UNKNOWN_VALUE) problems.unknown("server_side_encryption.enabled");
  else if (enabled !== true) problems.error(`server_side_encryption.enabled is ${shown(enabled)}, not true: DynamoDB uses a key AWS owns`);
  else reportKey(keyReference(table, "server_side_encryption.kms_key_arn", context), "server_side_encryption.kms_key_arn", "DynamoDB uses the AWS managed key aws/dynamodb", problems);
  return problems.outcome();
}

export const rule = resourceRule({
  control: "CMK-ENCRYPTION",
  cloud: "aws",
  title: "Data at rest is encrypted with a KMS key the stack manages",
  severity: "error",
  appliesTo: ["aws_s3_bucket", "aws_ecr_repository", "aws_dynamodb_table", ...Object.keys(KEY_ATTRIBUTE)],
  mappings: {
    checkov: ["CKV_AWS_145", "CKV_AWS_35", "CKV_AWS_158", "CKV_AWS_173", "CKV_AWS_136", "CKV_AWS_119", "CKV_AWS_149", "CKV_AWS_26", "CKV2_AWS_73"],
    cis: ["AWS Foundations 3.0 3.5"],
    nist80053: ["SC-28", "SC-28(1)", "SC-12"],
  },
  rationale: "With a service-managed key anyone allowed by the data's own policy can read it, and nobody can revoke, rotate on demand, or audit use of the key separately; a customer-managed key adds a second, auditable gate that the stack controls.",
  fix: "Encrypt with a KmsKey of the stack: SSE-KMS (aws:kms) with kms_master_key_id on the bucket's encryption configuration (the ImmutableLogBucket and state bucket do this), kms_key_id / kms_master_key_id / kms_key_arn on the other resources.",
  check(resource, context) {
    switch (resource.type) {
      case "aws_s3_bucket":
        return checkBucket(resource, context);
      case "aws_ecr_repository":
        return checkRepository(resource, context);
      case "aws_dynamodb_table":
        return checkTable(resource, context);
      case "aws_lambda_function":
        return checkLambda(resource, context);
      default:
        return checkAttribute(resource, context);
    }
  },
  tests: {
    compliance: [
      {
        name: "bucket with SSE-KMS and a key of the stack",
        stack: {
          resource: {
            aws_kms_key: { k: { enable_key_rotation: true } },
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_server_side_encryption_configuration: {
              e: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.k.arn}" } }] },
            },
          },
        },
      },
      {
        name: "access-log target with SSE-S3 is exempt, trail and queue use an alias and a key",
        stack: {
          resource: {
            aws_kms_key: { k: {} },
            aws_kms_alias: { a: { name: "alias/logs", target_key_id: "${aws_kms_key.k.key_id}" } },
            aws_s3_bucket: { access: { bucket: "access", tags: { purpose: "access-logs" } } },
            aws_s3_bucket_server_side_encryption_configuration: { e: { bucket: "${aws_s3_bucket.access.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } },
            aws_cloudtrail: { t: { name: "t", s3_bucket_name: "x", kms_key_id: "${aws_kms_key.k.arn}" } },
            aws_sqs_queue: { q: { kms_master_key_id: "${aws_kms_alias.a.arn}" } },
            aws_lambda_function: { f: { function_name: "f" } },
          },
        },
      },
      {
        name: "a plan: DynamoDB table and ECR repository with keys of the plan",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", values: { arn: "arn:aws:kms:eu-west-1:111111111111:key/abc" } },
                { address: "aws_dynamodb_table.t", mode: "managed", type: "aws_dynamodb_table", name: "t", values: { server_side_encryption: [{ enabled: true, kms_key_arn: "arn:aws:kms:eu-west-1:111111111111:key/abc" }] } },
                { address: "aws_ecr_repository.r", mode: "managed", type: "aws_ecr_repository", name: "r", values: { encryption_configuration: [{ encryption_type: "KMS", kms_key: "arn:aws:kms:eu-west-1:111111111111:key/abc" }] } },
              ],
            },
          },
        },
      },
    ],
    noncompliance: [
      {
        name: "bucket with SSE-S3",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_server_side_encryption_configuration: { e: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } },
          },
        },
        expect: 'sse_algorithm is "AES256", not "aws:kms"',
      },
      { name: "bucket without an encryption configuration", stack: { resource: { aws_s3_bucket: { b: { bucket: "data" } } } }, expect: "no aws_s3_bucket_server_side_encryption_configuration" },
      {
        name: "bucket with SSE-KMS but no key id (aws/s3)",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_server_side_encryption_configuration: { e: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } }] } },
          },
        },
        expect: "kms_master_key_id is absent: S3 uses the AWS managed key aws/s3",
      },
      {
        name: "bucket with a literal key ARN",
        stack: {
          resource: {
            aws_s3_bucket: { b: { bucket: "data" } },
            aws_s3_bucket_server_side_encryption_configuration: {
              e: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:eu-west-1:999999999999:key/x" } }] },
            },
          },
        },
        expect: "not a key this stack manages",
        severity: "warning",
      },
      { name: "queue with SQS-managed SSE only", stack: { resource: { aws_sqs_queue: { q: { sqs_managed_sse_enabled: true } } } }, expect: "kms_master_key_id is absent: SQS uses SSE-SQS" },
      { name: "secret with the AWS managed key", stack: { resource: { aws_secretsmanager_secret: { s: { kms_key_id: "alias/aws/secretsmanager" } } } }, expect: "an AWS managed key" },
      { name: "function with environment variables and no key", stack: { resource: { aws_lambda_function: { f: { environment: { variables: { MODE: "x" } } } } } }, expect: "kms_key_arn is absent" },
      { name: "log group without a key", stack: { resource: { aws_cloudwatch_log_group: { g: { name: "g" } } } }, expect: "kms_key_id is absent: CloudWatch Logs" },
      { name: "ECR repository with AES256", stack: { resource: { aws_ecr_repository: { r: { encryption_configuration: [{ encryption_type: "AES256" }] } } } }, expect: 'encryption_type is "AES256", not "KMS"' },
      {
        name: "a plan: DynamoDB table with the AWS owned key, SNS topic with a key looked up",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_dynamodb_table.t", mode: "managed", type: "aws_dynamodb_table", name: "t", values: { server_side_encryption: [] } },
                { address: "aws_sns_topic.s", mode: "managed", type: "aws_sns_topic", name: "s", values: { kms_master_key_id: "arn:aws:kms:eu-west-1:1:key/x" } },
                { address: "data.aws_kms_key.k", mode: "data", type: "aws_kms_key", name: "k", values: {} },
              ],
            },
          },
          configuration: { root_module: { resources: [{ address: "aws_sns_topic.s", expressions: { kms_master_key_id: { references: ["data.aws_kms_key.k.arn", "data.aws_kms_key.k"] } } }] } },
        },
        expect: 'server_side_encryption.enabled is "absent", not true',
      },
      {
        name: "a plan: SNS topic with a key looked up",
        plan: {
          format_version: "1.2",
          planned_values: { root_module: { resources: [{ address: "aws_sns_topic.s", mode: "managed", type: "aws_sns_topic", name: "s", values: { kms_master_key_id: "arn:aws:kms:eu-west-1:1:key/x" } }, { address: "data.aws_kms_key.k", mode: "data", type: "aws_kms_key", name: "k", values: {} }] } },
          configuration: { root_module: { resources: [{ address: "aws_sns_topic.s", expressions: { kms_master_key_id: { references: ["data.aws_kms_key.k.arn", "data.aws_kms_key.k"] } } }] } },
        },
        expect: "refers to data.aws_kms_key.k, a key looked up",
        severity: "warning",
      },
      {
        name: "a plan whose bucket key is decided at apply",
        plan: {
          format_version: "1.2",
          resource_changes: [
            { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", change: { actions: ["create"], before: null, after: { bucket: "data" }, after_unknown: { arn: true } } },
            {
              address: "aws_s3_bucket_server_side_encryption_configuration.e",
              mode: "managed",
              type: "aws_s3_bucket_server_side_encryption_configuration",
              name: "e",
              change: { actions: ["create"], before: null, after: { bucket: "data", rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }] }, after_unknown: { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] } },
            },
          ],
        },
        expect: "kms_master_key_id is known only after apply",
        severity: "warning",
      },
    ],
  },
});
