import { stateKey } from "../../../constructs/shared/naming";
import * as naming from "../../../constructs/shared/naming";
import { awsFunctionRoleName, awsServiceHost, awsStateBucketName, azureKeyVaultName, azureStorageAccountName, gcpStateBucketName, pascalCase, stableSuffix } from "../../../constructs/shared/naming";

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

describe("exact names", () => {
  test("a suffix is the leading hex digits of the SHA-256 of the parts joined by /", () => {
    expect(stableSuffix(8, "a", "b")).toBe("c14cddc0");
    expect(stableSuffix(8, "a/b")).toBe("c14cddc0");
  });

  test("Key Vault names: kv-, the org's first 9 characters without edge hyphens, the env's first 4, a 5-digit hash", () => {
    expect(azureKeyVaultName("acme-ai", "prod", SUB)).toBe("kv-acme-ai-prod-3081d");
    expect(azureKeyVaultName("-acme-very-long", "staging", SUB)).toBe("kv-acme-ver-stag-ac240");
    expect(azureKeyVaultName("acme-ai--x", "prod", SUB)).toBe("kv-acme-ai-prod-40dd1");
    expect(azureKeyVaultName("--acme-ai", "prod", SUB)).toBe("kv-acme-ai-prod-05ebd");
    expect(azureKeyVaultName("acme----x", "dev", SUB)).toBe("kv-acme----x-dev-5dc98");
  });

  test("storage account names: st, the org's first 10 letters and digits, the purpose's first 4, a 6-digit hash", () => {
    expect(azureStorageAccountName("acme-ai-long-org", "tfstate", SUB)).toBe("stacmeailongtfst71c9ac");
    expect(azureStorageAccountName("a-b-c", "logs", SUB)).toBe("stabclogs611491");
  });

  test("state buckets, resource groups and per-environment base names", () => {
    expect(awsStateBucketName("acme-ai", "123456789012", "eu-west-1")).toBe("acme-ai-tfstate-123456789012-eu-west-1");
    expect(gcpStateBucketName("acme-ai", "acme-ai-prod")).toBe("acme-ai-tfstate-acme-ai-prod");
    expect(naming.azureResourceGroupName("acme-ai", "prod")).toBe("rg-acme-ai-prod");
    expect(naming.resourceName("acme-ai", "prod", "logs")).toBe("acme-ai-prod-logs");
  });
});

describe("state key", () => {
  test("each backend keeps one state object per stack", () => {
    expect(stateKey("aws", "aws-prod")).toBe("aws-prod/terraform.tfstate");
    expect(stateKey("gcp", "gcp-prod")).toBe("gcp-prod");
    expect(stateKey("azure", "azure-prod")).toBe("azure-prod.tfstate");
  });
});

describe("AWS derived names", () => {
  test("names of an environment's log archive, trail and access-log bucket", () => {
    expect(naming.awsLogBucketName("acme-ai", "prod", "222222222222")).toBe("acme-ai-prod-logs-222222222222");
    expect(naming.awsLogsKeyAlias("acme-ai", "prod")).toBe("acme-ai-prod-logs");
    expect(naming.awsTrailName("acme-ai", "prod")).toBe("acme-ai-prod-audit");
    expect(naming.awsAccessLogBucketName("acme-ai", "log-archive", "444444444444")).toBe("acme-ai-log-archive-access-logs-444444444444");
  });

  test("names of the state backend", () => {
    expect(naming.awsStateAccessLogBucketName("acme-ai", "222222222222", "eu-west-1")).toBe("acme-ai-tfstate-access-222222222222-eu-west-1");
    expect(naming.awsStateKeyAlias("acme-ai")).toBe("acme-ai-tfstate");
    expect(naming.awsStateBucketArn("aws", "acme-ai", "222222222222", "eu-west-1")).toBe("arn:aws:s3:::acme-ai-tfstate-222222222222-eu-west-1");
  });

  test("ARNs follow the partition", () => {
    expect(naming.awsS3BucketArn("aws-cn", "acme-ai-prod-logs-222222222222")).toBe("arn:aws-cn:s3:::acme-ai-prod-logs-222222222222");
    expect(naming.awsIamRoleArn("aws-us-gov", "222222222222", "blueprint-admin")).toBe("arn:aws-us-gov:iam::222222222222:role/blueprint-admin");
    expect(naming.awsAccountRootArn("aws", "222222222222")).toBe("arn:aws:iam::222222222222:root");
    expect(naming.awsTrailArn("aws", "eu-west-1", "222222222222", "acme-ai-prod-audit")).toBe("arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-ai-prod-audit");
    expect(naming.awsTrailArn("aws", "*", "222222222222", "*")).toBe("arn:aws:cloudtrail:*:222222222222:trail/*");
    expect(naming.awsKmsAliasArn("aws", "eu-west-1", "444444444444", "acme-ai-prod-logs")).toBe("arn:aws:kms:eu-west-1:444444444444:alias/acme-ai-prod-logs");
  });
});

