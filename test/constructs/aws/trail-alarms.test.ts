import * as fs from "node:fs";
import * as path from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TrailAlarms, TrailAlarmsProps } from "../../../constructs/aws/trail-alarms";
import { JsonValue, filterPatternMatches } from "../../helpers/cloudwatch-filter-pattern";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * Issue 13: the trail's CloudWatch Logs group carries one metric filter and one alarm per
 * signal: the CIS AWS Foundations monitoring set, and the blueprint's tampering signals (keys,
 * trail, log and registry buckets, writes under approved/ by anyone but the gate, GuardDuty).
 * Each filter is run against CloudTrail records under test/fixtures/aws-events/: one that must
 * fire, one that must not.
 */

const LOG_BUCKET = "acme-ai-prod-logs-222222222222";
const ACCESS_LOG_BUCKET = "acme-ai-prod-access-logs-222222222222";
const REGISTRY_BUCKET = "acme-ai-prod-fraud-scoring-222222222222";
const GATE_ROLE = "arn:aws:iam::222222222222:role/acme-ai-prod-fraud-scoring-gate-exec";
const TOPIC = "arn:aws:sns:eu-west-1:222222222222:acme-ai-prod-alerts";

const PROPS: TrailAlarmsProps = {
  namePrefix: "acme-ai-prod",
  logGroupName: "/aws/cloudtrail/acme-ai-prod",
  alarmTopicArn: TOPIC,
  logBucketNames: [LOG_BUCKET, ACCESS_LOG_BUCKET],
  registries: [{ name: "fraud-scoring", bucketName: REGISTRY_BUCKET, gateRoleArns: [GATE_ROLE] }],
};

const stack = synthConstruct((scope) => new TrailAlarms(scope, "alarms", PROPS));

/** Metric filters by name, with their logical ids. */
function filtersByName(s: Json): Record<string, Json & { id: string }> {
  return Object.fromEntries(Object.entries(resourcesOf(s, "aws_cloudwatch_log_metric_filter")).map(([id, f]) => [f["name"] as string, { ...f, id }]));
}
function alarmsByName(s: Json): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(s, "aws_cloudwatch_metric_alarm")).map((a) => [a["alarm_name"] as string, a]));
}
function patternOf(s: Json, id: string): string {
  const f = filtersByName(s)[`acme-ai-prod-${id}`];
  if (f === undefined) throw new Error(`no filter acme-ai-prod-${id}`);
  return f["pattern"] as string;
}
function fixture(name: string): JsonValue {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "aws-events", `${name}.json`), "utf8")) as JsonValue;
}
function withEventName(event: JsonValue, eventName: string): JsonValue {
  return { ...(event as Record<string, JsonValue>), eventName };
}

const IDS = [
  "account-root-usage",
  "unauthorized-api-calls",
  "console-sign-in-without-mfa",
  "iam-policy-changes",
  "cloudtrail-config-changes",
  "console-authentication-failures",
  "cmk-disable-or-deletion",
  "s3-bucket-policy-changes",
  "config-changes",
  "security-group-changes",
  "nacl-changes",
  "network-gateway-changes",
  "route-table-changes",
  "vpc-changes",
  "organizations-changes",
  "kms-key-tampering",
  "trail-tampering",
  "log-bucket-config-changes",
  "registry-config-changes-fraud-scoring",
  "approved-writes-fraud-scoring",
  "guardduty-tampering",
];

