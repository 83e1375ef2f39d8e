import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { IAM_ROLE_ARN, S3_BUCKET_NAME } from "../shared/limits/aws";
import { REGISTRY_NAME } from "../shared/limits/registry";
import { PropValidator } from "../shared/validation-error";

/*
 * Facts this file relies on:
 * - A metric filter pattern is at most 1024 UTF-8 characters (terraform-provider-aws
 *   internal/service/logs/metric_filter.go: `verify.StringUTF8LenBetween(0, 1024)`); a log
 *   group takes at most 100 metric filters (CloudWatch Logs user guide, "CloudWatch Logs
 *   quotas": "Metrics filters: 100 per log group. This quota can't be changed").
 * - JSON pattern syntax: `{ ... }`, `&&` / `||` with parentheses, order of operations
 *   `()` > `&&` > `||`, `=` / `!=` with quoted strings and `*` wildcards, `NOT EXISTS`
 *   (CloudWatch Logs user guide, "Filter pattern syntax for metric filters"). `!=` on a field an
 *   event lacks is not documented, so a condition that must catch a missing field says
 *   `NOT EXISTS` explicitly.
 * - Metric filter and metric names refuse `:` and `*` (metric names also `$`) and the metric
 *   namespace `:*$` (the provider's validLogMetricFilterName / validLogMetricFilterTransformationName,
 *   internal/service/logs/validate.go); alarm names take up to 255 characters (CloudWatch API
 *   reference, PutMetricAlarm `AlarmName`); namespaces beginning `AWS/` are AWS's own
 *   (CloudWatch API reference, PutMetricData `Namespace`).
 */

/** Longest metric filter pattern CloudWatch Logs accepts, in characters. */
export const CLOUDWATCH_FILTER_PATTERN_MAX_LENGTH = 1024;
/** Metric filters one log group can carry. */
export const CLOUDWATCH_METRIC_FILTERS_PER_LOG_GROUP = 100;

/**
 * Worst-case lengths a name known only at apply (a token) is counted with when a pattern's
 * length is checked at synth: S3 bucket names are at most 63 characters (S3_BUCKET_NAME), and a
 * role ARN without a path `arn:aws-us-gov:iam::<12 digits>:role/<64-character name>` at most
 * 102 (the gate roles have no path: `awsFunctionRoleName`). A literal is measured as it is.
 */
const TOKEN_BUCKET_NAME_LENGTH = 63;
const TOKEN_ROLE_ARN_LENGTH = 102;

/** The longest filter or alarm id below, so every derived name fits its limit. */
const NAME_PREFIX_MAX_LENGTH = 160;

/** One registry whose `approved/` prefix and bucket configuration are watched. */
export interface TrailAlarmRegistry {
  /** The registry's name (REGISTRY_NAME, e.g. `fraud-scoring`): part of its filters' and alarms' ids. */
  readonly name: string;
  /** The registry bucket's name (a reference to the bucket is fine: tokens are rendered into the pattern). */
  readonly bucketName: string;
  /**
   * Roles whose sessions may write under `approved/`: the registry's promotion gate. A Lambda
   * function runs as an assumed-role session of its execution role, so CloudTrail records that
   * role's ARN as `userIdentity.sessionContext.sessionIssuer.arn`.
   */
  readonly gateRoleArns: readonly string[];
}

export interface TrailAlarmsProps {
  /** Prefix of every metric filter, metric and alarm name, e.g. `acme-ai-prod` (at most 160 characters, no `:`, `*` or `$`). */
  readonly namePrefix: string;
  /** The log group the trail delivers to (`AuditTrail.logGroupName`). */
  readonly logGroupName: string;
  /** SNS topic every alarm notifies (the environment's KMS-encrypted alerts topic). */
  readonly alarmTopicArn: string;
  /** The write-once log buckets (trail, access logs) whose configuration must not change unseen. */
  readonly logBucketNames: readonly string[];
  /** Model registries whose `approved/` writes and bucket configuration are watched. @default [] (no registry) */
  readonly registries?: readonly TrailAlarmRegistry[];
  /** CloudWatch namespace of the metrics, not starting with `AWS/`, no `:`, `*` or `$`. @default "AiSupplyChain/Trail" */
  readonly metricNamespace?: string;
}

