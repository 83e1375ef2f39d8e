import { Cloudtrail, CloudtrailAdvancedEventSelectorFieldSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_TRAIL_NAME } from "../shared/limits/aws";
import { awsTrailArn, pascalCase, stableSuffix } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { CLOUDTRAIL_PREFIX, CLOUDTRAIL_SERVICE, TrailIdentity } from "./cloudtrail-delivery";
import { ILogBucket } from "./immutable-log-bucket";
import { IKmsKey } from "./kms-key";
import { CLOUDWATCH_LOG_RETENTION_DAYS } from "./locked-down-function";

/**
 * Object-level writes on the log bucket that delete evidence or change its lock, recorded as
 * data events (field `eventName`, CloudTrail user guide "Filtering data events by using
 * advanced event selectors"). Deleting or unlocking must be visible even when Object Lock
 * refuses it: CloudTrail records denied calls with their error code.
 */
export const LOG_BUCKET_TAMPER_EVENTS = ["DeleteObject", "DeleteObjects", "PutObjectRetention", "PutObjectLegalHold"] as const;

/**
 * A write-once bucket in another account (the dedicated evidence account), whose bucket and key
 * policies that account's stack wrote with `ILogBucket.grantDelivery` for this trail: nothing
 * is added here, the trail only delivers.
 */
export interface RemoteLogBucket {
  /** Bucket name: a literal from the naming function both stacks use (`awsLogBucketName`). */
  readonly bucketName: string;
  /** Bucket ARN, `arn:<partition>:s3:::<bucketName>` (`awsS3BucketArn`). */
  readonly bucketArn: string;
  /** Key ARN (not an alias: CloudTrail returns the key ARN on read, an alias would never converge). */
  readonly kmsKeyArn: string;
  /** What the trail waits for in this stack (the lookup of the key). @default - nothing */
  readonly deliveryDependencies?: readonly ITerraformDependable[];
}

/**
 * Advanced event selectors take at most 500 values across all their conditions (CloudTrail
 * user guide, "Quotas in AWS CloudTrail": "Advanced event selectors: 500 conditions across all
 * advanced event selectors ... a maximum of 500 total values for all conditions in all advanced
 * event selectors is allowed. This quota cannot be increased").
 */
export const CLOUDTRAIL_ADVANCED_SELECTOR_VALUES_MAX = 500;

/**
 * Characters of a CloudWatch Logs log group name, 1-512 of them (the provider's
 * `validLogGroupName`, internal/service/logs/validate.go: `[\.\-_/#A-Za-z0-9]+`).
 */
const LOG_GROUP_NAME_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-/#";
const LOG_GROUP_NAME_MAX_LENGTH = 512;

/** CloudWatch Logs delivery of the trail: what the metric filters and alarms read (TrailAlarms). */
export interface TrailCloudWatchLogs {
  /** The key the log group is encrypted with (the logs key); the trail adds the CloudWatch Logs statement to its policy. */
  readonly kmsKey: IKmsKey;
  /** Days the log group keeps events: one of CLOUDWATCH_LOG_RETENTION_DAYS (the S3 copy is the long-term record). */
  readonly retentionDays: number;
  /** Name of the log group, 1-512 of letters, digits and `. _ - / #`, e.g. `/aws/cloudtrail/acme-ai-prod`. */
  readonly logGroupName: string;
}

