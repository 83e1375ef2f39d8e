import { Construct } from "constructs";
import { CiOidcProvider } from "../constructs/aws/ci-oidc-provider";
import { CiRole, CiRolePolicy } from "../constructs/aws/ci-role";
import { IdentityPolicyStatement } from "../constructs/aws/model-registry";
import { awsCiRoleName, CiPublisher, CiSettings, ciIssuerUrl, ciSubjects } from "../constructs/shared/ci-identities";
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_REGION_NAME, IAM_ROLE_ARN } from "../constructs/shared/limits/aws";
import { CI_IDENTITY_NAME } from "../constructs/shared/limits/ci";
import { registryPrefix } from "../constructs/shared/model-registry-spec";
import {
  awsFunctionCodeBucketName,
  awsFunctionSigningProfileName,
  awsRegistryBucketName,
  awsS3BucketArn,
  awsServiceHost,
  awsSigningKeyAlias,
  awsTrailName,
  resourceName,
} from "../constructs/shared/naming";
import { PropValidator } from "../constructs/shared/validation-error";

/*
 * The AWS side of CI identity federation for one environment (README, "Release automation").
 *
 * Plan role: a curated read list, not the AWS managed ReadOnlyAccess. ReadOnlyAccess grants
 * `s3:Get*` (every object of every registry and log bucket), `logs:Get*` (the trail's event
 * copy), every service of the account and every read AWS adds to it later; closing the data
 * reads with Denies means a deny list that has to keep up with AWS's updates to the managed
 * policy, and a missed entry leaks data silently. A curated list fails the other way: a read Terraform
 * needs and the list lacks stops the plan with AccessDenied, visibly. The list holds the
 * Describe/Get/List actions that refreshing the aws-<env> stack calls, for the resource types
 * it synthesizes (S3 buckets and their configuration, KMS keys and aliases, IAM roles,
 * CloudTrail, CloudWatch Logs and alarms, EventBridge, SNS, SQS, Lambda and code signing,
 * Signer, X-Ray, ECR, SageMaker model package groups, GuardDuty, Cost Explorer anomaly
 * detection, Budgets, EKS), scoped to the environment's names in its account and region.
 * No s3:GetObject on registry or log buckets (only on the function code bucket, whose
 * aws_s3_object packages a refresh reads with HeadObject), no kms:Decrypt but through Secrets
 * Manager for the one secret, no secretsmanager:GetSecretValue but the GitOps repository
 * credential, which the plan opens as an ephemeral resource.
 *
 * Deploy role: the plan's reads plus the writes docs/deploy-aws.md lists (sections 3, 6b, 6d,
 * 6e), scoped the same way; IAM writes only on `role/<org>-<env>-*` and `policy/<org>-<env>-*`,
 * managed policies attached only when they are the environment's own, roles passed only to the
 * services that run them. Left out on purpose: deleting what holds data or evidence
 * (s3:DeleteBucket, kms:ScheduleKeyDeletion, logs:DeleteLogGroup, cloudtrail:DeleteTrail and
 * StopLogging, sqs:DeleteQueue, ecr:DeleteRepository, sagemaker:DeleteModelPackageGroup,
 * guardduty:DeleteDetector and DeleteMalwareProtectionPlan): tearing an environment down is an
 * administrator's act, not a pipeline's. Explicit Denies keep the pipeline off its own trust:
 * no IAM write on `role/<org>-<env>-ci-*`, `policy/<org>-<env>-ci-*` or the OIDC provider, and
 * no IAM user or long-lived credential anywhere.
 */

/** The environment's GitOps bootstrap, as far as the CI roles need it. */
export interface CiGitopsAccess {
  /** Name of the existing EKS cluster (`gitops.cluster.name`): DescribeCluster. */
  readonly clusterName: string;
  /**
   * Secrets Manager ARN of the Git credentials (`gitops.repository.credentials`), opened
   * ephemerally by plan and apply.
   * @default - none: a public repository
   */
  readonly credentialsSecretArn?: string;
}

