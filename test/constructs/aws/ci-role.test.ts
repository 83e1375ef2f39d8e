import { CiRole, CiRoleProps } from "../../../constructs/aws/ci-role";
import { ICiOidcProvider } from "../../../constructs/aws/ci-oidc-provider";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * One web-identity role: trusted only for one issuer's tokens minted for STS, with `sub` exact
 * (StringEquals) or patterned after the repository (StringLike), one-hour sessions, permissions
 * as attached customer managed policies; subjects that reach beyond one repository are refused.
 */

const PROVIDER_ARN = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const issuer: ICiOidcProvider = { providerArn: PROVIDER_ARN, issuerHost: "token.actions.githubusercontent.com" };
const READ = { Sid: "ReadKeys", Effect: "Allow" as const, Action: ["kms:DescribeKey"], Resource: ["arn:aws:kms:eu-west-1:111111111111:key/*"] };

const base: CiRoleProps = { roleName: "acme-ai-dev-ci-deploy", description: "Deploy job of dev", issuer, exactSubjects: ["repo:acme-ai/ai-supply-chain:environment:dev"], policies: [{ name: "keys", statements: [READ] }] };
const build = (override: Partial<CiRoleProps> = {}): Json => synthConstruct((scope) => new CiRole(scope, "role", { ...base, ...override }));
const codesOf = (override: Partial<CiRoleProps>): string[] => validationErrorOf(() => synthConstruct((scope) => new CiRole(scope, "role", { ...base, ...override }))).problems.map((p) => p.code);
const roleOf = (stack: Json): Json => {
  const roles = Object.values(resourcesOf(stack, "aws_iam_role"));
  if (roles.length !== 1) throw new Error(`expected one role, found ${roles.length}`);
  return roles[0]!;
};
const trustOf = (stack: Json): unknown => JSON.parse(roleOf(stack)["assume_role_policy"] as string);

describe("CiRole", () => {
  test("an exact subject: one statement, aud and sub StringEquals, the provider as Federated principal, one-hour sessions", () => {
    const stack = build();
    expect(trustOf(stack)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CiExactSubjects",
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": ["repo:acme-ai/ai-supply-chain:environment:dev"],
            },
          },
        },
      ],
    });
    expect(roleOf(stack)["name"]).toBe("acme-ai-dev-ci-deploy");
    expect(roleOf(stack)["max_session_duration"]).toBe(3600);
  });

  test("patterns and exact subjects go in separate statements (operators of one statement are ANDed)", () => {
    const stack = build({ exactSubjects: ["repo:acme-ai/ai-supply-chain:pull_request"], subjectPatterns: ["repo:acme-ai/ai-supply-chain:ref:refs/heads/*"] });
    expect(trustOf(stack)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CiExactSubjects",
          Effect: "Allow",
          Principal: { Federated: PROVIDER_ARN },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": ["repo:acme-ai/ai-supply-chain:pull_request"] } },
        },
        {
          Sid: "CiSubjectPatterns",
          Effect: "Allow",
          Principal: { Federated: PROVIDER_ARN },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme-ai/ai-supply-chain:ref:refs/heads/*"] },
          },
        },
      ],
    });
  });

  test("each policy is a customer managed policy named after the role, attached to it", () => {
    const stack = build();
    const policies = Object.entries(resourcesOf(stack, "aws_iam_policy"));
    expect(policies.map(([, p]) => [p["name"], JSON.parse(p["policy"] as string)])).toEqual([
      ["acme-ai-dev-ci-deploy-keys", { Version: "2012-10-17", Statement: [{ Sid: "ReadKeys", Effect: "Allow", Action: ["kms:DescribeKey"], Resource: ["arn:aws:kms:eu-west-1:111111111111:key/*"] }] }],
    ]);
    const [roleId] = Object.keys(resourcesOf(stack, "aws_iam_role"));
    const attachments = Object.values(resourcesOf(stack, "aws_iam_role_policy_attachment"));
    expect(attachments.map((a) => [a["role"], a["policy_arn"]])).toEqual([[`\${aws_iam_role.${roleId}.name}`, `\${aws_iam_policy.${policies[0]![0]}.arn}`]]);
  });

  test.each([
    ["everything", "*"],
    ["any repository", "repo:*"],
    ["any repository of the owner", "repo:acme-ai/*:environment:prod"],
    ["a repository pattern", "repo:acme-ai/ai-supply-chai?:ref:refs/heads/main"],
    ["any claim type", "*:acme-ai/ai-supply-chain:ref:refs/heads/main"],
    ["no job part", "repo:acme-ai/ai-supply-chain"],
  ])("refuses a pattern that admits %s", (_name, pattern) => {
    expect(codesOf({ exactSubjects: [], subjectPatterns: [pattern] })).toEqual(["AWS_CI_ROLE_SUBJECT_TOO_BROAD"]);
  });

  test("refuses an exact subject with a wildcard, in the repository or after it", () => {
    expect(codesOf({ exactSubjects: ["repo:acme-ai/*:environment:prod"] })).toEqual(["AWS_CI_ROLE_SUBJECT_TOO_BROAD", "AWS_CI_ROLE_SUBJECT_NOT_EXACT"]);
    expect(codesOf({ exactSubjects: ["repo:acme-ai/ai-supply-chain:environment:*"] })).toEqual(["AWS_CI_ROLE_SUBJECT_NOT_EXACT"]);
  });

  test("refuses a role without any subject, a bad name and a policy over IAM's size", () => {
    expect(codesOf({ exactSubjects: [], subjectPatterns: [] })).toEqual(["AWS_CI_ROLE_NO_SUBJECT"]);
    expect(codesOf({ roleName: "acme ai dev" })).toEqual(["AWS_CI_ROLE_NAME_INVALID"]);
    const many = Array.from({ length: 80 }, (_v, i) => ({ ...READ, Sid: `ReadKeys${i}` }));
    expect(codesOf({ policies: [{ name: "big", statements: many }] })).toEqual(["AWS_CI_ROLE_POLICY_TOO_LARGE"]);
  });
});