export interface AuditTrailProps {
  /** Trail name, 3-128 letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
  readonly trailName: string;
  /** The trail's account, 12 digits: part of the trail ARN the bucket and key policies name. */
  readonly accountId: string;
  /** Partition of the trail's account (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** Home region of the trail (a multi-region trail still has one). */
  readonly region: string;
  /**
   * Write-once bucket of this stack the trail delivers to, encrypted with its key; the trail
   * adds to both policies what it needs. Exactly one of `logBucket` and `remoteLogBucket`.
   * @default - none: `remoteLogBucket` is given
   */
  readonly logBucket?: ILogBucket;
  /**
   * Write-once bucket in another account that already lets this trail deliver (the dedicated
   * evidence account). Exactly one of `logBucket` and `remoteLogBucket`.
   * @default - none: `logBucket` is given
   */
  readonly remoteLogBucket?: RemoteLogBucket;
  /**
   * Buckets whose object-level reads and writes are recorded as data events. The log bucket
   * itself is always recorded for reads and for the writes that remove or unlock evidence
   * (`LOG_BUCKET_TAMPER_EVENTS`), never for `PutObject`: that would log the trail's own
   * deliveries, forever.
   * @default - only the log bucket's reads and tampering writes
   */
  readonly dataEventBucketArns?: readonly string[];
  /**
   * Further write-once buckets whose object reads and tampering writes are recorded like the
   * log bucket's (the evidence account records who touches every environment's evidence).
   * @default - none
   */
  readonly evidenceBucketArns?: readonly string[];
  /**
   * Model registry buckets whose writes under `approved/` are recorded as data events (reads
   * are not: the registry's consumers read there all day), plus their multi-object deletes,
   * whose records name no key. TrailAlarms raises an alarm on those writes by anyone but the gate.
   * @default - none
   */
  readonly registryBucketArns?: readonly string[];
  /**
   * Also deliver the trail to an encrypted CloudWatch Logs group, where metric filters turn
   * events into alarms within minutes (S3 delivery stays the write-once record).
   * @default - S3 delivery only
   */
  readonly cloudWatchLogs?: TrailCloudWatchLogs;
}

/**
 * Multi-region CloudTrail with log file validation (tampering with a delivered file is
 * detectable), SSE-KMS with the logs key, management events, and S3 data events for the
 * blueprint's buckets. Adds to the log bucket's policy and the key's policy exactly what the
 * CloudTrail service needs, scoped to this trail by `aws:SourceArn`.
 *
 * @example
 * new AuditTrail(this, "trail", { trailName: "acme-ai-prod", accountId, partition: "aws", region, logBucket });
 */
export class AuditTrail extends Construct {
  public readonly trailArn: string;
  /** Name of the CloudWatch Logs group the trail delivers to (a reference); undefined without `cloudWatchLogs`. */
  public readonly logGroupName?: string;
  /** ARN of that log group, without the `:*` suffix (a reference); undefined without `cloudWatchLogs`. */
  public readonly logGroupArn?: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    const selectors = eventSelectors(
      [props.logBucket?.bucketArn ?? props.remoteLogBucket?.bucketArn ?? "", ...(props.evidenceBucketArns ?? [])],
      props.dataEventBucketArns ?? [],
      props.registryBucketArns ?? [],
    );
    const selectorValues = selectors.reduce((n, s) => n + s.fieldSelector.reduce((m, f) => m + (f.equalTo?.length ?? 0) + (f.startsWith?.length ?? 0), 0), 0);
    const logs = props.cloudWatchLogs;
    const validator = new PropValidator(scope, id);
    if (logs) {
      validator.require(
        (CLOUDWATCH_LOG_RETENTION_DAYS as readonly number[]).includes(logs.retentionDays),
        "AWS_TRAIL_LOG_RETENTION_INVALID",
        "cloudWatchLogs.retentionDays",
        logs.retentionDays,
        `one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}`,
      );
      if (!Token.isUnresolved(logs.logGroupName)) {
        validator.require(
          logs.logGroupName.length >= 1 && logs.logGroupName.length <= LOG_GROUP_NAME_MAX_LENGTH && [...logs.logGroupName].every((c) => LOG_GROUP_NAME_CHARACTERS.includes(c)),
          "AWS_TRAIL_LOG_GROUP_NAME_INVALID",
          "cloudWatchLogs.logGroupName",
          logs.logGroupName,
          `1-${LOG_GROUP_NAME_MAX_LENGTH} letters, digits and . _ - / #`,
        );
      }
    }
    validator
      .require(
        selectorValues <= CLOUDTRAIL_ADVANCED_SELECTOR_VALUES_MAX,
        "AWS_TRAIL_SELECTOR_VALUES_EXCEEDED",
        "dataEventBucketArns/evidenceBucketArns/registryBucketArns",
        `${selectorValues} values`,
        `at most ${CLOUDTRAIL_ADVANCED_SELECTOR_VALUES_MAX} values across all advanced event selectors`,
      )
      .matches("trailName", props.trailName, AWS_TRAIL_NAME, "AWS_TRAIL_NAME_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID")
      .require(
        (props.logBucket === undefined) !== (props.remoteLogBucket === undefined),
        "AWS_TRAIL_DESTINATION_INVALID",
        "logBucket/remoteLogBucket",
        props.logBucket && props.remoteLogBucket ? "both" : "neither",
        "exactly one of logBucket and remoteLogBucket",
      )
      .throwIfInvalid();
    super(scope, id);

