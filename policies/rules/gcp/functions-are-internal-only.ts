import { resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/**
 * Cloud Functions (2nd gen) `service_config.ingress_settings` defaults to ALLOW_ALL; Cloud Run
 * v2 `ingress` is computed, and the service accepts all traffic unless it is set (google provider
 * 6.50 website/docs/r/cloudfunctions2_function, cloud_run_v2_service;
 * cloud.google.com/run/docs/securing/ingress). Internal plus an external Application Load
 * Balancer is a deliberate, weaker choice: a warning.
 */
interface Ingress {
  readonly path: string;
  readonly internal: string;
  readonly loadBalancer: string;
  readonly all: string;
}
const INGRESS: Readonly<Record<string, Ingress>> = {
  google_cloudfunctions2_function: { path: "service_config.ingress_settings", internal: "ALLOW_INTERNAL_ONLY", loadBalancer: "ALLOW_INTERNAL_AND_GCLB", all: "ALLOW_ALL" },
  google_cloud_run_v2_service: { path: "ingress", internal: "INGRESS_TRAFFIC_INTERNAL_ONLY", loadBalancer: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", all: "INGRESS_TRAFFIC_ALL" },
};

export const rule = resourceRule({
  control: "FUNCTION-INGRESS-INTERNAL",
  cloud: "gcp",
  title: "Cloud Functions and Cloud Run services accept internal traffic only",
  severity: "error",
  appliesTo: Object.keys(INGRESS),
  mappings: { checkov: ["CKV_GCP_124"], nist80053: ["AC-4", "SC-7", "SC-7(5)"] },
  rationale: "A function reachable from the internet is one IAM mistake (an allUsers invoker) or one auth bug away from anyone; internal-only ingress keeps the network boundary as a second control.",
  fix: "Set service_config.ingress_settings = \"ALLOW_INTERNAL_ONLY\" (Cloud Functions) or ingress = \"INGRESS_TRAFFIC_INTERNAL_ONLY\" (Cloud Run); front a public endpoint with a load balancer and Cloud Armor only where it must be public.",
  check(resource, context) {
    const ingress = INGRESS[resource.type]!;
    const problems = context.problems();
    const value = valueOf(resource, ingress.path);
    if (value === UNKNOWN_VALUE) problems.unknown(ingress.path);
    else if (value === undefined || value === null || value === "") problems.error(`${ingress.path} is absent (the default ${ingress.all}), not ${ingress.internal}: reachable from the internet`);
    else if (value === ingress.loadBalancer) problems.relaxed(`${ingress.path} is ${JSON.stringify(value)}, not ${ingress.internal}: reachable through an external load balancer`);
    else if (value !== ingress.internal) problems.error(`${ingress.path} is ${JSON.stringify(value)}, not ${ingress.internal}: reachable from the internet`);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "internal-only function", stack: gcpStack({ google_cloudfunctions2_function: { f: { name: "score", service_config: { ingress_settings: "ALLOW_INTERNAL_ONLY" } } } }) },
      { name: "a plan of an internal-only Cloud Run service", plan: gcpPlan([{ type: "google_cloud_run_v2_service", name: "s", after: { name: "api", ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" } }]) },
    ],
    noncompliance: [
      { name: "function left to ALLOW_ALL", stack: gcpStack({ google_cloudfunctions2_function: { f: { name: "score", service_config: {} } } }), expect: "service_config.ingress_settings is absent (the default ALLOW_ALL)" },
      { name: "Cloud Run open to all", stack: gcpStack({ google_cloud_run_v2_service: { s: { name: "api", ingress: "INGRESS_TRAFFIC_ALL" } } }), expect: 'ingress is "INGRESS_TRAFFIC_ALL", not INGRESS_TRAFFIC_INTERNAL_ONLY' },
      {
        name: "function behind an external load balancer",
        stack: gcpStack({ google_cloudfunctions2_function: { f: { name: "score", service_config: { ingress_settings: "ALLOW_INTERNAL_AND_GCLB" } } } }),
        expect: "reachable through an external load balancer",
        severity: "warning",
      },
    ],
  },
});
