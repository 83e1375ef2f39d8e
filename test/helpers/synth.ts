import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { loadConfig } from "../../config/load";
import { BlueprintConfig } from "../../config/schema";
import { buildBlueprint } from "../../stacks/blueprint";

export type Json = Record<string, unknown>;
export type ResourceMap = Record<string, Json>;

/** Every stack the default configuration synthesizes, in directory order. */
export const DEFAULT_STACKS = [
  "aws-dev",
  "aws-prod",
  "azure-dev",
  "azure-prod",
  "ci-aws-dev",
  "ci-aws-prod",
  "ci-azure-dev",
  "ci-azure-prod",
  "ci-gcp-dev",
  "ci-gcp-prod",
  "cost-allocation-aws",
  "gcp-dev",
  "gcp-prod",
  "state-backend-aws",
  "state-backend-azure",
  "state-backend-gcp",
] as const;

/** The repository's own default configuration. */
export function defaultConfig(): BlueprintConfig {
  return loadConfig(path.resolve(__dirname, "..", "..", "blueprint.config.yaml"));
}

/**
 * Synthesizes the whole app into `test/.out/<name>` (a path relative to the project, so the
 * local backend path in the JSON is the same on every machine) and returns each stack's JSON
 * text by stack name.
 */
export function synthApp(name: string, config: BlueprintConfig = defaultConfig()): Map<string, string> {
  // Mutation testing runs two workers over the same test files: each gets its own folder.
  const worker = process.env["STRYKER_MUTATOR_WORKER"];
  const outdir = path.join("test", ".out", worker === undefined ? name : `${name}-worker-${worker}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  // cdktf creates only the last folder of outdir: on a fresh clone test/.out does not exist yet.
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const app = new App({ outdir });
  buildBlueprint(app, config);
  app.synth();
  const stacksDir = path.join(outdir, "stacks");
  const out = new Map<string, string>();
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    out.set(stack, fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8"));
  }
  return out;
}

/**
 * Synthesizes one construct in a bare test stack and returns the parsed JSON.
 *
 * Called inside a test, it synthesizes at once. Called while a describe block is being collected
 * (a stack shared by the block's tests), it returns a stand-in that synthesizes again inside each
 * test that reads it: every test then runs the construct code it asserts on, so coverage per test
 * (and with it `npm run test:mutation`) credits the test that checks a value, and no test can see
 * another test's changes to the JSON.
 */
export function synthConstruct(build: (scope: Construct) => void): Json {
  if (currentTestName() === undefined) {
    return perTest(() => synthNow(build));
  }
  return synthNow(build);
}

function synthNow(build: (scope: Construct) => void): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Json;
}

function currentTestName(): string | undefined {
  return expect.getState().currentTestName;
}

/** A plain-object view of `make()`'s result, made afresh for each test that reads it. */
function perTest(make: () => Json): Json {
  let owner: string | undefined;
  let value: Json | undefined;
  const current = (): Json => {
    const test = currentTestName() ?? "";
    if (value === undefined || owner !== test) {
      value = make();
      owner = test;
    }
    return value;
  };
  return new Proxy({} as Json, {
    get: (_t, key) => Reflect.get(current(), key),
    has: (_t, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(current(), key),
    getPrototypeOf: () => Object.prototype,
  });
}

/** `resource.<type>` of a synthesized stack (an empty map when there is none). */
export function resourcesOf(stack: Json, type: string): ResourceMap {
  const resources = (stack["resource"] ?? {}) as Record<string, ResourceMap>;
  return resources[type] ?? {};
}

/** The only resource of `type`; fails the test when there are none or several. */
export function onlyResource(stack: Json, type: string): Json {
  const all = Object.values(resourcesOf(stack, type));
  if (all.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${all.length}`);
  }
  return all[0]!;
}

/** Every resource of the stack as [type, logical id, body]. */
export function allResources(stack: Json): Array<[string, string, Json]> {
  const resources = (stack["resource"] ?? {}) as Record<string, ResourceMap>;
  return Object.entries(resources).flatMap(([type, byId]) => Object.entries(byId).map(([id, body]) => [type, id, body] as [string, string, Json]));
}
