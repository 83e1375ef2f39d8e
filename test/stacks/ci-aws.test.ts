import { Testing } from "cdktf";
import { BlueprintConfig, CiConfig } from "../../config/schema";
import { wireCiAws } from "../../stacks/ci-aws";
import { CiStack } from "../../stacks/ci-stack";
import { validationErrorOf } from "../helpers/errors";
import { Json, defaultConfig, resourcesOf } from "../helpers/synth";

/*
 * ci-aws-<env> from the default configuration: provider pinned to the environment's account,
 * the roles' trusts by name, the outputs the pipelines read, and the config variants (GitLab,
 * an existing OIDC provider, an s3 backend with a role).
 */

const synth = (environment: string, config: BlueprintConfig = defaultConfig()): Json => {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new CiStack(app, { config, cloud: "aws", environment }, wireCiAws))) as Json;
};
const roles = (stack: Json): Record<string, Json> => Object.fromEntries(Object.values(resourcesOf(stack, "aws_iam_role")).map((r) => [r["name"] as string, r]));
const trustOf = (stack: Json, name: string): { Statement: Array<{ Principal: unknown; Condition: Record<string, Record<string, unknown>> }> } =>
  JSON.parse(roles(stack)[name]!["assume_role_policy"] as string) as { Statement: Array<{ Principal: unknown; Condition: Record<string, Record<string, unknown>> }> };
const subjectConditions = (stack: Json, name: string): unknown[] => trustOf(stack, name).Statement.map((s) => s.Condition);
const policyStatements = (stack: Json, name: string): Array<{ Sid: string }> =>
  Object.values(resourcesOf(stack, "aws_iam_policy"))
    .filter((p) => (p["name"] as string).startsWith(`${name}-`))
    .flatMap((p) => (JSON.parse(p["policy"] as string) as { Statement: Array<{ Sid: string }> }).Statement);

function withCi(ci: Partial<CiConfig>, base: BlueprintConfig = defaultConfig()): BlueprintConfig {
  return { ...base, ci: { ...base.ci!, ...ci } as CiConfig };
}

