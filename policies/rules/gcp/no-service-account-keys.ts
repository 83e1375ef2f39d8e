import { resourceRule } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";

/**
 * Each of these is a static secret that works from anywhere until someone revokes it: a service
 * account key (cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys), an
 * HMAC key for the Cloud Storage XML API, an API key. Terraform also writes it into state.
 */
const WHAT: Readonly<Record<string, string>> = {
  google_service_account_key: "a service account key",
  google_storage_hmac_key: "a Cloud Storage HMAC key",
  google_apikeys_key: "an API key",
};

export const rule = resourceRule({
  control: "NO-LONG-LIVED-CREDENTIALS",
  cloud: "gcp",
  title: "No service account keys, HMAC keys or API keys",
  severity: "error",
  appliesTo: ["google_service_account", ...Object.keys(WHAT)],
  mappings: { checkov: ["CKV2_GCP_3"], cis: ["GCP Foundations 2.0 1.4"], nist80053: ["IA-5", "IA-5(1)", "AC-2"] },
  rationale: "A static key never expires by itself, is copied into CI variables, laptops and Terraform state, and cannot be told apart from its legitimate holder when it leaks.",
  fix: "Use workload identity federation (CI), attached service accounts (workloads) or short-lived impersonation instead; remove the key resource.",
  check(resource, context) {
    if (resource.type === "google_service_account") {
      // Compliant when the stack makes no key for it; a key that exists is reported on the key itself.
      const keys = context.referencing(resource, "google_service_account_key", "service_account_id");
      return keys.length === 0 ? { status: "compliant" } : { status: "not-applicable", reason: `its key ${keys[0]!.address} is reported on the key` };
    }
    return context.problems().error(`${resource.type} creates ${WHAT[resource.type]}: a long-lived credential, stored in Terraform state`).outcome();
  },
  tests: {
    compliance: [{ name: "a service account without keys", stack: gcpStack({ google_service_account: { ci: { account_id: "ci-deploy" } } }) }],
    noncompliance: [
      {
        name: "service account with a key",
        stack: gcpStack({ google_service_account: { ci: { account_id: "ci-deploy" } }, google_service_account_key: { k: { service_account_id: "${google_service_account.ci.name}" } } }),
        expect: "google_service_account_key creates a service account key" },
      { name: "HMAC key", stack: gcpStack({ google_storage_hmac_key: { k: { service_account_email: "sa@acme.iam.gserviceaccount.com" } } }), expect: "a Cloud Storage HMAC key" },
      { name: "a plan creating an API key", plan: gcpPlan([{ type: "google_apikeys_key", name: "k", after: { name: "maps" } }]), expect: "an API key" },
    ],
  },
});
