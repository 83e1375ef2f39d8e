import { SagemakerModelPackageGroup } from "@cdktf/provider-aws/lib/sagemaker-model-package-group";
import { SagemakerModelPackageGroupPolicy } from "@cdktf/provider-aws/lib/sagemaker-model-package-group-policy";
import { Construct } from "constructs";
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_REGION_NAME, IAM_ROLE_ARN, SAGEMAKER_MODEL_PACKAGE_GROUP_NAME } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";
import { ConditionBlock, PolicyDocument, PolicyStatement } from "./policy-document";



/** Reading the catalogue: the group and its versions. */
export const MODEL_PACKAGE_READ_ACTIONS = ["sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup", "sagemaker:ListModelPackages"] as const;

/**
 * `sagemaker:ModelApprovalStatus` filters CreateModelPackage and UpdateModelPackage by the
 * approval status in the request (Service Authorization Reference, "Actions, resources, and
 * condition keys for Amazon SageMaker AI": "Filters access by the model approval status with
 * the model-package in the request"); its values are `Approved`, `Rejected` and
 * `PendingManualApproval` (SageMaker API Reference, ModelPackageSummary).
 */
export const MODEL_APPROVAL_STATUS_KEY = "sagemaker:ModelApprovalStatus";

/** An identity-policy or SCP statement: no Principal (the policy's holder is the principal). */
export type IdentityPolicyStatement = Omit<PolicyStatement, "Principal">;

export interface ModelPackageGroupProps {
  /** Group name, `awsModelPackageGroupName(org, env, registry)`. */
  readonly groupName: string;
  /** What the group catalogues. @default - "Model versions of registry <name>" is set by the caller */
  readonly description?: string;
  /** Account of the group (12 digits): part of the model-package ARNs the policy names. */
  readonly accountId: string;
  /** Region of the group: part of the model-package ARNs the policy names. */
  readonly region: string;
  /** Partition of `region`. @default "aws" */
  readonly partition?: string;
  /** IAM role ARNs that read the catalogue (serving, deployment). */
  readonly readerRoleArns: readonly string[];
  /** IAM role ARNs that register versions, only as `PendingManualApproval`. */
  readonly publisherRoleArns: readonly string[];
  /**
   * IAM role ARNs allowed to set a version to `Approved` (the promotion gate).
   * @default - none: nobody approves until the gate exists
   */
  readonly gateRoleArns?: readonly string[];
}

/**
 * A SageMaker model package group (the catalogue of one registry's model versions) with a
 * resource policy: readers and publishers describe and list; publishers register versions only
 * as `PendingManualApproval`; registering or updating a version as `Approved` is denied to all
 * but the gate role.
 *
 * Same-account callers: SageMaker documents the model package group policy for cross-account
 * access (SageMaker Developer Guide, "Cross-account discoverability"; API Reference,
 * PutModelPackageGroupPolicy) and does not say that it is evaluated for callers in the group's
 * own account. The policy's Deny is therefore defence in depth only: an identity in the account
 * whose IAM policy allows `sagemaker:UpdateModelPackage` may still approve. Put
 * `approvalGuardStatements()` in a service control policy or a permissions boundary (or every
 * publisher's identity policy) to bind them. The pinned provider has no model package resource
 * (versions are created by pipelines or the gate, never by Terraform).
 *
 * Resource ARNs: `arn:<partition>:sagemaker:<region>:<account>:model-package-group/<name>` for the
 * group (PutModelPackageGroupPolicy response pattern) and `model-package/<name>/*` for its
 * versions (a versioned package's ARN is `model-package/<group>/<version>`; SageMaker Developer
 * Guide, "Set up discoverability", names both in its example policy).
 *
 * @example
 * new ModelPackageGroup(this, "fraud-scoring", {
 *   groupName: "acme-ai-prod-fraud-scoring",
 *   accountId: "222222222222",
 *   region: "eu-west-1",
 *   readerRoleArns: ["arn:aws:iam::222222222222:role/fraud-scoring-serving"],
 *   publisherRoleArns: ["arn:aws:iam::222222222222:role/fraud-scoring-publisher"],
 * });
 */
