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

const stack = stackFromPlan("prod-plan", "prod.json", PLAN);
const byAddress = new Map(stack.resources.map((r) => [r.address, r]));

test("resources come from resource_changes and from every level of planned_values, sorted by address in code-unit order", () => {
  expect(stack.resources.map((r) => r.address)).toEqual([
    "aws_kms_key.logs",
    "aws_s3_bucket.moved",
    "aws_s3_bucket.old",
    "module.registry.aws_s3_bucket.models",
    "module.registry.aws_s3_bucket_server_side_encryption_configuration.sse",
    'module.registry.module.inner.aws_s3_bucket_versioning.v["a"]',
  ]);
  expect(byAddress.get('module.registry.module.inner.aws_s3_bucket_versioning.v["a"]')!.baseAddress).toBe("module.registry.module.inner.aws_s3_bucket_versioning.v");
});

test("the stack's cloud, environment (from tags_all) and source", () => {
  expect({ cloud: stack.cloud, environment: stack.environment, source: stack.source, name: stack.name, file: stack.file }).toEqual({ cloud: "aws", environment: "prod", source: "plan", name: "prod-plan", file: "prod.json" });
  expect(stack.providers).toEqual({ aws: [{ region: "eu-west-1" }] });
});

test("actions, before, and replacement are recorded; a deletion keeps its before attributes", () => {
  const old = byAddress.get("aws_s3_bucket.old")!;
  expect({ actions: old.actions, attributes: old.attributes, replace: old.replace }).toEqual({ actions: ["delete"], attributes: { bucket: "acme-old", object_lock_enabled: true }, replace: undefined });
  expect(byAddress.get("aws_s3_bucket.moved")!.replace).toBe(true);
  expect(byAddress.get("module.registry.aws_s3_bucket.models")!.actions).toBeUndefined();
});

test("values unknown until apply become UNKNOWN, at any depth", () => {
  const sse = byAddress.get("module.registry.aws_s3_bucket_server_side_encryption_configuration.sse")!;
  expect(sse.attributes["bucket"]).toBe(UNKNOWN);
  expect(valuesAt(sse.attributes, "rule.apply_server_side_encryption_by_default.kms_master_key_id")).toEqual([UNKNOWN]);
  expect(valuesAt(sse.attributes, "rule.apply_server_side_encryption_by_default.sse_algorithm")).toEqual(["aws:kms"]);
});

test("references come from the configuration, with the module's prefix; var.* is not a resource", () => {
  const sse = byAddress.get("module.registry.aws_s3_bucket_server_side_encryption_configuration.sse")!;
  expect([...sse.references]).toEqual([["bucket", ["module.registry.aws_s3_bucket.models"]]]);
  expect(sse.dependsOn).toEqual(["module.registry.aws_s3_bucket.models"]);
});

test("markUnknown leaves known values and fills unknown list items", () => {
  expect(markUnknown({ a: 1, b: [1, 2] }, { b: [false, true], c: true })).toEqual({ a: 1, b: [1, UNKNOWN], c: UNKNOWN });
  expect(isUnknown({ $unknown: true })).toBe(true);
  expect(isUnknown({ unknown: true })).toBe(false);
});
