import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/**
 * `docker_config.immutable_tags` "prevents all tags from being modified, moved or deleted"
 * (google provider 6.50 website/docs/r/artifact_registry_repository). It exists for standard
 * Docker repositories only: remote and virtual repositories hold no tags of their own.
 */
export const rule = resourceRule({
  control: "REGISTRY-TAGS-IMMUTABLE",
  cloud: "gcp",
  title: "Artifact Registry Docker repositories have immutable tags",
  severity: "error",
  appliesTo: ["google_artifact_registry_repository"],
  mappings: { nist80053: ["CM-14", "SI-7", "SR-4"] },
  rationale: "A movable tag lets whoever can push replace the image a deployment pulls by name: the same tag, different code, no change to any manifest a reviewer sees.",
  fix: "Set docker_config { immutable_tags = true } and deploy by digest where possible.",
  check(repository, context) {
    const format = valueOf(repository, "format");
    if (typeof format === "string" && format.toUpperCase() !== "DOCKER") return { status: "not-applicable", reason: `${format} repositories have no Docker tags` };
    const mode = valueOf(repository, "mode");
    if (typeof mode === "string" && mode !== "STANDARD_REPOSITORY") return { status: "not-applicable", reason: `a ${mode} holds no tags of its own` };
    const problems = context.problems();
    if (format === UNKNOWN_VALUE) return problems.unknown("format").outcome();
    const immutable = valueOf(repository, "docker_config.immutable_tags");
    if (immutable === UNKNOWN_VALUE) problems.unknown("docker_config.immutable_tags");
    else if (immutable !== true) problems.error(`docker_config.immutable_tags is ${JSON.stringify(immutable ?? "absent")}, not true: tags can be moved to other images`);
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "immutable tags", stack: gcpStack({ google_artifact_registry_repository: { r: { repository_id: "models", format: "DOCKER", docker_config: { immutable_tags: true } } } }) }],
    noncompliance: [
      { name: "no docker_config", stack: gcpStack({ google_artifact_registry_repository: { r: { repository_id: "models", format: "DOCKER" } } }), expect: 'docker_config.immutable_tags is "absent", not true' },
      { name: "a plan with mutable tags", plan: gcpPlan([{ type: "google_artifact_registry_repository", name: "r", after: { repository_id: "models", format: "DOCKER", docker_config: [{ immutable_tags: false }] } }]), expect: "docker_config.immutable_tags is false" },
    ],
  },
});
