import { Resource } from "../../model";
import { Problems, RuleContext, resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { SECONDS_PER_DAY, days, durationSeconds } from "../../support/gcp-resources";

/**
 * A destroyed Cloud KMS key version stays DESTROY_SCHEDULED, and restorable, for
 * `destroy_scheduled_duration`: 30 days when unset ("If not specified at creation time, the
 * default duration is 30 days", google provider 6.50 website/docs/r/kms_crypto_key;
 * cloud.google.com/kms/docs/destroy-restore). The blueprint's strict protection keeps those 30
 * days and `prevent_destroy`; standard protection shortens the window to 7 days (its floor) and
 * drops `prevent_destroy`: both are relaxations. A plan does not record `prevent_destroy`.
 */
const STRICT_WINDOW_DAYS = 30;
const BLUEPRINT_MIN_WINDOW_DAYS = 7;

function checkPreventDestroy(resource: Resource, context: RuleContext, problems: Problems): void {
  if (context.stack.source !== "synth") return;
  if (resource.preventDestroy !== true) problems.relaxed(`lifecycle.prevent_destroy is ${resource.preventDestroy === false ? "false" : "absent"}: a plan can destroy the ${resource.type === "google_kms_key_ring" ? "key ring" : "key"}`);
}

export const rule = resourceRule({
  control: "KEY-DELETION-PROTECTED",
  cloud: "gcp",
  title: "Cloud KMS keys keep destroyed versions restorable for 30 days and refuse a destroy plan",
  severity: "error",
  appliesTo: ["google_kms_crypto_key", "google_kms_key_ring"],
  mappings: { checkov: ["CKV_GCP_82"], nist80053: ["SC-12", "CP-9", "SI-12"] },
  rationale: "Data encrypted under a destroyed key version is lost for good; the scheduled-destruction window is the only undo, and prevent_destroy stops a careless or hostile plan before it schedules anything.",
  fix: "Leave destroy_scheduled_duration at \"2592000s\" (30 days) and lifecycle.prevent_destroy = true: KmsKey and KeyRing do by default (protection: strict).",
  check(resource, context) {
    const problems = context.problems();
    if (resource.type === "google_kms_key_ring") {
      if (context.stack.source !== "synth") return { status: "not-applicable", reason: "a plan does not record prevent_destroy" };
      checkPreventDestroy(resource, context, problems);
      return problems.outcome();
    }
    const window = durationSeconds(resource, "destroy_scheduled_duration");
    if (window === UNKNOWN_VALUE) problems.unknown("destroy_scheduled_duration");
    else if (window !== undefined && Number.isNaN(window)) problems.error(`destroy_scheduled_duration is ${JSON.stringify(valueOf(resource, "destroy_scheduled_duration"))}, not a duration in seconds`);
    else if (window !== undefined && window < BLUEPRINT_MIN_WINDOW_DAYS * SECONDS_PER_DAY) problems.error(`destroy_scheduled_duration is ${days(window)}, less than ${BLUEPRINT_MIN_WINDOW_DAYS}`);
    else if (window !== undefined && window < STRICT_WINDOW_DAYS * SECONDS_PER_DAY) problems.relaxed(`destroy_scheduled_duration is ${days(window)}, less than ${STRICT_WINDOW_DAYS}`);
    checkPreventDestroy(resource, context, problems);
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "30-day window, prevent_destroy", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", destroy_scheduled_duration: "2592000s", lifecycle: { prevent_destroy: true } } } }) },
      { name: "window left to the 30-day default", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", lifecycle: { prevent_destroy: true } } } }) },
      { name: "key ring with prevent_destroy", stack: gcpStack({ google_kms_key_ring: { r: { name: "acme-ai-prod", location: "europe-west1", lifecycle: { prevent_destroy: true } } } }) },
      { name: "a plan with the 30-day window", plan: gcpPlan([{ type: "google_kms_crypto_key", name: "k", after: { name: "logs", destroy_scheduled_duration: "2592000s" } }]) },
    ],
    noncompliance: [
      {
        name: "7-day window (standard protection)",
        stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", destroy_scheduled_duration: "604800s", lifecycle: { prevent_destroy: true } } } }),
        expect: "destroy_scheduled_duration is 7 days, less than 30",
        severity: "warning",
      },
      { name: "1-day window", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs", destroy_scheduled_duration: "86400s", lifecycle: { prevent_destroy: true } } } }), expect: "destroy_scheduled_duration is 1 day, less than 7" },
      { name: "key without prevent_destroy", stack: gcpStack({ google_kms_crypto_key: { k: { name: "logs" } } }), expect: "lifecycle.prevent_destroy is absent", severity: "warning" },
      { name: "key ring with prevent_destroy off", stack: gcpStack({ google_kms_key_ring: { r: { name: "acme-ai-dev", lifecycle: { prevent_destroy: false } } } }), expect: "lifecycle.prevent_destroy is false: a plan can destroy the key ring", severity: "warning" },
      {
        name: "a plan that leaves the window to apply",
        plan: gcpPlan([{ type: "google_kms_crypto_key", name: "k", after: { name: "logs" }, afterUnknown: { destroy_scheduled_duration: true } }]),
        expect: "destroy_scheduled_duration is known only after apply",
        severity: "warning",
      },
    ],
  },
});
