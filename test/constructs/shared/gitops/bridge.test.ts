import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { bridgeConfigMap, bridgeData, isBridgeKey } from "../../../../constructs/shared/gitops";
import { bridgeFacts, TOKEN, problemCodes as codes } from "./fixtures";

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "..", "schemas", "gitops-bridge.v1.schema.json"), "utf8")) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

describe("IaC → GitOps bridge", () => {
  test("the ConfigMap: name, label, schema annotation, flat sorted keys, tokens untouched", () => {
    expect(bridgeConfigMap(bridgeFacts({ gateAttestationPublicKey: "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n", workloadIdentity: TOKEN }))).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "blueprint-facts",
        namespace: "flux-system",
        labels: { "app.kubernetes.io/managed-by": "ai-supply-chain-blueprint" },
        annotations: { "ai-supply-chain-blueprint.io/schema": "https://ai-supply-chain-blueprint.io/schemas/gitops-bridge.v1.schema.json" },
      },
      data: {
        cloud: "aws",
        environment: "prod",
        gate_attestation_public_key: "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n",
        image_registry_host: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        image_repository_prefix: "acme-ai-prod/",
        model_registries: "churn,fraud-scoring",
        model_registry_churn_artifact_store: "${TfToken[TOKEN.12]}",
        model_registry_fraud_scoring_artifact_store: "acme-ai-prod-fraud-scoring-123456789012",
        schema_version: "1",
        signing_key_uri: "awskms:///arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000",
        workload_identity: "${TfToken[TOKEN.12]}",
      },
    });
  });

  test("every emitted key is a Flux substitution variable name", () => {
    const keys = Object.keys(bridgeData(bridgeFacts({ cloud: "azure", modelRegistries: [{ name: "fraud-scoring", artifactStore: "approved", storageAccount: "stacmeaiprodfraud" }] })));
    expect(keys).toEqual(["cloud", "environment", "image_registry_host", "image_repository_prefix", "model_registries", "model_registry_fraud_scoring_artifact_store", "model_registry_fraud_scoring_storage_account", "schema_version", "signing_key_uri"]);
    expect(keys.filter((k) => !isBridgeKey(k))).toEqual([]);
    expect(isBridgeKey("image-registry-host")).toBe(false);
  });

  test.each([
    ["aws", bridgeFacts()],
    ["azure with a storage account", bridgeFacts({ cloud: "azure", modelRegistries: [{ name: "fraud-scoring", artifactStore: "approved", storageAccount: TOKEN }] })],
    ["no registries, all optional facts", bridgeFacts({ modelRegistries: [], gateAttestationPublicKey: TOKEN, workloadIdentity: "gitops@acme-ai-prod.iam.gserviceaccount.com" })],
  ])("the data validates against schemas/gitops-bridge.v1.schema.json (%s)", (_name, facts) => {
    const data = bridgeData(facts);
    expect([validate(data), validate.errors ?? null]).toEqual([true, null]);
  });

  test("the schema refuses an unknown key, a missing key and a wrong version", () => {
    const data = bridgeData(bridgeFacts());
    expect(validate({ ...data, registry_host: "x" })).toBe(false);
    const withoutCloud: Record<string, string> = { ...data };
    delete withoutCloud["cloud"];
    expect(validate(withoutCloud)).toBe(false);
    expect(validate({ ...data, schema_version: "2" })).toBe(false);
  });

  test("the schema's $id is the annotation's value", () => {
    expect(schema["$id"]).toBe("https://ai-supply-chain-blueprint.io/schemas/gitops-bridge.v1.schema.json");
  });

  test("same facts in another order give identical JSON", () => {
    const facts = bridgeFacts();
    const reversed = { ...facts, modelRegistries: [...facts.modelRegistries].reverse() };
    expect(JSON.stringify(bridgeConfigMap(reversed))).toBe(JSON.stringify(bridgeConfigMap(facts)));
  });

  test("bad facts are refused", () => {
    expect(codes(() => bridgeData(bridgeFacts({ cloud: "oci" as "aws", environment: "", modelRegistries: [{ name: "Fraud", artifactStore: "b" }, { name: "churn", artifactStore: "c" }, { name: "churn", artifactStore: "d" }] })))).toEqual([
      "GITOPS_BRIDGE_CLOUD_INVALID",
      "GITOPS_BRIDGE_ENVIRONMENT_INVALID",
      "GITOPS_BRIDGE_REGISTRY_INVALID",
      "GITOPS_BRIDGE_REGISTRY_INVALID",
      "GITOPS_BRIDGE_KEY_INVALID",
    ]);
    expect(codes(() => bridgeConfigMap(bridgeFacts({ namespace: "Flux" })))).toEqual(["GITOPS_NAMESPACE_INVALID"]);
  });
});