describe("every filter and alarm, by name", () => {
  test("one filter per signal, named <prefix>-<id>, on the trail's log group, writing 1 to <prefix>-<id>", () => {
    const filters = filtersByName(stack);
    expect(Object.keys(filters).sort()).toEqual(IDS.map((id) => `acme-ai-prod-${id}`).sort());
    for (const id of IDS) {
      const f = filters[`acme-ai-prod-${id}`]!;
      expect([f["log_group_name"], f["metric_transformation"]]).toEqual(["/aws/cloudtrail/acme-ai-prod", { name: `acme-ai-prod-${id}`, namespace: "AiSupplyChain/Trail", value: "1" }]);
    }
  });

  test("one alarm per filter: Sum >= 1 in one 5-minute period, missing data not breaching, notifying the topic", () => {
    const alarms = alarmsByName(stack);
    expect(Object.keys(alarms).sort()).toEqual(IDS.map((id) => `acme-ai-prod-${id}-alarm`).sort());
    const filters = filtersByName(stack);
    for (const id of IDS) {
      const a = alarms[`acme-ai-prod-${id}-alarm`]!;
      const filterId = filters[`acme-ai-prod-${id}`]!.id;
      const { alarm_description: description, ...rest } = a;
      expect(rest).toEqual({
        alarm_name: `acme-ai-prod-${id}-alarm`,
        // The alarm reads exactly the metric its own filter writes.
        metric_name: `\${aws_cloudwatch_log_metric_filter.${filterId}.metric_transformation[0].name}`,
        namespace: `\${aws_cloudwatch_log_metric_filter.${filterId}.metric_transformation[0].namespace}`,
        statistic: "Sum",
        period: 300,
        evaluation_periods: 1,
        threshold: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        treat_missing_data: "notBreaching",
        actions_enabled: true,
        alarm_actions: [TOPIC],
        tags: { purpose: "security-alarm" },
      });
      expect((description as string).length).toBeGreaterThan(40);
    }
  });

  test("the alarms' descriptions name the CIS control they implement", () => {
    const alarms = alarmsByName(stack);
    expect(alarms["acme-ai-prod-account-root-usage-alarm"]!["alarm_description"]).toMatch(/^CloudWatch\.1 \/ CIS 1\.7, 4\.3: /);
    expect(alarms["acme-ai-prod-vpc-changes-alarm"]!["alarm_description"]).toMatch(/^CloudWatch\.14 /);
    expect(alarms["acme-ai-prod-organizations-changes-alarm"]!["alarm_description"]).toMatch(/^CIS 4\.15: /);
  });
});

describe("the CIS patterns are the exact text Security Hub checks", () => {
  // Copied from the Security Hub user guide, "Amazon CloudWatch controls" (CloudWatch.1-14),
  // and the CIS v1.4.0 benchmark's control 4.15: Security Hub fails a control whose pattern differs.
  const EXPECTED: Record<string, string> = {
    "account-root-usage": '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    "unauthorized-api-calls": '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    "console-sign-in-without-mfa":
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    "iam-policy-changes":
      "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
    "cloudtrail-config-changes": "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
    "console-authentication-failures": '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    "cmk-disable-or-deletion": "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
    "s3-bucket-policy-changes":
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
    "config-changes":
      "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
    "security-group-changes":
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
    "nacl-changes":
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
    "network-gateway-changes":
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
    "route-table-changes":
      "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
    "vpc-changes":
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
    "organizations-changes":
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  };
  test.each(Object.keys(EXPECTED))("%s", (id) => {
    expect(patternOf(stack, id)).toBe(EXPECTED[id]);
  });
});

