import { FUNCTION_NODE_MAJOR } from "../shared/function-runtime";
import { SHA256_HEX } from "../shared/limits/common";
import { LAMBDA_FUNCTION_NAME } from "../shared/limits/aws";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { SignerSigningJob } from "@cdktf/provider-aws/lib/signer-signing-job";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { XraySamplingRule } from "@cdktf/provider-aws/lib/xray-sampling-rule";
import { Lazy } from "cdktf";
import { functionPackageAssetPath, PackageFile } from "../shared/function-package-asset";
import { Construct } from "constructs";
import { awsFunctionRoleName, awsServiceHost, pascalCase, stableSuffix } from "../shared/naming";
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_REGION_NAME, IAM_POLICY_ARN, LAMBDA_VPC_SECURITY_GROUPS, LAMBDA_VPC_SUBNETS, SECURITY_GROUP_ID, SUBNET_ID } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";
import { FunctionCodeSigning } from "./function-code-signing";
import { IKmsKey } from "./kms-key";
import { IdentityPolicyStatement, IRegistryGrantee } from "./model-registry";
import { PolicyDocument, PolicyStatement } from "./policy-document";
import { isWildcardResourceAction } from "./wildcard-resource-actions";


/**
 * `retention_in_days` values CloudWatch Logs accepts (CloudWatch Logs API Reference,
 * PutRetentionPolicy retentionInDays; aws provider 6.25 cloudwatch_log_group docs).
 */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** SQS keeps a message at most 14 days (SQS API Reference, SetQueueAttributes MessageRetentionPeriod). */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/** A built function package: the zip on disk and its SHA-256 (functions/bundle/gate-package.ts GateArtifact). */
export type FunctionPackage = PackageFile;

/** Subnets and security groups of a function that runs in a VPC. */
export interface FunctionVpcConfig {
  /** Subnet ids, 1-16 (Lambda VpcConfig). */
  readonly subnetIds: readonly string[];
  /** Security group ids, 1-5 (Lambda VpcConfig). */
  readonly securityGroupIds: readonly string[];
}

export interface LockedDownFunctionProps {
  /** Function name (the role is `<name>-exec`): 1-64 letters, digits, `-` and `_`. */
  readonly functionName: string;
  /** What the function does (the function's and the role's description). @default - the function name */
  readonly description?: string;
  /** The function's account (12 digits): part of the ARNs its trust policy and grants name. */
  readonly accountId: string;
  /** The function's region. */
  readonly region: string;
  /** Partition of `region`. @default "aws" */
  readonly partition?: string;
  /** The built zip and its digest; the digest is tagged on the function (`package-sha256`). */
  readonly package: FunctionPackage;
  /** The handler, `<file>.<export>`, e.g. `index.handler`. */
  readonly handler: string;
  /**
   * Instruction set. arm64 for a pure-JavaScript bundle (no native modules): Graviton costs less
   * per GB-second (AWS Lambda pricing).
   * @default "arm64"
   */
  readonly architecture?: "arm64" | "x86_64";
  /** Memory, 128-10240 MB. @default 512 */
  readonly memorySizeMb?: number;
  /** Timeout, 1-900 seconds. @default 300 */
  readonly timeoutSeconds?: number;
  /** Environment variables; encrypted at rest with `functionsKey`. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** The environment's `functions` key: environment variables, the dead-letter queue and the log group. */
  readonly functionsKey: IKmsKey;
  /** The environment's code bucket, Signer profile and `Enforce` code signing config. */
  readonly codeSigning: FunctionCodeSigning;
  /**
   * `zip` only: Lambda cannot verify signatures of container images ("Functions defined as
   * container images do not support code signing", Lambda Developer Guide, "Using code signing
   * to verify code integrity"), so `image` is refused (AWS_FUNCTION_IMAGE_CODE_SIGNING).
   * @default "zip"
   */
  readonly packageType?: "zip" | "image";
  /** Customer-managed policy ARN set as the role's permissions boundary. @default - no boundary */
  readonly permissionsBoundaryArn?: string;
  /** Reserved concurrency (0-1000): a cap on cost and on the account pool it can take. */
  readonly reservedConcurrency: number;
  /** Days the log group keeps events: one of CLOUDWATCH_LOG_RETENTION_DAYS. */
  readonly logRetentionDays: number;
  /**
   * Share of requests X-Ray records (0-1), as an X-Ray sampling rule for this function.
   * @default 1 (every invocation)
   */
  readonly traceSamplingRate?: number;
  /** Run in these subnets and security groups. @default - not in a VPC */
  readonly vpc?: FunctionVpcConfig;
}

