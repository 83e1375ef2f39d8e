import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { CI_AUDIENCES } from "../shared/ci-identities";
import { IAM_ROLE_NAME } from "../shared/limits/aws";
import { PropValidator } from "../shared/validation-error";
import { ICiOidcProvider } from "./ci-oidc-provider";
import { IdentityPolicyStatement } from "./model-registry";
import { ConditionBlock } from "./policy-document";

/*
 * Facts this file relies on:
 * - Condition operators of one statement are ANDed (IAM User Guide, "Condition element":
 *   "If there are multiple condition operators ... all of them must be true"), so exact
 *   subjects (StringEquals) and patterns (StringLike) go in separate statements: in one they
 *   would have to match both at once.
 * - The values of one condition key are ORed: a list of subjects admits any one of them.
 * - A role session lasts at most MaxSessionDuration; AssumeRoleWithWebIdentity defaults to
 *   one hour (STS API Reference, AssumeRoleWithWebIdentity, DurationSeconds), which a CI job
 *   that plans or applies one stack fits in. 3600 also is IAM's minimum maximum.
 * - A customer managed policy holds at most 6,144 characters, whitespace not counted (IAM User
 *   Guide, "IAM and AWS STS quotas"): the deploy role's permissions need several.
 */

/** One customer managed policy of a CI role. */
export interface CiRolePolicy {
  /** Short name, the suffix of the policy's name `<roleName>-<name>`. */
  readonly name: string;
  /** The statements; each needs a Sid. */
  readonly statements: readonly IdentityPolicyStatement[];
}

export interface CiRoleProps {
  /** IAM role name, 1-64 characters (`awsCiRoleName`). */
  readonly roleName: string;
  /** What the role is for: which pipeline job assumes it. */
  readonly description: string;
  /** The CI issuer the role trusts. */
  readonly issuer: ICiOidcProvider;
  /**
   * `sub` claims admitted exactly (StringEquals): a deploy or publish job.
   * @default [] (none; then `subjectPatterns` must name one)
   */
  readonly exactSubjects?: readonly string[];
  /**
   * `sub` patterns admitted with StringLike: `*` and `?` only after the repository, e.g.
   * `repo:acme-ai/ai-supply-chain:ref:refs/heads/*`.
   * @default [] (none)
   */
  readonly subjectPatterns?: readonly string[];
  /** The role's permissions, one customer managed policy each (6,144 characters at most). */
  readonly policies: readonly CiRolePolicy[];
}

/** IAM's limit on a managed policy document, whitespace not counted. */
export const IAM_MANAGED_POLICY_MAX_CHARACTERS = 6144;

/** The session a CI job gets: one hour. */
export const CI_ROLE_MAX_SESSION_SECONDS = 3600;

const hasWildcard = (text: string): boolean => text.includes("*") || text.includes("?");

/**
 * A subject's claim prefix and repository (`repo:<owner>/<name>:...`,
 * `project_path:<group>/<project>:...`) must be literal: a wildcard there admits other
 * repositories, forks' owners included. `*` alone admits every job of the issuer.
 */
function subjectTooBroad(subject: string): boolean {
  const parts = subject.split(":");
  if (parts.length < 3) return true;
  const [claim, repository] = parts as [string, string];
  return claim === "" || repository === "" || hasWildcard(claim) || hasWildcard(repository);
}

