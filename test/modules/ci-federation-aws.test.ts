import { CiSettings, ciPublishers } from "../../constructs/shared/ci-identities";
import { CiFederationAws, CiFederationAwsProps } from "../../modules/ci-federation-aws";
import { evaluate } from "../../policies/engine";
import { stackFromSynth } from "../../policies/load-synth";
import { validationErrorOf } from "../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../helpers/synth";

/*
 * The AWS CI identities of one environment, asserted by role name as whole documents: the plan
 * role admits any branch and pull request of the repository and only reads; the deploy role
 * admits only the environment's deploy job and cannot touch the CI identities; each publisher
 * uploads only under incoming/ of its registries and signs only with the environment's key.
 */

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const GITHUB: CiSettings = {
  provider: "github",
  repository: "acme-ai/ai-supply-chain",
  environments: ["dev", "prod"],
  defaultBranch: "main",
  modelRepositories: [
    { repository: "acme-ai/fraud-scoring-model", name: "fraud-scoring", registries: ["fraud-scoring"] },
    { repository: "acme-ai/llm-adapters", registries: ["llm-adapters", "fraud-scoring"] },
  ],
};
const GITLAB: CiSettings = { ...GITHUB, provider: "gitlab" };

function props(environment: string, ci: CiSettings = GITHUB, override: Partial<CiFederationAwsProps> = {}): CiFederationAwsProps {
  return {
    organization: "acme-ai",
    environment,
    accountId: "111111111111",
    region: "eu-west-1",
    ci,
    publishers: ciPublishers(ci, environment, ["fraud-scoring", "llm-adapters"]),
    ...override,
  };
}
const build = (p: CiFederationAwsProps): Json => synthConstruct((scope) => new CiFederationAws(scope, "ci", p));
const codesOf = (p: CiFederationAwsProps): string[] => validationErrorOf(() => synthConstruct((scope) => new CiFederationAws(scope, "ci", p))).problems.map((x) => x.code);

function roleNamed(stack: Json, name: string): [string, Json] {
  const found = Object.entries(resourcesOf(stack, "aws_iam_role")).filter(([, r]) => r["name"] === name);
  if (found.length !== 1) throw new Error(`expected one role ${name}, found ${found.length}`);
  return found[0]!;
}
const trustOf = (stack: Json, name: string): unknown => JSON.parse(roleNamed(stack, name)[1]["assume_role_policy"] as string);
/** Every statement of the policies attached to the role, in policy order. */
function statementsOf(stack: Json, name: string): Statement[] {
  const [roleId] = roleNamed(stack, name);
  const attached = Object.values(resourcesOf(stack, "aws_iam_role_policy_attachment"))
    .filter((a) => a["role"] === `\${aws_iam_role.${roleId}.name}`)
    .map((a) => (a["policy_arn"] as string).slice("${aws_iam_policy.".length, -".arn}".length));
  const policies = resourcesOf(stack, "aws_iam_policy");
  return attached.flatMap((id) => (JSON.parse(policies[id]!["policy"] as string) as { Statement: Statement[] }).Statement);
}
const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);
const allowedActions = (statements: Statement[]): string[] => statements.filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Action));
const ISSUER = "${aws_iam_openid_connect_provider.ci_oidc-provider_D4885CD7.arn}";

