import { resourceRule, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { grantsOf } from "../../support/gcp-iam";

/**
 * The basic roles Owner, Editor and Viewer span every service of the project, folder or
 * organization, thousands of permissions, and predate IAM's predefined roles
 * (cloud.google.com/iam/docs/roles-overview#basic).
 */
const PRIMITIVE_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];
/**
 * Predefined administrator roles (`roles/storage.admin`, `roles/cloudkms.admin`,
 * `roles/iam.securityAdmin`, `roles/resourcemanager.projectIamAdmin`...) and the roles that
 * impersonate service accounts: granted on the project, folder or organization they reach every
 * bucket, key or service account in it, so the blueprint grants them on the one resource
 * (a key ring, a bucket, a service account) instead.
 */
const PROJECT_WIDE_ADMIN = /^roles\/[A-Za-z]+\.(?:admin|[A-Za-z]*Admin)$/;
const IMPERSONATION_ROLES = ["roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"];
const TYPES = ["project", "folder", "organization"].flatMap((level) => ["member", "binding", "policy"].map((shape) => `google_${level}_iam_${shape}`));

function to(members: readonly string[]): string {
  return members.length > 0 ? ` to ${members.join(", ")}` : "";
}

export const rule = resourceRule({
  control: "NO-PRIMITIVE-ROLES",
  cloud: "gcp",
  title: "No project, folder or organization grant of Owner, Editor, Viewer, a service's administrator role or service account impersonation",
  severity: "error",
  appliesTo: TYPES,
  mappings: { checkov: ["CKV_GCP_115", "CKV_GCP_116", "CKV_GCP_117"], nist80053: ["AC-6", "AC-6(1)", "AC-6(5)"] },
  rationale: "A basic role grants every service at once: Editor can read and change nearly all data and configuration, Viewer reads every bucket listing and log; one leaked credential holding it exposes the whole project or more.",
  fix: "Grant predefined or custom roles scoped to the job, on the resource they are for (roles/storage.objectCreator on one bucket, roles/cloudkms.admin on one ring, roles/iam.serviceAccountUser on one service account), as the blueprint's constructs do.",
  check(resource, context) {
    const grants = grantsOf(resource, context);
    const problems = context.problems();
    if (grants === UNKNOWN_VALUE) return problems.unknown("policy_data").outcome();
    for (const grant of grants) {
      if (grant.role === UNKNOWN_VALUE) problems.unknown("role");
      else if (PRIMITIVE_ROLES.includes(grant.role)) problems.error(`grants the basic role ${grant.role}${to(grant.members)}`);
      else if (PROJECT_WIDE_ADMIN.test(grant.role) || IMPERSONATION_ROLES.includes(grant.role)) {
        problems.error(`grants ${grant.role}${to(grant.members)} on the whole ${resource.type.split("_")[1]}: it reaches every resource of the service there; grant it on the one resource`);
      }
    }
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "a predefined role", stack: gcpStack({ google_project_iam_member: { m: { project: "acme-ai-prod", role: "roles/logging.viewer", member: "group:auditors@example.com" } } }) }],
    noncompliance: [
      { name: "project editor", stack: gcpStack({ google_project_iam_member: { m: { project: "acme-ai-prod", role: "roles/editor", member: "serviceAccount:ci@acme.iam.gserviceaccount.com" } } }), expect: "grants the basic role roles/editor to serviceAccount:ci@acme.iam.gserviceaccount.com" },
      { name: "storage admin on the whole project", stack: gcpStack({ google_project_iam_member: { m: { project: "acme-ai-prod", role: "roles/storage.admin", member: "group:ml@example.com" } } }), expect: "grants roles/storage.admin to group:ml@example.com on the whole project" },
      { name: "project IAM admin", stack: gcpStack({ google_project_iam_binding: { b: { project: "acme-ai-prod", role: "roles/resourcemanager.projectIamAdmin", members: ["user:a@example.com"] } } }), expect: "roles/resourcemanager.projectIamAdmin" },
      { name: "impersonating every service account of a folder", stack: gcpStack({ google_folder_iam_member: { m: { folder: "folders/1", role: "roles/iam.serviceAccountTokenCreator", member: "group:ci@example.com" } } }), expect: "on the whole folder" },
      { name: "organization owner binding", stack: gcpStack({ google_organization_iam_binding: { b: { org_id: "1", role: "roles/owner", members: ["user:root@example.com"] } } }), expect: "roles/owner" },
      {
        name: "a plan with a folder viewer policy",
        plan: gcpPlan([{ type: "google_folder_iam_policy", name: "p", after: { folder: "folders/1", policy_data: JSON.stringify({ bindings: [{ role: "roles/viewer", members: ["group:all@example.com"] }] }) } }]),
        expect: "grants the basic role roles/viewer",
      },
    ],
  },
});
