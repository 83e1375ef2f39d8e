import { Testing } from "cdktf";
import { BlueprintConfig, CloudName } from "../../config/schema";
import { SupplyChainStack } from "../../stacks/supply-chain-stack";
import { defaultConfig, Json, resourcesOf } from "../helpers/synth";

/*
 * The environment stacks admit the CI publisher identities (ci-<cloud>-<env>) to the registries
 * config names for each model repository, like any publisher, and to nothing else.
 */

function synthStack(cloud: CloudName, environment: string, config: BlueprintConfig = defaultConfig()): Json {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new SupplyChainStack(app, { config, cloud, environment }))) as Json;
}

type Statement = { Sid?: string; Effect: string; Principal?: { AWS?: string | string[] }; Action?: string | string[]; Resource?: string | string[] };
const statements = (policy: unknown): Statement[] => (JSON.parse(policy as string) as { Statement: Statement[] }).Statement;
const principalsOf = (s: Statement): string[] => [s.Principal?.AWS ?? []].flat();

describe("AWS", () => {
  const stack = synthStack("aws", "prod");
  const policies = resourcesOf(stack, "aws_s3_bucket_policy");
  const bucketPolicy = (registry: string): Statement[] => statements(Object.entries(policies).find(([id]) => id.includes(`registries_${registry}_`))![1]["policy"]);
  const allowsTo = (registry: string, role: string): Array<{ sid: string | undefined; action: unknown; resource: unknown }> =>
    bucketPolicy(registry)
      .filter((s) => s.Effect === "Allow" && principalsOf(s).includes(role))
      .map((s) => ({ sid: s.Sid, action: s.Action, resource: s.Resource }));
  const publishing = (bucket: string) => [
    { sid: "PublishIncomingObjects", action: ["s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload"], resource: `\${aws_s3_bucket.${bucket}.arn}/incoming/*` },
    { sid: "PublishIncomingList", action: "s3:ListBucket", resource: `\${aws_s3_bucket.${bucket}.arn}` },
  ];

  test("each publisher role may write incoming/ of its own registry only", () => {
    expect(allowsTo("fraud-scoring", "arn:aws:iam::222222222222:role/acme-ai-prod-ci-publish-fraud-scoring")).toEqual(publishing("supply-chain_registries_fraud-scoring_DFFF11D0"));
    expect(allowsTo("llm-adapters", "arn:aws:iam::222222222222:role/acme-ai-prod-ci-publish-llm-adapters")).toEqual(publishing("supply-chain_registries_llm-adapters_B4A81433"));
    expect(allowsTo("fraud-scoring", "arn:aws:iam::222222222222:role/acme-ai-prod-ci-publish-llm-adapters")).toEqual([]);
    expect(allowsTo("llm-adapters", "arn:aws:iam::222222222222:role/acme-ai-prod-ci-publish-fraud-scoring")).toEqual([]);
  });

  test("the signing key lets both publisher roles sign, and no plan or deploy role", () => {
    const key = Object.values(resourcesOf(stack, "aws_kms_key")).find((k) => (k["tags"] as Json)["purpose"] === "signing")!;
    const signers = statements(key["policy"]).filter((s) => s.Effect === "Allow" && [s.Action ?? []].flat().includes("kms:Sign")).flatMap(principalsOf);
    expect(signers.filter((p) => p.includes(":role/acme-ai-prod-ci-"))).toEqual([
      "arn:aws:iam::222222222222:role/acme-ai-prod-ci-publish-fraud-scoring",
      "arn:aws:iam::222222222222:role/acme-ai-prod-ci-publish-llm-adapters",
    ]);
  });

  test("without a ci block, no CI role appears", () => {
    const config = { ...defaultConfig() };
    delete (config as { ci?: unknown }).ci;
    expect(JSON.stringify(synthStack("aws", "prod", config))).not.toContain("-ci-");
  });
});

