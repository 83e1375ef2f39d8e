import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/**
 * `vulnerability_scanning_config.enablement_config` takes INHERITED or DISABLED (google provider
 * 6.50 website/docs/r/artifact_registry_repository): INHERITED, and an absent block, leave
 * scanning to the project's Container Scanning API; DISABLED turns it off for the repository.
 */
export const rule = resourceRule({
  control: "REGISTRY-SCAN-ON-PUSH",
  cloud: "gcp",
  title: "Artifact Registry Docker repositories do not turn vulnerability scanning off",
  severity: "error",
  appliesTo: ["google_artifact_registry_repository"],
  mappings: { nist80053: ["RA-5", "SI-2", "SR-4"] },
  rationale: "An image with a known-exploitable dependency is deployed as readily as any other unless the registry scans it on push and the pipeline can see the findings.",
  fix: "Leave vulnerability_scanning_config out or set enablement_config = \"INHERITED\", with containerscanning.googleapis.com enabled in the project.",
  check(repository, context) {
    const format = valueOf(repository, "format");
    if (typeof format === "string" && format.toUpperCase() !== "DOCKER") return { status: "not-applicable", reason: `${format} repositories hold no container images` };
    const problems = context.problems();
    const enablement = valueOf(repository, "vulnerability_scanning_config.enablement_config");
    if (enablement === UNKNOWN_VALUE) problems.unknown("vulnerability_scanning_config.enablement_config");
    else if (enablement === "DISABLED") problems.error('vulnerability_scanning_config.enablement_config is "DISABLED": pushed images are not scanned');
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "scanning inherited", stack: gcpStack({ google_artifact_registry_repository: { r: { repository_id: "models", format: "DOCKER", vulnerability_scanning_config: { enablement_config: "INHERITED" } } } }) },
      { name: "a plan without the block", plan: gcpPlan([{ type: "google_artifact_registry_repository", name: "r", after: { repository_id: "models", format: "DOCKER" } }]) },
    ],
    noncompliance: [
      { name: "scanning disabled", stack: gcpStack({ google_artifact_registry_repository: { r: { repository_id: "models", format: "DOCKER", vulnerability_scanning_config: { enablement_config: "DISABLED" } } } }), expect: 'enablement_config is "DISABLED"' },
      {
        name: "a plan that leaves it to apply",
        plan: gcpPlan([{ type: "google_artifact_registry_repository", name: "r", after: { repository_id: "models", format: "DOCKER", vulnerability_scanning_config: [{}] }, afterUnknown: { vulnerability_scanning_config: [{ enablement_config: true }] } }]),
        expect: "known only after apply",
        severity: "warning",
      },
    ],
  },
});
