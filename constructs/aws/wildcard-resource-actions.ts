/**
 * The IAM actions that may be granted on `"Resource": "*"` in an identity policy, because they
 * act on no resource an ARN could name. In the Service Authorization Reference these actions
 * have an empty "Resource types" column, which means "you must specify all resources ("*")".
 * Everything else must name its resources.
 *
 * One list, read by two consumers: the policy rule IAM-NO-WILDCARD-RESOURCE-AWS (a `*` resource
 * outside this list is an error) and the function construct that grants its role these actions.
 * Adding an action here widens what every policy of the blueprint may do, so each entry carries
 * the reason it has no resource and where that is documented.
 *
 * Deliberately absent: `ec2:CreateNetworkInterface` and `ec2:DeleteNetworkInterface`, which a
 * VPC function needs but which do support resource types (network-interface, subnet,
 * security-group); the Lambda Developer Guide ("Giving Lambda functions access to a VPC") scopes
 * them to the account's EC2 ARNs (`arn:aws:ec2:<region>:<account>:` followed by `*` and `/*`)
 * instead of `*`.
 */
export interface WildcardResourceAction {
  /** `service:Action`, exactly as IAM spells it, no wildcard. */
  readonly action: string;
  /** Why the action has no resource to name, with the document that says so. */
  readonly reason: string;
}

export const WILDCARD_RESOURCE_ACTIONS: readonly WildcardResourceAction[] = Object.freeze([
  {
    action: "xray:PutTraceSegments",
    reason: "Uploads trace segments to the account's X-Ray service; no resource types (Service Authorization Reference, AWS X-Ray; AWS managed policy AWSXRayDaemonWriteAccess grants it on *).",
  },
  {
    action: "xray:PutTelemetryRecords",
    reason: "Uploads X-Ray daemon telemetry for the account; no resource types (Service Authorization Reference, AWS X-Ray; AWSXRayDaemonWriteAccess).",
  },
  {
    action: "xray:GetSamplingRules",
    reason: "The X-Ray SDK reads the account's sampling rules before tracing; no resource types (Service Authorization Reference, AWS X-Ray; AWSXRayDaemonWriteAccess).",
  },
  {
    action: "xray:GetSamplingTargets",
    reason: "The X-Ray SDK asks for its sampling quota; no resource types (Service Authorization Reference, AWS X-Ray; AWSXRayDaemonWriteAccess).",
  },
  {
    action: "xray:GetSamplingStatisticSummaries",
    reason: "The X-Ray SDK reads sampling statistics for the account; no resource types (Service Authorization Reference, AWS X-Ray; AWSXRayDaemonWriteAccess).",
  },
  {
    action: "ec2:DescribeNetworkInterfaces",
    reason: "A VPC function's role lists network interfaces; EC2 Describe actions support no resource types, and the Lambda Developer Guide says it works only when allowed on \"Resource\": \"*\".",
  },
  {
    action: "ec2:DescribeSubnets",
    reason: "A VPC function's role reads its subnets; EC2 Describe actions support no resource types (Service Authorization Reference, Amazon EC2; AWSLambdaVPCAccessExecutionRole).",
  },
  {
    action: "ecr:GetAuthorizationToken",
    reason: "Issues a registry login token for the caller's account, not for a repository; no resource types (Service Authorization Reference, Amazon ECR); pulls are then authorised per repository.",
  },
  {
    action: "sts:GetCallerIdentity",
    reason: "Returns the caller's own identity; no resource types, and the STS API Reference says no permission is required for it at all.",
  },
  {
    action: "cloudwatch:PutMetricData",
    reason: "Publishes metrics to a namespace, which is not a resource; no resource types (Service Authorization Reference, Amazon CloudWatch): limit it with the cloudwatch:namespace condition key.",
  },
  {
    action: "kms:ListAliases",
    reason: "Lists the account's aliases; the KMS Developer Guide (\"Specifying KMS keys in IAM policy statements\") says to use \"*\" for operations that use no particular KMS key.",
  },
  {
    action: "kms:ListKeys",
    reason: "Lists the account's keys; an operation that uses no particular KMS key, so \"*\" (KMS Developer Guide, \"Specifying KMS keys in IAM policy statements\").",
  },
  {
    action: "kms:GenerateRandom",
    reason: "Returns random bytes from the KMS HSMs without any key; \"*\" per the KMS Developer Guide (\"Specifying KMS keys in IAM policy statements\").",
  },
]);

const BY_LOWER_CASE = new Set(WILDCARD_RESOURCE_ACTIONS.map((a) => a.action.toLowerCase()));

/** True when `action` is in the list; IAM action names are case-insensitive, wildcards never match. */
export function isWildcardResourceAction(action: string): boolean {
  return !/[*?]/.test(action) && BY_LOWER_CASE.has(action.toLowerCase());
}
