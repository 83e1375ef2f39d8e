import { UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";
import { valuesAt } from "../../model";

/**
 * aws provider 6.25 accepts MUTABLE (the default), IMMUTABLE, IMMUTABLE_WITH_EXCLUSION and
 * MUTABLE_WITH_EXCLUSION, the exclusions given as `image_tag_mutability_exclusion_filter`
 * blocks of WILDCARD filters (ECR API Reference, PutImageTagMutability: "Valid Values: MUTABLE |
 * IMMUTABLE | IMMUTABLE_WITH_EXCLUSION | MUTABLE_WITH_EXCLUSION"; the 6.25 binding has the
 * block). IMMUTABLE_WITH_EXCLUSION keeps release tags immutable but lets the excluded tags (a
 * moving `latest`, say) be overwritten: an explicit, weaker choice, so a warning naming the
 * filters. MUTABLE_WITH_EXCLUSION protects only the listed tags: an error.
 */
export const rule = resourceRule({
  control: "REGISTRY-TAGS-IMMUTABLE",
  cloud: "aws",
  title: "ECR repositories make image tags immutable",
  severity: "error",
  appliesTo: ["aws_ecr_repository"],
  mappings: { checkov: ["CKV_AWS_51"], nist80053: ["SI-7", "CM-14"] },
  rationale: "With mutable tags anyone who can push can move `v1.4.2` to a different image: deployments, signatures and admission checks that trust the tag then run an image nobody reviewed.",
  fix: 'Set image_tag_mutability = "IMMUTABLE" (deploy by digest or by a new tag per build); IMMUTABLE_WITH_EXCLUSION only with an acknowledged, narrow exclusion filter.',
  check(repository, context) {
    const mutability = valueOf(repository, "image_tag_mutability");
    const problems = context.problems();
    if (mutability === UNKNOWN_VALUE) problems.unknown("image_tag_mutability");
    else if (mutability === "IMMUTABLE_WITH_EXCLUSION") {
      const filters = valuesAt(repository.attributes, "image_tag_mutability_exclusion_filter.filter").map(String);
      problems.relaxed(`image_tag_mutability is "IMMUTABLE_WITH_EXCLUSION": tags matching ${filters.length > 0 ? filters.map((f) => JSON.stringify(f)).join(", ") : "its exclusion filters"} can still be moved`);
    } else if (mutability !== "IMMUTABLE") problems.error(`image_tag_mutability is ${mutability === undefined ? '"absent" (MUTABLE)' : JSON.stringify(mutability)}, not "IMMUTABLE"`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "immutable tags", stack: { resource: { aws_ecr_repository: { r: { name: "models", image_tag_mutability: "IMMUTABLE" } } } } }],
    noncompliance: [
      { name: "the default", stack: { resource: { aws_ecr_repository: { r: { name: "models" } } } }, expect: 'image_tag_mutability is "absent" (MUTABLE), not "IMMUTABLE"' },
      { name: "mutable except some tags", stack: { resource: { aws_ecr_repository: { r: { name: "models", image_tag_mutability: "MUTABLE_WITH_EXCLUSION", image_tag_mutability_exclusion_filter: [{ filter: "v*", filter_type: "WILDCARD" }] } } } }, expect: 'image_tag_mutability is "MUTABLE_WITH_EXCLUSION"' },
      {
        name: "immutable except latest: a relaxation",
        stack: { resource: { aws_ecr_repository: { r: { name: "models", image_tag_mutability: "IMMUTABLE_WITH_EXCLUSION", image_tag_mutability_exclusion_filter: [{ filter: "latest", filter_type: "WILDCARD" }] } } } },
        expect: 'tags matching "latest" can still be moved',
        severity: "warning",
      },
      {
        name: "a plan with mutable tags",
        plan: {
          format_version: "1.2",
          resource_changes: [{ address: "aws_ecr_repository.r", mode: "managed", type: "aws_ecr_repository", name: "r", change: { actions: ["create"], before: null, after: { name: "models", image_tag_mutability: "MUTABLE" }, after_unknown: { arn: true } } }],
        },
        expect: 'image_tag_mutability is "MUTABLE"',
      },
    ],
  },
});
