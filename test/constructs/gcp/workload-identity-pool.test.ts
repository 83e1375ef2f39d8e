import { isCelError, run, CelInput } from "@bufbuild/cel";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { WorkloadIdentityPool, WorkloadIdentityPoolProps } from "../../../constructs/gcp/workload-identity-pool";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

/*
 * The CI's workload identity pool: one OIDC provider whose attribute_condition admits the listed
 * repositories only, with the default audience (the provider's own name).
 */

const GITHUB: WorkloadIdentityPoolProps = {
  projectId: "acme-ai-prod",
  poolId: "acme-ai-ci",
  ciProvider: "github",
  issuerUri: "https://token.actions.githubusercontent.com",
  repositories: ["acme-ai/ai-supply-chain", "acme-ai/fraud-scoring-model"],
};

const GITLAB: WorkloadIdentityPoolProps = {
  projectId: "acme-ai-prod",
  poolId: "acme-ai-ci",
  ciProvider: "gitlab",
  issuerUri: "https://gitlab.example.com",
  repositories: ["acme-ai/platform/ai-supply-chain"],
};

function synthPool(props: WorkloadIdentityPoolProps): Json {
  return synthConstruct((scope) => {
    new WorkloadIdentityPool(scope, "pool", props);
  });
}

/** Whether the IAM token exchange would admit `claims`: the condition must evaluate to true. */
function admitted(condition: string, claims: Record<string, unknown>): boolean {
  const result = run(condition, { assertion: claims as CelInput });
  if (isCelError(result)) throw new Error(`condition does not evaluate: ${result.message}`);
  return result === true;
}