export interface CiFederationAwsProps {
  /** Organisation slug, first part of every name. */
  readonly organization: string;
  /** The CI environment (`ci.environments[]`). */
  readonly environment: string;
  /** The environment's account, 12 digits. */
  readonly accountId: string;
  /** The environment's region. */
  readonly region: string;
  /** Partition of `region`. @default "aws" */
  readonly partition?: string;
  /** The CI settings (config `ci`). */
  readonly ci: CiSettings;
  /** Look the account's OIDC provider for the issuer up instead of creating it (`ci.aws.existingOidcProvider`). @default false */
  readonly existingOidcProvider?: boolean;
  /** Model repositories that publish here, with their registries in this environment (`ciPublishers`). */
  readonly publishers: readonly CiPublisher[];
  /** The GitOps bootstrap of the environment. @default - none */
  readonly gitops?: CiGitopsAccess;
  /**
   * The dedicated evidence account (`clouds.aws.evidence`): the environment's plan looks its
   * logs key up there by alias.
   * @default - none: the logs key is the environment's own
   */
  readonly evidence?: { readonly accountId: string; readonly region: string };
  /**
   * The role the s3 backend assumes for state (`clouds.aws.backend.roleArn`): plan and deploy
   * may assume it and nothing else.
   * @default - none: state is reached with the job's own credentials
   */
  readonly backendRoleArn?: string;
}

/** A service's resources with the reads a refresh needs and the writes an apply adds. */
interface ServiceAccess {
  readonly sid: string;
  readonly resources: readonly string[];
  readonly read: readonly string[];
  readonly write: readonly string[];
}

/** Services that run a role the environment stack passes them. */
const PASSED_TO_SERVICES = ["lambda.amazonaws.com", "cloudtrail.amazonaws.com", "malware-protection-plan.guardduty.amazonaws.com"] as const;

/** Service-linked roles the environment's first apply creates (GuardDuty detector; Inspector for ENHANCED ECR scanning). */
const SERVICE_LINKED_ROLE_SERVICES = ["guardduty.amazonaws.com", "inspector2.amazonaws.com"] as const;

/** IAM actions that change an identity or its trust (the Deny on the CI identities). */
const IAM_WRITE_ACTIONS = ["iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Tag*", "iam:Untag*", "iam:Update*"] as const;

/** What a publisher does under `incoming/`: upload with tags, and clean up or resume a multipart upload. */
export const CI_PUBLISH_OBJECT_ACTIONS = ["s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"] as const;

/** Key use of an SSE-KMS upload, single and multipart (constructs/aws/model-registry.ts, REGISTRY_PUBLISH_KEY_ACTIONS). */
export const CI_PUBLISH_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;

/** What a publisher does with the signing key: sign, and read the public key and metadata for the bundle. */
export const CI_SIGNING_ACTIONS = ["kms:Sign", "kms:GetPublicKey", "kms:DescribeKey"] as const;

/**
 * The CI identities of one environment in its account: the issuer's OIDC provider (or the
 * existing one), the plan role (any branch and pull request, read-only), the deploy role (the
 * environment's deploy job only) and one publisher role per model repository.
 *
 * @example
 * new CiFederationAws(this, "ci", {
 *   organization: "acme-ai", environment: "prod", accountId: "222222222222", region: "eu-west-1",
 *   ci, publishers: ciPublishers(ci, "prod", ["fraud-scoring"]),
 * });
 */
export class CiFederationAws extends Construct {
  public readonly issuer: CiOidcProvider;
  public readonly planRole: CiRole;
  public readonly deployRole: CiRole;
  /** Publisher roles by publisher name. */
  public readonly publisherRoles: Readonly<Record<string, CiRole>>;

