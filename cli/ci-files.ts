/*
 * The unit `blueprint ci init` writes: a path relative to --out and its whole content. Both
 * renderers (GitHub Actions, GitLab CI) return these, so the command writes them alike and the
 * committed examples/ci tree can be compared with a render byte for byte.
 */

/** One file `blueprint ci init` writes, relative to --out. */
export interface PipelineFile {
  /** Path relative to --out, `/`-separated (for example `.github/workflows/deploy.yml`). */
  readonly path: string;
  /** The whole file content, ending with a newline. */
  readonly content: string;
}
