import { TextRule } from "./text-rule";

/*
 * AWS limits, read by the config schema and by the constructs in constructs/aws/. Where the
 * provider checks a value at plan time, the rule is the provider's (terraform-provider-aws,
 * internal/service/<service>/...); where only the API checks it, the rule is the API's, so a
 * value that passes here does not fail later at apply.
 */

/**
 * S3 bucket names outside us-east-1's legacy rules: the provider's `validBucketName`
 * (internal/service/s3/bucket.go: 3-63 characters of lowercase letters, digits, `.` and `-`,
 * no leading or trailing `.`, no `..`, not an IP address) and the S3 user guide's "General
 * purpose bucket naming rules" (starting and ending with a letter or digit).
 */
export const S3_BUCKET_NAME: TextRule = {
  pattern: /^(?!.*\.\.)(?!\d{1,3}(\.\d{1,3}){3}$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  accepted: "3-63 lowercase letters, digits, - and ., starting and ending with a letter or digit, no .., not an IP address",
};

/** An AWS account id: exactly 12 digits (leading zeros are part of it, so it is text). */
export const AWS_ACCOUNT_ID: TextRule = { pattern: /^\d{12}$/, accepted: "12 digits" };

/** The partitions the blueprint deploys to (`awsPartition` in config/regions.ts derives them). */
export const AWS_PARTITION: TextRule = { pattern: /^aws(-cn|-us-gov)?$/, accepted: "aws, aws-cn or aws-us-gov" };

/**
 * An IAM role name: 1-64 of letters, digits and `+ = , . @ _ -` (the provider's
 * `validResourceName(roleNameMaxLen)`, internal/service/iam/validate.go and role.go).
 */
export const IAM_ROLE_NAME: TextRule = {
  pattern: /^[\w+=,.@-]{1,64}$/,
  accepted: "1-64 of letters, digits and + = , . @ _ -",
};

/**
 * An IAM role ARN, `arn:<partition>:iam::<account>:role/<path/><name>`: the form a key policy
 * principal and an `aws:PrincipalArn` condition take (a user or the root is not a role).
 */
export const IAM_ROLE_ARN: TextRule = {
  pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
  accepted: "an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/<name>)",
};

/**
 * A KMS key or alias ARN (`arn:<partition>:kms:<region>:<account>:key/<id>` or `...:alias/<name>`),
 * the forms the provider's `validateKeyARN` and `validateKeyAliasARN` accept
 * (internal/service/kms/validate.go); the s3 backend takes either.
 */
export const KMS_KEY_OR_ALIAS_ARN: TextRule = {
  pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/,
  accepted: "a KMS key or alias ARN",
};

/**
 * A KMS alias name without its `alias/` prefix: letters, digits, `/ _ -`, not in the reserved
 * `aws/` namespace (the provider's `validNameForResource`, internal/service/kms/validate.go),
 * and at most 256 characters with the prefix (KMS API reference, CreateAlias `AliasName`).
 */
export const KMS_ALIAS_NAME: TextRule = {
  pattern: /^(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/,
  accepted: "1-250 of a-z A-Z 0-9 / _ -, not starting with aws/",
};

/** AWS KMS limits for `rotation_period_in_days` (KMS API reference, EnableKeyRotation `RotationPeriodInDays`). */
export const AWS_KMS_ROTATION_DAYS = { min: 90, max: 2560 } as const;
/** AWS KMS limits for `deletion_window_in_days` (KMS API reference, ScheduleKeyDeletion `PendingWindowInDays`). */
export const AWS_KMS_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;

/**
 * A CloudTrail trail name: 3-128 letters, digits, `.`, `_` and `-`, starting with a letter or
 * digit. The provider checks only the length (`StringLenBetween(3, 128)`,
 * internal/service/cloudtrail/trail.go); the alphabet is CreateTrail's (CloudTrail API
 * reference, CreateTrail `Name`).
 */
export const AWS_TRAIL_NAME: TextRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/,
  accepted: "3-128 letters, digits, . _ -, starting with a letter or digit",
};

/** An AWS Budgets budget name: 1-100 characters, no `:` or `\` (Budgets API reference, Budget `BudgetName`). */
export const AWS_BUDGET_NAME: TextRule = { pattern: /^[^:\\]{1,100}$/, accepted: "1-100 characters without : or \\" };

/**
 * A user tag key: 1-128 characters from the AWS tag alphabet, not in the `aws:` namespace,
 * which is reserved for the keys AWS generates (Tagging AWS resources user guide, "Tag naming
 * limits and requirements").
 */
export const AWS_TAG_KEY: TextRule = {
  pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
  accepted: "a user tag key: 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:",
};

/** A user tag value: 0-256 characters from the AWS tag alphabet. */
export const AWS_TAG_VALUE: TextRule = {
  pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u,
  accepted: "0-256 letters, digits, spaces and _ . : / = + - @",
};

/**
 * The id a bucket's server access logs are filed under (`<id>/` prefix, child id and Sid of
 * the delivery grant): kebab-case, so it reads the same in all three places.
 */
export const ACCESS_LOG_SOURCE_ID: TextRule = {
  pattern: /^[a-z][a-z0-9-]{0,39}$/,
  accepted: "1-40 lowercase letters, digits and -, starting with a letter",
};

/** Days superseded Terraform state versions are kept: long enough to roll back a bad apply found late. */
export const AWS_STATE_NONCURRENT_VERSION_DAYS = { min: 30, max: 3650 } as const;

/** S3 limit on Object Lock default retention, in days. */
export const S3_OBJECT_LOCK_MAX_DAYS = 36_500;
/** S3 refuses a lifecycle transition to STANDARD_IA earlier than this day. */
export const S3_STANDARD_IA_MIN_TRANSITION_DAY = 30;
/** S3 wants a Glacier-class transition at least this many days after the STANDARD_IA one. */
export const S3_DAYS_IN_STANDARD_IA_BEFORE_GLACIER = 30;

/**
 * A private ECR repository name: 2-256 characters, lowercase path components of letters and
 * digits joined by single `.`, `_` or `-`, components separated by `/` (ECR API Reference,
 * CreateRepository `repositoryName`, whose pattern the regular expression below repeats).
 */
export const ECR_REPOSITORY_NAME: TextRule = {
  pattern: /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
  accepted: "2-256 lowercase letters and digits in /-separated components joined by . _ -",
};

/**
 * A model package group name: 1-63 letters and digits with single or repeated hyphens between
 * them (SageMaker API Reference, CreateModelPackageGroup `ModelPackageGroupName`:
 * `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`).
 */
export const SAGEMAKER_MODEL_PACKAGE_GROUP_NAME: TextRule = {
  pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
  accepted: "1-63 letters, digits and hyphens, starting and ending with a letter or digit",
};

/** A region name as ARNs carry it, e.g. `eu-west-1`. */
export const AWS_REGION_NAME: TextRule = { pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, accepted: "an AWS region name, e.g. eu-west-1" };

/**
 * A customer-managed IAM policy ARN, e.g. a permissions boundary:
 * `arn:<partition>:iam::<12 digits>:policy/<optional path/><name>` (IAM User Guide, "IAM
 * identifiers": policy names are 1-128 of letters, digits and `+=,.@-_`; paths start and end with `/`).
 */
export const IAM_POLICY_ARN: TextRule = {
  pattern: /^arn:aws(-cn|-us-gov)?:iam::\d{12}:policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/,
  accepted: "an IAM policy ARN: arn:aws:iam::<account>:policy/<name>",
};

/** A VPC subnet id (`subnet-` and 8 or 17 hex digits, EC2 API Reference "Subnet"). */
export const SUBNET_ID: TextRule = { pattern: /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, accepted: "a subnet id: subnet- and 8 or 17 hex digits" };

/** A VPC security group id (`sg-` and 8 or 17 hex digits, EC2 API Reference "SecurityGroup"). */
export const SECURITY_GROUP_ID: TextRule = { pattern: /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, accepted: "a security group id: sg- and 8 or 17 hex digits" };

/**
 * Subnets and security groups of a Lambda VPC configuration: Lambda takes up to 16 subnets and 5
 * security groups (Lambda API Reference, `VpcConfig`: SubnetIds "Maximum number of 16 items",
 * SecurityGroupIds "Maximum number of 5 items").
 */
export const LAMBDA_VPC_SUBNETS = { min: 1, max: 16 } as const;
export const LAMBDA_VPC_SECURITY_GROUPS = { min: 1, max: 5 } as const;

/** Lambda function names: 1-64 letters, digits, `-` and `_` (Lambda API Reference, CreateFunction FunctionName). */
export const LAMBDA_FUNCTION_NAME: TextRule = { pattern: /^[A-Za-z0-9_-]{1,64}$/, accepted: "1-64 letters, digits, '-' and '_'" };

/** EventBridge rule names: 1-64 letters, digits, `.`, `-` and `_` (EventBridge API Reference, PutRule Name). */
export const EVENTBRIDGE_RULE_NAME: TextRule = { pattern: /^[.\-_A-Za-z0-9]{1,64}$/, accepted: "1-64 letters, digits, '.', '-' and '_'" };

/** AWS Signer profile names: 2-64 letters, digits and `_` (Signer API Reference, PutSigningProfile profileName). */
export const SIGNING_PROFILE_NAME: TextRule = { pattern: /^[a-zA-Z0-9_]{2,64}$/, accepted: "2-64 letters, digits and '_'" };
