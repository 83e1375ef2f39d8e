import type { ValidationProblem } from "../validation-error";
import { ADMISSION_NAMESPACE, ADMISSION_OBJECT_NAME } from "../limits/admission";
import { GITOPS_COMMIT_SHA, GITOPS_OPENPGP_KEY_ID, GITOPS_PATH, GITOPS_REF_NAME, GITOPS_REPO_URL } from "../limits/gitops-objects";
import { satisfies, TextRule } from "../limits/text-rule";

/*
 * The inputs every GitOps engine shares: where the environment's desired state lives and which
 * OpenPGP keys sign it. Pure values, no cdktf: the functions of this folder return plain
 * objects for chart values. Fields documented "may be a token" are passed through untouched.
 */

/** The GitOps engine of one environment. */
export type GitOpsEngine = "flux" | "argocd";

/** Which revision of the repository an environment follows: exactly one of tag, commit, branch. */
export type GitRevision = { readonly tag: string } | { readonly commit: string } | { readonly branch: string };

/** The environment's desired state in Git. */
export interface GitSource {
  /** https URL of the repository, e.g. `https://github.com/acme/ai-platform-gitops.git`. */
  readonly url: string;
  /** The environment's directory in the repository, e.g. `environments/prod` (no leading `./`). */
  readonly path: string;
  /** The revision to follow; prod takes a tag or a full commit SHA (config validation). */
  readonly revision: GitRevision;
  /**
   * Name of a Secret in the controllers' namespace holding the Git credentials (synced from the
   * cloud's secret manager, never inlined here).
   * @default - none: the repository is read anonymously
   */
  readonly credentialsSecretName?: string;
}

/** An OpenPGP public key trusted to sign the environment's commits and tags. */
export interface OpenPgpPublicKey {
  /** Key ID, 16 uppercase hex digits, e.g. `4AEE18F83AFDEB23`. */
  readonly keyId: string;
  /** The ASCII-armored public key block (`-----BEGIN PGP PUBLIC KEY BLOCK-----` ...). */
  readonly armoredPublicKey: string;
}

const VALIDATION_ERROR = Symbol.for("ai-supply-chain-blueprint.BlueprintValidationError");

/**
 * Invalid GitOps inputs, with every problem found. Tagged with the symbol of
 * BlueprintValidationError (constructs/shared/validation-error.ts), so
 * `BlueprintValidationError.isValidationError` recognises it without this folder loading cdktf.
 */
export class GitOpsInputError extends Error {
  public readonly problems: readonly ValidationProblem[];

  constructor(problems: readonly ValidationProblem[]) {
    super(problems.map((p) => `${p.constructPath}: ${p.prop} = ${p.value} is invalid [${p.code}]; accepted: ${p.accepted}`).join("\n"));
    this.name = "GitOpsInputError";
    this.problems = problems;
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
  }
}

/** True for a cdktf token string (`${TfToken[TOKEN.12]}`): its value is known only at apply. */
export function isTokenString(value: string): boolean {
  return value.includes("${TfToken[");
}

/** Collects problems of one input object and throws them together. */
export class GitOpsProblems {
  private readonly problems: ValidationProblem[] = [];

  constructor(private readonly path: string) {}

  /** Records a problem unless `ok`. */
  public require(ok: boolean, code: string, prop: string, value: unknown, accepted: string): void {
    if (!ok) this.problems.push({ code, constructPath: this.path, prop, value: JSON.stringify(value) ?? String(value), accepted });
  }

  /** Records a problem unless `value` is a string satisfying `rule`. */
  public text(prop: string, value: unknown, rule: TextRule, code: string): void {
    this.require(typeof value === "string" && satisfies(rule, value), code, prop, value, rule.accepted);
  }

  /** Throws every recorded problem at once. */
  public throwIfAny(): void {
    if (this.problems.length > 0) throw new GitOpsInputError(this.problems);
  }
}

const ARMOR_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
const ARMOR_END = "-----END PGP PUBLIC KEY BLOCK-----";

