import { TextRule } from "./text-rule";

/*
 * Limits of the `ci` settings: the repositories whose pipelines get short-lived cloud
 * credentials, and the names the blueprint derives from them. The config schema, the CI
 * federation constructs and `blueprint ci init` all read these.
 */

/**
 * A GitHub repository, `owner/name`: the owner 1-39 letters, digits and single hyphens (GitHub's
 * user and organisation name rule), the name 1-100 letters, digits, `.`, `_` and `-`, not `.` or
 * `..`. No wildcard can pass: every CI identity trusts exactly one repository.
 */
export const GITHUB_REPOSITORY: TextRule = {
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/,
  accepted: "a GitHub repository as owner/name (no wildcards: each identity trusts one repository), e.g. acme-ai/ai-supply-chain",
};

/**
 * A GitLab project path, `group[/subgroup...]/project`: 2-20 segments of letters, digits, `_`,
 * `-` and `.`, each starting with a letter, digit or `_` (GitLab's path rule), 255 characters at
 * most. No wildcard can pass.
 */
export const GITLAB_PROJECT_PATH: TextRule = {
  pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*){1,19}$/,
  accepted: "a GitLab project path as group/project or group/subgroup/project (no wildcards: each identity trusts one project), e.g. acme-ai/ai-supply-chain",
  maxLength: 255,
};

/**
 * The branch whose pipeline applies (GitHub: where the deploy workflow runs; GitLab: the
 * protected branch the deploy identities are bound to, its tokens' `sub` naming no environment).
 * Git ref-name characters without wildcards, `..`, `@{` or a trailing `/` or `.lock`.
 */
export const CI_BRANCH: TextRule = {
  pattern: /^(?!.*\.\.)(?!.*@\{)(?!.*\/\/)(?!.*\.lock$)[A-Za-z0-9_][A-Za-z0-9._/-]{0,98}[A-Za-z0-9_]$|^[A-Za-z0-9_]$/,
  accepted: "a branch name of letters, digits, . _ / and - (no wildcards), e.g. main",
};

/**
 * The short name of a model repository inside its publisher identities' names: 3-20 lowercase
 * letters, digits and single hyphens. The tightest place is GCP, where a service account id is
 * 6-30 characters: `ci-pub-<name>`.
 */
export const CI_IDENTITY_NAME: TextRule = {
  pattern: /^[a-z](?!.*--)[a-z0-9-]{1,18}[a-z0-9]$/,
  accepted: "3-20 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen",
};

/**
 * Issuer of the CI's OIDC tokens: https, a host, an optional path (a self-managed GitLab under
 * a path), no query, fragment or trailing slash. AWS, GCP and Azure compare it with the token's
 * `iss` claim character for character.
 */
export const CI_ISSUER_URL: TextRule = {
  pattern: /^https:\/\/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/,
  accepted: "an https:// issuer URL without a trailing slash, query or fragment, e.g. https://gitlab.example.com",
  maxLength: 255,
};

/** Environments a pipeline deploys, in order: at least one (a deploy identity needs one). */
export const CI_ENVIRONMENTS = { min: 1, max: 10 } as const;

/** Model repositories that may publish. */
export const CI_MODEL_REPOSITORIES = { max: 20 } as const;

/** Registries one model repository publishes to, per environment. */
export const CI_PUBLISH_REGISTRIES = { min: 1, max: 20 } as const;

/**
 * A runner label (GitHub `runs-on`, GitLab `tags`): letters, digits, `.`, `_` and `-`, 1-100
 * characters, so that it renders as a plain YAML scalar.
 */
export const CI_RUNNER_LABEL: TextRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
  accepted: "a runner label of letters, digits, . _ and -, e.g. self-hosted",
};

/** Labels per runner selection. */
export const CI_RUNNER_LABELS = { min: 1, max: 10 } as const;