/**
 * A Lambda function locked down the way DESIGN §4 asks, for any code the blueprint deploys:
 *
 * - Identity: its own role, trusted only by `lambda.amazonaws.com` for this account
 *   (`aws:SourceAccount`; no `aws:SourceArn`: Lambda's documentation describes the function ARN
 *   only in the context of requests made with the role's credentials, `lambda:SourceFunctionArn`,
 *   not of its AssumeRole, and a condition key the service does not send would deny every
 *   invocation; AWS's own samples bind the execution role with `aws:SourceAccount` alone), an optional
 *   permissions boundary, and one inline policy holding only what `addToRolePolicy` (the grant
 *   hook, also `IRegistryGrantee.addToPrincipalPolicy`) and the construct's own needs added:
 *   logs to its log group, traces, its dead-letter queue. A statement with a wildcard action is
 *   refused, and `*` as a resource only for WILDCARD_RESOURCE_ACTIONS.
 * - Code: the zip is uploaded as a versioned object to the environment's code bucket, signed by
 *   an AWS Signer job (profile `AWSLambda-SHA384-ECDSA`), and the function deploys from the
 *   job's signed object under the `Enforce` code signing config: only signed code runs.
 * - Runtime: nodejs22.x (FUNCTION_NODE_MAJOR), environment variables encrypted with the functions key, X-Ray active
 *   tracing, reserved concurrency, a KMS-encrypted SQS dead-letter queue for failed
 *   asynchronous events, JSON logs into its own KMS-encrypted log group with a set retention.
 *
 * Key policy: CloudWatch Logs encrypts the group with the functions key only if the key policy
 * lets `logs.<region>.amazonaws.com` use it, scoped by the `aws:logs:arn` encryption context to
 * this group (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS").
 *
 * @example
 * const fn = new LockedDownFunction(this, "gate", {
 *   functionName: "acme-ai-prod-gate-fraud-scoring",
 *   accountId: "222222222222", region: "eu-west-1",
 *   package: buildGatePackage(AWS_GATE_PACKAGE), handler: "index.handler",
 *   functionsKey: keys.functions, codeSigning,
 *   reservedConcurrency: 10, logRetentionDays: 365,
 * });
 * registry.grantRead(fn);
 */
export class LockedDownFunction extends Construct implements IRegistryGrantee {
  public readonly functionName: string;
  public readonly functionArn: string;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly deadLetterQueueArn: string;
  public readonly deadLetterQueueUrl: string;
  public readonly logGroupName: string;
  public readonly resource: LambdaFunction;
  public readonly role: IamRole;
  /** The package's SHA-256, as tagged on the function. */
  public readonly packageSha256: string;
  private readonly statements: IdentityPolicyStatement[] = [];
  private readonly queuePolicy: PolicyDocument;
  private readonly functionsKey: IKmsKey;