  constructor(scope: Construct, id: string, props: CiFederationAwsProps) {
    const validator = new PropValidator(scope, id)
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID")
      .matches("region", props.region, AWS_REGION_NAME, "AWS_CI_REGION_INVALID")
      .matches("backendRoleArn", props.backendRoleArn, IAM_ROLE_ARN, "AWS_CI_BACKEND_ROLE_INVALID")
      .require(props.ci.environments.includes(props.environment), "AWS_CI_ENVIRONMENT_NOT_CI", "environment", props.environment, `an environment listed under ci.environments: ${props.ci.environments.join(", ")}`)
      .require(new Set(props.publishers.map((p) => p.name)).size === props.publishers.length, "AWS_CI_PUBLISHER_DUPLICATE", "publishers", props.publishers.map((p) => p.name).join(","), "each publisher name once");
    props.publishers.forEach((p, i) =>
      validator
        .matches(`publishers[${i}].name`, p.name, CI_IDENTITY_NAME, "AWS_CI_PUBLISHER_NAME_INVALID")
        .require(p.registries.length > 0, "AWS_CI_PUBLISHER_NO_REGISTRY", `publishers[${i}].registries`, "[]", "at least one registry of the environment"),
    );
    validator.throwIfInvalid();
    super(scope, id);

    const org = props.organization;
    const env = props.environment;
    const subjects = ciSubjects(props.ci);
    this.issuer = new CiOidcProvider(this, "oidc-provider", { issuerUrl: ciIssuerUrl(props.ci), existing: props.existingOidcProvider ?? false });
    const names = new Names(props, this.issuer.issuerHost);
    const services = serviceAccess(names, props);

    this.planRole = new CiRole(this, "plan", {
      roleName: awsCiRoleName(org, env, "plan"),
      description: `Plan jobs (pull requests and branches of ${props.ci.repository}): read-only refresh of the ${env} stack`,
      issuer: this.issuer,
      subjectPatterns: subjects.planPatterns,
      policies: planPolicies(names, services, props),
    });
    this.deployRole = new CiRole(this, "deploy", {
      roleName: awsCiRoleName(org, env, "deploy"),
      description: `Deploy job of environment ${env} (${props.ci.repository}): applies the ${env} stack`,
      issuer: this.issuer,
      exactSubjects: [subjects.deploy(env)],
      policies: deployPolicies(names, services, props),
    });
    const publishers: Record<string, CiRole> = {};
    for (const publisher of props.publishers) {
      publishers[publisher.name] = new CiRole(this, `publish-${publisher.name}`, {
        roleName: awsCiRoleName(org, env, "publish", publisher.name),
        description: `Model publishing job of ${publisher.repository} into ${env}: signs with the environment's key, uploads under incoming/ of ${publisher.registries.join(", ")}`,
        issuer: this.issuer,
        exactSubjects: [subjects.publish(publisher.repository, env)],
        policies: [{ name: "publish", statements: publishStatements(names, publisher) }],
      });
    }
    this.publisherRoles = publishers;
  }
}

/** ARNs and names of the environment the policies point at. */
class Names {
  public readonly partition: string;

  constructor(
    public readonly props: CiFederationAwsProps,
    public readonly issuerHost: string,
  ) {
    this.partition = props.partition ?? "aws";
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>` in the environment's account and region. */
  public arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.props.region}:${this.props.accountId}:${resource}`;
  }

