import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";
import { GCP_SERVICE_ACCOUNT_ID, GCP_WORKLOAD_IDENTITY_SUBJECT } from "../shared/limits/gcp-ci";
import { gcpServiceAccountMember } from "../shared/naming";
import { PropValidator } from "../shared/validation-error";
import { WorkloadIdentityPool } from "./workload-identity-pool";

/**
 * What lets a federated identity act as a service account: `iam.serviceAccounts.getAccessToken`
 * through Workload Identity Federation ("Configure Workload Identity Federation with deployment
 * pipelines", "Grant access": roles/iam.workloadIdentityUser on the service account).
 */
export const WORKLOAD_IDENTITY_USER_ROLE = "roles/iam.workloadIdentityUser";

export interface CiServiceAccountProps {
  /** Project of the service account (the pool's project). */
  readonly projectId: string;
  /** Account id (`gcpCiServiceAccountId`): 6-30 lowercase letters, digits and hyphens. */
  readonly accountId: string;
  /** Shown in the console and in audit logs' principal details. */
  readonly displayName: string;
  /** The pool whose identities may act as the account. */
  readonly pool: WorkloadIdentityPool;
  /**
   * The one `sub` that may act as the account (deploy: `repo:<r>:environment:<env>`; publish),
   * from an admitted repository. Exactly one of `subject` and `repository`.
   * @default - not bound to a subject: `repository` must be given
   */
  readonly subject?: string;
  /**
   * The admitted repository every token of which may act as the account (plan: any branch and
   * pull request). Exactly one of `subject` and `repository`.
   * @default - not bound to a repository: `subject` must be given
   */
  readonly repository?: string;
}

/**
 * A service account a CI job impersonates through the pool, bound to exactly one principal:
 * one `sub` (`principal://.../subject/<sub>`) or one repository
 * (`principalSet://.../attribute.repository/<repo>`), never the pool's `/*`. The member is built
 * from the pool's `name` attribute, so it names the pool by its project number as IAM stores it,
 * without this code spelling the number.
 *
 * No key is created: the pipelines hold nothing long-lived.
 *
 * @example
 * const deploy = new CiServiceAccount(this, "deploy", {
 *   projectId: "acme-ai-prod", accountId: "ci-deploy", displayName: "CI deploy of prod", pool,
 *   subject: "repo:acme-ai/ai-supply-chain:environment:prod",
 * });
 */
export class CiServiceAccount extends Construct {
  public readonly serviceAccount: ServiceAccount;
  /** The account's email (a reference, known at apply). */
  public readonly email: string;
  /** `serviceAccount:<email>`, for grants. */
  public readonly member: string;
  /** The one federated principal that may act as the account. */
  public readonly federatedMember: string;

  constructor(scope: Construct, id: string, props: CiServiceAccountProps) {
    const { subject, repository, pool } = props;
    new PropValidator(scope, id)
      .matches("accountId", props.accountId, GCP_SERVICE_ACCOUNT_ID, "GCP_CI_SERVICE_ACCOUNT_ID_INVALID")
      .require((subject === undefined) !== (repository === undefined), "GCP_CI_TRUST_INVALID", "subject, repository", `${subject ?? "-"}, ${repository ?? "-"}`, "exactly one of subject (one sub claim) and repository (every token of one repository)")
      .matches("subject", subject, GCP_WORKLOAD_IDENTITY_SUBJECT, "GCP_CI_SUBJECT_INVALID")
      .require(subject === undefined || pool.admitsSubject(subject), "GCP_CI_SUBJECT_NOT_ADMITTED", "subject", subject, `the sub of a repository the pool admits: ${pool.repositories.join(", ")}`)
      .require(repository === undefined || pool.admits(repository), "GCP_CI_REPOSITORY_NOT_ADMITTED", "repository", repository, `a repository the pool admits: ${pool.repositories.join(", ")}`)
      .throwIfInvalid();
    super(scope, id);
    this.serviceAccount = new ServiceAccount(this, "Resource", {
      project: props.projectId,
      accountId: props.accountId,
      displayName: props.displayName,
      description: subject !== undefined ? `Impersonated by the CI token with sub ${subject} only` : `Impersonated by CI tokens of ${repository!} only`,
    });
    this.email = this.serviceAccount.email;
    this.member = gcpServiceAccountMember(this.email);
    this.federatedMember = subject !== undefined ? pool.subjectMember(subject) : pool.repositoryMember(repository!);
    new ServiceAccountIamMember(this, "WorkloadIdentityUser", {
      serviceAccountId: this.serviceAccount.name,
      role: WORKLOAD_IDENTITY_USER_ROLE,
      member: this.federatedMember,
    });
  }
}