describe("GCP", () => {
  const stack = synthStack("gcp", "dev");
  test("each publisher service account may create objects under incoming/ of its own registry", () => {
    const grants = Object.values(resourcesOf(stack, "google_storage_bucket_iam_member"))
      .filter((g) => String(g["member"]).includes("ci-pub-"))
      .map((g) => ({ bucket: g["bucket"], member: g["member"], role: g["role"], title: (g["condition"] as Json)["title"] }));
    expect(grants).toEqual([
      { bucket: "${google_storage_bucket.supply-chain_registries_fraud-scoring_DFFF11D0.name}", member: "serviceAccount:ci-pub-fraud-scoring@acme-ai-dev.iam.gserviceaccount.com", role: "roles/storage.objectCreator", title: "publish-incoming" },
      { bucket: "${google_storage_bucket.supply-chain_registries_llm-adapters_B4A81433.name}", member: "serviceAccount:ci-pub-llm-adapters@acme-ai-dev.iam.gserviceaccount.com", role: "roles/storage.objectCreator", title: "publish-incoming" },
    ]);
  });

  test("the signing key lets each publisher service account sign", () => {
    const signers = Object.values(resourcesOf(stack, "google_kms_crypto_key_iam_member"))
      .filter((g) => g["role"] === "roles/cloudkms.signer")
      .map((g) => g["member"]);
    expect(signers).toEqual(expect.arrayContaining(["serviceAccount:ci-pub-fraud-scoring@acme-ai-dev.iam.gserviceaccount.com", "serviceAccount:ci-pub-llm-adapters@acme-ai-dev.iam.gserviceaccount.com"]));
  });
});

describe("Azure", () => {
  const stack = synthStack("azure", "prod");
  const data = (stack["data"] as Json)["azurerm_user_assigned_identity"] as Record<string, Json>;

  test("each publisher identity, and the deploy identity, is read by the name ci-azure-prod gives it", () => {
    expect(Object.fromEntries(Object.entries(data).map(([id, d]) => [id, { name: d["name"], resource_group_name: d["resource_group_name"] }]))).toEqual({
      "ci-deployer": { name: "id-acme-ai-prod-ci-deploy", resource_group_name: "rg-acme-ai-prod-ci" },
      "ci-publisher-fraud-scoring": { name: "id-acme-ai-prod-ci-publish-fraud-scoring", resource_group_name: "rg-acme-ai-prod-ci" },
      "ci-publisher-llm-adapters": { name: "id-acme-ai-prod-ci-publish-llm-adapters", resource_group_name: "rg-acme-ai-prod-ci" },
    });
  });

  test("each publisher identity may write the incoming container of its own registry and sign, and nothing else", () => {
    const grants = Object.entries(resourcesOf(stack, "azurerm_role_assignment"))
      .filter(([, a]) => String(a["principal_id"]).includes("azurerm_user_assigned_identity.ci-publisher-"))
      .map(([id, a]) => ({ id: id.replace(/_[0-9A-F]{8}$/, ""), principal: a["principal_id"], scope: a["scope"] }));
    expect(grants).toEqual([
      {
        id: "supply-chain_registry-fraud-scoring_Publish-ci-fraud-scoring",
        principal: "${data.azurerm_user_assigned_identity.ci-publisher-fraud-scoring.principal_id}",
        scope: "${azurerm_storage_container.supply-chain_registry-fraud-scoring_Incoming_98215594.id}",
      },
      {
        id: "supply-chain_registry-llm-adapters_Publish-ci-llm-adapters",
        principal: "${data.azurerm_user_assigned_identity.ci-publisher-llm-adapters.principal_id}",
        scope: "${azurerm_storage_container.supply-chain_registry-llm-adapters_Incoming_18C9B342.id}",
      },
      {
        id: "supply-chain_signing-key_Signer-ci-fraud-scoring",
        principal: "${data.azurerm_user_assigned_identity.ci-publisher-fraud-scoring.principal_id}",
        scope: "${azurerm_key_vault_key.supply-chain_signing-key_Key_05ED6F27.resource_versionless_id}",
      },
      {
        id: "supply-chain_signing-key_Signer-ci-llm-adapters",
        principal: "${data.azurerm_user_assigned_identity.ci-publisher-llm-adapters.principal_id}",
        scope: "${azurerm_key_vault_key.supply-chain_signing-key_Key_05ED6F27.resource_versionless_id}",
      },
    ]);
  });

  test("the upload grant carries the lineage and scanner-tag conditions of every publisher", () => {
    const assignments = Object.entries(resourcesOf(stack, "azurerm_role_assignment"));
    const ci = assignments.find(([id]) => id.includes("Publish-ci-fraud-scoring"))![1];
    const named = assignments.find(([id]) => id.includes("registry-fraud-scoring_Publish-00000000"))![1];
    expect(ci["condition"]).toEqual(named["condition"]);
    expect(ci["role_definition_id"]).toEqual(named["role_definition_id"]);
  });
});