describe("Azure derived names", () => {
  test("the blob service of an account, where blob diagnostic settings attach", () => {
    expect(naming.azureBlobServiceId("${azurerm_storage_account.logs.id}")).toBe("${azurerm_storage_account.logs.id}/blobServices/default");
  });

  test("a diagnostic category's container, lowercased", () => {
    expect(naming.azureDiagnosticContainerName("AuditEvent")).toBe("insights-logs-auditevent");
  });

  test("the Activity Log setting of a scope, and the setting name of every other source", () => {
    expect(naming.AZURE_DIAGNOSTIC_SETTING_NAME).toBe("audit-to-immutable-storage");
    expect(naming.azureActivityLogSettingName("acme-ai", "prod")).toBe("audit-to-immutable-storage-acme-ai-prod");
  });

  test("log account names keep the state backend's and the environments' values", () => {
    expect(naming.azureLogAccountName("acme-ai", "tfstate", SUB)).toBe(azureStorageAccountName("acme-ai", "logs-tfstate", SUB));
    expect(naming.azureLogAccountName("acme-ai", "prod", SUB)).toMatch(/^stacmeailogs[0-9a-f]{6}$/);
  });

  test("storage identity, key-manager role and evidence key names", () => {
    expect(naming.azureStorageIdentityName("stacmeailogs1a2b3c")).toBe("id-stacmeailogs1a2b3c");
    expect(naming.azureKeyManagerRoleName("kv-acme-ai-prod-1a2b3")).toBe("Blueprint key manager (kv-acme-ai-prod-1a2b3)");
    expect(naming.azureEvidenceKeyName("prod")).toBe("logs-prod");
  });

  test("an account's ARM id and a key's versionless data-plane id, named across stacks", () => {
    expect(naming.azureStorageAccountId(SUB, "rg-acme-ai-evidence", "stacmeailogs1a2b3c")).toBe(
      "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/rg-acme-ai-evidence/providers/Microsoft.Storage/storageAccounts/stacmeailogs1a2b3c",
    );
    expect(naming.azureVersionlessKeyId("kv-acme-ai-evid-1a2b3", "logs-prod")).toBe("https://kv-acme-ai-evid-1a2b3.vault.azure.net/keys/logs-prod");
  });

  test("a tier's lifecycle rules, block and append blobs", () => {
    expect(naming.azureLifecycleRuleNames("audit-1y")).toEqual({ blockBlobs: "retention-audit-1y", appendBlobs: "retention-audit-1y-append" });
  });
});

