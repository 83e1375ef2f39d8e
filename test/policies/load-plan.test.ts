import { stackFromPlan, markUnknown } from "../../policies/load-plan";
import { UNKNOWN, isUnknown, valuesAt } from "../../policies/model";

/*
 * A plan as `terraform show -json plan.out` writes it (format 1.2): a root module with a child
 * module two levels deep, a resource only in planned_values, a replacement, a deletion and
 * values unknown until apply.
 */
const PLAN = {
  format_version: "1.2",
  terraform_version: "1.9.8",
  planned_values: {
    root_module: {
      resources: [{ address: "aws_kms_key.logs", mode: "managed", type: "aws_kms_key", name: "logs", values: { enable_key_rotation: true } }],
      child_modules: [
        {
          address: "module.registry",
          resources: [{ address: "module.registry.aws_s3_bucket.models", mode: "managed", type: "aws_s3_bucket", name: "models", values: { bucket: "acme-models", tags_all: { environment: "prod" } } }],
          child_modules: [
            {
              address: "module.registry.module.inner",
              resources: [{ address: 'module.registry.module.inner.aws_s3_bucket_versioning.v["a"]', mode: "managed", type: "aws_s3_bucket_versioning", name: "v", index: "a", values: { versioning_configuration: [{ status: "Enabled" }] } }],
            },
          ],
        },
      ],
    },
  },
  resource_changes: [
    { address: "aws_kms_key.logs", mode: "managed", type: "aws_kms_key", name: "logs", change: { actions: ["no-op"], before: { enable_key_rotation: true }, after: { enable_key_rotation: true }, after_unknown: {} } },
    {
      address: "module.registry.aws_s3_bucket_server_side_encryption_configuration.sse",
      mode: "managed",
      type: "aws_s3_bucket_server_side_encryption_configuration",
      name: "sse",
      change: {
        actions: ["create"],
        before: null,
        after: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }] },
        after_unknown: { bucket: true, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] },
      },
    },
    { address: "aws_s3_bucket.old", mode: "managed", type: "aws_s3_bucket", name: "old", change: { actions: ["delete"], before: { bucket: "acme-old", object_lock_enabled: true }, after: null, after_unknown: {} } },
    { address: "aws_s3_bucket.moved", mode: "managed", type: "aws_s3_bucket", name: "moved", change: { actions: ["create", "delete"], before: { bucket: "a" }, after: { bucket: "b" }, after_unknown: {} } },
  ],
  configuration: {
    provider_config: { aws: { name: "aws", expressions: { region: { constant_value: "eu-west-1" } } } },
    root_module: {
      resources: [{ address: "aws_kms_key.logs", mode: "managed", type: "aws_kms_key", name: "logs", expressions: { enable_key_rotation: { constant_value: true } } }],
      module_calls: {
        registry: {
          module: {
            resources: [
              {
                address: "aws_s3_bucket_server_side_encryption_configuration.sse",
                mode: "managed",
                type: "aws_s3_bucket_server_side_encryption_configuration",
                name: "sse",
                expressions: {
                  bucket: { references: ["aws_s3_bucket.models.id", "aws_s3_bucket.models"] },
                  rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: { references: ["var.key_arn"] }, sse_algorithm: { constant_value: "aws:kms" } }] }],
                },
                depends_on: ["aws_s3_bucket.models"],
              },
            ],
          },
        },
      },
    },
  },
};

// Loaded inside each test (mutation testing credits the test that reads the result).
const load = () => stackFromPlan("prod-plan", "prod.json", PLAN);
const resource = (address: string) => load().resources.find((r) => r.address === address)!;

test("resources come from resource_changes and from every level of planned_values, sorted by address in code-unit order", () => {
  expect(load().resources.map((r) => r.address)).toEqual([
    "aws_kms_key.logs",
    "aws_s3_bucket.moved",
    "aws_s3_bucket.old",
    "module.registry.aws_s3_bucket.models",
    "module.registry.aws_s3_bucket_server_side_encryption_configuration.sse",
    'module.registry.module.inner.aws_s3_bucket_versioning.v["a"]',
  ]);
  expect(resource('module.registry.module.inner.aws_s3_bucket_versioning.v["a"]').baseAddress).toBe("module.registry.module.inner.aws_s3_bucket_versioning.v");
});

test("the stack's cloud, environment (from tags_all) and source", () => {
  const stack = load();
  expect({ cloud: stack.cloud, environment: stack.environment, source: stack.source, name: stack.name, file: stack.file }).toEqual({ cloud: "aws", environment: "prod", source: "plan", name: "prod-plan", file: "prod.json" });
  expect(stack.providers).toEqual({ aws: [{ region: "eu-west-1" }] });
});

test("actions, before, and replacement are recorded; a deletion keeps its before attributes", () => {
  const old = resource("aws_s3_bucket.old");
  expect({ actions: old.actions, attributes: old.attributes, replace: old.replace }).toEqual({ actions: ["delete"], attributes: { bucket: "acme-old", object_lock_enabled: true }, replace: undefined });
  expect(resource("aws_s3_bucket.moved").replace).toBe(true);
  expect(resource("module.registry.aws_s3_bucket.models").actions).toBeUndefined();
});

test("values unknown until apply become UNKNOWN, at any depth", () => {
  const sse = resource("module.registry.aws_s3_bucket_server_side_encryption_configuration.sse");
  expect(sse.attributes["bucket"]).toBe(UNKNOWN);
  expect(valuesAt(sse.attributes, "rule.apply_server_side_encryption_by_default.kms_master_key_id")).toEqual([UNKNOWN]);
  expect(valuesAt(sse.attributes, "rule.apply_server_side_encryption_by_default.sse_algorithm")).toEqual(["aws:kms"]);
});

