import * as fs from "node:fs";
import * as path from "node:path";
import { loadSynthOutput, stackFromSynth, synthStackFiles } from "../../policies/load-synth";
import { referencesIn } from "../../policies/references";

const STACK = {
  provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: { environment: "prod", "cost-center": "CC-1" } }] }] },
  data: { aws_caller_identity: { me: {} } },
  resource: {
    aws_kms_key: { logs: { "//": { metadata: { path: "aws-prod/keys/logs/Resource" } }, enable_key_rotation: true, lifecycle: { prevent_destroy: true } } },
    aws_s3_bucket_server_side_encryption_configuration: {
      sse: {
        bucket: "${aws_s3_bucket.logs.id}",
        rule: [{ apply_server_side_encryption_by_default: { kms_master_key_id: "${aws_kms_key.logs.arn}", sse_algorithm: "aws:kms" } }],
        depends_on: ["aws_s3_bucket_public_access_block.logs"],
      },
    },
    aws_s3_bucket_policy: { p: { policy: '{"Statement":[{"Resource":["${aws_s3_bucket.logs.arn}/*"],"Condition":{"StringEquals":{"aws:SourceAccount":"${data.aws_caller_identity.me.account_id}"}}}]}' } },
  },
};

// Loaded inside each test (mutation testing credits the test that reads the result).
const load = () => stackFromSynth("aws-prod", "stacks/aws-prod/cdk.tf.json", STACK);
const of = (address: string) => load().resources.find((r) => r.address === address)!;

test("resources and data sources, with construct path, prevent_destroy and depends_on", () => {
  expect(load().resources.map((r) => `${r.mode} ${r.address}`)).toEqual([
    "managed aws_kms_key.logs",
    "managed aws_s3_bucket_server_side_encryption_configuration.sse",
    "managed aws_s3_bucket_policy.p",
    "data data.aws_caller_identity.me",
  ]);
  expect({ path: of("aws_kms_key.logs").constructPath, preventDestroy: of("aws_kms_key.logs").preventDestroy, attributes: of("aws_kms_key.logs").attributes }).toEqual({
    path: "aws-prod/keys/logs/Resource",
    preventDestroy: true,
    attributes: { enable_key_rotation: true },
  });
  expect(of("aws_s3_bucket_server_side_encryption_configuration.sse").dependsOn).toEqual(["aws_s3_bucket_public_access_block.logs"]);
});

test("references by attribute path, through blocks and inside policy documents", () => {
  expect([...of("aws_s3_bucket_server_side_encryption_configuration.sse").references]).toEqual([
    ["bucket", ["aws_s3_bucket.logs"]],
    ["rule.apply_server_side_encryption_by_default.kms_master_key_id", ["aws_kms_key.logs"]],
  ]);
  expect([...of("aws_s3_bucket_policy.p").references]).toEqual([["policy", ["aws_s3_bucket.logs", "data.aws_caller_identity.me"]]]);
});

test("cloud and environment come from the provider block", () => {
  const stack = load();
  expect({ cloud: stack.cloud, environment: stack.environment, source: stack.source }).toEqual({ cloud: "aws", environment: "prod", source: "synth" });
});

test("referencesIn finds resources inside functions and skips var, local and each", () => {
  expect(referencesIn("${jsonencode(aws_s3_bucket.b.arn)} ${var.x} ${local.y} ${each.value} ${google_kms_crypto_key.k[0].id}")).toEqual(["aws_s3_bucket.b", "google_kms_crypto_key.k"]);
  expect(referencesIn("no interpolation aws_s3_bucket.b.arn")).toEqual([]);
});

test("an output folder is read through its manifest, stacks sorted by name", () => {
  const dir = path.join("test", ".out", "load-synth");
  fs.rmSync(dir, { recursive: true, force: true });
  for (const name of ["b-stack", "a-stack"]) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(STACK));
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: { "b-stack": { synthesizedStackPath: "stacks/b-stack/cdk.tf.json" }, "a-stack": { synthesizedStackPath: "stacks/a-stack/cdk.tf.json" } } }));
  expect(synthStackFiles(dir).map((s) => s.name)).toEqual(["a-stack", "b-stack"]);
  expect(loadSynthOutput(dir).map((s) => [s.name, s.file, s.resources.length])).toEqual([
    ["a-stack", path.join("stacks", "a-stack", "cdk.tf.json"), 4],
    ["b-stack", path.join("stacks", "b-stack", "cdk.tf.json"), 4],
  ]);
  fs.rmSync(path.join(dir, "manifest.json"));
  expect(synthStackFiles(dir).map((s) => s.name)).toEqual(["a-stack", "b-stack"]);
});

