import { BlueprintConfig } from "../../../config/schema";
import { Json, defaultConfig, resourcesOf, synthApp } from "../../helpers/synth";

/*
 * The module's signing key, image registry and model package groups, as the default
 * configuration synthesizes them (aws-prod: registries fraud-scoring and llm-adapters).
 */
const PUBLISHERS = ["arn:aws:iam::222222222222:role/fraud-scoring-publisher", "arn:aws:iam::222222222222:role/llm-adapters-publisher"];
const READERS = ["arn:aws:iam::222222222222:role/fraud-scoring-serving", "arn:aws:iam::222222222222:role/llm-serving"];

let prod: Json;
let devWithout: Json;

beforeAll(() => {
  // The configured publishers only: the CI publisher roles' grants are test/stacks/ci-publishers.test.ts's.
  const withoutCi = defaultConfig();
  delete (withoutCi as { ci?: unknown }).ci;
  prod = JSON.parse(synthApp("aws-images", withoutCi).get("aws-prod")!) as Json;
  const config = structuredClone(defaultConfig()) as BlueprintConfig & { clouds: { aws: { environments: Record<string, { registries: unknown[]; gitops?: unknown }> } } };
  config.clouds.aws.environments["dev"]!.registries = [];
  // The GitOps bootstrap needs the signing key the registries bring (GITOPS_REGISTRIES_REQUIRED).
  delete config.clouds.aws.environments["dev"]!.gitops;
  devWithout = JSON.parse(synthApp("aws-images-none", config).get("aws-dev")!) as Json;
});

function policyOf(body: Json, attribute = "policy"): { Statement: Array<Record<string, unknown>> } {
  return JSON.parse(body[attribute] as string) as { Statement: Array<Record<string, unknown>> };
}

describe("AiSupplyChainAws signing key, images and model catalogue", () => {
  test("one signing key whose publishers are the union of the registries' publishers", () => {
    // Two SIGN_VERIFY keys: the model-signing key and the gate attestation key.
    const asymmetric = Object.values(resourcesOf(prod, "aws_kms_key")).filter((k) => k["key_usage"] === "SIGN_VERIFY");
    expect(asymmetric.map((k) => k["tags"])).toEqual([{ purpose: "gate-attestation" }, { purpose: "signing" }]);
    const signing = asymmetric.filter((k) => (k["tags"] as Record<string, string>)["purpose"] === "signing");
    expect(signing.map((k) => k["customer_master_key_spec"])).toEqual(["ECC_NIST_P256"]);
    const deny = policyOf(signing[0]!).Statement.find((s) => s["Sid"] === "DenySignExceptPublishers");
    expect(deny!["Condition"]).toEqual({ ArnNotEquals: { "aws:PrincipalArn": PUBLISHERS } });
    expect(Object.values(resourcesOf(prod, "aws_kms_alias")).map((a) => a["name"])).toContain("alias/acme-ai-prod-signing");
  });

  test("one ECR repository for the environment, pulled by every reader and publisher, pushed by publishers only", () => {
    expect(Object.values(resourcesOf(prod, "aws_ecr_repository")).map((r) => r["name"])).toEqual(["acme-ai-prod/model-serving"]);
    const [policy] = Object.values(resourcesOf(prod, "aws_ecr_repository_policy"));
    const statements = policyOf(policy!).Statement;
    expect(statements.find((s) => s["Sid"] === "ReadersPull")!["Principal"]).toEqual({ AWS: [...READERS, ...PUBLISHERS] });
    expect(statements.find((s) => s["Sid"] === "PublishersPush")!["Principal"]).toEqual({ AWS: PUBLISHERS });
    expect(Object.values(resourcesOf(prod, "aws_ecr_repository"))[0]!["encryption_configuration"]).toEqual([
      { encryption_type: "KMS", kms_key: expect.stringMatching(/^\$\{aws_kms_key\.supply-chain_keys_registry_[A-Z0-9]+\.arn\}$/) },
    ]);
    expect(Object.values(resourcesOf(prod, "aws_ecr_registry_scanning_configuration")).map((c) => c["rule"])).toEqual([
      [{ scan_frequency: "CONTINUOUS_SCAN", repository_filter: [{ filter: "acme-ai-prod/*", filter_type: "WILDCARD" }] }],
    ]);
  });

  test("one model package group per registry, each limited to that registry's principals", () => {
    const groups = Object.values(resourcesOf(prod, "aws_sagemaker_model_package_group")).map((g) => g["model_package_group_name"]);
    expect(groups).toEqual(["acme-ai-prod-fraud-scoring", "acme-ai-prod-llm-adapters"]);
    const policies = Object.values(resourcesOf(prod, "aws_sagemaker_model_package_group_policy")).map((p) => policyOf(p, "resource_policy").Statement[0]!["Principal"]);
    expect(policies).toEqual([{ AWS: [READERS[0], PUBLISHERS[0]] }, { AWS: [READERS[1], PUBLISHERS[1]] }]);
  });

  test("outputs the signing key, its public key, the image registry and each group, with descriptions", () => {
    const outputs = prod["output"] as Record<string, { value: string; description: string }>;
    expect(outputs["signing-key"]!.value).toMatch(/^\$\{aws_kms_key\.supply-chain_signing-key_[A-Z0-9]+\.arn\}$/);
    expect(outputs["signing-public-key"]!.value).toMatch(/^\$\{data\.aws_kms_public_key\.supply-chain_signing-key_PublicKey_[A-Z0-9]+\.public_key_pem\}$/);
    expect(outputs["image-registry"]!.value).toMatch(/^\$\{aws_ecr_repository\.supply-chain_image-registry_[A-Z0-9]+\.repository_url\}$/);
    expect(outputs["registry-fraud-scoring-model-package-group"]!.value).toMatch(/^\$\{aws_sagemaker_model_package_group\.supply-chain_model-package-groups_fraud-scoring_[A-Z0-9]+\.arn\}$/);
    expect(outputs["registry-llm-adapters-model-package-group"]!.value).toMatch(/\.arn\}$/);
    for (const id of ["signing-key", "signing-public-key", "image-registry", "registry-fraud-scoring-model-package-group"]) expect(outputs[id]!.description.length).toBeGreaterThan(20);
  });

  test("an environment without registries has no signing key, image repository or model package group", () => {
    expect(Object.values(resourcesOf(devWithout, "aws_kms_key")).filter((k) => k["key_usage"] === "SIGN_VERIFY")).toEqual([]);
    expect(resourcesOf(devWithout, "aws_ecr_repository")).toEqual({});
    expect(resourcesOf(devWithout, "aws_ecr_registry_scanning_configuration")).toEqual({});
    expect(resourcesOf(devWithout, "aws_sagemaker_model_package_group")).toEqual({});
    expect(Object.keys((devWithout["output"] ?? {}) as Json).filter((id) => /signing|image-registry|model-package-group/.test(id))).toEqual([]);
  });
});
