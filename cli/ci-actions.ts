/*
 * Every third-party GitHub Action the emitted workflows use, pinned by the full commit SHA of a
 * release. A tag can be moved to other code by whoever controls the action's repository (the
 * tj-actions/changed-files compromise of March 2025 re-pointed every tag); a commit SHA cannot.
 * GitHub Docs, "Security hardening for GitHub Actions", "Using third-party actions": "Pinning an
 * action to a full length commit SHA is currently the only way to use an action as an immutable
 * release."
 *
 * Each entry is the newest release of the action's current major version. Verified by resolving
 * the tag in a clone of the action's repository: `git rev-parse <tag>^{commit}` (annotated tags
 * peeled to their commit), and reading that commit's action.yml for the inputs used here.
 * To update: resolve the new tag the same way, change `sha` and `tag` together, and re-run
 * `blueprint ci init` for examples/ci.
 */

/** One pinned action. */
export interface PinnedAction {
  /** `owner/repo` or `owner/repo/path` as `uses:` names it. */
  readonly action: string;
  /** The release tag the commit carries, written after the SHA as `# <tag>`. */
  readonly tag: string;
  /** Full 40-hex commit the tag points to. */
  readonly sha: string;
}

export const PINNED_ACTIONS = {
  /** actions/checkout v7.0.1: `git rev-parse v7.0.1^{commit}` in github.com/actions/checkout (2026-07-17). */
  checkout: { action: "actions/checkout", tag: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1" },
  /** actions/setup-node v7.0.0: `git rev-parse v7.0.0^{commit}` in github.com/actions/setup-node (2026-07-13). */
  setupNode: { action: "actions/setup-node", tag: "v7.0.0", sha: "820762786026740c76f36085b0efc47a31fe5020" },
  /** actions/upload-artifact v7.0.0: `git rev-parse v7.0.0^{commit}` in github.com/actions/upload-artifact (2026-02-25). */
  uploadArtifact: { action: "actions/upload-artifact", tag: "v7.0.0", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f" },
  /** actions/download-artifact v8.0.1: `git rev-parse v8.0.1^{commit}` in github.com/actions/download-artifact (2026-03-11). */
  downloadArtifact: { action: "actions/download-artifact", tag: "v8.0.1", sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c" },
  /** github/codeql-action v4.36.2 (`upload-sarif` inside it): `git rev-parse v4.36.2^{commit}` in github.com/github/codeql-action (2026-06-04). */
  uploadSarif: { action: "github/codeql-action/upload-sarif", tag: "v4.36.2", sha: "8aad20d150bbac5944a9f9d289da16a4b0d87c1e" },
  /** aws-actions/configure-aws-credentials v6.2.3: `git rev-parse v6.2.3^{commit}` in github.com/aws-actions/configure-aws-credentials (2026-07-22). */
  awsCredentials: { action: "aws-actions/configure-aws-credentials", tag: "v6.2.3", sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c" },
  /** google-github-actions/auth v3.0.0: `git rev-parse v3.0.0^{commit}` in github.com/google-github-actions/auth (2025-08-28). */
  gcpAuth: { action: "google-github-actions/auth", tag: "v3.0.0", sha: "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093" },
  /** google-github-actions/setup-gcloud v3.0.1: `git rev-parse v3.0.1^{commit}` in github.com/google-github-actions/setup-gcloud (2025-08-28). */
  setupGcloud: { action: "google-github-actions/setup-gcloud", tag: "v3.0.1", sha: "aa5489c8933f4cc7a4f7d45035b3b1440c9c10db" },
  /** Azure/login v3.0.1: `git rev-parse v3.0.1^{commit}` in github.com/Azure/login (2026-08-04). */
  azureLogin: { action: "azure/login", tag: "v3.0.1", sha: "f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca" },
  /** hashicorp/setup-terraform v4.0.1: `git rev-parse v4.0.1^{commit}` in github.com/hashicorp/setup-terraform (2026-05-12). */
  setupTerraform: { action: "hashicorp/setup-terraform", tag: "v4.0.1", sha: "dfe3c3f87815947d99a8997f908cb6525fc44e9e" },
} as const satisfies Record<string, PinnedAction>;

export type PinnedActionName = keyof typeof PINNED_ACTIONS;

/** `owner/repo@<sha>`, the value of `uses:` (the `# <tag>` comment is added by the renderer). */
export function usesRef(name: PinnedActionName): string {
  const a = PINNED_ACTIONS[name];
  return `${a.action}@${a.sha}`;
}

/**
 * Terraform the plan and apply jobs install, on GitHub and GitLab alike: the newest 1.x release
 * (tag v1.15.9 of github.com/hashicorp/terraform). The stacks need 1.11 or later
 * (docs/deploy-*.md); pinning the exact release keeps a plan and its apply on the same binary.
 */
export const TERRAFORM_VERSION = "1.15.9";
