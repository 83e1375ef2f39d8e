import { resourceName } from "./naming";

/*
 * The CI identities every cloud federates, named and scoped in one place: the ci-<cloud>-<env>
 * stacks create them, the <cloud>-<env> stacks admit the publishers to their registries by these
 * names (the two stacks share no state, so a reference cannot cross between them), and
 * `blueprint ci init` writes them into the pipelines.
 */

/** CI systems whose OIDC tokens the clouds can trust. */
export const CI_PROVIDERS = ["github", "gitlab"] as const;
export type CiProvider = (typeof CI_PROVIDERS)[number];

/** A repository whose pipeline publishes models (config `ci.modelRepositories[]`). */
export interface CiModelRepository {
  /** `owner/name` (GitHub) or the project path (GitLab). */
  readonly repository: string;
  /** Short name in the publisher identities' names. @default the repository's last path segment, lowercased */
  readonly name?: string;
  /** Registries it publishes to, by name. */
  readonly registries: readonly string[];
}

/** The CI settings the identities derive from (config `ci`, README "Release automation"). */
export interface CiSettings {
  /** Whose OIDC tokens the clouds trust. */
  readonly provider: CiProvider;
  /** The repository that plans and applies the blueprint. */
  readonly repository: string;
  /** Environments its pipeline deploys, in order. */
  readonly environments: readonly string[];
  /** The branch that deploys and publishes. */
  readonly defaultBranch: string;
  /** Issuer of the CI's tokens. @default CI_DEFAULT_ISSUERS[provider] */
  readonly issuerUrl?: string;
  /** Repositories whose pipelines publish models. */
  readonly modelRepositories: readonly CiModelRepository[];
}

/** What a CI identity may do: `plan` reads, `deploy` applies one environment, `publish` uploads models. */
export type CiRole = "plan" | "deploy" | "publish";

/** Issuer of each CI system's OIDC tokens (GitHub Docs, "About security hardening with OpenID Connect"; GitLab Docs, "OpenID Connect (OIDC) Authentication Using ID Tokens"). */
export const CI_DEFAULT_ISSUERS: Readonly<Record<CiProvider, string>> = {
  github: "https://token.actions.githubusercontent.com",
  gitlab: "https://gitlab.com",
};

/**
 * The `aud` each cloud expects: AWS STS `sts.amazonaws.com` (the default of
 * aws-actions/configure-aws-credentials), Entra ID `api://AzureADTokenExchange` (the value
 * federated identity credentials recommend). GCP's provider keeps its default audience, its own
 * resource name, which google-github-actions/auth sends.
 */
export const CI_AUDIENCES = { aws: "sts.amazonaws.com", azure: "api://AzureADTokenExchange" } as const;

/** The issuer URL the clouds trust for `ci`. */
export function ciIssuerUrl(ci: CiSettings): string {
  return ci.issuerUrl ?? CI_DEFAULT_ISSUERS[ci.provider];
}

