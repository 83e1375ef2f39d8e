import { Json, allResources, synthApp } from "../helpers/synth";

/*
 * "Taggable" comes from the provider bindings themselves: a resource class with a `tags` (AWS,
 * Azure) or `labels` (GCP) attribute. A resource type added later is covered without editing
 * this test.
 */
const PACKAGES: Record<string, { pkg: string; prefix: string; attribute: string }> = {
  aws: { pkg: "@cdktf/provider-aws", prefix: "aws_", attribute: "tags" },
  google: { pkg: "@cdktf/provider-google", prefix: "google_", attribute: "labels" },
  azurerm: { pkg: "@cdktf/provider-azurerm", prefix: "azurerm_", attribute: "tags" },
  // time_sleep and time_offset have no tags: covered, and found not taggable.
  time: { pkg: "@cdktf/provider-time", prefix: "time_", attribute: "tags" },
  // Helm releases and Kubernetes objects live in the cluster, not the cloud's billing: no tags
  // attribute (Kubernetes objects carry the managed-by label in their metadata instead).
  helm: { pkg: "@cdktf/provider-helm", prefix: "helm_", attribute: "tags" },
  kubernetes: { pkg: "@cdktf/provider-kubernetes", prefix: "kubernetes_", attribute: "tags" },
};

function isTaggable(resourceType: string): boolean {
  const provider = Object.values(PACKAGES).find((p) => resourceType.startsWith(p.prefix))!;
  const base = `${provider.pkg}/lib/${resourceType.slice(provider.prefix.length).replace(/_/g, "-")}`;
  // Bindings whose name is a reserved word get a "-resource" suffix (time_static: lib/static-resource).
  const modulePath = [base, `${base}-resource`].find((p) => {
    try {
      return require.resolve(p) !== "";
    } catch {
      return false;
    }
  })!;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(modulePath) as Record<string, unknown>;
  const cls = Object.values(exports).find(
    (e): e is { tfResourceType: string; prototype: object } => typeof e === "function" && (e as { tfResourceType?: string }).tfResourceType === resourceType,
  );
  if (!cls) throw new Error(`no binding found for ${resourceType}`);
  return provider.attribute in cls.prototype;
}

const stacks = new Map([...synthApp("tags")].map(([name, json]) => [name, JSON.parse(json) as Json]));

function expectedTags(stackName: string): Record<string, string> {
  const shared = stackName.startsWith("state-backend-") || stackName === "cost-allocation-aws";
  // ci-<cloud>-<env> carries its environment's tags.
  const environment = shared ? "shared" : stackName.startsWith("ci-") ? stackName.split("-")[2]! : stackName.split("-")[1]!;
  return {
    owner: "ml-platform",
    "cost-center": "CC-4021",
    environment,
    "data-classification": environment === "dev" || stackName === "cost-allocation-aws" ? "internal" : "confidential",
    "managed-by": "ai-supply-chain-blueprint",
  };
}

const providersOf = (name: string): Record<string, Json[]> => (stacks.get(name)?.["provider"] ?? {}) as Record<string, Json[]>;

/** The stacks with each provider that carries default tags: written out, so a provider that goes missing fails. */
const AWS_STACKS = ["aws-dev", "aws-prod", "ci-aws-dev", "ci-aws-prod", "cost-allocation-aws", "state-backend-aws"];
const GCP_STACKS = ["ci-gcp-dev", "ci-gcp-prod", "gcp-dev", "gcp-prod", "state-backend-gcp"];

test("#3 exactly these stacks configure the AWS and the GCP provider", () => {
  expect([...stacks.keys()].filter((n) => providersOf(n)["aws"])).toEqual(AWS_STACKS);
  expect([...stacks.keys()].filter((n) => providersOf(n)["google"])).toEqual(GCP_STACKS);
});

test.each(AWS_STACKS)("%s: AWS provider default_tags carry the five tags", (name) => {
  expect(providersOf(name)["aws"]![0]!["default_tags"]).toEqual([{ tags: expectedTags(name) }]);
});

test.each(GCP_STACKS)("%s: GCP provider default_labels carry the five tags, normalised", (name) => {
  const labels = providersOf(name)["google"]![0]!["default_labels"] as Record<string, string>;
  expect(Object.keys(labels).sort()).toEqual(["cost-center", "data-classification", "environment", "managed-by", "owner"]);
  expect(labels["cost-center"]).toBe("cc-4021");
  for (const value of Object.values(labels)) expect(value).toMatch(/^[a-z0-9_-]{0,63}$/);
});

describe.each([...stacks.keys()])("tags in %s", (name) => {
  const stack = stacks.get(name)!;
  const expected = expectedTags(name);

  test("the binding lookup finds real taggable and untaggable types", () => {
    expect(isTaggable("aws_kms_key")).toBe(true);
    expect(isTaggable("aws_kms_alias")).toBe(false);
    expect(isTaggable("azurerm_role_assignment")).toBe(false);
    expect(isTaggable("google_kms_key_ring")).toBe(false);
  });

  test("every taggable resource carries the five tags (explicitly on Azure, never overridden elsewhere)", () => {
    const taggable = allResources(stack).filter(([type]) => isTaggable(type));
    // Tag activations are not taggable themselves, nor are workload identity pools, service
    // accounts, project services and IAM members (all of ci-gcp-*); every other stack has taggable resources.
    if (name === "cost-allocation-aws" || name.startsWith("ci-gcp-")) expect(taggable).toEqual([]);
    else expect(taggable.length).toBeGreaterThan(0);
    for (const [type, id, body] of taggable) {
      const own = (body["tags"] ?? body["labels"] ?? {}) as Record<string, string>;
      const where = `${type}.${id}`;
      if (type.startsWith("azurerm_")) {
        expect({ where, tags: own }).toEqual({ where, tags: expect.objectContaining(expected) });
      } else {
        for (const key of ["owner", "cost-center", "environment", "data-classification", "managed-by"]) expect({ where, key, overridden: key in own }).toEqual({ where, key, overridden: false });
      }
    }
  });
});