describe("GCP derived names", () => {
  test("key rings: the environment's, the state backend's, and the rebuildable form", () => {
    expect(naming.gcpKeyRingName("acme-ai", "prod")).toBe("acme-ai-prod");
    expect(naming.gcpStateKeyRingName("acme-ai")).toBe("acme-ai-tfstate");
    expect(naming.gcpRebuildableKeyRingName("acme-ai-dev", "${time_static.ring_Created_1A2B3C4D.unix}")).toBe("acme-ai-dev-${time_static.ring_Created_1A2B3C4D.unix}");
    expect(naming.GCP_REBUILD_SUFFIX_LENGTH).toBe("-1767225600".length);
  });

  test("crypto key ids: any key, the state key, an environment's logs key in the evidence project", () => {
    expect(naming.gcpCryptoKeyId("acme-ai-prod", "europe-west1", "acme-ai-prod", "registry")).toBe("projects/acme-ai-prod/locations/europe-west1/keyRings/acme-ai-prod/cryptoKeys/registry");
    expect(naming.gcpStateKeyName("acme-ai", "acme-ai-prod", "europe-west1")).toBe("projects/acme-ai-prod/locations/europe-west1/keyRings/acme-ai-tfstate/cryptoKeys/state");
    const evidence = { projectId: "acme-ai-evidence", region: "europe-west1" };
    expect(naming.gcpEvidenceLogsKeyRef("acme-ai", "prod", evidence, false)).toBe("projects/acme-ai-evidence/locations/europe-west1/keyRings/acme-ai-prod/cryptoKeys/logs");
    expect(naming.gcpEvidenceLogsKeyRef("acme-ai", "dev", evidence, true)).toBe("evidence-gcp:dev-logs-key");
  });

  test("buckets, sink, budget and evidence outputs", () => {
    expect(naming.gcpLogBucketName("acme-ai", "prod", "acme-ai-prod")).toBe("acme-ai-prod-logs-acme-ai-prod");
    expect(naming.gcpLogBucketName("acme-ai", "prod", "acme-ai-evidence")).toBe("acme-ai-prod-logs-acme-ai-evidence");
    expect(naming.gcpStateUsageLogBucketName("acme-ai", "acme-ai-prod")).toBe("acme-ai-tfstate-usage-acme-ai-prod");
    expect(naming.gcpSinkName("acme-ai", "prod")).toBe("acme-ai-prod-audit");
    expect(naming.gcpBudgetName("acme-ai", "prod")).toBe("acme-ai-prod-monthly");
    expect(naming.gcpBudgetChannelDisplayName("acme-ai-prod-monthly", "finops@example.com")).toBe("acme-ai-prod-monthly budget: finops@example.com");
    expect(naming.gcpEvidenceLogsKeyOutput("prod")).toBe("prod-logs-key");
    expect(naming.gcpEvidenceLogBucketOutput("prod")).toBe("prod-log-bucket");
  });

  test("sink destination, IAM member and project-by-number forms", () => {
    expect(naming.gcpStorageSinkDestination("acme-ai-prod-logs-acme-ai-prod")).toBe("storage.googleapis.com/acme-ai-prod-logs-acme-ai-prod");
    expect(naming.gcpServiceAccountMember("service-123@gs-project-accounts.iam.gserviceaccount.com")).toBe("serviceAccount:service-123@gs-project-accounts.iam.gserviceaccount.com");
    expect(naming.gcpProjectByNumber("123456789012")).toBe("projects/123456789012");
  });

  test("the longest log bucket name the configuration allows is 63 characters", () => {
    expect(naming.gcpLogBucketName("a".repeat(16), "e".repeat(10), `p${"0".repeat(29)}`)).toHaveLength(63);
  });
});

