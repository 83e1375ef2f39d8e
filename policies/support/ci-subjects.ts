/**
 * The subjects CI systems write into their OIDC tokens, read the same way by the trust rules of
 * every cloud: which one repository a trusted subject (or subject pattern) names, or why it
 * names none.
 *
 * GitHub (GitHub Docs, "OpenID Connect reference", "Example subject claims"):
 * `repo:<owner>/<name>:<context>`; an organisation's or repository's customised template may put
 * other claims first or leave the repository out (`repository_owner:<owner>`, which every
 * repository of the owner shares, GitHub Docs "Customizing the subject claims for an organization
 * or repository"). GitLab (GitLab Docs, "OpenID Connect (OIDC) Authentication Using ID Tokens",
 * `sub`): `project_path:<group>/<project>:ref_type:<type>:ref:<ref>`. Neither an owner/name nor a
 * project path can hold a `:`, so the repository element ends at the next `:`.
 */

/** CI systems whose token subjects the rules read. */
export type CiIssuer = "github" | "gitlab";

/** Hosts of the CI systems' public issuers (`iss`): GitHub Actions (also `/<enterprise>` paths) and GitLab.com. */
const CI_ISSUER_HOSTS: Readonly<Record<string, CiIssuer>> = {
  "token.actions.githubusercontent.com": "github",
  "gitlab.com": "gitlab",
};

/**
 * The CI system of an issuer, written as a URL (`https://token.actions.githubusercontent.com`),
 * as an AWS condition-key prefix (`gitlab.com`) or as an AWS provider ARN
 * (`arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com`); undefined for any other
 * issuer (a cluster, a self-managed GitLab: those are read by the subject's shape alone).
 */
export function ciIssuerOf(issuer: string): CiIssuer | undefined {
  const afterArn = issuer.includes(":oidc-provider/") ? issuer.slice(issuer.indexOf(":oidc-provider/") + ":oidc-provider/".length) : issuer;
  const host = afterArn.replace(/^https:\/\//i, "").split("/")[0]!.toLowerCase();
  return CI_ISSUER_HOSTS[host];
}

/** The claim prefixes that name a repository in a subject. */
const REPOSITORY_ELEMENTS = ["repo:", "project_path:"] as const;

/** True when `subject` is shaped like a CI subject: it has a `repo:` or `project_path:` element. */
export function looksLikeCiSubject(subject: string): boolean {
  return REPOSITORY_ELEMENTS.some((element) => subject.startsWith(element) || subject.includes(`:${element}`));
}

/** What a subject says about repositories: the one it names, or why it names none. */
export type SubjectRepository = { readonly repository: string } | { readonly problem: string };

/** Index of the first `*` or `?` (IAM's StringLike wildcards), or -1. */
function firstWildcard(text: string): number {
  const star = text.indexOf("*");
  const mark = text.indexOf("?");
  if (star < 0) return mark;
  if (mark < 0) return star;
  return Math.min(star, mark);
}

/** Where a repository element starts in `text`: at its start or right after a `:`, else -1. */
function elementAt(text: string, element: string): number {
  if (text.startsWith(element)) return 0;
  const inside = text.indexOf(`:${element}`);
  return inside < 0 ? -1 : inside + 1;
}

/** True when `repository` is one repository: `owner/name` (GitHub) or `group[/subgroup]/project` (GitLab), with no empty segment. */
function isOneRepository(element: string, repository: string): boolean {
  const segments = repository.split("/");
  if (segments.some((s) => s === "")) return false;
  return element === "repo:" ? segments.length === 2 : segments.length >= 2;
}

/**
 * The one repository `subject` names. With `wildcards` (IAM `StringLike`), `*` and `?` match
 * any characters, `:` included: the subject names one repository only when the text before its
 * first wildcard already holds a whole repository element, closed by its `:`
 * (`repo:acme/app:*`). A wildcard inside or before the element (`repo:acme/*`,
 * `repo:acme/app*`, which also matches `acme/app-fork`, `repo:acme/ap?:*`, `*:environment:prod`)
 * lets other repositories in. Without wildcards (exact comparison) the whole text is literal.
 */
export function subjectRepository(subject: string, wildcards: boolean): SubjectRepository {
  const cut = wildcards ? firstWildcard(subject) : -1;
  const literal = cut < 0 ? subject : subject.slice(0, cut);
  for (const element of REPOSITORY_ELEMENTS) {
    const at = elementAt(literal, element);
    if (at < 0) continue;
    const rest = literal.slice(at + element.length);
    const end = rest.indexOf(":");
    if (end < 0 && cut >= 0) {
      const written = subject.slice(at + element.length).split(":")[0]!;
      // `acme/app*` is a prefix match: name the repository it also admits, so the finding shows the risk.
      const stem = literal.slice(at + element.length);
      const admits = stem.includes("/") && !stem.endsWith("/") && subject[cut] === "*" ? ` such as ${stem}-fork` : "";
      return { problem: `the repository part ${JSON.stringify(written)} holds a wildcard, so it also matches other repositories${admits}` };
    }
    const repository = end < 0 ? rest : rest.slice(0, end);
    if (!isOneRepository(element, repository)) return { problem: `names ${JSON.stringify(`${element}${repository}`)}, which is not one repository (${element === "repo:" ? "owner/name" : "group/project"})` };
    return { repository };
  }
  if (cut >= 0 && REPOSITORY_ELEMENTS.some((element) => subject.includes(element))) return { problem: `the wildcard ${JSON.stringify(subject[cut])} comes before the repository, so any repository matches` };
  return { problem: "names no repository (repo:<owner>/<name>:... or project_path:<group>/<project>:...), so it can match tokens of every repository that shares the rest of the subject" };
}