describe("CiFederationAws (GitHub)", () => {
  test("the OIDC provider trusts GitHub's issuer for STS only", () => {
    const stack = build(props("dev"));
    const providers = Object.values(resourcesOf(stack, "aws_iam_openid_connect_provider"));
    expect(providers.map((p) => [p["url"], p["client_id_list"]])).toEqual([["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"]]]);
  });

  test("acme-ai-dev-ci-plan: pull requests and branches of the repository only, by pattern after the repository", () => {
    expect(trustOf(build(props("dev")), "acme-ai-dev-ci-plan")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CiSubjectPatterns",
          Effect: "Allow",
          Principal: { Federated: ISSUER },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme-ai/ai-supply-chain:pull_request", "repo:acme-ai/ai-supply-chain:ref:refs/heads/*"] },
          },
        },
      ],
    });
  });

  test.each(["dev", "prod"])("the deploy role of %s admits only the repository's deploy job of that environment, exactly", (env) => {
    expect(trustOf(build(props(env)), `acme-ai-${env}-ci-deploy`)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CiExactSubjects",
          Effect: "Allow",
          Principal: { Federated: ISSUER },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": [`repo:acme-ai/ai-supply-chain:environment:${env}`] },
          },
        },
      ],
    });
  });

  test("publisher roles admit their model repository's job in the environment", () => {
    const stack = build(props("prod"));
    expect(trustOf(stack, "acme-ai-prod-ci-publish-fraud-scoring")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CiExactSubjects",
          Effect: "Allow",
          Principal: { Federated: ISSUER },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": ["repo:acme-ai/fraud-scoring-model:environment:prod"] } },
        },
      ],
    });
    expect(Object.values(resourcesOf(stack, "aws_iam_role")).map((r) => r["max_session_duration"])).toEqual([3600, 3600, 3600, 3600]);
  });

  test("a publisher may upload only under incoming/ of its registries, use the registry key only through S3, and sign only with the signing key", () => {
    expect(statementsOf(build(props("dev")), "acme-ai-dev-ci-publish-llm-adapters")).toEqual([
      {
        Sid: "UploadIncoming",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        Resource: ["arn:aws:s3:::acme-ai-dev-models-fraud-scoring-111111111111/incoming/*", "arn:aws:s3:::acme-ai-dev-models-llm-adapters-111111111111/incoming/*"],
      },
      {
        Sid: "RegistryKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: "arn:aws:kms:eu-west-1:111111111111:key/*",
        Condition: {
          StringEquals: {
            "kms:ViaService": "s3.eu-west-1.amazonaws.com",
            "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::acme-ai-dev-models-fraud-scoring-111111111111", "arn:aws:s3:::acme-ai-dev-models-llm-adapters-111111111111"],
          },
          "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/acme-ai-dev-registry" },
        },
      },
      {
        Sid: "DescribeRegistryKey",
        Effect: "Allow",
        Action: "kms:DescribeKey",
        Resource: "arn:aws:kms:eu-west-1:111111111111:key/*",
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/acme-ai-dev-registry" } },
      },
      {
        Sid: "SignWithEnvironmentKey",
        Effect: "Allow",
        Action: ["kms:Sign", "kms:GetPublicKey", "kms:DescribeKey"],
        Resource: "arn:aws:kms:eu-west-1:111111111111:key/*",
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/acme-ai-dev-signing" } },
      },
    ]);
  });

  test("the deploy role denies itself every IAM write on the CI identities and the OIDC provider, and any IAM user or key", () => {
    const statements = statementsOf(build(props("prod")), "acme-ai-prod-ci-deploy");
    expect(statements.filter((s) => s.Effect === "Deny")).toEqual([
      {
        Sid: "DenyCiIdentityChanges",
        Effect: "Deny",
        Action: ["iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Tag*", "iam:Untag*", "iam:Update*"],
        Resource: ["arn:aws:iam::111111111111:role/acme-ai-prod-ci-*", "arn:aws:iam::111111111111:policy/acme-ai-prod-ci-*", "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"],
      },
      {
        Sid: "DenyLongLivedCredentials",
        Effect: "Deny",
        Action: ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateServiceSpecificCredential", "iam:CreateUser"],
        Resource: "*",
      },
    ]);
    const actions = allowedActions(statements);
    expect(actions).toContain("iam:CreateRole");
    expect(actions).not.toContain("iam:CreateUser");
    expect(actions).not.toContain("iam:CreateAccessKey");
  });

  test("the deploy role writes IAM only on the environment's roles and policies, attaches only its own policies, passes roles only to their services", () => {
    const bySid = Object.fromEntries(statementsOf(build(props("dev")), "acme-ai-dev-ci-deploy").map((s) => [s.Sid, s]));
    expect(bySid["Roles"]!.Resource).toEqual(["arn:aws:iam::111111111111:role/acme-ai-dev-*"]);
    expect(bySid["Policies"]!.Resource).toEqual(["arn:aws:iam::111111111111:policy/acme-ai-dev-*"]);
    expect(bySid["AttachOwnPolicies"]).toEqual({
      Sid: "AttachOwnPolicies",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      Resource: "arn:aws:iam::111111111111:role/acme-ai-dev-*",
      Condition: { ArnLike: { "iam:PolicyARN": "arn:aws:iam::111111111111:policy/acme-ai-dev-*" } },
    });
    expect(bySid["PassRolesToTheirServices"]).toEqual({
      Sid: "PassRolesToTheirServices",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: "arn:aws:iam::111111111111:role/acme-ai-dev-*",
      Condition: { StringEquals: { "iam:PassedToService": ["lambda.amazonaws.com", "cloudtrail.amazonaws.com", "malware-protection-plan.guardduty.amazonaws.com"] } },
    });
    // Destroying data or evidence is an administrator's act.
    const actions = allowedActions(Object.values(bySid));
    for (const destructive of ["s3:DeleteBucket", "kms:ScheduleKeyDeletion", "cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "logs:DeleteLogGroup", "ecr:DeleteRepository"]) {
      expect(actions).not.toContain(destructive);
    }
  });

  test("the plan role reads configuration but no data: no object reads outside the function packages, no decryption, no secrets", () => {
    const statements = statementsOf(build(props("dev")), "acme-ai-dev-ci-plan");
    const actions = allowedActions(statements);
    expect(actions).toContain("s3:GetBucket*");
    expect(statements.filter((s) => list(s.Action).includes("s3:GetObject"))).toEqual([
      { Sid: "ReadFunctionPackages", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectTagging"], Resource: ["arn:aws:s3:::acme-ai-dev-fn-code-111111111111/*"] },
    ]);
    for (const data of ["kms:Decrypt", "secretsmanager:GetSecretValue", "s3:Get*", "logs:GetLogEvents", "ecr:BatchGetImage", "sts:AssumeRole"]) {
      expect(actions).not.toContain(data);
    }
    expect(statements.map((s) => s.Effect)).not.toContain("Deny");
    expect(actions.filter((a) => !(a.includes(":Get") || a.includes(":Describe") || a.includes(":List") || a === "budgets:ViewBudget"))).toEqual([]);
    expect(actions.length).toBeGreaterThan(50);
  });

  test("the GitOps credential is the one secret plan and deploy read, decrypted only through Secrets Manager for that secret", () => {
    const secret = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme-ai-dev/platform-gitops-Ab12Cd";
    const stack = build(props("dev", GITHUB, { gitops: { clusterName: "acme-ai-dev", credentialsSecretArn: secret } }));
    const expected = [
      { Sid: "ReadGitopsCredential", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret },
      {
        Sid: "DecryptGitopsCredential",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: "arn:aws:kms:eu-west-1:111111111111:key/*",
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com", "kms:EncryptionContext:SecretARN": secret } },
      },
    ];
    for (const role of ["acme-ai-dev-ci-plan", "acme-ai-dev-ci-deploy"]) {
      const statements = statementsOf(stack, role);
      expect(statements.filter((s) => s.Sid.includes("GitopsCredential"))).toEqual(expected);
      expect(statements.filter((s) => s.Sid.endsWith("GitopsCluster")).map((s) => [s.Action, s.Resource])).toEqual([[["eks:DescribeCluster"], ["arn:aws:eks:eu-west-1:111111111111:cluster/acme-ai-dev"]]]);
    }
  });

  test("with a backend role, plan and deploy may assume that role and no other", () => {
    const stack = build(props("dev", GITHUB, { backendRoleArn: "arn:aws:iam::222222222222:role/tfstate-access" }));
    for (const role of ["acme-ai-dev-ci-plan", "acme-ai-dev-ci-deploy"]) {
      expect(statementsOf(stack, role).filter((s) => list(s.Action).some((a) => a.startsWith("sts:")))).toEqual([
        { Sid: "AssumeStateBackendRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/tfstate-access" },
      ]);
    }
  });

  test("existingOidcProvider reads the account's provider, and every trust names the data source", () => {
    const stack = build(props("dev", GITHUB, { existingOidcProvider: true }));
    expect(resourcesOf(stack, "aws_iam_openid_connect_provider")).toEqual({});
    const data = (stack["data"] as Record<string, Record<string, Json>>)["aws_iam_openid_connect_provider"]!;
    const [id] = Object.keys(data);
    expect(Object.values(data).map((d) => d["url"])).toEqual(["https://token.actions.githubusercontent.com"]);
    const trust = trustOf(stack, "acme-ai-dev-ci-deploy") as { Statement: Array<{ Principal: unknown }> };
    expect(trust.Statement.map((s) => s.Principal)).toEqual([{ Federated: `\${data.aws_iam_openid_connect_provider.${id}.arn}` }]);
  });

  test("the policy rules find no trust, wildcard-action, primitive-role or credential problem", () => {
    const stack = build(props("dev", GITHUB, { gitops: { clusterName: "acme-ai-dev" } }));
    const evaluation = evaluate({ stacks: [stackFromSynth("ci-aws-dev", "stacks/ci-aws-dev/cdk.tf.json", stack)] }, { now: new Date("2026-12-03T00:00:00Z") });
    const watched = ["TRUST-HAS-SOURCE-CONDITION-AWS", "IAM-NO-WILDCARD-ACTION-AWS", "NO-PRIMITIVE-ROLES-AWS", "NO-LONG-LIVED-CREDENTIALS-AWS"];
    expect(evaluation.rules.map((r) => r.id)).toEqual(expect.arrayContaining(watched));
    expect(evaluation.findings.filter((f) => watched.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.address}: ${f.message}`)).toEqual([]);
  });
});

describe("CiFederationAws (GitLab)", () => {
  const stack = build(props("prod", GITLAB));
  const trust = (sid: string, condition: Record<string, Record<string, unknown>>) => ({
    Version: "2012-10-17",
    Statement: [{ Sid: sid, Effect: "Allow", Principal: { Federated: ISSUER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }],
  });

  test("the provider trusts gitlab.com", () => {
    expect(Object.values(resourcesOf(stack, "aws_iam_openid_connect_provider")).map((p) => p["url"])).toEqual(["https://gitlab.com"]);
  });

  test("plan: any branch of the project; deploy and publish: the protected default branch of their project", () => {
    expect(trustOf(stack, "acme-ai-prod-ci-plan")).toEqual(
      trust("CiSubjectPatterns", { StringEquals: { "gitlab.com:aud": "sts.amazonaws.com" }, StringLike: { "gitlab.com:sub": ["project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:*"] } }),
    );
    expect(trustOf(stack, "acme-ai-prod-ci-deploy")).toEqual(
      trust("CiExactSubjects", { StringEquals: { "gitlab.com:aud": "sts.amazonaws.com", "gitlab.com:sub": ["project_path:acme-ai/ai-supply-chain:ref_type:branch:ref:main"] } }),
    );
    expect(trustOf(stack, "acme-ai-prod-ci-publish-llm-adapters")).toEqual(
      trust("CiExactSubjects", { StringEquals: { "gitlab.com:aud": "sts.amazonaws.com", "gitlab.com:sub": ["project_path:acme-ai/llm-adapters:ref_type:branch:ref:main"] } }),
    );
  });
});

describe("CiFederationAws validation", () => {
  test("refuses bad placement values", () => {
    expect(codesOf(props("dev", GITHUB, { accountId: "11111111111" }))).toEqual(["AWS_ACCOUNT_ID_INVALID"]);
    expect(codesOf(props("dev", GITHUB, { partition: "aws-eu" }))).toEqual(["AWS_PARTITION_INVALID"]);
    expect(codesOf(props("dev", GITHUB, { region: "europe-west1" }))).toEqual(["AWS_CI_REGION_INVALID"]);
    expect(codesOf(props("dev", GITHUB, { backendRoleArn: "arn:aws:iam::222222222222:user/tfstate" }))).toEqual(["AWS_CI_BACKEND_ROLE_INVALID"]);
  });

  test("refuses an environment that is not a CI environment", () => {
    expect(codesOf(props("qa", GITHUB, { publishers: [] }))).toEqual(["AWS_CI_ENVIRONMENT_NOT_CI"]);
  });

  test("refuses duplicate, badly named and registry-less publishers", () => {
    const one = { name: "fraud-scoring", repository: "acme-ai/fraud-scoring-model", registries: ["fraud-scoring"] };
    expect(codesOf(props("dev", GITHUB, { publishers: [one, one] }))).toEqual(["AWS_CI_PUBLISHER_DUPLICATE"]);
    expect(codesOf(props("dev", GITHUB, { publishers: [{ ...one, name: "Fraud_Scoring" }] }))).toEqual(["AWS_CI_PUBLISHER_NAME_INVALID"]);
    expect(codesOf(props("dev", GITHUB, { publishers: [{ ...one, registries: [] }] }))).toEqual(["AWS_CI_PUBLISHER_NO_REGISTRY"]);
  });
});
