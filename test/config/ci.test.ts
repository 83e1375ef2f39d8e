import { EXIT_BAD_INPUT } from "../../stacks/run-blueprint";
import { ConfigScratch, defaultConfigDoc } from "../helpers/config-scratch";
import { parseConfig } from "../../config/load";
import { stringify } from "yaml";

/*
 * Release automation configuration (`ci`): each broken config exits 2 with exactly one line
 * naming the field, `config error: <path>: ...; accepted: ...`, and wildcards never pass.
 */

const scratch = new ConfigScratch("ci");
afterAll(() => scratch.remove());

type Ci = Record<string, unknown> & { modelRepositories: Array<Record<string, unknown>>; environments: string[] };
type Doc = Record<string, unknown> & {
  ci?: Ci;
  environments: Record<string, unknown>;
  clouds: Record<"aws" | "gcp" | "azure", { environments: Record<string, Record<string, unknown>> }>;
};

function withCi(change: (ci: Ci, doc: Doc) => void): Doc {
  const doc = defaultConfigDoc<Doc>();
  change(doc.ci!, doc);
  return doc;
}

function onlyLine(doc: Doc): string {
  const { code, lines } = scratch.run(doc);
  expect(code).toBe(EXIT_BAD_INPUT);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("the default configuration's ci block", () => {
  test("parses with its defaults", () => {
    const config = parseConfig(stringify(defaultConfigDoc()), "blueprint.config.yaml");
    expect(config.ci).toEqual({
      provider: "github",
      repository: "acme-ai/ai-supply-chain",
      environments: ["dev", "prod"],
      defaultBranch: "main",
      modelRepositories: [
        { repository: "acme-ai/fraud-scoring-model", name: "fraud-scoring", registries: ["fraud-scoring"] },
        { repository: "acme-ai/llm-adapters", registries: ["llm-adapters"] },
      ],
      runners: { azure: ["self-hosted", "linux", "acme-ai-azure-egress"] },
      aws: { existingOidcProvider: false },
    });
  });

  test("a GitLab project path with subgroups parses", () => {
    const doc = withCi((ci) => {
      ci.provider = "gitlab";
      ci.repository = "acme-ai/platform/ai-supply-chain";
      ci.issuerUrl = "https://gitlab.example.com";
      ci.modelRepositories[0]!.repository = "acme-ai/models/fraud-scoring";
    });
    const config = parseConfig(stringify(doc), "x.yaml");
    expect(config.ci?.repository).toBe("acme-ai/platform/ai-supply-chain");
    expect(config.ci?.issuerUrl).toBe("https://gitlab.example.com");
  });
});

describe("bad ci values", () => {
  const cases: Array<[string, (ci: Ci, doc: Doc) => void, string]> = [
    ["a wildcard repository", (ci) => (ci.repository = "acme-ai/*"), 'config error: ci.repository: got "acme-ai/*"; accepted: a GitHub repository as owner/name (no wildcards: each identity trusts one repository), e.g. acme-ai/ai-supply-chain'],
    ["a wildcard owner", (ci) => (ci.repository = "*/ai-supply-chain"), "config error: ci.repository: got \"*/ai-supply-chain\"; accepted: a GitHub repository as owner/name (no wildcards"],
    ["a repository without its owner", (ci) => (ci.repository = "ai-supply-chain"), 'config error: ci.repository: got "ai-supply-chain"; accepted: a GitHub repository as owner/name'],
    ["a GitHub repository with a subgroup", (ci) => (ci.repository = "acme-ai/platform/ai-supply-chain"), "config error: ci.repository: got \"acme-ai/platform/ai-supply-chain\"; accepted: a GitHub repository as owner/name"],
    ["a GitLab project path with a wildcard", (ci) => ((ci.provider = "gitlab"), (ci.repository = "acme-ai/**")), 'config error: ci.repository: got "acme-ai/**"; accepted: a GitLab project path as group/project or group/subgroup/project (no wildcards: each identity trusts one project)'],
    ["a wildcard model repository", (ci) => (ci.modelRepositories[0]!.repository = "acme-ai/*-model"), 'config error: ci.modelRepositories[0].repository: got "acme-ai/*-model"; accepted: a GitHub repository as owner/name (no wildcards'],
    ["an unknown provider", (ci) => (ci.provider = "jenkins"), 'config error: ci.provider: unknown CI provider "jenkins"; accepted: github or gitlab (lowercase)'],
    ["no environments (a deploy identity without an environment)", (ci) => (ci.environments = []), "config error: ci.environments: got an empty list; accepted: a list of 1-10 declared environments in deploy order (a deploy identity needs an environment)"],
    ["an environment not declared", (ci) => (ci.environments = ["dev", "staging"]), 'config error: ci.environments[1]: environment "staging" is not declared under environments, and a deploy identity needs an environment; accepted: one of dev, prod'],
    ["an environment twice", (ci) => (ci.environments = ["dev", "dev"]), 'config error: ci.environments[1]: environment "dev" is listed twice; accepted: each environment once, in deploy order'],
    ["a wildcard branch", (ci) => (ci.defaultBranch = "release/*"), 'config error: ci.defaultBranch: got "release/*"; accepted: a branch name of letters, digits, . _ / and - (no wildcards), e.g. main'],
    ["an issuer over http", (ci) => (ci.issuerUrl = "http://gitlab.example.com"), 'config error: ci.issuerUrl: got "http://gitlab.example.com"; accepted: an https:// issuer URL without a trailing slash'],
    ["an issuer with a trailing slash", (ci) => (ci.issuerUrl = "https://gitlab.example.com/"), "config error: ci.issuerUrl: got \"https://gitlab.example.com/\"; accepted: an https:// issuer URL without a trailing slash"],
    ["a model repository that is the blueprint's", (ci) => (ci.modelRepositories[0]!.repository = "Acme-AI/AI-Supply-Chain"), "config error: ci.modelRepositories[0].repository: is the blueprint's own repository, whose deploy jobs would then also get the publisher identity; accepted: a repository other than acme-ai/ai-supply-chain"],
    ["a model repository twice", (ci) => (ci.modelRepositories[1] = { repository: "acme-ai/fraud-scoring-model", name: "fraud-again", registries: ["llm-adapters"] }), 'config error: ci.modelRepositories[1].repository: "acme-ai/fraud-scoring-model" is listed twice; accepted: each model repository once, with all its registries'],
    ["two model repositories with one name", (ci) => (ci.modelRepositories[1]!.name = "fraud-scoring"), 'config error: ci.modelRepositories[1].name: "fraud-scoring" is also the name of ci.modelRepositories[0], and each publisher identity needs its own; accepted: a distinct name'],
    ["a derived name that does not fit", (ci) => (ci.modelRepositories[1]!.repository = "acme-ai/Large-Language-Model-Adapters"), 'config error: ci.modelRepositories[1].name: missing, and the name derived from the repository, "large-language-model-adapters", does not fit the identities\' names; accepted: 3-20 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen'],
    ["a name with a double hyphen", (ci) => (ci.modelRepositories[0]!.name = "fraud--scoring"), 'config error: ci.modelRepositories[0].name: got "fraud--scoring"; accepted: 3-20 lowercase letters, digits and single hyphens'],
    ["a registry no CI environment has", (ci) => (ci.modelRepositories[0]!.registries = ["fraud-scoring", "vision"]), 'config error: ci.modelRepositories[0].registries[1]: registry "vision" exists in no CI environment (dev, prod) of an enabled cloud; accepted: the name of a registry under clouds.<cloud>.environments.<env>.registries'],
    ["a model repository without registries", (ci) => (ci.modelRepositories[0]!.registries = []), "config error: ci.modelRepositories[0].registries: got an empty list; accepted: a list of 1-20 registry names"],
    ["an unknown key", (ci) => (ci.branches = ["main"]), "config error: ci.branches: unknown key; accepted: one of the keys provider, repository, environments, defaultBranch, issuerUrl, modelRepositories, runners, aws"],
    ["a runner label with a space", (ci) => (ci.runners = { azure: ["self hosted"] }), 'config error: ci.runners.azure[0]: got "self hosted"; accepted: a runner label of letters, digits, . _ and -, e.g. self-hosted'],
    ["no runner labels", (ci) => (ci.runners = { aws: [] }), "config error: ci.runners.aws: got an empty list; accepted: a list of 1-10 runner labels"],
    ["an existing-provider switch that is not a boolean", (ci) => (ci.aws = { existingOidcProvider: "yes" }), 'config error: ci.aws.existingOidcProvider: got "yes"; accepted: true or false'],
  ];

  test.each(cases)("%s", (_name, change, expected) => {
    expect(onlyLine(withCi(change))).toContain(expected);
  });

  test("two CI environments in one AWS account", () => {
    const doc = withCi((_ci, d) => (d.clouds.aws.environments["prod"]!["accountId"] = "111111111111"));
    const { code, lines } = scratch.run(doc);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toContain(
      "config error: clouds.aws.environments.prod.accountId: 111111111111 also holds CI environment dev, and each CI environment's identities need their own (one OIDC provider per AWS account, one set of CI service accounts per GCP project, one CI resource group per subscription); accepted: a different accountId, or prod out of ci.environments",
    );
  });

  test("two CI environments in one Azure subscription", () => {
    const doc = withCi((_ci, d) => (d.clouds.azure.environments["prod"]!["subscriptionId"] = "00000000-0000-4000-8000-000000000001"));
    const { code, lines } = scratch.run(doc);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toContain(
      "config error: clouds.azure.environments.prod.subscriptionId: 00000000-0000-4000-8000-000000000001 also holds CI environment dev, and each CI environment's identities need their own (one OIDC provider per AWS account, one set of CI service accounts per GCP project, one CI resource group per subscription); accepted: a different subscriptionId, or prod out of ci.environments",
    );
  });

  test("one account is fine when only one of its environments is a CI environment", () => {
    const doc = withCi((ci, d) => {
      ci.environments = ["prod"];
      d.clouds.aws.environments["dev"]!["accountId"] = "222222222222";
    });
    const lines = scratch.run(doc).lines.filter((l) => l.includes("also holds CI environment"));
    expect(lines).toEqual([]);
  });
});
