import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { BlueprintConfig } from "../config/schema";
import { CostAllocationTags } from "../constructs/aws/cost-allocation-tags";
import { TAG_KEYS, standardTags } from "../constructs/shared/tags";
import { BlueprintValidationError } from "../constructs/shared/validation-error";
import { awsBackend } from "./backends";
import { awsProvider } from "./providers";
import { STATE_BACKEND_ENVIRONMENT } from "./state-backend-stack";

export const COST_ALLOCATION_STACK_NAME = "cost-allocation-aws";

/**
 * Activates the five tags as AWS cost-allocation tags, so budgets and Cost Explorer can filter
 * on them. A stack of its own, in `clouds.aws.managementAccount`: only the Organization's
 * management account (or a standalone account) can activate cost allocation tags, and its
 * activation covers every member account (AWS Billing user guide, cost-alloc-tags.html). AWS
 * also refuses it until each tag key has appeared in billing data, up to a day after the first
 * tagged resource exists. Deploy it after the environments; a failure here then blocks nothing
 * else. Its state goes to the AWS backend like every other AWS stack.
 */
export class CostAllocationStack extends TerraformStack {
  public readonly tags: CostAllocationTags;

  constructor(scope: Construct, config: BlueprintConfig) {
    super(scope, COST_ALLOCATION_STACK_NAME);
    const aws = config.clouds.aws;
    if (!aws) {
      throw missing(this, "AWS_COST_ALLOCATION_NOT_CONFIGURED", "clouds.aws", "clouds.aws with a managementAccount");
    }
    // Config refuses activateCostAllocationTags without a management account; this guards
    // callers that build the stack from a hand-made config.
    if (!aws.managementAccount) {
      throw missing(this, "AWS_COST_ALLOCATION_MANAGEMENT_ACCOUNT_MISSING", "clouds.aws.managementAccount", "the Organization's management account: accountId and region");
    }
    const { accountId, region } = aws.managementAccount;
    const tags = standardTags({
      owner: config.organization.owner,
      costCenter: config.organization.costCenter,
      environment: STATE_BACKEND_ENVIRONMENT,
      dataClassification: "internal",
    });
    awsProvider(this, accountId, region, tags);
    awsBackend(this, { stackName: COST_ALLOCATION_STACK_NAME, outdir: App.of(this).outdir, organization: config.organization.name }, aws);
    this.tags = new CostAllocationTags(this, "cost-allocation-tags", { tagKeys: TAG_KEYS });
  }
}

/** The error for a configuration section the stack cannot be built without. */
function missing(stack: TerraformStack, code: string, prop: string, accepted: string): BlueprintValidationError {
  return new BlueprintValidationError([{ code, constructPath: stack.node.path, prop, value: "missing", accepted }]);
}
