import { Json } from "../model";
import { PlannedResource, planCase } from "./plan-cases";

/**
 * Builders for the GCP rules' test cases: a synthesized-stack fragment with the environment's
 * provider, and a `terraform show -json` plan, so each rule can say in a line what it is given.
 */

/** Labels of the blueprint's google provider (`default_labels`). */
export const GCP_DEFAULT_LABELS: Readonly<Record<string, string>> = { "cost-center": "cc-4021", owner: "ml-platform", environment: "prod" };

/** A synthesized stack: `resources` by type and name, with the google provider of an environment. */
export function gcpStack(resources: Record<string, Record<string, Json>>, options: { labels?: Record<string, string>; data?: Record<string, Record<string, Json>> } = {}): Json {
  return {
    provider: { google: [{ project: "acme-ai-prod", region: "europe-west1", default_labels: { ...(options.labels ?? GCP_DEFAULT_LABELS) } }] },
    resource: resources,
    ...(options.data ? { data: options.data } : {}),
  };
}

/** One resource of a GCP plan case (policies/support/plan-cases.ts). */
export type PlannedGcpResource = PlannedResource;

/** A plan creating `resources`, with the google provider's default labels in its configuration. */
export function gcpPlan(resources: readonly PlannedGcpResource[], labels: Record<string, string> = GCP_DEFAULT_LABELS): Json {
  return planCase(resources, "google", { default_labels: { constant_value: { ...labels } } });
}
