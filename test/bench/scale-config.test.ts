import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { environmentName, scaleConfigYaml } from "../../bench/scale-config";
import { loadConfig } from "../../config/load";
import { buildBlueprint } from "../../stacks/blueprint";

/* The bench's scale row: a config the blueprint accepts, with 40 environments on three clouds. */
const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "bench-scale");

describe("the scale row's generated config", () => {
  const file = path.join(SCRATCH, "scale.yaml");
  beforeAll(() => {
    fs.mkdirSync(SCRATCH, { recursive: true });
    fs.writeFileSync(file, scaleConfigYaml(path.join(ROOT, "blueprint.config.yaml"), 40));
  });
  afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

  test("names environments e01 to e40", () => {
    expect(environmentName(1)).toBe("e01");
    expect(environmentName(40)).toBe("e40");
  });

  test("passes validation with 40 environments, each on AWS, GCP and Azure with its own ids", () => {
    const config = loadConfig(file);
    expect(Object.keys(config.environments)).toHaveLength(40);
    const aws = Object.values(config.clouds.aws!.environments).map((e) => e.accountId);
    const gcp = Object.values(config.clouds.gcp!.environments).map((e) => e.projectId);
    const azure = Object.values(config.clouds.azure!.environments).map((e) => e.subscriptionId);
    expect([aws.length, gcp.length, azure.length]).toEqual([40, 40, 40]);
    expect(new Set([...aws, ...gcp, ...azure]).size).toBe(120);
    expect(config.clouds.aws!.environments["e07"]!.accountId).toBe("400000000007");
  });

  test("builds 124 stacks: 120 environment stacks, 3 state backends and cost allocation", () => {
    const app = new App({ outdir: path.join(SCRATCH, "out") });
    const stacks = buildBlueprint(app, loadConfig(file)).map((s) => s.node.id);
    expect(stacks).toHaveLength(124);
    expect(stacks).toEqual(expect.arrayContaining(["aws-e01", "gcp-e20", "azure-e40", "state-backend-aws", "state-backend-gcp", "state-backend-azure", "cost-allocation-aws"]));
  });
});
