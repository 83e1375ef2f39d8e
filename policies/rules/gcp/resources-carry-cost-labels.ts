import { Json, Resource, isExpression, isUnknown } from "../../model";
import { RuleContext, resourceRule } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { GCP_LABELABLE_TYPES } from "../../support/gcp-labelable";

/** The labels FinOps allocates cost by (toGcpLabels of the standard tags). */
const COST_LABELS = ["cost-center", "owner"];

type Labels = { readonly known: Json; readonly unknown: boolean };

function labelsAt(value: unknown): Labels {
  if (isUnknown(value) || isExpression(value)) return { known: {}, unknown: true };
  if (!value || typeof value !== "object" || Array.isArray(value)) return { known: {}, unknown: false };
  const known: Json = {};
  let unknown = false;
  for (const [key, v] of Object.entries(value as Json)) {
    if (isUnknown(v) || isExpression(v)) unknown = true;
    else known[key] = v;
  }
  return { known, unknown };
}

/**
 * The provider's `default_labels` apply to every labelable resource: they are merged into
 * `effective_labels` (google provider 6.50 website/docs/guides/provider_reference, "default_labels").
 * A resource may name a provider alias, which the model does not record, so the first google
 * provider without an alias stands for all.
 */
function defaultLabels(context: RuleContext): Labels {
  const providers = context.stack.providers["google"] ?? [];
  const provider = providers.find((p) => p["alias"] === undefined) ?? providers[0];
  return labelsAt(provider?.["default_labels"]);
}

function labelable(resource: Resource): boolean {
  return GCP_LABELABLE_TYPES.has(resource.type) || "effective_labels" in resource.attributes;
}

export const rule = resourceRule({
  control: "COST-TAGS",
  cloud: "gcp",
  title: "Every labelable Google resource carries the cost-center and owner labels",
  severity: "error",
  appliesTo: ["*"],
  mappings: { nist80053: ["CM-8", "PM-5"] },
  rationale: "Cost that carries no owner and cost centre cannot be allocated, budgeted or questioned; unlabelled resources are also the ones nobody notices when they are left running, or were never meant to exist.",
  fix: "Set cost-center and owner in the google provider's default_labels (googleProvider does from organization.costCenter and organization.owner) or in the resource's labels.",
  check(resource, context) {
    if (!resource.type.startsWith("google_") || !labelable(resource)) return { status: "not-applicable" };
    const sources = [defaultLabels(context), labelsAt(resource.attributes["labels"]), labelsAt(resource.attributes["effective_labels"])];
    const problems = context.problems();
    for (const label of COST_LABELS) {
      const value = sources.map((s) => s.known[label]).find((v) => v !== undefined && v !== null && v !== "");
      if (value !== undefined) continue;
      if (sources.some((s) => s.unknown)) problems.unknown(`label ${label}`);
      else problems.error(`label ${label} is missing (neither labels nor the provider's default_labels set it)`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "labels from the provider's default_labels", stack: gcpStack({ google_storage_bucket: { b: { name: "logs", labels: { purpose: "logs" } } } }) },
      {
        name: "a plan whose effective_labels carry them",
        plan: gcpPlan([{ type: "google_compute_network", name: "n", after: { name: "vpc", effective_labels: { "cost-center": "cc-4021", owner: "ml-platform" } } }], {}),
      },
    ],
    noncompliance: [
      { name: "no provider default, no label", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", labels: { purpose: "logs" } } } }, { labels: { environment: "prod" } }), expect: "label cost-center is missing" },
      { name: "owner missing", stack: gcpStack({ google_pubsub_topic: { t: { name: "events", labels: { "cost-center": "cc-4021" } } } }, { labels: {} }), expect: "label owner is missing" },
      {
        name: "a plan whose effective_labels apply decides",
        plan: gcpPlan([{ type: "google_storage_bucket", name: "b", after: { name: "logs" }, afterUnknown: { effective_labels: true } }], {}),
        expect: "label cost-center is known only after apply",
        severity: "warning",
      },
    ],
  },
});