/** Characters IAM counts: the JSON without whitespace (JSON.stringify writes none outside strings). */
const policyJson = (statements: readonly IdentityPolicyStatement[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/**
 * An IAM role that a CI job assumes with its OIDC token (`sts:AssumeRoleWithWebIdentity`),
 * trusted only for tokens of one issuer minted for STS (`aud` = `sts.amazonaws.com`) whose
 * `sub` names one repository and the job kind (branch, pull request, environment). Sessions
 * last at most one hour. Permissions are customer managed policies attached to the role, so
 * the policy rules read them like any other identity policy.
 *
 * @example
 * new CiRole(this, "deploy", {
 *   roleName: "acme-ai-prod-ci-deploy", description: "Deploy job of environment prod",
 *   issuer, exactSubjects: ["repo:acme-ai/ai-supply-chain:environment:prod"],
 *   policies: [{ name: "keys", statements: [...] }],
 * });
 */
export class CiRole extends Construct {
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly resource: IamRole;

  constructor(scope: Construct, id: string, props: CiRoleProps) {
    const exact = props.exactSubjects ?? [];
    const patterns = props.subjectPatterns ?? [];
    const validator = new PropValidator(scope, id)
      .matches("roleName", props.roleName, IAM_ROLE_NAME, "AWS_CI_ROLE_NAME_INVALID")
      .require(exact.length + patterns.length > 0, "AWS_CI_ROLE_NO_SUBJECT", "exactSubjects", "[]", "at least one subject in exactSubjects or subjectPatterns: a trust without a sub condition admits every job of the issuer");
    exact.forEach((s, i) => {
      validator.require(!subjectTooBroad(s), "AWS_CI_ROLE_SUBJECT_TOO_BROAD", `exactSubjects[${i}]`, s, "a subject naming one repository, e.g. repo:owner/name:environment:prod");
      // StringEquals compares literally: a `*` here is a mistake for a pattern, never a match-all.
      validator.require(!hasWildcard(s), "AWS_CI_ROLE_SUBJECT_NOT_EXACT", `exactSubjects[${i}]`, s, "an exact subject without * or ? (patterns go in subjectPatterns)");
    });
    patterns.forEach((s, i) =>
      validator.require(!subjectTooBroad(s), "AWS_CI_ROLE_SUBJECT_TOO_BROAD", `subjectPatterns[${i}]`, s, "a pattern whose claim and repository are literal, wildcards only after them, e.g. repo:owner/name:ref:refs/heads/*"),
    );
    props.policies.forEach((p, i) => {
      const document = policyJson(p.statements);
      if (!Token.isUnresolved(document)) {
        validator.require(document.length <= IAM_MANAGED_POLICY_MAX_CHARACTERS, "AWS_CI_ROLE_POLICY_TOO_LARGE", `policies[${i}]`, `${p.name} (${document.length} characters)`, `at most ${IAM_MANAGED_POLICY_MAX_CHARACTERS} characters (IAM managed policy quota): split the statements`);
      }
    });
    validator.throwIfInvalid();
    super(scope, id);

    const audienceKey = `${props.issuer.issuerHost}:aud`;
    const subjectKey = `${props.issuer.issuerHost}:sub`;
    const trust = (sid: string, condition: ConditionBlock) => ({
      Sid: sid,
      Effect: "Allow",
      Principal: { Federated: props.issuer.providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: condition,
    });
    const statements = [
      ...(exact.length > 0 ? [trust("CiExactSubjects", { StringEquals: { [audienceKey]: CI_AUDIENCES.aws, [subjectKey]: [...exact] } })] : []),
      ...(patterns.length > 0 ? [trust("CiSubjectPatterns", { StringEquals: { [audienceKey]: CI_AUDIENCES.aws }, StringLike: { [subjectKey]: [...patterns] } })] : []),
    ];
    this.resource = new IamRole(this, "Resource", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
      maxSessionDuration: CI_ROLE_MAX_SESSION_SECONDS,
      tags: { purpose: "ci-federation" },
    });
    for (const policy of props.policies) {
      const managed = new IamPolicy(this, `Policy-${policy.name}`, {
        name: `${props.roleName}-${policy.name}`,
        description: `${props.roleName}: ${policy.name}`,
        policy: policyJson(policy.statements),
        tags: { purpose: "ci-federation" },
      });
      new IamRolePolicyAttachment(this, `Attachment-${policy.name}`, { role: this.resource.name, policyArn: managed.arn });
    }
    this.roleArn = this.resource.arn;
    this.roleName = this.resource.name;
  }
}