describe("the blueprint's own patterns", () => {
  test.each([
    [
      "kms-key-tampering",
      '{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = "DisableKey" || $.eventName = "ScheduleKeyDeletion" || $.eventName = "PutKeyPolicy" || $.eventName = "CancelKeyDeletion" || $.eventName = "DeleteAlias" || $.eventName = "UpdateAlias" || $.eventName = "DisableKeyRotation" || $.eventName = "DeleteImportedKeyMaterial") }',
    ],
    [
      "trail-tampering",
      '{ ($.eventSource = "cloudtrail.amazonaws.com") && ($.eventName = "StopLogging" || $.eventName = "DeleteTrail" || $.eventName = "UpdateTrail" || $.eventName = "PutEventSelectors" || $.eventName = "PutInsightSelectors") }',
    ],
    [
      "log-bucket-config-changes",
      '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutBucket*" || $.eventName = "DeleteBucket*" || $.eventName = "PutObjectLockConfiguration") && ($.requestParameters.bucketName = "acme-ai-prod-logs-222222222222" || $.requestParameters.bucketName = "acme-ai-prod-access-logs-222222222222") }',
    ],
    [
      "registry-config-changes-fraud-scoring",
      '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutBucket*" || $.eventName = "DeleteBucket*" || $.eventName = "PutObjectLockConfiguration") && ($.requestParameters.bucketName = "acme-ai-prod-fraud-scoring-222222222222") }',
    ],
    [
      "approved-writes-fraud-scoring",
      '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "PutObject*" || $.eventName = "CopyObject" || $.eventName = "CompleteMultipartUpload" || $.eventName = "DeleteObject*") && ($.requestParameters.bucketName = "acme-ai-prod-fraud-scoring-222222222222") && ($.requestParameters.key = "approved/*" || $.eventName = "DeleteObjects") && ($.userIdentity.sessionContext.sessionIssuer.arn NOT EXISTS || ($.userIdentity.sessionContext.sessionIssuer.arn != "arn:aws:iam::222222222222:role/acme-ai-prod-fraud-scoring-gate-exec")) }',
    ],
    [
      "guardduty-tampering",
      '{ ($.eventSource = "guardduty.amazonaws.com") && ($.eventName = "DeleteDetector" || $.eventName = "UpdateDetector" || $.eventName = "DisassociateFromMasterAccount" || $.eventName = "DisassociateFromAdministratorAccount" || $.eventName = "DeleteMalwareProtectionPlan" || $.eventName = "UpdateMalwareProtectionPlan" || $.eventName = "CreateFilter" || $.eventName = "UpdateFilter" || $.eventName = "CreateIPSet" || $.eventName = "UpdateIPSet" || $.eventName = "DeletePublishingDestination" || $.eventName = "UpdatePublishingDestination") }',
    ],
  ])("%s", (id, expected) => {
    expect(patternOf(stack, id)).toBe(expected);
  });

  test("every pattern fits CloudWatch Logs' 1024 characters", () => {
    const lengths = Object.values(filtersByName(stack)).map((f) => (f["pattern"] as string).length);
    expect(lengths).toHaveLength(21);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(1024);
  });
});

const FIXTURE_CASES: ReadonlyArray<[string, string, boolean]> = [
    ["account-root-usage", "account-root-usage.match", true],
    ["account-root-usage", "account-root-usage.benign", false],
    ["unauthorized-api-calls", "unauthorized-api-calls.match", true],
    ["unauthorized-api-calls", "unauthorized-api-calls.benign", false],
    ["console-sign-in-without-mfa", "console-sign-in-without-mfa.match", true],
    ["console-sign-in-without-mfa", "console-sign-in-without-mfa.benign", false],
    ["iam-policy-changes", "iam-policy-changes.match", true],
    ["iam-policy-changes", "iam-policy-changes.benign", false],
    ["cloudtrail-config-changes", "cloudtrail-config-changes.match", true],
    ["cloudtrail-config-changes", "cloudtrail-config-changes.benign", false],
    ["console-authentication-failures", "console-authentication-failures.match", true],
    ["console-authentication-failures", "console-authentication-failures.benign", false],
    ["cmk-disable-or-deletion", "cmk-disable-or-deletion.match", true],
    ["cmk-disable-or-deletion", "cmk-disable-or-deletion.benign", false],
    ["s3-bucket-policy-changes", "s3-bucket-policy-changes.match", true],
    ["s3-bucket-policy-changes", "s3-bucket-policy-changes.benign", false],
    ["config-changes", "config-changes.match", true],
    ["config-changes", "config-changes.benign", false],
    ["security-group-changes", "security-group-changes.match", true],
    ["security-group-changes", "security-group-changes.benign", false],
    ["nacl-changes", "nacl-changes.match", true],
    ["nacl-changes", "nacl-changes.benign", false],
    ["network-gateway-changes", "network-gateway-changes.match", true],
    ["network-gateway-changes", "network-gateway-changes.benign", false],
    ["route-table-changes", "route-table-changes.match", true],
    ["route-table-changes", "route-table-changes.benign", false],
    ["vpc-changes", "vpc-changes.match", true],
    ["vpc-changes", "vpc-changes.benign", false],
    ["organizations-changes", "organizations-changes.match", true],
    // IAM's CreatePolicy has an Organizations namesake: the eventSource condition keeps it out.
    ["organizations-changes", "organizations-changes.benign", false],
    ["kms-key-tampering", "kms-key-tampering.match", true],
    ["kms-key-tampering", "kms-key-tampering.benign", false],
    ["trail-tampering", "trail-tampering.match", true],
    ["trail-tampering", "trail-tampering.benign", false],
    ["log-bucket-config-changes", "log-bucket-config-changes.match", true],
    // The same Object Lock change on a bucket that holds no evidence.
    ["log-bucket-config-changes", "log-bucket-config-changes.benign", false],
    ["registry-config-changes-fraud-scoring", "registry-config-changes.match", true],
    ["registry-config-changes-fraud-scoring", "registry-config-changes.benign", false],
    ["approved-writes-fraud-scoring", "approved-writes.match-publisher-put", true],
    // An IAM user has no session issuer; the attempt was denied, and still alarms.
    ["approved-writes-fraud-scoring", "approved-writes.match-user-delete", true],
    // DeleteObjects records no key: any bulk delete on the registry by anyone but the gate.
    ["approved-writes-fraud-scoring", "approved-writes.match-bulk-delete", true],
    ["approved-writes-fraud-scoring", "approved-writes.benign-gate-copy", false],
    ["approved-writes-fraud-scoring", "approved-writes.benign-gate-retention", false],
    ["approved-writes-fraud-scoring", "approved-writes.benign-publisher-incoming", false],
    ["approved-writes-fraud-scoring", "approved-writes.benign-reader-get", false],
    ["guardduty-tampering", "guardduty-tampering.match", true],
    ["guardduty-tampering", "guardduty-tampering.benign", false],
];

