import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { EXIT_BAD_INPUT, runBlueprint } from "../../stacks/run-blueprint";

/*
 * Azure placement checks (config/cross-checks.ts, checkAzurePlacement): each refused case exits 2
 * with one line `config error: <path>: <what is wrong>; accepted: <what is accepted>`.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(ROOT, "test", ".out", "azure-placement");
type Doc = Record<string, unknown>;

/** The mapping at `keys` inside `doc`. */
function at(doc: Doc, ...keys: string[]): Doc {
  return keys.reduce((node, key) => node[key] as Doc, doc);
}

function defaultDoc(): Doc {
  return parse(fs.readFileSync(path.join(ROOT, "blueprint.config.yaml"), "utf8")) as Doc;
}

function run(doc: Doc, name: string): { code: number; stderr: string } {
  fs.mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, `${name}-${process.pid}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  let stderr = "";
  const code = runBlueprint({
    env: { BLUEPRINT_CONFIG: file, CDKTF_OUTDIR: path.join(SCRATCH, "never-written") },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stderr };
}

/** The default document with an environment `tfstate` placed in the given Azure subscription. */
function withTfstateEnvironment(subscriptionId: string): Doc {
  const doc = defaultDoc();
  at(doc, "environments")["tfstate"] = { protection: "standard", budget: { monthlyLimitUsd: 10, recipients: ["finops@example.com"], startMonth: "2026-12" } };
  at(doc, "clouds", "azure", "environments")["tfstate"] = { subscriptionId, location: "westeurope" };
  return doc;
}

describe("azure placement", () => {
  afterAll(() => fs.rmSync(SCRATCH, { recursive: true, force: true }));

  test("refuses an environment named tfstate in the state backend's subscription", () => {
    const state = at(defaultDoc(), "clouds", "azure", "stateBackend")["subscriptionId"] as string;
    const { code, stderr } = run(withTfstateEnvironment(state), "tfstate-shared");
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toBe(
      `config error: clouds.azure.environments.tfstate: its resource group and log account would be named like the state backend's in subscription ${state}; ` +
        "accepted: another environment name or subscription\n",
    );
  });

  test("accepts an environment named tfstate in another subscription (its names differ by subscription)", () => {
    const doc = withTfstateEnvironment("00000000-0000-4000-8000-000000000009");
    // Only Azure places the environment, so the other clouds' own checks stay out of the way.
    Reflect.deleteProperty(at(doc, "clouds"), "aws");
    Reflect.deleteProperty(at(doc, "clouds"), "gcp");
    const { stderr } = run(doc, "tfstate-alone");
    expect(stderr).not.toMatch(/clouds\.azure/);
  });
});
