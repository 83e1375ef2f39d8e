import { checkRegistries } from "../../config/registry-checks";
import { BlueprintConfig } from "../../config/schema";
import { defaultConfig } from "../helpers/synth";

type Registry = BlueprintConfig["clouds"]["gcp"] extends infer G ? (G extends { environments: Record<string, { registries: Array<infer R> }> } ? R : never) : never;

const registry = (name: string, publishers: string[], readers: string[]): Registry => ({
  name,
  publishers,
  readers,
  lineageTags: ["dataset-digest"],
  approvedRetentionDays: 365,
  incomingExpiryDays: 14,
  gate: { evaluation: [], allowedFormats: ["safetensors"], allowedPickleImports: [], maxTotalGb: 50, maxFiles: 1000, maxManifestKb: 4096, malwareScan: { onMissing: "wait", waitSeconds: 300 } },
});

describe("registry cross-checks", () => {
  test("the default configuration passes", () => {
    expect(checkRegistries(defaultConfig())).toEqual([]);
  });

  test("a registry name whose GCS bucket would pass 63 characters names the derived bucket", () => {
    const config = defaultConfig();
    const long = { ...config, organization: { ...config.organization, name: "acme-ai-platform" } };
    long.clouds.gcp!.environments["staging123"] = {
      projectId: "acme-ai-staging",
      region: "europe-west1",
      registries: [registry("fraud-scoring-batch-eu-1", ["group:p@example.com"], ["group:r@example.com"])],
    };
    const issues = checkRegistries(long).filter((i) => i.path.includes("staging123"));
    expect(issues).toEqual([
      {
        path: ["clouds", "gcp", "environments", "staging123", "registries", 0, "name"],
        message:
          "gives the GCS bucket name acme-ai-platform-staging123-models-fraud-scoring-batch-eu-1-eb65c6 (66 characters); accepted: a registry name short enough for 3-63 lowercase letters, digits, -, _ and ., starting and ending with a letter or digit, not starting with goog, not containing google, not an IP address",
      },
    ]);
  });

  test("principals and lineage tags are compared without case, and each duplicate is reported at its own index", () => {
    const config = defaultConfig();
    config.clouds.gcp!.environments["dev"]!.registries = [
      { ...registry("a-registry", ["group:P@example.com", "group:p@example.com"], ["group:r@example.com"]), lineageTags: ["x", "y", "x"] },
    ];
    expect(checkRegistries(config).map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "clouds.gcp.environments.dev.registries.0.publishers.1: duplicates another entry (group:p@example.com); accepted: each entry once",
      "clouds.gcp.environments.dev.registries.0.lineageTags.2: duplicates another entry (x); accepted: each entry once",
    ]);
  });

  test("a disabled cloud's registries are checked too", () => {
    const config = defaultConfig();
    config.clouds.azure!.enabled = false;
    const twice = registry("same", ["00000000-0000-4000-8000-000000000001"], ["00000000-0000-4000-8000-000000000002"]);
    config.clouds.azure!.environments["dev"]!.registries = [twice, twice];
    expect(checkRegistries(config)).toEqual([
      { path: ["clouds", "azure", "environments", "dev", "registries", 1, "name"], message: "duplicates another registry (same); accepted: each registry name once per environment" },
    ]);
  });

  test("two AWS environments with registries in one account and region are refused at the second", () => {
    const config = defaultConfig();
    const dev = config.clouds.aws!.environments["dev"]!;
    config.clouds.aws!.environments["dev"] = { ...dev, accountId: "222222222222", registries: [registry("one", ["arn:aws:iam::222222222222:role/p"], ["arn:aws:iam::222222222222:role/r"])] };
    expect(checkRegistries(config)).toEqual([
      {
        path: ["clouds", "aws", "environments", "prod", "registries"],
        message:
          "environment dev already has registries in account 222222222222 and eu-west-1, and each owns the account's ECR registry scanning configuration; accepted: one environment with registries per account and region",
      },
    ]);
  });

  test("an environment without registries may share the account and region", () => {
    const config = defaultConfig();
    const dev = config.clouds.aws!.environments["dev"]!;
    config.clouds.aws!.environments["dev"] = { ...dev, accountId: "222222222222", registries: [] };
    expect(checkRegistries(config)).toEqual([]);
  });

  test("Azure allows 8 lineage tags: Defender for Storage writes 2 of a blob's 10 index tags", () => {
    const config = defaultConfig();
    const nine = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    config.clouds.azure!.environments["dev"]!.registries = [
      { ...registry("nine", ["00000000-0000-4000-8000-000000000001"], ["00000000-0000-4000-8000-000000000002"]), lineageTags: nine },
      { ...registry("eight", ["00000000-0000-4000-8000-000000000001"], ["00000000-0000-4000-8000-000000000002"]), lineageTags: nine.slice(0, 8) },
    ];
    expect(checkRegistries(config)).toEqual([
      {
        path: ["clouds", "azure", "environments", "dev", "registries", 0, "lineageTags"],
        message: "9 lineage tags; accepted: at most 8 on Azure, where Defender for Storage malware scanning writes 2 of a blob's 10 index tags",
      },
    ]);
  });

  test("AWS keeps 9 lineage tags: GuardDuty adds one of S3's 10 tags per object", () => {
    const config = defaultConfig();
    const prod = config.clouds.aws!.environments["prod"]!.registries[0]!;
    prod.lineageTags = ["dataset-digest", "source-commit", "eval-report", "a", "b", "c", "d", "e", "f"];
    expect(checkRegistries(config)).toEqual([]);
  });
});