/** One metric filter and its alarm. */
interface AlarmSpec {
  /** Stable kebab-case id, part of the filter, metric and alarm names. */
  readonly id: string;
  /** What the alarm catches and why it matters: the alarm's description. */
  readonly description: string;
  /** The filter pattern, with the real values (tokens rendered by cdktf). */
  readonly pattern: string;
  /** The pattern with worst-case stand-ins for tokens, for the length check. */
  readonly worstCase: string;
  /** The props whose values make the pattern long (for the error). */
  readonly prop: string;
}

/**
 * The CIS AWS Foundations Benchmark monitoring set, with the exact patterns AWS Security Hub
 * checks for controls CloudWatch.1-14 (Security Hub user guide, "Amazon CloudWatch controls",
 * awsdocs/aws-security-hub-user-guide doc_source/cloudwatch-controls.md: "This control fails if
 * the exact metric filters prescribed by CIS are not used"), and CIS v1.4.0 control 4.15 for AWS
 * Organizations (the benchmark's audit text, repeated by Prowler's and Datadog's checks). Kept
 * byte for byte: Security Hub compares the text.
 */
export const CIS_TRAIL_ALARMS: ReadonlyArray<{ readonly id: string; readonly control: string; readonly description: string; readonly pattern: string }> = [
  {
    id: "account-root-usage",
    control: "CloudWatch.1 / CIS 1.7, 4.3",
    description: "The root user acted (not a service on its behalf): it bypasses every IAM boundary, so any use outside break-glass is an incident.",
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    id: "unauthorized-api-calls",
    control: "CloudWatch.2 / CIS 3.1",
    description: "A call was refused for lack of permission: the first sign of a stolen credential probing what it can reach, or of a broken deployment.",
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  {
    id: "console-sign-in-without-mfa",
    control: "CloudWatch.3 / CIS 3.2",
    description: "An IAM user signed in to the console without MFA: a password alone protects that account.",
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: "iam-policy-changes",
    control: "CloudWatch.4 / CIS 3.4, 4.4",
    description: "An IAM policy was created, changed, attached or detached: the quickest way to grant oneself the registry or the keys.",
    pattern:
      "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
  },
  {
    id: "cloudtrail-config-changes",
    control: "CloudWatch.5 / CIS 3.5, 4.5",
    description: "A trail was created, changed, deleted, started or stopped: stopping the trail is how an intruder erases what comes next.",
    pattern: "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  },
  {
    id: "console-authentication-failures",
    control: "CloudWatch.6 / CIS 3.6, 4.6",
    description: "A console sign-in failed authentication: password guessing against the account's users.",
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    id: "cmk-disable-or-deletion",
    control: "CloudWatch.7 / CIS 3.7, 4.7",
    description: "A customer-managed KMS key was disabled or scheduled for deletion: data encrypted with it (the logs, the registry) becomes unreadable.",
    pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  },
  {
    id: "s3-bucket-policy-changes",
    control: "CloudWatch.8 / CIS 3.8, 4.8",
    description: "An S3 bucket's ACL, policy, CORS, lifecycle or replication changed, on any bucket of the account.",
    pattern:
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  },
  {
    id: "config-changes",
    control: "CloudWatch.9 / CIS 3.9, 4.9",
    description: "AWS Config recording or delivery was stopped or changed: the configuration history an investigation relies on.",
    pattern:
      "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  },
  {
    id: "security-group-changes",
    control: "CloudWatch.10 / CIS 3.10, 4.10",
    description: "A security group was created, deleted or had rules changed: a path into the functions' network.",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  },
  {
    id: "nacl-changes",
    control: "CloudWatch.11 / CIS 3.11, 4.11",
    description: "A network ACL or its entries changed.",
    pattern:
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  },
  {
    id: "network-gateway-changes",
    control: "CloudWatch.12 / CIS 3.12, 4.12",
    description: "An internet or customer gateway was created, attached, detached or deleted: a new way in or out of the network.",
    pattern:
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  },
  {
    id: "route-table-changes",
    control: "CloudWatch.13 / CIS 3.13, 4.13",
    description: "A route or route table changed: traffic can be sent somewhere it should not go.",
    pattern:
      "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
  },
  {
    id: "vpc-changes",
    control: "CloudWatch.14 / CIS 3.14, 4.14",
    description: "A VPC, its attributes, peering or ClassicLink changed.",
    pattern:
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
  },
  {
    id: "organizations-changes",
    control: "CIS 4.15",
    description: "AWS Organizations changed (accounts, OUs, SCPs, handshakes): an SCP detached from the account lifts the organisation's guardrails.",
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];

/**
 * KMS calls that take a key out of service or change who controls it. DisableKey and
 * ScheduleKeyDeletion end reading of the evidence; PutKeyPolicy re-grants the key; deleting or
 * moving an alias redirects what services encrypt with; disabling rotation and deleting imported
 * material weaken or destroy it; a cancelled deletion means a deletion was scheduled first.
 */
export const KMS_TAMPER_EVENTS = ["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "CancelKeyDeletion", "DeleteAlias", "UpdateAlias", "DisableKeyRotation", "DeleteImportedKeyMaterial"] as const;

/** CloudTrail calls that stop, delete or narrow what the trail records. */
export const TRAIL_TAMPER_EVENTS = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"] as const;

/**
 * Bucket-level calls on the watched buckets, as wildcards: every `PutBucket*` and
 * `DeleteBucket*` call (policy, versioning, lifecycle, encryption, public access block, ACL,
 * ownership, notifications that trigger the gate, access logging, replication, the bucket
 * itself) and the Object Lock configuration. Wider than a list of names on purpose: on an
 * evidence or registry bucket every configuration change is worth a look, and the pattern
 * stays short enough for several buckets.
 */
export const BUCKET_CONFIG_EVENT_PATTERNS = ["PutBucket*", "DeleteBucket*", "PutObjectLockConfiguration"] as const;

/**
 * Object-level writes under `approved/`: new objects (PutObject, CopyObject,
 * CompleteMultipartUpload), deletions (DeleteObject; a delete marker hides an approved version),
 * and changes of retention, legal hold, tags or ACL (the `PutObject*` and `DeleteObject*`
 * wildcards). Only the gate writes there.
 */
export const APPROVED_WRITE_EVENT_PATTERNS = ["PutObject*", "CopyObject", "CompleteMultipartUpload", "DeleteObject*"] as const;

/**
 * GuardDuty calls that blind the detector or its malware scanning: deleting or changing the
 * detector, leaving the administrator account, deleting or changing a Malware Protection plan
 * (the scan of registry uploads), suppression filters and trusted IP lists (findings silently
 * archived or never raised), and removing where findings are exported.
 */
export const GUARDDUTY_TAMPER_EVENTS = [
  "DeleteDetector",
  "UpdateDetector",
  "DisassociateFromMasterAccount",
  "DisassociateFromAdministratorAccount",
  "DeleteMalwareProtectionPlan",
  "UpdateMalwareProtectionPlan",
  "CreateFilter",
  "UpdateFilter",
  "CreateIPSet",
  "UpdateIPSet",
  "DeletePublishingDestination",
  "UpdatePublishingDestination",
] as const;

/** `(sel = "a" || sel = "b")` */
function anyOf(selector: string, values: readonly string[]): string {
  return `(${values.map((v) => `${selector} = "${v}"`).join(" || ")})`;
}

function worst(value: string, length: number): string {
  return Token.isUnresolved(value) ? "x".repeat(length) : value;
}

function bucketConfigPattern(bucketNames: readonly string[]): string {
  return `{ ($.eventSource = "s3.amazonaws.com") && ${anyOf("$.eventName", BUCKET_CONFIG_EVENT_PATTERNS)} && ${anyOf("$.requestParameters.bucketName", bucketNames)} }`;
}

function approvedWritesPattern(bucketName: string, gateRoleArns: readonly string[]): string {
  const issuer = "$.userIdentity.sessionContext.sessionIssuer.arn";
  // An IAM user or the root has no session issuer: NOT EXISTS catches them (see the file comment).
  const notGate = gateRoleArns.length > 0 ? ` || (${gateRoleArns.map((arn) => `${issuer} != "${arn}"`).join(" && ")})` : "";
  return (
    `{ ($.eventSource = "s3.amazonaws.com") && ${anyOf("$.eventName", APPROVED_WRITE_EVENT_PATTERNS)}` +
    // DeleteObjects records no key (AuditTrail's registry-bulk-deletes selector): it counts wherever it deletes.
    ` && ($.requestParameters.bucketName = "${bucketName}") && ($.requestParameters.key = "approved/*" || $.eventName = "DeleteObjects")` +
    ` && (${issuer} NOT EXISTS${notGate}) }`
  );
}

function serviceEventsPattern(eventSource: string, events: readonly string[]): string {
  return `{ ($.eventSource = "${eventSource}") && ${anyOf("$.eventName", events)} }`;
}

/** Every filter of the set, in a stable order: the CIS set, then the blueprint's own. */
function alarmSpecs(props: TrailAlarmsProps): AlarmSpec[] {
  const fixed = (id: string, description: string, pattern: string): AlarmSpec => ({ id, description, pattern, worstCase: pattern, prop: "namePrefix" });
  const specs: AlarmSpec[] = CIS_TRAIL_ALARMS.map((a) => fixed(a.id, `${a.control}: ${a.description}`, a.pattern));
  specs.push(
    fixed(
      "kms-key-tampering",
      "A KMS key was disabled, scheduled for deletion, re-policied, had its alias moved or deleted, its rotation disabled or its material deleted: the logs and registry keys are the evidence's lock.",
      serviceEventsPattern("kms.amazonaws.com", KMS_TAMPER_EVENTS),
    ),
    fixed(
      "trail-tampering",
      "The trail was stopped, deleted, updated or had its event or Insights selectors changed: what is recorded next may be less than before.",
      serviceEventsPattern("cloudtrail.amazonaws.com", TRAIL_TAMPER_EVENTS),
    ),
  );
  if (props.logBucketNames.length > 0) {
    specs.push({
      id: "log-bucket-config-changes",
      description: "A log bucket's policy, Object Lock, versioning, lifecycle, encryption, public access block or other configuration changed (or a change was attempted): the write-once evidence store.",
      pattern: bucketConfigPattern(props.logBucketNames),
      worstCase: bucketConfigPattern(props.logBucketNames.map((b) => worst(b, TOKEN_BUCKET_NAME_LENGTH))),
      prop: "logBucketNames",
    });
  }
  for (const registry of props.registries ?? []) {
    specs.push(
      {
        id: `registry-config-changes-${registry.name}`,
        description: `Registry ${registry.name}: the bucket's policy, Object Lock, versioning, lifecycle, encryption, public access block, notifications (the gate's trigger) or other configuration changed, or a change was attempted.`,
        pattern: bucketConfigPattern([registry.bucketName]),
        worstCase: bucketConfigPattern([worst(registry.bucketName, TOKEN_BUCKET_NAME_LENGTH)]),
        prop: `registries[${registry.name}].bucketName`,
      },
      {
        id: `approved-writes-${registry.name}`,
        description: `Registry ${registry.name}: an object under approved/ was written, deleted, or had its retention, legal hold or tags changed by someone other than the promotion gate (or tried to): only the gate promotes.`,
        pattern: approvedWritesPattern(registry.bucketName, registry.gateRoleArns),
        worstCase: approvedWritesPattern(
          worst(registry.bucketName, TOKEN_BUCKET_NAME_LENGTH),
          registry.gateRoleArns.map((a) => worst(a, TOKEN_ROLE_ARN_LENGTH)),
        ),
        prop: `registries[${registry.name}].gateRoleArns`,
      },
    );
  }
  specs.push(
    fixed(
      "guardduty-tampering",
      "GuardDuty's detector, Malware Protection plan, suppression filters, trusted IP lists or findings export changed, or the account left its administrator: the detectors that would see an attack are being blinded.",
      serviceEventsPattern("guardduty.amazonaws.com", GUARDDUTY_TAMPER_EVENTS),
    ),
  );
  return specs;
}

function hasForbiddenCharacter(value: string, forbidden: readonly string[]): boolean {
  return forbidden.some((c) => value.includes(c));
}

/**
 * Metric filters on the trail's CloudWatch Logs group, each with an alarm that notifies the
 * alerts topic on the first matching event in a five-minute period: the CIS AWS Foundations
 * monitoring set (CloudWatch.1-14 and Organizations), plus the blueprint's own tampering
 * signals (keys, trail, log and registry buckets, writes under `approved/` by anyone but the
 * gate, GuardDuty). No data is "not breaching": a quiet account stays OK instead of flapping to
 * INSUFFICIENT_DATA.
 *
 * @example
 * new TrailAlarms(this, "trail-alarms", {
 *   namePrefix: "acme-ai-prod",
 *   logGroupName: trail.logGroupName!,
 *   alarmTopicArn: alerts.topicArn,
 *   logBucketNames: [logBucket.bucketName, accessLogs.bucketName],
 *   registries: [{ name: "fraud-scoring", bucketName: registry.bucketName, gateRoleArns: [gate.roleArn] }],
 * });
 */
export class TrailAlarms extends Construct {
  /** Ids of the filters and alarms, in creation order (`<namePrefix>-<id>` is the filter's and metric's name). */
  public readonly alarmIds: readonly string[];
  /** ARNs of the alarms, in the order of `alarmIds`. */
  public readonly alarmArns: readonly string[];

  constructor(scope: Construct, id: string, props: TrailAlarmsProps) {
    const namespace = props.metricNamespace ?? "AiSupplyChain/Trail";
    const registries = props.registries ?? [];
    const specs = alarmSpecs(props);
    const validator = new PropValidator(scope, id);
    if (!Token.isUnresolved(props.namePrefix)) {
      validator.require(
        props.namePrefix.length >= 1 && props.namePrefix.length <= NAME_PREFIX_MAX_LENGTH && !hasForbiddenCharacter(props.namePrefix, [":", "*", "$"]),
        "AWS_TRAIL_ALARM_NAME_PREFIX_INVALID",
        "namePrefix",
        props.namePrefix,
        `1-${NAME_PREFIX_MAX_LENGTH} characters without : * $`,
      );
    }
    if (!Token.isUnresolved(namespace)) {
      validator.require(
        namespace.length >= 1 && namespace.length <= 255 && !namespace.startsWith("AWS/") && !hasForbiddenCharacter(namespace, [":", "*", "$"]),
        "AWS_TRAIL_ALARM_NAMESPACE_INVALID",
        "metricNamespace",
        namespace,
        "1-255 characters without : * $, not starting with AWS/",
      );
    }
    props.logBucketNames.forEach((b, i) => validator.matches(`logBucketNames[${i}]`, b, S3_BUCKET_NAME, "AWS_TRAIL_ALARM_BUCKET_INVALID"));
    registries.forEach((r, i) => {
      validator
        .matches(`registries[${i}].name`, r.name, REGISTRY_NAME, "AWS_TRAIL_ALARM_REGISTRY_INVALID")
        .matches(`registries[${i}].bucketName`, r.bucketName, S3_BUCKET_NAME, "AWS_TRAIL_ALARM_BUCKET_INVALID")
        // Without a gate role every promotion would alarm: a wiring mistake, not a policy.
        .require(r.gateRoleArns.length > 0, "AWS_TRAIL_ALARM_GATE_ROLES_MISSING", `registries[${i}].gateRoleArns`, "[]", "at least one gate role ARN");
      r.gateRoleArns.forEach((arn, j) => validator.matches(`registries[${i}].gateRoleArns[${j}]`, arn, IAM_ROLE_ARN, "AWS_TRAIL_ALARM_GATE_ROLE_INVALID"));
    });
    validator.require(
      specs.length <= CLOUDWATCH_METRIC_FILTERS_PER_LOG_GROUP,
      "AWS_TRAIL_ALARMS_TOO_MANY",
      "registries",
      `${registries.length} registries (${specs.length} metric filters)`,
      `at most ${CLOUDWATCH_METRIC_FILTERS_PER_LOG_GROUP} metric filters on one log group`,
    );
    for (const spec of specs) {
      // Names known only at apply are counted at their longest (TOKEN_* above).
      validator.require(
        spec.worstCase.length <= CLOUDWATCH_FILTER_PATTERN_MAX_LENGTH,
        "AWS_TRAIL_ALARM_PATTERN_TOO_LONG",
        spec.prop,
        `the ${spec.id} pattern of ${spec.worstCase.length} characters`,
        `a pattern of at most ${CLOUDWATCH_FILTER_PATTERN_MAX_LENGTH} characters (fewer or shorter bucket names or role ARNs)`,
      );
    }
    validator.throwIfInvalid();
    super(scope, id);

    const arns: string[] = [];
    for (const spec of specs) {
      const name = `${props.namePrefix}-${spec.id}`;
      const filter = new CloudwatchLogMetricFilter(this, `${spec.id}-filter`, {
        name,
        logGroupName: props.logGroupName,
        pattern: spec.pattern,
        metricTransformation: { name, namespace, value: "1" },
      });
      const alarm = new CloudwatchMetricAlarm(this, `${spec.id}-alarm`, {
        // Not the filter's name: a literal copy of it would give Terraform no edge between them.
        alarmName: `${name}-alarm`,
        alarmDescription: spec.description,
        // The filter's attributes, so the alarm reads exactly the metric the filter writes.
        metricName: filter.metricTransformation.name,
        namespace: filter.metricTransformation.namespace,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [props.alarmTopicArn],
        tags: { purpose: "security-alarm" },
      });
      arns.push(alarm.arn);
    }
    this.alarmIds = specs.map((s) => s.id);
    this.alarmArns = arns;
  }
}
