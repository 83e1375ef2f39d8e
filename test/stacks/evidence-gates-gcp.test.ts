import { TerraformStack, Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { EvidenceGcpGateRecords } from "../../modules/evidence-gates-gcp";
import { buildBlueprint } from "../../stacks/blueprint";
import { EvidenceStack } from "../../stacks/evidence-stack";
import { wireEvidenceGcpGates } from "../../stacks/evidence-gates-gcp";
import { validationErrorOf } from "../helpers/errors";
import { Json, allResources, defaultConfig, resourcesOf, synthApp } from "../helpers/synth";

/*
 * Issue 11 under the GCP log-archive layout: the promotion gates run in the environment projects
 * and write their decision records into the evidence project's log buckets. The stack
 * evidence-gates-gcp, deployed after the environments, grants each gate create and read on its
 * own registry's `provenance/<registry>/` prefix of its environment's bucket, and nothing else.
 */

const EVIDENCE_PROJECT = "acme-ai-evidence";

function withEvidence(config: BlueprintConfig = defaultConfig()): BlueprintConfig {
  return { ...config, clouds: { ...config.clouds, gcp: { ...config.clouds.gcp!, evidence: { projectId: EVIDENCE_PROJECT, region: "europe-west1" } } } };
}

const stacks = new Map([...synthApp("evidence-gates-gcp", withEvidence())].map(([name, json]) => [name, JSON.parse(json) as Json]));
const gates = stacks.get("evidence-gates-gcp")!;

function dataOf(s: Json, type: string): Record<string, Json> {
  return ((s["data"] ?? {}) as Record<string, Record<string, Json>>)[type] ?? {};
}

/** `<project>/<account id>` of every gate runtime account the environment stacks create. */
function runtimeAccountsOfEnvironments(): string[] {
  return ["gcp-dev", "gcp-prod"].flatMap((name) =>
    Object.values(resourcesOf(stacks.get(name)!, "google_service_account"))
      .filter((a) => String(a["account_id"]).endsWith("-run") && String(a["account_id"]).startsWith("gate-"))
      .map((a) => `${a["project"]}/${a["account_id"]}`),
  ).sort();
}

test("evidence-gates-gcp comes after the GCP environments and depends on each of them", () => {
  const names = buildBlueprint(Testing.app(), withEvidence()).map((s) => s.node.id);
  expect(names.filter((n) => n.includes("gcp"))).toEqual(["state-backend-gcp", "evidence-gcp", "ci-gcp-dev", "ci-gcp-prod", "gcp-dev", "gcp-prod", "evidence-gates-gcp"]);
  const app = Testing.app();
  const built = buildBlueprint(app, withEvidence());
  const stack = built.find((s) => s.node.id === "evidence-gates-gcp")!;
  expect(stack.dependencies.map((d) => d.node.id)).toEqual(["gcp-dev", "gcp-prod"]);
});

test("no evidence-gates-gcp without an evidence project, nor without registries", () => {
  expect(buildBlueprint(Testing.app(), defaultConfig()).map((s) => s.node.id)).not.toContain("evidence-gates-gcp");
  const config = withEvidence();
  const gcp = config.clouds.gcp!;
  const bare = {
    ...config,
    clouds: { ...config.clouds, gcp: { ...gcp, environments: Object.fromEntries(Object.entries(gcp.environments).map(([n, e]) => [n, { ...e, registries: [], gitops: undefined }])) } },
  };
  const names = buildBlueprint(Testing.app(), bare).map((s) => s.node.id);
  expect(names).toContain("evidence-gcp");
  expect(names).not.toContain("evidence-gates-gcp");
});

test("deploys into the evidence project with its state beside the other stacks", () => {
  const provider = ((gates["provider"] as Record<string, Json[]>)["google"]!)[0]!;
  expect(provider["project"]).toBe("acme-ai-evidence");
  expect((provider["default_labels"] as Json)["environment"]).toBe("evidence");
  expect((gates["terraform"] as Json)["backend"]).toEqual({ local: { path: "../../../../../terraform.evidence-gates-gcp.tfstate" } });
});

test("looks up each gate's runtime account in its environment project: exactly the accounts the environment stacks create", () => {
  const looked = Object.values(dataOf(gates, "google_service_account")).map((d) => `${d["project"]}/${d["account_id"]}`).sort();
  expect(looked).toHaveLength(4);
  expect(looked).toEqual(runtimeAccountsOfEnvironments());
  expect(looked.every((l) => /^acme-ai-(dev|prod)\/gate-(fraud-scoring|llm-adapters)-[0-9a-f]{4}-run$/.test(l))).toBe(true);
});

test("each gate gets object create and read on its own registry's provenance/ prefix, by the looked-up member, and nothing else exists", () => {
  expect(allResources(gates).map(([type]) => type).filter((t) => t !== "google_storage_bucket_iam_member")).toEqual([]);
  const accounts = dataOf(gates, "google_service_account");
  const memberOf = (id: string): string => {
    const [env, registry] = [accounts[id]!["project"] === "acme-ai-dev" ? "dev" : "prod", String(accounts[id]!["account_id"]).replace(/^gate-(.*)-[0-9a-f]{4}-run$/, "$1")];
    return `${env}|${registry}`;
  };
  const grants = Object.values(resourcesOf(gates, "google_storage_bucket_iam_member")).map((g) => {
    const id = /^\$\{data\.google_service_account\.([^.]+)\.member\}$/.exec(String(g["member"]))![1]!;
    const condition = g["condition"] as Json;
    return `${memberOf(id)} ${g["role"]} ${g["bucket"]} ${condition["title"]} ${condition["expression"]}`;
  });
  expect(grants.sort()).toEqual([
    'dev|fraud-scoring roles/storage.objectCreator acme-ai-dev-logs-acme-ai-evidence create-provenance-fraud-scoring resource.name.startsWith("projects/_/buckets/acme-ai-dev-logs-acme-ai-evidence/objects/provenance/fraud-scoring/")',
    'dev|fraud-scoring roles/storage.objectViewer acme-ai-dev-logs-acme-ai-evidence read-provenance-fraud-scoring resource.name.startsWith("projects/_/buckets/acme-ai-dev-logs-acme-ai-evidence/objects/provenance/fraud-scoring/")',
    'dev|llm-adapters roles/storage.objectCreator acme-ai-dev-logs-acme-ai-evidence create-provenance-llm-adapters resource.name.startsWith("projects/_/buckets/acme-ai-dev-logs-acme-ai-evidence/objects/provenance/llm-adapters/")',
    'dev|llm-adapters roles/storage.objectViewer acme-ai-dev-logs-acme-ai-evidence read-provenance-llm-adapters resource.name.startsWith("projects/_/buckets/acme-ai-dev-logs-acme-ai-evidence/objects/provenance/llm-adapters/")',
    'prod|fraud-scoring roles/storage.objectCreator acme-ai-prod-logs-acme-ai-evidence create-provenance-fraud-scoring resource.name.startsWith("projects/_/buckets/acme-ai-prod-logs-acme-ai-evidence/objects/provenance/fraud-scoring/")',
    'prod|fraud-scoring roles/storage.objectViewer acme-ai-prod-logs-acme-ai-evidence read-provenance-fraud-scoring resource.name.startsWith("projects/_/buckets/acme-ai-prod-logs-acme-ai-evidence/objects/provenance/fraud-scoring/")',
    'prod|llm-adapters roles/storage.objectCreator acme-ai-prod-logs-acme-ai-evidence create-provenance-llm-adapters resource.name.startsWith("projects/_/buckets/acme-ai-prod-logs-acme-ai-evidence/objects/provenance/llm-adapters/")',
    'prod|llm-adapters roles/storage.objectViewer acme-ai-prod-logs-acme-ai-evidence read-provenance-llm-adapters resource.name.startsWith("projects/_/buckets/acme-ai-prod-logs-acme-ai-evidence/objects/provenance/llm-adapters/")',
  ]);
});

test("the buckets granted on are the ones evidence-gcp creates, and the gates' environment names them", () => {
  const created = Object.values(resourcesOf(stacks.get("evidence-gcp")!, "google_storage_bucket")).map((b) => b["name"]);
  const granted = [...new Set(Object.values(resourcesOf(gates, "google_storage_bucket_iam_member")).map((g) => g["bucket"]))].sort();
  expect(granted).toEqual(["acme-ai-dev-logs-acme-ai-evidence", "acme-ai-prod-logs-acme-ai-evidence"]);
  granted.forEach((b) => expect(created).toContain(b));
  // The gate of gcp-prod writes where this stack granted it.
  const prodGate = Object.values(resourcesOf(stacks.get("gcp-prod")!, "google_cloudfunctions2_function"))[0]!;
  const env = ((prodGate["service_config"] as Json)["environment_variables"] as Record<string, string>);
  expect(Object.values(env)).toContain("acme-ai-prod-logs-acme-ai-evidence");
});

test("the environment stacks hold no grant on the evidence buckets", () => {
  for (const name of ["gcp-dev", "gcp-prod"]) {
    const onEvidence = Object.values(resourcesOf(stacks.get(name)!, "google_storage_bucket_iam_member")).filter((g) => String(g["bucket"]).endsWith("-acme-ai-evidence"));
    expect(onEvidence).toEqual([]);
  }
});

test("the wiring refuses a config without an evidence project or registries, in one line", () => {
  const stack = (config: BlueprintConfig) => () => new EvidenceStack(Testing.app(), { config, cloud: "gcp", name: "evidence-gates-gcp" }, wireEvidenceGcpGates);
  const error = validationErrorOf(stack(defaultConfig()));
  expect(error.problems.map((p) => p.code)).toEqual(["GCP_EVIDENCE_GATES_NOT_CONFIGURED"]);
  expect(error.problems.map((p) => p.prop)).toEqual(["clouds.gcp.evidence"]);
});

test("the construct refuses no environments, a repeated environment and an empty or repeated registry list", () => {
  const build = (environments: ConstructorParameters<typeof EvidenceGcpGateRecords>[2]["environments"]) => () =>
    new EvidenceGcpGateRecords(new TerraformStack(Testing.app(), "s"), "gate-records", { organization: "acme-ai", projectId: EVIDENCE_PROJECT, environments });
  expect(validationErrorOf(build([])).problems.map((p) => p.code)).toEqual(["GCP_EVIDENCE_GATE_ENVIRONMENTS_INVALID"]);
  const prod = { environment: "prod", projectId: "acme-ai-prod", registries: ["fraud-scoring"] };
  expect(validationErrorOf(build([prod, prod])).problems.map((p) => p.code)).toEqual(["GCP_EVIDENCE_GATE_ENVIRONMENTS_INVALID"]);
  const empty = validationErrorOf(build([{ ...prod, registries: [] }])).problems;
  expect(empty.map((p) => p.code)).toEqual(["GCP_EVIDENCE_GATE_REGISTRIES_INVALID"]);
  expect(empty.map((p) => p.prop)).toEqual(["environments[0].registries"]);
  expect(validationErrorOf(build([{ ...prod, registries: ["a", "a"] }])).problems.map((p) => p.code)).toEqual(["GCP_EVIDENCE_GATE_REGISTRIES_INVALID"]);
});
