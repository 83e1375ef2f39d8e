import { Json, StackModel, cloudOfType, isExpression, isUnknown, valuesAt } from "../../model";
import { UNKNOWN_VALUE, notApplicable, resourceRule, valueOf } from "../../rule";
import { AWS_TAGGABLE_TYPES } from "../../support/aws-taggable-types";

/**
 * Cost allocation reads the `cost-center` and `owner` tags (activated as cost allocation tags by
 * the cost-allocation-aws stack); an untagged resource's spend belongs to nobody. A resource
 * gets a tag from its own `tags`, or from the provider's `default_tags`, which the plan shows
 * merged in `tags_all` (terraform-provider-aws, "default_tags configuration block"). The model
 * does not keep which provider configuration a resource uses, so a default tag counts only when
 * every aws provider configuration of the stack sets it.
 */
const REQUIRED_TAGS = ["cost-center", "owner"];

type TagValue = "set" | "unknown" | "absent";

function tagIn(map: unknown, key: string): TagValue {
  if (map === UNKNOWN_VALUE || isUnknown(map) || isExpression(map)) return "unknown";
  if (!map || typeof map !== "object") return "absent";
  const value = (map as Json)[key];
  if (isUnknown(value) || isExpression(value)) return "unknown";
  return typeof value === "string" && value.trim() !== "" ? "set" : "absent";
}

function providerDefault(stack: StackModel, key: string): TagValue {
  const providers = stack.providers["aws"] ?? [];
  if (providers.length === 0) return "absent";
  const values = providers.map((p) => {
    const maps = valuesAt(p, "default_tags.tags");
    return maps.length === 0 ? "absent" : maps.map((m) => tagIn(m, key)).find((v) => v !== "absent") ?? "absent";
  });
  if (values.every((v) => v === "set")) return "set";
  return values.includes("unknown") && !values.includes("absent") ? "unknown" : "absent";
}

export const rule = resourceRule({
  control: "COST-TAGS",
  cloud: "aws",
  title: "Every taggable AWS resource carries the cost-center and owner tags",
  severity: "error",
  appliesTo: ["*"],
  mappings: { nist80053: ["CM-8", "PM-5"] },
  rationale: "Spend that carries no cost-center or owner cannot be charged back, budgeted or questioned: nobody is accountable for it, and orphaned resources are never cleaned up.",
  fix: "Set the tags once in the provider's default_tags (the blueprint's stacks do, from organization.costCenter and organization.owner), or in the resource's tags.",
  check(resource, context) {
    if (cloudOfType(resource.type) !== "aws") return notApplicable("not an AWS resource");
    const attributes = resource.attributes;
    if (!AWS_TAGGABLE_TYPES.has(resource.type) && !("tags_all" in attributes) && !("tags" in attributes)) return notApplicable("not taggable");
    const problems = context.problems();
    const tags = valueOf(resource, "tags") ?? (isExpression(attributes["tags"]) ? UNKNOWN_VALUE : undefined);
    const tagsAll = attributes["tags_all"];
    for (const key of REQUIRED_TAGS) {
      const found = [tagIn(tags, key), tagIn(tagsAll, key), providerDefault(context.stack, key)];
      if (found.includes("set")) continue;
      if (found.includes("unknown")) problems.unknown(`tag "${key}"`);
      else problems.error(`tag "${key}" is missing: not in tags, tags_all or every aws provider's default_tags`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "tags from the provider's default_tags", stack: { provider: { aws: [{ default_tags: [{ tags: { "cost-center": "CC-1", owner: "team" } }] }] }, resource: { aws_kms_key: { k: {} }, aws_kms_alias: { a: { name: "alias/k" } } } } },
      { name: "tags on the resource", stack: { provider: { aws: [{ region: "eu-west-1" }] }, resource: { aws_s3_bucket: { b: { bucket: "data", tags: { "cost-center": "CC-1", owner: "team" } } } } } },
      {
        name: "a plan: tags_all carries the default tags, an untaggable resource is skipped",
        plan: {
          format_version: "1.2",
          planned_values: {
            root_module: {
              resources: [
                { address: "aws_sqs_queue.q", mode: "managed", type: "aws_sqs_queue", name: "q", values: { tags: null, tags_all: { "cost-center": "CC-1", owner: "team" } } },
                { address: "aws_s3_bucket_versioning.v", mode: "managed", type: "aws_s3_bucket_versioning", name: "v", values: { bucket: "data" } },
              ],
            },
          },
        },
      },
    ],
    noncompliance: [
      { name: "no tags anywhere", stack: { provider: { aws: [{ region: "eu-west-1" }] }, resource: { aws_kms_key: { k: {} } } }, expect: 'tag "cost-center" is missing' },
      {
        name: "owner missing, and an aliased provider without default tags",
        stack: {
          provider: { aws: [{ default_tags: [{ tags: { "cost-center": "CC-1", owner: "team" } }] }, { alias: "us", region: "us-east-1" }] },
          resource: { aws_s3_bucket: { b: { bucket: "data", tags: { "cost-center": "CC-1" } } } },
        },
        expect: 'tag "owner" is missing',
      },
      {
        name: "a plan whose tags_all lacks owner",
        plan: {
          format_version: "1.2",
          planned_values: { root_module: { resources: [{ address: "aws_lambda_function.f", mode: "managed", type: "aws_lambda_function", name: "f", values: { tags: { "cost-center": "CC-1" }, tags_all: { "cost-center": "CC-1", owner: "" } } }] } },
        },
        expect: 'tag "owner" is missing',
      },
      {
        name: "a plan whose tags are decided at apply",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_sqs_queue.q", mode: "managed", type: "aws_sqs_queue", name: "q", change: { actions: ["create"], before: null, after: {}, after_unknown: { tags: true, tags_all: true } } }],
        },
        expect: "known only after apply",
        severity: "warning",
      },
    ],
  },
});
