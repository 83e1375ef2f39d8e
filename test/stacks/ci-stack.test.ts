import { App, Testing } from "cdktf";
import { BlueprintValidationError } from "../../constructs/shared/validation-error";
import { buildBlueprint } from "../../stacks/blueprint";
import { CiStack } from "../../stacks/ci-stack";
import { SupplyChainStack } from "../../stacks/supply-chain-stack";
import { defaultConfig } from "../helpers/synth";

/*
 * The CI identity stacks (README, "Release automation"): one per cloud for each CI environment,
 * built before the environment stacks, which depend on them (their registries name the CI
 * publishers).
 */

test("the default configuration builds ci-<cloud>-<env> before each environment stack, which depends on it", () => {
  const app = new App({ outdir: "test/.out/ci-stack-order", skipValidation: true });
  const stacks = buildBlueprint(app, defaultConfig());
  expect(stacks.map((s) => s.node.id)).toEqual([
    "state-backend-aws",
    "ci-aws-dev",
    "ci-aws-prod",
    "aws-dev",
    "aws-prod",
    "cost-allocation-aws",
    "state-backend-gcp",
    "ci-gcp-dev",
    "ci-gcp-prod",
    "gcp-dev",
    "gcp-prod",
    "state-backend-azure",
    "ci-azure-dev",
    "ci-azure-prod",
    "azure-dev",
    "azure-prod",
  ]);
  const dependencies = Object.fromEntries(
    stacks.filter((s): s is SupplyChainStack => s instanceof SupplyChainStack).map((s) => [s.node.id, s.dependencies.map((d) => d.node.id)]),
  );
  expect(dependencies).toEqual({
    "aws-dev": ["ci-aws-dev"],
    "aws-prod": ["ci-aws-prod"],
    "gcp-dev": ["ci-gcp-dev"],
    "gcp-prod": ["ci-gcp-prod"],
    "azure-dev": ["ci-azure-dev"],
    "azure-prod": ["ci-azure-prod"],
  });
});

test("only CI environments get a CI stack", () => {
  const config = defaultConfig();
  const onlyProd = { ...config, ci: { ...config.ci!, environments: ["prod"] } };
  const stacks = buildBlueprint(new App({ outdir: "test/.out/ci-stack-prod", skipValidation: true }), onlyProd).map((s) => s.node.id);
  expect(stacks.filter((id) => id.startsWith("ci-"))).toEqual(["ci-aws-prod", "ci-gcp-prod", "ci-azure-prod"]);
});

test("without a ci block, no CI stack", () => {
  const config = defaultConfig();
  delete (config as { ci?: unknown }).ci;
  const stacks = buildBlueprint(new App({ outdir: "test/.out/ci-stack-none", skipValidation: true }), config).map((s) => s.node.id);
  expect(stacks.filter((id) => id.startsWith("ci-"))).toEqual([]);
});

test("a CI stack for an environment outside ci.environments is refused", () => {
  const config = defaultConfig();
  const onlyProd = { ...config, ci: { ...config.ci!, environments: ["prod"] } };
  let codes: string[] = [];
  try {
    new CiStack(Testing.app(), { config: onlyProd, cloud: "aws", environment: "dev" }, () => undefined);
  } catch (e) {
    if (!BlueprintValidationError.isValidationError(e)) throw e;
    codes = e.problems.map((p) => p.code);
  }
  expect(codes).toEqual(["CI_ENVIRONMENT_NOT_CONFIGURED"]);
});
