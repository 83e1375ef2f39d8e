import { awsStateBucketName, azureKeyVaultName, azureStorageAccountName, gcpStateBucketName, stableSuffix } from "../../../constructs/shared/naming";

const SUB = "00000000-0000-4000-8000-000000000002";

describe("naming", () => {
  test("suffixes are stable and depend on every input", () => {
    expect(stableSuffix(6, "a", "b")).toBe(stableSuffix(6, "a", "b"));
    expect(stableSuffix(6, "a", "b")).not.toBe(stableSuffix(6, "a", "c"));
    expect(stableSuffix(6, "a", "b")).toMatch(/^[0-9a-f]{6}$/);
  });

  test.each(["abc", "acme-ai", "a-very-long-orgn"])("Key Vault names fit Azure's rules for org %j", (org) => {
    for (const env of ["dev", "prod", "staging123", "tfstate"]) {
      const name = azureKeyVaultName(org, env, SUB);
      expect(name).toMatch(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/);
    }
  });

  test.each(["abc", "acme-ai", "a-very-long-orgn"])("storage account names fit Azure's rules for org %j", (org) => {
    expect(azureStorageAccountName(org, "tfstate", SUB)).toMatch(/^[a-z0-9]{3,24}$/);
  });

  test("Key Vault names differ per subscription (vault names are global)", () => {
    expect(azureKeyVaultName("acme-ai", "prod", SUB)).not.toBe(azureKeyVaultName("acme-ai", "prod", "00000000-0000-4000-8000-000000000003"));
  });

  test("state bucket names fit S3 and GCS limits at the longest inputs", () => {
    expect(awsStateBucketName("a-very-long-orgn", "123456789012", "ap-southeast-7").length).toBeLessThanOrEqual(63);
    expect(gcpStateBucketName("a-very-long-orgn", "a".repeat(30)).length).toBeLessThanOrEqual(63);
  });
});