describe("model registry names", () => {
  test("AWS: bucket per registry and account, image repository, model package group, signing key alias", () => {
    expect(naming.awsRegistryBucketName("acme-ai", "prod", "fraud-scoring", "222222222222")).toBe("acme-ai-prod-models-fraud-scoring-222222222222");
    expect(naming.awsImageRepositoryName("acme-ai", "prod", "model-serving")).toBe("acme-ai-prod/model-serving");
    expect(naming.awsModelPackageGroupName("acme-ai", "prod", "fraud-scoring")).toBe("acme-ai-prod-fraud-scoring");
    expect(naming.awsSigningKeyAlias("acme-ai", "prod")).toBe("acme-ai-prod-signing");
  });

  test("a registry named logs does not take the log bucket's name", () => {
    expect(naming.awsRegistryBucketName("acme-ai", "prod", "logs", "222222222222")).not.toBe(naming.awsLogBucketName("acme-ai", "prod", "222222222222"));
  });

  test("GCP: bucket with a hash of the project, image repository", () => {
    // sha256("model-registry/acme-ai-prod") starts with b56e41.
    expect(naming.gcpRegistryBucketName("acme-ai", "prod", "fraud-scoring", "acme-ai-prod")).toBe("acme-ai-prod-models-fraud-scoring-b56e41");
    expect(naming.gcpRegistryBucketName("acme-ai", "prod", "fraud-scoring", "acme-ai-prod")).not.toBe(naming.gcpRegistryBucketName("acme-ai", "prod", "fraud-scoring", "acme-ai-dev"));
    expect(naming.gcpImageRepositoryName("acme-ai", "prod")).toBe("acme-ai-prod-images");
  });

  test("Azure: registry account and container registry names carry a hash of their inputs", () => {
    // sha256("model-registry/acme-ai/prod/fraud-scoring/<sub>") starts with cbd52e34,
    // sha256("container-registry/acme-ai/prod/<sub>") with f68e09.
    expect(naming.azureRegistryAccountName("acme-ai", "prod", "fraud-scoring", SUB)).toBe("stacmeaifraudscbd52e34");
    expect(naming.azureContainerRegistryName("acme-ai", "prod", SUB)).toBe("cracmeaiprodf68e09");
  });

  test("Azure: registry account and container registry names fit their rules for the longest inputs", () => {
    const account = naming.azureRegistryAccountName("a-very-long-orgn", "staging123", "a-very-long-registry-nam", SUB);
    expect(account).toMatch(/^[a-z0-9]{3,24}$/);
    const registry = naming.azureContainerRegistryName("a-very-long-orgn", "staging123", SUB);
    expect(registry).toMatch(/^[a-zA-Z0-9]{5,50}$/);
  });
});

describe("pascalCase and awsServiceHost", () => {
  test("a name becomes a statement id fragment of letters and digits", () => {
    expect(pascalCase("fraud-scoring")).toBe("FraudScoring");
    expect(pascalCase("llm.v2_a")).toBe("LlmV2A");
    expect(pascalCase("acme-ai-prod-gate-x")).toBe("AcmeAiProdGateX");
  });

  test("the kms:ViaService host of a service, with the China partition's suffix", () => {
    expect(awsServiceHost("s3", "aws", "eu-west-1")).toBe("s3.eu-west-1.amazonaws.com");
    expect(awsServiceHost("sqs", "aws-cn", "cn-north-1")).toBe("sqs.cn-north-1.amazonaws.com.cn");
    expect(awsServiceHost("s3", "aws-us-gov", "us-gov-west-1")).toBe("s3.us-gov-west-1.amazonaws.com");
  });

  test("a function's execution role: its name plus -exec, hashed down to 64 characters", () => {
    expect(awsFunctionRoleName("acme-ai-prod-gate-fraud-scoring")).toBe("acme-ai-prod-gate-fraud-scoring-exec");
    const long = "a".repeat(64);
    const role = awsFunctionRoleName(long);
    expect(role.length).toBeLessThanOrEqual(64);
    expect(role).toMatch(/^a{50}-[0-9a-f]{8}-exec$/);
  });
});

describe("gcpFunctionAccountId", () => {
  test("names a function's accounts <prefix>-<role>, the ids the evidence project's gate grants look up", () => {
    expect(naming.gcpFunctionAccountId("gate-fraud-scoring-7db7", "run")).toBe("gate-fraud-scoring-7db7-run");
    expect(naming.gcpFunctionAccountId("gate-fraud-scoring-7db7", "bld")).toBe("gate-fraud-scoring-7db7-bld");
    expect(naming.gcpFunctionAccountId(naming.gcpGateAccountIdPrefix("acme-ai", "prod", "fraud-scoring"), "trg")).toBe("gate-fraud-scoring-7db7-trg");
  });
});