export class ModelPackageGroup extends Construct {
  public readonly groupArn: string;
  public readonly groupName: string;
  /** `arn:…:model-package/<group>/*`: every version of the group. */
  public readonly modelPackagesArn: string;
  public readonly resource: SagemakerModelPackageGroup;
  private readonly gates: readonly string[];
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: ModelPackageGroupProps) {
    const gates = props.gateRoleArns ?? [];
    const validator = new PropValidator(scope, id)
      .matches("groupName", props.groupName, SAGEMAKER_MODEL_PACKAGE_GROUP_NAME, "AWS_SAGEMAKER_GROUP_NAME_INVALID")
      .matches("accountId", props.accountId, AWS_ACCOUNT_ID, "AWS_ACCOUNT_ID_INVALID")
      .matches("region", props.region, AWS_REGION_NAME, "AWS_REGION_INVALID")
      .matches("partition", props.partition, AWS_PARTITION, "AWS_PARTITION_INVALID");
    const principals: Array<[string, readonly string[]]> = [
      ["readerRoleArns", props.readerRoleArns],
      ["publisherRoleArns", props.publisherRoleArns],
      ["gateRoleArns", gates],
    ];
    for (const [prop, arns] of principals) {
      arns.forEach((arn, i) => validator.matches(`${prop}[${i}]`, arn, IAM_ROLE_ARN, "AWS_SAGEMAKER_PRINCIPAL_INVALID"));
    }
    // A publisher that is also the gate approves its own uploads: the gate must be someone else.
    props.publisherRoleArns.forEach((arn, i) => validator.require(!gates.includes(arn), "AWS_SAGEMAKER_PUBLISHER_IS_GATE", `publisherRoleArns[${i}]`, arn, "a role that is not also in gateRoleArns"));
    validator.throwIfInvalid();
    super(scope, id);

    this.gates = gates;
    this.resource = new SagemakerModelPackageGroup(this, "Resource", {
      modelPackageGroupName: props.groupName,
      ...(props.description !== undefined ? { modelPackageGroupDescription: props.description } : {}),
      tags: { purpose: "model-catalogue" },
    });
    this.groupArn = this.resource.arn;
    this.groupName = this.resource.modelPackageGroupName;
    this.modelPackagesArn = `arn:${props.partition ?? "aws"}:sagemaker:${props.region}:${props.accountId}:model-package/${this.groupName}/*`;

    const resources = [this.groupArn, this.modelPackagesArn];
    const readers = [...new Set([...props.readerRoleArns, ...props.publisherRoleArns])];
    this.policy = new PolicyDocument([
      ...(readers.length > 0 ? [{ Sid: "ReadersDescribe", Effect: "Allow" as const, Principal: { AWS: readers }, Action: [...MODEL_PACKAGE_READ_ACTIONS], Resource: resources }] : []),
      ...(props.publisherRoleArns.length > 0
        ? [
            {
              Sid: "PublishersRegisterPending",
              Effect: "Allow" as const,
              Principal: { AWS: [...props.publisherRoleArns] },
              Action: "sagemaker:CreateModelPackage",
              Resource: resources,
              // No IfExists: a request that names no status is not allowed, so a publisher
              // states PendingManualApproval explicitly.
              Condition: { StringEquals: { [MODEL_APPROVAL_STATUS_KEY]: "PendingManualApproval" } },
            },
          ]
        : []),
      { Sid: "DenyApprovalExceptGate", Effect: "Deny", Principal: "*", ...this.approvalGuard(resources) },
    ]);
    new SagemakerModelPackageGroupPolicy(this, "Policy", { modelPackageGroupName: this.groupName, resourcePolicy: this.policy.render() });
  }

  /**
   * The approval guard as identity-policy statements (no Principal), for a service control
   * policy, a permissions boundary or the publishers' own policies: what binds callers in the
   * group's account whatever the group policy does (see the class doc).
   */
  public approvalGuardStatements(): IdentityPolicyStatement[] {
    return [{ Sid: "DenyApprovalExceptGate", Effect: "Deny", ...this.approvalGuard([this.groupArn, this.modelPackagesArn]) }];
  }

  private approvalGuard(resources: string[]): Omit<IdentityPolicyStatement, "Sid" | "Effect"> {
    const condition: Record<string, Record<string, string | readonly string[]>> = { StringEquals: { [MODEL_APPROVAL_STATUS_KEY]: "Approved" } };
    if (this.gates.length > 0) condition["ArnNotEquals"] = { "aws:PrincipalArn": [...this.gates] };
    return { Action: ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"], Resource: resources, Condition: condition as ConditionBlock };
  }
}
