import { ModelPackageGroup, ModelPackageGroupProps } from "../../../constructs/aws/model-package-group";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

const READER = "arn:aws:iam::222222222222:role/fraud-scoring-serving";
const PUBLISHER = "arn:aws:iam::222222222222:role/fraud-scoring-publisher";
const GATE = "arn:aws:iam::222222222222:role/promotion-gate";

const base: ModelPackageGroupProps = {
  groupName: "acme-ai-prod-fraud-scoring",
  accountId: "222222222222",
  region: "eu-west-1",
  readerRoleArns: [READER],
  publisherRoleArns: [PUBLISHER],
};

function synthGroup(props: Partial<ModelPackageGroupProps> = {}): Json {
  return synthConstruct((scope) => new ModelPackageGroup(scope, "fraud-scoring", { ...base, ...props }));
}

const GROUP_ARN = /^\$\{aws_sagemaker_model_package_group\.fraud-scoring_[A-Z0-9]+\.arn\}$/;
const PACKAGES_ARN = /^arn:aws:sagemaker:eu-west-1:222222222222:model-package\/\$\{aws_sagemaker_model_package_group\.fraud-scoring_[A-Z0-9]+\.model_package_group_name\}\/\*$/;

function resourcePolicy(stack: Json): { Version: string; Statement: unknown[] } {
  return JSON.parse(onlyResource(stack, "aws_sagemaker_model_package_group_policy")["resource_policy"] as string) as { Version: string; Statement: unknown[] };
}

describe("aws ModelPackageGroup", () => {
  test("one group named for the registry, tagged as the model catalogue", () => {
    const group = onlyResource(synthGroup({ description: "Model versions of registry fraud-scoring" }), "aws_sagemaker_model_package_group");
    expect(group).toEqual({ model_package_group_name: "acme-ai-prod-fraud-scoring", model_package_group_description: "Model versions of registry fraud-scoring", tags: { purpose: "model-catalogue" } });
  });

  test("the policy attaches to the group by attribute", () => {
    expect(onlyResource(synthGroup(), "aws_sagemaker_model_package_group_policy")["model_package_group_name"]).toMatch(/^\$\{aws_sagemaker_model_package_group\.fraud-scoring_[A-Z0-9]+\.model_package_group_name\}$/);
  });

  test("readers and publishers describe; publishers register only PendingManualApproval; approving is denied to everyone (no gate yet)", () => {
    const resources = [expect.stringMatching(GROUP_ARN), expect.stringMatching(PACKAGES_ARN)];
    expect(resourcePolicy(synthGroup())).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadersDescribe",
          Effect: "Allow",
          Principal: { AWS: [READER, PUBLISHER] },
          Action: ["sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup", "sagemaker:ListModelPackages"],
          Resource: resources,
        },
        {
          Sid: "PublishersRegisterPending",
          Effect: "Allow",
          Principal: { AWS: [PUBLISHER] },
          Action: "sagemaker:CreateModelPackage",
          Resource: resources,
          Condition: { StringEquals: { "sagemaker:ModelApprovalStatus": "PendingManualApproval" } },
        },
        {
          Sid: "DenyApprovalExceptGate",
          Effect: "Deny",
          Principal: "*",
          Action: ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"],
          Resource: resources,
          Condition: { StringEquals: { "sagemaker:ModelApprovalStatus": "Approved" } },
        },
      ],
    });
  });

  test("a gate role is the one exception to the approval deny", () => {
    const deny = resourcePolicy(synthGroup({ gateRoleArns: [GATE] })).Statement[2];
    expect(deny).toEqual({
      Sid: "DenyApprovalExceptGate",
      Effect: "Deny",
      Principal: "*",
      Action: ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"],
      Resource: [expect.stringMatching(GROUP_ARN), expect.stringMatching(PACKAGES_ARN)],
      Condition: { StringEquals: { "sagemaker:ModelApprovalStatus": "Approved" }, ArnNotEquals: { "aws:PrincipalArn": [GATE] } },
    });
  });

  test("the partition is part of the model-package ARN", () => {
    const [describe] = resourcePolicy(synthGroup({ partition: "aws-us-gov", region: "us-gov-west-1", readerRoleArns: ["arn:aws-us-gov:iam::222222222222:role/r"], publisherRoleArns: [] })).Statement as Array<{ Resource: string[] }>;
    expect(describe!.Resource[1]).toMatch(/^arn:aws-us-gov:sagemaker:us-gov-west-1:222222222222:model-package\/.+\/\*$/);
  });

  test("approvalGuardStatements gives the same deny without a Principal, for an SCP or permissions boundary", () => {
    const guards: unknown[] = [];
    synthConstruct((scope) => guards.push(...new ModelPackageGroup(scope, "fraud-scoring", { ...base, gateRoleArns: [GATE] }).approvalGuardStatements()));
    expect(guards).toEqual([
      {
        Sid: "DenyApprovalExceptGate",
        Effect: "Deny",
        Action: ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"],
        Resource: [expect.any(String), expect.stringMatching(/^arn:aws:sagemaker:eu-west-1:222222222222:model-package\/.+\/\*$/)],
        Condition: { StringEquals: { "sagemaker:ModelApprovalStatus": "Approved" }, ArnNotEquals: { "aws:PrincipalArn": [GATE] } },
      },
    ]);
  });

  test("with no readers or publishers only the deny remains", () => {
    expect((resourcePolicy(synthGroup({ readerRoleArns: [], publisherRoleArns: [] })).Statement as Array<{ Sid: string }>).map((s) => s.Sid)).toEqual(["DenyApprovalExceptGate"]);
  });

  test("rejects bad values, each with its code", () => {
    const error = validationErrorOf(() =>
      synthConstruct((scope) =>
        new ModelPackageGroup(scope, "g", { groupName: "bad_name", accountId: "1", region: "Europe", partition: "gcp", readerRoleArns: ["*"], publisherRoleArns: [GATE], gateRoleArns: [GATE, "root"] }),
      ),
    );
    expect(error.problems.map((p) => [p.code, p.prop])).toEqual([
      ["AWS_SAGEMAKER_GROUP_NAME_INVALID", "groupName"],
      ["AWS_ACCOUNT_ID_INVALID", "accountId"],
      ["AWS_REGION_INVALID", "region"],
      ["AWS_PARTITION_INVALID", "partition"],
      ["AWS_SAGEMAKER_PRINCIPAL_INVALID", "readerRoleArns[0]"],
      ["AWS_SAGEMAKER_PRINCIPAL_INVALID", "gateRoleArns[1]"],
      ["AWS_SAGEMAKER_PUBLISHER_IS_GATE", "publisherRoleArns[0]"],
    ]);
  });
});