describe("each filter against CloudTrail records: the event that must fire does, a benign one does not", () => {
  test.each(FIXTURE_CASES)("%s on %s: %s", (id, event, expected) => {
    expect(filterPatternMatches(patternOf(stack, id), fixture(event))).toBe(expected);
  });

  test("every filter has a firing and a quiet fixture, and every fixture file is in the table", () => {
    expect([...new Set(FIXTURE_CASES.filter(([, , fires]) => fires).map(([id]) => id))].sort()).toEqual([...IDS].sort());
    expect([...new Set(FIXTURE_CASES.filter(([, , fires]) => !fires).map(([id]) => id))].sort()).toEqual([...IDS].sort());
    const files = fs
      .readdirSync(path.join(__dirname, "..", "..", "fixtures", "aws-events"))
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -".json".length))
      .sort();
    expect(files).toEqual(FIXTURE_CASES.map(([, event]) => event).sort());
  });
});

describe("the tampering signals cover every call named in the design", () => {
  test.each(["DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "CancelKeyDeletion", "DeleteAlias", "UpdateAlias", "DisableKeyRotation", "DeleteImportedKeyMaterial"])("kms-key-tampering fires on %s", (name) => {
    expect(filterPatternMatches(patternOf(stack, "kms-key-tampering"), withEventName(fixture("kms-key-tampering.match"), name))).toBe(true);
  });

  test.each(["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"])("trail-tampering fires on %s", (name) => {
    expect(filterPatternMatches(patternOf(stack, "trail-tampering"), withEventName(fixture("trail-tampering.match"), name))).toBe(true);
  });

  test.each(["GetTrailStatus", "DescribeTrails", "StartLogging", "LookupEvents"])("trail-tampering stays quiet on %s", (name) => {
    expect(filterPatternMatches(patternOf(stack, "trail-tampering"), withEventName(fixture("trail-tampering.match"), name))).toBe(false);
  });

  const BUCKET_CONFIG = [
    "PutObjectLockConfiguration",
    "PutBucketPolicy",
    "DeleteBucketPolicy",
    "PutBucketVersioning",
    "PutBucketLifecycle",
    "DeleteBucketLifecycle",
    "PutBucketEncryption",
    "DeleteBucketEncryption",
    "PutBucketPublicAccessBlock",
    "DeleteBucketPublicAccessBlock",
    "PutBucketNotification",
    "PutBucketLogging",
    "PutBucketAcl",
    "DeleteBucket",
  ];
  test.each(BUCKET_CONFIG)("log-bucket-config-changes and registry-config-changes fire on %s", (name) => {
    expect(filterPatternMatches(patternOf(stack, "log-bucket-config-changes"), withEventName(fixture("log-bucket-config-changes.match"), name))).toBe(true);
    expect(filterPatternMatches(patternOf(stack, "registry-config-changes-fraud-scoring"), withEventName(fixture("registry-config-changes.match"), name))).toBe(true);
  });

  test.each(["GetBucketPolicy", "GetObjectLockConfiguration", "ListObjects", "HeadBucket"])("log-bucket-config-changes stays quiet on %s", (name) => {
    expect(filterPatternMatches(patternOf(stack, "log-bucket-config-changes"), withEventName(fixture("log-bucket-config-changes.match"), name))).toBe(false);
  });

  test("the access-log bucket is watched like the log bucket", () => {
    const onAccessLogs = { ...(fixture("log-bucket-config-changes.match") as Record<string, JsonValue>), requestParameters: { bucketName: ACCESS_LOG_BUCKET } };
    expect(filterPatternMatches(patternOf(stack, "log-bucket-config-changes"), onAccessLogs)).toBe(true);
  });

  const APPROVED_WRITES = ["PutObject", "CopyObject", "CompleteMultipartUpload", "DeleteObject", "DeleteObjects", "PutObjectRetention", "PutObjectLegalHold", "PutObjectTagging", "DeleteObjectTagging", "PutObjectAcl"];
  test.each(APPROVED_WRITES)("approved-writes fires on %s under approved/ by a publisher, not by the gate", (name) => {
    const pattern = patternOf(stack, "approved-writes-fraud-scoring");
    expect(filterPatternMatches(pattern, withEventName(fixture("approved-writes.match-publisher-put"), name))).toBe(true);
    expect(filterPatternMatches(pattern, withEventName(fixture("approved-writes.benign-gate-copy"), name))).toBe(false);
  });

  test.each(["GetObject", "HeadObject", "GetObjectRetention", "GetObjectTagging"])("approved-writes stays quiet on the read %s", (name) => {
    expect(filterPatternMatches(patternOf(stack, "approved-writes-fraud-scoring"), withEventName(fixture("approved-writes.match-publisher-put"), name))).toBe(false);
  });

  test("approved-writes on another bucket's approved/ prefix stays quiet (that registry has its own filter)", () => {
    const event = fixture("approved-writes.match-publisher-put") as Record<string, JsonValue>;
    const elsewhere = { ...event, requestParameters: { ...(event["requestParameters"] as Record<string, JsonValue>), bucketName: "acme-ai-prod-other-222222222222" } };
    expect(filterPatternMatches(patternOf(stack, "approved-writes-fraud-scoring"), elsewhere)).toBe(false);
  });

  test.each([
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
  ])("guardduty-tampering fires on %s", (name) => {
    expect(filterPatternMatches(patternOf(stack, "guardduty-tampering"), withEventName(fixture("guardduty-tampering.match"), name))).toBe(true);
  });
});