/** Checks the Git source: URL, path, exactly one revision kind, credentials Secret name. */
export function checkGitSource(p: GitOpsProblems, source: GitSource): void {
  p.text("source.url", source.url, GITOPS_REPO_URL, "GITOPS_REPO_URL_INVALID");
  p.text("source.path", source.path, GITOPS_PATH, "GITOPS_PATH_INVALID");
  const kinds = Object.keys(source.revision ?? {}).sort();
  const one = kinds.length === 1 && ["branch", "commit", "tag"].includes(kinds[0]!);
  p.require(one, "GITOPS_REVISION_INVALID", "source.revision", source.revision, "exactly one of { tag }, { commit } or { branch }");
  if (one && "commit" in source.revision) p.text("source.revision.commit", source.revision.commit, GITOPS_COMMIT_SHA, "GITOPS_REVISION_INVALID");
  if (one && "tag" in source.revision) p.text("source.revision.tag", source.revision.tag, GITOPS_REF_NAME, "GITOPS_REVISION_INVALID");
  if (one && "branch" in source.revision) p.text("source.revision.branch", source.revision.branch, GITOPS_REF_NAME, "GITOPS_REVISION_INVALID");
  if (source.credentialsSecretName !== undefined) {
    p.text("source.credentialsSecretName", source.credentialsSecretName, ADMISSION_OBJECT_NAME, "GITOPS_CREDENTIALS_SECRET_INVALID");
  }
}

/**
 * Checks the signing keys: at least one (verification is not optional), key IDs well formed
 * and unique, each an armored public key block (a private key block is refused: it would land
 * in chart values, Helm release secrets and Terraform state).
 */
export function checkSigningKeys(p: GitOpsProblems, keys: readonly OpenPgpPublicKey[]): void {
  p.require(Array.isArray(keys) && keys.length > 0, "GITOPS_SIGNING_KEYS_MISSING", "signingKeys", keys, "one or more OpenPGP public keys");
  const seen = new Set<string>();
  (keys ?? []).forEach((key, i) => {
    p.text(`signingKeys[${i}].keyId`, key.keyId, GITOPS_OPENPGP_KEY_ID, "GITOPS_SIGNING_KEY_ID_INVALID");
    p.require(!seen.has(key.keyId), "GITOPS_SIGNING_KEY_DUPLICATE", `signingKeys[${i}].keyId`, key.keyId, "each key ID once");
    seen.add(key.keyId);
    const armored = typeof key.armoredPublicKey === "string" ? key.armoredPublicKey.trim() : "";
    p.require(
      armored.startsWith(ARMOR_BEGIN) && armored.endsWith(ARMOR_END) && !armored.includes("PRIVATE KEY"),
      "GITOPS_SIGNING_KEY_NOT_ARMORED", `signingKeys[${i}].armoredPublicKey`, armored.slice(0, 40), `an ASCII-armored block from ${ARMOR_BEGIN} to ${ARMOR_END}`,
    );
  });
}

/** Checks a namespace name. */
export function checkNamespace(p: GitOpsProblems, prop: string, value: string): void {
  p.text(prop, value, ADMISSION_NAMESPACE, "GITOPS_NAMESPACE_INVALID");
}

/** Checks an object name. */
export function checkObjectName(p: GitOpsProblems, prop: string, value: string): void {
  p.text(prop, value, { ...ADMISSION_OBJECT_NAME, maxLength: 63 }, "GITOPS_OBJECT_NAME_INVALID");
}

/** The namespace each engine's controllers run in (the charts' and the CLIs' defaults). */
export function bootstrapNamespace(engine: GitOpsEngine): string {
  return engine === "flux" ? "flux-system" : "argocd";
}

/** A key order independent of the input order, so the same keys give identical output. */
export function sortedKeys(keys: readonly OpenPgpPublicKey[]): OpenPgpPublicKey[] {
  return [...keys].sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
}

/** The labels every emitted object carries. */
export const GITOPS_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/managed-by": "ai-supply-chain-blueprint" };
