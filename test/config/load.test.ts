import * as path from "node:path";
import { CONFIG_ENV_VAR, configPath, formatPath, parseConfig } from "../../config/load";
import { defaultConfig } from "../helpers/synth";

describe("config loading", () => {
  test("BLUEPRINT_CONFIG selects another file, relative to the working directory", () => {
    expect(configPath({ [CONFIG_ENV_VAR]: "configs/other.yaml" }, "/srv/app")).toBe(path.resolve("/srv/app", "configs/other.yaml"));
    expect(configPath({}, "/srv/app")).toBe(path.resolve("/srv/app", "blueprint.config.yaml"));
    expect(configPath({ [CONFIG_ENV_VAR]: " " }, "/srv/app")).toBe(path.resolve("/srv/app", "blueprint.config.yaml"));
  });

  test("the embedded default declares dev (standard) and prod (strict by default) on all three clouds", () => {
    const config = defaultConfig();
    expect(Object.keys(config.environments)).toEqual(["dev", "prod"]);
    expect(config.environments["dev"]!.protection).toBe("standard");
    expect(config.environments["prod"]!.protection).toBe("strict");
    for (const cloud of [config.clouds.aws, config.clouds.gcp, config.clouds.azure]) {
      expect(cloud?.enabled).toBe(true);
      expect(Object.keys(cloud!.environments)).toEqual(["dev", "prod"]);
    }
  });

  test("omitted fields take their secure defaults", () => {
    const config = parseConfig(
      [
        "organization: { name: acme, owner: team, costCenter: cc1 }",
        "environments: { prod: {} }",
        "clouds:",
        "  aws:",
        "    adminRoleName: admin",
        // activateCostAllocationTags defaults to true, which needs the management account.
        "    managementAccount: { accountId: '333333333333', region: us-east-1 }",
        "    stateBackend: { accountId: '222222222222', region: eu-west-1 }",
        "    environments: { prod: { accountId: '222222222222', region: eu-west-1 } }",
      ].join("\n"),
      "inline",
    );
    expect(config.clouds.aws!.managementAccount).toEqual({ accountId: "333333333333", region: "us-east-1", allowWorkloads: false });
    expect(config.environments["prod"]).toEqual({
      protection: "strict",
      dataClassification: "confidential",
      keyRotationDays: 90,
      logs: { retentionTier: "compliance-7y", ingestGbPerDay: 1 },
      monitoring: { gateRejectionsPerHour: 5, costAnomalyThresholdUsd: 100, dataEventsPerMonth: 1000000 },
    });
    expect(config.clouds.aws).toMatchObject({ enabled: true, backend: { type: "local" } });
    expect(config.clouds.gcp).toBeUndefined();
  });

  test("an environment with nothing under it takes every default", () => {
    const config = parseConfig(
      [
        "organization: { name: acme, owner: team, costCenter: cc1 }",
        "environments:",
        "  dev:",
        "clouds:",
        "  gcp:",
        "    stateBackend: { projectId: acme-dev-1, region: europe-west1 }",
        "    environments: { dev: { projectId: acme-dev-1, region: europe-west1 } }",
      ].join("\n"),
      "inline",
    );
    expect(config.environments["dev"]).toEqual({
      protection: "strict",
      dataClassification: "confidential",
      keyRotationDays: 90,
      logs: { retentionTier: "compliance-7y", ingestGbPerDay: 1 },
      monitoring: { gateRejectionsPerHour: 5, costAnomalyThresholdUsd: 100, dataEventsPerMonth: 1000000 },
    });
  });

  test("paths print with dots and list indices", () => {
    expect(formatPath(["clouds", "azure", "adminObjectIds", 0])).toBe("clouds.azure.adminObjectIds[0]");
    expect(formatPath([])).toBe("(root)");
  });
});
