import * as path from "node:path";
import { BlueprintConfig } from "../../config/schema";
import { Json, defaultConfig, synthApp } from "../helpers/synth";

type Backend = Record<string, Json>;

function backendsOf(config: BlueprintConfig, name: string): Map<string, Backend> {
  return new Map([...synthApp(name, config)].map(([stack, json]) => [stack, (JSON.parse(json) as { terraform: { backend: Backend } }).terraform.backend]));
}

function withBackends(): BlueprintConfig {
  const config = defaultConfig();
  return {
    ...config,
    clouds: {
      aws: { ...config.clouds.aws!, backend: { type: "s3" } },
      gcp: { ...config.clouds.gcp!, backend: { type: "gcs" } },
      azure: { ...config.clouds.azure!, backend: { type: "azurerm" } },
    },
  };
}

describe("backends", () => {
  test("local by default, in the project root, written as a relative path", () => {
    const backends = backendsOf(defaultConfig(), "backends-local");
    for (const [stack, backend] of backends) {
      const statePath = (backend["local"] as { path: string }).path;
      expect(statePath).toBe(`../../../../../terraform.${stack}.tfstate`);
      // Terraform runs in the stack's directory; from there the path lands in the project root.
      expect(path.resolve("test/.out/backends-local/stacks", stack, statePath)).toBe(path.resolve(`terraform.${stack}.tfstate`));
    }
  });

  describe("remote, pointing at what the state-backend stacks create", () => {
    const backends = backendsOf(withBackends(), "backends-remote");

    test("s3: encrypted with the state key alias, S3 lock file, no DynamoDB table", () => {
      const s3 = backends.get("aws-dev")!["s3"]!;
      expect(s3).toEqual({
        bucket: "acme-ai-tfstate-222222222222-eu-west-1",
        key: "aws-dev/terraform.tfstate",
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:222222222222:alias/acme-ai-tfstate",
        use_lockfile: true,
      });
    });

    test("gcs: per-stack prefix and the state CMEK", () => {
      expect(backends.get("gcp-prod")!["gcs"]).toEqual({
        bucket: "acme-ai-tfstate-acme-ai-prod",
        prefix: "gcp-prod",
        kms_encryption_key: "projects/acme-ai-prod/locations/europe-west1/keyRings/acme-ai-tfstate/cryptoKeys/state",
      });
    });

    test("azurerm: Entra ID auth against the state account", () => {
      expect(backends.get("azure-dev")!["azurerm"]).toEqual({
        resource_group_name: "rg-acme-ai-tfstate",
        storage_account_name: expect.stringMatching(/^stacmeaitfst[0-9a-f]{6}$/),
        container_name: "tfstate",
        key: "azure-dev.tfstate",
        subscription_id: "00000000-0000-4000-8000-000000000002",
        tenant_id: "00000000-0000-4000-8000-000000000000",
        use_azuread_auth: true,
      });
    });

    test("the state-backend stacks themselves keep local state (nothing exists yet to hold it)", () => {
      for (const cloud of ["aws", "gcp", "azure"]) {
        expect(Object.keys(backends.get(`state-backend-${cloud}`)!)).toEqual(["local"]);
      }
    });

    test("remote backend names match the resources the state-backend stacks create", () => {
      const state = new Map([...synthApp("backends-state", withBackends())].map(([stack, json]) => [stack, json]));
      expect(state.get("state-backend-aws")).toContain('"bucket": "acme-ai-tfstate-222222222222-eu-west-1"');
      expect(state.get("state-backend-aws")).toContain('"name": "alias/acme-ai-tfstate"');
      expect(state.get("state-backend-gcp")).toContain('"name": "acme-ai-tfstate-acme-ai-prod"');
      expect(state.get("state-backend-gcp")).toContain('"name": "acme-ai-tfstate"');
      const account = (backends.get("azure-prod")!["azurerm"] as { storage_account_name: string }).storage_account_name;
      expect(state.get("state-backend-azure")).toContain(`"name": "${account}"`);
      expect(state.get("state-backend-azure")).toContain('"name": "rg-acme-ai-tfstate"');
    });
  });

  test("explicit overrides and a role to assume for cross-account state", () => {
    const config = defaultConfig();
    const custom: BlueprintConfig = {
      ...config,
      clouds: {
        ...config.clouds,
        aws: {
          ...config.clouds.aws!,
          backend: {
            type: "s3",
            bucket: "existing-state",
            kmsKeyId: "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            roleArn: "arn:aws:iam::333333333333:role/terraform-state",
          },
        },
      },
    };
    const s3 = backendsOf(custom, "backends-custom").get("aws-prod")!["s3"]!;
    expect(s3).toMatchObject({
      bucket: "existing-state",
      kms_key_id: "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      assume_role: { role_arn: "arn:aws:iam::333333333333:role/terraform-state" },
      use_lockfile: true,
    });
  });
});
