import { Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { StateBackendStack } from "../../stacks/state-backend-stack";
import { environmentInputs, SupplyChainStack } from "../../stacks/supply-chain-stack";
import { validationErrorOf } from "../helpers/errors";
import { defaultConfig } from "../helpers/synth";

/*
 * A configuration that slips past the loader (built in code, or by a future schema change) is
 * refused by the stacks with a validation error, which main reports as bad input (exit 2), not
 * as a bug.
 */

function withoutCloud(config: BlueprintConfig, cloud: "aws" | "gcp" | "azure"): BlueprintConfig {
  return { ...config, clouds: Object.fromEntries(Object.entries(config.clouds).filter(([name]) => name !== cloud)) };
}

describe("stacks refuse a configuration they cannot build", () => {
  const config = defaultConfig();

  test("an environment that is not declared", () => {
    const error = validationErrorOf(() => new SupplyChainStack(Testing.app(), { config, cloud: "aws", environment: "staging" }));
    expect(error.problems).toEqual([
      {
        code: "ENVIRONMENT_NOT_DECLARED",
        constructPath: "aws-staging",
        prop: "environment",
        value: '"staging"',
        accepted: "an environment declared under environments: dev, prod",
      },
    ]);
  });

  test("a retention tier that is neither a preset nor a custom tier", () => {
    const env = { ...config.environments["dev"]!, logs: { ...config.environments["dev"]!.logs, retentionTier: "forever" } };
    const error = validationErrorOf(() => environmentInputs(config, "dev", env));
    expect(error.problems).toEqual([
      {
        code: "RETENTION_TIER_UNDEFINED",
        constructPath: "config",
        prop: "environments.dev.logs.retentionTier",
        value: '"forever"',
        accepted: "a preset or a tier under retentionTiers: compliance-7y, audit-1y, operational-90d, investigations-2y",
      },
    ]);
  });

  test.each([
    ["aws", "aws-dev"],
    ["gcp", "gcp-dev"],
    ["azure", "azure-dev"],
  ] as const)("an environment the %s block does not place", (cloud, stackName) => {
    const settings = config.clouds[cloud]!;
    const others = Object.fromEntries(Object.entries(settings.environments).filter(([name]) => name !== "dev"));
    const crafted = { ...config, clouds: { ...config.clouds, [cloud]: { ...settings, environments: others } } };
    const error = validationErrorOf(() => new SupplyChainStack(Testing.app(), { config: crafted, cloud, environment: "dev" }));
    expect(error.problems.map((p) => [p.code, p.constructPath, p.prop, p.accepted])).toEqual([
      ["ENVIRONMENT_PLACEMENT_MISSING", stackName, `clouds.${cloud}.environments.dev`, `an entry clouds.${cloud}.environments.dev saying where the environment lives`],
    ]);
  });

  test("an environment stack of a cloud with no block at all", () => {
    const error = validationErrorOf(() => new SupplyChainStack(Testing.app(), { config: withoutCloud(config, "gcp"), cloud: "gcp", environment: "prod" }));
    expect(error.problems.map((p) => [p.code, p.constructPath, p.prop])).toEqual([["ENVIRONMENT_PLACEMENT_MISSING", "gcp-prod", "clouds.gcp"]]);
  });

  test.each([
    ["aws", "state-backend-aws"],
    ["gcp", "state-backend-gcp"],
    ["azure", "state-backend-azure"],
  ] as const)("a %s state backend without its cloud block", (cloud, stackName) => {
    const error = validationErrorOf(() => new StateBackendStack(Testing.app(), { config: withoutCloud(config, cloud), cloud }));
    expect(error.problems).toEqual([
      { code: "CLOUD_NOT_CONFIGURED", constructPath: stackName, prop: `clouds.${cloud}`, value: "(missing)", accepted: `a clouds.${cloud} block in the configuration` },
    ]);
  });
});
