import { Resource, isExpression, valuesAt } from "../../model";
import { RuleContext, resourceRule, UNKNOWN_VALUE } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { IamGrant, grantsOf } from "../../support/gcp-iam";

/**
 * CIS GCP Foundations 1.11: nobody holds Cloud KMS Admin together with a key-use role. The
 * admin role carries no use permission (cloud.google.com/iam/docs/roles-permissions/cloudkms),
 * so separation holds unless the same member is also granted use, on the same ring, one of its
 * keys, or the whole project (project grants reach every ring in it).
 */
const ADMIN_ROLE = "roles/cloudkms.admin";
const USE_ROLES: readonly string[] = [
  "roles/cloudkms.cryptoKeyEncrypterDecrypter",
  "roles/cloudkms.cryptoKeyEncrypter",
  "roles/cloudkms.cryptoKeyDecrypter",
  "roles/cloudkms.cryptoKeyEncrypterDecrypterViaDelegation",
  "roles/cloudkms.cryptoKeyEncrypterViaDelegation",
  "roles/cloudkms.cryptoKeyDecrypterViaDelegation",
  "roles/cloudkms.signer",
  "roles/cloudkms.signerVerifier",
  // Every cryptographic operation: encrypt, decrypt, sign, MAC.
  "roles/cloudkms.cryptoOperator",
];

const RING_TYPES = ["google_kms_key_ring_iam_member", "google_kms_key_ring_iam_binding", "google_kms_key_ring_iam_policy"];
const KEY_TYPES = ["google_kms_crypto_key_iam_member", "google_kms_crypto_key_iam_binding", "google_kms_crypto_key_iam_policy"];
const PROJECT_TYPES = ["google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy"];

/** Where a grant applies: the project, one ring, or one key (with its ring where known). */
type Scope = { readonly kind: "project" } | { readonly kind: "ring"; readonly ring: string } | { readonly kind: "key"; readonly key: string; readonly ring?: string };

/** A referenced resource's base address, else the literal (`projects/p/locations/l/keyRings/r`). */
function target(resource: Resource, path: string, context: RuleContext, type: string): string | undefined {
  const referenced = context.referenced(resource, path).find((r) => r.type === type);
  if (referenced) return referenced.baseAddress;
  const value = valuesAt(resource.attributes, path)[0];
  return typeof value === "string" && !isExpression(value) ? value : undefined;
}

function scopeOf(resource: Resource, context: RuleContext): Scope | undefined {
  if (PROJECT_TYPES.includes(resource.type)) return { kind: "project" };
  if (RING_TYPES.includes(resource.type)) {
    const ring = target(resource, "key_ring_id", context, "google_kms_key_ring");
    return ring === undefined ? undefined : { kind: "ring", ring };
  }
  const key = target(resource, "crypto_key_id", context, "google_kms_crypto_key");
  if (key === undefined) return undefined;
  const keyResource = context.referenced(resource, "crypto_key_id").find((r) => r.type === "google_kms_crypto_key");
  const ring = keyResource ? target(keyResource, "key_ring", context, "google_kms_key_ring") : /^(.*)\/cryptoKeys\/[^/]+$/.exec(key)?.[1];
  return ring === undefined ? { kind: "key", key } : { kind: "key", key, ring };
}

function overlaps(a: Scope, b: Scope): boolean {
  if (a.kind === "project" || b.kind === "project") return true;
  if (a.kind === "ring" && b.kind === "ring") return a.ring === b.ring;
  if (a.kind === "key" && b.kind === "key") return a.key === b.key;
  const [ring, key] = a.kind === "ring" ? [a, b as Extract<Scope, { kind: "key" }>] : [b as Extract<Scope, { kind: "ring" }>, a];
  return key.ring === ring.ring;
}

function knownGrants(resource: Resource, context: RuleContext): readonly IamGrant[] {
  const grants = grantsOf(resource, context);
  return grants === UNKNOWN_VALUE ? [] : grants;
}

