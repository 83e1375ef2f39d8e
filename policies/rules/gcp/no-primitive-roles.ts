import { resourceRule, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { grantsOf } from "../../support/gcp-iam";

/**
 * The basic roles Owner, Editor and Viewer span every service of the project, folder or
 * organization, thousands of permissions, and predate IAM's predefined roles
 * (cloud.google.com/iam/docs/roles-overview#basic).
 */
const PRIMITIVE_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];
const TYPES = ["project", "folder", "organization"].flatMap((level) => ["member", "binding", "policy"].map((shape) => `google_${level}_iam_${shape}`));

export const rule = resourceRule({
  control: "NO-PRIMITIVE-ROLES",
  cloud: "gcp",
  title: "No project, folder or organization grant of Owner, Editor or Viewer",
  severity: "error",
  appliesTo: TYPES,
  mappings: { checkov: ["CKV_GCP_115", "CKV_GCP_116", "CKV_GCP_117"], nist80053: ["AC-6", "AC-6(1)", "AC-6(5)"] },
  rationale: "A basic role grants every service at once: Editor can read and change nearly all data and configuration, Viewer reads every bucket listing and log; one leaked credential holding it exposes the whole project or more.",
  fix: "Grant predefined or custom roles scoped to the job (roles/storage.objectCreator on one bucket, roles/cloudkms.admin on one ring), as the blueprint's constructs do.",
  check(resource, context) {
    const grants = grantsOf(resource, context);
    const problems = context.problems();
    if (grants === UNKNOWN_VALUE) return problems.unknown("policy_data").outcome();
    for (const grant of grants) {
      if (grant.role === UNKNOWN_VALUE) problems.unknown("role");
      else if (PRIMITIVE_ROLES.includes(grant.role)) problems.error(`grants the basic role ${grant.role}${grant.members.length > 0 ? ` to ${grant.members.join(", ")}` : ""}`);
    }
    return problems.outcome();
  },
  tests: {
    compliance: [{ name: "a predefined role", stack: gcpStack({ google_project_iam_member: { m: { project: "acme-ai-prod", role: "roles/logging.viewer", member: "group:auditors@example.com" } } }) }],
    noncompliance: [
      { name: "project editor", stack: gcpStack({ google_project_iam_member: { m: { project: "acme-ai-prod", role: "roles/editor", member: "serviceAccount:ci@acme.iam.gserviceaccount.com" } } }), expect: "grants the basic role roles/editor to serviceAccount:ci@acme.iam.gserviceaccount.com" },
      { name: "organization owner binding", stack: gcpStack({ google_organization_iam_binding: { b: { org_id: "1", role: "roles/owner", members: ["user:root@example.com"] } } }), expect: "roles/owner" },
      {
        name: "a plan with a folder viewer policy",
        plan: gcpPlan([{ type: "google_folder_iam_policy", name: "p", after: { folder: "folders/1", policy_data: JSON.stringify({ bindings: [{ role: "roles/viewer", members: ["group:all@example.com"] }] }) } }]),
        expect: "grants the basic role roles/viewer",
      },
    ],
  },
});
