import { resourceRule, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { PUBLIC_MEMBERS, grantsOf, iamShapeOf } from "../../support/gcp-iam";

/**
 * `allUsers` is anyone on the internet, `allAuthenticatedUsers` anyone with any Google account
 * (cloud.google.com/iam/docs/principals-overview); every `google_*_iam_member`, `_binding` and
 * `_policy` resource can grant them, so the rule reads all of them.
 */
export const rule = resourceRule({
  control: "NO-PUBLIC-PRINCIPAL",
  cloud: "gcp",
  title: "No IAM grant names allUsers or allAuthenticatedUsers",
  severity: "error",
  appliesTo: ["*"],
  mappings: {
    checkov: ["CKV_GCP_28", "CKV_GCP_99", "CKV_GCP_101", "CKV_GCP_102", "CKV_GCP_107", "CKV_GCP_112", "CKV2_GCP_6", "CKV2_GCP_8"],
    cis: ["GCP Foundations 2.0 1.9", "GCP Foundations 2.0 5.1"],
    nist80053: ["AC-3", "AC-6", "AC-14", "AC-21"],
  },
  rationale: "A grant to allUsers or allAuthenticatedUsers opens the resource (a bucket, a key, a function) to anyone on the internet: the whole access model is bypassed by one member string.",
  fix: "Grant named principals (users, groups, service accounts, workload identity principal sets) only; remove allUsers and allAuthenticatedUsers.",
  check(resource, context) {
    if (iamShapeOf(resource.type) === undefined) return { status: "not-applicable" };
    const grants = grantsOf(resource, context);
    const problems = context.problems();
    if (grants === UNKNOWN_VALUE) return problems.unknown("policy_data").outcome();
    for (const grant of grants) {
      for (const member of grant.members.filter((m) => PUBLIC_MEMBERS.includes(m))) {
        problems.error(`grants ${typeof grant.role === "string" ? grant.role : "a role"} to ${member}: anyone on the internet`);
      }
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      { name: "object creator for a sink's writer", stack: gcpStack({ google_storage_bucket_iam_member: { w: { bucket: "logs", role: "roles/storage.objectCreator", member: "serviceAccount:sink@example.iam.gserviceaccount.com" } } }) },
      {
        name: "a policy from a data source naming a group",
        stack: gcpStack(
          { google_kms_crypto_key_iam_policy: { p: { crypto_key_id: "k", policy_data: "${data.google_iam_policy.p.policy_data}" } } },
          { data: { google_iam_policy: { p: { binding: [{ role: "roles/cloudkms.admin", members: ["group:kms-admins@example.com"] }] } } } },
        ),
      },
    ],
    noncompliance: [
      { name: "public bucket reader", stack: gcpStack({ google_storage_bucket_iam_member: { p: { bucket: "models", role: "roles/storage.objectViewer", member: "allUsers" } } }), expect: "grants roles/storage.objectViewer to allUsers" },
      {
        name: "a function invoker binding for every Google account",
        stack: gcpStack({ google_cloudfunctions2_function_iam_binding: { b: { cloud_function: "f", role: "roles/cloudfunctions.invoker", members: ["group:ops@example.com", "allAuthenticatedUsers"] } } }),
        expect: "to allAuthenticatedUsers",
      },
      {
        name: "a policy from a data source naming allUsers",
        stack: gcpStack(
          { google_pubsub_topic_iam_policy: { p: { topic: "t", policy_data: "${data.google_iam_policy.p.policy_data}" } } },
          { data: { google_iam_policy: { p: { binding: [{ role: "roles/pubsub.publisher", members: ["allUsers"] }] } } } },
        ),
        expect: "grants roles/pubsub.publisher to allUsers",
      },
      {
        name: "a plan with a literal policy",
        plan: gcpPlan([{ type: "google_storage_bucket_iam_policy", name: "p", after: { bucket: "b", policy_data: JSON.stringify({ bindings: [{ role: "roles/storage.objectViewer", members: ["allUsers"] }] }) } }]),
        expect: "to allUsers",
      },
    ],
  },
});
