import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider";
import { Construct } from "constructs";
import { CiProvider, gcpCiProviderId } from "../shared/ci-identities";
import { CI_ISSUER_URL, GITHUB_REPOSITORY, GITLAB_PROJECT_PATH } from "../shared/limits/ci";
import { GCP_ATTRIBUTE_CONDITION_MAX, GCP_WORKLOAD_IDENTITY_ID } from "../shared/limits/gcp-ci";
import { satisfies } from "../shared/limits/text-rule";
import { PropValidator } from "../shared/validation-error";

/**
 * The token claim that names the repository: GitHub's `repository` (`owner/name`), GitLab's
 * `project_path` (`group/project`) (GitHub Docs, "OpenID Connect reference"; GitLab Docs, "ID
 * token authentication"). Both are mapped to `attribute.repository`, so the plan identity's
 * `principalSet` reads the same on both CI systems.
 */
export const CI_REPOSITORY_CLAIM: Readonly<Record<CiProvider, string>> = {
  github: "assertion.repository",
  gitlab: "assertion.project_path",
};

/**
 * `google.subject` is the token's `sub`, which the deploy and publish identities name exactly
 * (`principal://.../subject/<sub>`); `attribute.repository` is what the plan identity's
 * `principalSet://.../attribute.repository/<repo>` matches. Nothing else is mapped: an
 * attribute no binding reads is only more to review.
 */
export function ciAttributeMapping(provider: CiProvider): Record<string, string> {
  return { "google.subject": "assertion.sub", "attribute.repository": CI_REPOSITORY_CLAIM[provider] };
}

/**
 * `<claim> in ["org/a", "org/b"]`: the provider refuses every token of the issuer whose
 * repository is not listed. GitHub and GitLab.com each sign the tokens of every repository they
 * host with one issuer, so without this condition any repository on them could exchange a token
 * in this pool and be refused only by the service accounts' bindings ("Configure Workload
 * Identity Federation with deployment pipelines", cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines:
 * use an attribute condition that admits only your repositories or organization). The names are
 * validated (no quote, backslash or wildcard can pass GITHUB_REPOSITORY or GITLAB_PROJECT_PATH),
 * so a JSON string literal is a CEL string literal of the same value.
 *
 * `repository_owner` is not pinned as well: every listed repository already names its owner, so
 * `repository in [...]` implies it. What a name cannot stop is a deleted owner or repository whose
 * name someone else registers; only the numeric `repository_owner_id` / `repository_id` claims
 * can, and the configuration does not carry them.
 */
export function ciAttributeCondition(provider: CiProvider, repositories: readonly string[]): string {
  return `${CI_REPOSITORY_CLAIM[provider]} in [${repositories.map((r) => JSON.stringify(r)).join(", ")}]`;
}

export interface WorkloadIdentityPoolProps {
  /** Project of the pool: the environment's project, where the CI service accounts live. */
  readonly projectId: string;
  /** Pool id (`gcpCiPoolId(org)`): 4-32 lowercase letters, digits and -, not starting with gcp-. */
  readonly poolId: string;
  /** The CI system whose tokens the pool's one provider takes; the provider id is its name (`gcpCiProviderId`). */
  readonly ciProvider: CiProvider;
  /** Issuer of the CI's tokens (`ciIssuerUrl(ci)`), compared with the token's `iss`. */
  readonly issuerUri: string;
  /**
   * The repositories whose tokens the provider admits: the blueprint's repository and the model
   * repositories that publish into this environment. Exact names, each once; no wildcard.
   */
  readonly repositories: readonly string[];
}

/**
 * A workload identity pool with one OIDC provider for the CI, admitting the tokens of the listed
 * repositories only. Service accounts trust its identities through `subjectMember` (one exact
 * `sub`) or `repositoryMember` (every token of one admitted repository), never the whole pool.
 *
 * `allowed_audiences` is left empty, so a token's `aud` must be the provider's own resource name
 * (google provider 6.50 iam_workload_identity_pool_provider `oidc.allowed_audiences`: "If this
 * list is empty, the OIDC token audience must be equal to the full canonical resource name of the
 * WorkloadIdentityPoolProvider, with or without the HTTPS prefix"), the audience
 * google-github-actions/auth requests by default: a token minted for another cloud or another
 * pool cannot be replayed here.
 *
 * Deleting the pool only soft-deletes it: its id cannot be reused for about 30 days (google
 * provider 6.50 website/docs/r/iam_workload_identity_pool.html.markdown, `state` DELETED:
 * "Soft-deleted pools are permanently deleted after approximately 30 days ... You cannot reuse the
 * ID of a soft-deleted pool until it is permanently deleted"); a re-created stack must undelete
 * it or choose another organization name.
 *
 * @example
 * const pool = new WorkloadIdentityPool(this, "pool", {
 *   projectId: "acme-ai-prod", poolId: "acme-ci", ciProvider: "github",
 *   issuerUri: "https://token.actions.githubusercontent.com", repositories: ["acme-ai/ai-supply-chain"],
 * });
 */