    // Computed, not `trail.arn`: CloudTrail checks at creation that the bucket and key policies
    // already let it write, so the trail depends on them and they cannot refer back to it (a
    // real dependency cycle; the one literal name in these policies).
    const identity: TrailIdentity = {
      partition: props.partition,
      accountId: props.accountId,
      trailArn: awsTrailArn(props.partition, props.region, props.accountId, props.trailName),
    };
    const local = props.logBucket;
    const destination = local
      ? { bucketName: local.bucketName, bucketArn: local.bucketArn, kmsKeyArn: local.kmsKey.keyArn, deliveryDependencies: local.deliveryDependencies }
      : props.remoteLogBucket!;
    local?.grantDelivery(identity);

    const delivery = logs ? this.cloudWatchLogsDelivery(logs, props) : undefined;

    const trail = new Cloudtrail(this, "Resource", {
      name: props.trailName,
      s3BucketName: destination.bucketName,
      s3KeyPrefix: CLOUDTRAIL_PREFIX,
      kmsKeyId: destination.kmsKeyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      advancedEventSelector: selectors,
      ...(delivery
        ? {
            // CloudTrail wants the log group ARN with the log-stream wildcard (provider docs,
            // aws_cloudtrail `cloud_watch_logs_group_arn`: "CloudTrail requires the Log Stream
            // wildcard"); the provider's `arn` attribute has none.
            cloudWatchLogsGroupArn: `${delivery.logGroup.arn}:*`,
            cloudWatchLogsRoleArn: delivery.role.arn,
          }
        : {}),
      // CloudTrail checks at creation that it may write to the bucket, and that it can assume
      // the role and write to the log group (the provider retries "Access denied" while IAM
      // propagates, internal/service/cloudtrail/trail.go); the role's policy must exist first.
      dependsOn: [...(destination.deliveryDependencies ?? []), ...(delivery ? [delivery.policy] : [])],
    });
    this.trailArn = trail.arn;
    this.logGroupName = delivery?.logGroup.name;
    this.logGroupArn = delivery?.logGroup.arn;
  }

  /**
   * The encrypted log group, the key-policy statement CloudWatch Logs needs to encrypt it, and
   * the role CloudTrail assumes to write into it (nothing else).
   */
  private cloudWatchLogsDelivery(logs: TrailCloudWatchLogs, props: AuditTrailProps): { logGroup: CloudwatchLogGroup; role: IamRole; policy: IamRolePolicy } {
    // Computed, not the group's `arn`: the key policy names it, and the group needs the key first.
    const logGroupArn = `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group:${logs.logGroupName}`;
    logs.kmsKey.addToKeyPolicy({
      Sid: `LogsEncryptTrail${pascalCase(props.trailName)}${stableSuffix(4, props.trailName)}`,
      Effect: "Allow",
      Principal: { Service: `logs.${props.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      // Only for this log group (CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs
      // using AWS KMS": the kms:EncryptionContext:aws:logs:arn condition), as in LockedDownFunction.
      // IfExists: the guide does not say CloudWatch Logs sends aws:SourceAccount to KMS, so a
      // plain condition could deny every write; when it is sent, it must be this account.
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn }, StringEqualsIfExists: { "aws:SourceAccount": props.accountId } },
    });
    const logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: logs.logGroupName,
      retentionInDays: logs.retentionDays,
      kmsKeyId: logs.kmsKey.keyArn,
      // Metric filters need the Standard class: Infrequent Access does not support them.
      logGroupClass: "STANDARD",
      tags: { purpose: "audit-trail-logs" },
      dependsOn: [logs.kmsKey.resource],
    });
    const roleName = `${props.trailName}-cloudwatch-logs`;
    const role = new IamRole(this, "LogsRole", {
      name: roleName.length <= 64 ? roleName : `${props.trailName.slice(0, 39)}-${stableSuffix(8, props.trailName)}-cloudwatch-logs`,
      description: `CloudTrail trail ${props.trailName} writes its events to log group ${logs.logGroupName}`.slice(0, 1000),
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "CloudTrailAssumesForThisTrail",
            Effect: "Allow",
            Principal: { Service: CLOUDTRAIL_SERVICE },
            Action: "sts:AssumeRole",
            // No aws:SourceArn or aws:SourceAccount condition: CloudTrail sends neither when it
            // assumes this role (CloudTrail user guide, "Role policy document for CloudTrail to use
            // CloudWatch Logs for monitoring": "Confused deputy prevention is not applicable to the
            // role policy for CloudWatch Logs monitoring"), so a condition would deny every
            // delivery. Another account's trail cannot use the role either: setting it on a trail
            // takes iam:PassRole on it, which only this account can grant.
          },
        ],
      }),
      maxSessionDuration: 3600,
      forceDetachPolicies: false,
      tags: { purpose: "audit-trail-logs" },
    });
    const policy = new IamRolePolicy(this, "LogsRolePolicy", {
      name: "deliver-to-log-group",
      role: role.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            // The streams CloudTrail writes, `<account>_CloudTrail_<region>` (CloudTrail user guide,
            // "Role policy document for CloudTrail to use CloudWatch Logs for monitoring"), of this group only.
            Sid: "DeliverTrailEvents",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${logGroup.arn}:log-stream:${props.accountId}_CloudTrail_*`,
          },
        ],
      }),
    });
    return { logGroup, role, policy };
  }
}