  /** An ARN of a global service (IAM, Budgets, Cost Explorer): no region. */
  public globalArn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}::${this.props.accountId}:${resource}`;
  }

  /** `<org>-<env>-*`: the environment's names. */
  public get named(): string {
    return resourceName(this.props.organization, this.props.environment, "*");
  }

  /** `<org>-<env>-ci-*`: the CI identities' names. */
  public get ciNamed(): string {
    return resourceName(this.props.organization, this.props.environment, "ci-*");
  }

  public bucketArn(name: string): string {
    return awsS3BucketArn(this.partition, name);
  }

  public viaService(service: string): string {
    return awsServiceHost(service, this.partition, this.props.region);
  }
}

function serviceAccess(n: Names, props: CiFederationAwsProps): ServiceAccess[] {
  const { organization: org, environment: env, accountId } = props;
  const list: ServiceAccess[] = [
    {
      sid: "Keys",
      resources: [n.arn("kms", "key/*")],
      read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:GetPublicKey", "kms:ListResourceTags"],
      write: ["kms:CreateAlias", "kms:DeleteAlias", "kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription"],
    },
    { sid: "KeyAliases", resources: [n.arn("kms", `alias/${n.named}`)], read: [], write: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"] },
    {
      sid: "Buckets",
      resources: [n.bucketArn(n.named)],
      // HeadBucket (every bucket refresh) is authorised as s3:ListBucket.
      read: ["s3:GetAccelerateConfiguration", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration", "s3:ListBucket"],
      write: [
        "s3:CreateBucket",
        "s3:PutBucketLogging",
        "s3:PutBucketNotification",
        "s3:PutBucketObjectLockConfiguration",
        "s3:PutBucketOwnershipControls",
        "s3:PutBucketPolicy",
        "s3:PutBucketPublicAccessBlock",
        "s3:PutBucketTagging",
        "s3:PutBucketVersioning",
        "s3:PutEncryptionConfiguration",
        "s3:PutLifecycleConfiguration",
      ],
    },
    {
      sid: "FunctionPackages",
      resources: [`${n.bucketArn(awsFunctionCodeBucketName(org, env, accountId))}/*`],
      read: ["s3:GetObject", "s3:GetObjectTagging"],
      write: ["s3:DeleteObject", "s3:PutObject", "s3:PutObjectTagging"],
    },
    {
      sid: "Roles",
      resources: [n.globalArn("iam", `role/${n.named}`)],
      read: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"],
      write: ["iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:ListInstanceProfilesForRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"],
    },
    {
      sid: "Policies",
      resources: [n.globalArn("iam", `policy/${n.named}`)],
      read: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"],
      write: ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
    },
    {
      sid: "Trail",
      resources: [n.arn("cloudtrail", `trail/${awsTrailName(org, env)}`)],
      read: ["cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors", "cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:ListTags"],
      write: ["cloudtrail:AddTags", "cloudtrail:CreateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors", "cloudtrail:RemoveTags", "cloudtrail:StartLogging", "cloudtrail:UpdateTrail"],
    },
    { sid: "LogGroupsList", resources: [n.arn("logs", "log-group:*")], read: ["logs:DescribeLogGroups"], write: [] },
    {
      sid: "LogGroups",
      resources: [n.arn("logs", `log-group:/aws/lambda/${n.named}`), n.arn("logs", `log-group:/aws/cloudtrail/${n.named}`)],
      read: ["logs:DescribeMetricFilters", "logs:ListTagsForResource", "logs:ListTagsLogGroup"],
      write: ["logs:AssociateKmsKey", "logs:CreateLogGroup", "logs:DeleteMetricFilter", "logs:DeleteRetentionPolicy", "logs:DisassociateKmsKey", "logs:PutMetricFilter", "logs:PutRetentionPolicy", "logs:TagLogGroup", "logs:TagResource", "logs:UntagLogGroup", "logs:UntagResource"],
    },
    {
      sid: "Alarms",
      resources: [n.arn("cloudwatch", `alarm:${n.named}`)],
      read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
      write: ["cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
    },
    {
      sid: "EventRules",
      resources: [n.arn("events", `rule/${n.named}`)],
      read: ["events:DescribeRule", "events:ListTagsForResource", "events:ListTargetsByRule"],
      write: ["events:DeleteRule", "events:PutRule", "events:PutTargets", "events:RemoveTargets", "events:TagResource", "events:UntagResource"],
    },
    {
      sid: "Topics",
      resources: [n.arn("sns", n.named)],
      read: ["sns:GetSubscriptionAttributes", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:ListTagsForResource"],
      write: ["sns:CreateTopic", "sns:DeleteTopic", "sns:SetSubscriptionAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:TagResource", "sns:Unsubscribe", "sns:UntagResource"],
    },
    {
      sid: "Queues",
      resources: [n.arn("sqs", n.named)],
      read: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"],
      write: ["sqs:CreateQueue", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"],
    },
    {
      sid: "Functions",
      resources: [n.arn("lambda", `function:${n.named}`)],
      read: ["lambda:GetFunction", "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionConcurrency", "lambda:GetFunctionConfiguration", "lambda:GetFunctionRecursionConfig", "lambda:GetPolicy", "lambda:GetRuntimeManagementConfig", "lambda:ListTags", "lambda:ListVersionsByFunction"],
      write: [
        "lambda:AddPermission",
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:DeleteFunctionCodeSigningConfig",
        "lambda:DeleteFunctionConcurrency",
        "lambda:PublishVersion",
        "lambda:PutFunctionCodeSigningConfig",
        "lambda:PutFunctionConcurrency",
        "lambda:RemovePermission",
        "lambda:TagResource",
        "lambda:UntagResource",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
      ],
    },
    { sid: "CodeSigningConfigs", resources: [n.arn("lambda", "code-signing-config:*")], read: ["lambda:GetCodeSigningConfig"], write: ["lambda:DeleteCodeSigningConfig", "lambda:UpdateCodeSigningConfig"] },
    {
      sid: "SigningProfile",
      resources: [n.arn("signer", `/signing-profiles/${awsFunctionSigningProfileName(org, env)}`)],
      read: ["signer:GetSigningProfile", "signer:ListTagsForResource"],
      write: ["signer:CancelSigningProfile", "signer:PutSigningProfile", "signer:StartSigningJob", "signer:TagResource", "signer:UntagResource"],
    },
    { sid: "SigningJobs", resources: [n.arn("signer", "/signing-jobs/*")], read: ["signer:DescribeSigningJob"], write: [] },
    {
      sid: "SamplingRules",
      resources: [n.arn("xray", "sampling-rule/*")],
      read: ["xray:ListTagsForResource"],
      write: ["xray:CreateSamplingRule", "xray:DeleteSamplingRule", "xray:TagResource", "xray:UntagResource", "xray:UpdateSamplingRule"],
    },
    {
      sid: "ImageRepositories",
      resources: [n.arn("ecr", `repository/${org}-${env}/*`)],
      read: ["ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:ListTagsForResource"],
      write: ["ecr:CreateRepository", "ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability", "ecr:PutLifecyclePolicy", "ecr:SetRepositoryPolicy", "ecr:TagResource", "ecr:UntagResource"],
    },
    {
      sid: "ModelPackageGroups",
      resources: [n.arn("sagemaker", `model-package-group/${n.named}`)],
      read: ["sagemaker:DescribeModelPackageGroup", "sagemaker:GetModelPackageGroupPolicy", "sagemaker:ListTags"],
      write: ["sagemaker:AddTags", "sagemaker:CreateModelPackageGroup", "sagemaker:DeleteModelPackageGroupPolicy", "sagemaker:DeleteTags", "sagemaker:PutModelPackageGroupPolicy"],
    },
    {
      sid: "ThreatDetection",
      resources: [n.arn("guardduty", "detector/*"), n.arn("guardduty", "malware-protection-plan/*")],
      read: ["guardduty:GetDetector", "guardduty:GetMalwareProtectionPlan", "guardduty:ListTagsForResource"],
      write: ["guardduty:CreateMalwareProtectionPlan", "guardduty:TagResource", "guardduty:UntagResource", "guardduty:UpdateDetector", "guardduty:UpdateMalwareProtectionPlan"],
    },
    {
      sid: "CostAnomalyDetection",
      resources: [n.globalArn("ce", "anomalymonitor/*"), n.globalArn("ce", "anomalysubscription/*")],
      read: ["ce:GetAnomalyMonitors", "ce:GetAnomalySubscriptions", "ce:ListTagsForResource"],
      write: ["ce:CreateAnomalyMonitor", "ce:CreateAnomalySubscription", "ce:DeleteAnomalyMonitor", "ce:DeleteAnomalySubscription", "ce:TagResource", "ce:UntagResource", "ce:UpdateAnomalyMonitor", "ce:UpdateAnomalySubscription"],
    },
    {
      sid: "Budget",
      resources: [n.globalArn("budgets", `budget/${n.named}`)],
      read: ["budgets:ListTagsForResource", "budgets:ViewBudget"],
      write: ["budgets:ModifyBudget", "budgets:TagResource", "budgets:UntagResource"],
    },
    {
      // Actions that act on no resource: the Service Authorization Reference lists no resource
      // type for them, so IAM matches them only on "*" (KMS Developer Guide, "Specifying KMS
      // keys in IAM policy statements": CreateKey and ListAliases use "*").
      sid: "AccountLevel",
      resources: ["*"],
      read: ["ecr:GetRegistryScanningConfiguration", "kms:ListAliases", "xray:GetSamplingRules"],
      write: ["ecr:PutRegistryScanningConfiguration", "guardduty:CreateDetector", "inspector2:Enable", "inspector2:ListAccountPermissions", "kms:CreateKey", "lambda:CreateCodeSigningConfig"],
    },
  ];
  if (props.evidence) {
    // The environment's plan resolves the evidence account's logs key by alias (DescribeKey).
    const { accountId, region } = props.evidence;
    list.push({ sid: "EvidenceLogsKey", resources: [`arn:${n.partition}:kms:${region}:${accountId}:key/*`], read: ["kms:DescribeKey"], write: [] });
  }
  if (props.gitops) {
    list.push({ sid: "GitopsCluster", resources: [n.arn("eks", `cluster/${props.gitops.clusterName}`)], read: ["eks:DescribeCluster"], write: [] });
  }
  return list;
}

/** The services by policy, so that each policy stays under the managed policy quota. */
const POLICY_GROUPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["identity", ["Roles", "Policies"]],
  ["keys-storage", ["Keys", "KeyAliases", "Buckets", "FunctionPackages", "AccountLevel", "EvidenceLogsKey", "GitopsCluster"]],
  ["monitoring", ["Trail", "LogGroupsList", "LogGroups", "Alarms", "EventRules", "Topics", "Queues", "ThreatDetection", "CostAnomalyDetection", "Budget"]],
  ["functions-registry", ["Functions", "CodeSigningConfigs", "SigningProfile", "SigningJobs", "SamplingRules", "ImageRepositories", "ModelPackageGroups"]],
];