export class WorkloadIdentityPool extends Construct {
  public readonly pool: IamWorkloadIdentityPool;
  public readonly provider: IamWorkloadIdentityPoolProvider;
  /** `projects/<number>/locations/global/workloadIdentityPools/<id>` (the pool's `name` attribute). */
  public readonly poolName: string;
  /** The provider's resource name, which the pipelines pass as `workload_identity_provider`. */
  public readonly providerName: string;
  public readonly ciProvider: CiProvider;
  /** The repositories the provider admits, in the order given. */
  public readonly repositories: readonly string[];
  /** The provider's `attribute_condition`. */
  public readonly attributeCondition: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityPoolProps) {
    const repositoryRule = props.ciProvider === "github" ? GITHUB_REPOSITORY : GITLAB_PROJECT_PATH;
    const condition = ciAttributeCondition(props.ciProvider, props.repositories);
    const validator = new PropValidator(scope, id)
      .matches("poolId", props.poolId, GCP_WORKLOAD_IDENTITY_ID, "GCP_CI_POOL_ID_INVALID")
      .matches("issuerUri", props.issuerUri, CI_ISSUER_URL, "GCP_CI_ISSUER_INVALID")
      .require(
        props.repositories.length > 0 && new Set(props.repositories).size === props.repositories.length,
        "GCP_CI_REPOSITORIES_INVALID",
        "repositories",
        props.repositories.join(","),
        "one or more repositories, each once",
      );
    for (const repository of props.repositories) {
      validator.require(satisfies(repositoryRule, repository), "GCP_CI_REPOSITORY_INVALID", "repositories", repository, repositoryRule.accepted);
    }
    validator
      .require(condition.length <= GCP_ATTRIBUTE_CONDITION_MAX, "GCP_CI_CONDITION_TOO_LONG", "repositories", `${props.repositories.length} repositories (${condition.length} characters of condition)`, `repositories whose attribute_condition fits ${GCP_ATTRIBUTE_CONDITION_MAX} characters`)
      .throwIfInvalid();
    super(scope, id);
    this.ciProvider = props.ciProvider;
    this.repositories = [...props.repositories];
    this.attributeCondition = condition;
    this.pool = new IamWorkloadIdentityPool(this, "Resource", {
      project: props.projectId,
      workloadIdentityPoolId: props.poolId,
      description: "CI pipelines of the listed repositories; applied by an administrator, never by a pipeline",
      disabled: false,
    });
    this.provider = new IamWorkloadIdentityPoolProvider(this, "Provider", {
      project: props.projectId,
      workloadIdentityPoolId: this.pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: gcpCiProviderId(props.ciProvider),
      description: `OIDC tokens of ${props.ciProvider} for the admitted repositories only`,
      disabled: false,
      attributeMapping: ciAttributeMapping(props.ciProvider),
      attributeCondition: condition,
      oidc: { issuerUri: props.issuerUri },
    });
    this.poolName = this.pool.name;
    this.providerName = this.provider.name;
  }

  /**
   * The one identity whose token carries exactly `subject` as `sub`
   * (`principal://iam.googleapis.com/<pool name>/subject/<subject>`, IAM "Principal identifiers",
   * cloud.google.com/iam/docs/principal-identifiers: "A single identity in a workload identity pool").
   */
  public subjectMember(subject: string): string {
    return `principal://iam.googleapis.com/${this.poolName}/subject/${subject}`;
  }

  /**
   * Every identity of one repository, any branch, pull request or environment
   * (`principalSet://iam.googleapis.com/<pool name>/attribute.repository/<repository>`, IAM
   * "Principal identifiers": "All identities with a specific attribute value").
   */
  public repositoryMember(repository: string): string {
    return `principalSet://iam.googleapis.com/${this.poolName}/attribute.repository/${repository}`;
  }

  /** True when the provider admits tokens of `repository`. */
  public admits(repository: string): boolean {
    return this.repositories.includes(repository);
  }

  /** True when a token whose `sub` is `subject` comes from an admitted repository (GitHub `repo:<r>:...`, GitLab `project_path:<r>:...`). */
  public admitsSubject(subject: string): boolean {
    const prefix = this.ciProvider === "github" ? "repo:" : "project_path:";
    return this.repositories.some((r) => subject.startsWith(`${prefix}${r}:`));
  }
}
