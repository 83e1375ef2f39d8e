import { Resource, isExpression, isUnknown, valuesAt } from "../../model";
import { RuleContext, UNKNOWN_VALUE, resourceRule, valueOf } from "../../rule";
import { gcpPlan, gcpStack } from "../../support/gcp-cases";
import { purposeOf } from "../../support/gcp-resources";

/** The `purpose` label of a registry bucket (constructs/gcp/model-registry.ts). */
const REGISTRY_PURPOSE = "model-registry";
/** The condition title of the promotion gate's one writer binding on `approved/`. */
const GATE_TITLE = "gate-writes-approved";
/**
 * Bucket-level roles that cannot create, overwrite or delete an object (Cloud Storage "IAM
 * roles for Cloud Storage": objectViewer = objects.get + list, legacyObjectReader = objects.get,
 * legacyBucketReader = buckets.get + objects.list, bucketViewer = buckets.get + list). Every
 * other role, custom roles included, is treated as writing.
 */
const READ_ONLY_ROLES: readonly string[] = ["roles/storage.objectViewer", "roles/storage.legacyObjectReader", "roles/storage.legacyBucketReader", "roles/storage.bucketViewer"];
/** `resource.name.startsWith("projects/_/buckets/<bucket>/objects/<prefix>")`, the object-name condition of "IAM Conditions for Cloud Storage". */
const STARTS_WITH = /resource\.name\.startsWith\(\s*"projects\/_\/buckets\/([^"]+?)\/objects\/([^"]*)"\s*\)/g;

const TYPES = ["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding", "google_storage_bucket_iam_policy"];

/** The registry bucket `grant` is on: by reference (synth) or by literal name (plan); undefined when it is not a registry's. */
function registryBucketOf(grant: Resource, context: RuleContext): Resource | undefined {
  const referenced = context.referenced(grant, "bucket").filter((r) => r.type === "google_storage_bucket");
  if (referenced.length > 0) return referenced.find((b) => purposeOf(b) === REGISTRY_PURPOSE);
  const name = valueOf(grant, "bucket");
  if (typeof name !== "string") return undefined;
  const byName = context.memo("approved-models-are-gate-only/registries", () => {
    const map = new Map<string, Resource>();
    for (const b of context.resourcesOf("google_storage_bucket")) {
      const n = valueOf(b, "name");
      if (typeof n === "string" && purposeOf(b) === REGISTRY_PURPOSE) map.set(n, b);
    }
    return map;
  });
  return byName.get(name);
}

function membersOf(grant: Resource): string {
  const members = [...valuesAt(grant.attributes, "member"), ...valuesAt(grant.attributes, "members")].filter((m): m is string => typeof m === "string");
  return members.length > 0 ? members.join(", ") : "its members";
}

/** Distinct members holding the gate's binding on `bucket`. */
function gateMembers(bucket: Resource, context: RuleContext): Set<string> {
  const all = context.memo("approved-models-are-gate-only/gates", () => {
    const byBucket = new Map<string, Set<string>>();
    for (const g of context.resourcesOf("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding")) {
      if (valuesAt(g.attributes, "condition.title")[0] !== GATE_TITLE) continue;
      const b = registryBucketOf(g, context);
      if (!b) continue;
      const set = byBucket.get(b.baseAddress) ?? new Set<string>();
      for (const m of [...valuesAt(g.attributes, "member"), ...valuesAt(g.attributes, "members")]) set.add(String(m));
      byBucket.set(b.baseAddress, set);
    }
    return byBucket;
  });
  return all.get(bucket.baseAddress) ?? new Set();
}

/**
 * A registry bucket must let the gate lock what it approves: Object Retention Lock can only be
 * enabled when the bucket is created, never later ("Enable and use object retention
 * configurations", cloud.google.com/storage/docs/using-object-lock).
 */
function checkRegistryBucket(bucket: Resource, context: RuleContext) {
  if (purposeOf(bucket) !== REGISTRY_PURPOSE) return { status: "not-applicable" as const, reason: "not a model registry bucket" };
  const problems = context.problems();
  const enabled = valueOf(bucket, "enable_object_retention");
  if (enabled === UNKNOWN_VALUE) problems.unknown("enable_object_retention");
  else if (enabled !== true) problems.error(`enable_object_retention is ${JSON.stringify(enabled ?? "absent")}: the gate cannot lock approved copies, and it can only be turned on by recreating the bucket`);
  return problems.outcome();
}

/**
 * A registry's `approved/` is what production deploys: an upload there that the promotion gate
 * did not make (verify the signature and lineage, then copy and lock) would be served as an
 * approved model. GCS has no bucket policy, so the only guard is the bucket's IAM: every binding
 * whose role can write must be conditioned on the object name under `incoming/`, except the
 * gate's one binding (condition title `gate-writes-approved`) on `approved/`. Conditions are
 * checked as conjunctions only (`&&`): `||` or `!` could widen a prefix condition, so an
 * expression with either is refused. Project-wide storage roles are NO-PRIMITIVE-ROLES-GCP's.
 */
export const rule = resourceRule({
  control: "MODEL-APPROVAL-GATED",
  cloud: "gcp",
  title: "Only the promotion gate can write approved models: registry bucket writers are conditioned to incoming/, and the bucket lets the gate lock what it approves",
  severity: "error",
  appliesTo: ["google_storage_bucket", ...TYPES],
  mappings: { nist80053: ["AC-3", "AC-6", "CM-5", "SI-7"] },
  rationale: "A writer on approved/ can put an unverified or swapped model where serving reads it, bypassing signature and lineage checks: the supply chain's single gate becomes optional.",
  fix: "Create registry buckets with ModelRegistry (enable_object_retention = true); grant writers through ModelRegistry.grantPublish (roles/storage.objectCreator with a resource.name.startsWith(.../objects/incoming/) condition); only gateMember gets the approved/ binding; use google_storage_bucket_iam_member, never an authoritative policy.",
  check(grant, context) {
    if (grant.type === "google_storage_bucket") return checkRegistryBucket(grant, context);
    const bucket = registryBucketOf(grant, context);
    if (!bucket) return { status: "not-applicable", reason: "not a grant on a model registry bucket" };
    const problems = context.problems();
    if (grant.type === "google_storage_bucket_iam_policy") {
      return problems.error("an authoritative google_storage_bucket_iam_policy on a registry bucket replaces the prefix-conditioned bindings and cannot be checked: use google_storage_bucket_iam_member").outcome();
    }
    const role = valuesAt(grant.attributes, "role")[0];
    if (isUnknown(role) || isExpression(role)) return problems.unknown("role").outcome();
    if (typeof role === "string" && READ_ONLY_ROLES.includes(role)) return problems.outcome();
    const who = `${String(role)} to ${membersOf(grant)}`;
    const expression = valuesAt(grant.attributes, "condition.expression")[0];
    if (expression === undefined || expression === null || expression === "") {
      return problems.error(`grants ${who} on the whole bucket: it can create, overwrite or delete under approved/`).outcome();
    }
    if (isUnknown(expression)) return problems.unknown("condition.expression").outcome();
    const text = String(expression);
    if (/\|\||!/.test(text)) return problems.error(`grants ${who} with a condition using || or !, which may widen it beyond incoming/: only && of prefix conditions is accepted`).outcome();
    const bucketName = valuesAt(grant.attributes, "bucket")[0];
    const prefixes = [...text.matchAll(STARTS_WITH)].map((m) => ({ bucket: m[1]!, prefix: m[2]! }));
    if (prefixes.length === 0) return problems.error(`grants ${who} with a condition that names no object prefix (resource.name.startsWith("projects/_/buckets/<bucket>/objects/incoming/"))`).outcome();
    if (prefixes.some((p) => typeof bucketName === "string" && p.bucket !== bucketName)) {
      return problems.error(`grants ${who} with a condition naming another bucket than ${String(bucketName)}`).outcome();
    }
    if (prefixes.some((p) => p.prefix.startsWith("incoming/"))) return problems.outcome();
    if (prefixes.some((p) => p.prefix.startsWith("approved/")) && valuesAt(grant.attributes, "condition.title")[0] === GATE_TITLE) {
      const gates = gateMembers(bucket, context);
      if (gates.size > 1) problems.error(`${gates.size} members hold the gate's binding on approved/ (${[...gates].sort().join(", ")}): only the promotion gate may`);
      return problems.outcome();
    }
    return problems.error(`grants ${who} on ${prefixes.map((p) => JSON.stringify(p.prefix)).join(", ")}: writers must be limited to incoming/ (only the gate's "${GATE_TITLE}" binding writes approved/)`).outcome();
  },
  tests: (() => {
    const registry = { reg: { name: "acme-ai-prod-models-fraud-scoring-b56e41", enable_object_retention: true, labels: { purpose: "model-registry", registry: "fraud-scoring" } } };
    const ref = "${google_storage_bucket.reg.name}";
    const onPrefix = (prefix: string, title: string) => ({ title, expression: `resource.name.startsWith("projects/_/buckets/${ref}/objects/${prefix}")` });
    const member = (role: string, m: string, condition?: Record<string, string>) => ({ bucket: ref, role, member: m, ...(condition ? { condition } : {}) });
    const publisher = "serviceAccount:pub@acme-ai-prod.iam.gserviceaccount.com";
    const gate = "serviceAccount:gate@acme-ai-prod.iam.gserviceaccount.com";
    return {
      compliance: [
        { name: "a publisher conditioned to incoming/", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_member: { p: member("roles/storage.objectCreator", publisher, onPrefix("incoming/", "publish-incoming")) } }) },
        { name: "a publisher conditioned to one model's incoming/", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_member: { p: member("roles/storage.objectCreator", publisher, onPrefix("incoming/fraud-model/", "publish-incoming-fraud-model")) } }) },
        { name: "a reader on approved/", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_member: { r: member("roles/storage.objectViewer", "group:serving@example.com", onPrefix("approved/", "read-approved")) } }) },
        { name: "the gate's one binding on approved/", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_member: { g: member("roles/storage.objectCreator", gate, onPrefix("approved/", GATE_TITLE)) } }) },
        {
          name: "a plan with literal names",
          plan: gcpPlan([
            { type: "google_storage_bucket", name: "reg", after: { name: "models-b", enable_object_retention: true, labels: { purpose: "model-registry" } } },
            { type: "google_storage_bucket_iam_member", name: "p", after: { bucket: "models-b", role: "roles/storage.objectCreator", member: publisher, condition: [{ title: "publish-incoming", expression: 'resource.name.startsWith("projects/_/buckets/models-b/objects/incoming/")' }] } },
          ]),
        },
      ],
      noncompliance: [
        { name: "a registry bucket without object retention", stack: gcpStack({ google_storage_bucket: { reg: { name: "models-b", labels: { purpose: "model-registry" } } } }), expect: 'enable_object_retention is "absent"' },
        { name: "an unconditioned writer", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_member: { p: member("roles/storage.objectCreator", publisher) } }), expect: `grants roles/storage.objectCreator to ${publisher} on the whole bucket` },
        { name: "a writer on approved/ that is not the gate's binding", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_member: { p: member("roles/storage.objectAdmin", publisher, onPrefix("approved/", "publish-approved")) } }), expect: 'on "approved/": writers must be limited to incoming/' },
        {
          name: "a condition widened with ||",
          stack: gcpStack({
            google_storage_bucket: registry,
            google_storage_bucket_iam_member: { p: member("roles/storage.objectCreator", publisher, { title: "publish-incoming", expression: `resource.name.startsWith("projects/_/buckets/${ref}/objects/incoming/") || true` }) },
          }),
          expect: "with a condition using || or !",
        },
        { name: "a condition on another bucket's objects", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_member: { p: member("roles/storage.objectCreator", publisher, { title: "t", expression: 'resource.name.startsWith("projects/_/buckets/other/objects/incoming/")' }) } }), expect: "naming another bucket" },
        { name: "a condition without an object prefix", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_member: { p: member("roles/storage.objectCreator", publisher, { title: "t", expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' }) } }), expect: "names no object prefix" },
        {
          name: "two members holding the gate's binding",
          stack: gcpStack({
            google_storage_bucket: registry,
            google_storage_bucket_iam_member: { g1: member("roles/storage.objectCreator", gate, onPrefix("approved/", GATE_TITLE)), g2: member("roles/storage.objectCreator", publisher, onPrefix("approved/", GATE_TITLE)) },
          }),
          expect: "2 members hold the gate's binding on approved/",
        },
        { name: "a custom role is treated as writing", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_binding: { b: { bucket: ref, role: "projects/acme-ai-prod/roles/modelWriter", members: [publisher] } } }), expect: "on the whole bucket" },
        { name: "an authoritative policy on a registry bucket", stack: gcpStack({ google_storage_bucket: registry, google_storage_bucket_iam_policy: { p: { bucket: ref, policy_data: "${data.google_iam_policy.p.policy_data}" } } }), expect: "authoritative google_storage_bucket_iam_policy" },
        {
          name: "a plan granting the whole bucket by literal name",
          plan: gcpPlan([
            { type: "google_storage_bucket", name: "reg", after: { name: "models-b", labels: { purpose: "model-registry" } } },
            { type: "google_storage_bucket_iam_member", name: "p", after: { bucket: "models-b", role: "roles/storage.objectUser", member: publisher } },
          ]),
          expect: "grants roles/storage.objectUser",
        },
      ],
    };
  })(),
});
