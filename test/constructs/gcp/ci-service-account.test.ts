import { Construct } from "constructs";
import { CiServiceAccount, CiServiceAccountProps } from "../../../constructs/gcp/ci-service-account";
import { WorkloadIdentityPool } from "../../../constructs/gcp/workload-identity-pool";
import { validationErrorOf } from "../../helpers/errors";
import { Json, onlyResource, synthConstruct } from "../../helpers/synth";

/*
 * A CI service account bound to exactly one federated principal of the pool: one sub, or one
 * repository's principalSet. Never the pool's /*, never a key.
 */

const POOL_NAME = "${google_iam_workload_identity_pool.pool_056F3F7E.name}";

function pool(scope: Construct, provider: "github" | "gitlab" = "github"): WorkloadIdentityPool {
  return new WorkloadIdentityPool(scope, "pool", {
    projectId: "acme-ai-prod",
    poolId: "acme-ai-ci",
    ciProvider: provider,
    issuerUri: provider === "github" ? "https://token.actions.githubusercontent.com" : "https://gitlab.com",
    repositories: ["acme-ai/ai-supply-chain", "acme-ai/fraud-scoring-model"],
  });
}

type AccountProps = Omit<CiServiceAccountProps, "pool">;

function synthAccount(props: AccountProps, provider: "github" | "gitlab" = "github"): Json {
  return synthConstruct((scope) => {
    new CiServiceAccount(scope, "account", { ...props, pool: pool(scope, provider) });
  });
}

const DEPLOY: AccountProps = { projectId: "acme-ai-prod", accountId: "ci-deploy", displayName: "CI deploy of prod", subject: "repo:acme-ai/ai-supply-chain:environment:prod" };
const PLAN: AccountProps = { projectId: "acme-ai-prod", accountId: "ci-plan", displayName: "CI plan", repository: "acme-ai/ai-supply-chain" };

describe("gcp CiServiceAccount", () => {
  test("deploy: the account, and workloadIdentityUser for exactly the deploy job's sub", () => {
    const stack = synthAccount(DEPLOY);
    expect(onlyResource(stack, "google_service_account")).toEqual({
      project: "acme-ai-prod",
      account_id: "ci-deploy",
      display_name: "CI deploy of prod",
      description: "Impersonated by the CI token with sub repo:acme-ai/ai-supply-chain:environment:prod only",
    });
    expect(onlyResource(stack, "google_service_account_iam_member")).toEqual({
      service_account_id: "${google_service_account.account_636CB76F.name}",
      role: "roles/iam.workloadIdentityUser",
      member: `principal://iam.googleapis.com/${POOL_NAME}/subject/repo:acme-ai/ai-supply-chain:environment:prod`,
    });
  });

  test("plan: workloadIdentityUser for every token of one repository (principalSet on attribute.repository)", () => {
    expect(onlyResource(synthAccount(PLAN), "google_service_account_iam_member")["member"]).toBe(
      `principalSet://iam.googleapis.com/${POOL_NAME}/attribute.repository/acme-ai/ai-supply-chain`,
    );
  });

  test("publisher: the model repository's publish job in the environment", () => {
    const publisher = { projectId: "acme-ai-prod", accountId: "ci-pub-fraud-scoring", displayName: "CI publisher", subject: "repo:acme-ai/fraud-scoring-model:environment:prod" };
    expect(onlyResource(synthAccount(publisher), "google_service_account_iam_member")["member"]).toBe(
      `principal://iam.googleapis.com/${POOL_NAME}/subject/repo:acme-ai/fraud-scoring-model:environment:prod`,
    );
  });

  test("GitLab: the protected branch's sub", () => {
    const gitlab = { ...DEPLOY, subject: "project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:main" };
    expect(onlyResource(synthAccount(gitlab, "gitlab"), "google_service_account_iam_member")["member"]).toBe(
      `principal://iam.googleapis.com/${POOL_NAME}/subject/project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:main`,
    );
  });

  test("no key, no other binding", () => {
    const stack = synthAccount(DEPLOY);
    expect(Object.keys(stack["resource"] as Json).sort()).toEqual([
      "google_iam_workload_identity_pool",
      "google_iam_workload_identity_pool_provider",
      "google_service_account",
      "google_service_account_iam_member",
    ]);
  });

  test("GCP_CI_SERVICE_ACCOUNT_ID_INVALID: shorter than 6, longer than 30, starting with a digit", () => {
    for (const accountId of ["ci-x", `ci-pub-${"a".repeat(24)}`, "1ci-plan"]) {
      expect(validationErrorOf(() => synthAccount({ ...DEPLOY, accountId })).problems.map((p) => [p.code, p.value])).toEqual([["GCP_CI_SERVICE_ACCOUNT_ID_INVALID", JSON.stringify(accountId)]]);
    }
  });

  test("GCP_CI_TRUST_INVALID: both a subject and a repository, or neither", () => {
    expect(validationErrorOf(() => synthAccount({ ...DEPLOY, repository: "acme-ai/ai-supply-chain" })).problems.map((p) => p.code)).toEqual(["GCP_CI_TRUST_INVALID"]);
    expect(validationErrorOf(() => synthAccount({ projectId: "acme-ai-prod", accountId: "ci-deploy", displayName: "x" })).problems.map((p) => p.code)).toEqual(["GCP_CI_TRUST_INVALID"]);
  });

  test("GCP_CI_SUBJECT_INVALID: a wildcard, a space, more than 127 characters (google.subject's limit)", () => {
    for (const subject of ["repo:acme-ai/ai-supply-chain:*", "repo:acme-ai/ai-supply-chain:environment:prod ", `repo:acme-ai/ai-supply-chain:environment:${"p".repeat(87)}`]) {
      expect(validationErrorOf(() => synthAccount({ ...DEPLOY, subject })).problems.map((p) => p.code)).toEqual(["GCP_CI_SUBJECT_INVALID"]);
    }
    // 127 characters is accepted.
    expect(onlyResource(synthAccount({ ...DEPLOY, subject: `repo:acme-ai/ai-supply-chain:environment:${"p".repeat(86)}` }), "google_service_account")["account_id"]).toBe("ci-deploy");
  });

  test("GCP_CI_SUBJECT_NOT_ADMITTED: the sub of a repository the pool refuses, or of a look-alike name", () => {
    for (const subject of ["repo:acme-ai/other:environment:prod", "repo:acme-ai/ai-supply-chain-fork:environment:prod", "project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:main"]) {
      expect(validationErrorOf(() => synthAccount({ ...DEPLOY, subject })).problems.map((p) => p.code)).toEqual(["GCP_CI_SUBJECT_NOT_ADMITTED"]);
    }
  });

  test("GCP_CI_REPOSITORY_NOT_ADMITTED: a repository the pool refuses", () => {
    expect(validationErrorOf(() => synthAccount({ ...PLAN, repository: "acme-ai/other" })).problems.map((p) => [p.code, p.value])).toEqual([["GCP_CI_REPOSITORY_NOT_ADMITTED", '"acme-ai/other"']]);
  });
});