describe("gcp WorkloadIdentityPool", () => {
  test("the pool: the given id in the environment's project, enabled", () => {
    expect(onlyResource(synthPool(GITHUB), "google_iam_workload_identity_pool")).toEqual({
      project: "acme-ai-prod",
      workload_identity_pool_id: "acme-ai-ci",
      description: "CI pipelines of the listed repositories; applied by an administrator, never by a pipeline",
      disabled: false,
    });
  });

  test("GitHub provider: issuer, no allowed_audiences (the default audience), sub and repository mapped, condition on the listed repositories", () => {
    expect(onlyResource(synthPool(GITHUB), "google_iam_workload_identity_pool_provider")).toEqual({
      project: "acme-ai-prod",
      workload_identity_pool_id: "${google_iam_workload_identity_pool.pool_056F3F7E.workload_identity_pool_id}",
      workload_identity_pool_provider_id: "github",
      description: "OIDC tokens of github for the admitted repositories only",
      disabled: false,
      attribute_mapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository" },
      attribute_condition: 'assertion.repository in ["acme-ai/ai-supply-chain", "acme-ai/fraud-scoring-model"]',
      oidc: { issuer_uri: "https://token.actions.githubusercontent.com" },
    });
  });

  test("GitLab provider: project_path is the repository, condition on the listed project paths, the self-managed issuer", () => {
    const provider = onlyResource(synthPool(GITLAB), "google_iam_workload_identity_pool_provider");
    expect([provider["workload_identity_pool_provider_id"], provider["attribute_mapping"], provider["attribute_condition"], provider["oidc"]]).toEqual([
      "gitlab",
      { "google.subject": "assertion.sub", "attribute.repository": "assertion.project_path" },
      'assertion.project_path in ["acme-ai/platform/ai-supply-chain"]',
      { issuer_uri: "https://gitlab.example.com" },
    ]);
  });

  test("GitHub condition (CEL): a listed repository passes; another repository, of the same owner or a look-alike, fails", () => {
    const condition = String(onlyResource(synthPool(GITHUB), "google_iam_workload_identity_pool_provider")["attribute_condition"]);
    const claims = (repository: string): Record<string, unknown> => ({
      sub: `repo:${repository}:environment:prod`,
      repository,
      repository_owner: repository.split("/")[0],
      aud: "https://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/acme-ai-ci/providers/github",
    });
    expect(admitted(condition, claims("acme-ai/ai-supply-chain"))).toBe(true);
    expect(admitted(condition, claims("acme-ai/fraud-scoring-model"))).toBe(true);
    expect(admitted(condition, claims("acme-ai/other-repo"))).toBe(false);
    expect(admitted(condition, claims("evil/ai-supply-chain"))).toBe(false);
    expect(admitted(condition, claims("acme-ai/ai-supply-chain-fork"))).toBe(false);
    expect(admitted(condition, claims("ACME-AI/AI-SUPPLY-CHAIN"))).toBe(false);
  });

  test("GitLab condition (CEL): the listed project path passes; a sibling project or a parent group fails", () => {
    const condition = String(onlyResource(synthPool(GITLAB), "google_iam_workload_identity_pool_provider")["attribute_condition"]);
    const claims = (projectPath: string): Record<string, unknown> => ({
      sub: `project_path:${projectPath}:ref_type:branch:ref:main`,
      project_path: projectPath,
      namespace_path: projectPath.split("/").slice(0, -1).join("/"),
    });
    expect(admitted(condition, claims("acme-ai/platform/ai-supply-chain"))).toBe(true);
    expect(admitted(condition, claims("acme-ai/platform/other"))).toBe(false);
    expect(admitted(condition, claims("acme-ai/platform"))).toBe(false);
  });

  test("members are built from the pool's name attribute: one subject, or one repository's principalSet", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const pool = new WorkloadIdentityPool(stack, "pool", GITHUB);
    new TerraformOutput(stack, "subject", { value: pool.subjectMember("repo:acme-ai/ai-supply-chain:environment:prod") });
    new TerraformOutput(stack, "repository", { value: pool.repositoryMember("acme-ai/ai-supply-chain") });
    new TerraformOutput(stack, "provider", { value: pool.providerName });
    const outputs = (JSON.parse(Testing.synth(stack)) as Json)["output"] as Record<string, { value: string }>;
    expect([outputs["subject"]!.value, outputs["repository"]!.value, outputs["provider"]!.value]).toEqual([
      "principal://iam.googleapis.com/${google_iam_workload_identity_pool.pool_056F3F7E.name}/subject/repo:acme-ai/ai-supply-chain:environment:prod",
      "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.pool_056F3F7E.name}/attribute.repository/acme-ai/ai-supply-chain",
      "${google_iam_workload_identity_pool_provider.pool_Provider_2FA34BE0.name}",
    ]);
    expect([pool.admits("acme-ai/fraud-scoring-model"), pool.admits("acme-ai/other")]).toEqual([true, false]);
    expect([
      pool.admitsSubject("repo:acme-ai/ai-supply-chain:environment:prod"),
      pool.admitsSubject("repo:acme-ai/ai-supply-chain-fork:environment:prod"),
      pool.admitsSubject("repo:acme-ai/other:environment:prod"),
    ]).toEqual([true, false, false]);
  });

  test("GCP_CI_POOL_ID_INVALID: the reserved gcp- prefix, fewer than 4 or more than 32 characters, uppercase", () => {
    for (const poolId of ["gcp-ci", "ci", "a".repeat(33), "Acme-ci"]) {
      expect(validationErrorOf(() => synthPool({ ...GITHUB, poolId })).problems.map((p) => [p.code, p.prop, p.value])).toEqual([["GCP_CI_POOL_ID_INVALID", "poolId", JSON.stringify(poolId)]]);
    }
    expect(validationErrorOf(() => synthPool({ ...GITHUB, poolId: "gcp-ci" })).problems[0]!.accepted).toBe("4-32 lowercase letters, digits and -, not starting with gcp- (reserved by Google)");
  });

  test("GCP_CI_ISSUER_INVALID: http, a trailing slash", () => {
    for (const issuerUri of ["http://gitlab.example.com", "https://gitlab.example.com/"]) {
      expect(validationErrorOf(() => synthPool({ ...GITLAB, issuerUri })).problems.map((p) => p.code)).toEqual(["GCP_CI_ISSUER_INVALID"]);
    }
  });

  test("GCP_CI_REPOSITORIES_INVALID: none, or one twice", () => {
    expect(validationErrorOf(() => synthPool({ ...GITHUB, repositories: [] })).problems.map((p) => p.code)).toEqual(["GCP_CI_REPOSITORIES_INVALID"]);
    expect(validationErrorOf(() => synthPool({ ...GITHUB, repositories: ["acme-ai/a", "acme-ai/a"] })).problems.map((p) => p.code)).toEqual(["GCP_CI_REPOSITORIES_INVALID"]);
  });

  test("GCP_CI_REPOSITORY_INVALID: a wildcard, an owner alone, a quote that would break out of the CEL string; a GitHub name on GitLab's rule", () => {
    for (const repository of ["acme-ai/*", "*", "acme-ai", 'acme-ai/x"]||true||["']) {
      expect(validationErrorOf(() => synthPool({ ...GITHUB, repositories: ["acme-ai/ai-supply-chain", repository] })).problems.map((p) => [p.code, p.value])).toEqual([
        ["GCP_CI_REPOSITORY_INVALID", JSON.stringify(repository)],
      ]);
    }
    expect(validationErrorOf(() => synthPool({ ...GITLAB, repositories: ["acme-ai/*"] })).problems.map((p) => p.code)).toEqual(["GCP_CI_REPOSITORY_INVALID"]);
  });

  test("GCP_CI_CONDITION_TOO_LONG: more repositories than 4096 characters of condition hold", () => {
    const long = Array.from({ length: 20 }, (_, i) => `acme-ai/${"platform-".repeat(25)}${i}`);
    expect(validationErrorOf(() => synthPool({ ...GITLAB, repositories: long })).problems.map((p) => [p.code, p.prop])).toEqual([["GCP_CI_CONDITION_TOO_LONG", "repositories"]]);
  });
});
