import { Resource } from "../../model";
import { RuleContext, UNKNOWN_VALUE, isEnvironmentStack, notApplicable, stackRule, valueOf } from "../../rule";
import { shown } from "../../support/aws-storage";

/**
 * GuardDuty analyses CloudTrail management events, VPC flow logs and DNS logs by default, and
 * with its protection plans S3 data events (S3_DATA_EVENTS) and Lambda network activity
 * (LAMBDA_NETWORK_LOGS): the ML baselines that notice credential misuse, exfiltration from the
 * registry and a function talking to a miner pool (GuardDuty User Guide, "GuardDuty protection
 * plans"; terraform-provider-aws aws_guardduty_detector_feature, feature names). An environment
 * whose organisation runs GuardDuty centrally sets clouds.aws.threatDetection.guardDuty false:
 * this rule then warns, and the acknowledgement records who runs the detector instead.
 */
const FEATURES = ["S3_DATA_EVENTS", "LAMBDA_NETWORK_LOGS"];

function featureStatus(detector: Resource, name: string, context: RuleContext): unknown {
  const features = context.referencing(detector, "aws_guardduty_detector_feature", "detector_id").filter((f) => valueOf(f, "name") === name);
  if (features.length === 0) return undefined;
  return valueOf(features[0]!, "status");
}

export const rule = stackRule({
  control: "THREAT-DETECTION",
  cloud: "aws",
  title: "Every AWS environment runs GuardDuty with S3 and Lambda protection",
  severity: "warning",
  appliesTo: ["aws_guardduty_detector", "aws_guardduty_detector_feature"],
  mappings: { checkov: ["CKV2_AWS_3"], cis: ["AWS Foundations 3.0 4.16"], nist80053: ["SI-4", "RA-5", "IR-4"] },
  rationale: "Preventive controls do not notice a stolen publisher credential reading the registry at night or a gate function beaconing out; GuardDuty's learned baselines do, and its findings reach the environment's alerts.",
  fix: "Leave clouds.aws.threatDetection.guardDuty on (ThreatDetector creates the detector and its S3_DATA_EVENTS and LAMBDA_NETWORK_LOGS features), or, where a central team runs GuardDuty as delegated administrator, acknowledge this finding naming that team and its ticket.",
  check(context) {
    if (!isEnvironmentStack(context.stack)) return notApplicable("not an environment stack");
    const problems = context.problems();
    const detectors = context.resourcesOf("aws_guardduty_detector").filter((d) => valueOf(d, "enable") !== false);
    if (detectors.length === 0) return problems.error("no enabled aws_guardduty_detector: the account's threat detection is not this stack's (clouds.aws.threatDetection.guardDuty is false?)").outcome();
    const detector = detectors[0]!;
    for (const name of FEATURES) {
      const status = featureStatus(detector, name, context);
      if (status === UNKNOWN_VALUE) problems.unknown(`the status of ${name}`);
      else if (status !== "ENABLED") problems.error(`${detector.address}: feature ${name} is ${shown(status ?? "absent")}, not "ENABLED"`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "a detector with S3 and Lambda protection",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] },
          resource: {
            aws_guardduty_detector: { d: { enable: true } },
            aws_guardduty_detector_feature: { s3: { detector_id: "${aws_guardduty_detector.d.id}", name: "S3_DATA_EVENTS", status: "ENABLED" }, lambda: { detector_id: "${aws_guardduty_detector.d.id}", name: "LAMBDA_NETWORK_LOGS", status: "ENABLED" } },
          },
        },
      },
    ],
    noncompliance: [
      { name: "no detector", stack: { provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] }, resource: { aws_kms_key: { k: {} } } }, expect: "no enabled aws_guardduty_detector" },
      {
        name: "a detector without Lambda protection",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { environment: "prod" } }] }] },
          resource: {
            aws_guardduty_detector: { d: { enable: true } },
            aws_guardduty_detector_feature: { s3: { detector_id: "${aws_guardduty_detector.d.id}", name: "S3_DATA_EVENTS", status: "ENABLED" }, lambda: { detector_id: "${aws_guardduty_detector.d.id}", name: "LAMBDA_NETWORK_LOGS", status: "DISABLED" } },
          },
        },
        expect: 'feature LAMBDA_NETWORK_LOGS is "DISABLED", not "ENABLED"',
      },
    ],
  },
});
