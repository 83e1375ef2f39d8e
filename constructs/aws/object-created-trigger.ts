import { EVENTBRIDGE_RULE_NAME } from "../shared/limits/aws";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { Construct } from "constructs";
import { AWS_ACCOUNT_ID } from "../shared/limits/aws";
import { stableSuffix } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { LockedDownFunction } from "./locked-down-function";


/** The bucket whose new objects start the function. */
export interface TriggerBucket {
  /** Terraform id of the bucket (its name). */
  readonly bucketId: string;
  /** The bucket's name, as the resource's attribute. */
  readonly bucketName: string;
}

export interface ObjectCreatedTriggerProps {
  /** The registry bucket whose `incoming/<model>/<version>/model.sig` objects start the function. */
  readonly bucket: TriggerBucket;
  /** The function the rule invokes, whose dead-letter queue takes failed deliveries. */
  readonly function: LockedDownFunction;
  /** EventBridge rule name: 1-64 letters, digits, `.`, `-`, `_`. */
  readonly ruleName: string;
  /** The function's account: the Lambda permission's `source_account`. */
  readonly accountId: string;
  /**
   * EventBridge wildcard pattern the object key must match, e.g. `incoming/*\/*\/model.sig`.
   * `*` matches any characters, `/` included (EventBridge User Guide, "Content filtering in
   * Amazon EventBridge event patterns", wildcard matching).
   */
  readonly keyWildcard: string;
  /**
   * Times EventBridge retries delivering an event to the function, 0-185.
   * @default 8
   */
  readonly maxRetryAttempts?: number;
  /** Seconds EventBridge keeps retrying an event, 60-86400. @default 3600 */
  readonly maxEventAgeSeconds?: number;
}

/**
 * Starts a function for new objects of one bucket through EventBridge: S3 sends every event of
 * the bucket to the default bus (`aws_s3_bucket_notification` with `eventbridge = true`: one
 * notification resource per bucket, so the bucket must not have another), a rule matches
 * `source: aws.s3`, `detail-type: Object Created`, the bucket's name and the key pattern, and
 * targets the function with a retry policy and the function's dead-letter queue for events it
 * could not deliver. The Lambda permission lets only this rule invoke the function.
 *
 * Why EventBridge and not an S3 notification to Lambda: S3 notifications filter by one prefix
 * and one suffix, EventBridge filters on the whole key with a wildcard, and a target failure
 * has a dead-letter queue instead of being dropped (EventBridge User Guide, "Amazon S3 event
 * notifications with EventBridge"; "Using dead-letter queues").
 */
export class ObjectCreatedTrigger extends Construct {
  public readonly ruleArn: string;
  public readonly ruleName: string;

  constructor(scope: Construct, id: string, props: ObjectCreatedTriggerProps) {
    const retries = props.maxRetryAttempts ?? 8;
    const age = props.maxEventAgeSeconds ?? 3600;
    new PropValidator(scope, id)
      .matches("ruleName", props.ruleName, EVENTBRIDGE_RULE_NAME, "AWS_TRIGGER_RULE_NAME_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .require(props.keyWildcard.length > 0 && !props.keyWildcard.startsWith("*"), "AWS_TRIGGER_KEY_PATTERN_INVALID", "keyWildcard", props.keyWildcard, "a key pattern that starts with a fixed prefix")
      // PutTargets RetryPolicy: MaximumRetryAttempts 0-185, MaximumEventAgeInSeconds 60-86400.
      .integerInRange("maxRetryAttempts", retries, 0, 185, "AWS_TRIGGER_RETRIES_OUT_OF_RANGE")
      .integerInRange("maxEventAgeSeconds", age, 60, 86400, "AWS_TRIGGER_EVENT_AGE_OUT_OF_RANGE")
      .throwIfInvalid();
    super(scope, id);

    new S3BucketNotification(this, "Notification", { bucket: props.bucket.bucketId, eventbridge: true });
    const rule = new CloudwatchEventRule(this, "Rule", {
      name: props.ruleName,
      description: `Starts ${props.ruleName.replace(/-trigger$/, "")} for new objects matching ${props.keyWildcard}`,
      eventPattern: JSON.stringify({
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: [props.bucket.bucketName] }, object: { key: [{ wildcard: props.keyWildcard }] } },
      }),
      state: "ENABLED",
      tags: { purpose: "function-trigger" },
    });
    const fn = props.function;
    new CloudwatchEventTarget(this, "Target", {
      rule: rule.name,
      targetId: "function",
      arn: fn.functionArn,
      retryPolicy: { maximumRetryAttempts: retries, maximumEventAgeInSeconds: age },
      deadLetterConfig: { arn: fn.deadLetterQueueArn },
    });
    new LambdaPermission(this, "Permission", {
      statementId: "EventBridgeInvokes",
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
      sourceAccount: props.accountId,
    });
    fn.allowEventBridgeDeadLetters(rule.arn, stableSuffix(6, props.ruleName));

    this.ruleArn = rule.arn;
    this.ruleName = rule.name;
  }
}