/** The plan role's policies: the read half of each service, as `Read<Sid>` statements. */
function planPolicies(n: Names, services: readonly ServiceAccess[], props: CiFederationAwsProps): CiRolePolicy[] {
  return POLICY_GROUPS.map(([name, sids]) => ({
    name: `read-${name}`,
    statements: [
      ...services.filter((s) => sids.includes(s.sid) && s.read.length > 0).map((s) => ({ Sid: `Read${s.sid}`, Effect: "Allow" as const, Action: [...s.read], Resource: [...s.resources] })),
      ...(name === "identity" ? sharedStatements(n, props) : []),
    ],
  }));
}

/** What plan and deploy both need beyond refresh: the GitOps credential and the state role. */
function sharedStatements(n: Names, props: CiFederationAwsProps): IdentityPolicyStatement[] {
  const statements: IdentityPolicyStatement[] = [];
  const secret = props.gitops?.credentialsSecretArn;
  if (secret) {
    statements.push(
      { Sid: "ReadGitopsCredential", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret },
      {
        // A customer managed key on the secret: decrypt only through Secrets Manager and only
        // for this secret (its ARN is the encryption context Secrets Manager passes; Secrets
        // Manager User Guide, "Secret encryption and decryption").
        Sid: "DecryptGitopsCredential",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: n.arn("kms", "key/*"),
        Condition: { StringEquals: { "kms:ViaService": n.viaService("secretsmanager"), "kms:EncryptionContext:SecretARN": secret } },
      },
    );
  }
  if (props.backendRoleArn) {
    statements.push({ Sid: "AssumeStateBackendRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: props.backendRoleArn });
  }
  return statements;
}

/** The deploy role's policies: reads and writes of each service, the guards first. */
function deployPolicies(n: Names, services: readonly ServiceAccess[], props: CiFederationAwsProps): CiRolePolicy[] {
  const statement = (s: ServiceAccess): IdentityPolicyStatement => ({
    Sid: s.sid,
    Effect: "Allow",
    Action: [...new Set([...s.read, ...s.write])],
    Resource: [...s.resources],
  });
  const group = (sids: readonly string[]): IdentityPolicyStatement[] => services.filter((s) => sids.includes(s.sid)).map(statement);
  const roles = n.globalArn("iam", `role/${n.named}`);
  const guard: IdentityPolicyStatement[] = [
    {
      // The pipeline must not widen its own trust or permissions: the ci-* stack that holds
      // these identities is applied by an administrator, never by a pipeline.
      Sid: "DenyCiIdentityChanges",
      Effect: "Deny",
      Action: [...IAM_WRITE_ACTIONS],
      Resource: [n.globalArn("iam", `role/${n.ciNamed}`), n.globalArn("iam", `policy/${n.ciNamed}`), n.globalArn("iam", `oidc-provider/${n.issuerHost}`)],
    },
    {
      Sid: "DenyLongLivedCredentials",
      Effect: "Deny",
      Action: ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential", "iam:CreateUser"],
      Resource: "*",
    },
    {
      // Only the environment's own managed policies: never AdministratorAccess or another team's.
      Sid: "AttachOwnPolicies",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      Resource: roles,
      Condition: { ArnLike: { "iam:PolicyARN": n.globalArn("iam", `policy/${n.named}`) } },
    },
    {
      Sid: "PassRolesToTheirServices",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: roles,
      Condition: { StringEquals: { "iam:PassedToService": [...PASSED_TO_SERVICES] } },
    },
    {
      Sid: "CreateServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: n.globalArn("iam", "role/aws-service-role/*"),
      Condition: { StringEquals: { "iam:AWSServiceName": [...SERVICE_LINKED_ROLE_SERVICES] } },
    },
  ];
  return POLICY_GROUPS.map(([name, sids]) => ({ name, statements: name === "identity" ? [...guard, ...group(sids), ...sharedStatements(n, props)] : group(sids) }));
}

/**
 * A publisher: upload under `incoming/` of its registries only, the registry key only through
 * S3 for those buckets, the signing key only for signing. Both keys live in the aws-<env> stack,
 * which shares no state with this one, so they are named by alias (`kms:ResourceAliases`,
 * multivalued: ForAnyValue; AWS KMS Developer Guide, "kms:ResourceAliases", which applies to
 * operations on one KMS key, Sign, GetPublicKey, DescribeKey, GenerateDataKey and Decrypt among
 * them). The registry key's alias is `<org>-<env>-registry` (modules/ai-supply-chain-aws.ts: one
 * KmsKey per purpose, aliased `resourceName(org, env, purpose)`, the registries' default
 * encryption with a bucket key, so S3's encryption context is the bucket ARN).
 */
function publishStatements(n: Names, publisher: CiPublisher): IdentityPolicyStatement[] {
  const props = n.props;
  const buckets = publisher.registries.map((r) => n.bucketArn(awsRegistryBucketName(props.organization, props.environment, r, props.accountId)));
  const registryAlias = `alias/${resourceName(props.organization, props.environment, "registry")}`;
  const signingAlias = `alias/${awsSigningKeyAlias(props.organization, props.environment)}`;
  return [
    { Sid: "UploadIncoming", Effect: "Allow", Action: [...CI_PUBLISH_OBJECT_ACTIONS], Resource: buckets.map((b) => `${b}/${registryPrefix("incoming")}*`) },
    {
      Sid: "RegistryKeyThroughS3",
      Effect: "Allow",
      Action: [...CI_PUBLISH_KEY_ACTIONS],
      Resource: n.arn("kms", "key/*"),
      Condition: {
        StringEquals: { "kms:ViaService": n.viaService("s3"), "kms:EncryptionContext:aws:s3:arn": buckets },
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": registryAlias },
      },
    },
    {
      // The upload names the registry key by ARN (the bucket policy requires it), which the
      // publish job reads from the alias: metadata only, no use of the key.
      Sid: "DescribeRegistryKey",
      Effect: "Allow",
      Action: "kms:DescribeKey",
      Resource: n.arn("kms", "key/*"),
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": registryAlias } },
    },
    {
      Sid: "SignWithEnvironmentKey",
      Effect: "Allow",
      Action: [...CI_SIGNING_ACTIONS],
      Resource: n.arn("kms", "key/*"),
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": signingAlias } },
    },
  ];
}
