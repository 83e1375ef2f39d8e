import * as path from "node:path";
import { loadConfig } from "../../config/load";
import { EXIT_BAD_INPUT } from "../../stacks/run-blueprint";
import { ConfigScratch, defaultConfigDoc } from "../helpers/config-scratch";

/*
 * AWS placement: where cost-allocation-aws deploys (the management account) and what may share
 * it. Each broken config must exit 2 with exactly one line `config error: <path>: ...; accepted: ...`.
 */

const scratch = new ConfigScratch("aws-placement");
const DEFAULT_CONFIG = path.resolve(__dirname, "..", "..", "blueprint.config.yaml");
type Doc = { clouds: { aws: Record<string, unknown> & { environments: Record<string, { accountId: string; registries?: unknown; functions?: unknown; gitops?: unknown }> } } };

afterAll(() => scratch.remove());

describe("#11 AWS management account", () => {
  test("#11 the default config names a management account that runs no environment", () => {
    const aws = loadConfig(DEFAULT_CONFIG).clouds.aws!;
    expect(aws.managementAccount).toEqual({ accountId: "333333333333", region: "us-east-1", allowWorkloads: false });
    expect(Object.values(aws.environments).map((e) => e.accountId)).not.toContain("333333333333");
  });

  test("#11 activateCostAllocationTags without a management account is a one-line error", () => {
    const doc = defaultConfigDoc<Doc>();
    delete doc.clouds.aws["managementAccount"];
    const { code, lines } = scratch.run(doc);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toEqual([
      "config error: clouds.aws.managementAccount: missing, and activateCostAllocationTags needs it (only the Organization's management account can activate cost allocation tags); " +
        "accepted: a mapping with accountId and region of the management or a standalone account, or activateCostAllocationTags: false",
    ]);
  });

  test("without activateCostAllocationTags no management account is needed", () => {
    const doc = defaultConfigDoc<Doc>();
    delete doc.clouds.aws["managementAccount"];
    doc.clouds.aws["activateCostAllocationTags"] = false;
    const config = loadConfig(scratch.write(doc));
    expect(config.clouds.aws!.managementAccount).toBeUndefined();
  });

  test("#11 a management account that also runs an environment is refused", () => {
    const doc = defaultConfigDoc<Doc>();
    doc.clouds.aws["managementAccount"] = { accountId: "222222222222", region: "us-east-1" };
    const { code, lines } = scratch.run(doc);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toEqual([
      "config error: clouds.aws.managementAccount.accountId: 222222222222 also runs environment prod; accepted: an account that runs no environment, or allowWorkloads: true",
    ]);
  });

  test("#11 every environment sharing the management account is named", () => {
    const doc = defaultConfigDoc<Doc>();
    doc.clouds.aws.environments["dev"]!.accountId = "222222222222";
    // dev's registries and boundary name dev's own account, which it no longer is.
    delete doc.clouds.aws.environments["dev"]!.registries;
    delete doc.clouds.aws.environments["dev"]!.functions;
    // Without registries dev has no GitOps bootstrap either (it needs their signing key).
    delete doc.clouds.aws.environments["dev"]!.gitops;
    doc.clouds.aws["managementAccount"] = { accountId: "222222222222", region: "eu-west-1" };
    // Two CI environments cannot share an account (one OIDC provider per issuer): only prod deploys from CI here.
    (doc as unknown as { ci: { environments: string[] } }).ci.environments = ["prod"];
    const { lines } = scratch.run(doc);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("222222222222 also runs environment dev, prod;");
  });

  test("#11 allowWorkloads: true accepts a management account that runs an environment", () => {
    const doc = defaultConfigDoc<Doc>();
    doc.clouds.aws["managementAccount"] = { accountId: "222222222222", region: "us-east-1", allowWorkloads: true };
    expect(loadConfig(scratch.write(doc)).clouds.aws!.managementAccount).toEqual({ accountId: "222222222222", region: "us-east-1", allowWorkloads: true });
  });

  test.each([
    ["account id not 12 digits", { accountId: "3333", region: "us-east-1" }, "clouds.aws.managementAccount.accountId", "an AWS account id of exactly 12 digits"],
    ["region unknown", { accountId: "333333333333", region: "us-east-9" }, "clouds.aws.managementAccount.region", "an AWS region name"],
    ["allowWorkloads not a boolean", { accountId: "333333333333", region: "us-east-1", allowWorkloads: "yes" }, "clouds.aws.managementAccount.allowWorkloads", "true or false"],
    ["unknown key", { accountId: "333333333333", region: "us-east-1", payer: true }, "clouds.aws.managementAccount.payer", "accepted: one of the keys accountId, region, allowWorkloads"],
  ])("#11 management account %s is a one-line error", (_name, management, fieldPath, accepted) => {
    const doc = defaultConfigDoc<Doc>();
    doc.clouds.aws["managementAccount"] = management;
    const { code, lines } = scratch.run(doc);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`config error: ${fieldPath}: `)).toBe(true);
    expect(lines[0]).toContain(accepted);
  });
});

describe("#12 AWS break-glass role", () => {
  test("#12 breakGlassRoleName must be an IAM role name", () => {
    const doc = defaultConfigDoc<Doc>();
    doc.clouds.aws["breakGlassRoleName"] = "break glass";
    const { code, lines } = scratch.run(doc);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^config error: clouds\.aws\.breakGlassRoleName: .+; accepted: an IAM role name/);
  });

  test("#12 breakGlassRoleName is optional and read as given", () => {
    const doc = defaultConfigDoc<Doc>();
    expect(loadConfig(scratch.write(doc)).clouds.aws!.breakGlassRoleName).toBeUndefined();
    doc.clouds.aws["breakGlassRoleName"] = "evidence-break-glass";
    expect(loadConfig(scratch.write(doc)).clouds.aws!.breakGlassRoleName).toBe("evidence-break-glass");
  });
});