/** An advanced event selector with its field selectors as a plain list (so their values can be counted). */
interface EventSelector {
  readonly name: string;
  readonly fieldSelector: CloudtrailAdvancedEventSelectorFieldSelector[];
}

function eventSelectors(evidenceBucketArns: readonly string[], dataEventBucketArns: readonly string[], registryBucketArns: readonly string[]): EventSelector[] {
  const evidenceObjects = evidenceBucketArns.map((arn) => `${arn}/`);
  const selectors: EventSelector[] = [
    { name: "management-events", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
    {
      name: "log-bucket-reads",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "readOnly", equalTo: ["true"] },
        { field: "resources.ARN", startsWith: evidenceObjects },
      ],
    },
    {
      name: "log-bucket-tampering",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "eventName", equalTo: [...LOG_BUCKET_TAMPER_EVENTS] },
        { field: "resources.ARN", startsWith: evidenceObjects },
      ],
    },
  ];
  if (dataEventBucketArns.length > 0) {
    selectors.push({
      // Every object read and write (no readOnly field) of the buckets in dataEventBucketArns.
      name: "bucket-object-reads-and-writes",
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWith: dataEventBucketArns.map((arn) => `${arn}/`) },
      ],
    });
  }
  if (registryBucketArns.length > 0) {
    selectors.push(
      {
        // Writes only: the gate's promotions and anyone else's attempt (TrailAlarms tells them apart).
        name: "registry-approved-writes",
        fieldSelector: [
          { field: "eventCategory", equalTo: ["Data"] },
          { field: "resources.type", equalTo: ["AWS::S3::Object"] },
          { field: "readOnly", equalTo: ["false"] },
          { field: "resources.ARN", startsWith: registryBucketArns.map((arn) => `${arn}/approved/`) },
        ],
      },
      {
        // DeleteObjects names its keys in the request body, which CloudTrail does not record
        // (an AWS support answer published by Classmethod DevelopersIO on S3 data events without
        // the deleted object names: DeleteObject records the key, DeleteObjects does not), so
        // its event cannot be told to touch approved/: every multi-object delete on a registry
        // bucket is recorded.
        name: "registry-bulk-deletes",
        fieldSelector: [
          { field: "eventCategory", equalTo: ["Data"] },
          { field: "resources.type", equalTo: ["AWS::S3::Object"] },
          { field: "eventName", equalTo: ["DeleteObjects"] },
          { field: "resources.ARN", startsWith: registryBucketArns.map((arn) => `${arn}/`) },
        ],
      },
    );
  }
  return selectors;
}
