import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/**
 * Without `max_instance_count` Cloud Functions (2nd gen) scale up to their default of 100
 * instances and Cloud Run "calculates a default value based on the project's available container
 * instances quota" (google provider 6.50 website/docs/r/cloudfunctions2_function and
 * cloud_run_v2_service). A Cloud Run service in manual scaling runs exactly
 * `scaling.manual_instance_count` instances, which bounds it as well.
 */
const PATHS: Readonly<Record<string, string>> = {
  google_cloudfunctions2_function: "service_config.max_instance_count",
  google_cloud_run_v2_service: "template.scaling.max_instance_count",
};

export const rule = resourceRule({
  control: "FUNCTION-CONCURRENCY-LIMITED",
  cloud: "gcp",
  title: "Cloud Functions and Cloud Run services have a maximum instance count",
  severity: "error",
  appliesTo: Object.keys(PATHS),
  mappings: { nist80053: ["SC-5", "SC-6"] },
  rationale: "An unbounded function turns a request flood, a retry storm or a stolen invoker credential into unbounded cost, and can exhaust the quota other workloads of the project depend on.",
  fix: "Set service_config.max_instance_count (Cloud Functions) or template.scaling.max_instance_count (Cloud Run) to the most instances the workload needs.",
  check(resource, context) {
    const problems = context.problems();
    if (resource.type === "google_cloud_run_v2_service" && valueOf(resource, "scaling.scaling_mode") === "MANUAL") return problems.outcome();
    const path = PATHS[resource.type]!;
    const max = valueOf(resource, path);
    if (max === UNKNOWN_VALUE) problems.unknown(path);
    else if (max === undefined || max === null) problems.error(`${path} is absent: instances scale to the platform default`);
    else if (!(Number(max) > 0)) problems.error(`${path} is ${JSON.stringify(max)}, not a positive limit`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "function with at most 3 instances", stack: gcpStack({ google_cloudfunctions2_function: { f: { name: "score", service_config: { max_instance_count: 3 } } } }) },
      { name: "a plan of a Cloud Run service with at most 2 instances", plan: gcpPlan([{ type: "google_cloud_run_v2_service", name: "s", after: { name: "api", template: [{ scaling: [{ max_instance_count: 2 }] }] } }]) },
    ],
    noncompliance: [
      { name: "function without a limit", stack: gcpStack({ google_cloudfunctions2_function: { f: { name: "score", service_config: { available_memory: "256M" } } } }), expect: "service_config.max_instance_count is absent" },
      { name: "Cloud Run service without a limit", stack: gcpStack({ google_cloud_run_v2_service: { s: { name: "api", template: { containers: [{ image: "x" }] } } } }), expect: "template.scaling.max_instance_count is absent" },
      { name: "zero", stack: gcpStack({ google_cloudfunctions2_function: { f: { name: "score", service_config: { max_instance_count: 0 } } } }), expect: "is 0, not a positive limit" },
    ],
  },
});