test("Terraform's own keys are not attributes; depends_on takes addresses and interpolations; absent metadata stays absent", () => {
  const s = stackFromSynth("x", "f", {
    resource: {
      aws_sqs_queue: { q: { name: "q", provider: "aws.west", depends_on: ["aws_kms_key.k", "${aws_iam_role.r}", 7], lifecycle: { ignore_changes: ["tags"] }, "//": { note: "x" } } },
    },
  });
  const q = s.resources[0]!;
  expect(q.attributes).toEqual({ name: "q" });
  expect(q.dependsOn).toEqual(["aws_kms_key.k", "aws_iam_role.r"]);
  expect(["preventDestroy", "constructPath"].filter((k) => k in q)).toEqual([]);
  expect(stackFromSynth("x", "f", { resource: { aws_sqs_queue: { q: { depends_on: "aws_kms_key.k" } } } }).resources[0]!.dependsOn).toEqual([]);
});

test("environment: AWS default tags, else GCP default labels, else the first resource tag or label; cloud: the providers, else the resource types", () => {
  expect(stackFromSynth("g", "f", { provider: { google: [{ default_labels: { environment: "dev" } }] } }).environment).toBe("dev");
  const azure = stackFromSynth("z", "f", { provider: { azurerm: [{ features: [{}] }] }, resource: { azurerm_resource_group: { a: { name: "a" }, g: { tags: { environment: "prod" } } } } });
  expect({ cloud: azure.cloud, environment: azure.environment }).toEqual({ cloud: "azure", environment: "prod" });
  const labelled = stackFromSynth("l", "f", { provider: { time: [{}] }, resource: { google_storage_bucket: { b: { labels: { environment: "shared" } } } } });
  expect({ cloud: labelled.cloud, environment: labelled.environment }).toEqual({ cloud: "gcp", environment: "shared" });
  const bare = stackFromSynth("b", "f", { resource: { time_sleep: { s: {} } } });
  expect(["cloud", "environment"].filter((k) => k in bare)).toEqual([]);
});

test("a manifest entry without a stack file, or whose file is gone, is skipped; a folder without stacks gives none", () => {
  const dir = path.join("test", ".out", "load-synth-manifest");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "stacks", "real"), { recursive: true });
  fs.mkdirSync(path.join(dir, "stacks", "empty"), { recursive: true });
  fs.writeFileSync(path.join(dir, "stacks", "real", "cdk.tf.json"), "{}");
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: { real: { synthesizedStackPath: "stacks/real/cdk.tf.json" }, gone: { synthesizedStackPath: "stacks/gone/cdk.tf.json" }, odd: {} } }));
  expect(synthStackFiles(dir)).toEqual([{ name: "real", file: path.join(dir, "stacks", "real", "cdk.tf.json") }]);
  fs.rmSync(path.join(dir, "manifest.json"));
  expect(synthStackFiles(dir)).toEqual([{ name: "real", file: path.join(dir, "stacks", "real", "cdk.tf.json") }]);
  expect(synthStackFiles(path.join(dir, "stacks", "empty"))).toEqual([]);
});

test("the manifest decides which stacks there are, not the folders; without providers a resource type decides the cloud", () => {
  const dir = path.join("test", ".out", "load-synth-listed");
  fs.rmSync(dir, { recursive: true, force: true });
  for (const name of ["listed", "unlisted"]) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), "{}");
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: { listed: { synthesizedStackPath: "stacks/listed/cdk.tf.json" } } }));
  expect(synthStackFiles(dir).map((s) => s.name)).toEqual(["listed"]);
  expect(stackFromSynth("x", "f", { provider: { time: [{}] }, resource: { time_sleep: { s: {} }, azurerm_resource_group: { g: {} } } }).cloud).toBe("azure");
});
