import { WILDCARD_RESOURCE_ACTIONS, isWildcardResourceAction } from "../../../constructs/aws/wildcard-resource-actions";

/**
 * The list widens every identity policy of the blueprint (IAM-NO-WILDCARD-RESOURCE-AWS accepts
 * `"Resource": "*"` for exactly these actions), so it is pinned here as literals: adding or
 * dropping an action must change this test too.
 */
describe("aws WILDCARD_RESOURCE_ACTIONS", () => {
  test("holds exactly the actions that support no resource types", () => {
    expect(WILDCARD_RESOURCE_ACTIONS.map((a) => a.action)).toEqual([
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:GetSamplingStatisticSummaries",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ecr:GetAuthorizationToken",
      "sts:GetCallerIdentity",
      "cloudwatch:PutMetricData",
      "kms:ListAliases",
      "kms:ListKeys",
      "kms:GenerateRandom",
    ]);
  });

  test("gives every action a reason that cites where it is documented", () => {
    const undocumented = WILDCARD_RESOURCE_ACTIONS.filter((a) => !/(Service Authorization Reference|Developer Guide|API Reference)/.test(a.reason));
    expect(undocumented).toEqual([]);
  });

  test("leaves out the ENI actions a VPC function can scope to its account", () => {
    expect(isWildcardResourceAction("ec2:CreateNetworkInterface")).toBe(false);
    expect(isWildcardResourceAction("ec2:DeleteNetworkInterface")).toBe(false);
  });

  test("matches case-insensitively, never through a wildcard", () => {
    expect(isWildcardResourceAction("XRAY:puttracesegments")).toBe(true);
    expect(isWildcardResourceAction("xray:Put*")).toBe(false);
    expect(isWildcardResourceAction("*")).toBe(false);
    expect(isWildcardResourceAction("s3:GetObject")).toBe(false);
  });

  test("cannot be changed at run time", () => {
    expect(Object.isFrozen(WILDCARD_RESOURCE_ACTIONS)).toBe(true);
  });
});