describe("what the props change", () => {
  test("a gate role per registry: a second gate role is excluded too, and each registry gets its own pair of filters", () => {
    const s = synthConstruct(
      (scope) =>
        new TrailAlarms(scope, "alarms", {
          ...PROPS,
          registries: [
            { name: "fraud-scoring", bucketName: REGISTRY_BUCKET, gateRoleArns: [GATE_ROLE, "arn:aws:iam::222222222222:role/ml-publisher"] },
            { name: "churn", bucketName: "acme-ai-prod-churn-222222222222", gateRoleArns: ["arn:aws:iam::222222222222:role/acme-ai-prod-churn-gate-exec"] },
          ],
        }),
    );
    expect(filterPatternMatches(patternOf(s, "approved-writes-fraud-scoring"), fixture("approved-writes.match-publisher-put"))).toBe(false);
    expect(Object.keys(filtersByName(s)).filter((n) => n.includes("churn")).sort()).toEqual(["acme-ai-prod-approved-writes-churn", "acme-ai-prod-registry-config-changes-churn"]);
    // The churn gate may not write under fraud-scoring's approved/.
    const churnGate = fixture("approved-writes.benign-gate-copy") as Record<string, JsonValue>;
    const identity = JSON.parse(JSON.stringify(churnGate["userIdentity"])) as { sessionContext: { sessionIssuer: { arn: string } } };
    identity.sessionContext.sessionIssuer.arn = "arn:aws:iam::222222222222:role/acme-ai-prod-churn-gate-exec";
    expect(filterPatternMatches(patternOf(s, "approved-writes-fraud-scoring"), { ...churnGate, userIdentity: identity as unknown as JsonValue })).toBe(true);
  });

  test("no registries and no log buckets: only the account-wide signals", () => {
    const s = synthConstruct((scope) => new TrailAlarms(scope, "alarms", { ...PROPS, logBucketNames: [], registries: [] }));
    expect(Object.keys(filtersByName(s))).toHaveLength(18);
    expect(Object.keys(filtersByName(s)).filter((n) => n.includes("bucket-config") || n.includes("registry") || n.includes("approved"))).toEqual([]);
  });

  test("metricNamespace names the metrics' namespace", () => {
    const s = synthConstruct((scope) => new TrailAlarms(scope, "alarms", { ...PROPS, metricNamespace: "Acme/Security" }));
    expect(filtersByName(s)["acme-ai-prod-account-root-usage"]!["metric_transformation"]).toEqual({ name: "acme-ai-prod-account-root-usage", namespace: "Acme/Security", value: "1" });
  });

  test("bucket names and gate roles known only at apply are rendered into the patterns as references", () => {
    const s = synthConstruct((scope) => {
      const bucket = new S3Bucket(scope, "registry", { bucket: REGISTRY_BUCKET });
      const logs = new S3Bucket(scope, "logs", { bucket: LOG_BUCKET });
      new TrailAlarms(scope, "alarms", { ...PROPS, logBucketNames: [logs.bucket], registries: [{ name: "fraud-scoring", bucketName: bucket.bucket, gateRoleArns: [GATE_ROLE] }] });
    });
    const [registryId] = Object.entries(resourcesOf(s, "aws_s3_bucket")).find(([, b]) => b["bucket"] === REGISTRY_BUCKET)!;
    expect(patternOf(s, "approved-writes-fraud-scoring")).toContain(`($.requestParameters.bucketName = "\${aws_s3_bucket.${registryId}.bucket}")`);
    const [logsId] = Object.entries(resourcesOf(s, "aws_s3_bucket")).find(([, b]) => b["bucket"] === LOG_BUCKET)!;
    expect(patternOf(s, "log-bucket-config-changes")).toContain(`($.requestParameters.bucketName = "\${aws_s3_bucket.${logsId}.bucket}")`);
  });
});