test("references come from the configuration, with the module's prefix; var.* is not a resource", () => {
  const sse = resource("module.registry.aws_s3_bucket_server_side_encryption_configuration.sse");
  expect([...sse.references]).toEqual([["bucket", ["module.registry.aws_s3_bucket.models"]]]);
  expect(sse.dependsOn).toEqual(["module.registry.aws_s3_bucket.models"]);
});

test("markUnknown leaves known values and fills unknown list items", () => {
  expect(markUnknown({ a: 1, b: [1, 2] }, { b: [false, true], c: true })).toEqual({ a: 1, b: [1, UNKNOWN], c: UNKNOWN });
  expect(isUnknown({ $unknown: true })).toBe(true);
  expect(isUnknown({ unknown: true })).toBe(false);
});

test("a root resource's references and depends_on carry no prefix; one without depends_on has none", () => {
  const plan = {
    format_version: "1.2",
    resource_changes: [
      { address: "aws_sqs_queue.q", mode: "managed", type: "aws_sqs_queue", name: "q", change: { actions: ["create"], before: null, after: {}, after_unknown: {} } },
      { address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", change: { actions: ["create"], before: null, after: {}, after_unknown: {} } },
    ],
    configuration: { root_module: { resources: [{ address: "aws_sqs_queue.q", expressions: { kms_master_key_id: { references: ["aws_kms_key.k.arn", "aws_kms_key.k"] } }, depends_on: ["aws_kms_key.k"] }, { address: "aws_kms_key.k", expressions: {} }] } },
  };
  const s = stackFromPlan("p", "p.json", plan);
  const q = s.resources.find((r) => r.address === "aws_sqs_queue.q")!;
  const k = s.resources.find((r) => r.address === "aws_kms_key.k")!;
  expect({ refs: [...q.references], dependsOn: q.dependsOn, kDependsOn: k.dependsOn, before: "before" in q, cloud: s.cloud }).toEqual({
    refs: [["kms_master_key_id", ["aws_kms_key.k"]]],
    dependsOn: ["aws_kms_key.k"],
    kDependsOn: [],
    before: false,
    cloud: "aws",
  });
});

test("a replacement reads the new attributes; provider aliases keep their provider's name; expressions become constants or UNKNOWN", () => {
  const s = stackFromPlan("p", "p.json", {
    format_version: "1.2",
    resource_changes: [{ address: "google_storage_bucket.b", mode: "managed", type: "google_storage_bucket", name: "b", change: { actions: ["delete", "create"], before: { name: "old" }, after: { name: "new", effective_labels: { environment: "dev" } }, after_unknown: {} } }],
    configuration: {
      provider_config: {
        "google.eu": { expressions: { project: { constant_value: "p" }, access_token: { references: ["var.token"] }, batching: [{ send_after: { constant_value: "1s" } }] } },
      },
    },
  });
  expect({ attributes: s.resources[0]!.attributes, replace: s.resources[0]!.replace, environment: s.environment, cloud: s.cloud }).toEqual({
    attributes: { name: "new", effective_labels: { environment: "dev" } },
    replace: true,
    environment: "dev",
    cloud: "gcp",
  });
  expect(s.providers).toEqual({ google: [{ project: "p", access_token: UNKNOWN, batching: [{ send_after: "1s" }] }] });
});

test("environment from tags or labels when there is no tags_all; no provider and no known type leaves the cloud unset", () => {
  const change = (type: string, after: Record<string, unknown>) => ({ address: `${type}.x`, mode: "managed", type, name: "x", change: { actions: ["create"], before: null, after, after_unknown: {} } });
  expect(stackFromPlan("p", "p.json", { resource_changes: [change("azurerm_resource_group", { tags: { environment: "prod" } })] }).environment).toBe("prod");
  expect(stackFromPlan("p", "p.json", { resource_changes: [change("google_pubsub_topic", { labels: { environment: "dev" } })] }).environment).toBe("dev");
  const bare = stackFromPlan("p", "p.json", { resource_changes: [change("time_sleep", {})] });
  expect(["cloud", "environment"].filter((k) => k in bare)).toEqual([]);
  expect(stackFromPlan("p", "p.json", { planned_values: {} }).resources).toEqual([]);
});

test("markUnknown builds objects over missing or list values and leaves false leaves alone", () => {
  expect(markUnknown(null, { a: true, b: false })).toEqual({ a: UNKNOWN });
  expect(markUnknown(["x"], { a: true })).toEqual({ a: UNKNOWN });
  expect(markUnknown("v", false)).toBe("v");
  expect(markUnknown({ keep: 1 }, { keep: false })).toEqual({ keep: 1 });
  expect(markUnknown(undefined, [true])).toEqual([UNKNOWN]);
});

test("the attributes before a change are kept; without providers the first resource of a known cloud decides the cloud", () => {
  const s = stackFromPlan("p", "p.json", {
    resource_changes: [
      { address: "a_time_sleep.x", mode: "managed", type: "time_sleep", name: "x", change: { actions: ["update"], before: { create_duration: "10s" }, after: { create_duration: "20s" }, after_unknown: {} } },
      { address: "b_aws_sqs_queue.q", mode: "managed", type: "aws_sqs_queue", name: "q", change: { actions: ["create"], before: null, after: {}, after_unknown: {} } },
    ],
  });
  expect(s.resources.map((r) => [r.address, r.before])).toEqual([
    ["a_time_sleep.x", { create_duration: "10s" }],
    ["b_aws_sqs_queue.q", undefined],
  ]);
  expect(s.cloud).toBe("aws");
});