describe("GCP plan service account", () => {
  test("may read each gate's code zip, which its plans refresh, and nothing else of the environment", () => {
    const stack = synthStack("gcp", "prod");
    const grants = [
      ...Object.values(resourcesOf(stack, "google_storage_bucket_iam_member")),
      ...Object.values(resourcesOf(stack, "google_kms_crypto_key_iam_member")),
      ...Object.values(resourcesOf(stack, "google_project_iam_member")),
    ]
      .filter((g) => g["member"] === "serviceAccount:ci-plan@acme-ai-prod.iam.gserviceaccount.com")
      .map((g) => ({ bucket: g["bucket"], role: g["role"] }));
    expect(grants).toEqual([
      { bucket: "${google_storage_bucket.supply-chain_gates_fraud-scoring_SourceBucket_A019B20D.name}", role: "roles/storage.objectViewer" },
      { bucket: "${google_storage_bucket.supply-chain_gates_llm-adapters_SourceBucket_51F08527.name}", role: "roles/storage.objectViewer" },
    ]);
  });
});

describe("AWS plan and deploy roles", () => {
  test("read the signing key's public key, named in its policy whoever applies", () => {
    const stack = synthStack("aws", "dev");
    const key = Object.values(resourcesOf(stack, "aws_kms_key")).find((k) => (k["tags"] as Json)["purpose"] === "signing")!;
    const deny = statements(key["policy"]).find((s) => s.Sid === "DenyPublicKeyExceptNamed") as Statement & { Condition: { ArnNotEquals: { "aws:PrincipalArn": string[] } } };
    expect(deny.Condition.ArnNotEquals["aws:PrincipalArn"]).toEqual([
      "arn:aws:iam::111111111111:role/acme-ai-dev-ci-publish-fraud-scoring",
      "arn:aws:iam::111111111111:role/acme-ai-dev-ci-publish-llm-adapters",
      "arn:aws:iam::111111111111:role/fraud-scoring-publisher",
      "arn:aws:iam::111111111111:role/llm-adapters-publisher",
      "arn:aws:iam::111111111111:role/blueprint-key-admin",
      "arn:aws:iam::111111111111:role/acme-ai-dev-ci-plan",
      "arn:aws:iam::111111111111:role/acme-ai-dev-ci-deploy",
    ]);
    expect(String(key["policy"])).not.toContain("aws_iam_session_context");
  });
});

describe("Azure in a CI environment", () => {
  const stack = synthStack("azure", "dev");
  test("reads the resource group ci-azure-dev creates, and names the CI deploy identity as the vault's deployer", () => {
    expect(resourcesOf(stack, "azurerm_resource_group")).toEqual({});
    const data = stack["data"] as Record<string, Record<string, Json>>;
    expect(Object.values(data["azurerm_resource_group"]!).map((g) => g["name"])).toEqual(["rg-acme-ai-dev"]);
    const keyManager = Object.entries(resourcesOf(stack, "azurerm_role_assignment")).filter(([id]) => id.includes("key-vault") && id.includes("Deployer"));
    expect(keyManager.map(([, a]) => a["principal_id"])).toEqual(["${data.azurerm_user_assigned_identity.ci-deployer.principal_id}"]);
    expect(JSON.stringify(data)).not.toContain("azurerm_client_config");
  });

  test("its provider registers no resource provider, which the CI identities may not", () => {
    expect(((stack["provider"] as Json)["azurerm"] as Json[])[0]!["resource_provider_registrations"]).toBe("none");
  });

  test("without a ci block the stack creates its resource group and lets the provider register", () => {
    const config = { ...defaultConfig() };
    delete (config as { ci?: unknown }).ci;
    const plain = synthStack("azure", "dev", config);
    expect(Object.values(resourcesOf(plain, "azurerm_resource_group")).map((g) => g["name"])).toEqual(["rg-acme-ai-dev"]);
    expect(((plain["provider"] as Json)["azurerm"] as Json[])[0]!["resource_provider_registrations"]).toBeUndefined();
  });
});