describe("bad props", () => {
  test.each([
    ["namePrefix", { namePrefix: "acme:prod" }, "AWS_TRAIL_ALARM_NAME_PREFIX_INVALID"],
    ["namePrefix", { namePrefix: "" }, "AWS_TRAIL_ALARM_NAME_PREFIX_INVALID"],
    ["namePrefix", { namePrefix: "a".repeat(161) }, "AWS_TRAIL_ALARM_NAME_PREFIX_INVALID"],
    ["metricNamespace", { metricNamespace: "AWS/Trail" }, "AWS_TRAIL_ALARM_NAMESPACE_INVALID"],
    ["metricNamespace", { metricNamespace: "Acme$Trail" }, "AWS_TRAIL_ALARM_NAMESPACE_INVALID"],
    ["logBucketNames[1]", { logBucketNames: [LOG_BUCKET, "Not_A_Bucket"] }, "AWS_TRAIL_ALARM_BUCKET_INVALID"],
    ["registries[0].name", { registries: [{ name: "Fraud", bucketName: REGISTRY_BUCKET, gateRoleArns: [GATE_ROLE] }] }, "AWS_TRAIL_ALARM_REGISTRY_INVALID"],
    ["registries[0].bucketName", { registries: [{ name: "fraud-scoring", bucketName: "x", gateRoleArns: [GATE_ROLE] }] }, "AWS_TRAIL_ALARM_BUCKET_INVALID"],
    ["registries[0].gateRoleArns", { registries: [{ name: "fraud-scoring", bucketName: REGISTRY_BUCKET, gateRoleArns: [] }] }, "AWS_TRAIL_ALARM_GATE_ROLES_MISSING"],
    ["registries[0].gateRoleArns[0]", { registries: [{ name: "fraud-scoring", bucketName: REGISTRY_BUCKET, gateRoleArns: ["arn:aws:iam::222222222222:user/gate"] }] }, "AWS_TRAIL_ALARM_GATE_ROLE_INVALID"],
  ])("%s (%j): %s", (prop, override, code) => {
    const e = validationErrorOf(() => synthConstruct((scope) => new TrailAlarms(scope, "alarms", { ...PROPS, ...override })));
    expect(e.problems.map((p) => [p.code, p.prop, p.constructPath])).toEqual([[code, prop, "test/alarms"]]);
  });

  test("AWS_TRAIL_ALARM_PATTERN_TOO_LONG: more log buckets than one pattern holds", () => {
    const logBucketNames = Array.from({ length: 9 }, (_, i) => `acme-ai-prod-evidence-archive-bucket-number-${i}-222222222222`);
    const e = validationErrorOf(() => synthConstruct((scope) => new TrailAlarms(scope, "alarms", { ...PROPS, logBucketNames })));
    expect(e.problems).toEqual([
      {
        code: "AWS_TRAIL_ALARM_PATTERN_TOO_LONG",
        constructPath: "test/alarms",
        prop: "logBucketNames",
        value: '"the log-bucket-config-changes pattern of 1026 characters"',
        accepted: "a pattern of at most 1024 characters (fewer or shorter bucket names or role ARNs)",
      },
    ]);
  });

  test("AWS_TRAIL_ALARM_PATTERN_TOO_LONG: gate roles known only at apply are counted at their longest", () => {
    const e = validationErrorOf(() =>
      synthConstruct((scope) => {
        const bucket = new S3Bucket(scope, "registry", { bucket: REGISTRY_BUCKET });
        const roles = Array.from({ length: 6 }, (_, i) => new S3Bucket(scope, `stand-in-${i}`, { bucket: `stand-in-${i}-222222222222` }).arn);
        new TrailAlarms(scope, "alarms", { ...PROPS, registries: [{ name: "fraud-scoring", bucketName: bucket.bucket, gateRoleArns: roles }] });
      }),
    );
    expect(e.problems.map((p) => [p.code, p.prop])).toEqual([["AWS_TRAIL_ALARM_PATTERN_TOO_LONG", "registries[fraud-scoring].gateRoleArns"]]);
  });

  test("AWS_TRAIL_ALARMS_TOO_MANY: more filters than a log group takes (100)", () => {
    const registries = Array.from({ length: 42 }, (_, i) => ({ name: `registry-${String.fromCharCode(97 + (i % 26))}${i}`, bucketName: `acme-ai-prod-registry-${i}-222222222222`, gateRoleArns: [GATE_ROLE] }));
    const e = validationErrorOf(() => synthConstruct((scope) => new TrailAlarms(scope, "alarms", { ...PROPS, registries })));
    expect(e.problems).toEqual([
      { code: "AWS_TRAIL_ALARMS_TOO_MANY", constructPath: "test/alarms", prop: "registries", value: '"42 registries (103 metric filters)"', accepted: "at most 100 metric filters on one log group" },
    ]);
  });
});