describe.each([
  ["dev", "111111111111"],
  ["prod", "222222222222"],
] as const)("ci-aws-%s (default config)", (env, account) => {
  const stack = synth(env);

  test("the provider only accepts the environment's account, in its region", () => {
    const providers = (stack["provider"] as Record<string, Json[]>)["aws"]!;
    expect(providers.map((p) => [p["allowed_account_ids"], p["region"]])).toEqual([[[account], "eu-west-1"]]);
  });

  test("the roles are the plan, deploy and one publisher per model repository", () => {
    expect(Object.keys(roles(stack)).sort()).toEqual([`acme-ai-${env}-ci-deploy`, `acme-ai-${env}-ci-plan`, `acme-ai-${env}-ci-publish-fraud-scoring`, `acme-ai-${env}-ci-publish-llm-adapters`]);
  });

  test("the deploy role admits only the repository's deploy job of this environment: no other repository, no branch, no pattern", () => {
    expect(subjectConditions(stack, `acme-ai-${env}-ci-deploy`)).toEqual([
      { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": [`repo:acme-ai/ai-supply-chain:environment:${env}`] } },
    ]);
  });

  test("the plan role's patterns stay inside the repository", () => {
    expect(subjectConditions(stack, `acme-ai-${env}-ci-plan`)).toEqual([
      {
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme-ai/ai-supply-chain:pull_request", "repo:acme-ai/ai-supply-chain:ref:refs/heads/*"] },
      },
    ]);
  });

  test("the publishers admit their model repositories' jobs in this environment", () => {
    expect(subjectConditions(stack, `acme-ai-${env}-ci-publish-fraud-scoring`)).toEqual([
      { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": [`repo:acme-ai/fraud-scoring-model:environment:${env}`] } },
    ]);
    expect(subjectConditions(stack, `acme-ai-${env}-ci-publish-llm-adapters`)).toEqual([
      { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": [`repo:acme-ai/llm-adapters:environment:${env}`] } },
    ]);
  });

  test("outputs name each role with the pipeline job that uses it", () => {
    const outputs = stack["output"] as Record<string, { value: string; description: string }>;
    expect(Object.keys(outputs).sort()).toEqual(["deploy-role", "oidc-provider", "plan-role", "publisher-fraud-scoring-role", "publisher-llm-adapters-role"]);
    expect(outputs["deploy-role"]!.description).toBe(`Role the main pipeline's apply job of environment ${env} assumes: applies aws-${env}`);
    expect(outputs["plan-role"]!.description).toBe(`Role the pull-request and branch pipelines' plan job (cdktf diff, blueprint audit --plan) assumes for ${env}: read-only`);
    expect(outputs["publisher-llm-adapters-role"]!.description).toBe(`Role the model publishing job of acme-ai/llm-adapters assumes for ${env}: blueprint model sign --kms and the upload under incoming/`);
  });

  test("the state stays local, in the stack's own state file, as the default config says", () => {
    const backend = (stack["terraform"] as Json)["backend"] as Record<string, Json>;
    expect(Object.keys(backend)).toEqual(["local"]);
    expect((backend["local"]!["path"] as string).split("/").pop()).toBe(`terraform.ci-aws-${env}.tfstate`);
  });
});

test("dev's GitOps credential secret is the one secret its plan role reads", () => {
  const sids = policyStatements(synth("dev"), "acme-ai-dev-ci-plan").map((s) => s.Sid);
  expect(sids.filter((s) => s.includes("Gitops"))).toEqual(["ReadGitopsCredential", "DecryptGitopsCredential", "ReadGitopsCluster"]);
});

test("a GitLab configuration trusts gitlab.com with project_path subjects", () => {
  const stack = synth("prod", withCi({ provider: "gitlab" } as Partial<CiConfig>));
  expect(Object.values(resourcesOf(stack, "aws_iam_openid_connect_provider")).map((p) => p["url"])).toEqual(["https://gitlab.com"]);
  expect(subjectConditions(stack, "acme-ai-prod-ci-deploy")).toEqual([
    { StringEquals: { "gitlab.com:aud": "sts.amazonaws.com", "gitlab.com:sub": ["project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:main"] } },
  ]);
  expect(subjectConditions(stack, "acme-ai-prod-ci-plan")).toEqual([
    { StringEquals: { "gitlab.com:aud": "sts.amazonaws.com" }, StringLike: { "gitlab.com:sub": ["project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:*"] } },
  ]);
});

test("existingOidcProvider looks the provider up instead of creating it", () => {
  const stack = synth("dev", withCi({ aws: { existingOidcProvider: true } }));
  expect(resourcesOf(stack, "aws_iam_openid_connect_provider")).toEqual({});
  const data = (stack["data"] as Record<string, Record<string, Json>>)["aws_iam_openid_connect_provider"]!;
  const [id] = Object.keys(data);
  expect(trustOf(stack, "acme-ai-dev-ci-deploy").Statement.map((s) => s.Principal)).toEqual([{ Federated: `\${data.aws_iam_openid_connect_provider.${id}.arn}` }]);
  expect((stack["output"] as Record<string, { value: string }>)["oidc-provider"]!.value).toBe(`\${data.aws_iam_openid_connect_provider.${id}.arn}`);
});

test("an s3 backend with a role: state in the state bucket through that role, which plan and deploy may assume", () => {
  const base = defaultConfig();
  const aws = base.clouds.aws!;
  const config: BlueprintConfig = { ...base, clouds: { ...base.clouds, aws: { ...aws, backend: { type: "s3", roleArn: "arn:aws:iam::222222222222:role/tfstate-access" } } } };
  const stack = synth("dev", config);
  const s3 = ((stack["terraform"] as Json)["backend"] as Record<string, Json>)["s3"]!;
  expect([s3["key"], s3["assume_role"]]).toEqual(["ci-aws-dev/terraform.tfstate", { role_arn: "arn:aws:iam::222222222222:role/tfstate-access" }]);
  for (const role of ["acme-ai-dev-ci-plan", "acme-ai-dev-ci-deploy"]) {
    expect(policyStatements(stack, role).filter((s) => s.Sid === "AssumeStateBackendRole")).toEqual([
      { Sid: "AssumeStateBackendRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/tfstate-access" },
    ]);
  }
});

test("refuses a CI environment that is not placed on AWS", () => {
  const base = defaultConfig();
  const aws = base.clouds.aws!;
  const config: BlueprintConfig = { ...base, clouds: { ...base.clouds, aws: { ...aws, environments: { prod: aws.environments["prod"]! } } } };
  const error = validationErrorOf(() => synth("dev", config));
  expect(error.problems.map((p) => [p.code, p.prop])).toEqual([["AWS_CI_ENVIRONMENT_NOT_PLACED", "clouds.aws.environments.dev"]]);
});
