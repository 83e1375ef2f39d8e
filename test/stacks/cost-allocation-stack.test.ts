import { Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { CostAllocationStack } from "../../stacks/cost-allocation-stack";
import { validationErrorOf } from "../helpers/errors";
import { defaultConfig } from "../helpers/synth";

/*
 * The config refuses activateCostAllocationTags without a management account; a hand-made
 * config that reaches the stack anyway gets a validation error (exit 2), not a crash.
 */
function problemsOf(config: BlueprintConfig): string[][] {
  return validationErrorOf(() => new CostAllocationStack(Testing.app(), config)).problems.map((p) => [p.code, p.constructPath, p.prop, p.value]);
}

test("AWS_COST_ALLOCATION_NOT_CONFIGURED: a config without clouds.aws", () => {
  const config = defaultConfig();
  expect(problemsOf({ ...config, clouds: { ...config.clouds, aws: undefined } })).toEqual([["AWS_COST_ALLOCATION_NOT_CONFIGURED", "cost-allocation-aws", "clouds.aws", "missing"]]);
});

test("AWS_COST_ALLOCATION_MANAGEMENT_ACCOUNT_MISSING: clouds.aws without a management account", () => {
  const config = defaultConfig();
  const aws = { ...config.clouds.aws!, managementAccount: undefined };
  expect(problemsOf({ ...config, clouds: { ...config.clouds, aws } })).toEqual([
    ["AWS_COST_ALLOCATION_MANAGEMENT_ACCOUNT_MISSING", "cost-allocation-aws", "clouds.aws.managementAccount", "missing"],
  ]);
});

test("with a management account the stack deploys there", () => {
  const stack = new CostAllocationStack(Testing.app(), defaultConfig());
  const provider = (JSON.parse(Testing.synth(stack)) as { provider: { aws: Array<{ allowed_account_ids: string[] }> } }).provider.aws[0]!;
  // blueprint.config.yaml's placeholder management account.
  expect(provider.allowed_account_ids).toEqual(["333333333333"]);
});