  constructor(scope: Construct, id: string, props: LockedDownFunctionProps) {
    const memory = props.memorySizeMb ?? 512;
    const timeout = props.timeoutSeconds ?? 300;
    const sampling = props.traceSamplingRate ?? 1;
    const validator = new PropValidator(scope, id)
      .matches("functionName", props.functionName, LAMBDA_FUNCTION_NAME, "AWS_FUNCTION_NAME_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("region", props.region, AWS_REGION_NAME, "AWS_REGION_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID")
      .require(
        (props.packageType ?? "zip") === "zip",
        "AWS_FUNCTION_IMAGE_CODE_SIGNING",
        "packageType",
        props.packageType,
        '"zip": Lambda code signing cannot verify container images, and every function is signed',
      )
      .matches("permissionsBoundaryArn", props.permissionsBoundaryArn, IAM_POLICY_ARN, "AWS_FUNCTION_BOUNDARY_INVALID")
      .matches("package.sha256", props.package.sha256, SHA256_HEX, "AWS_FUNCTION_PACKAGE_DIGEST_INVALID")
      .integerInRange("reservedConcurrency", props.reservedConcurrency, 0, 1000, "AWS_FUNCTION_CONCURRENCY_OUT_OF_RANGE")
      .integerInRange("memorySizeMb", memory, 128, 10240, "AWS_FUNCTION_MEMORY_OUT_OF_RANGE")
      .integerInRange("timeoutSeconds", timeout, 1, 900, "AWS_FUNCTION_TIMEOUT_OUT_OF_RANGE")
      .require(
        (CLOUDWATCH_LOG_RETENTION_DAYS as readonly number[]).includes(props.logRetentionDays),
        "AWS_FUNCTION_LOG_RETENTION_INVALID",
        "logRetentionDays",
        props.logRetentionDays,
        `one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}`,
      )
      .require(sampling >= 0 && sampling <= 1, "AWS_FUNCTION_TRACE_SAMPLING_OUT_OF_RANGE", "traceSamplingRate", sampling, "a share from 0 to 1");
    if (props.vpc) {
      const { subnetIds, securityGroupIds } = props.vpc;
      validator
        .require(subnetIds.length >= LAMBDA_VPC_SUBNETS.min && subnetIds.length <= LAMBDA_VPC_SUBNETS.max, "AWS_FUNCTION_VPC_SUBNETS", "vpc.subnetIds", subnetIds.length, `${LAMBDA_VPC_SUBNETS.min}-${LAMBDA_VPC_SUBNETS.max} subnet ids`)
        .require(
          securityGroupIds.length >= LAMBDA_VPC_SECURITY_GROUPS.min && securityGroupIds.length <= LAMBDA_VPC_SECURITY_GROUPS.max,
          "AWS_FUNCTION_VPC_SECURITY_GROUPS",
          "vpc.securityGroupIds",
          securityGroupIds.length,
          `${LAMBDA_VPC_SECURITY_GROUPS.min}-${LAMBDA_VPC_SECURITY_GROUPS.max} security group ids`,
        );
      subnetIds.forEach((s, i) => validator.matches(`vpc.subnetIds[${i}]`, s, SUBNET_ID, "AWS_FUNCTION_VPC_SUBNETS"));
      securityGroupIds.forEach((s, i) => validator.matches(`vpc.securityGroupIds[${i}]`, s, SECURITY_GROUP_ID, "AWS_FUNCTION_VPC_SECURITY_GROUPS"));
    }
    validator.throwIfInvalid();
    super(scope, id);

    const partition = props.partition ?? "aws";
    this.functionsKey = props.functionsKey;
    const name = props.functionName;
    const description = props.description ?? name;
    const logGroupName = `/aws/lambda/${name}`;
    const logGroupArn = `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`;
    const sid = `${pascalCase(name)}${stableSuffix(4, name)}`;

    const roleName = awsFunctionRoleName(name);
    this.role = new IamRole(this, "Role", {
      name: roleName,
      description: `Execution role of Lambda function ${name}: ${description}`.slice(0, 1000),
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "LambdaAssumesForThisFunction",
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
            // Confused deputy: only Lambda acting for this account (see the class comment).
            Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
          },
        ],
      }),
      ...(props.permissionsBoundaryArn !== undefined ? { permissionsBoundary: props.permissionsBoundaryArn } : {}),
      maxSessionDuration: 3600,
      forceDetachPolicies: false,
      tags: { purpose: "function" },
    });

    const logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.functionsKey.keyArn,
      logGroupClass: "STANDARD",
      tags: { purpose: "function-logs" },
    });
    props.functionsKey.addToKeyPolicy({
      Sid: `LogsEncrypt${sid}`,
      Effect: "Allow",
      Principal: { Service: `logs.${props.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      // The encryption context is the documented scope (CloudWatch Logs User Guide, "Encrypt
      // log data in CloudWatch Logs using AWS KMS"). The source account is bound too, IfExists:
      // that guide does not say CloudWatch Logs sends aws:SourceAccount to KMS, and a plain
      // StringEquals on an absent key would refuse every write.
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn }, StringEqualsIfExists: { "aws:SourceAccount": props.accountId } },
    });

    const dlq = new SqsQueue(this, "DeadLetterQueue", {
      name: `${name}-dlq`,
      kmsMasterKeyId: props.functionsKey.keyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      tags: { purpose: "function-dead-letters" },
    });
    this.queuePolicy = new PolicyDocument([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: dlq.arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    new SqsQueuePolicy(this, "DeadLetterQueuePolicy", { queueUrl: dlq.url, policy: this.queuePolicy.render() });

    // The construct's own needs, the first statements of the policy.
    this.statements.push(
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
      { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
      { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlq.arn },
      {
        // An SSE-KMS queue needs the sender to generate and decrypt data keys (SQS Developer
        // Guide, "Configuring KMS permissions for producers").
        Sid: "DeadLetterKey",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: props.functionsKey.keyArn,
        Condition: { StringEquals: { "kms:ViaService": awsServiceHost("sqs", partition, props.region) } },
      },
    );
    if (props.vpc) {
      // Lambda manages the function's network interfaces with the role (Lambda Developer Guide,
      // "Giving Lambda functions access to a VPC"); the mutating actions take EC2 ARNs of this
      // account and region, the Describe actions have no resource (wildcard-resource-actions.ts).
      this.statements.push(
        {
          Sid: "VpcNetworkInterfaces",
          Effect: "Allow",
          Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
          Resource: `arn:${partition}:ec2:${props.region}:${props.accountId}:*`,
        },
        { Sid: "VpcDescribe", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
      );
    }
    const rolePolicy = new IamRolePolicy(this, "Policy", {
      name: "grants",
      role: this.role.id,
      policy: Lazy.stringValue({ produce: () => JSON.stringify({ Version: "2012-10-17", Statement: this.statements }) }),
    });

    // Signed code: versioned upload → Signer job → the job's signed object (research §7).
    const packagePath = functionPackageAssetPath(this, props.package);
    const signing = props.codeSigning;
    const unsigned = new S3Object(this, "UnsignedPackage", {
      bucket: signing.bucketId,
      key: `unsigned/${name}/${props.package.sha256}.zip`,
      source: packagePath,
      // A new build is a new key and a new hash: the upload, the job and the function follow.
      sourceHash: props.package.sha256,
      serverSideEncryption: "aws:kms",
      kmsKeyId: signing.kmsKey.keyArn,
      contentType: "application/zip",
      tags: { purpose: "function-code", "package-sha256": props.package.sha256 },
    });
    const job = new SignerSigningJob(this, "SigningJob", {
      profileName: signing.signingProfileName,
      // `version` is required: StartSigningJob signs one object version
      // ("source:version should not be empty", terraform-aws-modules/terraform-aws-lambda#351).
      source: { s3: { bucket: signing.bucketId, key: unsigned.key, version: unsigned.versionId } },
      destination: { s3: { bucket: signing.bucketId, prefix: `signed/${name}/` } },
      ignoreSigningJobFailure: false,
    });
    // SignerSigningJobSignedObjectList.get(0).s3.get(0) (bindings lib/signer-signing-job/index.d.ts):
    // `signed_object[0].s3[0]` of the aws provider's signer_signing_job.
    const signed = job.signedObject.get(0).s3.get(0);

    this.resource = new LambdaFunction(this, "Resource", {
      functionName: name,
      description: description.slice(0, 256),
      role: this.role.arn,
      runtime: `nodejs${FUNCTION_NODE_MAJOR}.x`,
      architectures: [props.architecture ?? "arm64"],
      packageType: "Zip",
      handler: props.handler,
      s3Bucket: signed.bucket,
      s3Key: signed.key,
      codeSigningConfigArn: signing.codeSigningConfigArn,
      memorySize: memory,
      timeout,
      ...(props.environment !== undefined && Object.keys(props.environment).length > 0 ? { environment: { variables: { ...props.environment } } } : {}),
      kmsKeyArn: props.functionsKey.keyArn,
      tracingConfig: { mode: "Active" },
      reservedConcurrentExecutions: props.reservedConcurrency,
      deadLetterConfig: { targetArn: dlq.arn },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      ...(props.vpc ? { vpcConfig: { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } } : {}),
      publish: false,
      tags: { purpose: "function", "package-sha256": props.package.sha256 },
      // The role's grants and the log group exist before the first invocation can need them.
      dependsOn: [rolePolicy, logGroup],
    });
    new XraySamplingRule(this, "Sampling", {
      // Rule names are 1-32 characters (X-Ray API Reference, SamplingRule RuleName).
      ruleName: `fn-${stableSuffix(16, name)}`,
      priority: 1000,
      fixedRate: sampling,
      reservoirSize: 0,
      serviceName: name,
      serviceType: "AWS::Lambda::Function",
      host: "*",
      httpMethod: "*",
      urlPath: "*",
      resourceArn: "*",
      version: 1,
      tags: { purpose: "function" },
      // Names the function by its name (a sampling rule matches service names): created after it.
      dependsOn: [this.resource],
    });

    this.functionName = this.resource.functionName;
    this.functionArn = this.resource.arn;
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    this.deadLetterQueueArn = dlq.arn;
    this.deadLetterQueueUrl = dlq.url;
    this.logGroupName = logGroup.name;
    this.packageSha256 = props.package.sha256;
  }

  /**
   * The grant hook: adds a statement to the role's inline policy. Refused: any action with a
   * wildcard (`*`, `s3:*`, `s3:Get*`: it grants actions added later), `NotAction`/`NotResource`
   * shapes (not expressible here), and `"*"` as a resource for an action that takes resources
   * (only WILDCARD_RESOURCE_ACTIONS may have it).
   */
  public addToRolePolicy(statement: IdentityPolicyStatement): void {
    const actions = typeof statement.Action === "string" ? [statement.Action] : [...statement.Action];
    const resources = typeof statement.Resource === "string" ? [statement.Resource] : [...statement.Resource];
    const validator = new PropValidator(this, `grant-${statement.Sid}`);
    actions.forEach((a, i) => validator.require(!/[*?]/.test(a), "AWS_FUNCTION_GRANT_WILDCARD_ACTION", `Action[${i}]`, a, "a named action, no wildcard"));
    if (resources.includes("*")) {
      actions.forEach((a, i) =>
        validator.require(isWildcardResourceAction(a), "AWS_FUNCTION_GRANT_WILDCARD_RESOURCE", `Action[${i}]`, a, 'an action of WILDCARD_RESOURCE_ACTIONS when Resource is "*"; name the resources'),
      );
    }
    validator
      .require(!this.statements.some((s) => s.Sid === statement.Sid), "AWS_FUNCTION_GRANT_DUPLICATE_SID", "Sid", statement.Sid, "a Sid not used yet in the role's policy")
      .throwIfInvalid();
    this.statements.push(statement);
  }

  /** IRegistryGrantee: registry grants land in the role's inline policy. */
  public addToPrincipalPolicy(statement: IdentityPolicyStatement): void {
    this.addToRolePolicy(statement);
  }

  /** The statements of the role's inline policy so far (a copy). */
  public get policyStatements(): readonly IdentityPolicyStatement[] {
    return [...this.statements];
  }

  /**
   * Lets an EventBridge rule of this account dead-letter events it could not deliver into the
   * function's queue: the queue policy names the rule (`aws:SourceArn`), and the functions key
   * lets EventBridge encrypt for the queue for that rule only (EventBridge User Guide, "Using
   * dead-letter queues to process undelivered events": encrypted queues need the key policy).
   */
  public allowEventBridgeDeadLetters(ruleArn: string, sidSuffix: string): void {
    this.queuePolicy.add({
      Sid: `EventBridgeDeadLetters${sidSuffix}`,
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: this.deadLetterQueueArn,
      Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
    });
    const keyStatement: PolicyStatement = {
      Sid: `EventBridgeDeadLetterKey${sidSuffix}`,
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
    };
    this.functionsKey.addToKeyPolicy(keyStatement);
  }
}
