import { Testing } from "cdktf";
import { BlueprintConfig } from "../../config/schema";
import { wireCiGcp } from "../../stacks/ci-gcp";
import { CiStack } from "../../stacks/ci-stack";
import { validationErrorOf } from "../helpers/errors";
import { Json, defaultConfig, onlyResource, resourcesOf } from "../helpers/synth";

/*
 * ci-gcp-<env> from the default configuration: GitHub, acme-ai/ai-supply-chain, environments dev
 * and prod, two model repositories publishing into both.
 */

function synthCiGcp(environment: string, config: BlueprintConfig = defaultConfig()): Json {
  const stack = new CiStack(Testing.app(), { config, cloud: "gcp", environment }, wireCiGcp);
  return JSON.parse(Testing.synth(stack)) as Json;
}

const POOL = "${google_iam_workload_identity_pool.ci_pool_B001DBED.name}";

describe("ci-gcp stack", () => {
  test("provider in the environment's project and region, with the standard labels", () => {
    const provider = ((synthCiGcp("dev")["provider"] as Json)["google"] as Json[])[0]!;
    expect(provider).toEqual({
      project: "acme-ai-dev",
      region: "europe-west1",
      default_labels: { "cost-center": "cc-4021", "data-classification": "internal", environment: "dev", "managed-by": "ai-supply-chain-blueprint", owner: "ml-platform" },
    });
  });

  test("state: the GCP backend setting of the configuration (local in the default config), under the stack's name", () => {
    expect((synthCiGcp("prod")["terraform"] as Json)["backend"]).toEqual({ local: { path: expect.stringContaining("terraform.ci-gcp-prod.tfstate") } });
  });

  test("the pool admits the blueprint's repository and both model repositories", () => {
    expect(onlyResource(synthCiGcp("dev"), "google_iam_workload_identity_pool_provider")["attribute_condition"]).toBe(
      'assertion.repository in ["acme-ai/ai-supply-chain", "acme-ai/fraud-scoring-model", "acme-ai/llm-adapters"]',
    );
  });

  test("each environment's deploy account trusts that environment's deploy job only", () => {
    const members = (environment: string): string[] =>
      Object.values(resourcesOf(synthCiGcp(environment), "google_service_account_iam_member"))
        .map((m) => String(m["member"]))
        .sort();
    expect(members("dev")).toEqual([
      `principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/ai-supply-chain:environment:dev`,
      `principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/fraud-scoring-model:environment:dev`,
      `principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/llm-adapters:environment:dev`,
      `principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme-ai/ai-supply-chain`,
    ]);
    expect(members("prod")).toEqual([
      `principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/ai-supply-chain:environment:prod`,
      `principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/fraud-scoring-model:environment:prod`,
      `principal://iam.googleapis.com/${POOL}/subject/repo:acme-ai/llm-adapters:environment:prod`,
      `principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme-ai/ai-supply-chain`,
    ]);
  });

  test("outputs: the provider's name for GCP_WORKLOAD_IDENTITY_PROVIDER_DEV and each account's email", () => {
    const outputs = synthCiGcp("dev")["output"] as Record<string, Json>;
    expect(Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, o["value"]]))).toEqual({
      "workload-identity-provider": "${google_iam_workload_identity_pool_provider.ci_pool_Provider_AA421ED1.name}",
      "plan-service-account": "${google_service_account.ci_plan_FCACF510.email}",
      "deploy-service-account": "${google_service_account.ci_deploy_06BC5FBD.email}",
      "publisher-fraud-scoring-service-account": "${google_service_account.ci_publish-fraud-scoring_56F3AE51.email}",
      "publisher-llm-adapters-service-account": "${google_service_account.ci_publish-llm-adapters_9EEDBC86.email}",
    });
    expect(outputs["workload-identity-provider"]!["description"]).toBe("Workload identity provider of dev: the pipelines' GCP_WORKLOAD_IDENTITY_PROVIDER_DEV");
  });

  test("the environment's GitOps credential secret is readable by plan and deploy", () => {
    expect(Object.values(resourcesOf(synthCiGcp("dev"), "google_secret_manager_secret_iam_member")).map((g) => g["secret_id"])).toEqual([
      "projects/acme-ai-dev/secrets/platform-gitops-token",
      "projects/acme-ai-dev/secrets/platform-gitops-token",
    ]);
  });

  test("synth twice gives identical JSON", () => {
    expect(JSON.stringify(synthCiGcp("prod"))).toBe(JSON.stringify(synthCiGcp("prod")));
  });

  test("GCP_CI_ENVIRONMENT_NOT_PLACED: the CI environment has no GCP project, or there is no GCP at all", () => {
    const config = defaultConfig();
    const gcp = config.clouds.gcp!;
    const withoutDev: BlueprintConfig = { ...config, clouds: { ...config.clouds, gcp: { ...gcp, environments: { prod: gcp.environments["prod"]! } } } };
    expect(validationErrorOf(() => synthCiGcp("dev", withoutDev)).problems.map((p) => [p.code, p.prop])).toEqual([["GCP_CI_ENVIRONMENT_NOT_PLACED", "clouds.gcp.environments.dev"]]);
    expect(validationErrorOf(() => synthCiGcp("dev", { ...config, clouds: { ...config.clouds, gcp: undefined } })).problems.map((p) => [p.code, p.prop])).toEqual([["GCP_CI_ENVIRONMENT_NOT_PLACED", "clouds.gcp"]]);
  });
});
