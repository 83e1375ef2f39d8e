import { TextRule } from "./text-rule";

/*
 * Limits of the GitOps bootstrap inputs (constructs/shared/gitops/): the environment's Git
 * source, the OpenPGP keys its commits are verified with, and the CIDRs the controllers'
 * NetworkPolicies admit. Values that cdktf may hand over as tokens (registry host, bucket names,
 * identities, API server addresses from data sources) are not checked here.
 */

/**
 * An https Git URL without credentials, query or fragment, e.g.
 * `https://github.com/acme/ai-platform-gitops.git`. Flux GitRepository accepts
 * `^(http|https|ssh)://.*$` (fluxcd/source-controller api/v1/gitrepository_types.go); the
 * blueprint admits https only, so the transport is always TLS and no key sits in the URL.
 */
export const GITOPS_REPO_URL: TextRule = {
  pattern: /^https:\/\/[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~-]+)+\/?$/,
  accepted: "an https URL of a Git repository without user info, query or fragment (e.g. https://github.com/acme/ai-platform-gitops.git)",
  maxLength: 2048,
};

/**
 * The environment's directory in the repository, e.g. `environments/prod`: relative,
 * slash-separated segments of letters, digits, `.`, `_` and `-`, none of them `.` or `..`.
 */
export const GITOPS_PATH: TextRule = {
  pattern: /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/,
  accepted: "a relative repository path of letters, digits, ., _ and - segments joined by / (no leading /, no . or .. segment)",
  maxLength: 512,
};

/** A full Git commit SHA-1: 40 lowercase hex digits (a short SHA is ambiguous as history grows). */
export const GITOPS_COMMIT_SHA: TextRule = { pattern: /^[0-9a-f]{40}$/, accepted: "a full commit SHA: 40 lowercase hex digits" };

/**
 * A Git tag or branch name in the subset every tool here accepts (git-check-ref-format, Flux
 * `ref.tag`/`ref.branch`, Argo CD `targetRevision`): segments of letters, digits, `.`, `_`
 * and `-` joined by `/`, no segment starting with `.` or `-`, no `..`, not ending in `.lock`.
 */
export const GITOPS_REF_NAME: TextRule = {
  pattern: /^(?!.*\.\.)(?!.*\.lock$)[A-Za-z0-9_][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/,
  accepted: "a Git ref name: letters, digits, ., _ and - segments joined by /, no segment starting with . or -, no .., not ending in .lock",
  maxLength: 255,
};

/**
 * An OpenPGP key ID as Argo CD takes it (`configs.gpg.keys` and AppProject `signatureKeys`):
 * 16 uppercase hex digits (argoproj/argo-cd util/gpg: IsShortKeyID is 16 hex digits).
 */
export const GITOPS_OPENPGP_KEY_ID: TextRule = { pattern: /^[0-9A-F]{16}$/, accepted: "an OpenPGP key ID: 16 uppercase hex digits (e.g. 4AEE18F83AFDEB23)" };

/** An IPv4 CIDR block, e.g. `140.82.112.0/20` (NetworkPolicy `ipBlock.cidr`). */
export const GITOPS_IPV4_CIDR: TextRule = {
  pattern: /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\/(?:3[0-2]|[12]?[0-9])$/,
  accepted: "an IPv4 CIDR block a.b.c.d/n with n from 0 to 32 (e.g. 140.82.112.0/20)",
};

/** An IPv6 CIDR block, e.g. `2606:50c0::/32` (NetworkPolicy `ipBlock.cidr`). */
export const GITOPS_IPV6_CIDR: TextRule = {
  pattern: /^(?=[0-9a-f:]*:)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])$/,
  accepted: "a lowercase IPv6 CIDR block addr/n with n from 0 to 128 (e.g. 2606:50c0::/32)",
};

/**
 * A bridge ConfigMap key: Flux postBuild substitution validates variable names with
 * `^[_[:alpha:]][_[:alpha:][:digit:]]*$` and fails the whole Kustomization on any other key
 * (fluxcd/pkg kustomize varsub.go; kustomize-controller docs/spec/v1/kustomizations.md,
 * "Post build variable substitution"). Lowercase only, so one fact has one spelling.
 */
export const GITOPS_BRIDGE_KEY: TextRule = { pattern: /^[a-z_][a-z0-9_]*$/, accepted: "a bridge key: lowercase letters, digits and _, not starting with a digit", maxLength: 253 };