/** A model repository's short name: `name`, else its last path segment lowercased with other characters as `-`. */
export function modelRepositoryName(repository: Pick<CiModelRepository, "repository" | "name">): string {
  if (repository.name) return repository.name;
  const last = repository.repository.split("/").pop() ?? repository.repository;
  return last.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * The `sub` claims each identity admits, exactly as the CI system writes them.
 *
 * GitHub (GitHub Docs, "OpenID Connect reference", "Example subject claims"): a job in an
 * environment gets `repo:<owner>/<name>:environment:<env>`, a pull request's job
 * `repo:<owner>/<name>:pull_request`, any other job `repo:<owner>/<name>:ref:refs/heads/<branch>`.
 *
 * GitLab (GitLab Docs, "ID token authentication", `sub`): `project_path:<path>:ref_type:branch:ref:<branch>`
 * whatever the job's environment, so a deploy or publish identity is bound to the protected
 * `defaultBranch`, and GitLab's protected environments gate who runs the job.
 */
export interface CiSubjects {
  /** Plan: any branch and pull request of the repository, as patterns (`*` only after the repository). */
  readonly planPatterns: readonly string[];
  /** Plan where a cloud takes exact subjects only (Azure federated credentials): pull requests and the default branch. */
  readonly planExact: readonly string[];
  /** Deploy identity of one environment. */
  deploy(environment: string): string;
  /** Publisher identity of one model repository in one environment. */
  publish(repository: string, environment: string): string;
}

export function ciSubjects(ci: CiSettings): CiSubjects {
  const branch = ci.defaultBranch;
  if (ci.provider === "github") {
    const repo = `repo:${ci.repository}`;
    return {
      planPatterns: [`${repo}:pull_request`, `${repo}:ref:refs/heads/*`],
      planExact: [`${repo}:pull_request`, `${repo}:ref:refs/heads/${branch}`],
      deploy: (environment) => `${repo}:environment:${environment}`,
      publish: (repository, environment) => `repo:${repository}:environment:${environment}`,
    };
  }
  const project = `project_path:${ci.repository}`;
  return {
    planPatterns: [`${project}:ref_type:branch:ref:*`],
    planExact: [`${project}:ref_type:branch:ref:${branch}`],
    deploy: () => `${project}:ref_type:branch:ref:${branch}`,
    publish: (repository) => `project_path:${repository}:ref_type:branch:ref:${branch}`,
  };
}

/** A model repository that publishes into an environment, with the registries it may publish to there. */
export interface CiPublisher {
  /** Short name (modelRepositoryName). */
  readonly name: string;
  /** The model repository. */
  readonly repository: string;
  /** Registries of the environment on this cloud it publishes to (config order, at least one). */
  readonly registries: readonly string[];
}

/**
 * The publishers of one environment on one cloud: model repositories with at least one of their
 * registries there. None when the environment is not a CI environment.
 */
export function ciPublishers(ci: CiSettings | undefined, environment: string, registryNames: readonly string[]): CiPublisher[] {
  if (!ci || !ci.environments.includes(environment)) return [];
  return ci.modelRepositories
    .map((m) => ({ name: modelRepositoryName(m), repository: m.repository, registries: registryNames.filter((r) => m.registries.includes(r)) }))
    .filter((p) => p.registries.length > 0);
}

/** AWS IAM role names: `<org>-<env>-ci-plan`, `<org>-<env>-ci-deploy`, `<org>-<env>-ci-publish-<name>` (64 at most). */
export function awsCiRoleName(org: string, environment: string, role: CiRole, publisher?: string): string {
  return resourceName(org, environment, role === "publish" ? `ci-publish-${publisher ?? ""}` : `ci-${role}`);
}

/** GCP service account ids, 6-30 characters, one project per environment: `ci-plan`, `ci-deploy`, `ci-pub-<name>`. */
export function gcpCiServiceAccountId(role: CiRole, publisher?: string): string {
  return role === "publish" ? `ci-pub-${publisher ?? ""}` : `ci-${role}`;
}

/** `<id>@<project>.iam.gserviceaccount.com`. */
export function gcpCiServiceAccountEmail(projectId: string, role: CiRole, publisher?: string): string {
  return `${gcpCiServiceAccountId(role, publisher)}@${projectId}.iam.gserviceaccount.com`;
}

/** Workload Identity pool of the CI (4-32 characters, not starting with gcp-): `<org>-ci`. */
export function gcpCiPoolId(org: string): string {
  return `${org}-ci`;
}

/** Workload Identity pool provider of the CI: the provider's name, `github` or `gitlab`. */
export function gcpCiProviderId(provider: CiProvider): string {
  return provider;
}

/** Resource group of the CI identities: `rg-<org>-<env>-ci`. */
export function azureCiResourceGroupName(org: string, environment: string): string {
  return `rg-${org}-${environment}-ci`;
}

/** User-assigned identity names: `id-<org>-<env>-ci-plan`, `-ci-deploy`, `-ci-publish-<name>`. */
export function azureCiIdentityName(org: string, environment: string, role: CiRole, publisher?: string): string {
  return `id-${awsCiRoleName(org, environment, role, publisher)}`;
}