export const rule = resourceRule({
  control: "KEY-ADMIN-SEPARATED",
  cloud: "gcp",
  title: "Cloud KMS administrators hold no key-use role on the keys they administer",
  severity: "error",
  appliesTo: [...RING_TYPES, ...KEY_TYPES, ...PROJECT_TYPES],
  mappings: { cis: ["GCP Foundations 2.0 1.11"], nist80053: ["AC-5", "AC-6", "SC-12"] },
  rationale: "Whoever can both manage a key and use it can decrypt everything it protects and then erase the trail (disable, destroy, re-grant); separating the two means a single compromised identity cannot do both.",
  fix: "Grant roles/cloudkms.admin only to administrators (KeyRing's adminMembers, clouds.gcp.keyAdminMembers) and key use only to service identities, per key (grantStorageAgentKeyAccess); never both to one member.",
  check(resource, context) {
    const grants = grantsOf(resource, context);
    if (grants === UNKNOWN_VALUE) return context.problems().unknown("policy_data").outcome();
    const admins = grants.filter((g) => g.role === ADMIN_ROLE).flatMap((g) => g.members);
    if (admins.length === 0) return { status: "not-applicable", reason: `grants no ${ADMIN_ROLE}` };
    const scope = scopeOf(resource, context);
    const problems = context.problems();
    if (scope === undefined) return problems.unknown(RING_TYPES.includes(resource.type) ? "key_ring_id" : "crypto_key_id").outcome();
    // Key-use grants of the stack by member, built once per stack.
    const useGrants = context.memo("gcp:key-admin-separated:use-grants", () => {
      const byMember = new Map<string, Array<{ other: Resource; role: string; scope: Scope }>>();
      for (const other of context.resourcesOf(...RING_TYPES, ...KEY_TYPES, ...PROJECT_TYPES)) {
        const otherScope = scopeOf(other, context);
        if (otherScope === undefined) continue;
        for (const grant of knownGrants(other, context)) {
          if (typeof grant.role !== "string" || !USE_ROLES.includes(grant.role)) continue;
          for (const member of grant.members) (byMember.get(member) ?? byMember.set(member, []).get(member)!).push({ other, role: grant.role, scope: otherScope });
        }
      }
      return byMember;
    });
    const seen = new Set<string>();
    for (const member of admins) {
      if (seen.has(member)) continue;
      seen.add(member);
      for (const use of useGrants.get(member) ?? []) {
        if (overlaps(scope, use.scope)) problems.error(`${JSON.stringify(member)} holds ${ADMIN_ROLE} here and ${use.role} through ${use.other.address}`);
      }
    }
    return problems.outcome();
  },
  tests: {
    compliance: [
      {
        name: "ring administered by a group, key used by the storage agent",
        stack: gcpStack({
          google_kms_key_ring: { r: { name: "acme-ai-prod", location: "europe-west1" } },
          google_kms_crypto_key: { k: { name: "logs", key_ring: "${google_kms_key_ring.r.id}" } },
          google_kms_key_ring_iam_binding: { admins: { key_ring_id: "${google_kms_key_ring.r.id}", role: ADMIN_ROLE, members: ["group:kms-admins@example.com"] } },
          google_kms_crypto_key_iam_member: { use: { crypto_key_id: "${google_kms_crypto_key.k.id}", role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: "serviceAccount:${data.google_storage_project_service_account.a.email_address}" } },
        }),
      },
    ],
    noncompliance: [
      {
        name: "the ring's administrator also uses one of its keys",
        stack: gcpStack({
          google_kms_key_ring: { r: { name: "acme-ai-prod", location: "europe-west1" } },
          google_kms_crypto_key: { k: { name: "logs", key_ring: "${google_kms_key_ring.r.id}" } },
          google_kms_key_ring_iam_binding: { admins: { key_ring_id: "${google_kms_key_ring.r.id}", role: ADMIN_ROLE, members: ["group:kms-admins@example.com"] } },
          google_kms_crypto_key_iam_member: { use: { crypto_key_id: "${google_kms_crypto_key.k.id}", role: "roles/cloudkms.cryptoKeyDecrypter", member: "group:kms-admins@example.com" } },
        }),
        expect: '"group:kms-admins@example.com" holds roles/cloudkms.admin here and roles/cloudkms.cryptoKeyDecrypter through google_kms_crypto_key_iam_member.use',
      },
      {
        name: "a project-wide encrypter who administers a ring",
        stack: gcpStack({
          google_kms_key_ring: { r: { name: "acme-ai-prod", location: "europe-west1" } },
          google_kms_key_ring_iam_member: { admin: { key_ring_id: "${google_kms_key_ring.r.id}", role: ADMIN_ROLE, member: "user:alice@example.com" } },
          google_project_iam_member: { use: { project: "acme-ai-prod", role: "roles/cloudkms.cryptoKeyEncrypter", member: "user:alice@example.com" } },
        }),
        expect: "roles/cloudkms.cryptoKeyEncrypter through google_project_iam_member.use",
      },
      {
        name: "a plan granting admin and use on one key",
        plan: gcpPlan([
          { type: "google_kms_crypto_key", name: "k", after: { name: "logs" }, references: { key_ring: ["google_kms_key_ring.r.id", "google_kms_key_ring.r"] } },
          { type: "google_kms_crypto_key_iam_member", name: "admin", after: { role: ADMIN_ROLE, member: "user:bob@example.com" }, afterUnknown: { crypto_key_id: true }, references: { crypto_key_id: ["google_kms_crypto_key.k.id", "google_kms_crypto_key.k"] } },
          { type: "google_kms_crypto_key_iam_member", name: "use", after: { role: "roles/cloudkms.signer", member: "user:bob@example.com" }, afterUnknown: { crypto_key_id: true }, references: { crypto_key_id: ["google_kms_crypto_key.k.id", "google_kms_crypto_key.k"] } },
        ]),
        expect: "roles/cloudkms.signer through google_kms_crypto_key_iam_member.use",
      },
    ],
  },
});
