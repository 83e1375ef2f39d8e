import { ciIssuerOf, looksLikeCiSubject, subjectRepository } from "../../policies/support/ci-subjects";
import { conditionRepositories, poolMemberOf } from "../../policies/support/gcp-workload-identity";

/*
 * The readers the three clouds' trust rules share: which one repository a CI subject names, and
 * which repositories a Workload Identity attribute condition admits. The rules' own cases
 * (policies/rules/<cloud>/...) show the findings; these pin the edges of the reading.
 */

test("ciIssuerOf reads URLs, AWS condition-key prefixes and provider ARNs; other issuers are none", () => {
  expect(
    [
      "https://token.actions.githubusercontent.com",
      "https://token.actions.githubusercontent.com/acme-enterprise",
      "token.actions.githubusercontent.com",
      "arn:aws:iam::111122223333:oidc-provider/gitlab.com",
      "https://gitlab.com",
      "https://gitlab.example.com",
      "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
    ].map(ciIssuerOf),
  ).toEqual(["github", "github", "github", "gitlab", "gitlab", undefined, undefined]);
});

test("looksLikeCiSubject: a repo: or project_path: element at the start or after a colon", () => {
  expect(["repo:acme/app:pull_request", "project_path:acme/app:ref_type:branch:ref:main", "repository_owner:acme:repo:acme/app:environment:prod", "system:serviceaccount:ns:repo", "xrepo:acme/app"].map(looksLikeCiSubject)).toEqual([
    true,
    true,
    true,
    false,
    false,
  ]);
});

test("subjectRepository: a wildcard after the repository's closing colon stays inside it", () => {
  expect(subjectRepository("repo:acme/app:*", true)).toEqual({ repository: "acme/app" });
  expect(subjectRepository("repo:acme/app:ref:refs/heads/*", true)).toEqual({ repository: "acme/app" });
  expect(subjectRepository("project_path:acme/platform/app:ref_type:branch:ref:*", true)).toEqual({ repository: "acme/platform/app" });
  expect(subjectRepository("repository_owner:acme:repo:acme/app:*", true)).toEqual({ repository: "acme/app" });
  expect(subjectRepository("repo:acme/app", false)).toEqual({ repository: "acme/app" });
});

test("subjectRepository: * and ? inside or before the repository admit other repositories; exact text is literal", () => {
  expect(subjectRepository("repo:acme/app*", true)).toEqual({ problem: 'the repository part "acme/app*" holds a wildcard, so it also matches other repositories such as acme/app-fork' });
  expect(subjectRepository("repo:acme/*:environment:prod", true)).toEqual({ problem: 'the repository part "acme/*" holds a wildcard, so it also matches other repositories' });
  expect(subjectRepository("repo:acme/app?", true)).toEqual({ problem: 'the repository part "acme/app?" holds a wildcard, so it also matches other repositories' });
  expect(subjectRepository("*repo:acme/app:*", true)).toEqual({ problem: 'the wildcard "*" comes before the repository, so any repository matches' });
  expect(subjectRepository("rep?:acme/app:*", true)).toEqual({
    problem: "names no repository (repo:<owner>/<name>:... or project_path:<group>/<project>:...), so it can match tokens of every repository that shares the rest of the subject",
  });
  // Without wildcards `?` is a character: the element is whole, though the repository is odd.
  expect(subjectRepository("repo:acme/ap?:environment:prod", false)).toEqual({ repository: "acme/ap?" });
  expect(subjectRepository("repo:acme/platform/app:pull_request", false)).toEqual({ problem: 'names "repo:acme/platform/app", which is not one repository (owner/name)' });
  expect(subjectRepository("project_path:acme//app:ref_type:branch:ref:main", false)).toEqual({ problem: 'names "project_path:acme//app", which is not one repository (group/project)' });
});

test("conditionRepositories: every || alternative must compare a repository claim with literals; one && conjunct is enough", () => {
  expect(conditionRepositories('assertion.repository == "acme/app"', undefined)).toEqual({ repositories: ["acme/app"] });
  expect(conditionRepositories("assertion.repository in ['acme/app', 'acme/models',] && assertion.ref == 'refs/heads/main'", undefined)).toEqual({ repositories: ["acme/app", "acme/models"] });
  expect(conditionRepositories('((assertion.repository == "acme/app")) || (assertion.project_path == "acme/gl" && true)', undefined)).toEqual({ repositories: ["acme/app", "acme/gl"] });
  expect(conditionRepositories('google.subject == "repo:acme/app:environment:prod"', undefined)).toEqual({ repositories: ["acme/app"] });
  expect(conditionRepositories('attribute.repo == "acme/app"', { "attribute.repo": "assertion.repository" })).toEqual({ repositories: ["acme/app"] });
  expect(conditionRepositories('attribute.repo == "acme/app:prod"', { "attribute.repo": 'assertion.repository + ":" + assertion.environment' })).toEqual({ repositories: ["acme/app:prod"] });
});

test("conditionRepositories: owners, prefixes, negations, ternaries and unreadable text pin nothing", () => {
  const generic = { problem: "no comparison of assertion.repository (GitLab: assertion.project_path) with literal values holds in every alternative" };
  expect(conditionRepositories('assertion.repository == "acme/app" || true', undefined)).toEqual(generic);
  expect(conditionRepositories('assertion.repository != "acme/evil"', undefined)).toEqual(generic);
  expect(conditionRepositories('assertion.repository == "acme/app" && (', undefined)).toEqual(generic);
  expect(conditionRepositories('"acme/app" == "acme/app" || assertion.repository == "acme/app"', undefined)).toEqual(generic);
  expect(conditionRepositories('assertion.sub == "repository_owner:acme"', undefined)).toEqual(generic);
  expect(conditionRepositories('startsWith(assertion.repository, "acme/")', undefined)).toEqual({
    problem: "startsWith, endsWith, matches or contains over the repository also admits other repositories (acme/app admits acme/app-fork)",
  });
  expect(conditionRepositories('assertion.namespace_path == "acme"', undefined)).toEqual({
    problem: "an owner or group condition admits every repository of that owner or group, forks' owners' repositories included",
  });
  expect(conditionRepositories('assertion.repository == "acme/app" ? true : true', undefined)).toEqual({ problem: "a conditional (?:) expression is not read as a repository binding" });
  expect(conditionRepositories('attribute.owner == "acme"', { "attribute.owner": "assertion.repository.split('/')[0]" })).toEqual({
    problem: "attribute.owner is mapped from assertion.repository.split('/')[0], not from the repository claim",
  });
});

test("poolMemberOf: the whole pool, a group, an attribute set; principal:// and workforce pools are not read", () => {
  const pool = "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci";
  expect(poolMemberOf(`${pool}/*`)).toEqual({ kind: "pool" });
  expect(poolMemberOf(`${pool}/group/deployers`)).toEqual({ kind: "group", group: "deployers" });
  expect(poolMemberOf(`${pool}/attribute.repository/acme/app`)).toEqual({ kind: "attribute", name: "repository", value: "acme/app" });
  expect(poolMemberOf("principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/subject/repo:acme/app:environment:prod")).toEqual(undefined);
  expect(poolMemberOf("principalSet://iam.googleapis.com/locations/global/workforcePools/staff/*")).toEqual(undefined);
});
