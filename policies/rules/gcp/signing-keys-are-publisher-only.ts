import { Resource } from "../../model";
import { Problems, RuleContext, resourceRule, valueOf, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { grantsOf } from "../../support/gcp-iam";

/**
 * Roles that carry `cloudkms.cryptoKeyVersions.useToSign` (cloud.google.com/iam/docs/roles-permissions/cloudkms):
 * Signer, Signer/Verifier and Crypto Operator (every cryptographic operation).
 */
const SIGNING_ROLES: readonly string[] = ["roles/cloudkms.signer", "roles/cloudkms.signerVerifier", "roles/cloudkms.cryptoOperator"];

const KEY_TYPES = ["google_kms_crypto_key_iam_member", "google_kms_crypto_key_iam_binding", "google_kms_crypto_key_iam_policy"];
const RING_TYPES = ["google_kms_key_ring_iam_member", "google_kms_key_ring_iam_binding", "google_kms_key_ring_iam_policy"];
const PROJECT_TYPES = ["google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy"];

/** A named workload or team: `serviceAccount:` or `group:` and an email address, as registries' publishers are. */
const NAMED_SIGNER = /^(serviceAccount|group):[^\s@:]+@[^\s@:]+\.[A-Za-z]{2,}$/;

/**
 * `serviceAccount:${google_service_account.<name>.email}`: a service account the same stack
 * creates, named by its resource. The address is known only at apply, but the account is one
 * named identity (its `account_id` is in the stack), exactly what a literal
 * `serviceAccount:<email>` says; a workload's own account (the promotion gate's) is granted this
 * way so Terraform creates the account before the grant.
 */
const STACK_SERVICE_ACCOUNT = /^serviceAccount:\$\{google_service_account\.([A-Za-z0-9_-]+)\.email\}$/;

function isStackServiceAccount(member: string, grant: Resource, context: RuleContext): boolean {
  const name = STACK_SERVICE_ACCOUNT.exec(member)?.[1];
  if (name === undefined) return false;
  return context.referenced(grant, "member").some((r) => r.type === "google_service_account" && r.name === name);
}

/** Every signing-role grant `grant` makes, with a problem for each member that is not a named signer. */
function checkKeyGrant(grant: Resource, context: RuleContext, problems: Problems): void {
  const grants = grantsOf(grant, context);
  if (grants === UNKNOWN_VALUE) {
    problems.unknown(`the policy of ${grant.address}`);
    return;
  }
  for (const g of grants) {
    if (g.role === UNKNOWN_VALUE) {
      problems.unknown(`the role of ${grant.address}`);
      continue;
    }
    if (!SIGNING_ROLES.includes(g.role)) continue;
    if (g.membersUnknown) problems.unknown(`the members of ${grant.address}`);
    for (const member of g.members) {
      if (!NAMED_SIGNER.test(member) && !isStackServiceAccount(member, grant, context)) problems.error(`${JSON.stringify(member)} holds ${g.role} through ${grant.address}: only named service accounts or groups may sign`);
    }
  }
}

/** Problems for each grant of a signing role at a scope wider than the key (its ring, the project). */
function checkWiderGrants(grants: readonly Resource[], where: string, context: RuleContext, problems: Problems): void {
  for (const grant of grants) {
    const made = grantsOf(grant, context);
    if (made === UNKNOWN_VALUE) continue;
    for (const g of made) {
      if (typeof g.role === "string" && SIGNING_ROLES.includes(g.role)) {
        problems.error(`${grant.address} grants ${g.role} on ${where}: it reaches this signing key and every other key there`);
      }
    }
  }
}

export const rule = resourceRule({
  control: "SIGNING-KEY-RESTRICTED",
  cloud: "gcp",
  title: "Cloud KMS signing keys grant signing only to named service accounts or groups, on the key itself",
  severity: "error",
  appliesTo: ["google_kms_crypto_key"],
  mappings: { nist80053: ["AC-6", "SC-12", "SI-7", "SR-4"] },
  rationale:
    "A model signature is worth only as much as the list of who can make one: a signing role granted to a person, a whole domain or the project (where it reaches every key) lets anyone in that set sign a poisoned model that the gate then admits as published.",
  fix: "Grant roles/cloudkms.signer per key with google_kms_crypto_key_iam_member to the registries' publishers (serviceAccount: or group:) only, as SigningKey does; never on the key ring or the project.",
  check(key, context) {
    const purpose = valueOf(key, "purpose");
    const problems = context.problems();
    if (purpose === UNKNOWN_VALUE) return problems.unknown("purpose").outcome();
    if (purpose !== "ASYMMETRIC_SIGN") return { status: "not-applicable", reason: `${typeof purpose === "string" ? purpose : "ENCRYPT_DECRYPT"} keys do not sign` };
    for (const type of KEY_TYPES) for (const grant of context.referencing(key, type, "crypto_key_id")) checkKeyGrant(grant, context, problems);
    for (const ring of context.referenced(key, "key_ring").filter((r) => r.type === "google_kms_key_ring")) {
      const ringGrants = RING_TYPES.flatMap((type) => context.referencing(ring, type, "key_ring_id"));
      checkWiderGrants(ringGrants, `the key ring ${ring.address}`, context, problems);
    }
    checkWiderGrants(context.resourcesOf(...PROJECT_TYPES), "the project", context, problems);
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "signing granted per key to a service account and a group",
        stack: gcpStack({
          google_kms_key_ring: { r: { name: "acme-ai-prod", location: "europe-west1" } },
          google_kms_crypto_key: { s: { name: "signing", key_ring: "${google_kms_key_ring.r.id}", purpose: "ASYMMETRIC_SIGN" } },
          google_kms_crypto_key_iam_member: {
            sa: { crypto_key_id: "${google_kms_crypto_key.s.id}", role: "roles/cloudkms.signer", member: "serviceAccount:publisher@acme-ai-prod.iam.gserviceaccount.com" },
            team: { crypto_key_id: "${google_kms_crypto_key.s.id}", role: "roles/cloudkms.signer", member: "group:llm-publishers@example.com" },
            anyone: { crypto_key_id: "${google_kms_crypto_key.s.id}", role: "roles/cloudkms.publicKeyViewer", member: "user:alice@example.com" },
          },
        }),
      },
      {
        name: "signing granted to a service account the stack creates, by reference",
        stack: gcpStack({
          google_service_account: { gate: { account_id: "gate-fraud-1a2b-run" } },
          google_kms_crypto_key: { s: { name: "gate-attestation", purpose: "ASYMMETRIC_SIGN" } },
          google_kms_crypto_key_iam_member: { g: { crypto_key_id: "${google_kms_crypto_key.s.id}", role: "roles/cloudkms.signer", member: "serviceAccount:${google_service_account.gate.email}" } },
        }),
      },
      {
        name: "a signing key nobody may sign with yet",
        stack: gcpStack({ google_kms_crypto_key: { s: { name: "signing", purpose: "ASYMMETRIC_SIGN" } } }),
      },
    ],
    noncompliance: [
      {
        name: "a person holds the signer role on the key",
        stack: gcpStack({
          google_kms_crypto_key: { s: { name: "signing", purpose: "ASYMMETRIC_SIGN" } },
          google_kms_crypto_key_iam_member: { alice: { crypto_key_id: "${google_kms_crypto_key.s.id}", role: "roles/cloudkms.signer", member: "user:alice@example.com" } },
        }),
        expect: '"user:alice@example.com" holds roles/cloudkms.signer through google_kms_crypto_key_iam_member.alice: only named service accounts or groups may sign',
      },
      {
        name: "a reference that is not a service account of the stack",
        stack: gcpStack({
          google_kms_crypto_key: { s: { name: "signing", purpose: "ASYMMETRIC_SIGN" } },
          google_kms_crypto_key_iam_member: { x: { crypto_key_id: "${google_kms_crypto_key.s.id}", role: "roles/cloudkms.signer", member: "serviceAccount:${google_service_account.elsewhere.email}" } },
        }),
        expect: '"serviceAccount:${google_service_account.elsewhere.email}" holds roles/cloudkms.signer through google_kms_crypto_key_iam_member.x',
      },
      {
        name: "a whole domain in an authoritative binding",
        stack: gcpStack({
          google_kms_crypto_key: { s: { name: "signing", purpose: "ASYMMETRIC_SIGN" } },
          google_kms_crypto_key_iam_binding: { b: { crypto_key_id: "${google_kms_crypto_key.s.id}", role: "roles/cloudkms.signerVerifier", members: ["serviceAccount:publisher@acme-ai-prod.iam.gserviceaccount.com", "domain:example.com"] } },
        }),
        expect: '"domain:example.com" holds roles/cloudkms.signerVerifier',
      },
      {
        name: "signing granted on the key ring",
        stack: gcpStack({
          google_kms_key_ring: { r: { name: "acme-ai-prod", location: "europe-west1" } },
          google_kms_crypto_key: { s: { name: "signing", key_ring: "${google_kms_key_ring.r.id}", purpose: "ASYMMETRIC_SIGN" } },
          google_kms_key_ring_iam_member: { ci: { key_ring_id: "${google_kms_key_ring.r.id}", role: "roles/cloudkms.signer", member: "serviceAccount:ci@acme-ai-prod.iam.gserviceaccount.com" } },
        }),
        expect: "google_kms_key_ring_iam_member.ci grants roles/cloudkms.signer on the key ring google_kms_key_ring.r",
      },
      {
        name: "crypto operator granted at project level",
        stack: gcpStack({
          google_kms_crypto_key: { s: { name: "signing", purpose: "ASYMMETRIC_SIGN" } },
          google_project_iam_member: { ops: { project: "acme-ai-prod", role: "roles/cloudkms.cryptoOperator", member: "group:ops@example.com" } },
        }),
        expect: "google_project_iam_member.ops grants roles/cloudkms.cryptoOperator on the project",
      },
      {
        name: "a plan whose signer member is decided at apply",
        plan: gcpPlan([
          { type: "google_kms_crypto_key", name: "s", after: { name: "signing", purpose: "ASYMMETRIC_SIGN" } },
          { type: "google_kms_crypto_key_iam_member", name: "m", after: { role: "roles/cloudkms.signer" }, afterUnknown: { crypto_key_id: true, member: true }, references: { crypto_key_id: ["google_kms_crypto_key.s.id", "google_kms_crypto_key.s"] } },
        ]),
        expect: "the members of google_kms_crypto_key_iam_member.m",
        severity: "warning",
      },
    ],
  },
});
